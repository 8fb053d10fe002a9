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
        string="Letter",
        help="Put a letter in the print queue, for you to print and post.",
    )
    send_post = fields.Boolean(
        string="Post",
        help="Have the letter printed and posted for you by Odoo's postal "
        "service (Snailmail, paid with IAP credits).",
    )
    send_sms = fields.Boolean(
        string="SMS",
        help="Also send a short text message to the customer's phone "
        "(paid with IAP credits).",
    )
    letter_fallback = fields.Boolean(
        string="Letter When No E-mail",
        default=True,
        help="When the customer has no valid e-mail address, or its last "
        "reminder e-mail bounced, a letter goes to the print queue instead.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain=[("model", "=", "dunning.reminder")],
        compute="_compute_mail_template_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The e-mail sent at this level, in the customer's language. A new "
        "level gets the template of the policy's level before it, or the one "
        "shipped for its place in the policy (first, second, third and later).",
    )
    mail_subject = fields.Char(
        related="mail_template_id.subject",
        readonly=False,
        string="E-mail Subject",
        help="Shared by every level that uses this e-mail template.",
    )
    mail_body = fields.Html(
        related="mail_template_id.body_html",
        readonly=False,
        string="E-mail Text",
        help="Shared by every level that uses this e-mail template.",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain=[("model", "=", "dunning.reminder")],
        compute="_compute_sms_template_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The text message sent at this level, in the customer's language.",
    )
    sms_body = fields.Char(
        related="sms_template_id.body",
        readonly=False,
        string="SMS Text",
        help="Shared by every level that uses this SMS template.",
    )
    letter_subject = fields.Char(
        string="Letter Subject",
        translate=True,
        help="The letter's subject line; the level's name when empty.",
    )
    letter_body = fields.Html(
        string="Letter Text",
        translate=True,
        help="What the letter says before the table of invoices. The table, "
        "the total due and the payment details follow on their own.",
    )
    letter_attach_invoices = fields.Boolean(
        string="Invoices With the Letter",
        help="Print a copy of each covered invoice after the letter.",
    )
    call_before = fields.Boolean(
        string="Call Before",
        help="Someone must phone the customer before this level is sent.",
    )
    charge_fees = fields.Boolean(
        string="Charge Fees and Interest",
        help="Sending this level books what the reminder may claim (late "
        "interest, compensation or damages, fees) on one customer debit note, "
        "without VAT, with its own structured communication. Never twice for "
        "the same days of interest; a consumer's first reminder stays free.",
    )
    auto_send = fields.Boolean(
        string="Send Automatically",
        default=True,
        help="Checked: the daily run sends this level on its own. "
        "Unchecked: the run prepares the reminder and an accountant reviews "
        "and sends it.",
    )

    handover = fields.Boolean(
        string="Hand Over to a Debt Collector",
        help="The last step: instead of a reminder, the customer's invoices "
        "that reach this level are handed over to a debt collector (a "
        "collection agency, a lawyer or a bailiff) with their file, and "
        "dunning_be stops reminding them. Only the last level of a policy.",
    )
    handover_collector_id = fields.Many2one(
        "res.partner",
        string="Debt Collector",
        domain=[("dunning_collector_kind", "!=", False)],
        help="Who gets the file. Empty: choose it when reviewing the hand-over.",
    )

    _delay_positive = models.Constraint(
        "CHECK (delay >= 0)",
        "A level's days after the due date cannot be negative.",
    )

    @api.depends("policy_id", "delay", "send_email")
    def _compute_mail_template_id(self):
        for level in self:
            level.mail_template_id = level._suggested_template(
                "mail_template_id", "mail_template", level.send_email
            )

    @api.depends("policy_id", "delay", "send_sms")
    def _compute_sms_template_id(self):
        for level in self:
            level.sms_template_id = level._suggested_template(
                "sms_template_id", "sms_template", level.send_sms
            )

    @api.constrains("sequence", "delay", "handover")
    def _check_policy_delays(self):
        self.policy_id._check_delays()

    @api.constrains(
        "send_email", "send_letter", "send_post", "send_sms", "mail_template_id",
        "sms_template_id", "handover",
    )  # fmt: skip
    def _check_channels(self):
        # A hand-over level sends no reminder: the collector gets the file.
        for level in self.filtered(lambda lvl: not lvl.handover):
            if not (
                level.send_email
                or level.send_letter
                or level.send_post
                or level.send_sms
            ):
                raise ValidationError(
                    self.env._(
                        "The level %(level)s sends nothing. Tick E-mail, Letter, "
                        "Post or SMS.",
                        level=level.name,
                    )
                )
            if level.send_sms and not level.sms_template_id:
                raise ValidationError(
                    self.env._(
                        "The level %(level)s sends an SMS but has no SMS template. "
                        "Choose one, or untick SMS.",
                        level=level.name,
                    )
                )
            sms = level.sms_template_id
            if sms and sms.model != "dunning.reminder":
                raise ValidationError(
                    self.env._(
                        "The SMS template %(template)s of the level %(level)s is "
                        "not made for payment reminders. Choose a template of the "
                        "model Payment Reminder.",
                        template=sms.name,
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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_level_in_use(self):
        if self.env.context.get("dunning_policy_write_levels"):
            return  # the policy checks that it keeps a level once written
        self.policy_id.filtered(
            lambda policy: not (policy.level_ids - self)
        )._dunning_refuse_in_use()

    def _suggested_template(self, field, prefix, sending):
        """The template of ``field`` a level gets when it has none: the one
        of the policy's level before it when the policy uses templates of its
        own, else the one shipped for its place (``prefix``_level_1, 2, 3).
        A new level follows its days late until saved, unless it was given
        a template of its own; a saved level keeps its template."""
        self.ensure_one()
        current = self[field]
        if not sending or (current and self._origin):
            return current
        others = self.policy_id.level_ids.filtered(
            lambda lvl: (
                lvl != self and not (lvl._origin and lvl._origin == self._origin)
            )
        )
        earlier = others.filtered(lambda lvl: lvl.delay < self.delay).sorted(
            lambda lvl: (lvl.delay, lvl.sequence)
        )
        shipped = [
            self.env.ref(f"dunning_be.{prefix}_level_{rank}", raise_if_not_found=False)
            for rank in (1, 2, 3)
        ]
        shipped = self.env[current._name].union(*filter(None, shipped))
        if current and current not in shipped | others[field]:
            return current  # chosen by the user
        before = earlier.filtered(field)[-1:][field]
        if before and before not in shipped:
            return before
        rank = min(len(earlier), len(shipped) - 1) if shipped else 0
        return shipped[rank : rank + 1] or before or others[field][:1]
