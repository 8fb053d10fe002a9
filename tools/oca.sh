#!/usr/bin/env bash
# The OCA addons the benchmark compares with or builds on, from the package
# registry, installed into .odoo/oca only (never into the python3 that runs
# dunning_be): their wheels put them under .odoo/oca/odoo/addons. Prints the
# addons path to add. Usage: tools/oca.sh ADDON... (e.g. account-credit-control)
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
. tools/env.sh
target=$REPO_DIR/.odoo/oca
mkdir -p "$target"
for addon in "$@"; do
    if [ ! -d "$target/odoo/addons/${addon//-/_}" ]; then
        # --no-deps: the wheels require the odoo package, which is not on the
        # registry; Odoo 19 is already there (README.md, Prerequisites).
        "$PYTHON" -m pip install --quiet --no-deps --target "$target" \
            "odoo-addon-$addon==19.0.*" >&2
    fi
done
echo "$target/odoo/addons"
