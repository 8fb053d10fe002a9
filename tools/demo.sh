#!/usr/bin/env bash
# Create the demo database (or reuse it), print what is in it, and serve Odoo.
# Usage: tools/demo.sh [--no-serve]
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
log=.odoo/demo-install.log

state=$(psql -d "$DEMO_DB" -tAc "SELECT state FROM ir_module_module WHERE name = 'dunning_be'" 2>/dev/null || true)
if [ "$state" = "installed" ]; then
    echo "demo: reusing the database $DEMO_DB"
elif [ -n "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DEMO_DB'")" ]; then
    echo "demo: installing dunning_be in the existing database $DEMO_DB (log: $log)"
    "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DEMO_DB" -i dunning_be --with-demo \
        --stop-after-init --no-http >"$log" 2>&1 || { tail -n 30 "$log"; exit 1; }
else
    # No template cache: the demo's dates are relative to the day it is made.
    echo "demo: creating the database $DEMO_DB with l10n_be, dunning_be and demo data (about 1 to 2 minutes; log: $log)"
    click-odoo-initdb -c "$ODOO_CONF" -n "$DEMO_DB" -m l10n_be,dunning_be --demo --no-cache \
        >"$log" 2>&1 || { tail -n 30 "$log"; exit 1; }
fi

# The reminders attach the invoices' PDFs; wkhtmltopdf loads their style sheets
# from the Odoo server, so one runs in the background while they are made.
if [ "$(psql -d "$DEMO_DB" -tAc "SELECT count(*) FROM dunning_reminder")" = "0" ]; then
    "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" \
        --log-level=warn >>"$log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null' EXIT
    for _ in $(seq 60); do
        curl -sf -o /dev/null "http://localhost:$ODOO_PORT/web/login" && break
        sleep 1
    done
    click-odoo -c "$ODOO_CONF" -d "$DEMO_DB" --log-level=error tools/demo_run.py
    kill $server
    wait $server 2>/dev/null || true
    trap - EXIT
fi
click-odoo -c "$ODOO_CONF" -d "$DEMO_DB" --log-level=warn tools/demo_summary.py

if [ "${1:-}" = "--no-serve" ]; then
    exit 0
fi
echo "demo: serving $DEMO_DB on http://localhost:$ODOO_PORT (login: admin, password: admin); Ctrl-C stops it"
exec "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" --log-level=warn
