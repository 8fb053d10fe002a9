# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Handing invoices over to a debt collector: the file's content, field by
field, for a company and a consumer; refusal before anything is sent; no
reminder, call or fee afterwards; withdrawal; the collector's access."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DunningCommon, day

ENTERPRISE_NUMBER = "0123.456.749"


class HandoverCommon(DunningCommon):
    """A complete creditor, a registered agency, a lawyer and a consumer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "company_registry": ENTERPRISE_NUMBER,
                "street": "Korenmarkt 3",
                "zip": "9000",
                "city": "Gent",
                "phone": "+32 9 222 33 44",
                "email": "boekhouding@deletter.be",
            }
        )
        be = cls.env.ref("base.be")
        cls.agency = cls.env["res.partner"].create(
            {
                "name": "Incasso Vlaanderen",
                "is_company": True,
                "street": "Meir 10",
                "zip": "2000",
                "city": "Antwerpen",
                "country_id": be.id,
                "company_registry": "0403.170.701",
                "email": "dossiers@incasso-vlaanderen.be",
                "dunning_collector_kind": "agency",
                "dunning_collector_registration": "FOD-2019-0042",
            }
        )
        cls.lawyer = cls.env["res.partner"].create(
            {
                "name": "Mr. Verhaegen, advocaat",
                "is_company": True,
                "street": "Kouter 7",
                "zip": "9000",
                "city": "Gent",
                "country_id": be.id,
                "company_registry": "0202.239.951",
                "email": "kantoor@verhaegen.be",
                "dunning_collector_kind": "lawyer",
            }
        )
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "An Janssens",
                "email": "an.janssens@example.be",
                "street": "Kerkstraat 5",
                "zip": "2000",
                "city": "Antwerpen",
                "country_id": be.id,
            }
        )
        cls.level_2.charge_fees = True

    def _hand_over(self, moves, collector=None, on_date=None, send=True):
        """The wizard, as from a list of invoices: its hand-overs."""
        with freeze_time(on_date or day(40)):
            action = (
                self.env["account.move"].browse(moves.ids).action_dunning_handover()
            )
            wizard = self.env["dunning.handover.wizard"].browse(action["res_id"])
            if collector:
                wizard.collector_id = collector
            result = wizard.action_send() if send else wizard.action_prepare()
        if result.get("res_id"):
            return self.env["dunning.handover"].browse(result["res_id"])
        return self.env["dunning.handover"].search(result["domain"])


@tagged("post_install", "-at_install")
class TestHandover(HandoverCommon):
    def _csv_rows(self, handover):
        text = handover.file_csv_id.raw.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text), delimiter=";"))

    def _xlsx_rows(self, handover):
        book = openpyxl.load_workbook(io.BytesIO(handover.file_xlsx_id.raw))
        sheet = book.active
        rows = list(sheet.iter_rows(values_only=True))
        return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    # ------------------------------------------------------------------
    # The file
    # ------------------------------------------------------------------

    def test_b2b_file_field_by_field(self):
        invoice = self._invoice(self.customer, 1000.0)
        self._run(day(7))
        second = self._run(day(21))
        self.assertTrue(second.claim_move_id, "level 2 books interest and EUR 40")
        # Held back since (never sent again, say): the collector takes it.
        invoice.write({"dunning_hold": "never_sent", "dunning_hold_note": "Test"})
        note = second.claim_move_id
        handover = self._hand_over(invoice, self.agency)

        self.assertEqual(handover.state, "sent")
        self.assertFalse(invoice.dunning_hold)
        self.assertEqual(handover.regime, "b2b")
        self.assertEqual(handover.date, day(40))
        self.assertTrue(handover.name.startswith("HO/2026/"))
        self.assertEqual(handover.move_ids, invoice | note, "with its debit note")
        invoice_line, note_line = handover.line_ids
        # The invoice: its principal, and the interest since the last day the
        # second reminder claimed (day 21) up to the hand-over (day 40):
        # 1000 × 10.5 % × 19/365 = 5.4657 = 5.47. Compensation: booked already.
        self.assertEqual(invoice_line.kind, "invoice")
        self.assertEqual(invoice_line.move_id, invoice)
        self.assertEqual(invoice_line.description, "Bread and pastry, March")
        self.assertEqual(invoice_line.date_due, date(2026, 3, 2))
        self.assertAlmostEqual(invoice_line.principal, 1000.0)
        self.assertAlmostEqual(invoice_line.interest, 5.47)
        self.assertIn("19/365", invoice_line.interest_note)
        self.assertIn("legal rate", invoice_line.interest_note)
        self.assertFalse(invoice_line.compensation)
        self.assertAlmostEqual(invoice_line.amount, 1005.47)
        self.assertEqual(invoice_line.first_reminder_date, day(7))
        history = invoice_line.history.splitlines()
        self.assertEqual(len(history), 2)
        self.assertIn(self.level_1.name, history[0])
        self.assertIn("03/09/2026", history[0])
        self.assertIn("e-mail", history[0])
        self.assertIn(self.level_2.name, history[1])
        # The debit note: what the second reminder booked, itemised.
        claims = {claim.kind: claim.amount for claim in second.claim_ids}
        self.assertEqual(note_line.kind, "claim_note")
        self.assertEqual(note_line.move_id, note)
        self.assertAlmostEqual(note_line.interest, claims["interest"])
        self.assertAlmostEqual(note_line.compensation, 40.0)
        self.assertIn("law of 2 August 2002", note_line.compensation_note)
        self.assertAlmostEqual(note_line.principal, 0.0)
        self.assertAlmostEqual(note_line.amount, note.amount_residual)
        self.assertAlmostEqual(
            handover.amount_total, 1005.47 + note.amount_residual, places=2
        )
        self.assertAlmostEqual(handover.amount_principal, 1000.0)

        # The spreadsheet: CSV and XLSX, the same columns and values.
        labels = [label for _key, label, _kind in handover._file_columns()]
        rows = self._csv_rows(handover)
        self.assertEqual(list(rows[0]), labels)
        header, xlsx_rows = self._xlsx_rows(handover)
        self.assertEqual(list(header), labels)
        self.assertEqual(len(rows), 2)
        self.assertEqual(len(xlsx_rows), 2)
        row, xrow = rows[0], xlsx_rows[0]
        expected = {
            "Hand-over": handover.name,
            "Debt Collector": "Incasso Vlaanderen",
            "Creditor": self.company.name,
            "Creditor Enterprise Number": ENTERPRISE_NUMBER,
            "Creditor E-mail": "boekhouding@deletter.be",
            "Debtor": "Bakkerij De Gouden Korst",
            "Consumer": "No",
            "Kind": "Invoice",
            "Invoice": invoice.name,
            "Goods or Services": "Bread and pastry, March",
            "Payment Reference": invoice.payment_reference or "",
        }
        for label, value in expected.items():
            self.assertEqual(row[label], value, label)
            self.assertEqual(xrow[label] or "", value, label)
        # A text starting with + is behind a quote in the CSV (OWASP's rule
        # against formulas); the XLSX keeps the plain text.
        self.assertEqual(row["Creditor Phone"], "'+32 9 222 33 44")
        self.assertEqual(xrow["Creditor Phone"], "+32 9 222 33 44")
        self.assertIn("Korenmarkt 3", row["Creditor Address"])
        self.assertIn("9000 Gent", row["Creditor Address"])
        self.assertEqual(row["Debtor Address"], "Veldstraat 1, 9000 Gent, Belgium")
        self.assertEqual(row["Due Date"], "2026-03-02")
        self.assertEqual(xrow["Due Date"].date(), date(2026, 3, 2))
        self.assertEqual(row["Handed Over On"], "2026-04-11")
        self.assertEqual(row["Principal"], "1000.00")
        self.assertEqual(xrow["Principal"], 1000.0)
        self.assertEqual(row["Interest"], "5.47")
        self.assertEqual(row["Compensation or Damages"], "0.00")
        self.assertEqual(row["Total Claimed"], "1005.47")
        self.assertEqual(row["First Reminder"], "2026-03-09")
        self.assertEqual(row["Reminder History"], invoice_line.history)
        self.assertEqual(rows[1]["Kind"], "Fees and Interest Booked")
        self.assertEqual(rows[1]["Compensation or Damages"], "40.00")

        # The PDF (HTML under tests): both parties, the collector's
        # registration, the supervising service, each amount.
        self.assertTrue(handover.file_pdf_id)
        html = handover.file_pdf_id.raw.decode()
        for text in (
            ENTERPRISE_NUMBER,
            "+32 9 222 33 44",
            "boekhouding@deletter.be",
            "FOD-2019-0042",
            "Koning Albert II-laan 16",
            "Bakkerij De Gouden Korst",
            invoice.name,
            note.name,
            "Bread and pastry, March",
            "19/365",
        ):
            self.assertIn(text, html)

        # Sent to the collector by e-mail, with the file and the copies.
        message = handover.email_message_id
        self.assertIn(self.agency, message.partner_ids)
        names = message.attachment_ids.mapped("name")
        self.assertIn(handover.file_pdf_id, message.attachment_ids)
        self.assertIn(handover.file_csv_id, message.attachment_ids)
        self.assertIn(handover.file_xlsx_id, message.attachment_ids)
        self.assertTrue(any(invoice.name.replace("/", "_") in n for n in names), names)
        self.assertTrue(any(n.startswith("Reminders sent to") for n in names), names)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("Debt collection file", message.subject)
        # Kept on the hand-over record.
        for attachment in (
            handover.file_pdf_id,
            handover.file_csv_id,
            handover.file_xlsx_id,
        ):
            self.assertEqual(
                (attachment.res_model, attachment.res_id),
                ("dunning.handover", handover.id),
            )

    def test_b2c_file_and_first_reminder_proof(self):
        self.company.dunning_consumer_damages = "scale"
        invoice = self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertTrue(first.book19_first)
        # Its 14 days run until 23 March; nothing may be handed over before
        # the first working day after: 24 March.
        with self.assertRaises(UserError) as refused:
            self._hand_over(invoice, self.lawyer, on_date=day(20))
        self.assertIn("14 days after the first reminder", str(refused.exception))
        self.assertIn("2026-03-24", str(refused.exception))
        self.assertFalse(self.env["dunning.handover"].search([]))

        handover = self._hand_over(invoice, self.lawyer, on_date=day(30))
        self.assertEqual(handover.regime, "b2c")
        [line] = handover.line_ids
        # No interest clause: no interest. Damages: the legal scale on 1000,
        # 65 + 5 % × 500 = 90 (Book XIX).
        self.assertFalse(line.interest)
        self.assertAlmostEqual(line.compensation, 90.0)
        self.assertIn("legal scale", line.compensation_note)
        self.assertAlmostEqual(line.amount, 1090.0)
        self.assertEqual(line.first_reminder_date, day(7))
        self.assertEqual(line.first_reminder_how, "e-mail")
        [row] = self._csv_rows(handover)
        self.assertEqual(row["Consumer"], "Yes")
        self.assertEqual(row["Debtor"], "An Janssens")
        self.assertEqual(row["Debtor Address"], "Kerkstraat 5, 2000 Antwerpen, Belgium")
        self.assertEqual(row["Compensation or Damages"], "90.00")
        self.assertEqual(row["First Reminder By"], "e-mail")
        self.assertEqual(row["Debt Collector"], "Mr. Verhaegen, advocaat")
        html = handover.file_pdf_id.raw.decode()
        self.assertIn("Lawyers and bailiffs are exempt from registration", html)
        self.assertIn("Book XIX", html)

    def test_file_neutralises_formulas(self):
        # A name and an address a consumer could type in the portal, which a
        # spreadsheet would read as formulas.
        name = '=HYPERLINK("http://x","y")'
        street = "@SUM(1+1)*cmd|' /C calc'!A0"
        debtor = self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "street": street,
                "street2": "+32 bus 4",
                "zip": "9000",
                "city": "Gent",
                "country_id": self.env.ref("base.be").id,
            }
        )
        invoice = self._invoice(debtor, 300.0)
        handover = self._hand_over(invoice, self.agency)
        address = f"{street}, +32 bus 4, 9000 Gent, Belgium"
        # CSV: the text cells behind a quote, the amounts and dates as data.
        [row] = self._csv_rows(handover)
        self.assertEqual(row["Debtor"], "'" + name)
        self.assertEqual(row["Debtor Address"], "'" + address)
        self.assertEqual(row["Invoice"], invoice.name)
        self.assertEqual(row["Principal"], "300.00")
        self.assertEqual(row["Due Date"], "2026-03-02")
        # XLSX: the plain texts, written as strings, not as formulas.
        _header, [xrow] = self._xlsx_rows(handover)
        self.assertEqual(xrow["Debtor"], name)
        self.assertEqual(xrow["Debtor Address"], address)
        sheet = openpyxl.load_workbook(io.BytesIO(handover.file_xlsx_id.raw)).active
        cells = [cell for cell in sheet[2] if cell.value in (name, address)]
        self.assertEqual(len(cells), 2)
        self.assertEqual({cell.data_type for cell in cells}, {"s"})
        with zipfile.ZipFile(io.BytesIO(handover.file_xlsx_id.raw)) as xlsx:
            self.assertNotIn(b"<f>", xlsx.read("xl/worksheets/sheet1.xml"))

    def test_consumer_without_first_reminder_is_refused(self):
        invoice = self._invoice(self.consumer, 300.0)
        with self.assertRaises(UserError) as refused:
            self._hand_over(invoice, self.agency, on_date=day(60))
        self.assertIn("never had its free first reminder", str(refused.exception))

    # ------------------------------------------------------------------
    # Refused before anything is sent
    # ------------------------------------------------------------------

    def test_missing_data_refused_before_anything_is_sent(self):
        invoice = self._invoice(self.customer, 500.0)
        self.agency.dunning_collector_registration = False
        self.company.phone = False
        mails_before = self.env["mail.mail"].search_count([])
        with self.assertRaises(UserError) as refused:
            self._hand_over(invoice, self.agency)
        message = str(refused.exception)
        self.assertIn("FOD Economie registration", message)
        self.assertIn("has no phone number", message)
        # Nothing went out, nothing changed.
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before)
        self.assertFalse(self.env["dunning.handover"].search([]))
        self.assertFalse(invoice.dunning_handover_id)
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertFalse(receivable.no_followup)

        # Prepared for review instead: it waits, and says what to complete.
        handover = self._hand_over(invoice, self.agency, send=False)
        self.assertEqual(handover.state, "draft")
        self.assertIn("FOD Economie registration", handover.draft_reason)
        with self.assertRaises(UserError), freeze_time(day(40)):
            handover.action_send()
        self.assertFalse(handover.file_pdf_id)
        self.company.phone = "+32 9 222 33 44"
        self.agency.dunning_collector_registration = "FOD-2019-0042"
        with freeze_time(day(41)):
            handover.action_send()
        self.assertEqual(handover.state, "sent")
        self.assertEqual(handover.date, day(41))

    def test_other_refusals(self):
        disputed = self._invoice(self.customer, 100.0)
        disputed._dunning_set_dispute("Wrong price", day(3))
        not_collector = self.customer_2
        with self.assertRaises(UserError) as refused:
            self._hand_over(disputed, not_collector)
        self.assertIn("not marked as a debt collector", str(refused.exception))
        with self.assertRaises(UserError) as refused:
            self._hand_over(disputed, self.agency)
        self.assertIn("disputed by the customer", str(refused.exception))
        # Already with a collector: not twice.
        invoice = self._invoice(self.customer, 200.0)
        self._hand_over(invoice, self.agency)
        with self.assertRaisesRegex(UserError, "already with a debt collector"):
            self._hand_over(invoice, self.lawyer)

    def test_open_credit_note_must_be_matched_first(self):
        invoice = self._invoice(self.customer, 1000.0)
        refund = self._invoice(self.customer, 100.0, move_type="out_refund")
        with self.assertRaisesRegex(UserError, "not yet matched") as refused:
            self._hand_over(invoice, self.agency)
        self.assertIn(refund.name, str(refused.exception))

    def test_partly_paid_invoice(self):
        invoice = self._invoice(self.customer, 1000.0)
        self._pay(invoice, 400.0, day(10))
        handover = self._hand_over(invoice, self.agency)
        [line] = handover.line_ids
        self.assertAlmostEqual(line.amount_total, 1000.0)
        self.assertAlmostEqual(line.amount_paid, 400.0)
        self.assertAlmostEqual(line.principal, 600.0)
        # Interest on 1000 from 3 to 11 March, on 600 from the payment on
        # 12 March to the hand-over on 11 April: 1000 × 10.5 % × 9/365 +
        # 600 × 10.5 % × 31/365 = 2.5890 + 5.3507 = 7.94.
        self.assertAlmostEqual(line.interest, 7.94)
        self.assertAlmostEqual(line.compensation, 40.0)

    def test_two_customers_at_once_each_their_hand_over(self):
        first = self._invoice(self.customer, 1000.0)
        second = self._invoice(self.customer_2, 500.0)
        handovers = self._hand_over(first | second, self.agency, send=False)
        self.assertEqual(len(handovers), 2)
        self.assertEqual(handovers.partner_id, self.customer | self.customer_2)
        self.assertEqual(set(handovers.mapped("state")), {"draft"})
        with freeze_time(day(41)):
            handovers.action_send()
        self.assertEqual(len(set(handovers.mapped("name"))), 2)

    def test_a_shared_debit_note_goes_once(self):
        # One reminder for two invoices books one debit note for both.
        first = self._invoice(self.customer, 1000.0)
        second = self._invoice(self.customer, 500.0)
        self._run(day(7))
        note = self._run(day(21)).claim_move_id
        self.assertTrue(note)
        handover = self._hand_over(first, self.agency)
        self.assertIn(note, handover.move_ids)
        later = self._hand_over(second, self.agency, on_date=day(45))
        self.assertEqual(later.state, "sent")
        self.assertNotIn(note, later.move_ids)

    def test_reminder_back_to_review_keeps_its_note_for_the_collector(self):
        invoice = self._invoice(self.customer, 1000.0)
        self._run(day(7))
        second = self._run(day(21))
        note = second.claim_move_id
        second._email_failed("bounce", "mailbox full")
        self.assertEqual(second.state, "draft")
        handover = self._hand_over(invoice, self.agency, on_date=day(25))
        self.assertEqual(second.state, "cancel")
        self.assertEqual(note.payment_state, "not_paid", "not reversed")
        self.assertIn(note, handover.move_ids)

    def test_failed_email_and_send_again(self):
        invoice = self._invoice(self.customer, 1000.0)
        handover = self._hand_over(invoice, self.agency)
        self.assertEqual(handover.email_state, "queued")
        first = handover.email_message_id
        mail = self.env["mail.mail"].search([("mail_message_id", "=", first.id)])
        mail._postprocess_sent_message(
            success_pids=[],
            success_emails=[],
            failure_reason="550 unknown user",
            failure_type="mail_smtp",
        )
        self.assertEqual(handover.email_state, "failed")
        self.assertTrue(handover.activity_ids)
        self.assertIn("could not be delivered", handover.message_ids[0].body)
        handover.action_resend_file()
        self.assertEqual(handover.email_state, "queued")
        self.assertNotEqual(handover.email_message_id, first)
        self.assertEqual(
            set(handover.email_message_id.attachment_ids.ids),
            set(first.attachment_ids.ids),
            "the same file and copies, not made again",
        )

    def test_paid_hand_over_to_review_is_cancelled_by_the_run(self):
        invoice = self._invoice(self.customer, 1000.0)
        handover = self._hand_over(invoice, self.agency, send=False)
        self._pay(invoice, 1000.0, day(41))
        self._run(day(42))
        self.assertEqual(handover.state, "cancel")

    def test_cancelled_hand_over_waits_its_gap_and_is_reviewed(self):
        self._add_handover_level(self.agency)
        self.level_3.write({"call_before": False, "auto_send": True})
        invoice = self._invoice(self.customer, 1000.0)
        for n in (7, 21, 35):
            self._run(day(n))
        self.company.phone = False  # incomplete: waits for review
        self._run(day(49))
        handover = self.env["dunning.handover"].search([])
        self.assertEqual(handover.state, "draft")
        self.assertIn("phone", handover.draft_reason)
        with freeze_time(day(50)):
            handover.action_cancel()
        self.assertEqual(invoice.dunning_last_date, day(50))
        self.company.phone = "+32 9 222 33 44"
        self._run(day(60))
        self.assertEqual(self.env["dunning.handover"].search_count([]), 1)
        self._run(day(64))
        again = self.env["dunning.handover"].search([("id", "!=", handover.id)])
        self.assertEqual(again.state, "draft", "reviewed, not sent by itself")

    def test_run_leaves_a_hand_over_prepared_by_hand(self):
        self._add_handover_level(self.lawyer)
        self.level_3.write({"call_before": False, "auto_send": True})
        invoice = self._invoice(self.customer, 1000.0)
        for n in (7, 21, 35):
            self._run(day(n))
        mine = self._hand_over(invoice, self.agency, on_date=day(40), send=False)
        self._run(day(49))
        self.assertEqual(self.env["dunning.handover"].search([]), mine)
        self.assertEqual(mine.collector_id, self.agency)
        self.assertEqual(mine.state, "draft")

    def test_who_may_do_what(self):
        invoice = self._invoice(self.customer, 1000.0)
        handover = self._hand_over(invoice, self.agency, send=False)
        other = self.setup_other_company(name="Filiaal Brugge")["company"]
        billing = new_test_user(
            self.env,
            login="billing_ho",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        accountant = new_test_user(
            self.env,
            login="accountant_ho",
            groups="account.group_account_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        stranger = new_test_user(
            self.env,
            login="accountant_other",
            groups="account.group_account_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        # Billing users see the hand-overs, and cannot send them. (1000 + 40
        # + interest of 40 days, 1000 × 10.5 % × 40/365 = 11.51.)
        self.assertEqual(handover.with_user(billing).amount_total, 1051.51)
        with self.assertRaises(AccessError), freeze_time(day(40)):
            handover.with_user(billing).action_send()
        # Another company's accountant sees nothing of them.
        self.assertFalse(self.env["dunning.handover"].with_user(stranger).search([]))
        with self.assertRaises(AccessError):
            handover.with_user(stranger).read(["amount_total"])
        # An accountant of the company sends it.
        with freeze_time(day(40)):
            handover.with_user(accountant).action_send()
        self.assertEqual(handover.state, "sent")

    def test_one_company_at_a_time(self):
        other = self.setup_other_company(name="Filiaal Brugge")["company"]
        mine = self._invoice(self.customer, 100.0)
        theirs = (
            self.env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": other.id,
                    "partner_id": self.customer.id,
                    "invoice_date": day(0),
                    "invoice_date_due": day(0),
                    "invoice_line_ids": [
                        (0, 0, {"name": "Drukwerk", "price_unit": 50.0, "tax_ids": []})
                    ],
                }
            )
        )
        theirs.action_post()
        self.env.user.company_ids |= other
        with self.assertRaisesRegex(UserError, "one company at a time"):
            (mine | theirs).action_dunning_handover()

    # ------------------------------------------------------------------
    # Out of the flow, and back
    # ------------------------------------------------------------------

    def _add_handover_level(self, collector, auto_send=True):
        return self.env["dunning.level"].create(
            {
                "policy_id": self.policy.id,
                "name": "Debt collector",
                "sequence": 100,
                "delay": 49,
                "handover": True,
                "handover_collector_id": collector.id,
                "auto_send": auto_send,
                "send_email": False,
            }
        )

    def test_handover_level_then_no_reminder_call_or_fee_then_withdrawal(self):
        level = self._add_handover_level(self.agency)
        self.level_3.write({"call_before": False, "auto_send": True})
        invoice = self._invoice(self.customer, 1000.0)
        for n in (7, 21, 35):
            self.assertTrue(self._run(day(n)))
        self.assertEqual(invoice.dunning_level_id, self.level_3)
        # The hand-over level: no reminder, a hand-over sent at once.
        self.assertFalse(self._run(day(49)))
        handover = self.env["dunning.handover"].search([])
        self.assertEqual(handover.state, "sent")
        self.assertEqual(handover.level_id, level)
        self.assertEqual(handover.collector_id, self.agency)
        self.assertEqual(invoice.dunning_handover_id, handover)
        self.assertEqual(invoice.dunning_level_id, self.level_3)
        # The customer is told by a letter to print (the policy's default).
        self.assertEqual(handover.notice_state, "to_print")
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "dunning_be.report_dunning_handover_notice", handover.ids
        )
        self.assertIn("Incasso Vlaanderen", html.decode())

        # Afterwards: no reminder, no call, no fee, whatever the level asks.
        self.level_3.call_before = True
        claims_before = self.env["account.move"].search_count(
            [("dunning_claim_reminder_id", "!=", False)]
        )
        for n in (56, 70, 120):
            self.assertFalse(self._run(day(n)))
        self.assertFalse(self.env["dunning.call"].search([]))
        self.assertEqual(
            self.env["account.move"].search_count(
                [("dunning_claim_reminder_id", "!=", False)]
            ),
            claims_before,
        )
        self.assertEqual(self.env["dunning.handover"].search_count([]), 1)
        # Shown with the collector in the overview.
        overview = (
            self.env["dunning.overview"]
            .with_context(dunning_date=day(120))
            .create({"company_id": self.company.id, "date": day(120)})
        )
        overview._load()
        self.assertEqual(overview.collector_count, 2)  # the invoice and its debit note
        self.assertAlmostEqual(overview.amount_collector, handover.amount_residual)

        # A payment is matched as usual.
        self._pay(invoice, 300.0, day(121))
        self.assertAlmostEqual(invoice.amount_residual, 700.0)

        # Withdrawn: back in the flow, at the level it had; the hand-over
        # level again after its gap (49 - 35 = 14 days) from the withdrawal.
        with freeze_time(day(125)):
            handover.action_withdraw()
        self.assertEqual(handover.state, "withdrawn")
        self.assertFalse(invoice.dunning_handover_id)
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertFalse(receivable.no_followup)
        self.assertEqual(invoice.dunning_level_id, self.level_3)
        self.assertEqual(invoice.dunning_last_date, day(125))
        self.level_3.call_before = False
        self.assertFalse(self._run(day(130)))
        self.assertEqual(self.env["dunning.handover"].search_count([]), 1)
        self._run(day(139))
        again = self.env["dunning.handover"].search([("id", "!=", handover.id)])
        self.assertEqual(again.move_ids[:1], invoice)
        self.assertEqual(again.state, "draft", "after a withdrawal, reviewed first")

    def test_handover_level_to_review_and_call_before(self):
        self._add_handover_level(self.agency, auto_send=False)
        self.env["dunning.level"].search(
            [("policy_id", "=", self.policy.id), ("handover", "=", True)]
        ).call_before = True
        self.level_3.write({"call_before": False, "auto_send": True})
        self._invoice(self.customer, 1000.0)
        for n in (7, 21, 35):
            self._run(day(n))
        # Before the hand-over, a call.
        self._run(day(49))
        call = self.env["dunning.call"].search([])
        self.assertEqual(len(call), 1)
        self.assertFalse(self.env["dunning.handover"].search([]))
        with freeze_time(day(50)):
            call._record_outcome("go_on")
        self._run(day(51))
        handover = self.env["dunning.handover"].search([])
        self.assertEqual(handover.state, "draft", "the level is reviewed first")
        self.assertFalse(handover.draft_reason)
        # The next run refreshes it, it does not make another.
        self._run(day(52))
        self.assertEqual(self.env["dunning.handover"].search([]), handover)
        self.assertEqual(handover.date, day(52))
        with freeze_time(day(53)):
            handover.action_send()
        self.assertEqual(handover.state, "sent")
        line = handover.line_ids.filtered(lambda line: line.kind == "invoice")
        self.assertIn(call.level_id.name, line.history)
        self.assertIn("Go On", line.history)

    def test_run_summary_counts_hand_overs(self):
        self._add_handover_level(self.agency, auto_send=False)
        self.level_3.write({"call_before": False, "auto_send": True})
        self._invoice(self.customer, 1000.0)
        for n in (7, 21, 35):
            self._run(day(n))
        run = self.env["dunning.run"].with_company(self.company)
        with freeze_time(day(49)):
            summary = run._run_company(self.company, day(49))
        self.assertEqual(summary["handover_draft"], 1)
        self.assertIn(
            "1 hand-over to a debt collector to review",
            run._summary_text(self.company, summary),
        )

    def test_preview_shows_the_hand_over_the_run_prepares(self):
        """The run wizard's preview comes from the run's own plans: a
        customer at a hand-over level shows as a hand-over, with its reason,
        and the run then prepares exactly that."""
        self._add_handover_level(self.agency, auto_send=False)
        self.level_3.write({"call_before": False, "auto_send": True})
        self._invoice(self.customer, 1000.0)
        for n in (7, 21, 35):
            self._run(day(n))
        with freeze_time(day(49)):
            wizard = self.env["dunning.run.wizard"].create({"date": day(49)})
            wizard.action_preview()
        line = wizard.preview_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.outcome, "handover")
        self.assertEqual(wizard.handover_count, 1)
        self.assertFalse(line.send)
        self.assertEqual(line.channels, "Hand-Over File")
        self.assertEqual(
            line.note,
            f"A hand-over to the debt collector {self.agency.name} is prepared "
            "for review.",
        )
        self.assertFalse(self.env["dunning.handover"].search([]), "nothing written")
        self._run(day(49))
        handover = self.env["dunning.handover"].search([])
        self.assertEqual(handover.partner_id, self.customer)
        self.assertEqual(handover.state, "draft")

    def test_handover_cancels_draft_reminders_and_open_calls(self):
        self.level_2.auto_send = False
        invoice = self._invoice(self.customer, 1000.0)
        other = self._invoice(self.customer_2, 400.0)
        self.level_3.call_before = True
        self._run(day(7))
        drafts = self._run(day(21))
        self.assertEqual(set(drafts.mapped("state")), {"draft"})
        drafts.action_send()
        self._run(day(35))
        calls = self.env["dunning.call"].search([("state", "=", "open")])
        self.assertEqual(calls.partner_id, self.customer | self.customer_2)
        self.assertTrue(calls.activity_id)
        self._hand_over(invoice, self.agency, on_date=day(36))
        mine = calls.filtered(lambda c: c.partner_id == self.customer)
        self.assertEqual(mine.state, "skipped")
        self.assertFalse(mine.activity_id.exists())
        self.assertEqual((calls - mine).state, "open", "other customers' calls stay")
        self.assertTrue(other.amount_residual)

    def test_draft_reminder_of_handed_over_invoices_is_cancelled(self):
        self.level_2.auto_send = False
        invoice = self._invoice(self.customer, 1000.0)
        self._run(day(7))
        draft = self._run(day(21))
        self.assertEqual(draft.state, "draft")
        self._hand_over(invoice, self.agency, on_date=day(22))
        self.assertEqual(draft.state, "cancel")

    def test_letter_and_file_each_in_its_reader_language(self):
        codes = ["fr_BE", "nl_BE"]
        for code in codes:
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["dunning_be"], codes)
        self.customer.lang = "fr_BE"
        self.agency.lang = "nl_BE"
        invoice = self._invoice(self.customer, 1000.0)
        handover = self._hand_over(invoice, self.agency)
        # The customer's letter in French.
        notice, _type = self.env["ir.actions.report"]._render_qweb_html(
            "dunning_be.report_dunning_handover_notice", handover.ids
        )
        self.assertIn("Vos factures impayées", notice.decode())
        self.assertIn("Incasso Vlaanderen", notice.decode())
        # The collector's file, spreadsheet and e-mail in Dutch.
        self.assertIn("Incassodossier", handover.file_pdf_id.raw.decode())
        header = handover.file_csv_id.raw.decode("utf-8-sig").splitlines()[0]
        self.assertTrue(header.startswith("Overdracht;"), header)
        self.assertIn("Schuldeiser", header.split(";"))
        self.assertIn("Geachte Incasso Vlaanderen", handover.email_message_id.body)

    def test_customer_told_by_post(self):
        self.policy.handover_notice = "post"
        invoice = self._invoice(self.customer, 1000.0)
        handover = self._hand_over(invoice, self.agency)
        self.assertEqual(handover.notice, "post")
        self.assertEqual(handover.notice_state, "posted")
        letter = handover.snailmail_letter_id
        self.assertEqual(letter.partner_id, self.customer)
        self.assertEqual(
            letter.report_template,
            self.env.ref("dunning_be.action_report_dunning_handover_notice"),
        )
        self.policy.handover_notice = "none"
        quiet = self._hand_over(self._invoice(self.customer_2, 50.0), self.agency)
        self.assertFalse(quiet.notice_state)
        self.assertFalse(quiet.snailmail_letter_id)

    def test_result_and_close(self):
        invoice = self._invoice(self.customer, 1000.0)
        handover = self._hand_over(invoice, self.agency)
        with self.assertRaises(UserError):
            handover.action_close()
        handover.write({"result": "partial", "result_amount": 600.0})
        with freeze_time(day(90)):
            handover.action_close()
        self.assertEqual(handover.state, "done")
        self.assertEqual(handover.result_date, day(90))
        # Closed: the invoices stay out of the reminders.
        self.assertEqual(invoice.dunning_handover_id, handover)
        self.assertFalse(self._run(day(100)))
        with self.assertRaises(UserError):
            handover.action_withdraw()

    def test_dispute_resolved_keeps_invoice_with_collector(self):
        invoice = self._invoice(self.customer, 1000.0)
        self._hand_over(invoice, self.agency)
        invoice._dunning_set_dispute("Wrong price", day(45))
        invoice.action_dunning_resolve_dispute()
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertTrue(receivable.no_followup)

    def test_handover_level_must_be_last(self):
        self._add_handover_level(self.agency)
        with self.assertRaises(ValidationError):
            self.env["dunning.level"].create(
                {
                    "policy_id": self.policy.id,
                    "name": "After the collector",
                    "sequence": 200,
                    "delay": 90,
                    "mail_template_id": self.level_1.mail_template_id.id,
                }
            )

    def test_from_the_customer(self):
        old = self._invoice(self.customer, 100.0)
        newer = self._invoice(self.customer, 200.0, due=day(30))
        self._invoice(self.customer_2, 300.0)
        with freeze_time(day(40)):
            action = self.customer.action_dunning_handover()
        wizard = self.env["dunning.handover.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.move_ids, old | newer)
        self.assertAlmostEqual(wizard.amount_residual, 300.0)

    # ------------------------------------------------------------------
    # The collector's access
    # ------------------------------------------------------------------

    def test_collector_portal_sees_only_its_own_files(self):
        mine = self._hand_over(self._invoice(self.customer, 1000.0), self.agency)
        other = self._hand_over(self._invoice(self.customer_2, 500.0), self.lawyer)
        draft = self._hand_over(
            self._invoice(self.no_email, 250.0), self.agency, send=False
        )
        user = self.env["res.users"].create(
            {
                "name": "Incasso Vlaanderen portal",
                "login": "incasso",
                "partner_id": self.agency.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        Handover = self.env["dunning.handover"].with_user(user)
        self.assertEqual(Handover.search([]), mine)
        self.assertEqual(mine.with_user(user).line_ids.move_id, mine.move_ids)
        for hidden in (other, draft):
            with self.assertRaises(AccessError):
                hidden.with_user(user).read(["name"])
        # Nothing of the creditor's customers beyond the file.
        with self.assertRaises(AccessError):
            mine.move_ids.with_user(user).read(["name"])
        self.assertFalse(
            self.env["account.move"]
            .with_user(user)
            .search([("move_type", "=", "out_invoice")])
        )
        self.assertFalse(self.env["dunning.reminder"].with_user(user).search([]))
        self.assertFalse(
            self.env["dunning.handover.line"]
            .with_user(user)
            .search([("handover_id", "in", (other | draft).ids)])
        )


@tagged("post_install", "-at_install")
class TestHandoverPortal(HandoverCommon, HttpCase):
    """The collector's portal: its own files, to download; nothing else."""

    def test_collector_downloads_its_own_files(self):
        mine = self._hand_over(self._invoice(self.customer, 1000.0), self.agency)
        other = self._hand_over(self._invoice(self.customer_2, 500.0), self.lawyer)
        new_test_user(
            self.env,
            login="incasso",
            password="incasso",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "Lies Peeters", "parent_id": self.agency.id})
            .id,
        )
        self.authenticate("incasso", "incasso")
        home = self.url_open("/my/home")
        self.assertIn("/my/handovers", home.text)
        page = self.url_open("/my/handovers")
        self.assertEqual(page.status_code, 200)
        self.assertIn(mine.name, page.text)
        self.assertIn("Bakkerij De Gouden Korst", page.text)
        self.assertNotIn(other.name, page.text)
        self.assertNotIn("Drukkerij Claes", page.text)
        xlsx = self.url_open(f"/my/handovers/{mine.id}/xlsx")
        self.assertEqual(xlsx.status_code, 200)
        self.assertEqual(xlsx.content, mine.file_xlsx_id.raw)
        csv_file = self.url_open(f"/my/handovers/{mine.id}/csv")
        self.assertEqual(csv_file.content, mine.file_csv_id.raw)
        # Another collector's file sends the portal user home.
        stranger = self.url_open(f"/my/handovers/{other.id}/csv")
        self.assertNotEqual(stranger.content, other.file_csv_id.raw)
        self.assertTrue(stranger.url.endswith("/my") or "/my/home" in stranger.url)
