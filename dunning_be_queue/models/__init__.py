# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import dunning_run
from . import res_config_settings
