from . import test_sale_warning
from . import test_translations
