# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_queue
from . import test_queue_workers
from . import test_translations
