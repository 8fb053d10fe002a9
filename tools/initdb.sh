#!/usr/bin/env bash
# (Re)create database $1 with dunning_be installed, from a cached template when
# the addon did not change (click-odoo-initdb hashes the addons' files).
# Usage: tools/initdb.sh DBNAME demo|no-demo [MODULES]
# MODULES (comma-separated) defaults to dunning_be.
# A fresh install whose log has a WARNING or ERROR line about dunning_be fails,
# and its template is dropped so that the next run installs again.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
db=$1
demo=$2
modules=${3:-dunning_be}
log=.odoo/initdb-$db.log
prefix=$CACHE_PREFIX

dropdb --if-exists "$db"
start=$(date +%s)
if ! click-odoo-initdb -c "$ODOO_CONF" -n "$db" -m "$modules" \
    --cache-prefix "$prefix" --cache-max-age 30 --cache-max-size 4 --attachments-in-db "--$demo" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "error: installing dunning_be in $db failed; the whole log is in $log" >&2
    exit 1
fi
if grep -q "Found matching database template" "$log"; then
    echo "initdb: $db ($demo) from the cached template in $(( $(date +%s) - start )) s"
    exit 0
fi
echo "initdb: $db ($demo) installed afresh in $(( $(date +%s) - start )) s"
# Lines about dunning_be, at WARNING or above, fail a fresh install.
bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" | grep -i 'dunning' || true)
if [ -n "$bad" ]; then
    echo "$bad" >&2
    echo "error: installing dunning_be logged the warnings above (log: $log)" >&2
    psql -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}-%'" \
        | while read -r t; do dropdb --if-exists "$t"; done
    exit 1
fi
