"""Load ``dunning_be/lib`` as the package ``dunning_be_lib``, without Odoo.

Importing it as ``odoo.addons.dunning_be.lib`` would import the addon's
models, hence Odoo; these tests prove the core stands on its own.
"""

import importlib.util
import sys
from pathlib import Path

LIB_DIR = Path(__file__).resolve().parent.parent

if "dunning_be_lib" not in sys.modules:
    spec = importlib.util.spec_from_file_location(
        "dunning_be_lib",
        LIB_DIR / "__init__.py",
        submodule_search_locations=[str(LIB_DIR)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["dunning_be_lib"] = module
    spec.loader.exec_module(module)
