# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import tagged

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
        html = self.env["ir.actions.report"]._render_qweb_html(LETTER, reminder.ids)[0]
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
