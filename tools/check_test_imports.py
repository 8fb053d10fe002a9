"""Every test_*.py of an addon's tests/ is imported by its tests/__init__.py.

Odoo's own test runner (``odoo -i/-u ADDON --test-enable``, as OCA's CI,
runboat and Odoo.sh run it) only runs the test modules that the addon's
``tests`` package imports; pytest-odoo finds the files by their name. A test
file that ``tests/__init__.py`` forgets runs under ``make test`` and never
under Odoo. This check fails, naming the file and the line to add.

The addons are the folders of the repository with a ``__manifest__.py``; the
pure core's tests (``dunning_be/lib/tests``) are plain pytest and not checked.
Usage: python3 tools/check_test_imports.py [REPO_DIR]
"""

import ast
import sys
from pathlib import Path


def imported_modules(init: Path) -> set[str]:
    """The submodules that ``init`` imports relatively (``from . import x``
    or ``from .x import y``): either way the package holds ``x``."""
    names = set()
    for node in ast.walk(ast.parse(init.read_text(), str(init))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


def problems(repo: Path) -> list[str]:
    found = []
    for manifest in sorted(repo.glob("*/__manifest__.py")):
        tests = manifest.parent / "tests"
        files = sorted(tests.glob("test_*.py"))
        if not files:
            continue
        init = tests / "__init__.py"
        if not init.is_file():
            found.append(
                f"{init.relative_to(repo)} is missing: Odoo runs none of the tests "
                f"in {tests.relative_to(repo)}/; create it with one "
                f"'from . import test_x' line per test file"
            )
            continue
        imported = imported_modules(init)
        for path in files:
            if path.stem not in imported:
                found.append(
                    f"{path.relative_to(repo)} is not imported by "
                    f"{init.relative_to(repo)}, so Odoo's test runner never runs "
                    f"it: add the line 'from . import {path.stem}' to "
                    f"{init.relative_to(repo)}"
                )
    return found


def main() -> int:
    repo = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent)
    found = problems(repo.resolve())
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
