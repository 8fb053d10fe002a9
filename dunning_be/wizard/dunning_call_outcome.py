# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import format_date


class DunningCallOutcome(models.TransientModel):
    """What came of a payment call, chosen when the call is marked done.

    The one asked to make the call records it, often a salesperson or an
    employee without rights on invoices, policies and reminders: once the
    wizard knows the user may act on the call (``_call_sudo``), it reads and
    writes what the outcome needs with superuser rights, and shows the
    invoices as lines of its own, not as invoices the user cannot open.
    """

    _name = "dunning.call.outcome"
    _description = "Call Outcome"

    call_id = fields.Many2one("dunning.call", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="call_id.partner_id")
    company_id = fields.Many2one(related="call_id.company_id")
    level_id = fields.Many2one(related="call_id.level_id")
    attempt = fields.Integer(related="call_id.attempt")
    max_attempts = fields.Integer(compute="_compute_max_attempts")
    outcome = fields.Selection(
        [
            ("promise", "Promise to Pay"),
            ("dispute", "Dispute"),
            ("no_answer", "No Answer"),
            ("go_on", "Go On"),
        ],
        required=True,
        default="promise",
        help="Promise to Pay: no reminder until the promised day and its grace "
        "period; if it is not paid by then, the level goes out at once.\n"
        "Dispute: the chosen invoices get no reminder until the dispute is "
        "resolved; the others go on.\n"
        "No Answer: call again in a few working days, up to the policy's "
        "number of attempts; then the level goes out.\n"
        "Go On: the level goes out on the next run.",
    )
    promise_date = fields.Date(
        string="Promised For", help="The day by which the customer promised to pay."
    )
    line_ids = fields.One2many(
        "dunning.call.outcome.line",
        "wizard_id",
        string="Open Invoices",
        compute="_compute_line_ids",
        compute_sudo=False,  # as the user: who may act on the call is checked
        store=True,
        readonly=False,
        precompute=True,
        help="The call's open invoices. Tick the ones the customer disputes: "
        "they leave the reminders until the dispute is resolved.",
    )
    dispute_move_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        compute="_compute_dispute_move_ids",
        store=True,
        readonly=False,
        help="The invoices the customer disputes. They leave the reminders "
        "until the dispute is resolved.",
    )
    dispute_reason = fields.Char(
        string="Reason", help="What the customer disputes, in a few words."
    )
    note = fields.Text(string="Notes", help="What was said, for the history.")
    send_followup = fields.Boolean(
        string="Follow-up E-mail",
        help="Send the customer an e-mail after the call, with a copy of its "
        "open invoices.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "dunning.call")],
        default=lambda self: self.env.ref(
            "dunning_be.mail_template_call_followup", raise_if_not_found=False
        ),
    )
    attach_invoices = fields.Boolean(string="Attach the Invoices", default=True)

    @api.depends("call_id")
    def _compute_max_attempts(self):
        for wizard in self:
            call = wizard._call_sudo()
            partner = call.partner_id.with_company(call.company_id)
            wizard.max_attempts = (
                partner._dunning_policy().call_max_attempts if call else 0
            )

    @api.depends("call_id")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [
                Command.create({"move_id": move.id}) for move in wizard._open_moves()
            ]

    @api.depends("line_ids.disputed", "line_ids.move_id")
    def _compute_dispute_move_ids(self):
        for wizard in self:
            wizard.dispute_move_ids = wizard.line_ids.filtered("disputed").move_id

    @api.constrains("outcome", "promise_date", "dispute_move_ids", "dispute_reason")
    def _check_outcome(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.outcome == "promise" and not wizard.promise_date:
                raise ValidationError(
                    self.env._("Enter the day by which the customer promised to pay.")
                )
            if wizard.outcome == "promise" and wizard.promise_date < today:
                raise ValidationError(
                    self.env._(
                        "The promised day is in the past. Enter today or a later day."
                    )
                )
            if wizard.outcome == "promise":
                days = wizard.company_id.dunning_promise_max_days
                latest = today + timedelta(days=days)
                if wizard.promise_date > latest and days == 1:
                    raise ValidationError(
                        self.env._(
                            "The promised day is more than 1 day ahead. "
                            "Enter a day up to %(latest)s, or ask an "
                            "administrator to allow longer promises in the "
                            "payment reminder settings.",
                            latest=format_date(self.env, latest),
                        )
                    )
                if wizard.promise_date > latest:
                    raise ValidationError(
                        self.env._(
                            "The promised day is more than %(days)s days ahead. "
                            "Enter a day up to %(latest)s, or ask an "
                            "administrator to allow longer promises in the "
                            "payment reminder settings.",
                            days=days,
                            latest=format_date(self.env, latest),
                        )
                    )
            if wizard.outcome == "dispute":
                wizard._call_sudo()  # may the user act on it? then read as sudo
                if not (wizard.sudo().dispute_move_ids and wizard.dispute_reason):
                    raise ValidationError(
                        self.env._(
                            "Choose the disputed invoices and say what the "
                            "customer disputes."
                        )
                    )

    def action_apply(self):
        """Record the outcome, close the activity, send the follow-up e-mail."""
        self.ensure_one()
        # Checked here: the user may act on this call. What the outcome reads
        # and writes (policy, invoices, pause) is theirs to change through
        # this wizard only.
        call_sudo = self._call_sudo()
        if call_sudo.state != "open":
            raise UserError(self.env._("This call is no longer open."))
        available = self._open_moves()
        disputed = self.sudo().dispute_move_ids
        if disputed - available:
            raise UserError(
                self.env._(
                    "Only the open invoices of this call can be disputed: %s.",
                    ", ".join(available.mapped("name")),
                )
            )
        shipped = self.env.ref("dunning_be.mail_template_call_followup")
        if (
            self.send_followup
            and self.mail_template_id != shipped
            and not self.env.user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._(
                    "Only an accountant can send the follow-up e-mail with "
                    "another template than %s.",
                    shipped.name,
                )
            )
        call_sudo._record_outcome(
            self.outcome,
            note=self.note,
            promise_date=self.promise_date,
            disputed=disputed,
            reason=self.dispute_reason,
        )
        if self.send_followup:
            if not self.mail_template_id:
                raise UserError(
                    self.env._("Choose the e-mail template of the follow-up e-mail.")
                )
            call_sudo._send_followup(self.mail_template_id, self.attach_invoices)
        return {"type": "ir.actions.act_window_close"}

    def _call_sudo(self):
        """The call, with superuser rights, once the user is known to act on
        it: the one asked to make it, or an invoicing user. Anyone else is
        refused (and cannot read the call at all, by its record rules)."""
        self.ensure_one()
        call = self.call_id
        user = self.env.user
        if not call or self.env.su:
            return call.sudo()
        call.check_access("read")
        if call.user_id != user and not user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._(
                    "Only %(user)s, who was asked to make this call, or an "
                    "accountant can record its outcome.",
                    user=call.user_id.name,
                )
            )
        return call.sudo()

    def _open_moves(self):
        """The call's invoices the customer can still dispute: open and not
        disputed yet, by due date."""
        return (
            self._call_sudo()
            .move_ids.filtered(lambda m: m.amount_residual and not m.dunning_disputed)
            .sorted(lambda m: (m.invoice_date_due or date.max, m.id))
        )


