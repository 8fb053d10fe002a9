from . import test_install
from . import test_demo_data
from . import test_translations
