#!/usr/bin/env bash
# Odoo's own test runner and pytest-odoo run the same tests of dunning_be.
# Runs `odoo -u dunning_be --test-enable --stop-after-init` (the usual Odoo
# way, as OCA's CI, runboat and Odoo.sh run an addon's tests) on a scratch copy
# of the cached test database without demo data, counts the tests it ran, and
# compares them with those pytest-odoo ran on the test database in the last
# `make test` (.odoo/junit-odoo.xml). Fails when the two differ, or when
# Odoo's runner reports a failure or an error. The scratch database is dropped.
# Usage: tools/odoo_runner.sh (after make test; about as long as its Odoo part)
# ODOO_RUNNER_HTTP_PORT picks the HTTP port of the tours (default: a free one).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tools/env.sh
junit=.odoo/junit-odoo.xml
db=${TEST_DB}_odoo_runner
log=.odoo/odoo-runner.log

if [ ! -s "$junit" ]; then
    echo "odoo-runner: $junit is missing: run 'make test' first, it records the tests pytest-odoo ran" >&2
    exit 1
fi
port=${ODOO_RUNNER_HTTP_PORT:-$("$PYTHON" -c '
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])')}

# The database and its filestore (the tours' asset bundles) go at the end.
trap 'dropdb --if-exists "$db"; rm -rf "${ODOO_DATA_DIR:?}/filestore/${db:?}"' EXIT
# A fresh copy of the cached template, as $TEST_DB was before pytest-odoo ran
# in it: some tests commit, so $TEST_DB itself is no longer as installed.
bash tools/initdb.sh "$db" no-demo || exit 1

echo "== odoo -u dunning_be --test-enable on $db (HTTP port $port; log: $log)"
start=$(date +%s)
# -u (not -i: dunning_be is installed already) runs the module's at_install
# tests after its upgrade, then the post_install tests of the updated modules.
"$PYTHON" -m odoo -c "$ODOO_CONF" -d "$db" -u dunning_be --test-enable --stop-after-init \
    --http-port "$port" --log-level info >"$log" 2>&1
rc=$?
echo "odoo-runner: Odoo's runner took $(($(date +%s) - start)) s (exit code $rc)"

"$PYTHON" tools/odoo_runner_compare.py "$log" "$junit" "$db" "$rc"
