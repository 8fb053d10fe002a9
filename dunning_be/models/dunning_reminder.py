# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..lib.channels import plan_channels


class DunningReminder(models.Model):
    """One reminder sent (or prepared) to one customer at one level."""

    _name = "dunning.reminder"
    _description = "Payment Reminder"
    _inherit = "mail.thread"
    _order = "date desc, id desc"
    _check_company_auto = True

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
    currency_id = fields.Many2one(related="company_id.currency_id")
    policy_id = fields.Many2one("dunning.policy", required=True, readonly=True)
    level_id = fields.Many2one(
        "dunning.level",
        required=True,
        readonly=True,
        help="The highest level the customer's invoices reached on this reminder.",
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
    amount_due = fields.Monetary(
        readonly=True,
        help="What the customer owes: the open amount of the overdue invoices, "
        "less open credit notes and payments not yet matched.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue", readonly=True, help="The open amount of the overdue invoices."
    )
    send_email = fields.Boolean(string="By E-mail", readonly=True)
    send_letter = fields.Boolean(string="By Letter", readonly=True)
    email_to = fields.Char(string="E-mail Address", readonly=True)
    email_message_id = fields.Many2one("mail.message", string="E-mail", readonly=True)
    email_body = fields.Html(
        related="email_message_id.body", string="Message Sent", readonly=True
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
        [("to_print", "To Print"), ("printed", "Printed")], readonly=True, copy=False
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
        self._check_reachable()
        self._send()
        return True

    def action_cancel(self):
        if any(reminder.state == "cancel" for reminder in self):
            raise UserError(self.env._("This reminder is already cancelled."))
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
        return {
            reminder: self._channels_for(
                reminder.level_id, reminder.recipient_id or reminder.partner_id
            )
            for reminder in self
        }

    @api.model
    def _channels_for(self, level, recipient):
        """``(channels, reasons)``: how ``level`` can reach ``recipient``."""
        return plan_channels(
            send_email=level.send_email,
            send_letter=level.send_letter,
            email=recipient.email,
            address={
                "street": recipient.street,
                "zip": recipient.zip,
                "city": recipient.city,
                "country": recipient.country_id,
            },
        )

    def _reason_text(self, reasons):
        texts = {
            "no_email": self.env._("The customer has no e-mail address."),
            "bad_email": self.env._("The e-mail address %s is not valid."),
            "no_address": self.env._(
                "The customer's address is incomplete (missing: %s)."
            ),
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

    def _send(self):
        """Send draft reminders by every channel that reaches the customer.

        The e-mails are queued in this transaction: if it rolls back, nothing
        goes out and the reminders stay as they were.
        """
        plans = self._plan_channels()
        by_email = self.browse([r.id for r, (ch, _r) in plans.items() if "email" in ch])
        by_letter = self.browse(
            [r.id for r, (ch, _r) in plans.items() if "letter" in ch]
        )
        sendable = by_email | by_letter
        for reminder in by_email:
            email = (reminder.recipient_id or reminder.partner_id).email
            if reminder.email_to != email:
                reminder.email_to = email
        by_email.write({"send_email": True, "email_state": "queued"})
        by_letter.write({"send_letter": True, "letter_state": "to_print"})
        sendable.write({"state": "sent", "draft_reason": False})
        by_email._send_emails()
        sendable._log_sent()
        return sendable

    def _send_emails(self):
        """Queue one e-mail per reminder, from its level's template, in batch."""
        attachments = self._invoice_attachments()
        for template, reminders in self.grouped(
            lambda r: r.level_id.mail_template_id
        ).items():
            composer = (
                self.env["mail.compose.message"]
                .with_context(dunning_attachments=attachments)
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
            mails, _messages = composer._action_send_mail()
            by_reminder = {mail.res_id: mail.mail_message_id for mail in mails}
            for reminder in reminders:
                reminder.email_message_id = by_reminder.get(reminder.id)

    def _invoice_attachments(self):
        """``{reminder id: [attachment ids]}``: each covered invoice's PDF.

        An invoice sent from Odoo has its PDF stored: that one is attached.
        The others are rendered together, in one go, for these reminders only.
        """
        moves = self.move_ids
        stored = {move: move.invoice_pdf_report_id for move in moves}
        missing = moves.filtered(lambda m: not stored[m])
        if missing:
            stored.update(self._render_invoice_pdfs(missing))
        return {
            reminder.id: [stored[move].id for move in reminder.move_ids if stored[move]]
            for reminder in self
        }

    def _render_invoice_pdfs(self, moves):
        """Render the invoices' PDFs, in one wkhtmltopdf run when it can split
        them again (a patched Qt build), as Odoo does when it sends several
        invoices, and keep them on the reminders."""
        report = self.env.ref("account.account_invoices")
        reports = self.env["ir.actions.report"].with_company(moves.company_id[:1])
        groups = [moves] if _wkhtml().is_patched_qt else list(moves)
        parts, report_type = {}, "pdf"
        for group in groups:
            content, report_type = reports._pre_render_qweb_pdf(
                report.report_name, res_ids=group.ids
            )
            parts.update(
                reports._get_splitted_report(report.report_name, content, report_type)
            )
        # Under tests Odoo renders HTML instead of running wkhtmltopdf.
        pdf = report_type == "pdf"
        owner = {move: reminder for reminder in self for move in reminder.move_ids}
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": move._get_invoice_report_filename(
                        extension="pdf" if pdf else "html"
                    ),
                    "raw": parts[move.id],
                    "mimetype": "application/pdf" if pdf else "text/html",
                    "res_model": self._name,
                    "res_id": owner[move].id,
                }
                for move in moves
            ]
        )
        return dict(zip(moves, attachments, strict=True))

    def _log_sent(self):
        """A note on the customer and on each invoice: what went out, how."""
        partner_bodies, move_bodies = {}, {}
        for reminder in self:
            how = ", ".join(
                label
                for flag, label in (
                    (
                        reminder.send_email,
                        self.env._("by e-mail to %s", reminder.email_to),
                    ),
                    (reminder.send_letter, self.env._("by letter")),
                )
                if flag
            )
            body = self.env._(
                "Payment reminder sent: %(level)s, %(how)s, for %(amount)s.",
                level=reminder.level_id.name,
                how=how,
                amount=reminder.currency_id.format(reminder.amount_due),
            )
            partner_bodies.setdefault(reminder.partner_id.id, []).append(body)
            for move in reminder.move_ids:
                move_bodies[move.id] = body
        if partner_bodies:
            self.env["res.partner"].browse(list(partner_bodies))._message_log_batch(
                # Markup's join escapes each note: the line breaks stay tags.
                {
                    pid: Markup("<br/>").join(bodies)
                    for pid, bodies in partner_bodies.items()
                }
            )
        if move_bodies:
            self.env["account.move"].browse(list(move_bodies))._message_log_batch(
                move_bodies
            )

    def _email_failed(self, status, reason):
        """The e-mail of a sent reminder could not be delivered: back to review.

        Unless a letter went out too, the customer was not reminded: the
        reminder returns to "to review" and its invoices to their former level.
        """
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
            vals = {"email_state": "bounced" if status == "bounce" else "failed"}
            if reminder.state == "sent" and not reminder.send_letter:
                vals.update(state="draft", draft_reason=text)
            reminder.write(vals)
            reminder.message_post(body=text)

    def _email_delivered(self):
        self.filtered(lambda r: r.email_state == "queued").email_state = "sent"
