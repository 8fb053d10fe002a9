# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from babel.dates import format_date as babel_format_date
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, get_lang
from odoo.tools.misc import babel_locale_parse, posix_to_ldml

from ..lib.belgian_law import add_working_days
from ..lib.channels import CHANNELS
from ..lib.money import MoneyFormat
from ..lib.run_plan import level_channels
from .res_partner import REGIME_SELECTION

# What becomes of an SMS or a postal letter, from its notification's status.
CHANNEL_STATES = {
    "sms": (
        "sms_state",
        {
            "ready": "queued",
            "process": "sent",
            "pending": "sent",
            "sent": "sent",
            "exception": "error",
            "bounce": "error",
            "canceled": "error",
        },
    ),
    "post": (
        "post_state",
        {
            "ready": "pending",
            "sent": "posted",
            "exception": "error",
            "canceled": "error",
        },
    ),
}


class DunningReminder(models.Model):
    """One reminder sent (or prepared) to one customer at one level."""

    _name = "dunning.reminder"
    _description = "Payment Reminder"
    _inherit = ["mail.thread", "portal.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # Two runs at once must not both prepare a reminder for the same customer:
    # the second one's batch fails here and is not committed.
    _one_draft_per_customer = models.UniqueIndex(
        "(company_id, partner_id, currency_id) WHERE state = 'draft'",
        "This customer already has a reminder to review in this company: "
        "send or cancel it first.",
    )

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
        help="The customer as a company: its invoice contacts get the reminder.",
    )
    recipient_id = fields.Many2one(
        "res.partner",
        string="Sent To",
        readonly=True,
        help="The customer's invoice address: the e-mail and the letter go there.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    # The run gives it: its invoices' currency, one reminder per currency.
    # Writable: Odoo drops a read-only precomputed field from create values.
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="The currency of the reminder's invoices: its lines, totals and "
        "claims are in it. A customer owing in several currencies gets one "
        "reminder per currency.",
    )
    policy_id = fields.Many2one("dunning.policy", required=True, readonly=True)
    level_id = fields.Many2one(
        "dunning.level",
        required=True,
        readonly=True,
        help="The highest level the customer's invoices reached on this reminder.",
    )
    text_level_id = fields.Many2one(
        "dunning.level",
        string="Texts Of",
        compute="_compute_text_level_id",
        help="The level whose e-mail, letter and SMS texts this reminder uses: "
        "its own, except for a consumer's first reminder, which always speaks "
        "as the first level of its policy (14 days to pay, no formal notice), "
        "whatever level its invoices reached.",
    )
    date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("draft", "To Review"), ("sent", "Sent"), ("cancel", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
    )
    draft_reason = fields.Text(
        string="Why Not Sent",
        readonly=True,
        help="Why this reminder waits for review instead of being sent.",
    )
    line_ids = fields.One2many(
        "dunning.reminder.line", "reminder_id", string="Lines", readonly=True
    )
    move_ids = fields.Many2many(
        "account.move",
        "dunning_reminder_account_move_rel",
        "reminder_id",
        "move_id",
        string="Invoices",
        readonly=True,
        help="The overdue invoices this reminder covers.",
    )
    # No sum when grouped: a customer's reminders cover the same invoices
    # again, a total would count them once per reminder.
    amount_due = fields.Monetary(
        readonly=True,
        aggregator=None,
        help="What the customer owes: the open amount of the overdue invoices, "
        "less open credit notes and payments not yet matched.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue",
        readonly=True,
        aggregator=None,
        help="The open amount of the overdue invoices.",
    )
    send_email = fields.Boolean(string="By E-mail", readonly=True)
    send_letter = fields.Boolean(string="By Letter", readonly=True)
    send_post = fields.Boolean(string="By Post", readonly=True)
    send_sms = fields.Boolean(string="By SMS", readonly=True)
    channel_note = fields.Text(
        string="Why This Channel",
        readonly=True,
        help="Which channels the level asked for could not be used, and why; "
        "and whether a letter went instead of the e-mail.",
    )
    email_to = fields.Char(string="E-mail Address", readonly=True)
    email_message_id = fields.Many2one("mail.message", string="E-mail", readonly=True)
    # The e-mail as it went out, kept with the reminder: the chatter keeps
    # a short copy (a full one would be sanitized again on every insert).
    email_html = fields.Text(string="E-mail Sent (HTML)", readonly=True, copy=False)
    email_body = fields.Html(
        string="Message Sent",
        compute="_compute_email_body",
        help="The e-mail as the customer received it.",
    )
    # For the e-mail templates: plain field paths, which Odoo fills in
    # without evaluating code (see mail_allowed_qweb_expressions).
    mail_partner_id = fields.Many2one(
        "res.partner",
        string="E-mailed To",
        compute="_compute_mail_partner_id",
        help="Who the e-mail goes to, in whose language: the invoice address "
        "it was sent to, else the customer.",
    )
    mail_email_from = fields.Char(
        string="E-mailed From",
        compute="_compute_mail_email_from",
        help="The company's e-mail address, else the sender's.",
    )
    email_state = fields.Selection(
        [
            ("queued", "In the Outgoing Queue"),
            ("sent", "Delivered to the Mail Server"),
            ("failed", "Failed"),
            ("bounced", "Bounced"),
        ],
        readonly=True,
        copy=False,
    )
    letter_state = fields.Selection(
        [("to_print", "In the Print Queue"), ("printed", "Printed")],
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    date_sent = fields.Date(
        string="Sent On",
        readonly=True,
        copy=False,
        help="When the reminder went out: later than its date when it was "
        "reviewed first.",
    )
    letter_date = fields.Date(
        string="Printed On",
        readonly=True,
        copy=False,
        help="When the letter left the print queue: a consumer's 14 days "
        "count from it.",
    )
    snailmail_letter_id = fields.Many2one(
        "snailmail.letter", string="Postal Letter", readonly=True, copy=False
    )
    post_state = fields.Selection(
        [
            ("pending", "Waiting to Be Posted"),
            ("posted", "Posted"),
            ("error", "Not Posted"),
        ],
        readonly=True,
        copy=False,
    )
    sms_message_id = fields.Many2one("mail.message", string="SMS", readonly=True)
    sms_state = fields.Selection(
        [("queued", "In the Outgoing Queue"), ("sent", "Sent"), ("error", "Error")],
        string="SMS Status",
        readonly=True,
        copy=False,
    )
    regime = fields.Selection(
        REGIME_SELECTION,
        string="Collection Law",
        readonly=True,
        help="Business: law of 2 August 2002 on late payment in commercial "
        "transactions. Consumer: Book XIX of the Code of Economic Law.",
    )
    claim_ids = fields.One2many(
        "dunning.reminder.claim", "reminder_id", string="Claims", readonly=True
    )
    amount_claimable = fields.Monetary(
        string="May Be Claimed",
        readonly=True,
        help="Late interest to the reminder's date, compensation, damages and "
        "fees the law and our terms allow on top of the invoices.",
    )
    charge_fees = fields.Boolean(
        string="Charges Fees and Interest",
        readonly=True,
        help="Sending this reminder books what it claims on a debit note to "
        "the customer.",
    )
    claim_move_id = fields.Many2one(
        "account.move",
        string="Debit Note",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer debit note that books what this reminder claims.",
    )
    claim_note = fields.Text(
        string="Nothing Claimed Because",
        readonly=True,
        help="Why the reminder claims nothing yet, for a consumer.",
    )
    book19_first = fields.Boolean(
        string="Consumer's First Reminder",
        readonly=True,
        help="The free first reminder of Book XIX: it states the balance, the "
        "damages that will be claimed, our enterprise number, what was sold "
        "and when it was due, and the 14 days to pay.",
    )
    book19_period_end = fields.Date(
        string="Pay Without Costs Until",
        readonly=True,
        help="The 14th day of the period (moved to the next working day): "
        "nothing can be claimed up to this day.",
    )
    book19_damages = fields.Monetary(
        string="Damages If Unpaid",
        readonly=True,
        help="The damages that will be claimed if the balance is not paid "
        "within the period (none without a damages clause in our terms).",
    )
    book19_interest = fields.Selection(
        [("clause_rate", "Our Interest Clause"), ("civil_rate", "Legal Interest Rate")],
        string="Interest If Unpaid",
        readonly=True,
        help="The interest the first reminder announces if the balance is not "
        "paid within the period: our clause's rate, or the ordinary legal "
        "interest rate when our clause is above the rate of commercial "
        "transactions (void for consumers). Empty: no interest.",
    )
    book19_interest_rate = fields.Float(
        string="Interest Rate If Unpaid (%)", readonly=True, digits=(5, 2)
    )
    book19_fee = fields.Monetary(
        string="Fee per Later Reminder",
        readonly=True,
        help="The fee each later reminder will cost, as the first reminder "
        "announces it (none without a fee clause for consumers in our terms).",
    )
    book19_claim_date = fields.Date(
        string="Costs From",
        compute="_compute_book19_claim_date",
        help="The first day on which damages, interest or fees may be "
        "claimed: the first working day after the period.",
    )
    reference = fields.Char(compute="_compute_reference")
    level_name = fields.Char(related="level_id.name", string="Reminder")
    text_level_name = fields.Char(
        compute="_compute_text_level_name",
        compute_sudo=True,  # a portal user reads no levels
        string="Title for the Customer",
        help="How the customer sees this reminder named (in the portal): its "
        "level's name, the first level's for a consumer's first reminder.",
    )

    @api.depends("partner_id", "level_id", "date")
    def _compute_display_name(self):
        for reminder in self:
            reminder.display_name = self.env._(
                "%(level)s to %(customer)s, %(date)s",
                level=reminder.level_id.name or "",
                customer=reminder.partner_id.name or "",
                date=fields.Date.to_string(reminder.date) if reminder.date else "",
            )

    @api.depends("level_id", "book19_first")
    def _compute_text_level_id(self):
        for reminder in self:
            level = reminder.level_id
            if reminder.book19_first and level.policy_id:
                level = level.policy_id._levels()[:1] or level
            reminder.text_level_id = level

    @api.depends("level_id.name", "book19_first")
    def _compute_text_level_name(self):
        for reminder in self:
            reminder.text_level_name = reminder.text_level_id.name

    @api.depends("book19_period_end")
    def _compute_book19_claim_date(self):
        for reminder in self:
            reminder.book19_claim_date = reminder.book19_period_end and (
                add_working_days(reminder.book19_period_end, 1)
            )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for reminder in self:
            reminder.currency_id = (
                reminder.currency_id or reminder.company_id.currency_id
            )

    @api.depends("email_html", "email_message_id")
    def _compute_email_body(self):
        # Shown sanitized, as Odoo shows an outgoing e-mail (mail.mail's
        # body_content); reminders sent before email_html show their
        # message, which then held the whole e-mail.
        for reminder in self:
            reminder.email_body = reminder.email_html or reminder.email_message_id.body

    @api.depends("recipient_id", "partner_id")
    def _compute_mail_partner_id(self):
        for reminder in self:
            reminder.mail_partner_id = reminder.recipient_id or reminder.partner_id

    @api.depends("company_id.email_formatted")
    @api.depends_context("uid")
    def _compute_mail_email_from(self):
        for reminder in self:
            reminder.mail_email_from = (
                reminder.company_id.email_formatted or self.env.user.email_formatted
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for reminder in self:
            reminder.access_url = f"/my/reminders/{reminder.id}"
        return res

    def _compute_reference(self):
        for reminder in self:
            reminder.reference = f"R{reminder.id:06d}" if reminder.id else ""

    @api.model
    def mail_allowed_qweb_expressions(self):
        # The shipped templates' subject, sender, recipient and language:
        # filled in as field paths, without code evaluated per e-mail, and
        # usable by a credit controller who is no template editor.
        return super().mail_allowed_qweb_expressions() + (
            "object.company_id.name",
            "object.mail_email_from",
            "object.mail_partner_id.id",
            "object.mail_partner_id.lang",
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send reminders prepared for review, by the channels that reach."""
        if any(reminder.state != "draft" for reminder in self):
            raise UserError(self.env._("Only reminders to review can be sent."))
        for reminder in self:
            paid = reminder.move_ids.filtered(lambda m: not m.amount_residual)
            if paid:
                raise UserError(
                    self.env._(
                        "%(invoices)s was paid since this reminder was prepared. "
                        "Cancel the reminder: the next run prepares a new one if "
                        "anything is still due.",
                        invoices=", ".join(paid.mapped("name")),
                    )
                )
        self._refresh_before_send()
        self._check_reachable()
        self._check_book19()
        self._send()
        return True

    def _refresh_before_send(self):
        """What goes out is true: the drafts are planned again as the run did
        (a part paid since lowers the amounts); those whose customer must get
        no reminder now (invoices disputed or held back, a customer paused,
        a call to make first...) are refused, with why. A reminder that
        returned to review after a failed delivery keeps what it booked."""
        drafts = self.filtered(lambda r: not r.claim_move_id)
        refused = self.env["dunning.run"]._refresh_drafts(drafts)
        if refused:
            raise UserError(
                "\n".join(
                    self.env._(
                        "The reminder to %(customer)s cannot be sent: %(reason)s. "
                        "Cancel it; the next run cancels it too, and prepares a "
                        "new reminder when something is due again.",
                        customer=draft.partner_id.display_name,
                        reason=reason,
                    )
                    for draft, reason in refused.items()
                )
            )

    def action_cancel(self):
        if any(reminder.state == "cancel" for reminder in self):
            raise UserError(self.env._("This reminder is already cancelled."))
        self._cancel_claims()
        self.write({"state": "cancel"})
        return True

    def action_open_invoices(self):
        self.ensure_one()
        return self.move_ids._get_records_action(
            name=self.env._("Invoices"), context={"create": False}
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _plan_channels(self):
        """``{reminder: (channels, reasons)}`` from the level and the recipient."""
        bounced = {}
        for company, reminders in self.grouped("company_id").items():
            bounced.update(self._bounced_emails(company, reminders.partner_id.ids))
        return {
            reminder: self._channels_for(
                reminder.level_id,
                reminder.recipient_id or reminder.partner_id,
                bounced.get(reminder.partner_id.id),
            )
            for reminder in self
        }

    @api.model
    def _channels_for(self, level, recipient, bounced_email=None):
        """``(channels, reasons)``: how ``level`` can reach ``recipient``;
        ``bounced_email`` is the address the customer's last reminder e-mail
        bounced from, if it did."""
        run = self.env["dunning.run"]
        return level_channels(
            run._level_facts(level), run._recipient_facts(recipient, bounced_email)
        )

    @api.model
    def _bounced_emails(self, company, partner_ids):
        """``{partner id: address}`` for the customers whose last reminder
        e-mail in ``company`` bounced, in one query."""
        if not partner_ids:
            return {}
        self.env["dunning.reminder"].flush_model(
            ["partner_id", "company_id", "email_state", "email_to", "date"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (partner_id) partner_id, email_state, email_to
                  FROM dunning_reminder
                 WHERE company_id = %s
                   AND partner_id = ANY(%s)
                   AND email_state IS NOT NULL
              ORDER BY partner_id, date DESC, id DESC
                """,
                company.id,
                list(partner_ids),
            )
        )
        return {
            partner_id: (email or "").strip()
            for partner_id, state, email in rows
            if state == "bounced"
        }

    def _reason_text(self, reasons):
        texts = {
            "no_email": self.env._("The customer has no e-mail address."),
            "bad_email": self.env._("The e-mail address %s is not valid."),
            "bounced": self.env._("The last reminder e-mail to %s bounced."),
            "no_address": self.env._(
                "The customer's address is incomplete (missing: %s)."
            ),
            "no_phone": self.env._(
                "The customer has no phone number that can receive an SMS."
            ),
            "fallback": self.env._("A letter goes to the print queue instead."),
            "no_channel": self.env._("The level has no channel."),
        }
        field_labels = {
            "street": self.env._("street"),
            "zip": self.env._("postal code"),
            "city": self.env._("city"),
            "country": self.env._("country"),
        }
        lines = []
        for code, detail in reasons:
            if code == "no_address":
                detail = ", ".join(field_labels[key] for key in detail.split(","))
            lines.append(texts[code] % detail if "%s" in texts[code] else texts[code])
        return "\n".join(lines)

    def _check_reachable(self):
        for reminder, (channels, reasons) in self._plan_channels().items():
            if not channels:
                raise UserError(
                    self.env._(
                        "The reminder to %(customer)s cannot be sent: %(reasons)s "
                        "Complete the customer's file, then send it again.",
                        customer=reminder.partner_id.display_name,
                        reasons=self._reason_text(reasons),
                    )
                )

    def _send(self, plans=None):
        """Send draft reminders by every channel that reaches the customer;
        ``plans`` is what ``_plan_channels`` returns, when already known.

        E-mails, SMS and postal letters are queued in this transaction (Odoo's
        queues send them afterwards): if it rolls back, nothing goes out and
        the reminders stay as they were.
        """
        plans = plans or self._plan_channels()
        by_channel = {
            channel: self.browse(
                [r.id for r, (ch, _r) in plans.items() if channel in ch]
            )
            for channel in CHANNELS
        }
        sendable = self.browse([r.id for r, (ch, _r) in plans.items() if ch])
        for reminder in by_channel["email"]:
            email = (reminder.recipient_id or reminder.partner_id).email
            if reminder.email_to != email:
                reminder.email_to = email
        by_channel["email"].write({"send_email": True, "email_state": "queued"})
        by_channel["letter"].write({"send_letter": True, "letter_state": "to_print"})
        by_channel["post"].write({"send_post": True, "post_state": "pending"})
        by_channel["sms"].write({"send_sms": True, "sms_state": "queued"})
        by_note = {}
        for reminder in sendable:
            note = self._reason_text(plans[reminder][1]) or False
            by_note.setdefault(note, []).append(reminder.id)
        for note, ids in by_note.items():
            self.browse(ids).channel_note = note
        today = fields.Date.context_today(self)
        sendable.write({"state": "sent", "draft_reason": False, "date_sent": today})
        sendable._book19_restart(today)
        sendable._book_claims()
        by_channel["email"]._send_emails()
        by_channel["post"]._send_post()
        by_channel["sms"]._send_sms()
        sendable._log_sent()
        return sendable

    def _send_emails(self):
        """Queue one e-mail per reminder, from its level's template, in batch."""
        attachments = self._invoice_attachments()
        self._ensure_invoice_tokens()
        summaries = {
            reminder.id: Markup("<p>%s</p>")
            % self.env._(
                "Payment reminder e-mailed to %(email)s for %(amount)s. The "
                "e-mail as sent is on the reminder's Message Sent tab.",
                email=reminder.email_to,
                amount=reminder._dunning_money(reminder.amount_due),
            )
            for reminder in self
        }
        for template, reminders in self.grouped(lambda r: r._mail_template()).items():
            composer = (
                self.env["mail.compose.message"]
                .with_context(
                    dunning_attachments=attachments,
                    dunning_chatter_summaries=summaries,
                    # The body is compiled once for the batch (see ir_qweb.py).
                    dunning_qweb_cache={},
                )
                .create(
                    {
                        "composition_mode": "mass_mail",
                        "model": self._name,
                        "res_ids": reminders.ids,
                        "template_id": template.id,
                        "auto_delete": False,
                        "auto_delete_keep_log": True,
                        "force_send": False,
                    }
                )
            )
            mails = composer._dunning_send_mass_mail(reminders.ids)
            sent = {mail.res_id: mail for mail in mails}
            for reminder in reminders:
                mail = sent.get(reminder.id)
                reminder.email_message_id = mail and mail.mail_message_id.id
                reminder.email_html = mail and mail.body_html

    def _dunning_money(self, amount):
        """``amount`` in the reminder's currency, as Odoo's format_amount
        writes it, in the language of this record's context (the
        customer's in e-mails and letters). The templates call it for each
        amount, thousands of times per run: the format is made once per
        language and currency in the transaction (``lib/money.py``)."""
        self.ensure_one()
        currency = self.currency_id
        lang = self._dunning_lang()
        # The language's and the currency's own fields are in the key, so
        # an edit of either shows at once.
        key = (
            lang.code,
            lang.decimal_point,
            lang.thousands_sep,
            lang.grouping,
            currency.id,
            currency.symbol,
            currency.position,
            currency.decimal_places,
        )
        formats = self.env.cr.cache.setdefault("dunning_money_formats", {})
        money = formats.get(key)
        if money is None:
            money = formats[key] = MoneyFormat(
                decimals=currency.decimal_places,
                symbol=currency.symbol,
                before=currency.position == "before",
                decimal_point=lang.decimal_point,
                thousands_sep=lang.thousands_sep,
                grouping=lang.grouping,
            )
        return money(currency.round(amount))

    def _dunning_date(self, value):
        """``value``, a date (not a datetime: no time zone is applied), as
        Odoo's format_date writes it in the language of this record's
        context; the e-mails call it for each invoice, its pattern is made
        once per language in the transaction."""
        if not value:
            return ""
        lang = self._dunning_lang()
        # The language's own format is in the key, so an edit shows at once.
        key = (lang.code, lang.date_format)
        patterns = self.env.cr.cache.setdefault("dunning_date_formats", {})
        pattern = patterns.get(key)
        if pattern is None:
            locale = babel_locale_parse(lang.code)
            pattern = patterns[key] = (
                posix_to_ldml(lang.date_format, locale=locale),
                locale,
            )
        return babel_format_date(value, format=pattern[0], locale=pattern[1])

    def _dunning_lang(self):
        """The language data Odoo's format_amount and format_date use: the
        context's when installed (Odoo's cache of it is cleared when a
        language changes), else get_lang's choice."""
        context_lang = self.env.context.get("lang")
        lang = context_lang and self.env["res.lang"]._get_data(code=context_lang)
        return lang if lang and lang.active else get_lang(self.env)

    def _mail_template(self):
        """The e-mail template of this reminder's texts; a consumer's first
        reminder whose first level has none takes the shipped first one,
        never a later level's (formal notice, 8 days)."""
        self.ensure_one()
        template = self.text_level_id.mail_template_id
        if not template and self.text_level_id != self.level_id:
            template = self.env.ref("dunning_be.mail_template_level_1", False)
        return template or self.level_id.mail_template_id

    def _sms_template(self):
        """The SMS template of this reminder's texts (see _mail_template)."""
        self.ensure_one()
        template = self.text_level_id.sms_template_id
        if not template and self.text_level_id != self.level_id:
            template = self.env.ref("dunning_be.sms_template_level_1", False)
        return template or self.level_id.sms_template_id

    def _ensure_invoice_tokens(self):
        """Give the covered invoices the portal access token their link in the
        e-mail needs. portal.mixin writes them one by one, and a write on an
        invoice checks its whole journal entry: the field's own write only
        puts them in the cache, and they reach the database in the UPDATE
        that stores the invoices' new level (each invoice row written once)."""
        moves = self.move_ids.filtered(lambda m: not m.access_token)
        field = moves._fields["access_token"]
        for move in moves:
            field.write(move, str(uuid.uuid4()))

    def _send_post(self):
        """Hand the letters to Odoo's postal service; its queue posts them."""
        if not self:
            return
        report = self.env.ref("dunning_be.action_report_dunning_reminder")
        letters = self.env["snailmail.letter"].create(
            [
                {
                    "model": self._name,
                    "res_id": reminder.id,
                    "partner_id": (reminder.recipient_id or reminder.partner_id).id,
                    "company_id": reminder.company_id.id,
                    "report_template": report.id,
                }
                for reminder in self
            ]
        )
        for reminder, letter in zip(self, letters, strict=True):
            reminder.snailmail_letter_id = letter

    def _send_sms(self):
        """Queue one SMS per reminder, from its level's SMS template."""
        # Odoo's sms module posts SMS one record at a time; they are few.
        for reminder in self:
            recipient = reminder.recipient_id or reminder.partner_id
            message = reminder._message_sms_with_template(
                template=reminder._sms_template(),
                partner_ids=recipient.ids,
                sms_pid_to_number={
                    recipient.id: recipient.phone_sanitized or recipient.phone
                },
                put_in_queue=True,
            )
            reminder.sms_message_id = message

    def _invoice_attachments(self):
        """``{reminder id: [attachment ids]}``: each covered invoice's PDF."""
        owner = {move: reminder for reminder in self for move in reminder.move_ids}
        pdfs = self.move_ids._dunning_pdf_attachments(
            self._name, lambda move: owner[move].id
        )
        return {
            reminder.id: [pdfs[move].id for move in reminder.move_ids if pdfs[move]]
            for reminder in self
        }

    def _log_sent(self):
        """A note on the customer: what went out, how. The invoices list
        their reminders on their form (``dunning_reminder_ids``)."""
        partner_bodies = {}
        for reminder in self:
            body = self.env._(
                "Payment reminder sent: %(level)s, %(how)s, for %(amount)s.",
                level=reminder.level_id.name,
                how=reminder._channels_text(),
                amount=reminder._dunning_money(reminder.amount_due),
            )
            partner_bodies.setdefault(reminder.partner_id.id, []).append(body)
        if partner_bodies:
            self.env["res.partner"].browse(list(partner_bodies))._message_log_batch(
                # Markup's join escapes each note: the line breaks stay tags.
                {
                    pid: Markup("<br/>").join(bodies)
                    for pid, bodies in partner_bodies.items()
                }
            )

    def _channels_text(self):
        """How the reminder went: "by e-mail to x, by letter"."""
        self.ensure_one()
        return ", ".join(
            label
            for flag, label in (
                (self.send_email, self.env._("by e-mail to %s", self.email_to)),
                (self.send_letter, self.env._("by letter")),
                (self.send_post, self.env._("by post")),
                (self.send_sms, self.env._("by SMS")),
            )
            if flag
        )

    def _email_failed(self, status, reason):
        """The e-mail of a sent reminder could not be delivered (``status``
        ``bounce`` or ``exception``)."""
        for reminder in self.filtered(lambda r: r.email_state in ("queued", "sent")):
            text = (
                self.env._(
                    "The e-mail to %(email)s bounced: %(reason)s",
                    email=reminder.email_to,
                    reason=reason,
                )
                if status == "bounce"
                else self.env._(
                    "The e-mail to %(email)s could not be sent: %(reason)s",
                    email=reminder.email_to,
                    reason=reason,
                )
            )
            reminder.email_state = "bounced" if status == "bounce" else "failed"
            reminder._delivery_failed(text)

    def _email_delivered(self):
        self.filtered(lambda r: r.email_state == "queued").email_state = "sent"

    def _follow_channel(self, channel, status, reason):
        """Follow the notification status of a reminder's SMS or postal
        letter (``channel``: ``sms`` or ``post``; see mail.notification)."""
        state_field, states = CHANNEL_STATES[channel]
        state = states.get(status)
        for reminder in self.filtered(lambda r: state and r[state_field] != state):
            reminder[state_field] = state
            if state == "error":
                text = (
                    self.env._("The SMS could not be sent: %s", reason or status)
                    if channel == "sms"
                    else self.env._(
                        "The letter could not be posted: %s", reason or status
                    )
                )
                reminder._delivery_failed(text)

    def _delivery_failed(self, text):
        """A channel failed: say so; a reminder that reached the customer by no
        other channel returns to review, and its invoices to their former
        level, since the customer was not reminded."""
        self.ensure_one()
        reached = (
            self.send_letter
            or (self.send_email and self.email_state in ("queued", "sent"))
            or (self.send_post and self.post_state in ("pending", "posted"))
            or (self.send_sms and self.sms_state in ("queued", "sent"))
        )
        if self.state == "sent" and not reached:
            # A reminder prepared since, at a later level, assumed this one
            # reached the customer: it gives way (one draft per customer).
            later = self.search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "=", self.partner_id.id),
                    ("currency_id", "=", self.currency_id.id),
                    ("state", "=", "draft"),
                ]
            )
            self.env["dunning.run"]._cancel_drafts(
                {
                    draft: self.env._(
                        "Cancelled: the reminder %s before it did not reach the "
                        "customer and returns to review.",
                        self.display_name,
                    )
                    for draft in later
                }
            )
            self.write({"state": "draft", "draft_reason": text})
        self.message_post(body=text)
