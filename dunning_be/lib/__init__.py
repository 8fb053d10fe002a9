"""Pure-Python core of dunning_be.

Nothing in this package imports ``odoo``: the rules on dates and amounts can
be read and tested on their own (``pytest dunning_be/lib/tests``), and the
models call them.
"""
