# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestMultiCompany(DunningCommon):
    """Each company by its own policy; nobody sees another company's reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Verhaeghe Brussel")["company"]
        cls.billing_a = new_test_user(
            cls.env,
            login="billing_a",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.accountant_a = new_test_user(
            cls.env,
            login="accountant_a",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _invoice_b(self, partner, amount=500.0):
        invoice = self._create_invoice(
            invoice_date=day(0),
            invoice_date_due=day(0),
            partner_id=partner,
            invoice_payment_term_id=False,
            company_id=self.company_b.id,
            journal_id=self.env["account.journal"]
            .search(
                [("company_id", "=", self.company_b.id), ("type", "=", "sale")], limit=1
            )
            .id,
            invoice_line_ids=[
                self._prepare_invoice_line(price_unit=amount, tax_ids=[])
            ],
        )
        invoice.action_post()
        return invoice

    def test_two_companies(self):
        # Company B reminds sooner, by its own policy.
        self.company_b.dunning_policy_id.level_ids.sorted("sequence")[0].delay = 3
        invoice_a = self._invoice(self.customer, 100.0)
        invoice_b = self._invoice_b(self.customer, 200.0)
        self.assertFalse(self._run(day(3)))
        reminder_b = self._run(day(3), company=self.company_b)
        self.assertEqual(reminder_b.company_id, self.company_b)
        self.assertEqual(reminder_b.policy_id, self.company_b.dunning_policy_id)
        self.assertEqual(reminder_b.move_ids, invoice_b)
        self.assertEqual(reminder_b.amount_due, 200.0)
        reminder_a = self._run(day(7))
        self.assertEqual(reminder_a.company_id, self.company)
        self.assertEqual(reminder_a.move_ids, invoice_a, "never mixes companies")
        self.assertEqual(reminder_a.amount_due, 100.0)
        # The run gives its lines and claims their company (not precomputed).
        self.assertEqual(reminder_a.line_ids.company_id, self.company)
        self.assertEqual(reminder_b.line_ids.company_id, self.company_b)
        self.assertTrue(reminder_a.claim_ids)
        self.assertEqual(reminder_a.claim_ids.company_id, self.company)
        self.assertEqual(reminder_b.claim_ids.company_id, self.company_b)

    def test_cron_runs_every_company(self):
        self._invoice(self.customer, 100.0)
        self._invoice_b(self.customer, 200.0)
        # The cron runs as the superuser; its commits are tested elsewhere.
        cron = type(self.env["ir.cron"])
        with (
            freeze_time(day(7)),
            patch.object(cron, "_commit_progress", return_value=600.0),
        ):
            self.env["dunning.run"].with_user(SUPERUSER_ID)._cron_run()
        reminders = self.env["dunning.reminder"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(reminders.company_id, self.company | self.company_b)
        self.assertEqual(len(reminders), 2)

    def test_access_as_billing_user_of_one_company(self):
        self._invoice(self.customer, 100.0)
        self._invoice_b(self.customer, 200.0)
        mine = self._run(day(7))
        theirs = self._run(day(7), company=self.company_b)
        Reminder = self.env["dunning.reminder"].with_user(self.billing_a)
        self.assertEqual(Reminder.search([]), mine)
        self.assertEqual(mine.with_user(self.billing_a).amount_due, 100.0)
        with self.assertRaises(AccessError):
            theirs.with_user(self.billing_a).read(["amount_due"])
        # Billing users read; they neither send, cancel nor configure.
        with self.assertRaises(AccessError):
            mine.with_user(self.billing_a).action_cancel()
        with self.assertRaises(AccessError):
            self.policy.with_user(self.billing_a).name = "Mine"
        with self.assertRaises(AccessError):
            self.env["dunning.run.wizard"].with_user(self.billing_a).create({})
        visible = self.env["dunning.policy"].with_user(self.billing_a).search([])
        self.assertIn(self.policy, visible)
        self.assertEqual(visible.company_id, self.company)
        # Nor the payment behaviour of the other company's customers.
        behaviours = self.env["dunning.partner.behaviour"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(behaviours.company_id, self.company | self.company_b)
        self.assertEqual(
            behaviours.with_user(self.billing_a)
            .search([("partner_id", "=", self.customer.id)])
            .company_id,
            self.company,
        )

    def test_accountant_configures_and_sends(self):
        self.level_1.auto_send = False
        self._invoice(self.customer_2, 100.0)
        draft = self._run(day(7))
        self.assertEqual(draft.state, "draft")
        draft.with_user(self.accountant_a).action_send()
        self.assertEqual(draft.state, "sent")
        self.level_1.auto_send = True
        # The run by hand, as the accountant.
        invoice = self._invoice(self.customer, 300.0)
        with freeze_time(day(7)):
            wizard = (
                self.env["dunning.run.wizard"]
                .with_user(self.accountant_a)
                .create({"date": day(7)})
            )
            wizard.action_preview()
            wizard.action_run()
        reminder = self.env["dunning.reminder"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(reminder.move_ids, invoice)
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.create_uid, self.accountant_a)
        self.policy.with_user(self.accountant_a).name = "Standaard"
        self.assertEqual(self.policy.name, "Standaard")
        with self.assertRaises(AccessError):
            self.company_b.dunning_policy_id.with_user(
                self.accountant_a
            ).name = "Not mine"
