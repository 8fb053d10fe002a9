# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestConfig(DunningCommon):
    """Ready after installation; invalid configuration refused with a clear message."""

    def test_every_company_has_a_ready_policy(self):
        main = self.env.ref("base.main_company")
        new = self.env["res.company"].create({"name": "Nieuw BV"})
        for company in (main, self.company, new):
            policy = company.sudo().dunning_policy_id
            self.assertEqual(policy.company_id, company)
            levels = policy._levels()
            self.assertEqual(levels.mapped("delay"), [7, 21, 35])
            self.assertEqual(
                levels.mapped("name"),
                ["First reminder", "Second reminder", "Formal notice"],
            )
            self.assertTrue(all(levels.mapped("send_email")))
            self.assertEqual(
                levels.mail_template_id,
                self.env.ref("dunning_be.mail_template_level_1")
                | self.env.ref("dunning_be.mail_template_level_2")
                | self.env.ref("dunning_be.mail_template_level_3"),
            )
            self.assertEqual(levels.mapped("auto_send"), [True, True, False])

    def test_cron_exists_daily(self):
        cron = self.env.ref("dunning_be.ir_cron_dunning_run")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.code.strip(), "model._cron_run()")

    def test_delays_must_increase(self):
        with self.assertRaises(ValidationError) as error:
            self.level_2.delay = 7
        message = str(error.exception)
        self.assertIn("Second reminder", message)
        self.assertIn("First reminder", message)
        self.assertIn("longer", message)

    def test_order_must_follow_delays(self):
        with self.assertRaisesRegex(ValidationError, "Formal notice"):
            self.level_3.sequence = 1

    def test_new_level_with_a_shorter_delay(self):
        with self.assertRaisesRegex(ValidationError, "Extra"):
            self.env["dunning.level"].create(
                {
                    "policy_id": self.policy.id,
                    "name": "Extra",
                    "sequence": 99,
                    "delay": 30,
                    "mail_template_id": self.level_1.mail_template_id.id,
                }
            )

    def test_level_needs_a_channel(self):
        with self.assertRaisesRegex(ValidationError, "sends nothing"):
            self.level_1.write({"send_email": False, "send_letter": False})

    def test_email_level_needs_a_reminder_template(self):
        with self.assertRaisesRegex(ValidationError, "no e-mail template"):
            self.level_1.mail_template_id = False
        wrong = self.env["mail.template"].create(
            {
                "name": "Partner mail",
                "model_id": self.env.ref("base.model_res_partner").id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "not made for payment reminders"):
            self.level_1.mail_template_id = wrong

    def test_policy_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Ander BV"})
        with self.assertRaisesRegex(ValidationError, "belongs to Ander BV"):
            self.company.dunning_policy_id = other.dunning_policy_id
        with self.assertRaisesRegex(ValidationError, "belongs to Ander BV"):
            self.customer.dunning_policy_id = other.dunning_policy_id

    def test_policy_form(self):
        with Form(self.env["dunning.policy"]) as form:
            form.name = "Loyal customers"
            with form.level_ids.new() as level:
                level.name = "Friendly"
                level.delay = 10
                level.mail_template_id = self.level_1.mail_template_id
        self.assertEqual(form.record.company_id, self.company)
        self.assertEqual(form.record.level_ids.delay, 10)
        self.assertTrue(form.record.level_ids.auto_send)
