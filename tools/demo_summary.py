"""Print what the demo database holds. Run by tools/demo.sh through click-odoo,
which puts an Odoo ``env`` in this script's globals."""

from collections import Counter
from decimal import Decimal

from odoo import fields

from odoo.addons.dunning_be.lib.ageing import BUCKET_LABELS, ageing_summary

env = globals()["env"]
company = env.ref("dunning_be.demo_company")
moves = env["account.move"].search(
    [
        ("company_id", "=", company.id),
        ("state", "=", "posted"),
        ("move_type", "in", ("out_invoice", "out_refund")),
        ("dunning_claim_reminder_id", "=", False),  # not the debit notes
    ]
)
invoices = moves.filtered(lambda m: m.move_type == "out_invoice")
open_invoices = invoices.filtered(lambda m: m.amount_residual)
partners = moves.partner_id
today = fields.Date.context_today(company)
summary = ageing_summary(
    ((m.invoice_date_due, Decimal(str(m.amount_residual))) for m in open_invoices),
    today,
)

print(f"demo: company {company.name} ({company.vat}), {company.partner_id.lang}")
companies = partners.filtered("is_company")
abroad = partners.filtered(lambda p: p.country_id.code != "BE")
partial = open_invoices.filtered(lambda m: m.payment_state == "partial")
print(
    f"demo: {len(partners)} customers ({len(companies)} companies, "
    f"{len(partners - companies)} private persons, {len(abroad)} abroad)"
)
print(
    f"demo: {len(invoices)} posted invoices, {len(moves - invoices)} credit note(s), "
    f"{len(open_invoices)} open ({len(partial)} partly paid)"
)
for code, (count, total) in summary.items():
    noun = "invoice " if count == 1 else "invoices"
    print(f"demo:   {BUCKET_LABELS[code]:<24} {count:>3} {noun}  EUR {total:>10,.2f}")

reminders = env["dunning.reminder"].search([("company_id", "=", company.id)])
print(f"demo: {len(reminders)} payment reminders, per level:")
for level in company.dunning_policy_id._levels():
    of_level = reminders.filtered(lambda r, lvl=level: r.level_id == lvl)
    sent = of_level.filtered(lambda r: r.state == "sent")
    draft = of_level - sent
    print(
        f"demo:   {level.name:<16} ({level.delay:>2} days) {len(sent):>3} sent, "
        f"{len(draft):>2} to review, EUR {sum(of_level.mapped('amount_due')):>10,.2f}"
    )
for reminder in reminders.filtered(lambda r: r.state == "draft"):
    reason = (reminder.draft_reason or "").splitlines()[0]
    print(f"demo:   to review: {reminder.partner_id.name}: {reason}")
queue = reminders.filtered(lambda r: r.letter_state == "to_print")
outgoing = env["mail.mail"].search_count(
    [("model", "=", "dunning.reminder"), ("state", "=", "outgoing")]
)
print(
    f"demo: {len(queue)} letter(s) in the print queue "
    f"({', '.join(queue.partner_id.mapped('name')) or 'none'}), "
    f"{outgoing} reminder e-mail(s) in the outgoing queue"
)
calls = env["dunning.call"].search([("company_id", "=", company.id)])
print(f"demo: {len(calls)} payment call(s) before the formal notice:")
for call in calls:
    print(
        f"demo:   {call.partner_id.name}: {call.state}, call on "
        f"{call.date_deadline or call.date}, assigned to {call.user_id.name}"
    )
# Belgian law: what the reminders claim, and what was booked.
business = reminders.filtered(lambda r: r.regime == "b2b")
consumers = reminders.filtered(lambda r: r.regime == "b2c")
notes = reminders.claim_move_id
print(
    f"demo: {len(business)} reminder(s) to businesses may claim "
    f"EUR {sum(business.mapped('amount_claimable')):,.2f} (interest, compensation, "
    f"fees); {len(notes)} debit note(s) booked for "
    f"EUR {sum(notes.mapped('amount_total')):,.2f}"
)
print(
    f"demo: {len(consumers)} reminder(s) to consumers, "
    f"{len(consumers.filtered('book19_first'))} of them a free first reminder "
    "(Book XIX)"
)
handovers = env["dunning.handover"].search([("company_id", "=", company.id)])
print(f"demo: {len(handovers)} hand-over(s) to a debt collector:")
for handover in handovers:
    print(
        f"demo:   {handover.name} {handover.partner_id.name} to "
        f"{handover.collector_id.name}: {handover.state}, "
        f"EUR {handover.amount_total:,.2f} ({len(handover.line_ids)} line(s))"
    )
# Our own administration first: what the run holds back, and the bank feed.
held = env["account.move"].search(
    [("company_id", "=", company.id), ("dunning_hold", "!=", False)]
)
run = env["dunning.run"].with_company(company)
counts = Counter(held.mapped("dunning_hold"))
print(
    f"demo: {len(held)} invoice(s) held back, to check before reminding: "
    f"{run._hold_counts_text(counts) or 'none'}"
)
for invoice in held.sorted(lambda m: (m.dunning_hold, m.name)):
    print(
        f"demo:   {invoice.dunning_hold:<16} {invoice.name} "
        f"{invoice.partner_id.name}: {invoice.dunning_hold_note}"
    )
last = run._last_bank_line_date(company)
stop, feed_warning = run._bank_feed_warning(company, today)
print(
    f"demo: newest bank statement line of {last}: "
    + (
        feed_warning
        if stop
        else f"fresh (a run stops after "
        f"{company.dunning_bank_feed_days} working days without one)"
    )
)
warning = env["dunning.legal.rate"]._missing_rate_warning(company, today)
if warning:
    print(f"demo: {warning}")
