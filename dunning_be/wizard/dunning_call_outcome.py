# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class DunningCallOutcome(models.TransientModel):
    """What came of a payment call, chosen when the call is marked done."""

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
    available_move_ids = fields.Many2many(
        "account.move", compute="_compute_available_move_ids"
    )
    dispute_move_ids = fields.Many2many(
        "account.move",
        string="Disputed Invoices",
        domain="[('id', 'in', available_move_ids)]",
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
            call = wizard.call_id
            policy = call.partner_id.with_company(call.company_id)._dunning_policy()
            wizard.max_attempts = policy.call_max_attempts

    @api.depends("call_id")
    def _compute_available_move_ids(self):
        for wizard in self:
            wizard.available_move_ids = wizard.call_id.move_ids.filtered(
                lambda m: m.amount_residual and not m.dunning_disputed
            )

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
            if wizard.outcome == "dispute" and not (
                wizard.dispute_move_ids and wizard.dispute_reason
            ):
                raise ValidationError(
                    self.env._(
                        "Choose the disputed invoices and say what the customer "
                        "disputes."
                    )
                )

    def action_apply(self):
        """Record the outcome, close the activity, send the follow-up e-mail."""
        self.ensure_one()
        call = self.call_id
        if call.state != "open":
            raise UserError(self.env._("This call is no longer open."))
        if not (
            call.user_id == self.env.user
            or self.env.user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._(
                    "Only %(user)s, who was asked to make this call, or an "
                    "accountant can record its outcome.",
                    user=call.user_id.name,
                )
            )
        if self.dispute_move_ids - self.available_move_ids:
            raise UserError(
                self.env._(
                    "Only the open invoices of this call can be disputed: %s.",
                    ", ".join(self.available_move_ids.mapped("name")),
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
        # The one who made the call may be a salesperson without rights on
        # invoices and reminders: checked above, the outcome is written for them.
        call_sudo = call.sudo()
        call_sudo._record_outcome(
            self.outcome,
            note=self.note,
            promise_date=self.promise_date,
            disputed=self.dispute_move_ids.sudo(),
            reason=self.dispute_reason,
        )
        if self.send_followup:
            if not self.mail_template_id:
                raise UserError(
                    self.env._("Choose the e-mail template of the follow-up e-mail.")
                )
            call_sudo._send_followup(self.mail_template_id, self.attach_invoices)
        return {"type": "ir.actions.act_window_close"}
