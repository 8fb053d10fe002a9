from . import dunning_receivable
