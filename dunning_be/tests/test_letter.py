# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tools import sanitize_structured_reference

from .common import DunningCommon, day

LETTER = "dunning_be.report_dunning_reminder"
IBAN = "BE71096123456769"


class LetterCommon(DunningCommon):
    """A Belgian company with an IBAN, invoices with structured communications,
    and a customer who owes three invoices less a credit note."""

    country_code = "BE"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.write(
            {
                "street": "Kouter 7",
                "zip": "9000",
                "city": "Gent",
                "country_id": cls.env.ref("base.be").id,
            }
        )
        cls.company.company_registry = "0477.472.701"
        cls.bank = cls.env["res.partner.bank"].create(
            {
                "acc_number": "BE71 0961 2345 6769",
                "partner_id": cls.company.partner_id.id,
                "company_id": cls.company.id,
            }
        )
        cls.company_data["default_journal_sale"].invoice_reference_model = "be"
        cls.level_1.letter_fallback = True

    @classmethod
    def _three_and_a_credit_note(cls, partner):
        invoices = (
            cls._invoice(partner, 1000.0, due=day(-20))
            | cls._invoice(partner, 250.0, due=day(-10))
            | cls._invoice(partner, 120.5)
        )
        refund = cls._invoice(partner, 100.0, move_type="out_refund")
        return invoices, refund

    def _html(self, reminder):
        # Previewed on the reminder's day: a letter not yet printed is dated
        # today, and counts its days late and interest to it.
        with freeze_time(max(reminder.mapped("date"))):
            html = self.env["ir.actions.report"]._render_qweb_html(
                LETTER, reminder.ids
            )[0]
        return html.decode() if isinstance(html, bytes) else html

    @staticmethod
    def _text(html):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@tagged("post_install", "-at_install")
