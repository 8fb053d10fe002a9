# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A credit controller's morning in the browser, on the demo data: the
overview, a call (its phone shown), a promise, the run with its preview and
summary, the letters printed. Runs only in a database with the demo data."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMorningTour(HttpCase):
    def setUp(self):
        super().setUp()
        self.company = self.env.ref("dunning_be.demo_company", raise_if_not_found=False)
        if not self.company:
            self.skipTest("database without the demo data")
        # Eight weeks of daily runs, as tools/demo_run.py makes them.
        self.today = fields.Date.context_today(self.env.user)
        run = self.env["dunning.run"].with_company(self.company)
        for weeks in range(8, 0, -1):
            run._run_company(self.company, self.today - timedelta(weeks=weeks))
        self.company.dunning_last_run_date = False

    def test_morning(self):
        Call = self.env["dunning.call"]
        open_calls = Call.search(
            [("company_id", "=", self.company.id), ("state", "=", "open")]
        )
        self.assertTrue(open_calls, "the demo has calls to make")
        self.assertTrue(open_calls.partner_id.filtered("phone"))
        self.start_tour(
            "/odoo/action-dunning_be.dunning_overview_action",
            "dunning_be_morning",
            login="admin",
        )
        promised = Call.search(
            [("company_id", "=", self.company.id), ("note", "=", "Pays on Friday")]
        )
        self.assertEqual(promised.outcome, "promise")
        self.assertEqual(promised.promise_date, self.today + timedelta(days=5))
        self.assertEqual(self.company.dunning_last_run_date, self.today)
        Reminder = self.env["dunning.reminder"]
        self.assertFalse(
            Reminder.search_count(
                [
                    ("company_id", "=", self.company.id),
                    ("letter_state", "=", "to_print"),
                ]
            ),
            "every letter left the print queue",
        )
        self.assertTrue(
            Reminder.search_count(
                [
                    ("company_id", "=", self.company.id),
                    ("letter_state", "=", "printed"),
                    ("letter_date", "=", self.today),
                ]
            )
        )
