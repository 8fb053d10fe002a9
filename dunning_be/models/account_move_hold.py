# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the accountant does about a held invoice: reconcile what pays it,
send it again, or fix the customer's file. The next run checks again."""

from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_dunning_reconcile(self):
        """Match the invoices held as paid with what pays them: the bank
        transaction the run found, else the customer's unmatched payments and
        open credit notes (what the invoice's Outstanding Credits offer)."""
        invoices = self.filtered(
            lambda m: (
                m.dunning_hold == "paid_unmatched"
                and m.state == "posted"
                and m.payment_state in ("not_paid", "partial")
            )
        )
        done = self.browse()
        for company, company_invoices in invoices.grouped("company_id").items():
            run = self.env["dunning.run"].with_company(company)
            used = set()
            for invoice, (_how, line) in run._paid_by_bank(
                company, company_invoices
            ).items():
                if line not in used and invoice._dunning_reconcile_bank_line(line):
                    used.add(line)
                    done |= invoice
            for invoice in company_invoices - done:
                if invoice._dunning_reconcile_credits():
                    done |= invoice
        if not done:
            raise UserError(
                self.env._(
                    "Nothing was found to match with %s any more: the payment "
                    "was matched or changed since the check. Look at the "
                    "invoice's outstanding credits, or run the reminders again "
                    "to check it anew.",
                    ", ".join(self.mapped("name")),
                )
            )
        done._dunning_clear_hold()
        done._message_log_batch(
            dict.fromkeys(
                done.ids,
                self.env._(
                    "Matched with its payment from the list To Check Before Reminding."
                ),
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reconciled"),
                "message": (
                    self.env._("%s is matched with its payment.", done.name)
                    if len(done) == 1
                    else self.env._(
                        "%(count)s invoices matched with their payment: %(names)s.",
                        count=len(done),
                        names=", ".join(done.mapped("name")),
                    )
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_dunning_send_again(self):
        """Odoo's Send dialog, for an invoice whose delivery failed or that
        was never sent."""
        self.ensure_one()
        return self.action_invoice_sent()

    def action_dunning_open_customer(self):
        """The customer's file, to fix its address or end its pause."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _dunning_reconcile_bank_line(self, statement_line):
        """Reconcile this invoice with an unmatched bank statement line: the
        line's suspense item moves to the customer's receivable and is
        matched with the invoice, as Odoo's bank reconciliation does."""
        self.ensure_one()
        receivables = self.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        line = statement_line.with_context(skip_account_move_synchronization=True)
        _liquidity, suspense, _other = line._seek_for_lines()
        if line.is_reconciled or len(suspense) != 1 or len(receivables) != 1:
            return False
        if not line.partner_id:
            line.partner_id = self.commercial_partner_id
        suspense.write(
            {
                "account_id": receivables.account_id.id,
                "partner_id": self.commercial_partner_id.id,
            }
        )
        (suspense | receivables).reconcile()
        return True

    def _dunning_reconcile_credits(self):
        """Apply the customer's outstanding payments and credit notes to this
        invoice, as the Add button of its Outstanding Credits does."""
        self.ensure_one()
        widget = self.invoice_outstanding_credits_debits_widget or {}
        reconciled = False
        for credit in widget.get("content", []):
            if self.payment_state not in ("not_paid", "partial"):
                break
            self.js_assign_outstanding_line(credit["id"])
            reconciled = True
        return reconciled

    def _dunning_clear_hold(self):
        """Hold these invoices back no more: matched by the accountant, or
        handed over to a debt collector. The next run checks them again."""
        self.write(
            {
                "dunning_hold": False,
                "dunning_hold_note": False,
                "dunning_hold_date": False,
            }
        )
