# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DunningLevel(models.Model):
    _name = "dunning.level"
    _description = "Reminder Level"
    _order = "policy_id, sequence, id"
    _check_company_auto = True

    policy_id = fields.Many2one(
        "dunning.policy", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    delay = fields.Integer(
        string="Days Late",
        required=True,
        help="The reminder goes out this many days after the invoice's due date, "
        "and never sooner after the previous reminder than the difference "
        "between the two levels' days.",
    )
    send_email = fields.Boolean(string="E-mail", default=True)
    send_letter = fields.Boolean(
        string="Letter", help="Queue a printed letter, to be posted to the customer."
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "dunning.reminder")],
        help="The e-mail sent at this level, in the customer's language.",
    )
    call_before = fields.Boolean(
        string="Call Before",
        help="Someone must phone the customer before this level is sent.",
    )
    auto_send = fields.Boolean(
        string="Send Automatically",
        default=True,
        help="Checked: the daily run sends this level on its own. "
        "Unchecked: the run prepares the reminder and an accountant reviews "
        "and sends it.",
    )

    _delay_positive = models.Constraint(
        "CHECK (delay >= 0)",
        "A level's days after the due date cannot be negative.",
    )

    @api.constrains("sequence", "delay")
    def _check_policy_delays(self):
        self.policy_id._check_delays()

    @api.constrains("send_email", "send_letter", "mail_template_id")
    def _check_channels(self):
        for level in self:
            if not (level.send_email or level.send_letter):
                raise ValidationError(
                    self.env._(
                        "The level %(level)s sends nothing. Tick E-mail or Letter.",
                        level=level.name,
                    )
                )
            if level.send_email and not level.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "The level %(level)s sends an e-mail but has no e-mail "
                        "template. Choose one, or untick E-mail.",
                        level=level.name,
                    )
                )
            template = level.mail_template_id
            if template and template.model != "dunning.reminder":
                raise ValidationError(
                    self.env._(
                        "The e-mail template %(template)s of the level %(level)s "
                        "is not made for payment reminders. Choose a template "
                        "of the model Payment Reminder.",
                        template=template.name,
                        level=level.name,
                    )
                )
