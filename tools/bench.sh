#!/usr/bin/env bash
# Benchmark the reminder run: a scratch database without demo data (from the
# cached template of tools/initdb.sh), N customers with K overdue invoices each
# (tools/bench_run.py), one timed run with its SQL queries counted.
# Usage: tools/bench.sh [--customers N] [--invoices K] [--sizes N1,N2,...]
#                       [--profile] [--keep] [--peer] [--orm] [--workers W1,W2]
# --sizes runs it for each customer count, on a fresh database each, and ends
# with a table. The database is dropped at the end unless --keep.
# --peer also runs OCA's account_credit_control on the same data, in a copy of
# the database made before the run (tools/bench_peer.py), and prints both:
# the peer's e-mails queued, as ours (like for like), then, on another copy,
# sent as its run form sends them, after the step's commit, SMTP off (as
# issue 26 measured it).
# --workers runs the run again on OCA's job queue (dunning_be_queue), once per
# number of job workers, each on a copy of the data made before the run, with
# an Odoo server whose job runner starts the batches' jobs (tools/bench_workers.py).
# --orm makes every invoice through the ORM (slow: about 20 ms each) instead of
# copying most of them in SQL from the first batch (tools/bench_data.py).
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/env.sh
db=${BENCH_DB:-dunning_bench}
customers=2000 invoices=5 sizes="" keep=0 profile=() peer=0 orm=() workers=""
usage="usage: tools/bench.sh [--customers N] [--invoices K] [--sizes N1,N2,...] [--profile] [--keep] [--peer] [--orm] [--workers W1,W2]"
while [ $# -gt 0 ]; do
    case $1 in
        --customers) customers=$2; shift 2 ;;
        --invoices) invoices=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --profile) profile=(--profile); shift ;;
        --keep) keep=1; shift ;;
        --peer) peer=1; shift ;;
        --orm) orm=(--orm); shift ;;
        --workers) workers=$2; shift 2 ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
peer_db=${db}_peer
if [ "$peer" = 1 ]; then
    # The peer's addons path: ours, and OCA's addons installed for the bench only.
    oca=$(bash tools/oca.sh account-credit-control)
    peer_conf=.odoo/odoo-peer.conf
    sed "s|^addons_path *=.*|&,$oca|" "$ODOO_CONF" >"$peer_conf"
fi
queue_db=${db}_queue
queue_port=${BENCH_QUEUE_PORT:-8077}
server=""
if [ -n "$workers" ]; then
    # queue_job from the registry (tools/oca.sh; its Python package on
    # PYTHONPATH, tools/env.sh), on an addons path of its own.
    oca=$(bash tools/oca.sh queue-job)
    queue_conf=.odoo/odoo-bench-queue.conf
    sed "s|^addons_path *=.*|&,$oca|" "$ODOO_CONF" >"$queue_conf"
