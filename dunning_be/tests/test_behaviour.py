# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DunningCommon, day

TODAY = date(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestBehaviour(DunningCommon):
    """Payment behaviour per customer, its class, and the policy it chooses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        address = {"street": "Markt 1", "zip": "8000", "city": "Brugge"}
        address["country_id"] = cls.env.ref("base.be").id

        def customer(name):
            return Partner.create(
                {"name": name, "is_company": True, "email": "x@x.be", **address}
            )

        cls.reliable = customer("Altijd Stipt BV")
        cls.occasional = customer("Soms Laat BV")
        cls.chronic = customer("Altijd Laat BV")
        cls.newcomer = customer("Pas Gestart BV")
        cls.Behaviour = cls.env["dunning.partner.behaviour"]

    def _paid_invoice(self, partner, amount, due, days_late):
        """An invoice of ``due`` (its date and due date) paid ``days_late``
        days after it (negative: before)."""
        invoice = self._invoice(partner, amount, due=due)
        self._pay(invoice, amount, due + timedelta(days=days_late))
        return invoice

    def _history(self):
        """Four customers built to be reliable, occasionally late, chronic and
        new, as on TODAY."""
        # Reliable: 4 invoices since a year and a half, all paid before due.
        self._invoice(self.reliable, 100.0, due=date(2025, 5, 1))  # still open
        for month in (1, 3, 5, 7):
            self._paid_invoice(self.reliable, 1000.0, date(2026, month, 10), -2)
        # Occasionally late: 5 paid, one of them 20 days late: 20 %, 4 days.
        self._paid_invoice(self.occasional, 1000.0, date(2025, 4, 1), 0)
        for month, late in ((2, 0), (3, 20), (4, 0), (5, 0), (6, -1)):
            self._paid_invoice(self.occasional, 1000.0, date(2026, month, 1), late)
        # Chronic: 3 of 4 late (30, 40 and 10 days), weighted 24 days; and an
        # overdue and a not yet due invoice open.
        self._invoice(self.chronic, 50.0, due=date(2025, 1, 10))  # first, open
        self._paid_invoice(self.chronic, 1000.0, date(2026, 2, 1), 30)
        self._paid_invoice(self.chronic, 2000.0, date(2026, 3, 1), 40)
        self._paid_invoice(self.chronic, 1000.0, date(2026, 4, 1), 10)
        self._paid_invoice(self.chronic, 1000.0, date(2026, 5, 1), 0)
        self._invoice(self.chronic, 500.0, due=date(2026, 10, 1))
        self._invoice(self.chronic, 300.0, due=date(2026, 12, 15))
        # New: first invoice 3 months ago, 3 paid on time.
        for month in (8, 9, 10):
            self._paid_invoice(self.newcomer, 400.0, date(2026, month, 20), 0)
        # A payment made more than 12 months ago does not count.
        self._paid_invoice(self.reliable, 5000.0, date(2025, 6, 1), 90)

    def _refresh(self, on_date=TODAY):
        with freeze_time(on_date):
            return self.Behaviour._refresh(self.company, on_date)

    def _of(self, partner):
        return self.Behaviour.search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )

    def test_figures_and_classes(self):
        self._history()
        classes = self._refresh()
        self.assertEqual(
            {p: classes[p.id] for p in (self.reliable, self.occasional, self.chronic)},
            {
                self.reliable: "reliable",
                self.occasional: "occasional",
                self.chronic: "chronic",
            },
        )
        self.assertEqual(classes[self.newcomer.id], "new")

        reliable = self._of(self.reliable)
        self.assertRecordValues(
            reliable,
            [
                {
                    "paid_count": 4,
                    "late_count": 0,
                    "late_share": 0.0,
                    "days_late": 0.0,
                    "amount_open": 100.0,
                    "amount_overdue": 100.0,
                    "first_invoice_date": date(2025, 5, 1),
                    "behaviour_class": "reliable",
                    "date": TODAY,
                }
            ],
        )
        self.assertRecordValues(
            self._of(self.occasional),
            [
                {
                    # The invoice paid in April 2025 is out of the 12 months.
                    "paid_count": 5,
                    "late_count": 1,
                    "late_share": 20.0,
                    "days_late": 4.0,  # 20 x 1000 / 5000
                    "amount_open": 0.0,
                    "behaviour_class": "occasional",
                }
            ],
        )
        self.assertRecordValues(
            self._of(self.chronic),
            [
                {
                    "paid_count": 4,
                    "late_count": 3,
                    "late_share": 75.0,
                    # (30 x 1000 + 40 x 2000 + 10 x 1000 + 0 x 1000) / 5000
                    "days_late": 24.0,
                    "amount_open": 850.0,
                    "amount_overdue": 550.0,
                    "first_invoice_date": date(2025, 1, 10),
                    "behaviour_class": "chronic",
                }
            ],
        )
        self.assertRecordValues(
            self._of(self.newcomer),
            [
                {
                    "paid_count": 3,
                    "late_count": 0,
                    "first_invoice_date": date(2026, 8, 20),
                    "behaviour_class": "new",
                }
            ],
        )
        # On the customer, in the current company; and searchable.
        self.assertEqual(self.chronic.dunning_behaviour_class, "chronic")
        self.assertEqual(self.chronic.dunning_days_late, 24.0)
        self.assertEqual(
            self.env["res.partner"].search(
                [("dunning_behaviour_class", "=", "chronic")]
            ),
            self.chronic,
        )

    def test_paid_before_due_counts_as_zero_days_late(self):
        """An invoice paid before its due date weighs 0 days, not fewer: the
        example of lib/tests/test_behaviour.py, through the SQL."""

        def paid(amount, invoice_date, due, paid_on):
            invoice = self._create_invoice(
                invoice_date=invoice_date,
                invoice_date_due=due,
                partner_id=self.occasional,
                invoice_payment_term_id=False,
                invoice_line_ids=[
                    self._prepare_invoice_line(
                        price_unit=amount, tax_ids=[], name="Bread and pastry"
                    )
                ],
                post=True,
            )
            self._pay(invoice, amount, paid_on)
            return invoice

        # 300 paid 30 days late; 100 paid 12 days before its due date.
        paid(300.0, date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 31))
        early = paid(100.0, date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 19))
        self.assertEqual(early.invoice_date_due, date(2026, 3, 31))
        self._refresh()
        self.assertRecordValues(
            self._of(self.occasional),
            [
                {
                    "paid_count": 2,
                    "late_count": 1,
                    "late_share": 50.0,
                    # (30 x 300 + 0 x 100) / 400, not (30 x 300 - 12 x 100) / 400
                    "days_late": 22.5,
                }
            ],
        )

    def test_reminders_and_highest_level(self):
        self._invoice(self.chronic, 500.0, due=date(2026, 10, 1))
        Reminder = self.env["dunning.reminder"]
        common = {
            "partner_id": self.chronic.id,
            "company_id": self.company.id,
            "policy_id": self.policy.id,
            "state": "sent",
        }
        Reminder.create(
            [
                {**common, "level_id": self.level_2.id, "date": date(2026, 10, 22)},
                {**common, "level_id": self.level_1.id, "date": date(2026, 10, 8)},
                # More than 12 months ago, and one never sent: not counted.
                {**common, "level_id": self.level_3.id, "date": date(2025, 10, 1)},
                {
                    **common,
                    "level_id": self.level_3.id,
                    "date": date(2026, 11, 1),
                    "state": "draft",
                },
            ]
        )
        self._refresh()
        self.assertRecordValues(
            self._of(self.chronic),
            [{"reminder_count": 2, "max_level_id": self.level_2.id}],
        )

    def test_promises_kept_and_broken(self):
        Call = self.env["dunning.call"]
        kept = self._invoice(self.chronic, 500.0, due=date(2026, 6, 1))
        broken = self._invoice(self.chronic, 700.0, due=date(2026, 7, 1))
        pending = self._invoice(self.chronic, 900.0, due=date(2026, 11, 1))
        common = {
            "partner_id": self.chronic.id,
            "company_id": self.company.id,
            "level_id": self.level_2.id,
            "state": "done",
            "outcome": "promise",
        }
        Call.create(
            [
                {
                    **common,
                    "date": date(2026, 6, 20),
                    "promise_date": date(2026, 6, 30),
                    "pause_until": date(2026, 7, 3),
                    "move_ids": kept.ids,
                },
                {
                    **common,
                    "date": date(2026, 7, 20),
                    "promise_date": date(2026, 7, 31),
                    "pause_until": date(2026, 8, 3),
                    "move_ids": broken.ids,
                },
                {
                    **common,
                    "date": date(2026, 11, 18),
                    "promise_date": date(2026, 11, 25),
                    "pause_until": date(2026, 11, 28),
                    "move_ids": pending.ids,
                },
            ]
        )
        self._pay(kept, 500.0, date(2026, 7, 2))  # within the grace period
        self._pay(broken, 700.0, date(2026, 8, 20))  # too late: broken
        # Known for long, two more invoices paid on time.
        self._paid_invoice(self.chronic, 100.0, date(2025, 1, 10), 0)
        self._paid_invoice(self.chronic, 100.0, date(2025, 12, 1), 0)
        self._paid_invoice(self.chronic, 100.0, date(2026, 1, 5), 0)
        # Only the promises decide here: no share or delay makes it chronic.
        self.company.write({"dunning_chronic_share": 100, "dunning_chronic_days": 999})
        self._refresh()
        self.assertRecordValues(
            self._of(self.chronic),
            [
                {
                    "promise_kept_count": 1,
                    "promise_broken_count": 1,
                    "behaviour_class": "occasional",
                }
            ],
        )
        # From one broken promise on, a chronic late payer.
        self.company.dunning_chronic_broken_promises = 1
        self._refresh()
        self.assertEqual(self._of(self.chronic).behaviour_class, "chronic")

    def test_bad_debtor_is_chronic(self):
        self._paid_invoice(self.newcomer, 400.0, date(2026, 9, 1), 0)
        self.assertEqual(self._refresh()[self.newcomer.id], "new")
        self.newcomer.with_company(self.company).trust = "bad"
        self.assertEqual(self._refresh()[self.newcomer.id], "chronic")

    def test_class_change_is_logged_once(self):
        self._paid_invoice(self.newcomer, 400.0, date(2026, 9, 1), 0)
        self._refresh()
        self.newcomer.with_company(self.company).trust = "bad"
        self._refresh()
        self._refresh()
        notes = self.newcomer.message_ids.filtered(
            lambda m: "Payment behaviour changed" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("from New Customer to Chronic Late Payer", notes.body)

    def test_thresholds_are_checked(self):
        # (assertRaises, not assertRaisesRegex: it rolls the bad value back.)
        with self.assertRaises(ValidationError) as error:
            self.company.dunning_chronic_share = 10
        self.assertIn("at least the threshold", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.company.dunning_new_months = -1
        self.assertIn("New for (Months) cannot be negative", str(error.exception))
        with Form(self.env["res.config.settings"]) as settings:
            settings.dunning_occasional_days = 5
        self.assertEqual(self.company.dunning_occasional_days, 5)

    def test_shipped_policies(self):
        company = self.env["res.company"].create({"name": "Nieuw BV"})
        policies = self.env["dunning.policy"].search([("company_id", "=", company.id)])
        by_key = {policy.shipped: policy for policy in policies}
        self.assertEqual(set(by_key), {"standard", "new", "loyal"})
        self.assertEqual(company.dunning_policy_id, by_key["standard"])
        self.assertTrue(company.dunning_policy_by_behaviour)
        new, loyal = by_key["new"], by_key["loyal"]
        self.assertEqual(new.name, "New customers")
        self.assertEqual(new._levels().mapped("delay"), [3, 14, 21])
        self.assertEqual(new._levels().mapped("call_before"), [False, True, False])
        self.assertEqual(loyal.name, "Loyal customers")
        self.assertEqual(loyal._levels().mapped("delay"), [10, 30, 45])
        self.assertEqual(loyal._levels().mapped("call_before"), [False, False, True])
        self.assertEqual(
            self.env["dunning.policy"]._by_class(company),
            {"new": new, "reliable": loyal},
        )
        company.dunning_policy_by_behaviour = False
        self.assertEqual(self.env["dunning.policy"]._by_class(company), {})


@tagged("post_install", "-at_install")
class TestPolicyByBehaviour(DunningCommon):
    """The run gives each customer the policy of its class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dunning_policy_by_behaviour = True
        Policy = cls.env["dunning.policy"]
        cls.strict = Policy.create(
            {
                "name": "Strict",
                "for_new": True,
                "level_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Quick",
                            "sequence": 1,
                            "delay": 2,
                            "mail_template_id": cls.level_1.mail_template_id.id,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Quick again",
                            "sequence": 2,
                            "delay": 9,
                            "mail_template_id": cls.level_2.mail_template_id.id,
                        },
                    ),
                ],
            }
        )
        # The shipped policy for new customers yields to it (priority).
        cls.strict.class_priority = 1

    def test_new_customer_gets_its_class_policy(self):
        self._invoice(self.customer)
        reminder = self._run(day(2))
        self.assertEqual(reminder.policy_id, self.strict)
        self.assertEqual(reminder.level_id.name, "Quick")

    def test_policy_on_the_customer_wins(self):
        self.customer.dunning_policy_id = self.policy
        self._invoice(self.customer)
        self.assertFalse(self._run(day(2)))
        self.assertEqual(self._run(day(7)).policy_id, self.policy)

    def test_class_change_between_two_levels(self):
        invoice = self._invoice(self.customer)
        first = self._run(day(2))
        self.assertEqual(first.level_id.name, "Quick")
        # The customer becomes a bad debtor: chronic, whose policy is the
        # standard one here.
        self.policy.for_chronic = True
        self.customer.with_company(self.company).trust = "bad"
        # Day 9 would have been "Quick again"; the standard policy takes over
        # at its second level (21 days): its first is the rank already had.
        self.assertFalse(self._run(day(9)))
        self.assertFalse(self._run(day(20)))
        second = self._run(day(21))
        self.assertEqual(second.policy_id, self.policy)
        self.assertEqual(second.level_id, self.level_2)
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        self.assertTrue(
            self.customer.message_ids.filtered(
                lambda m: "Payment behaviour changed" in (m.body or "")
            )
        )
