from . import portal
from . import portal_handover
