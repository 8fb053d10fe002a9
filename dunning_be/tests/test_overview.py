# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import DunningCommon

# A Tuesday; its week runs from Monday 29 June to Sunday 5 July.
TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestOverview(DunningCommon):
    """The overview's figures against hand-computed ones, and the invoices
    behind each figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Receivable = cls.env["dunning.receivable"]
        gouden, claes, jacobs = cls.customer, cls.customer_2, cls.no_email
        # amount, invoice date, due date (days late on TODAY)
        cls.a1 = cls._dated(gouden, 1000.0, date(2026, 6, 20), date(2026, 7, 20))  # -20
        cls.a2 = cls._dated(gouden, 500.0, date(2026, 5, 31), TODAY)  # 0: not late
        cls.a3 = cls._dated(gouden, 300.0, date(2026, 5, 1), date(2026, 5, 31))  # 30
        cls.b1 = cls._dated(claes, 2000.0, date(2026, 4, 1), date(2026, 5, 1))  # 60
        cls.b2 = cls._dated(claes, 700.0, date(2026, 3, 1), date(2026, 3, 31))  # 91
        cls.b3 = cls._dated(claes, 400.0, date(2026, 3, 2), date(2026, 4, 1))  # 90
        cls.c1 = cls._dated(jacobs, 800.0, date(2026, 4, 15), date(2026, 5, 15))  # 46
        cls.c2 = cls._dated(jacobs, 600.0, date(2026, 1, 10), date(2026, 2, 9))
        # An open credit note of 100: less owed, less invoiced.
        cls.refund = cls._dated(
            gouden, 100.0, date(2026, 6, 10), date(2026, 6, 10), "out_refund"
        )
        # In the other company: never in these figures.
        other = cls.setup_other_company(name="Andere BV")["company"]
        cls.other_company = other
        cls.foreign = cls._create_invoice(
            company_id=other.id,
            partner_id=gouden.id,
            invoice_date=date(2026, 5, 1),
            invoice_date_due=date(2026, 5, 1),
            invoice_payment_term_id=False,
            invoice_line_ids=[
                cls._prepare_invoice_line(price_unit=9999.0, tax_ids=[], name="x")
            ],
            post=True,
        )

    @classmethod
    def _dated(cls, partner, amount, invoice_date, due, move_type="out_invoice"):
        return cls._create_invoice(
            move_type=move_type,
            invoice_date=invoice_date,
            invoice_date_due=due,
            partner_id=partner,
            invoice_payment_term_id=False,
            invoice_line_ids=[
                cls._prepare_invoice_line(price_unit=amount, tax_ids=[], name="Bread")
            ],
            post=True,
        )

    def setUp(self):
        super().setUp()
        self._pay(self.b3, 150.0, date(2026, 5, 10))  # 250 left
        self._pay(self.c2, 600.0, date(2026, 2, 9))  # paid: not open

    def _overview(self):
        with freeze_time(TODAY):
            return self.env["dunning.overview"].create({})

    def _rows(self, action):
        """The invoices a drill-down action shows."""
        self.assertEqual(action["res_model"], "dunning.receivable")
        rows = self.Receivable.with_context(**action["context"]).search(
            action["domain"]
        )
        return rows.move_id

    def _lines(self, overview, kind):
        return overview.line_ids.filtered(lambda line: line.kind == kind)

    def test_ageing(self):
        overview = self._overview()
        self.assertEqual(overview.company_id, self.company)
        self.assertEqual(overview.date, TODAY)
        lines = self._lines(overview, "ageing")
        self.assertEqual(
            [(line.ageing, line.count, line.amount) for line in lines],
            [
                ("not_due", 2, 1500.0),  # a1 and a2: due today is not late
                ("1_30", 1, 300.0),  # a3, 30 days
                ("31_60", 2, 2800.0),  # b1 (60) and c1 (46)
                ("61_90", 1, 250.0),  # b3, 90 days, 150 paid
                ("over_90", 1, 700.0),  # b2, 91 days
            ],
        )
        self.assertRecordValues(
            overview,
            [
                {
                    "open_count": 7,
                    "amount_open": 5550.0,
                    "overdue_count": 5,
                    "amount_overdue": 4050.0,
                }
            ],
        )
        expected = {
            "not_due": self.a1 | self.a2,
            "1_30": self.a3,
            "31_60": self.b1 | self.c1,
            "61_90": self.b3,
            "over_90": self.b2,
        }
        for line in lines:
            self.assertEqual(
                self._rows(line.action_open_invoices()), expected[line.ageing]
            )
        overdue = overview.with_context(figure="overdue").action_open_invoices()
        self.assertEqual(
            self._rows(overdue), self.a3 | self.b1 | self.b2 | self.b3 | self.c1
        )
        # The analysis groups the buckets in their order, not alphabetically.
        rows = self.Receivable.with_context(dunning_date=TODAY)
        domain = [("company_id", "=", self.company.id)]
        for order, codes in (
            ("", ["not_due", "1_30", "31_60", "61_90", "over_90"]),
            ("ageing desc", ["over_90", "61_90", "31_60", "1_30", "not_due"]),
        ):
            groups = rows.formatted_read_group(
                domain, ["ageing"], ["__count"], order=order
            )
            self.assertEqual([group["ageing"] for group in groups], codes)
        # A row opens its invoice.
        row = self.Receivable.with_context(dunning_date=TODAY).search(
            [("move_id", "=", self.b2.id)]
        )
        self.assertRecordValues(
            row, [{"days_late": 91, "ageing": "over_90", "amount_overdue": 700.0}]
        )
        self.assertEqual(row.action_open_invoice()["res_id"], self.b2.id)

    def test_days_sales_outstanding(self):
        overview = self._overview()
        # Owed: 5,550 open on invoices less the 100 credit note.
        # Invoiced from 2 April to 30 June: a1 1,000 + a2 500 + a3 300
        # + c1 800 - 100 = 2,500 (b1 of 1 April is one day too early).
        # DSO = 5,450 / 2,500 x 90 = 196.2 days.
        self.assertRecordValues(
            overview,
            [
                {
                    "amount_receivable": 5450.0,
                    "amount_invoiced": 2500.0,
                    "dso": 196.2,
                    "dso_known": True,
                }
            ],
        )
        invoiced = self.env["account.move"].search(
            overview.action_open_invoiced()["domain"]
        )
        self.assertEqual(invoiced, self.a1 | self.a2 | self.a3 | self.c1 | self.refund)
        owed = self.env["account.move"].search(
            overview.action_open_receivable()["domain"]
        )
        self.assertEqual(
            owed,
            self.a1
            | self.a2
            | self.a3
            | self.b1
            | self.b2
            | self.b3
            | self.c1
            | self.refund,
        )

    def test_no_sales_no_dso(self):
        with freeze_time(date(2027, 6, 30)):
            overview = self.env["dunning.overview"].create({})
        self.assertFalse(overview.dso_known, "nothing invoiced in 90 days")
        self.assertEqual(overview.amount_invoiced, 0.0)

    def test_per_level_and_held(self):
        Reminder = self.env["dunning.reminder"]
        common = {
            "company_id": self.company.id,
            "policy_id": self.policy.id,
            "state": "sent",
            "date": date(2026, 6, 1),
        }

        def remind(partner, level, moves):
            return Reminder.create(
                {
                    **common,
                    "partner_id": partner.id,
                    "level_id": level.id,
                    "line_ids": [
                        Command.create(
                            {
                                "move_id": move.id,
                                "kind": "invoice",
                                "level_id": level.id,
                                "advanced": True,
                            }
                        )
                        for move in moves
                    ],
                }
            )

        # A level added later, before the others: listed by the policy's order.
        early = self.level_1.copy({"name": "Friendly note", "delay": 3, "sequence": 1})
        self.level_1.sequence = 2
        remind(self.customer, early, self.a3)
        remind(self.customer_2, self.level_2, self.b1 | self.b3)
        remind(self.no_email, self.level_1, self.c1)
        remind(self.customer_2, self.level_3, self.b2)
        # A reminder not sent gives no level.
        draft = remind(self.customer, self.level_1, self.a1)
        draft.state = "draft"
        self.b2.dunning_hold = "disputed"
        (self.c1 | self.b1).write({"dunning_hold": "delivery_failed"})
        overview = self._overview()
        self.assertEqual(
            [
                (line.level_id, line.count, line.amount)
                for line in self._lines(overview, "level")
            ],
            [
                (self.env["dunning.level"], 2, 1500.0),  # a1, a2
                (early, 1, 300.0),  # a3
                (self.level_1, 1, 800.0),  # c1
                (self.level_2, 2, 2250.0),  # b1 2,000 and b3 250
                (self.level_3, 1, 700.0),  # b2
            ],
        )
        level_2 = self._lines(overview, "level").filtered(
            lambda line: line.level_id == self.level_2
        )
        self.assertEqual(self._rows(level_2.action_open_invoices()), self.b1 | self.b3)
        none = self._lines(overview, "level")[0]
        self.assertEqual(none.name, "No reminder yet")
        self.assertEqual(self._rows(none.action_open_invoices()), self.a1 | self.a2)
        self.assertEqual(
            [
                (line.hold, line.count, line.amount)
                for line in self._lines(overview, "hold")
            ],
            [("disputed", 1, 700.0), ("delivery_failed", 2, 2800.0)],
        )
        self.assertRecordValues(overview, [{"held_count": 3, "amount_held": 3500.0}])
        held = self._lines(overview, "hold").filtered(
            lambda line: line.hold == "delivery_failed"
        )
        self.assertEqual(self._rows(held.action_open_invoices()), self.b1 | self.c1)

    def test_top_customers_and_chronic(self):
        # Not yet due: in what Claes owes, not in what it owes overdue.
        not_due = self._dated(self.customer_2, 90.0, TODAY, date(2026, 7, 30))
        self.env["dunning.partner.behaviour"].create(
            {
                "partner_id": self.customer_2.id,
                "company_id": self.company.id,
                "behaviour_class": "chronic",
                "late_share": 75.0,
                "days_late": 24.0,
            }
        )
        overview = self._overview()
        top = self._lines(overview, "top")
        self.assertEqual(
            [
                (line.partner_id, line.count, line.amount_overdue, line.amount)
                for line in top
            ],
            [
                (self.customer_2, 3, 2950.0, 3040.0),  # b1 2,000 + b2 700 + b3 250
                (self.no_email, 1, 800.0, 800.0),
                (self.customer, 1, 300.0, 1800.0),  # only a3 is overdue
            ],
        )
        self.assertEqual(top[0].behaviour_class, "chronic")
        self.assertEqual(top[0].days_late, 91)
        self.assertEqual(self._rows(top[2].action_open_invoices()), self.a3)
        self.assertRecordValues(
            overview, [{"chronic_count": 1, "amount_chronic": 2950.0}]
        )
        [chronic] = self._lines(overview, "chronic")
        self.assertRecordValues(
            chronic,
            [
                {
                    "partner_id": self.customer_2.id,
                    "count": 4,
                    "amount": 3040.0,
                    "amount_overdue": 2950.0,
                    "late_share": 75.0,
                    "average_days_late": 24.0,
                }
            ],
        )
        # The card sums what they owe overdue, and opens those invoices.
        self.assertEqual(
            self._rows(overview.with_context(figure="chronic").action_open_invoices()),
            self.b1 | self.b2 | self.b3,
        )
        self.assertEqual(
            self._rows(chronic.action_open_invoices()),
            self.b1 | self.b2 | self.b3 | not_due,
        )
        self.assertEqual(chronic.action_open_partner()["res_id"], self.customer_2.id)

    def test_top_is_ten_largest(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Klant {n:02d}", "is_company": True} for n in range(12)]
        )
        for n, partner in enumerate(partners):
            self._dated(partner, 100.0 * (n + 1), date(2026, 5, 1), date(2026, 5, 2))
        top = self._lines(self._overview(), "top")
        self.assertEqual(len(top), 10)
        self.assertEqual(top[0].partner_id, self.customer_2)  # 2,950
        self.assertEqual(top[1].partner_id, partners[-1])  # 1,200
        self.assertEqual(
            top.mapped("amount_overdue"),
            sorted(top.mapped("amount_overdue"), reverse=True),
        )

    def test_calls_and_promises(self):
        Call = self.env["dunning.call"]
        common = {"company_id": self.company.id, "level_id": self.level_2.id}
        today, later = Call.create(
            [
                {
                    **common,
                    "partner_id": self.customer_2.id,
                    "date": date(2026, 6, 29),
                    "move_ids": (self.b1 | self.b2).ids,
                },
                {
                    **common,
                    "partner_id": self.no_email.id,
                    "date": TODAY,
                    "move_ids": self.c1.ids,
                },
            ]
        )
        (today | later)._create_activities(
            self.env.ref("dunning_be.mail_activity_type_call"),
            self.env["ir.model"]._get_id("res.partner"),
            [date(2026, 6, 29), date(2026, 7, 2)],
            ["", ""],
        )
        done = {**common, "state": "done", "outcome": "promise"}
        Call.create(
            [
                {  # due Friday this week; b3 disputed in the call
                    **done,
                    "partner_id": self.customer_2.id,
                    "date": date(2026, 6, 22),
                    "promise_date": date(2026, 7, 3),
                    "move_ids": (self.b2 | self.b3).ids,
                    "disputed_move_ids": self.b3.ids,
                },
                {  # last week: not this week's
                    **done,
                    "partner_id": self.customer.id,
                    "date": date(2026, 6, 15),
                    "promise_date": date(2026, 6, 28),
                    "move_ids": self.a3.ids,
                },
            ]
        )
        overview = self._overview()
        self.assertRecordValues(
            overview,
            [
                {
                    "call_count": 1,  # the one due yesterday; the other on Thursday
                    "amount_calls": 2700.0,
                    "promise_count": 1,
                    "amount_promises": 700.0,
                }
            ],
        )
        self.assertEqual(
            self._rows(overview.with_context(figure="calls").action_open_invoices()),
            self.b1 | self.b2,
        )
        self.assertEqual(
            self._rows(overview.with_context(figure="promises").action_open_invoices()),
            self.b2,
        )
        self.assertEqual(
            overview.action_open_calls()["domain"],
            [("company_id", "=", self.company.id)],
        )

    def test_promise_in_two_calls(self):
        """An invoice disputed in one call and promised in another is promised."""
        Call = self.env["dunning.call"]
        done = {
            "company_id": self.company.id,
            "level_id": self.level_2.id,
            "partner_id": self.customer_2.id,
            "state": "done",
            "outcome": "promise",
            "promise_date": date(2026, 7, 1),
        }
        Call.create(
            [
                {
                    **done,
                    "date": date(2026, 6, 22),
                    "move_ids": (self.b2 | self.b3).ids,
                    "disputed_move_ids": self.b3.ids,
                },
                {**done, "date": date(2026, 6, 29), "move_ids": self.b3.ids},
            ]
        )
        overview = self._overview()
        self.assertRecordValues(
            overview, [{"promise_count": 2, "amount_promises": 950.0}]
        )
        self.assertEqual(
            self._rows(overview.with_context(figure="promises").action_open_invoices()),
            self.b2 | self.b3,
        )

    def test_billing_and_auditor_open_it(self):
        for group in (
            "account.group_account_invoice",
            "account.group_account_readonly",
        ):
            with self.subTest(group=group):
                user = self.env["res.users"].create(
                    {
                        "name": group,
                        "login": group,
                        "company_id": self.company.id,
                        "company_ids": [(6, 0, self.company.ids)],
                        "group_ids": [(6, 0, self.env.ref(group).ids)],
                    }
                )
                env = self.env(user=user)
                with freeze_time(TODAY):
                    action = env.ref("dunning_be.dunning_overview_action").run()
                    overview = env["dunning.overview"].browse(action["res_id"])
                    self.assertEqual(overview.amount_open, 5550.0)
                    overview.action_refresh()
                    ageing = overview.line_ids.filtered(
                        lambda line: line.ageing == "over_90"
                    )
                    self.assertEqual(self._rows(ageing.action_open_invoices()), self.b2)
                    env["dunning.overview"].get_views([(False, "form")])

    def test_per_company(self):
        overview = self._overview()
        self.assertNotIn(
            self.foreign,
            self._rows(overview.with_context(figure="open").action_open_invoices()),
        )
        with freeze_time(TODAY):
            other = (
                self.env["dunning.overview"].with_company(self.other_company).create({})
            )
        self.assertRecordValues(
            other,
            [
                {
                    "company_id": self.other_company.id,
                    "open_count": 1,
                    "amount_open": 9999.0,
                    "amount_overdue": 9999.0,
                }
            ],
        )
        # A user of the first company only sees nothing of the other's.
        user = self.env["res.users"].create(
            {
                "name": "Boekhouder",
                "login": "boekhouder@example.com",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "group_ids": [
                    (6, 0, self.env.ref("account.group_account_invoice").ids)
                ],
            }
        )
        rows = self.Receivable.with_user(user).search([])
        self.assertTrue(rows)
        self.assertEqual(rows.company_id, self.company)
        self.assertFalse(
            self.env["dunning.overview"].with_user(user).search([("id", "=", other.id)])
        )

    def test_menu_opens_the_overview(self):
        action = self.env.ref("dunning_be.dunning_overview_action")
        with freeze_time(TODAY):
            result = action.run()
        overview = self.env["dunning.overview"].browse(result["res_id"])
        self.assertEqual(result["res_model"], "dunning.overview")
        self.assertEqual(overview.open_count, 7)
        # Refresh gives the same figures, from scratch.
        lines = overview.line_ids
        with freeze_time(TODAY):
            overview.action_refresh()
        self.assertFalse(lines.exists())
        self.assertEqual(len(self._lines(overview, "ageing")), 5)
        self.assertEqual(overview.amount_open, 5550.0)
