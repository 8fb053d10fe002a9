from . import dunning_run_wizard
from . import dunning_call_outcome
from . import dunning_handover_wizard
