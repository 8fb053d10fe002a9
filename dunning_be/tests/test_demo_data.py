# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo data tells its story. Runs only in a database with demo data."""

from datetime import timedelta

from odoo.tests import TransactionCase, tagged

from odoo.addons.dunning_be.lib.ageing import days_late


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("dunning_be.demo_company", raise_if_not_found=False)
        if cls.company:
            cls.invoices = cls.env["account.move"].search(
                [
                    ("company_id", "=", cls.company.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ]
            )
            # Demo dates are relative to the day of installation, not to today.
            cls.install_day = min(cls.invoices.mapped("create_date")).date()

    def setUp(self):
        super().setUp()
        if not self.company:
            self.skipTest("database without the demo data")

    def _partner(self, key):
        return self.env.ref(f"dunning_be.demo_partner_{key}")

    def test_company_is_a_belgian_company(self):
        company = self.company
        self.assertEqual(company.country_id.code, "BE")
        self.assertEqual(company.vat, "BE0471650622")
        self.assertEqual(company.company_registry, "0471.650.622")
        self.assertEqual(company.partner_id.lang, "nl_BE")
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.chart_template, "be_comp")
        bank = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        self.assertEqual(bank.bank_account_id.acc_number, "BE84 8269 8480 6459")
        self.assertEqual(self.env.ref("base.user_admin").company_id, company)

    def test_customers_are_varied(self):
        partners = self.invoices.partner_id
        self.assertGreaterEqual(len(partners), 30)
        self.assertEqual(
            set(partners.mapped("lang")) - {"en_US"}, {"nl_BE", "fr_BE", "de_DE"}
        )
        self.assertGreaterEqual(len(partners.filtered("is_company")), 15)
        persons = partners.filtered(lambda p: not p.is_company)
        self.assertGreaterEqual(len(persons), 6)
        self.assertFalse(
            any(persons.mapped("vat")), "private persons have no VAT number"
        )
        abroad = partners.filtered(lambda p: p.country_id.code != "BE")
        self.assertGreaterEqual(len(abroad), 3)

    def test_invoices_are_posted_with_the_ages_of_the_story(self):
        self.assertTrue(self.invoices)
        self.assertEqual(set(self.invoices.mapped("state")), {"posted"})
        open_invoices = self.invoices.filtered(
            lambda m: m.move_type == "out_invoice" and m.amount_residual
        )
        ages = {days_late(m.invoice_date_due, self.install_day) for m in open_invoices}
        for age in (3, 20, 45, 90):
            self.assertIn(age, ages)
        self.assertTrue(any(age < 0 for age in ages), "some invoices are not due yet")
        # Real payment terms, not a due date typed over the invoice date,
        # but for the one invoice that shows the "no payment term" hold (and
        # the debit notes of claims, once make demo ran the reminders).
        without = open_invoices.filtered(
            lambda m: not m.invoice_payment_term_id and not m.dunning_claim_reminder_id
        )
        self.assertEqual(without.partner_id, self._partner("weber"))
        self.assertEqual(without.invoice_date_due, without.invoice_date)

    def test_one_case_of_each_hold(self):
        """What the run would hold today, read without writing (the dispute
        comes from a call that tools/demo_run.py records)."""
        run = self.env["dunning.run"].with_company(self.company)
        today = self.install_day
        holds = {}
        run._plan(
            self.company,
            today,
            run._due_partner_ids(self.company, today),
            holds=holds,
        )
        by_reason = {}
        for invoice, (reason, _note) in holds.items():
            by_reason.setdefault(reason, set()).add(invoice.partner_id)
        expected = {
            "paid_unmatched": {"groenrijk", "zeezicht"},
            "paused": {"moreau"},
            "delivery_failed": {"leroy"},
            "bad_address": {"simon"},
            "never_sent": {"schmitz"},
            "no_payment_term": {"weber"},
        }
        for reason, keys in expected.items():
            with self.subTest(reason=reason):
                partners = by_reason.get(reason, set())
                for key in keys:
                    self.assertIn(self._partner(key), partners)
        stop, _warning = run._bank_feed_warning(self.company, today)
        self.assertFalse(stop, "yesterday's statement line keeps the feed fresh")

    def test_partial_payments_and_open_credit_note(self):
        partial = self.invoices.filtered(lambda m: m.payment_state == "partial")
        self.assertGreaterEqual(len(partial), 2)
        claes = partial.filtered(lambda m: m.partner_id == self._partner("claes"))
        self.assertAlmostEqual(
            claes.amount_residual, claes.amount_total * 0.6, places=2
        )
        refund = self.invoices.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(refund.partner_id, self._partner("peeters"))
        self.assertEqual(refund.amount_residual, refund.amount_total)
        self.assertGreater(refund.amount_total, 0)

    def _paid_days_after_due(self, partner):
        days = []
        for move in self.invoices.filtered(
            lambda m: (
                m.partner_id == partner and m.payment_state in ("paid", "in_payment")
            )
        ):
            pay_date = max(p["date"] for p in move.invoice_payments_widget["content"])
            days.append((pay_date - move.invoice_date_due).days)
        return days

    def test_payers_who_are_always_late_or_always_on_time(self):
        late = self._paid_days_after_due(self._partner("drie_linden"))
        self.assertGreaterEqual(len(late), 5)
        self.assertTrue(all(d > 20 for d in late), late)
        on_time = self._paid_days_after_due(self._partner("gouden_korst"))
        self.assertGreaterEqual(len(on_time), 5)
        self.assertTrue(all(d <= 0 for d in on_time), on_time)

    def test_unmatched_payment(self):
        partner = self._partner("zeezicht")
        invoice = self.invoices.filtered(lambda m: m.partner_id == partner)
        self.assertEqual(invoice.payment_state, "not_paid")
        payment = self.env["account.payment"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(payment.amount, invoice.amount_total)
        self.assertEqual(payment.date, self.install_day - timedelta(days=2))

    def test_company_calls_before_the_formal_notice(self):
        levels = self.company.dunning_policy_id._levels()
        self.assertEqual(levels.mapped("call_before"), [False, False, True, False])
        self.assertEqual(self.company.dunning_user_id, self.env.ref("base.user_admin"))

    def test_each_payment_behaviour(self):
        Behaviour = self.env["dunning.partner.behaviour"]
        Behaviour._refresh(self.company, self.install_day)
        classes = {
            key: Behaviour.search(
                [
                    ("partner_id", "=", self._partner(key).id),
                    ("company_id", "=", self.company.id),
                ]
            ).behaviour_class
            for key in ("gouden_korst", "vandenbroeck", "drie_linden", "claes")
        }
        self.assertEqual(
            classes,
            {
                "gouden_korst": "reliable",
                "vandenbroeck": "occasional",
                "drie_linden": "chronic",
                "claes": "new",
            },
        )

    def test_kieffer_goes_to_the_collection_agency(self):
        """The policy ends with a hand-over to the demo agency; Kieffer's file
        (handed over by tools/demo_run.py on the make demo database, here if
        not yet) is complete, with its columns and amounts."""
        agency = self._partner("incasso")
        last = self.company.dunning_policy_id._levels()[-1]
        self.assertTrue(last.handover)
        self.assertEqual(last.handover_collector_id, agency)
        kieffer = self._partner("kieffer")
        handover = self.env["dunning.handover"].search(
            [("partner_id", "=", kieffer.id), ("state", "=", "sent")]
        )
        if not handover:
            moves = self.invoices.filtered(
                lambda m: m.partner_id == kieffer and m.amount_residual
            )
            handover = (
                self.env["dunning.handover"]
                .with_company(self.company)
                ._prepare(kieffer, moves, agency)
            )
            self.assertFalse(handover.draft_reason)
            handover.action_send()
        self.assertEqual(handover.collector_id, agency)
        self.assertEqual(handover.regime, "b2b")
        invoice = handover.line_ids.filtered(lambda line: line.kind == "invoice")
        self.assertEqual(len(invoice), 1)
        self.assertAlmostEqual(invoice.principal, invoice.move_id.amount_residual)
        self.assertGreater(invoice.principal, 1240.0 - 0.01)
        self.assertGreater(invoice.interest, 0)
        self.assertTrue(handover.file_pdf_id)
        header = handover.file_csv_id.raw.decode("utf-8-sig").splitlines()[0]
        in_dutch = handover.with_context(lang=handover._file_lang())
        labels = [label for _key, label, _kind in in_dutch._file_columns()]
        self.assertEqual(header.split(";"), labels)
        row = handover._file_rows()[0]
        # Abroad, the debtor's VAT number stands for its enterprise number.
        self.assertEqual(row["debtor_enterprise_number"], "LU30083414")
        self.assertEqual(row["debtor_consumer"], "No")
        self.assertEqual(row["invoice"], invoice.move_id.name)
        self.assertTrue(kieffer.invoice_ids.filtered("dunning_handover_id"))
