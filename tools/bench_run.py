"""Benchmark of the reminder run, on a scratch database (see tools/bench.sh).

Creates a Belgian company with N customers and K overdue invoices each, commits,
then times one run of ``dunning.run._run_company`` and counts its SQL queries.
``--phase data`` only makes the data, ``--phase run`` only times the run (in a
fresh process, as the cron's worker runs it: tools/bench.sh does both).
Run through click-odoo:
    click-odoo -c .odoo/odoo.conf -d dunning_bench tools/bench_run.py -- \
        --customers 2000 --invoices 5 [--profile]
The line ``BENCH ...`` is what tools/bench.sh tabulates.
Exits 1 when the run made fewer reminders than there are customers.
"""

import argparse
import cProfile
import dataclasses
import os
import pstats
import sys
import time
from pathlib import Path
from unittest.mock import patch

from odoo import fields, sql_db

from odoo.addons.dunning_be.models.dunning_run import BATCH_SIZE

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_data  # tools/bench_data.py, next to this script

COMPANY_NAME = "Bench Drukkerij BV"

parser = argparse.ArgumentParser(prog="bench_run.py")
parser.add_argument("--customers", type=int, default=2000)
parser.add_argument("--invoices", type=int, default=5, help="per customer")
parser.add_argument("--profile", action="store_true", help="cProfile the run")
parser.add_argument(
    "--phase",
    choices=("all", "data", "run"),
    default="all",
    help="make the data, time the run, or both in this process",
)
parser.add_argument(
    "--orm",
    action="store_true",
    help="make every invoice through the ORM (slow), none copied in SQL",
)
parser.add_argument(
    "--letters", type=int, default=100, help="letters printed as one PDF"
)
args = parser.parse_args()

env = globals()["env"]
today = fields.Date.today()
be = env.ref("base.be")
address = {"street": "Veldstraat 1", "zip": "9000", "city": "Gent"}


def step(label, start):
    print(f"bench: {label} in {time.perf_counter() - start:.1f} s", flush=True)


def make_data(env):
    """1-2: the company, its customers and their posted invoices, committed."""
    # 1. A fresh company with the Belgian chart; it gets the standard policy
    # (7, 21, 35 days) on creation. Nothing here is measured. chart_template_load
    # keeps Odoo from installing the Belgian modules it would suggest (Peppol...).
    start = time.perf_counter()
    company = (
        env["res.company"]
        .with_context(chart_template_load=True)
        .create(
            {
                "name": COMPANY_NAME,
                "country_id": be.id,
                "currency_id": env.ref("base.EUR").id,
                "email": "boekhouding@bench-drukkerij.example.be",
                # No call to the partner autocomplete service.
                "iap_enrich_auto_done": True,
                **address,
            }
        )
    )
    env.user.company_ids |= company
    env["account.chart.template"]._load("be_comp", company, False)
    # Data is made without chatter tracking; the run goes as the cron's, with it.
    run_env = env(context=dict(env.context, allowed_company_ids=company.ids))
    env = run_env(context=dict(run_env.context, tracking_disable=True))
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    env.cr.commit()
    step("company with the Belgian chart (be_comp)", start)

    # 2. N reachable customers in one create, K posted overdue invoices each
    # (due 10 to 60 days ago: past the first level's 7 days), in batches.
    start = time.perf_counter()
    partners = env["res.partner"].create(
        [
            {
                "name": f"Klant {n:05d} BV",
                "is_company": True,
                "email": f"boekhouding@klant{n:05d}.example.be",
                "country_id": be.id,
                **address,
            }
            for n in range(args.customers)
        ]
    )
    step(f"{args.customers} customers", start)
    inputs = bench_data.invoice_inputs(partners, args.invoices, today)
    copied = bench_data.make_invoices(
        env,
        journal,
        inputs,
        orm_only=args.orm,
        report=lambda label, _s: step(label, start),
    )
    # No mail is ever delivered here: the mail queue's cron is switched off.
    env.ref("mail.ir_cron_mail_scheduler_action").active = False
    env.cr.commit()
    step(f"{args.customers} customers and {len(inputs)} posted invoices", start)
    print("bench: invoices carry a stored PDF, as invoices sent from Odoo do")
    if copied:
        # The proof that the copies are what the ORM makes (rolled back).
        start = time.perf_counter()
        check = bench_data.check_clones(env, journal, inputs, copied)
        twins = check.compared.pop("invoices made again")
        columns = ", ".join(f"{table} {n}" for table, n in check.compared.items())
        step(
            f"{copied} invoices copied in SQL from the ORM's ones; checked: "
            f"{twins} made again by the ORM with the same inputs, every column "
            f"equal ({columns}); each stored computed field of {check.recomputed} "
            "recomputed by the ORM, equal (but for those it recomputes otherwise "
            f"on its own invoices too: {', '.join(check.inherent) or 'none'})",
            start,
        )


@dataclasses.dataclass
class RunFigures:
    """What one timed run gives the report."""

    seconds: float
    queries: int
    summary: object  # what dunning.run._run_company returns
    behaviour_seconds: float  # the payment behaviour pass, part of the run
    profiler: cProfile.Profile | None = None


