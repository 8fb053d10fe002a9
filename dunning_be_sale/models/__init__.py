from . import sale_order
from . import res_partner
from . import dunning_policy
from . import dunning_demo
