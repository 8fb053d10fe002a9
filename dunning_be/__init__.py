from . import models
from . import report
from . import controllers
from . import wizard