def time_run(env, company, profile=False):
    """One run of the company's reminders, in this process, from a cold cache,
    committed, timed and its queries counted. Connecting to a mail server would
    raise: the run only queues its e-mails. (Another way to run it, on job
    workers say, gives the same figures.)"""

    def no_smtp(*_args, **_kwargs):
        raise RuntimeError("bench: the run tried to connect to a mail server")

    env.invalidate_all()
    profiler = cProfile.Profile() if profile else None
    # The payment behaviour pass, part of the run, is timed on its own too.
    behaviour_model = type(env["dunning.partner.behaviour"])
    real_refresh = behaviour_model._refresh
    behaviour_seconds = []

    def timed_refresh(model, *refresh_args, **refresh_kwargs):
        start = time.perf_counter()
        result = real_refresh(model, *refresh_args, **refresh_kwargs)
        behaviour_seconds.append(time.perf_counter() - start)
        return result

    with (
        patch.object(type(env["ir.mail_server"]), "_connect__", no_smtp),
        patch.object(behaviour_model, "_refresh", timed_refresh),
    ):
        queries, start = sql_db.sql_counter, time.perf_counter()
        if profiler:
            profiler.enable()
        summary = env["dunning.run"]._run_company(company, today)
        env.cr.commit()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
        queries = sql_db.sql_counter - queries
    return RunFigures(seconds, queries, summary, sum(behaviour_seconds), profiler)


def measure(env):
    """3-5: one run, timed in a process of its own as the cron's worker is,
    then the letters, then the report."""
    company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
    run_env = env(context=dict(env.context, allowed_company_ids=company.ids))
    env = run_env
    invoice_count = env["account.move"].search_count(
        [("company_id", "=", company.id), ("move_type", "=", "out_invoice")]
    )

    # 3. The measure: one run, in this process.
    figures = time_run(run_env, company, profile=args.profile)
    seconds, queries, summary = figures.seconds, figures.queries, figures.summary
    behaviour = figures.behaviour_seconds

    # 4. The letters: the print queue prints LETTERS reminders' letters as one
    # PDF, as the accountant's one click does, styled (tools/bench_letters.py).
    letters = env["dunning.reminder"].search(
        [("company_id", "=", company.id), ("state", "=", "sent")],
        order="partner_id, id",
        limit=args.letters,
    )
    letter_figures = measure_letters(env, letters)

    # 5. The report.
    states = dict(
        env["dunning.reminder"]._read_group(
            [("company_id", "=", company.id)], ["state"], ["__count"]
        )
    )
    reminders = sum(states.values())
    mails = dict(
        env["mail.mail"]._read_group(
            [("model", "=", "dunning.reminder")], ["state"], ["__count"]
        )
    )
    batches = -(-args.customers // BATCH_SIZE)
    sent, draft = states.get("sent", 0), states.get("draft", 0)
    other = {state: n for state, n in mails.items() if state != "outgoing"} or "none"
    per_customer, per_batch = queries / args.customers, queries / batches
    report = {
        "customers": args.customers,
        "invoices": f"{invoice_count} ({args.invoices} per customer)",
        "run": f"{seconds:.2f} s",
        "reminders (summary)": f"{summary.sent} sent, {summary.draft} to review",
        "reminders (records)": f"{sent} sent, {draft} to review",
        "mail.mail queued": f"{mails.get('outgoing', 0)} (other states: {other})",
        "SQL queries": queries,
        "queries per customer": f"{per_customer:.2f}",
        "queries per batch": f"{per_batch:.1f} ({batches} of {BATCH_SIZE} customers)",
        "invoices per second": f"{invoice_count / seconds:.0f}",
        "behaviour pass": (
            f"{behaviour:.2f} s, {100 * behaviour / seconds:.1f} % of the run"
        ),
        "letters printed": str(letter_figures),
        "letter PDFs per second": f"{letter_figures.per_second:.1f}",
    }
    print()
    for label, value in report.items():
        print(f"  {label:<24}{value}")
    if figures.profiler:
        pstats.Stats(figures.profiler).sort_stats("cumulative").print_stats(40)
    # customers, invoices, seconds, queries, queries/customer, queries/batch,
    # letters per second, behaviour pass seconds and % of the run
    print(
        f"BENCH {args.customers} {invoice_count} {seconds:.2f} {queries} "
        f"{per_customer:.2f} {per_batch:.1f} {letter_figures.per_second:.1f} "
        f"{behaviour:.2f} {100 * behaviour / seconds:.1f}"
    )
    made = summary.sent + summary.draft
    if reminders < args.customers or made < args.customers:
        print(f"bench: FAILED: {reminders} reminders for {args.customers} customers")
        sys.exit(1)


def measure_letters(env, letters):
    """The letters printed styled, while an Odoo server serves their CSS."""
    # Next to this script, which click-odoo runs from its path.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_letters

    with bench_letters.serve(env):
        return bench_letters.print_letters(env, letters)


if args.phase in ("all", "data"):
    make_data(env)
if args.phase in ("all", "run"):
    measure(env)