class TestLetter(LetterCommon):
    def test_letter_shows_the_invoices_and_how_to_pay(self):
        invoices, refund = self._three_and_a_credit_note(self.no_email)
        reminder = self._run(day(7))
        self.assertTrue(reminder.send_letter)
        self.assertEqual(reminder.amount_due, 1270.5)
        html = self._html(reminder)
        text = self._text(html)
        # Subject and body from the level, in the shipped light tone.
        self.assertIn("Did our invoice end up at the bottom of the pile?", text)
        self.assertIn("It happens to the best of us.", text)
        # The customer's address, where a window envelope shows it.
        self.assertRegex(html, r'name="address"[^>]*>\s*<div>\s*<address')
        self.assertIn("Jacobs Tuinaanleg", text)
        self.assertIn("Veldstraat 1", text)
        # Every invoice, the credit note netted, the total due.
        for invoice in invoices:
            self.assertIn(invoice.name, text)
        self.assertIn(f"Credit note {refund.name}", text)
        self.assertIn("1,270.50", text)
        self.assertRegex(text, re.escape(refund.name) + r" \S+ -\W?100\.00")
        self.assertIn("Total due", text)
        # Days late of the oldest invoice, as on the run's date.
        self.assertIn(" 27 ", text)
        # Each invoice's own structured communication, one per line.
        references = invoices.mapped("payment_reference")
        self.assertEqual(len(set(references)), 3)
        for invoice in invoices:
            self.assertRegex(
                invoice.payment_reference, r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$"
            )
            self.assertRegex(
                html,
                re.escape(invoice.name)
                + r"</td>\s*<td[^>]*>"
                + re.escape(invoice.payment_reference),
            )
        self.assertIn("BE71 0961 2345 6769", text)
        self.assertRegex(
            html, r'name="qr_code">\s*<img [^>]*src="data:image/png;base64,'
        )
        self.assertIn("0477.472.701", text)

    def test_no_invented_reference(self):
        self.company_data["default_journal_sale"].invoice_reference_model = "odoo"
        invoice = self._invoice(self.no_email, 300.0)
        reminder = self._run(day(7))
        self.assertFalse(reminder._payment_references())
        text = self._text(self._html(reminder))
        self.assertNotIn("+++", text)
        self.assertIn("mention the invoice numbers", text)
        values = reminder._payment_qr_values()
        self.assertEqual(values["structured_communication"], "")
        self.assertEqual(values["free_communication"], invoice.name)

    def test_qr_payload_several_invoices(self):
        invoices, _refund = self._three_and_a_credit_note(self.no_email)
        reminder = self._run(day(7))
        values = reminder._payment_qr_values()
        bank = values.pop("bank")
        self.assertEqual(bank, self.bank)
        payload = bank._get_qr_vals("sct_qr", **values)
        self.assertEqual(payload[:4], ["BCD", "002", "1", "SCT"])
        self.assertEqual(payload[6], IBAN)
        self.assertEqual(payload[7], "EUR1270.5")
        # Several invoices: no one reference fits, the numbers go as text.
        self.assertEqual(payload[9], "")
        self.assertEqual(payload[10], ", ".join(invoices.mapped("name")))

    def test_qr_payload_one_invoice(self):
        invoice = self._invoice(self.no_email, 300.0)
        reminder = self._run(day(7))
        values = reminder._payment_qr_values()
        payload = values.pop("bank")._get_qr_vals("sct_qr", **values)
        self.assertEqual(payload[6], IBAN)
        self.assertEqual(payload[7], "EUR300.0")
        self.assertEqual(
            payload[9], sanitize_structured_reference(invoice.payment_reference)
        )
        self.assertEqual(payload[10], "")
        self.assertTrue(reminder._payment_qr().startswith("data:image/png;base64,"))

    def test_no_qr_without_bank_account(self):
        self.bank.unlink()
        self._invoice(self.no_email, 300.0)
        reminder = self._run(day(7))
        self.assertFalse(reminder._payment_qr())
        self.assertNotIn('name="qr_code"', self._html(reminder))

    def test_letter_levels_have_their_own_tone(self):
        self.level_2.send_letter = True
        self.level_3.auto_send = True
        self._invoice(self.no_email, 300.0)
        first, second, third = (self._run(day(n)) for n in (7, 21, 35))
        self.assertEqual(
            (first.level_id, second.level_id, third.level_id),
            (self.level_1, self.level_2, self.level_3),
        )
        self.assertIn("bottom of the pile", self._text(self._html(first)))
        self.assertIn("Second reminder", self._text(self._html(second)))
        formal = self._text(self._html(third))
        self.assertIn("Formal notice to pay", formal)
        self.assertIn("formally give you notice", formal)
        self.assertIn("late-payment interest", formal)


@tagged("post_install", "-at_install")
class TestLetterLanguage(LetterCommon):
    """The letter is printed in the customer's language, its level's texts
    included: a language installed after the module gets them too."""

    def _letter_in(self, code):
        self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["dunning_be"], [code])
        self.no_email.lang = code
        self._invoice(self.no_email, 300.0)
        reminder = self._run(day(7))
        return self._text(self._html(reminder))

    def test_dutch(self):
        text = self._letter_in("nl_BE")
        self.assertIn("Is onze factuur onderaan de stapel beland?", text)
        self.assertIn("Vervaldag", text)
        self.assertIn("Totaal verschuldigd", text)
        self.assertIn("Zo betaalt u", text)
        self.assertNotIn("bottom of the pile", text)

    def test_french(self):
        text = self._letter_in("fr_BE")
        self.assertIn("Notre facture se serait-elle glissée sous la pile ?", text)
        self.assertIn("Échéance", text)
        self.assertIn("Total dû", text)
        self.assertIn("Modalités de paiement", text)
        self.assertNotIn("bottom of the pile", text)

    def test_german(self):
        text = self._letter_in("de_DE")
        self.assertIn("Ist unsere Rechnung ganz unten im Stapel gelandet?", text)
        self.assertIn("Fälligkeitsdatum", text)
        self.assertIn("Fälliger Gesamtbetrag", text)
        self.assertIn("So bezahlen Sie", text)
        self.assertNotIn("bottom of the pile", text)

    def test_own_texts_are_kept(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.level_1.with_context(lang="nl_BE").letter_subject = "Even een seintje"
        self.env["ir.module.module"]._load_module_terms(["dunning_be"], ["nl_BE"])
        self.assertEqual(
            self.level_1.with_context(lang="nl_BE").letter_subject, "Even een seintje"
        )
        self.assertEqual(
            self.level_1.with_context(lang="nl_BE").name, "Eerste herinnering"
        )

    def test_every_language_keeps_its_own_text(self):
        langs = ["nl_BE", "fr_BE", "de_DE"]
        for code in langs:
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["dunning_be"], langs)
        bodies = {
            code: self.level_1.with_context(lang=code).letter_body
            for code in ["en_US", *langs]
        }
        self.assertIn("It happens to the best of us.", bodies["en_US"])
        self.assertNotIn("It happens", bodies["nl_BE"] + bodies["fr_BE"])
        self.assertEqual(len(set(bodies.values())), 4, "four different letters")
        for code in langs:
            self.assertEqual(bodies[code].count("<p>"), 3)


