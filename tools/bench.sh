#!/usr/bin/env bash
# Benchmark the reminder run: a scratch database without demo data (from the
# cached template of tools/initdb.sh), N customers with K overdue invoices each
# (tools/bench_run.py), one timed run with its SQL queries counted.
# Usage: tools/bench.sh [--customers N] [--invoices K] [--sizes N1,N2,...]
#                       [--profile] [--keep]
# --sizes runs it for each customer count, on a fresh database each, and ends
# with a table. The database is dropped at the end unless --keep.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
db=${BENCH_DB:-dunning_bench}
customers=2000 invoices=5 sizes="" keep=0 profile=()
usage="usage: tools/bench.sh [--customers N] [--invoices K] [--sizes N1,N2,...] [--profile] [--keep]"
while [ $# -gt 0 ]; do
    case $1 in
        --customers) customers=$2; shift 2 ;;
        --invoices) invoices=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --profile) profile=(--profile); shift ;;
        --keep) keep=1; shift ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
[ "$keep" = 1 ] || trap 'dropdb --if-exists "$db"' EXIT
mkdir -p .odoo
rows=() status=0
sizes=${sizes:-$customers}
for n in ${sizes//,/ }; do
    echo "== bench: $n customers, $invoices invoices each, in $db"
    bash tools/initdb.sh "$db" no-demo
    out=.odoo/bench-$db-$n.out
    # Odoo's log (warnings and up) goes to stderr; the report to stdout and $out.
    # The data, then the run in a process of its own, as the cron's worker:
    # the objects that made the data don't weigh on the run.
    click-odoo -c "$ODOO_CONF" -d "$db" --log-level=warn tools/bench_run.py -- \
        --customers "$n" --invoices "$invoices" --phase data || status=1
    # What autovacuum does to a database in use, given time: vacuum and
    # analyse the tables that changed enough (its default thresholds). A table
    # the data left empty keeps no statistics, as on a fresh installation.
    psql -q -d "$db" -f tools/autovacuum.sql || status=1
    click-odoo -c "$ODOO_CONF" -d "$db" --log-level=warn tools/bench_run.py -- \
        --customers "$n" --invoices "$invoices" --phase run "${profile[@]}" \
        | tee "$out" || status=1
    rows+=("$(sed -n 's/^BENCH //p' "$out")")
done
# The table, one row per customer count (the BENCH line of bench_run.py).
format='%10s %9s %9s %9s %13s %13s %10s %12s %12s\n'
# shellcheck disable=SC2059
printf "\n$format" customers invoices seconds queries queries/cust queries/batch letters/s \
    behaviour_s behaviour_%
for row in "${rows[@]}"; do
    # shellcheck disable=SC2059,SC2086 # the row is nine words
    [ -n "$row" ] && printf "$format" $row
done
exit $status
