# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The hand-over of a customer's unpaid invoices to a debt collector: the
last step of the flow. Once sent, the invoices leave the reminders (Odoo's
own "no follow-up" flag on their receivable lines): no reminder, call or fee
from dunning_be, until the hand-over is withdrawn. The file itself (PDF,
CSV, XLSX, e-mail) is built in dunning_handover_file.py."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .res_partner import REGIME_SELECTION


class DunningHandover(models.Model):
    _name = "dunning.handover"
    _description = "Hand-over to a Debt Collector"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
        help="The customer as a company: the debtor of the file.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    collector_id = fields.Many2one(
        "res.partner",
        string="Debt Collector",
        index=True,
        tracking=True,
        domain=[("dunning_collector_kind", "!=", False)],
        help="The collection agency, lawyer or bailiff the file goes to.",
    )
    collector_kind = fields.Selection(
        related="collector_id.dunning_collector_kind", string="Kind of Collector"
    )
    policy_id = fields.Many2one("dunning.policy", readonly=True)
    level_id = fields.Many2one(
        "dunning.level",
        readonly=True,
        help="The hand-over level that prepared it; empty when handed over by hand.",
    )
    date = fields.Date(
        string="Handed Over On",
        required=True,
        readonly=True,
        index=True,
        default=fields.Date.context_today,
        help="Interest and costs in the file are computed up to this day.",
    )
    state = fields.Selection(
        [
            ("draft", "To Review"),
            ("sent", "With the Collector"),
            ("done", "Closed"),
            ("withdrawn", "Withdrawn"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
    )
    draft_reason = fields.Text(
        string="Why Not Sent",
        readonly=True,
        help="What must be completed before the file may go to the collector.",
    )
    regime = fields.Selection(
        REGIME_SELECTION,
        string="Collection Law",
        readonly=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        "dunning_handover_account_move_rel",
        "handover_id",
        "move_id",
        string="Invoices",
        readonly=True,
        check_company=True,
    )
    line_ids = fields.One2many(
        "dunning.handover.line", "handover_id", string="Breakdown", readonly=True
    )
    amount_principal = fields.Monetary(
        string="Principal", compute="_compute_amounts", store=True
    )
    amount_costs = fields.Monetary(
        string="Interest and Costs",
        compute="_compute_amounts",
        store=True,
        help="Interest, compensation or damages and reminder fees.",
    )
    amount_total = fields.Monetary(
        string="Total Claimed", compute="_compute_amounts", store=True, tracking=True
    )
    amount_residual = fields.Monetary(
        string="Still Open",
        compute="_compute_amount_residual",
        help="What the customer still owes on these invoices today: payments "
        "that arrive after the hand-over are matched as usual.",
    )
    file_pdf_id = fields.Many2one("ir.attachment", string="File (PDF)", readonly=True)
    file_csv_id = fields.Many2one("ir.attachment", string="File (CSV)", readonly=True)
    file_xlsx_id = fields.Many2one(
        "ir.attachment", string="File (Spreadsheet)", readonly=True
    )
    email_message_id = fields.Many2one("mail.message", string="E-mail", readonly=True)
    email_state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("bounced", "Bounced"),
        ],
        string="E-mail to the Collector",
        readonly=True,
        copy=False,
        help="Failed or bounced: the collector may not have the file. Correct "
        "its e-mail address, then Send the File Again.",
    )
    notice = fields.Selection(
        [("letter", "Letter to Print"), ("post", "Letter by Post")],
        string="Customer Told By",
        readonly=True,
        help="How the customer was told that the collector now handles these "
        "invoices, as the reminder policy says.",
    )
    notice_state = fields.Selection(
        [
            ("to_print", "To Print"),
            ("printed", "Printed"),
            ("posted", "Handed to the Postal Service"),
        ],
        string="Letter to the Customer",
        readonly=True,
    )
    snailmail_letter_id = fields.Many2one(
        "snailmail.letter", string="Postal Letter", readonly=True
    )
    result = fields.Selection(
        [
            ("recovered", "Recovered"),
            ("partial", "Partly Recovered"),
            ("written_off", "Written Off"),
        ],
        tracking=True,
        help="What the collector achieved.",
    )
    result_date = fields.Date(string="Result On", readonly=True)
    result_amount = fields.Monetary(
        string="Amount Recovered", help="What the collector recovered in all."
    )
    result_note = fields.Text(string="Collector's Report")
    date_withdrawn = fields.Date(
        string="Withdrawn On",
        readonly=True,
        copy=False,
        help="The day it was withdrawn, or cancelled: the invoices' next step "
        "waits its usual gap from then, and a new hand-over is reviewed first.",
    )

    _name_company_numbered = models.UniqueIndex(
        "(name, company_id) WHERE name != '/'",
        "A hand-over reference is used once per company.",
    )
    _result_amount_positive = models.Constraint(
        "CHECK (result_amount >= 0)",
        "The amount recovered cannot be negative.",
    )

    @api.depends("line_ids.principal", "line_ids.amount")
    def _compute_amounts(self):
        for handover in self:
            handover.amount_principal = sum(handover.line_ids.mapped("principal"))
            handover.amount_total = sum(handover.line_ids.mapped("amount"))
            handover.amount_costs = handover.amount_total - handover.amount_principal

    @api.depends("move_ids.amount_residual_signed")
    def _compute_amount_residual(self):
        for handover in self:
            handover.amount_residual = sum(
                handover.move_ids.mapped("amount_residual_signed")
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        draft = self.env._("Draft hand-over")
        for handover in self:
            name = handover.name if handover.name != "/" else draft
            handover.display_name = f"{name} {handover.partner_id.name or ''}"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send the file to the collector: refused, with everything missing
        named, before anything goes out."""
        if self.filtered(lambda h: h.state != "draft"):
            raise UserError(self.env._("Only a hand-over to review can be sent."))
        today = fields.Date.context_today(self)
        self.write({"date": today})
        self._fill_lines()
        errors = self._problem_texts()
        if errors:
            raise UserError("\n\n".join(errors.values()))
        self._send()
        return True

    def action_refresh(self):
        """Compute the breakdown again, as of today."""
        drafts = self.filtered(lambda h: h.state == "draft")
        drafts.write({"date": fields.Date.context_today(self)})
        drafts._fill_lines()
        drafts._store_problems()
        return True

    def action_cancel(self):
        """Drop a hand-over to review: the invoices stay in the reminders."""
        if self.filtered(lambda h: h.state != "draft"):
            raise UserError(
                self.env._(
                    "A hand-over sent to the collector is withdrawn, not cancelled."
                )
            )
        # Like a withdrawal, the run hands them over again only after the
        # level's usual gap, and for review.
        self.write(
            {"state": "cancel", "date_withdrawn": fields.Date.context_today(self)}
        )
        return True

    def action_withdraw(self):
        """Take the file back from the collector: the invoices that are still
        open go back to the reminders, at the level they had."""
        if self.filtered(lambda h: h.state != "sent"):
            raise UserError(
                self.env._("Only a hand-over with the collector can be withdrawn.")
            )
        today = fields.Date.context_today(self)
        self.write({"state": "withdrawn", "date_withdrawn": today})
        self.move_ids._dunning_sync_followup()
        for handover in self:
            text = self.env._(
                "Hand-over %(name)s withdrawn from %(collector)s: the invoices "
                "are back in the reminders, at the level they had.",
                name=handover.name,
                collector=handover.collector_id.name,
            )
            handover.message_post(body=text)
            handover.partner_id._message_log(body=text)
            handover.move_ids._message_log_batch(
                dict.fromkeys(handover.move_ids.ids, text)
            )
        return True

    def action_close(self):
        """Record the collector's result and close the hand-over."""
        for handover in self:
            if handover.state != "sent":
                raise UserError(
                    self.env._("Only a hand-over with the collector can be closed.")
                )
            if not handover.result:
                raise UserError(
                    self.env._(
                        "Choose the collector's result (recovered, partly "
                        "recovered or written off) before closing %s.",
                        handover.name,
                    )
                )
            labels = dict(self._fields["result"]._description_selection(self.env))
            handover.write(
                {"state": "done", "result_date": fields.Date.context_today(self)}
            )
            handover.message_post(
                body=self.env._(
                    "Closed: %(result)s, %(amount)s recovered.",
                    result=labels[handover.result],
                    amount=handover.currency_id.format(handover.result_amount),
                )
            )
        return True

    def action_resend_file(self):
        """E-mail the file and its copies to the collector again (after a
        failed or bounced e-mail, or at its request)."""
        if self.filtered(lambda h: h.state not in ("sent", "done")):
            raise UserError(self.env._("Only a file handed over can be sent again."))
        self._email_collector()
        return True

    def action_print_notice(self):
        """The letter telling the customer who collects its invoices now."""
        self.filtered(lambda h: h.notice_state == "to_print").write(
            {"notice_state": "printed"}
        )
        report = self.env.ref("dunning_be.action_report_dunning_handover_notice")
        return report.report_action(self)

    def action_open_invoices(self):
        self.ensure_one()
        name = self.env._("Invoices Handed Over")
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Preparing
    # ------------------------------------------------------------------

    @api.model
    def _prepare(
        self, partner, moves, collector, level=False, policy=False, on_date=None
    ):
        """A hand-over to review of ``moves`` of the customer ``partner``,
        with the debit notes of fees booked on them that are still open."""
        moves |= moves._dunning_claim_notes()
        handover = self.create(
            {
                "partner_id": partner.id,
                "company_id": moves.company_id.id or self.env.company.id,
                "collector_id": collector.id,
                "level_id": level and level.id,
                "policy_id": (
                    policy
                    or partner.with_company(moves.company_id[:1])._dunning_policy()
                ).id,
                "regime": partner.dunning_regime,
                "date": on_date or fields.Date.context_today(self),
                "move_ids": [Command.set(moves.ids)],
            }
        )
        handover._fill_lines()
        handover._store_problems()
        return handover

    def _store_problems(self):
        errors = self._problem_texts()
        for handover in self:
            handover.draft_reason = errors.get(handover, False)

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    def _send(self):
        """Number, file, e-mail, and take the invoices out of the reminders,
        in this transaction: if anything fails, nothing was sent."""
        for handover in self.filtered(lambda h: h.name == "/"):
            handover.name = (
                self.env["ir.sequence"]
                .with_company(handover.company_id)
                .next_by_code("dunning.handover")
                or "/"
            )
        self.write({"state": "sent", "draft_reason": False})
        self.move_ids._dunning_sync_followup()
        # Held back no more: the collector handles them now.
        self.move_ids.filtered("dunning_hold")._dunning_clear_hold()
        self._stop_reminding()
        self._write_files()
        self._email_collector()
        self._tell_customer()
        self._log_sent()

    def _stop_reminding(self):
        """No call and no reminder waiting for review on invoices the
        collector now handles."""
        moves = self.move_ids
        calls = self.env["dunning.call"].search(
            [("state", "=", "open"), ("move_ids", "in", moves.ids)]
        )
        if calls:
            calls.write(
                {"state": "skipped", "date_done": fields.Date.context_today(self)}
            )
            calls._message_log_batch(
                dict.fromkeys(
                    calls.ids,
                    self.env._("The invoices went to a debt collector: no call."),
                )
            )
            calls.activity_id.with_context(dunning_call_outcome=True).unlink()
        drafts = self.env["dunning.reminder"].search(
            [("state", "=", "draft"), ("move_ids", "in", moves.ids)]
        )
        if drafts:
            # A reminder back to review keeps its debit note when the note
            # goes to the collector with the file.
            drafts.filtered(lambda r: r.claim_move_id not in moves)._cancel_claims(
                skip_paid=True
            )
            drafts.write({"state": "cancel"})
            drafts._message_log_batch(
                dict.fromkeys(
                    drafts.ids,
                    self.env._(
                        "Cancelled: its invoices went to a debt collector. The "
                        "next run prepares a reminder for the others, if any."
                    ),
                )
            )

    def _email_failed(self, status, reason):
        """The collector's e-mail could not be delivered (``status``
        ``bounce`` or ``exception``): say so where the accountant looks."""
        for handover in self.filtered(lambda h: h.email_state in ("queued", "sent")):
            handover.email_state = "bounced" if status == "bounce" else "failed"
            handover.message_post(
                body=self.env._(
                    "The e-mail with the file to %(collector)s could not be "
                    "delivered: %(reason)s. Correct the address, then Send the "
                    "File Again.",
                    collector=handover.collector_id.name,
                    reason=reason,
                )
            )
            # The company's credit controller, else who prepared it (not the
            # system user of the daily run).
            user = handover.company_id.dunning_user_id or handover.create_uid
            if user and not user._is_superuser() and not user.share:
                handover.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Send the file to the collector again"),
                    user_id=user.id,
                )

    def _log_sent(self):
        for handover in self:
            text = self.env._(
                "Handed over to %(collector)s (%(name)s) for %(amount)s.",
                collector=handover.collector_id.name,
                name=handover.name,
                amount=handover.currency_id.format(handover.amount_total),
            )
            handover.partner_id._message_log(body=text)
            handover.move_ids._message_log_batch(
                dict.fromkeys(handover.move_ids.ids, text)
            )

    def _tell_customer(self):
        """The letter to the customer, as its policy says: to print, or to
        Odoo's postal service."""
        report = self.env.ref("dunning_be.action_report_dunning_handover_notice")
        for handover in self:
            notice = handover.policy_id.handover_notice
            if notice in (False, "none"):
                continue
            handover.notice = notice
            if notice == "letter":
                handover.notice_state = "to_print"
                continue
            handover.snailmail_letter_id = self.env["snailmail.letter"].create(
                {
                    "model": self._name,
                    "res_id": handover.id,
                    "partner_id": handover.partner_id.id,
                    "company_id": handover.company_id.id,
                    "report_template": report.id,
                }
            )
            handover.notice_state = "posted"

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _problem_texts(self):
        """``{hand-over: text}``: what stops each hand-over, each item with
        what to change; hand-overs ready to go are left out."""
        texts = {}
        for handover in self:
            found = handover._problems()
            if found:
                texts[handover] = handover._problems_text(found)
        return texts

    def _problems_text(self, found):
        self.ensure_one()
        company, collector = self.company_id.name, self.collector_id.name
        settings = self.env["ir.ui.menu"]._dunning_collection_law_path()
        address = self.env._(
            "The address of %s is incomplete: give its street, postcode and city."
        )
        messages = {
            "no_invoice": self.env._("There is no open invoice to hand over."),
            "creditor_enterprise_number": self.env._(
                "%(company)s has no valid enterprise number: enter it in %(where)s.",
                company=company,
                where=settings,
            ),
            "creditor_address": address % company,
            "creditor_phone": self.env._(
                "%(company)s has no phone number: the file must give one.",
                company=company,
            ),
            "creditor_email": self.env._(
                "%(company)s has no e-mail address: the file must give one.",
                company=company,
            ),
            "no_collector": self.env._("Choose the debt collector."),
            "collector_kind": self.env._(
                "%(collector)s is not marked as a debt collector: set Debt "
                "Collector on its contact (Invoicing tab).",
                collector=collector,
            ),
            "collector_registration": self.env._(
                "%(collector)s is a collection agency without its FOD Economie "
                "registration: enter it on its contact. Only lawyers and "
                "bailiffs are exempt.",
                collector=collector,
            ),
            "collector_enterprise_number": self.env._(
                "%(collector)s has no valid enterprise number (Company ID): "
                "enter it on its contact.",
                collector=collector,
            ),
            "collector_address": address % collector,
            "collector_email": self.env._(
                "%(collector)s has no e-mail address to send the file to.",
                collector=collector,
            ),
            "debtor_address": address % self.partner_id.name,
        }
        per_invoice = {
            "open_credit": self.env._(
                "%s is a credit note or a payment of the customer not yet "
                "matched with its invoices: reconcile it first, so that the "
                "file claims only what is owed."
            ),
            "not_open": self.env._("%s is paid or not posted: leave it out."),
            "with_collector": self.env._("%s is already with a debt collector."),
            "disputed": self.env._(
                "%s is disputed by the customer: resolve the dispute first."
            ),
            "paid_unmatched": self.env._(
                "%s seems paid: a payment waits to be matched with it. "
                "Reconcile it first."
            ),
            "no_due_date": self.env._("%s has no due date."),
            "no_description": self.env._(
                "%s does not say what was sold: describe the goods or services "
                "on its lines."
            ),
            "consumer_no_reminder": self.env._(
                "%s: the customer is a consumer and never had its free first "
                "reminder (Book XIX). Send it first."
            ),
            "consumer_period": self.env._(
                "%s: the customer is a consumer whose 14 days after the first "
                "reminder are not over (Book XIX)."
            ),
        }
        lines = [
            messages[code] if code in messages else per_invoice[code] % subject
            for code, subject in found
        ]
        earliest = self._earliest_handover()
        if earliest and any(code == "consumer_period" for code, _s in found):
            lines.append(
                self.env._(
                    "It can be handed over from %s.",
                    fields.Date.to_string(earliest),
                )
            )
        head = self.env._(
            "The file of %(customer)s can't go to the debt collector yet:",
            customer=self.partner_id.name,
        )
        return "\n".join([head, *(f"- {line}" for line in lines)])
