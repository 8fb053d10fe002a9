"""Run the payment reminders on the demo data, as if the daily run had been on
every week for the last eight weeks. Run by tools/demo.sh through click-odoo
(which commits at the end), once, on a fresh demo database."""

from datetime import timedelta

from odoo import fields

env = globals()["env"]
company = env.ref("dunning_be.demo_company")
today = fields.Date.context_today(company)
if env["dunning.reminder"].search_count([("company_id", "=", company.id)]):
    print("demo: reminders were already run on this database")
else:
    # The demo delivers no e-mail: they wait in the outgoing queue, visible
    # in Settings > Technical > Emails, and the reminders show as sent.
    env.ref("mail.ir_cron_mail_scheduler_action").active = False
    run = env["dunning.run"].with_company(company)
    for weeks in range(8, -1, -1):
        on_date = today - timedelta(weeks=weeks)
        summary = run._run_company(company, on_date)
        # Sent on the day of that run, as the daily run would have.
        env["dunning.reminder"].search(
            [
                ("company_id", "=", company.id),
                ("date", "=", on_date),
                ("state", "=", "sent"),
            ]
        ).date_sent = on_date
        print(f"demo: run of {on_date}: {run._summary_text(company, summary, on_date)}")
    # The credit controller made three of the calls: one of each outcome.
    calls = env["dunning.call"].search(
        [("company_id", "=", company.id), ("state", "=", "open")], order="date, id"
    )
    if len(calls) >= 3:
        calls[0]._record_outcome(
            "promise",
            note="Pays by transfer next week.",
            promise_date=today + timedelta(days=5),
        )
        calls[1]._record_outcome(
            "dispute",
            note="Says the colours differ from the approved proof.",
            disputed=calls[1].move_ids[:1],
            reason="Colours not as on the approved proof",
        )
        calls[2]._record_outcome("no_answer", note="Voicemail.")
        print("demo: 3 calls made: a promise to pay, a dispute, no answer")
    # Kieffer, 120 days late after every reminder, is handed over to the
    # collection agency by hand, as an accountant does from the customer.
    kieffer = env.ref("dunning_be.demo_partner_kieffer")
    agency = env.ref("dunning_be.demo_partner_incasso")
    moves = env["account.move"].search(
        [
            ("company_id", "=", company.id),
            ("commercial_partner_id", "=", kieffer.id),
            ("move_type", "=", "out_invoice"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ]
    )
    handover = (
        env["dunning.handover"].with_company(company)._prepare(kieffer, moves, agency)
    )
    if handover.draft_reason:
        print(f"demo: no hand-over: {handover.draft_reason}")
    else:
        handover.action_send()
        print(
            f"demo: {kieffer.name} handed over to {agency.name} ({handover.name}, "
            f"{handover.currency_id.format(handover.amount_total)})"
        )
