"""The core must not import Odoo: it is read and tested on its own."""

import ast
import subprocess
import sys
from pathlib import Path

LIB_DIR = Path(__file__).resolve().parent.parent


def test_no_module_of_lib_imports_odoo():
    offenders = []
    for path in sorted(LIB_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] == "odoo"
            ]
    assert offenders == []


def test_lib_loads_in_a_python_without_odoo():
    # A fresh interpreter that blocks 'odoo' imports the whole core.
    code = (
        "import sys, importlib.util, pkgutil\n"
        "sys.modules['odoo'] = None\n"
        f"lib = {str(LIB_DIR)!r}\n"
        "spec = importlib.util.spec_from_file_location("
        "'lib_alone', lib + '/__init__.py', submodule_search_locations=[lib])\n"
        "m = importlib.util.module_from_spec(spec); sys.modules['lib_alone'] = m\n"
        "spec.loader.exec_module(m)\n"
        "names = [i.name for i in pkgutil.iter_modules([lib]) if i.name != 'tests']\n"
        "for n in names: importlib.import_module('lib_alone.' + n)\n"
        "print(len(names))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 1