@tagged("post_install", "-at_install")
class TestLetterPaymentReferences(LetterCommon):
    """The letter's payment block and EPC QR code (EPC069-12): a structured
    communication only when its check digits are right, never 00; a QR code
    that scans for a letter with many invoices."""

    # 0108068088 = 97 x 1,114,104: remainder 0, check digits 97, never 00.
    CHECK_00 = "+++010/8068/08800+++"
    # 71 + 9 characters: more than EPC069-12's 70 for the beneficiary.
    LONG_NAME = (
        "Bakkerij, Banketbakkerij en Chocolaterie Van den Broeck-Vandenberghe "
        "en Zonen NV"
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="letter_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _qr_payload(self, reminder):
        values = reminder._payment_qr_values()
        bank = values.pop("bank")
        self.assertEqual(bank, self.bank)
        return bank._get_qr_vals("sct_qr", **values)

    def test_qr_of_forty_invoices_keeps_to_the_epc_limits(self):
        self.company.name = self.LONG_NAME
        holder = self.bank.acc_holder_name or self.bank.partner_id.name
        self.assertEqual(holder, self.LONG_NAME)
        self.assertGreater(len(holder), 70)
        invoices = self.env["account.move"]
        for _n in range(40):
            invoices |= self._invoice(self.no_email, 10.0)
        reminder = self._run(day(7)).with_user(self.accountant)
        self.assertEqual(reminder.move_ids, invoices)
        payload = self._qr_payload(reminder)
        self.assertEqual(payload[5], self.LONG_NAME[:70])
        self.assertEqual(payload[6], IBAN)
        self.assertEqual(payload[7], "EUR400.0")
        self.assertEqual(payload[9], "")
        # The reminder's reference, the first invoices in the letter's order
        # as far as they fit, and how many more: 14-character numbers, 7 of
        # them (7 x 14 + 6 x 2 = 110), between "Reminder R000123: " and
        # " + 33 more" (18 + 110 + 10 = 138 characters).
        names = reminder._letter_lines().move_id.mapped("name")
        self.assertEqual(len(names), 40)
        remittance = payload[10]
        self.assertLessEqual(len(remittance), 140)
        shown = remittance.removeprefix(f"Reminder {reminder.reference}: ")
        self.assertNotEqual(shown, remittance)
        listed, _sep, more = shown.rpartition(" + ")
        listed = listed.split(", ")
        self.assertEqual(listed, names[: len(listed)])
        self.assertEqual(more, f"{40 - len(listed)} more")
        self.assertGreaterEqual(len(listed), 5)
        # What the QR code encodes, and the image itself.
        values = reminder._payment_qr_values()
        bank = values.pop("bank")
        encoded = bank._get_qr_code_generation_params("sct_qr", **values)["value"]
        self.assertEqual(encoded.split("\n")[5], self.LONG_NAME[:70])
        self.assertEqual(encoded.split("\n")[10], remittance)
        self.assertTrue(reminder._payment_qr().startswith("data:image/png;base64,"))
        self.assertRegex(
            self._html(reminder), r'name="qr_code">\s*<img [^>]*src="data:image/png'
        )

    def test_qr_remittance_in_the_letters_language(self):
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["ir.module.module"]._load_module_terms(["dunning_be"], ["nl_BE"])
        self.no_email.lang = "nl_BE"
        for _n in range(12):
            self._invoice(self.no_email, 10.0)
        reminder = self._run(day(7))
        free = reminder.with_context(lang="nl_BE")._payment_qr_values()[
            "free_communication"
        ]
        self.assertLessEqual(len(free), 140)
        self.assertTrue(free.startswith(f"Herinnering {reminder.reference}: "))
        self.assertRegex(free, r" \+ \d+ andere$")

    def test_other_qr_codes_are_odoos(self):
        # Without the letter's context key, Odoo's own payload is untouched
        # (should this fail because Odoo keeps to 70 and 140 itself, the
        # override in res_partner_bank.py can go).
        self.company.name = self.LONG_NAME
        payload = self.bank._get_qr_vals(
            "sct_qr", 10.0, self.company.currency_id, self.no_email, "x" * 200, ""
        )
        self.assertEqual(payload[5], self.LONG_NAME[:71])
        self.assertEqual(len(payload[10]), 141)

    def test_check_digits_00_are_no_structured_communication(self):
        good = self._invoice(self.no_email, 300.0, due=day(-10))
        bad = self._invoice(self.no_email, 200.0)
        bad.payment_reference = self.CHECK_00
        reminder = self._run(day(7)).with_user(self.accountant)
        self.assertEqual(reminder.move_ids, good | bad)
        self.assertEqual(
            reminder._payment_references(), [(good, good.payment_reference)]
        )
        html = self._html(reminder)
        self.assertIn(good.payment_reference, html)
        self.assertNotIn(self.CHECK_00, html)
        self.assertNotIn("010/8068/08800", html)
        self.assertIn(
            "For the other invoices, please mention their number", self._text(html)
        )

    def test_check_digits_00_not_in_the_qr(self):
        invoice = self._invoice(self.no_email, 300.0)
        invoice.payment_reference = self.CHECK_00
        reminder = self._run(day(7)).with_user(self.accountant)
        self.assertFalse(reminder._payment_references())
        payload = self._qr_payload(reminder)
        self.assertEqual(payload[9], "")
        self.assertEqual(payload[10], invoice.name)
        self.assertNotIn("010806808800", "\n".join(payload))
        text = self._text(self._html(reminder))
        self.assertNotIn("+++", text)
        self.assertIn("mention the invoice numbers", text)

    def test_check_digits_00_pay_nothing_on_the_bank(self):
        journal = self.company_data["default_journal_bank"]
        bad = self._invoice(self.no_email, 200.0)
        bad.payment_reference = self.CHECK_00
        good = self._invoice(self.no_email, 300.0)
        # 0108068088 + 97: the right check digits, to show a line pays by them.
        good.payment_reference = "+++010/8068/08897+++"
        self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": journal.id,
                    "date": day(5),
                    "payment_ref": f"Betaling {reference}",
                    "amount": 55.0,
                }
                for reference in (self.CHECK_00, good.payment_reference)
            ]
        )
        paid = self.env["dunning.run"]._paid_by_bank(self.company, bad | good)
        self.assertEqual(list(paid), [good])
        self.assertEqual(paid[good][0], "reference")
        reminder = self._run(day(7))
        self.assertEqual(reminder.move_ids, bad)
        self.assertFalse(bad.dunning_hold)
        self.assertEqual(good.dunning_hold, "paid_unmatched")
