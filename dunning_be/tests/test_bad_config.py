# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bad configuration is refused with a message that says what to change."""

from contextlib import contextmanager
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DunningCommon, day
from .test_call import CallCommon

NO_LEVEL = "Add at least one level to Empty"


class RefusedMixin:
    @contextmanager
    def assertRefused(self, exception, text):
        """``exception`` raised with ``text`` in its message, and what was
        done rolled back (Odoo's ``assertRaises``, with a savepoint)."""
        with self.assertRaises(exception) as error:
            yield error
        self.assertIn(text, str(error.exception))


@tagged("post_install", "-at_install")
class TestPolicyWithoutLevels(RefusedMixin, DunningCommon):
    """A policy without levels sends nothing: it cannot be used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Made empty, to be filled later: allowed while nobody uses it.
        cls.empty = cls.env["dunning.policy"].create({"name": "Empty"})

    def no_level(self, policy):
        return f"Add at least one level to {policy.name}, or choose another policy"

    def _level(self, policy, name="Friendly", delay=10):
        return {
            "policy_id": policy.id,
            "name": name,
            "delay": delay,
            "mail_template_id": self.level_1.mail_template_id.id,
        }

    def test_not_the_company_default(self):
        with self.assertRefused(ValidationError, NO_LEVEL) as error:
            self.company.dunning_policy_id = self.empty
        self.assertIn(f"default policy of {self.company.name}", str(error.exception))
        self.assertIn("or choose another policy", str(error.exception))
        self.assertEqual(self.company.dunning_policy_id, self.policy)

    def test_not_the_company_default_in_the_settings(self):
        with (
            self.assertRefused(ValidationError, NO_LEVEL),
            Form(self.env["res.config.settings"]) as settings,
        ):
            settings.dunning_policy_id = self.empty
        self.assertEqual(self.company.dunning_policy_id, self.policy)

    def test_not_a_customers_policy(self):
        with self.assertRefused(ValidationError, NO_LEVEL) as error:
            self.customer.dunning_policy_id = self.empty
        self.assertIn(self.customer.name, str(error.exception))
        # Many customers at once: refused as well.
        partners = self.customer | self.customer_2 | self.no_email
        with self.assertRefused(ValidationError, NO_LEVEL):
            partners.write({"dunning_policy_id": self.empty.id})
        self.assertFalse(partners.filtered("dunning_policy_id"))

    def test_filled_then_chosen(self):
        self.env["dunning.level"].create(self._level(self.empty))
        self.customer.dunning_policy_id = self.empty
        self.company.dunning_policy_id = self.empty
        self.assertEqual(self.company.dunning_policy_id, self.empty)

    def test_not_a_class_policy_when_choosing_by_behaviour(self):
        self.company.dunning_policy_by_behaviour = True
        with self.assertRefused(ValidationError, NO_LEVEL) as error:
            self.empty.for_chronic = True
        self.assertIn("payment behaviour", str(error.exception))
        with self.assertRefused(ValidationError, NO_LEVEL):
            self.env["dunning.policy"].create({"name": "Empty", "for_new": True})

    def test_choosing_by_behaviour_with_an_empty_class_policy(self):
        self.assertFalse(self.company.dunning_policy_by_behaviour)
        self.empty.for_chronic = True  # unused while the company does not
        with self.assertRefused(ValidationError, NO_LEVEL):
            self.company.dunning_policy_by_behaviour = True
        with (
            self.assertRefused(ValidationError, NO_LEVEL),
            Form(self.env["res.config.settings"]) as settings,
        ):
            settings.dunning_policy_by_behaviour = True
        self.assertFalse(self.company.dunning_policy_by_behaviour)
        # An archived policy is no class's policy.
        self.empty.action_archive()
        self.company.dunning_policy_by_behaviour = True
        with self.assertRefused(ValidationError, NO_LEVEL):
            self.empty.action_unarchive()

    def test_last_level_of_the_default_policy(self):
        (self.level_2 | self.level_3).unlink()
        with self.assertRefused(ValidationError, self.no_level(self.policy)):
            self.level_1.unlink()
        self.assertTrue(self.level_1.exists())
        with self.assertRefused(ValidationError, "default policy"):
            self.policy.write({"level_ids": [Command.clear()]})
        self.assertEqual(self.policy.level_ids, self.level_1)

    def test_last_level_of_a_customers_policy(self):
        level = self.env["dunning.level"].create(self._level(self.empty))
        self.customer.dunning_policy_id = self.empty
        with self.assertRefused(ValidationError, self.customer.name):
            level.unlink()

    def test_last_level_of_an_unused_policy(self):
        level = self.env["dunning.level"].create(self._level(self.empty))
        level.unlink()
        self.assertFalse(self.empty.level_ids)

    def test_levels_replaced_in_one_save(self):
        with Form(self.policy) as form:
            for _index in range(len(form.level_ids)):
                form.level_ids.remove(0)
            with form.level_ids.new() as level:
                level.name = "Only"
                level.delay = 14
                level.mail_template_id = self.level_1.mail_template_id
        self.assertEqual(self.policy.level_ids.mapped("name"), ["Only"])
        with (
            self.assertRefused(ValidationError, self.no_level(self.policy)),
            Form(self.policy) as form,
        ):
            form.level_ids.remove(0)
        self.assertEqual(self.policy.level_ids.mapped("name"), ["Only"])

    def _write_queries(self, partners, policy):
        partners.flush_recordset()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        partners.write({"dunning_policy_id": policy.id})
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_checked_in_the_same_queries_for_many_customers(self):
        Partner = self.env["res.partner"]
        one = Partner.create({"name": "Klant"})
        many = Partner.create([{"name": f"Klant {n}"} for n in range(40)])
        other = self.policy.copy()
        self._write_queries(Partner.create({"name": "Warm-up"}), other)
        self.assertEqual(
            self._write_queries(many, other), self._write_queries(one, other)
        )


@tagged("post_install", "-at_install")
class TestRunBeforeTheLastRun(RefusedMixin, DunningCommon):
    def setUp(self):
        super().setUp()
        self.accountant = new_test_user(
            self.env,
            "bad_config_accountant",
            groups="account.group_account_user",
            company_ids=[self.company.id],
        )

    def _wizard(self, on_date):
        return (
            self.env(user=self.accountant)["dunning.run.wizard"]
            .with_company(self.company)
            .create({"date": on_date})
        )

    def test_manual_run_before_the_last_run_refused(self):
        self._invoice(self.customer)
        with freeze_time(day(21)):
            self._wizard(day(21)).action_run()
            wizard = self._wizard(day(10))
            self.assertEqual(wizard.last_run_date, day(21))
            with self.assertRefused(UserError, "03/23/2026") as error:
                wizard.action_run()
            self.assertIn("Choose 03/23/2026 or a later day", str(error.exception))
            # The same day again, or a later one: fine.
            self._wizard(day(21)).action_run()

    def test_last_run_read_from_the_reminders_of_older_runs(self):
        self._invoice(self.customer)
        reminder = self._run(day(7))
        self.company.sudo().dunning_last_run_date = False
        self.assertEqual(reminder.date, day(7))
        with freeze_time(day(9)), self.assertRefused(UserError, "03/09/2026"):
            self._wizard(day(5)).action_run()

    def test_first_run_any_day(self):
        self._invoice(self.customer)
        with freeze_time(day(9)):
            self.assertFalse(self._wizard(day(-30)).last_run_date)
            self._wizard(day(-30)).action_run()


@tagged("post_install", "-at_install")
class TestPromiseTooFarAhead(RefusedMixin, CallCommon):
    def _promise(self, call, on_date, promised):
        with freeze_time(on_date):
            action = call.action_outcome()
            with Form(
                self.env["dunning.call.outcome"].with_context(**action["context"])
            ) as form:
                form.outcome = "promise"
                form.promise_date = promised
            form.record.action_apply()

    def test_promise_within_the_company_limit(self):
        self.assertEqual(self.company.dunning_promise_max_days, 60)
        _invoice, call = self._escalate_to_call()
        with self.assertRefused(ValidationError, "more than 60 days ahead"):
            self._promise(call, day(22), day(22) + timedelta(days=61))
        self.assertEqual(call.state, "open")
        self._promise(call, day(22), day(22) + timedelta(days=60))
        self.assertEqual(call.state, "done")

    def test_limit_set_in_the_settings(self):
        with Form(self.env["res.config.settings"]) as settings:
            settings.dunning_promise_max_days = 10
        self.assertEqual(self.company.dunning_promise_max_days, 10)
        _invoice, call = self._escalate_to_call()
        with self.assertRefused(ValidationError, "more than 10 days ahead"):
            self._promise(call, day(22), day(33))
        self._promise(call, day(22), day(32))

    def test_limit_of_zero_or_less_refused(self):
        for days in (0, -5):
            with (
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.company.dunning_promise_max_days = days
                self.company.flush_recordset()