fi
stop_server() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=""
    fi
}
cleanup() {
    stop_server
    [ "$keep" = 1 ] || for name in "$db" "$peer_db" "${peer_db}_send" "$queue_db" "${queue_db}_data"; do dropdb --if-exists "$name"; done
}
trap cleanup EXIT
mkdir -p .odoo
rows=() peers=() queued=() status=0
sizes=${sizes:-$customers}
for n in ${sizes//,/ }; do
    echo "== bench: $n customers, $invoices invoices each, in $db"
    data_start=$SECONDS
    bash tools/initdb.sh "$db" no-demo
    out=.odoo/bench-$db-$n.out
    # Odoo's log (warnings and up) goes to stderr; the report to stdout and $out.
    # The data, then the run in a process of its own, as the cron's worker:
    # the objects that made the data don't weigh on the run.
    # Most invoices are copied in SQL from ones the ORM made, and checked
    # against invoices the ORM makes again (tools/bench_data.py): a copy
    # that differs fails the data step, and no run is timed on it.
    if ! click-odoo -c "$ODOO_CONF" -d "$db" --log-level=warn tools/bench_run.py -- \
        --customers "$n" --invoices "$invoices" --phase data "${orm[@]}"; then
        echo "bench: making the data failed: no run on $n customers" >&2
        status=1
        continue
    fi
    # What autovacuum does to a database in use, given time: vacuum and
    # analyse the tables that changed enough (its default thresholds). A table
    # the data left empty keeps no statistics, as on a fresh installation.
    psql -q -d "$db" -f tools/autovacuum.sql || status=1
    echo "bench: the data for $n customers made in $((SECONDS - data_start)) s" \
        "(database, customers, invoices, their check, autovacuum)"
    if [ "$peer" = 1 ]; then
        # The same data for the peer, before our run changes it.
        dropdb --if-exists "$peer_db"
        createdb -T "$db" "$peer_db"
        "$PYTHON" -m odoo -c "$peer_conf" -d "$peer_db" -i account_credit_control \
            --stop-after-init --log-level=warn || status=1
        dropdb --if-exists "${peer_db}_send"
        createdb -T "$peer_db" "${peer_db}_send"
    fi
    if [ -n "$workers" ]; then
        # The same data for the job workers, before our run changes it.
        dropdb --if-exists "${queue_db}_data"
        createdb -T "$db" "${queue_db}_data"
    fi
    click-odoo -c "$ODOO_CONF" -d "$db" --log-level=warn tools/bench_run.py -- \
        --customers "$n" --invoices "$invoices" --phase run "${profile[@]}" \
        | tee "$out" || status=1
    rows+=("$(sed -n 's/^BENCH //p' "$out")")
    if [ "$peer" = 1 ]; then
        echo "== the peer: OCA account_credit_control on the same $n customers, e-mails queued"
        peer_out=.odoo/bench-$peer_db-$n.out
        click-odoo -c "$peer_conf" -d "$peer_db" --log-level=warn tools/bench_peer.py -- \
            --customers "$n" | tee "$peer_out" || status=1
        # Five figures each; dashes when a run printed none.
        peer_row="$n $(sed -n 's/^PEER //p' "$peer_out" | grep . || echo - - - - -)"
        dropdb --if-exists "$peer_db"
        echo "== the peer again, e-mails sent at once as its run form does (SMTP off)"
        click-odoo -c "$peer_conf" -d "${peer_db}_send" --log-level=warn tools/bench_peer.py -- \
            --customers "$n" --send-at-once | tee "$peer_out.send" || status=1
        peers+=("$peer_row $(sed -n 's/^PEER //p' "$peer_out.send" | grep . || echo - - - - -)")
        dropdb --if-exists "${peer_db}_send"
    fi
    for w in ${workers//,/ }; do
        echo "== the run on the job queue: $n customers, $w job worker(s)"
        dropdb --if-exists "$queue_db"
        createdb -T "${queue_db}_data" "$queue_db"
        # queue_job, and with it dunning_be_queue (auto_install).
        "$PYTHON" -m odoo -c "$queue_conf" -d "$queue_db" -i queue_job \
            --stop-after-init --log-level=warn || status=1
        # W HTTP workers are W job workers; the job runner, in the main
        # process, hands them the jobs of root.dunning, W at a time. No cron:
        # the bench plans the run itself.
        ODOO_QUEUE_JOB_CHANNELS="root:$w,root.dunning:$w" "$PYTHON" -m odoo \
            -c "$queue_conf" -d "$queue_db" --db-filter "^$queue_db\$" \
            --load=base,web,queue_job --workers="$w" --max-cron-threads=0 \
            --http-port="$queue_port" --limit-time-real=3600 --limit-time-cpu=3600 \
            --log-level=warn >".odoo/bench-$queue_db-$n-$w.log" 2>&1 &
        server=$!
        for _ in $(seq 60); do
            curl -sf -o /dev/null "http://localhost:$queue_port/web/login" && break
            sleep 1
        done
        queue_out=.odoo/bench-$queue_db-$n-$w.out
        click-odoo -c "$queue_conf" -d "$queue_db" --log-level=warn tools/bench_workers.py -- \
            --customers "$n" --workers "$w" | tee "$queue_out" || status=1
        queued+=("$(sed -n 's/^WORKERS //p' "$queue_out")")
        stop_server
        dropdb --if-exists "$queue_db"
    done
    [ -z "$workers" ] || dropdb --if-exists "${queue_db}_data"
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
if [ -n "$workers" ]; then
    # The run in one process (above), then on the job queue, per job workers.
    printf "\n%10s %12s %10s %10s %8s\n" customers job_workers seconds reminders failed
    for row in "${rows[@]}"; do
        # shellcheck disable=SC2086 # the row is nine words
        set -- $row
        [ -n "$row" ] && printf "%10s %12s %10s %10s %8s\n" "$1" "none" "$3" "" ""
    done
    for row in "${queued[@]}"; do
        # shellcheck disable=SC2086 # the row is five words
        set -- $row
        [ -n "$row" ] && printf "%10s %12s %10s %10s %8s\n" "$2" "$1" "$3" "$4" "$5"
    done
fi
if [ "$peer" = 1 ]; then
    # Side by side: seconds and queries of each, and how many times faster.
    "$PYTHON" - "${rows[@]}" -- "${peers[@]}" <<'PY'
import sys

words = sys.argv[1:]
split = words.index("--")
ours = [row.split() for row in words[:split]]
peers = [row.split() for row in words[split + 1 :]]
# A peer row: customers, then (seconds queries lines communications mails)
# with its e-mails queued, then the same sent at once (when it ran).
print(f"\n{'':>10} {'dunning_be':>22} {'account_credit_control':>38} {'ratio':>14}")
print(f"{'customers':>10} {'seconds':>10} {'queries':>11} {'its e-mails':>14} "
      f"{'seconds':>10} {'queries':>13} {'time':>6} {'queries':>7}")
for row, peer in zip(ours, peers):
    seconds, queries = float(row[2]), int(row[3])
    for how, figures in (("queued", peer[1:6]), ("sent at once", peer[6:11])):
        if len(figures) < 2 or figures[0] == "-":
            print(f"{row[0]:>10} {seconds:>10.2f} {queries:>11} {how:>14} {'failed':>10}")
            continue
        peer_seconds, peer_queries = float(figures[0]), int(figures[1])
        print(f"{row[0]:>10} {seconds:>10.2f} {queries:>11} {how:>14} "
              f"{peer_seconds:>10.2f} {peer_queries:>13} "
              f"{peer_seconds / seconds:>6.1f} {peer_queries / queries:>7.1f}")
PY
fi
exit $status