class DunningCallOutcomeLine(models.TransientModel):
    """An open invoice of the call, in the outcome wizard: its number, due
    date and amount are read for the one who calls, who may have no right to
    read invoices."""

    _name = "dunning.call.outcome.line"
    _description = "Call Outcome Invoice"
    _order = "id"

    wizard_id = fields.Many2one(
        "dunning.call.outcome", required=True, ondelete="cascade", index=True
    )
    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, readonly=True
    )
    date_due = fields.Date(string="Due On", compute="_compute_invoice")
    currency_id = fields.Many2one("res.currency", compute="_compute_invoice")
    amount_residual = fields.Monetary(string="Amount Due", compute="_compute_invoice")
    disputed = fields.Boolean(help="Tick the invoices the customer disputes.")

    @api.constrains("move_id")
    def _check_move(self):
        # A line is one of the call's invoices, whatever a request sends.
        for wizard, lines in self.grouped("wizard_id").items():
            call_moves = wizard._call_sudo().move_ids
            if lines.move_id - call_moves:
                raise ValidationError(
                    self.env._(
                        "Only the open invoices of this call can be disputed: %s.",
                        ", ".join(wizard._open_moves().mapped("name")),
                    )
                )

    @api.depends("move_id", "wizard_id.call_id")
    def _compute_invoice(self):
        for wizard, lines in self.grouped("wizard_id").items():
            # Only the call's own invoices are shown, whatever a line points to.
            moves = {move.id: move for move in wizard._open_moves()}
            for line in lines:
                move = moves.get(line.move_id.id) or self.env["account.move"]
                line.date_due = move.invoice_date_due
                line.currency_id = move.currency_id
                line.amount_residual = move.amount_residual
