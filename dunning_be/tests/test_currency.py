# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoices in another currency: a customer owing in euro and in US dollars
gets one reminder per currency, each in its invoices' own amounts, with the
claims computed on them (the fixed euro amounts at the day's rate), a debit
note in that currency, a letter without the euro-only EPC QR code, and an
e-mail in that currency."""

import html
import re

from freezegun import freeze_time

from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import DUE, day
from .test_letter import LetterCommon


def plain(text):
    """Text without tags and entities, spaces collapsed (the no-break space
    between a symbol and its amount included)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


@tagged("post_install", "-at_install")
class TestCurrency(LetterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Booked at 1.25 dollar for a euro; 1.30 on the day of the run.
        cls.usd = cls.setup_other_currency(
            "USD", rates=[("2026-01-01", 1.25), ("2026-03-05", 1.30)]
        )
        cls.eur = cls.company.currency_id
        cls.accountant = new_test_user(
            cls.env,
            "currency_accountant",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.level_1.charge_fees = True  # the claims go on a debit note

    @classmethod
    def _foreign_invoice(cls, partner, amount, currency, move_type="out_invoice"):
        return cls._create_invoice(
            move_type=move_type,
            invoice_date=DUE,
            invoice_date_due=DUE,
            partner_id=partner,
            currency_id=currency,
            invoice_payment_term_id=False,
            invoice_line_ids=[
                cls._prepare_invoice_line(
                    price_unit=amount, tax_ids=[], name="Bread and pastry, March"
                )
            ],
            post=True,
        )

    def _run_as_accountant(self, on_date):
        """The run by hand, as the accountant: the reminders it made."""
        before = self.env["dunning.reminder"].search([]).ids
        with freeze_time(on_date):
            wizard = (
                self.env["dunning.run.wizard"]
                .with_user(self.accountant)
                .create({"date": on_date})
            )
            wizard.action_run()
        return self.env["dunning.reminder"].search(
            [("id", "not in", before)], order="id"
        )

    def test_usd_invoice_reminded_in_usd_next_to_eur_ones(self):
        eur_1 = self._invoice(self.customer, 1000.0)
        eur_2 = self._invoice(self.customer, 250.0)
        usd = self._foreign_invoice(self.customer, 1000.0, self.usd)
        usd_credit = self._foreign_invoice(
            self.customer, 100.0, self.usd, move_type="out_refund"
        )
        # Booked in euro at the invoice's rate: 1000 / 1.25.
        self.assertAlmostEqual(usd.amount_total_signed, 800.0)
        eur_payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 50.0,
                "date": day(2),
            }
        )
        eur_payment.action_post()

        reminders = self._run_as_accountant(day(7))
        self.assertEqual(len(reminders), 2, "one reminder per currency")
        in_eur = reminders.filtered(lambda r: r.currency_id == self.eur)
        in_usd = reminders.filtered(lambda r: r.currency_id == self.usd)
        self.assertEqual(in_eur.move_ids, eur_1 | eur_2)
        self.assertEqual(in_usd.move_ids, usd)
        self.assertEqual((in_eur | in_usd).mapped("state"), ["sent", "sent"])

        # The lines and totals in the invoices' own currency; a payment or a
        # credit note counts only against the reminder of its currency.
        lines = {line.move_id: line for line in in_usd.line_ids}
        self.assertEqual(set(lines), {usd, usd_credit})
        self.assertEqual(lines[usd].currency_id, self.usd)
        self.assertAlmostEqual(lines[usd].amount_total, 1000.0)
        self.assertAlmostEqual(lines[usd].amount_residual, 1000.0)
        self.assertAlmostEqual(lines[usd_credit].amount_total, -100.0)
        self.assertAlmostEqual(lines[usd_credit].amount_residual, -100.0)
        self.assertAlmostEqual(in_usd.amount_overdue, 1000.0)
        self.assertAlmostEqual(in_usd.amount_due, 900.0)
        self.assertEqual(in_eur.line_ids.move_id, eur_1 | eur_2 | eur_payment.move_id)
        self.assertAlmostEqual(in_eur.amount_overdue, 1250.0)
        self.assertAlmostEqual(in_eur.amount_due, 1200.0)

        # The claims on the dollar amounts: 3 to 9 March 2026, 7 days at
        # 10.5 %: 1000 x 10.5 % x 7 / 365 = 2.0137 -> USD 2.01; the EUR 40
        # at the day's rate, 1.30: USD 52.00.
        claims = {claim.kind: claim for claim in in_usd.claim_ids}
        self.assertEqual(set(claims), {"interest", "compensation"})
        self.assertEqual(claims["interest"].currency_id, self.usd)
        self.assertAlmostEqual(claims["interest"].base, 1000.0)
        self.assertAlmostEqual(claims["interest"].amount, 2.01)
        self.assertAlmostEqual(claims["compensation"].amount, 52.0)
        self.assertIn("40.00 €", plain(claims["compensation"].explanation))
        self.assertIn("$", claims["interest"].explanation)
        self.assertAlmostEqual(in_usd.amount_claimable, 54.01)
        # In euro: 2.01 + 0.50 of interest and EUR 40 for each invoice.
        self.assertAlmostEqual(in_eur.amount_claimable, 82.51)

        # The debit note that books the claims is in the invoice's currency.
        note = in_usd.claim_move_id
        self.assertEqual(note.state, "posted")
        self.assertEqual(note.currency_id, self.usd)
        self.assertAlmostEqual(note.amount_total, 54.01)
        self.assertAlmostEqual(note.amount_total_signed, 54.01 / 1.30, places=2)
        self.assertEqual(in_eur.claim_move_id.currency_id, self.eur)
        self.assertAlmostEqual(in_eur.claim_move_id.amount_total, 82.51)

        # The letter: dollar amounts, no EPC QR code (euro only), no error.
        letter = plain(self._html(in_usd.with_user(self.accountant)))
        for amount in ("1,000.00", "900.00", "54.01", "52.00"):
            self.assertRegex(letter, rf"\$ ?{re.escape(amount)}")
        # No euro amount, but the EUR 40 the compensation converts.
        self.assertNotIn("€", letter.replace("of 40.00 €", ""))
        self.assertNotIn('name="qr_code"', self._html(in_usd))
        self.assertIsNone(in_usd._payment_qr_values())
        self.assertIn("Please transfer", letter)
        # The euro letter keeps its QR code.
        self.assertIn('name="qr_code"', self._html(in_eur))

        # The e-mail: in dollars for the one, in euro for the other.
        usd_mail = plain(in_usd.email_body)
        self.assertRegex(usd_mail, r"Total due: \$ ?900\.00")
        self.assertNotIn("€", usd_mail.replace("of 40.00 €", ""))
        eur_mail = plain(in_eur.email_body)
        self.assertRegex(eur_mail, r"Total due: 1,200\.00 ?€")
        self.assertNotIn("$", eur_mail)

        # The next run refreshes nothing twice: each currency keeps its own.
        self.assertFalse(self._run_as_accountant(day(8)))

    def test_drafts_per_currency(self):
        """A level reviewed before it goes: one draft per currency, each
        refreshed by the next run in its own currency."""
        self.level_1.auto_send = False
        self._invoice(self.customer, 1000.0)
        usd = self._foreign_invoice(self.customer, 1000.0, self.usd)
        drafts = self._run_as_accountant(day(7))
        self.assertEqual(drafts.mapped("state"), ["draft", "draft"])
        self.assertEqual(drafts.currency_id, self.eur | self.usd)
        in_usd = drafts.filtered(lambda r: r.currency_id == self.usd)
        self._pay(usd, 400.0, day(8))  # in dollars: the invoice's currency
        self._run(day(9))
        self.assertEqual(
            self.env["dunning.reminder"].search_count(
                [("partner_id", "=", self.customer.id), ("state", "=", "draft")]
            ),
            2,
        )
        self.assertAlmostEqual(in_usd.amount_due, 600.0)
        self.assertAlmostEqual(in_usd.line_ids.amount_residual, 600.0)
        interest = in_usd.claim_ids.filtered(lambda c: c.kind == "interest")
        # On the dollars still open: 1000 from 3 to 9 March, 600 from the
        # payment of 10 March to the run of 11 March: 1000 x 10.5 % x 7 / 365
        # = 2.0137 and 600 x 10.5 % x 2 / 365 = 0.3452: USD 2.36.
        self.assertAlmostEqual(interest.amount, 2.36)

    def test_no_rate_known_holds_the_claims_with_a_reason(self):
        gbp = self.setup_other_currency("GBP", rates=[])
        self._invoice(self.customer, 1000.0)
        self._foreign_invoice(self.customer, 500.0, gbp)
        reminders = self._run_as_accountant(day(7))
        in_gbp = reminders.filtered(lambda r: r.currency_id == gbp)
        in_eur = reminders - in_gbp
        self.assertEqual(in_eur.state, "sent")
        self.assertEqual(in_gbp.state, "draft")
        self.assertFalse(in_gbp.claim_ids)
        self.assertFalse(in_gbp.amount_claimable)
        self.assertIn("No exchange rate of GBP", in_gbp.draft_reason)
        self.assertIn("Currencies", in_gbp.claim_note)
        self.assertAlmostEqual(in_gbp.amount_due, 500.0)

    def test_one_call_for_a_customer_owing_in_two_currencies(self):
        self.level_1.call_before = True
        self._invoice(self.customer, 1000.0)
        self._foreign_invoice(self.customer, 1000.0, self.usd)
        self.assertFalse(self._run(day(7)))
        calls = self.env["dunning.call"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(calls), 1, "one call at a time for a customer")
        # Called, the customer is reminded in each currency.
        with freeze_time(day(8)):
            action = calls.activity_id.action_dunning_call_outcome()
            wizard = self.env["dunning.call.outcome"].with_context(**action["context"])
            with Form(wizard) as form:
                form.outcome = "go_on"
            form.record.action_apply()
        reminders = self._run(day(8))
        self.assertEqual(reminders.currency_id, self.eur | self.usd)
        self.assertEqual(reminders.level_id, self.level_1)

    def test_call_and_preview_in_the_plans_currency(self):
        self.level_1.call_before = True
        self._foreign_invoice(self.customer, 1000.0, self.usd)
        wizard = self.env["dunning.run.wizard"].create({"date": day(7)})
        wizard.action_preview()
        line = wizard.preview_ids.filtered(lambda l: l.partner_id == self.customer)
        self.assertEqual(line.currency_id, self.usd)
        self.assertAlmostEqual(line.amount_due, 1000.0)
        self.assertFalse(self._run(day(7)))
        call = self.env["dunning.call"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(call.currency_id, self.usd)
        self.assertAlmostEqual(call.amount_due, 1000.0)
        self.assertIn("$", plain(call.brief))

    def test_one_handover_for_a_customer_owing_in_two_currencies(self):
        collector = self.env["res.partner"].create(
            {
                "name": "Incasso Vlaanderen",
                "is_company": True,
                "email": "dossiers@incasso-vlaanderen.be",
                "dunning_collector_kind": "agency",
            }
        )
        level = self.env["dunning.level"].create(
            {
                "policy_id": self.policy.id,
                "name": "Debt collector",
                "sequence": 100,
                "delay": 49,
                "handover": True,
                "handover_collector_id": collector.id,
                "auto_send": False,
                "send_email": False,
            }
        )
        invoices = self._invoice(self.customer, 1000.0) | self._foreign_invoice(
            self.customer, 1000.0, self.usd
        )
        invoices.write(
            {"dunning_level_id": self.level_3.id, "dunning_last_date": day(35)}
        )
        self.assertFalse(self._run(day(49)))
        handover = self.env["dunning.handover"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.level_id, level)
        self.assertEqual(handover.move_ids & invoices, invoices)


@tagged("post_install", "-at_install")
class TestCurrencyPortal(LetterCommon, HttpCase):
    """The customer's portal shows each reminder in its own currency."""

    def test_portal_page_in_the_reminders_currency(self):
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 1.25)])
        self._invoice(self.customer, 1000.0)
        self._create_invoice(
            invoice_date=DUE,
            invoice_date_due=DUE,
            partner_id=self.customer,
            currency_id=usd,
            invoice_payment_term_id=False,
            invoice_line_ids=[
                self._prepare_invoice_line(price_unit=640.0, tax_ids=[], name="Cake")
            ],
            post=True,
        )
        new_test_user(
            self.env,
            login="korst_portal",
            password="korst_portal",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "Els Baert", "parent_id": self.customer.id})
            .id,
        )
        reminders = self._run(day(7))
        in_usd = reminders.filtered(lambda r: r.currency_id == usd)
        self.assertEqual(len(reminders), 2)
        self.authenticate("korst_portal", "korst_portal")
        listing = plain(self.url_open("/my/reminders").text)
        self.assertRegex(listing, r"\$ ?640\.00")
        self.assertRegex(listing, r"1,000\.00 ?€")
        page = self.url_open(in_usd.get_portal_url())
        self.assertEqual(page.status_code, 200)
        text = plain(page.text)
        self.assertRegex(text, r"Amount due: \$ ?640\.00")
        self.assertNotIn("1,000.00", text)
