# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestCallTour(DunningCommon, HttpCase):
    """The call's outcome, recorded in the browser as an accountant does."""

    def test_mark_the_call_done_and_promise_to_pay(self):
        today = fields.Date.today()
        self.level_2.call_before = True
        self.company.dunning_user_id = self.env.user
        invoice = self._invoice(self.customer, due=today - timedelta(days=30))
        run = self.env["dunning.run"]
        run._run_company(self.company, today - timedelta(days=22))
        run._run_company(self.company, today)
        call = self.env["dunning.call"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(call.state, "open")
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "dunning_be_call_outcome",
            login=self.env.user.login,
        )
        self.assertEqual(call.state, "done")
        self.assertEqual(call.outcome, "promise")
        self.assertEqual(call.promise_date, today + timedelta(days=7))
        self.assertEqual(call.note, "Will pay next week")
        self.assertFalse(call.activity_id.active)
        grace = self.policy.promise_grace_days
        self.assertEqual(
            self.customer.dunning_pause_until, today + timedelta(days=7 + grace)
        )
        self.assertEqual(invoice.dunning_level_id, self.level_1)
