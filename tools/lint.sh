#!/usr/bin/env bash
# ruff, ruff format --check and pylint-odoo's mandatory checks, as in pre-commit.
set -uo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
status=0
echo "== ruff check"; ruff check . || status=1
echo "== ruff format --check"; ruff format --check . || status=1
echo "== pylint-odoo (mandatory checks)"
"$PYTHON" -m pylint --rcfile=.pylintrc-mandatory --score=n dunning_be dunning_be_sale dunning_be_queue || status=1
[ $status -eq 0 ] && echo "lint: clean"
exit $status
