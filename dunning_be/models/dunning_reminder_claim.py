# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..lib.belgian_law import period_end
from ..lib.run_plan import first_reminder_problems


class DunningReminderClaim(models.Model):
    """One amount a reminder may claim on top of the invoices (interest,
    compensation, damages or a fee), with how it was computed."""

    _name = "dunning.reminder.claim"
    _inherit = ["dunning.reminder.part"]
    _description = "Amount Claimed on a Reminder"
    _order = "reminder_id, sequence, id"

    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("interest", "Late Interest"),
            ("compensation", "Recovery Compensation"),
            ("damages", "Damages"),
            ("fee", "Reminder Fee"),
        ],
        required=True,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        index="btree_not_null",
        help="The invoice the amount is for; empty when it is for the reminder.",
    )
    # Plain numbers in the reminder's currency: see dunning.reminder.line.
    base = fields.Float(
        digits=0,
        aggregator="sum",
        help="The amount the interest, compensation or damages is computed on.",
    )
    date_from = fields.Date(string="Interest From")
    date_to = fields.Date(
        string="Interest Until",
        help="The last day of interest claimed: a later claim starts the day after.",
    )
    amount = fields.Float(digits=0, aggregator="sum", required=True)
    explanation = fields.Char(
        string="How It Is Computed",
        help="Written in the customer's language when the reminder was made.",
    )


