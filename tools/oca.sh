#!/usr/bin/env bash
# The OCA addons the benchmark compares with or builds on, from the package
# registry, installed into .odoo/oca only (never into the python3 that runs
# dunning_be): their wheels put them under .odoo/oca/odoo/addons. The Python
# packages their manifests need (external_dependencies) and this python3 lacks
# go to .odoo/oca-lib, which tools/env.sh puts on PYTHONPATH (e.g. queue_job's
# openupgradelib). Prints the addons path to add.
# Usage: tools/oca.sh ADDON... (e.g. account-credit-control queue-job)
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
. tools/env.sh
target=$REPO_DIR/.odoo/oca
mkdir -p "$target" "$OCA_LIB_DIR"
for addon in "$@"; do
    if [ ! -d "$target/odoo/addons/${addon//-/_}" ]; then
        # --no-deps: the wheels require the odoo package, which is not on the
        # registry; Odoo 19 is already there (README.md, Prerequisites).
        # Each wheel into a folder of its own, then its addon next to the
        # others: pip --target refuses an existing odoo/ folder.
        tmp=$(mktemp -d)
        "$PYTHON" -m pip install --quiet --no-deps --target "$tmp" \
            "odoo-addon-$addon==19.0.*" >&2
        mkdir -p "$target/odoo/addons"
        cp -r "$tmp/odoo/addons/." "$target/odoo/addons/"
        rm -rf "$tmp"
    fi
    # The external Python packages its manifest names, as Odoo checks them
    # (by their distribution), when this python3 does not have them.
    missing=$("$PYTHON" - "$target/odoo/addons/${addon//-/_}/__manifest__.py" <<'PY'
import ast
import importlib.metadata
import sys

manifest = ast.literal_eval(open(sys.argv[1]).read())
for name in manifest.get("external_dependencies", {}).get("python", []):
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        print(name)
PY
)
    for package in $missing; do
        # --no-deps: what they import beyond the standard library is there,
        # or only needed by migration scripts of older versions.
        "$PYTHON" -m pip install --quiet --no-deps --target "$OCA_LIB_DIR" "$package" >&2
    done
done
echo "$target/odoo/addons"
