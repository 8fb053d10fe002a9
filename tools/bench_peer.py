"""The peer's side of the benchmark: OCA account_credit_control on the same
customers and invoices (see tools/bench.sh --peer).

Runs in a copy of the bench database where account_credit_control is
installed (tools/oca.sh). Gives the bench company a credit control policy like
dunning_be's standard one (levels after 7, 21 and 35 days, by e-mail, with the
invoices' details in the e-mail; the template's PDF report taken off, as
dunning_be attaches the invoices' stored PDFs and renders none), then times
its path for the company's customers, committed, as the module's run form
does it: generate the lines, mark them to be sent, e-mail them. By default
the e-mails are queued, as dunning_be's run queues its e-mails (like for
like); with ``--send-at-once`` they are sent as the run form sends them when
nothing is changed (Odoo's ``force_send``: once the step commits, each e-mail
is sent on a cursor of its own), to a mail server that refuses the
connection ("SMTP off", as issue 26 measured the peer). Prints the line
``PEER seconds queries lines communications mails``.
Run through click-odoo, like tools/bench_run.py.
"""

import argparse
import sys
import time
from unittest.mock import patch

from odoo import Command, fields, sql_db

COMPANY_NAME = "Bench Drukkerij BV"  # as tools/bench_run.py makes it

parser = argparse.ArgumentParser(prog="bench_peer.py")
parser.add_argument("--customers", type=int, default=2000)
parser.add_argument(
    "--send-at-once",
    action="store_true",
    help="send the e-mails once the e-mail step commits, as the run form does "
    "(SMTP off)",
)
args = parser.parse_args()

env = globals()["env"]
today = fields.Date.today()
company = env["res.company"].search([("name", "=", COMPANY_NAME)], limit=1)
if not company:
    sys.exit("bench_peer: no bench company: run tools/bench.sh --peer")
env = env(context=dict(env.context, allowed_company_ids=company.ids))
receivable = env["account.account"].search(
    [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)],
    limit=1,
)

# 1. The policy (not measured).
template = env.ref("account_credit_control.email_template_credit_control_base")
template.report_template_ids = [Command.clear()]
text = "Our invoices below are overdue: please pay them."
policy = env["credit.control.policy"].create(
    {
        "name": "Bench policy",
        "company_id": company.id,
        "account_ids": [Command.set(receivable.ids)],
        "level_ids": [
            Command.create(
                {
                    "name": name,
                    "level": level,
                    "computation_mode": "net_days" if level == 1 else "previous_date",
                    "delay_days": delay,
                    "channel": "email",
                    "email_template_id": template.id,
                    "custom_text": text,
                    "custom_mail_text": f"<p>{text}</p>",
                    "mail_show_invoice_detail": True,
                }
            )
            for name, level, delay in (
                ("First reminder", 1, 7),
                ("Second reminder", 2, 14),
                ("Formal notice", 3, 14),
            )
        ],
    }
)
company.credit_policy_id = policy
env.cr.commit()


# 2. The measure: its three steps, from a cold cache, committed. Queued, a
# connection to a mail server would be a fault of the bench; sent at once, the
# mail server refuses it, as a closed SMTP port does.
def no_smtp(*_args, **_kwargs):
    if args.send_at_once:
        raise ConnectionRefusedError(111, "Connection refused (bench: SMTP off)")
    raise RuntimeError("bench_peer: the peer tried to connect to a mail server")


steps = {}
env.invalidate_all()
run_env = (
    env
    if args.send_at_once
    else env(context=dict(env.context, mail_notify_force_send=False))
)
with patch.object(type(env["ir.mail_server"]), "_connect__", no_smtp):
    queries, start = sql_db.sql_counter, time.perf_counter()
    run = run_env["credit.control.run"].create(
        {"date": today, "policy_ids": [Command.set(policy.ids)]}
    )
    for label, method in (
        ("lines", run.generate_credit_lines),
        ("mark", run.set_to_ready_lines),
        ("e-mail", run.run_channel_action),
    ):
        step_start = time.perf_counter()
        method()
        run_env.cr.commit()
        steps[label] = time.perf_counter() - step_start
    seconds = time.perf_counter() - start
    queries = sql_db.sql_counter - queries

lines = env["credit.control.line"].search_count([("run_id", "=", run.id)])
communications = env["credit.control.communication"].search_count([])
mail_states = dict(
    env["mail.mail"]._read_group(
        [("model", "=", "credit.control.communication")], ["state"], ["__count"]
    )
)
mails = sum(mail_states.values())
print()
for label, value in {
    "peer run": f"{seconds:.2f} s ("
    + " + ".join(f"{label} {s:.1f}" for label, s in steps.items())
    + ")",
    "credit control lines": lines,
    "communications": communications,
    "mail.mail": f"{mails} ("
    + ", ".join(f"{state} {count}" for state, count in sorted(mail_states.items()))
    + ")",
    "SQL queries": queries,
    "queries per customer": f"{queries / args.customers:.2f}",
}.items():
    print(f"  {label:<24}{value}")
print(f"PEER {seconds:.2f} {queries} {lines} {communications} {mails}")
if args.send_at_once and mail_states.get("exception", 0) != mails:
    # Queued or sent somewhere: not the path this row stands for.
    print(f"bench_peer: FAILED: not every e-mail was tried at once: {mail_states}")
    sys.exit(1)
if communications < args.customers:
    print(f"bench_peer: FAILED: {communications} communications")
    sys.exit(1)
