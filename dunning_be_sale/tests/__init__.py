from . import test_sale_warning
from . import test_translations
from . import test_roles_sale
from . import test_payment_terms_sale
