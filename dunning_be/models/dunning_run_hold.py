# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our own administration first: the invoices the run holds back, and the
companies whose bank feed is too old to trust, read in a few queries per
batch; the rules are in lib/holds.py."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.belgian_law import from_float
from ..lib.holds import BankIndex, BankLine, digits, feed_is_stale


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    # ------------------------------------------------------------------
    # The company: can "unpaid" be trusted?
    # ------------------------------------------------------------------

    @api.model
    def _last_bank_line_date(self, company):
        """The date of ``company``'s newest bank statement line, or None."""
        self.env["account.bank.statement.line"].flush_model(["company_id", "move_id"])
        self.env["account.move"].flush_model(["date"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT MAX(move.date)
                  FROM account_bank_statement_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.company_id = %s
                """,
                company.id,
            )
        )
        return rows[0][0]

    @api.model
    def _bank_feed_warning(self, company, on_date):
        """``(stop, message)``: whether the run must stop for ``company``
        because its bank feed is stale, and what to tell the accountant."""
        last = self._last_bank_line_date(company)
        if last is None:
            return False, self.env._(
                "%(company)s has no bank statement line: payments can't be "
                "checked against the bank before reminding.",
                company=company.name,
            )
        if feed_is_stale(last, on_date, company.dunning_bank_feed_days):
            return True, self.env._(
                "Nothing was sent for %(company)s: its newest bank statement "
                "line is of %(date)s, more than %(days)s working days ago, so "
                "what is unpaid can't be trusted. Import the bank statements, "
                "then run the reminders again.",
                company=company.name,
                date=fields.Date.to_string(last),
                days=company.dunning_bank_feed_days,
            )
        return False, False

    # ------------------------------------------------------------------
    # Reading: what the holds of lib/run_plan.py need
    # ------------------------------------------------------------------

    @api.model
    def _read_hold_facts(self, company, invoices):
        """``(bank index, failures)``: the company's unreconciled bank lines
        (a lib.holds.BankIndex, None when there is none) and ``{invoice id:
        failure}`` for the overdue ``invoices`` whose delivery failed (see
        ``_delivery_failures``)."""
        if not invoices:
            return None, {}
        index = self._bank_index(company, invoices.commercial_partner_id)
        return index, self._delivery_failures(invoices)

    @api.model
    def _bank_index(self, company, partners):
        """The lib.holds.BankIndex of ``company``'s unreconciled bank lines
        that receive money, each with the customers it comes from: its
        partner, or one of ``partners`` whose bank account paid it. None when
        there is no such line."""
        lines = self.env["account.bank.statement.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("is_reconciled", "=", False),
                ("amount", ">", 0),
            ],
            [
                "payment_ref",
                "amount",
                "partner_id",
                "account_number",
                "partner_name",
                "date",
                "currency_id",
            ],
        )
        if not lines:
            return None
        by_account = defaultdict(set)
        for bank in partners.bank_ids:
            by_account[digits(bank.acc_number)].add(
                bank.partner_id.commercial_partner_id.id
            )
        return BankIndex(
            [
                BankLine(
                    key=line.id,
                    text=f"{line.payment_ref or ''} {line.partner_name or ''}",
                    amount=from_float(line.amount),
                    customers=frozenset(
                        {line.partner_id.commercial_partner_id.id}
                        | by_account.get(digits(line.account_number), set())
                    )
                    - {False},
                )
                for line in lines
            ]
        )

    @api.model
    def _paid_by_bank(self, company, invoices):
        """``{invoice: (how, statement line)}``: invoices that an unreconciled
        bank statement line pays (by structured reference, number or exact
        amount from the customer), as the run's hold finds them."""
        index = invoices and self._bank_index(company, invoices.commercial_partner_id)
        if not index:
            return {}
        Line = self.env["account.bank.statement.line"]
        paid = {}
        for invoice in invoices:
            found = index.match(
                invoice.name,
                invoice.payment_reference,
                from_float(invoice.amount_residual_signed),
                invoice.commercial_partner_id.id,
            )
            if found:
                paid[invoice] = (found[0], Line.browse(found[1].key))
        return paid

    @api.model
    def _delivery_failures(self, invoices):
        """``{invoice id: failure}``: invoices the customer may never have
        received: their last e-mail bounced, failed or still waits in the
        queue (``(status, address)``), their Peppol sending failed
        (``("peppol",)``), or the address they go to is blacklisted
        (``("blacklisted", address)``)."""
        if not invoices:
            return {}
        self.env["mail.notification"].flush_model(
            ["mail_message_id", "notification_type", "notification_status"]
        )
        self.env["mail.message"].flush_model(
            ["model", "res_id", "date", "message_type"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "email"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (message.res_id) message.res_id,
                       notification.notification_status, partner.email
                  FROM mail_notification notification
                  JOIN mail_message message
                    ON message.id = notification.mail_message_id
                  JOIN account_move move ON move.id = message.res_id
                  -- E-mails to the customer only, not our users' notices.
                  JOIN res_partner partner
                    ON partner.id = notification.res_partner_id
                   AND partner.commercial_partner_id = move.commercial_partner_id
                 WHERE message.model = 'account.move'
                   AND message.res_id = ANY(%s)
                   AND message.message_type != 'user_notification'
                   AND notification.notification_type = 'email'
              ORDER BY message.res_id, message.date DESC, message.id DESC,
                       notification.notification_status IN ('bounce', 'exception')
                       DESC
                """,
                invoices.ids,
            )
        )
        failed = {
            move_id: (status, email or "?")
            for move_id, status, email in rows
            if status in ("bounce", "exception", "ready")
        }
        # Only the addresses of these invoices: a narrow read of the list of
        # addresses that refuse e-mail.
        emails = {
            partner.email_normalized
            for partner in invoices.partner_id | invoices.commercial_partner_id
            if partner.email_normalized
        }
        blacklisted = set(
            self.env["mail.blacklist"]
            .sudo()
            .search_fetch([("email", "in", list(emails))], ["email"])
            .mapped("email")
        )
        peppol = "peppol_move_state" in invoices._fields
        for invoice in invoices:
            if invoice.id in failed:
                continue
            if peppol and invoice.peppol_move_state == "error":
                failed[invoice.id] = ("peppol",)
                continue
            # Mostly none is blacklisted: no partners to look at then.
            address = blacklisted and next(
                (
                    p.email_normalized
                    for p in invoice.partner_id | invoice.commercial_partner_id
                    if p.email_normalized in blacklisted
                ),
                None,
            )
            if address:
                failed[invoice.id] = ("blacklisted", address)
        return failed

    # ------------------------------------------------------------------
    # Texts
    # ------------------------------------------------------------------

    @api.model
    def _hold_notes(self, holds):
        """``{invoice: (reason, note)}`` of the decided ``{invoice id:
        lib.run_plan.Hold}``: the note the accountant reads on the invoice."""
        moves = self.env["account.move"].browse(list(holds))
        # The bank lines the notes name, read together.
        lines = self.env["account.bank.statement.line"].browse(
            {h.detail[2] for h in holds.values() if h.detail[:1] == ("bank",)}
        )
        lines = {line.id: line for line in lines}
        return {
            move: (holds[move.id].reason, self._hold_note(holds[move.id], lines))
            for move in moves
        }

    @api.model
    def _hold_note(self, hold, lines):
        detail = hold.detail
        if hold.reason == "paused":
            return self.env._(
                "No reminders for this customer until %s.",
                fields.Date.to_string(detail[0]),
            )
        if hold.reason == "paid_unmatched" and detail[0] == "bank":
            return self._bank_note(detail[1], lines[detail[2]])
        if hold.reason == "paid_unmatched":
            return self.env._(
                "Covered by %s, not yet matched with the invoice.",
                ", ".join(detail[1]),
            )
        if hold.reason == "delivery_failed":
            return self._delivery_note(detail)
        if hold.reason == "never_sent":
            return self.env._("It was never sent from Odoo: send it first.")
        if hold.reason == "no_payment_term":
            return self.env._("It has no payment term: it was due on its date.")
        # bad_address: the reasons no channel reaches the customer.
        return self.env["dunning.reminder"]._reason_text(detail).replace("\n", " ")

    @api.model
    def _delivery_note(self, failure):
        texts = {
            "bounce": self.env._("The invoice's e-mail to %s bounced."),
            "exception": self.env._("The invoice's e-mail to %s could not be sent."),
            "ready": self.env._(
                "The invoice's e-mail to %s is still in the outgoing queue."
            ),
        }
        if failure[0] == "peppol":
            return self.env._("Its sending by Peppol failed.")
        if failure[0] == "blacklisted":
            return self.env._(
                "The address %s refuses our e-mails (blacklisted).", failure[1]
            )
        return texts[failure[0]] % failure[1]

    @api.model
    def _bank_note(self, how, line):
        texts = {
            "reference": self.env._(
                "The bank transaction of %(date)s (%(amount)s) carries its "
                "payment reference: reconcile it with the invoice."
            ),
            "number": self.env._(
                "The bank transaction of %(date)s (%(amount)s) mentions its "
                "number: reconcile it with the invoice."
            ),
            "amount": self.env._(
                "The bank transaction of %(date)s comes from the customer for "
                "exactly its open amount (%(amount)s): reconcile it with the "
                "invoice."
            ),
        }
        return texts[how] % {
            "date": fields.Date.to_string(line.date),
            "amount": line.currency_id.format(line.amount),
        }

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    @api.model
    def _store_holds(self, company, partner_ids, holds, on_date):
        """Write the holds of these customers' invoices and clear those whose
        cause went away, in two queries. Raw SQL: the ORM would write each
        invoice on its own, and check the whole journal entry each time; the
        hold is the run's note, not accounting."""
        Move = self.env["account.move"]
        Move.flush_model(["dunning_hold", "dunning_hold_note", "dunning_hold_date"])
        ids = [move.id for move in holds]
        if ids:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE account_move move
                       SET dunning_hold = held.reason,
                           dunning_hold_note = held.note,
                           dunning_hold_date = CASE
                               WHEN move.dunning_hold = held.reason
                               THEN move.dunning_hold_date ELSE %s END
                      FROM (SELECT UNNEST(%s::int[]) AS id,
                                   UNNEST(%s::varchar[]) AS reason,
                                   UNNEST(%s::varchar[]) AS note) held
                     WHERE move.id = held.id
                    """,
                    on_date,
                    ids,
                    [reason for reason, _note in holds.values()],
                    [note for _reason, note in holds.values()],
                )
            )
        self.env.cr.execute(
            SQL(
                """
                UPDATE account_move
                   SET dunning_hold = NULL, dunning_hold_note = NULL,
                       dunning_hold_date = NULL
                 WHERE company_id = %s
                   AND commercial_partner_id = ANY(%s)
                   AND dunning_hold IS NOT NULL
                   AND dunning_hold != 'disputed'
                   AND id != ALL(%s)
                """,
                company.id,
                list(partner_ids),
                ids,
            )
        )
        Move.invalidate_model(
            ["dunning_hold", "dunning_hold_note", "dunning_hold_date"]
        )
