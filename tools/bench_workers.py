"""The reminder run on OCA's job queue: plan, then wait for the job workers.

Run by tools/bench.sh --workers, through click-odoo, on a copy of the bench
data where queue_job and dunning_be_queue are installed and an Odoo server with
job workers serves the database (its job runner starts the jobs):
    click-odoo -c .odoo/odoo-bench-queue.conf -d DB tools/bench_workers.py -- \
        --customers 20000 --workers 2
The clock runs from the planning (the scheduled run's path: it queues one job
per batch and commits) until the last job of the channel root.dunning is done.
The line ``WORKERS ...`` is what tools/bench.sh tabulates. Exits 1 when a job
failed or fewer reminders were made than there are customers.
"""

import argparse
import sys
import time

from odoo import fields, sql_db

COMPANY_NAME = "Bench Drukkerij BV"
OPEN = ("wait_dependencies", "pending", "enqueued", "started")

parser = argparse.ArgumentParser(prog="bench_workers.py")
parser.add_argument("--customers", type=int, default=2000)
parser.add_argument("--workers", type=int, default=2, help="for the report only")
parser.add_argument(
    "--timeout", type=int, default=1800, help="seconds to wait for the jobs"
)
args = parser.parse_args()

env = globals()["env"]
company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
env = env(context=dict(env.context, allowed_company_ids=company.ids))
today = fields.Date.today()


def job_states(cr):
    cr.execute(
        "SELECT state, count(*) FROM queue_job WHERE channel = 'root.dunning'"
        " GROUP BY state"
    )
    return dict(cr.fetchall())


# The setting that sends the scheduled run's batches to the job queue.
env["ir.config_parameter"].sudo().set_param("dunning_be_queue.enabled", "True")
env.cr.commit()
# The scheduled run's path (commit): the planner queues the batches' jobs and
# commits, so the job runner sees them at once.
start = time.perf_counter()
planned = env["dunning.run"]._run_company(company, today, commit=True)
plan_seconds = time.perf_counter() - start
db = sql_db.db_connect(env.cr.dbname)
states = {}
while time.perf_counter() - start < args.timeout:
    with db.cursor() as cr:
        states = job_states(cr)
    if states and not any(states.get(state) for state in OPEN):
        break
    time.sleep(0.2)
seconds = time.perf_counter() - start

env.invalidate_all()
env.cr.rollback()  # a fresh snapshot: what the jobs committed
reminders = dict(
    env["dunning.reminder"]._read_group(
        [("company_id", "=", company.id), ("date", "=", today)], ["state"], ["__count"]
    )
)
made = sum(reminders.values())
failed = states.get("failed", 0)
unfinished = sum(states.get(state, 0) for state in OPEN)
print()
print(f"  job workers             {args.workers}")
batches = getattr(planned, "batches", 0)
print(f"  planning                {plan_seconds:.2f} s ({batches} batch jobs)")
print(f"  run (planning to done)  {seconds:.2f} s")
print(f"  jobs                    {states}")
print(f"  reminders               {reminders}")
print(f"WORKERS {args.workers} {args.customers} {seconds:.2f} {made} {failed}")
if failed or unfinished or made < args.customers:
    print(
        f"bench: FAILED: {failed} job(s) failed, {unfinished} unfinished, "
        f"{made} reminders for {args.customers} customers"
    )
    sys.exit(1)
