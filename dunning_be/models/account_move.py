# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.base.models.ir_actions_report import _wkhtml

HOLD_SELECTION = [
    ("paid_unmatched", "Paid, Not Yet Matched"),
    ("disputed", "Disputed"),
    ("paused", "Customer Paused"),
    ("delivery_failed", "Delivery Failed"),
    ("bad_address", "Badly Addressed"),
    ("never_sent", "Never Sent"),
    ("no_payment_term", "No Payment Term"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_line_ids = fields.One2many(
        "dunning.reminder.line",
        "move_id",
        string="Reminder Lines",
        readonly=True,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    dunning_reminder_ids = fields.Many2many(
        "dunning.reminder",
        "dunning_reminder_account_move_rel",
        "move_id",
        "reminder_id",
        string="Reminders",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    dunning_level_id = fields.Many2one(
        "dunning.level",
        string="Reminder Level",
        compute="_compute_dunning_level",
        store=True,
        index="btree_not_null",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The last reminder level this invoice reached.",
    )
    dunning_last_date = fields.Date(
        string="Last Reminder",
        compute="_compute_dunning_level",
        store=True,
        groups="account.group_account_invoice,account.group_account_readonly",
        help="When this invoice's last reminder level was sent.",
    )

    dunning_claim_reminder_id = fields.Many2one(
        "dunning.reminder",
        string="Claimed by Reminder",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="This debit note books the fees and interest of that reminder: "
        "no interest or compensation is claimed on it in turn.",
    )

    dunning_hold = fields.Selection(
        HOLD_SELECTION,
        string="Held Back",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Why the reminder run leaves this invoice out: our own side must "
        "be in order first. The next run checks again and clears it when the "
        "cause went away.",
    )
    dunning_hold_note = fields.Char(string="Why Held Back", readonly=True, copy=False)
    dunning_hold_date = fields.Date(string="Held Since", readonly=True, copy=False)

    dunning_disputed = fields.Boolean(
        string="Disputed",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer disputes this invoice: no reminder is sent for it "
        "until the dispute is resolved.",
    )
    dunning_dispute_reason = fields.Text(
        string="Dispute", readonly=True, copy=False, help="What the customer disputes."
    )
    dunning_dispute_date = fields.Date(string="Disputed On", readonly=True, copy=False)

    @api.depends(
        "dunning_line_ids.advanced",
        "dunning_line_ids.reminder_id.state",
        "dunning_handover_ids.date_withdrawn",
    )
    def _compute_dunning_level(self):
        # A level counts once sent: a reminder back to review or cancelled
        # gives the invoice its former level again. A hand-over withdrawn
        # counts as that level's date: the next step waits its gap again.
        # Plain loops: the run recomputes it for every invoice it reminds.
        for move in self:
            last = max(
                (
                    (line.reminder_id.date, line.level_id.delay, line.id, line)
                    for line in move.dunning_line_ids
                    if line.advanced and line.reminder_id.state == "sent"
                ),
                key=lambda item: item[:3],
                default=None,
            )
            if not last:
                move.dunning_level_id = False
                move.dunning_last_date = False
                continue
            move.dunning_level_id = last[3].level_id
            move.dunning_last_date = max(
                [
                    last[0],
                    *(
                        handover.date_withdrawn
                        for handover in move.dunning_handover_ids
                        if handover.date_withdrawn
                    ),
                ]
            )

    def action_dunning_resolve_dispute(self):
        """The dispute is settled: the invoice goes back into the reminders,
        at the level it had."""
        disputed = self.filtered("dunning_disputed")
        disputed._dunning_set_dispute(False)
        return True

    def _dunning_set_dispute(self, reason, on_date=None):
        """Take the invoices out of the reminders (``reason``) or put them back
        (``False``), with Odoo's own "no follow-up" flag (an invoice with a
        debt collector keeps it)."""
        self.write(
            {
                "dunning_disputed": bool(reason),
                "dunning_dispute_reason": reason or False,
                "dunning_dispute_date": on_date if reason else False,
                "dunning_hold": "disputed" if reason else False,
                "dunning_hold_note": reason or False,
                "dunning_hold_date": on_date if reason else False,
            }
        )
        self._dunning_sync_followup()
        body = (
            self.env._(
                "Disputed by the customer: %s. No reminder until resolved.", reason
            )
            if reason
            else self.env._("Dispute resolved: the invoice is reminded again.")
        )
        self._message_log_batch(dict.fromkeys(self.ids, body))

    def _dunning_pdf_attachments(self, res_model, res_id_of):
        """``{invoice: attachment}``: each invoice's PDF, for a reminder or a
        call (``res_model``, ``res_id_of(invoice)``) to send.

        An invoice sent from Odoo has its PDF stored: that one is used. The
        others are rendered in one wkhtmltopdf run when it can split them
        again (a patched Qt build), as Odoo does when it sends several
        invoices, and kept on the reminder or call.
        """
        pdfs = {move: move.invoice_pdf_report_id for move in self}
        missing = self.filtered(lambda m: not pdfs[m])
        if not missing:
            return pdfs
        report = self.env.ref("account.account_invoices")
        reports = self.env["ir.actions.report"].with_company(missing.company_id[:1])
        groups = [missing] if _wkhtml().is_patched_qt else list(missing)
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
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": move._get_invoice_report_filename(
                        extension="pdf" if pdf else "html"
                    ),
                    "raw": parts[move.id],
                    "mimetype": "application/pdf" if pdf else "text/html",
                    "res_model": res_model,
                    "res_id": res_id_of(move),
                }
                for move in missing
            ]
        )
        pdfs.update(zip(missing, attachments, strict=True))
        return pdfs