class DunningReminder(models.Model):
    _inherit = "dunning.reminder"

    claims_html = fields.Html(
        string="Claims in the E-mail",
        compute="_compute_claims_html",
        sanitize=False,
        help="What the reminder claims and a consumer's first reminder's "
        "Book XIX content, in the customer's language, for the e-mails.",
    )

    def _compute_claims_html(self):
        # Rendered from the view by its xml id (compiled once), not t-called
        # from each e-mail's body (compiled again for every e-mail).
        QWeb = self.env["ir.qweb"]
        for reminder in self:
            if not (reminder.claim_ids or reminder.book19_first or reminder.claim_note):
                reminder.claims_html = False
                continue
            lang = (reminder.recipient_id or reminder.partner_id).lang or self.env.lang
            reminder.claims_html = QWeb.with_context(lang=lang)._render(
                "dunning_be.reminder_claims", {"o": reminder.with_context(lang=lang)}
            )

    def _book19_restart(self, day):
        """A consumer's first reminder that goes out after its date (sent
        after review, or printed later): its 14 days count from ``day``, and
        the e-mail or the letter says so."""
        for reminder in self.filtered(lambda r: r.book19_first and r.date < day):
            paper = reminder.send_letter or reminder.send_post
            reminder.book19_period_end = period_end(day, "letter" if paper else "email")

    def _check_book19(self):
        """A consumer's first reminder must carry our enterprise number and
        say what each invoice was for: refuse before anything goes out. The
        rule is lib.run_plan.first_reminder_problems, the run's too."""
        for reminder in self.filtered("book19_first"):
            problem = first_reminder_problems(
                bool(reminder.company_id._dunning_enterprise_number()),
                [
                    (line.move_id.id, line.first_reminder, line.description)
                    for line in reminder.line_ids
                ],
            )
            if problem and problem[0] == "no_enterprise_number":
                raise UserError(
                    self.env._(
                        "The reminder to %(customer)s is a consumer's first "
                        "reminder: it must give the enterprise number of "
                        "%(company)s, which has none or an invalid one. Enter "
                        "it in %(where)s, then send it again.",
                        customer=reminder.partner_id.display_name,
                        company=reminder.company_id.name,
                        where=self.env["ir.ui.menu"]._dunning_collection_law_path(),
                    )
                )
            if problem:
                raise UserError(
                    self.env._(
                        "The reminder to %(customer)s is a consumer's first "
                        "reminder: it must say what each invoice was for, and "
                        "%(invoices)s has no description. Describe the goods or "
                        "services on the invoice; the next run prepares the "
                        "reminder again.",
                        customer=reminder.partner_id.display_name,
                        invoices=", ".join(
                            self.env["account.move"].browse(problem[1]).mapped("name")
                        ),
                    )
                )

    @api.model
    def _first_reminder_problem_text(self, problem, company, invoices):
        """What keeps a consumer's first reminder from going out
        (lib.run_plan.first_reminder_problems), in words: the reason the
        run's reminder waits for review (``_check_book19`` refuses to send
        it, in its own words)."""
        if problem[0] == "no_enterprise_number":
            return self.env._(
                "A consumer's first reminder must give our enterprise "
                "number, and %(company)s has none or an invalid one. "
                "Enter it in %(menu)s.",
                company=company.name,
                menu=self.env["ir.ui.menu"]._dunning_collection_law_path(),
            )
        return self.env._(
            "A consumer's first reminder must say what each invoice was "
            "for, and %(invoices)s has no description on its lines. "
            "Describe the goods or services on the invoice, then send "
            "the reminder.",
            invoices=", ".join(invoices.mapped("name")),
        )

    def _book_claims(self):
        """One customer debit note per sent reminder whose level charges fees
        and interest: what it claims, without VAT, posted with its own
        structured communication. Never twice: a reminder keeps its note."""
        todo = self.filtered(
            lambda r: (
                r.charge_fees
                and not r.claim_move_id
                and r.currency_id.compare_amounts(r.amount_claimable, 0) > 0
            )
        )
        if not todo:
            return self.env["account.move"]
        products = {
            kind: self.env.ref(f"dunning_be.product_claim_{kind}")
            for kind in ("interest", "compensation", "damages", "fee")
        }
        moves = self.env["account.move"]
        for company, reminders in todo.grouped("company_id").items():
            journals = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(company),
                    ("type", "=", "sale"),
                ]
            )
            # One that gives Belgian structured communications, if any.
            journal = (
                journals.filtered(lambda j: j.invoice_reference_model == "be")[:1]
                or journals[:1]
            )
            if not journal:
                raise UserError(
                    self.env._(
                        "%(company)s has no sales journal to book the fees and "
                        "interest of its reminders on. Create one, or untick "
                        "Charge Fees and Interest on the reminder levels.",
                        company=company.name,
                    )
                )
            vals = [
                {
                    "move_type": "out_invoice",
                    "partner_id": (reminder.recipient_id or reminder.partner_id).id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    # In the reminder's currency: its invoices', its claims'.
                    "currency_id": reminder.currency_id.id,
                    "invoice_date": reminder.date,
                    "invoice_origin": reminder.reference,
                    "ref": reminder.level_id.name,
                    "dunning_claim_reminder_id": reminder.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": products[claim.kind].id,
                                "name": claim.explanation
                                or dict(claim._fields["kind"].selection)[claim.kind],
                                "quantity": 1,
                                "price_unit": claim.amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for claim in reminder.claim_ids
                    ],
                }
                for reminder in reminders
            ]
            created = (
                self.env["account.move"]
                .with_company(company)
                .with_context(default_move_type="out_invoice")
                .create(vals)
            )
            created.action_post()
            for reminder, move in zip(reminders, created, strict=True):
                reminder.claim_move_id = move
            moves |= created
        return moves

    def _cancel_claims(self, skip_paid=False):
        """A cancelled reminder claims nothing: its debit note is reversed by
        a credit note (cancelled, if still a draft), unless the customer paid
        part of it, which an accountant must settle first (``skip_paid``:
        leave those as they are, for the run)."""
        notes = self.claim_move_id
        notes.filtered(lambda m: m.state == "draft").button_cancel()
        notes = notes.filtered(
            lambda m: m.state == "posted" and m.payment_state != "reversed"
        )
        paid = notes.filtered(
            lambda m: m.currency_id.compare_amounts(m.amount_residual, m.amount_total)
        )
        if paid and not skip_paid:
            raise UserError(
                self.env._(
                    "The debit note %(notes)s of this reminder was paid in part "
                    "or in full. Settle it (a credit note or a refund) before "
                    "cancelling the reminder.",
                    notes=", ".join(paid.mapped("name")),
                )
            )
        notes -= paid
        if notes:
            notes._reverse_moves(
                [
                    {
                        "ref": self.env._(
                            "Reversal of %s: reminder cancelled", note.name
                        ),
                        "invoice_date": fields.Date.context_today(self),
                    }
                    for note in notes
                ],
                cancel=True,
            )
