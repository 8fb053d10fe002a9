# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminder letter: what it shows, and printing many as one PDF.

The letters are put together into one HTML document and rendered in a single
wkhtmltopdf run, each with its own header (see ir_actions_report.py). When a
level prints the invoices with its letters, the PDF is cut again at each
letter's reference, printed on its first page.

A letter is dated the day it is printed, or handed to the post: its days late
and its late interest count to that day, while the reminder keeps the day it
was decided (its ``date``). What a letter claims but was not booked is
brought to that day when it goes (``_date_letters``); booked, it shows what
was booked.
"""

import io
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_round
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from ..lib.belgian_law import MissingRateError, add_working_days
from ..lib.claims import Claim, reminder_claim
from ..lib.references import epc_remittance, structured_reference_be_valid

LETTER_REPORT = "dunning_be.report_dunning_reminder"
KIND_ORDER = {"invoice": 0, "credit_note": 1, "payment": 2}
# A letter in the print queue for more than this many working days shows on
# the overview: the customer's periods and the figures wait with it.
LETTER_QUEUE_DAYS = 3
# What a claim line keeps when the letter's claims are brought to its day.
CLAIM_FIELDS = ("kind", "base", "date_from", "date_to", "amount", "explanation")


class DunningReminder(models.Model):
    _inherit = "dunning.reminder"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_print_letters(self):
        """Print the letters waiting in the print queue (these reminders', or
        all of the current companies' when none is chosen) as one PDF, and
        mark them printed in the same transaction."""
        letters = self.filtered(lambda r: r.letter_state == "to_print")
        if not self:
            letters = self.search(
                [
                    ("letter_state", "=", "to_print"),
                    ("company_id", "in", self.env.companies.ids),
                ],
                order="partner_id, id",
            )
        if not letters:
            raise UserError(self.env._("No letter is waiting in the print queue."))
        today = fields.Date.context_today(self)
        # Dated today before they are rendered: the PDF shows today's figures.
        letters._date_letters(today)
        letters.letter_state = "printed"
        pdf = letters._letters_pdf()
        # No res_model: only the user who printed the batch (and the
        # administrators) can open it.
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Payment reminder letters %(date)s.pdf",
                    date=fields.Date.to_string(today),
                ),
                "raw": pdf,
                "mimetype": "application/pdf",
            }
        )
        letters._message_log_batch(
            dict.fromkeys(letters.ids, self.env._("The letter was printed."))
        )
        # As Odoo's own "Send & Print" downloads (account.move.send.wizard):
        # "close" makes the web client call the button's onClose once the
        # download is opened, and the list or form it was clicked in reloads
        # (the letters leave the queue before your eyes). "download" would
        # open the URL the same way but never reload the view.
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "close": True,
        }

    @api.model
    def _letters_waiting_domain(self, company, today):
        """The letters of ``company`` in the print queue for more than
        ``LETTER_QUEUE_DAYS`` working days on ``today``: put there (the day
        the reminder was sent) on a day whose ``LETTER_QUEUE_DAYS``-th
        working day after is before ``today``."""
        latest = today - timedelta(days=1)
        while add_working_days(latest, LETTER_QUEUE_DAYS) >= today:
            latest -= timedelta(days=1)
        return [
            ("company_id", "=", company.id),
            ("letter_state", "=", "to_print"),
            "|",
            ("date_sent", "<=", latest),
            "&",
            ("date_sent", "=", False),
            ("date", "<=", latest),
        ]

    # ------------------------------------------------------------------
    # The letter's day
    # ------------------------------------------------------------------

    def _letter_day(self):
        """The day the letter is dated, to which its days late and its
        interest count: the day it was printed or handed to the post; until
        then (a preview, a letter in the print queue or waiting for the
        post, a reminder to review) today, never before the reminder's date.
        A reminder that went without paper (an e-mail) is printed as a copy
        of what was sent: the day it was sent."""
        self.ensure_one()
        if self.letter_date:
            return self.letter_date
        if self.state != "draft" and not (self.send_letter or self.send_post):
            return self.date_sent or self.date
        return max(fields.Date.context_today(self), self.date)

    def _date_letters(self, day):
        """These letters go on ``day`` (printed, or handed to the post): a
        consumer's 14 days count from it, what they claim without booking it
        runs to it, and they are dated so."""
        self._book19_restart(day)
        for reminder, vals in self._claims_on(day).items():
            reminder.write(
                {
                    "claim_ids": [
                        Command.clear(),
                        *(
                            Command.create(dict(line, sequence=sequence))
                            for sequence, line in enumerate(vals, start=1)
                        ),
                    ],
                    "amount_claimable": reminder.currency_id.round(
                        sum(line["amount"] for line in vals)
                    ),
                }
            )
        self.letter_date = day

    def _letter_claims(self, day):
        """What the letter dated ``day`` claims on top of the invoices, as
        claim lines: those booked on the debit note as they were booked;
        otherwise the reminder's, with the interest run to ``day`` (new
        records, nothing is written: a preview)."""
        self.ensure_one()
        vals = self._claims_on(day).get(self)
        if vals is None:
            return self.claim_ids
        claims = self.env["dunning.reminder.claim"]
        return claims.union(
            *(
                claims.new(dict(line, sequence=sequence, reminder_id=self.id))
                for sequence, line in enumerate(vals, start=1)
            )
        )

    def _claims_on(self, day):
        """``{reminder: [claim line values]}`` for those of these reminders
        whose claims must be brought to ``day``: not booked (a debit note
        shows what it booked), not yet dated (a printed letter keeps the
        figures it was printed with) and decided before ``day``.

        Late interest runs by the day: it is computed again to ``day`` by the
        run's own claim code (``_claim_facts``, lib.claims.reminder_claim),
        with the payments received since. The fixed amounts (compensation,
        damages, fees) are what the reminder decided, and stay. A reminder
        whose interest cannot be computed (no rate known, no exchange rate)
        keeps its figures."""
        todo = self.filtered(
            lambda r: (
                not r.claim_move_id and not r.letter_date and r.regime and r.date < day
            )
        )
        # Imported here: dunning_run_claim extends dunning.run, which is
        # defined after this module (models/__init__.py).
        from .dunning_run_records import Formats

        result = {}
        run = self.env["dunning.run"]
        for company, reminders in todo.grouped("company_id").items():
            invoices = reminders.move_ids.filtered(
                lambda m: not m.dunning_claim_reminder_id
            )
            facts, _booked = run._claim_facts(invoices, day, own_currency=True)
            (rates, _m), (civil_rates, _m) = self.env[
                "dunning.legal.rate"
            ]._rate_tables(company, day)
            euro_rates = run._euro_rates(company, day, reminders.currency_id)
            for reminder in reminders:
                terms = company._dunning_terms(
                    reminder.regime, reminder.partner_id.dunning_subscription
                )
                if reminder.currency_id != company.currency_id:
                    if euro_rates.get(reminder.currency_id) is None:
                        continue
                    terms = terms.in_currency(euro_rates[reminder.currency_id])
                # In the run's order: by due date.
                moves = (reminder.move_ids & invoices).sorted(
                    lambda m: (m.invoice_date_due, m.id)
                )
                try:
                    claim = reminder_claim(
                        [facts[move.id] for move in moves],
                        terms,
                        day,
                        rates,
                        by_letter=True,
                        civil_rates=civil_rates,
                    )
                except MissingRateError:
                    continue
                interest = Claim(
                    lines=tuple(line for line in claim.lines if line.kind == "interest")
                )
                # In the customer's language, as the run wrote them.
                lang = (
                    reminder.recipient_id.lang
                    or reminder.partner_id.lang
                    or self.env.lang
                )
                texts = run.with_context(lang=lang)
                vals = texts._claim_vals(
                    interest, moves, Formats(texts.env, reminder.currency_id), terms
                )
                for line in vals:
                    line.pop("sequence")
                kept = reminder.claim_ids.filtered(lambda c: c.kind != "interest")
                result[reminder] = vals + [
                    {
                        "move_id": line.move_id.id,
                        **{name: line[name] for name in CLAIM_FIELDS},
                    }
                    for line in kept.sorted("sequence")
                ]
        return result

    # ------------------------------------------------------------------
    # What the letter shows
    # ------------------------------------------------------------------

    def _letter_lines(self):
        """The open items in the letter's order: invoices by due date, then
        credit notes and payments that are netted."""
        self.ensure_one()
        return self.line_ids.sorted(
            lambda line: (
                KIND_ORDER[line.kind],
                line.date_due or line.date or fields.Date.today(),
                line.id,
            )
        )

    def _payment_bank(self):
        """The company's account the customer pays to: the invoices' own."""
        self.ensure_one()
        return (
            self.move_ids.partner_bank_id[:1]
            or self.company_id.partner_id.bank_ids.filtered("allow_out_payment")[:1]
            or self.company_id.partner_id.bank_ids[:1]
        )

    def _claim_reference(self):
        """The structured communication of the debit note that books what
        this reminder claims, or False when it has none or a wrong one."""
        self.ensure_one()
        reference = self.claim_move_id.payment_reference
        return reference if structured_reference_be_valid(reference) else False

    def _payment_references(self):
        """``[(invoice, reference)]``: the invoices' own Belgian structured
        communications, as Odoo gave them; an invoice without a valid one
        (check digits 00 or wrong, which a bank refuses) is left out, never
        given an invented one."""
        self.ensure_one()
        return [
            (line.move_id, line.move_id.payment_reference)
            for line in self._letter_lines()
            if line.kind == "invoice"
            and structured_reference_be_valid(line.move_id.payment_reference)
        ]

    def _payment_qr_values(self):
        """The arguments of Odoo's SEPA QR code (account_qr_code_sepa) for the
        total due, or None when there is nothing to pay, no account, or the
        reminder is not in euro (an EPC QR code pays euro only).

        The bank account comes with the context key ``dunning_be_epc_qr``, so
        that the payload keeps to EPC069-12's limits (see res_partner_bank.py);
        the remittance is at most 140 characters by itself (``_payment_text``).
        """
        self.ensure_one()
        bank = self._payment_bank()
        if (
            not bank
            or self.currency_id.name != "EUR"
            or self.currency_id.compare_amounts(self.amount_due, 0) <= 0
        ):
            return None
        invoices = self.line_ids.filtered(lambda line: line.kind == "invoice")
        references = self._payment_references()
        structured = ""
        free = self._payment_text()
        # One invoice paid in full: its own reference lets the bank match it.
        if len(invoices) == 1 and references and len(self.line_ids) == 1:
            structured, free = references[0][1], ""
        return {
            "bank": bank.with_context(dunning_be_epc_qr=True),
            "amount": float_round(
                self.amount_due, precision_rounding=self.currency_id.rounding
            ),
            "free_communication": free,
            "structured_communication": structured,
            "currency": self.currency_id,
            "debtor_partner": self.partner_id,
        }

    def _payment_text(self):
        """The free communication of the QR code's transfer: the invoice
        numbers, which the bank reconciliation finds; for more than fit in
        the 140 characters of EPC069-12, the reminder's reference first (it
        is on the letter and leads to every invoice), then as many numbers as
        fit and how many more, in the letter's language."""
        self.ensure_one()
        numbers = (
            self._letter_lines()
            .filtered(lambda line: line.kind == "invoice")
            .move_id.mapped("name")
        )
        return epc_remittance(
            numbers,
            lambda invoices, count: self.env._(
                "Reminder %(reference)s: %(invoices)s + %(count)s more",
                reference=self.reference,
                invoices=invoices,
                count=count,
            ),
        )

    def _payment_qr(self):
        """The EPC QR code image (a data URI), or None."""
        values = self._payment_qr_values()
        if not values:
            return None
        bank = values.pop("bank")
        return bank.build_qr_code_base64(qr_method="sct_qr", **values)

    # ------------------------------------------------------------------
    # Printing
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        # The portal names the downloaded letter after it (_show_report,
        # _get_http_headers).
        self.ensure_one()
        return self.env._(
            "Payment reminder %(reference)s %(customer)s",
            reference=self.reference,
            customer=self.partner_id.name,
        )

    def _letters_pdf(self, with_invoices=True):
        """These reminders' letters as one PDF, from one wkhtmltopdf run; each
        followed by its invoices when its level asks for them."""
        pdf = self.env["ir.actions.report"]._dunning_joined_pdf(LETTER_REPORT, self)
        to_attach = self.filtered("level_id.letter_attach_invoices")
        if not with_invoices or not to_attach:
            return pdf
        return self._append_invoices(pdf, to_attach._invoice_attachments())

    def _append_invoices(self, pdf, attachments):
        """Put each letter's invoices right after it.

        ``attachments`` is ``{reminder id: [attachment ids]}``. The letters are
        found by their reference on their first page; should one not be found
        (a PDF without text), the letters are rendered one by one instead.
        """
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        texts = [page.extract_text() or "" for page in reader.pages]
        starts, page = [], 0
        for reminder in self:
            found = next(
                (i for i in range(page, len(texts)) if reminder.reference in texts[i]),
                None,
            )
            if found is None:
                return self._merge(
                    [
                        (
                            PdfFileReader(
                                io.BytesIO(r._letters_pdf(with_invoices=False)),
                                strict=False,
                            ).pages,
                            attachments.get(r.id),
                        )
                        for r in self
                    ]
                )
            starts.append(found)
            page = found + 1
        ends = [*starts[1:], len(texts)]
        return self._merge(
            [
                (
                    [reader.pages[i] for i in range(start, end)],
                    attachments.get(reminder.id),
                )
                for reminder, start, end in zip(self, starts, ends, strict=True)
            ]
        )

    def _merge(self, parts):
        """One PDF from ``[(pages, attachment ids)]``: each part's pages, then
        its PDF attachments."""
        writer = PdfFileWriter()
        for pages, attachment_ids in parts:
            for page in pages:
                writer.add_page(page)
            for attachment in self.env["ir.attachment"].browse(attachment_ids or []):
                if attachment.mimetype == "application/pdf":
                    reader = PdfFileReader(io.BytesIO(attachment.raw), strict=False)
                    for page in reader.pages:
                        writer.add_page(page)
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue()
