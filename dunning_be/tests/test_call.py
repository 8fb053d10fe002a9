# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DunningCommon, day


class CallCommon(DunningCommon):
    """The second level (21 days) asks for a call first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_2.call_before = True
        cls.policy.write(
            {"promise_grace_days": 3, "call_retry_days": 2, "call_max_attempts": 2}
        )
        cls.customer.phone = "+32 9 123 45 67"
        cls.call_type = cls.env.ref("dunning_be.mail_activity_type_call")

    def _calls(self, partner=None):
        return self.env["dunning.call"].search(
            [("partner_id", "=", (partner or self.customer).id)], order="id"
        )

    def _call_outcome(self, call, on_date, **values):
        """Mark the call's activity done as a user does: the wizard opens, the
        user fills it in and records the outcome."""
        with freeze_time(on_date):
            action = call.activity_id.action_dunning_call_outcome()
            self.assertEqual(action["res_model"], "dunning.call.outcome")
            wizard_model = self.env["dunning.call.outcome"].with_context(
                **action["context"]
            )
            with Form(wizard_model) as form:
                for name, value in values.items():
                    if name == "dispute_move_ids":
                        for index in range(len(form.line_ids)):
                            with form.line_ids.edit(index) as line:
                                line.disputed = line.move_id in value
                    else:
                        setattr(form, name, value)
            form.record.action_apply()
        return form.record

    def _escalate_to_call(self, invoices=None):
        """First level on day 7, then the call on day 21."""
        invoices = invoices or self._invoice(self.customer)
        self.assertEqual(self._run(day(7)).level_id, self.level_1)
        self.assertFalse(self._run(day(21)), "the second level waits for the call")
        call = self._calls()
        self.assertEqual(len(call), 1)
        return invoices, call


@tagged("post_install", "-at_install")
class TestCallScheduling(CallCommon):
    def test_one_call_before_the_gated_level_and_no_escalation_while_open(self):
        invoice, call = self._escalate_to_call()
        activity = call.activity_id
        self.assertEqual(call.state, "open")
        self.assertEqual(call.level_id, self.level_2)
        self.assertEqual(call.move_ids, invoice)
        self.assertEqual(activity.activity_type_id, self.call_type)
        self.assertEqual(activity.activity_category, "phonecall")
        self.assertEqual(
            (activity.res_model, activity.res_id), ("res.partner", self.customer.id)
        )
        self.assertEqual(activity.date_deadline, day(21), "due the same day")
        self.assertEqual(activity.user_id, self.env.user)
        self.assertIn(invoice.name, activity.note)
        self.assertIn("+32 9 123 45 67", activity.note)
        # No figure that ages in the agenda: the call counts them each day.
        self.assertNotIn("days late,", activity.note)
        self.assertNotIn("1,000.00", activity.note)
        self.assertIn("waits for a call", self.customer.message_ids[0].body)
        # Call By: 5 working days after Call On (Monday 23 March 2026).
        self.assertEqual(call.date_limit, day(28))
        # Later runs until then: no reminder, no second call while it is open.
        for later in (22, 25, 28):
            self.assertFalse(self._run(day(later)))
        self.assertEqual(self._calls(), call)
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_run_summary_counts_calls(self):
        self._invoice(self.customer)
        self._run(day(7))
        with freeze_time(day(21)):
            summary = self.env["dunning.run"]._run_company(self.company, day(21))
            self.assertEqual(summary["calls"], 1)
            summary = self.env["dunning.run"]._run_company(self.company, day(21))
        self.assertEqual(summary["calls"], 0)
        self.assertEqual(summary["waiting_call"], 1)

    def test_accountant_run_schedules_the_call(self):
        # An accountant may not edit customers; the run's calls are planned
        # on them all the same.
        accountant = new_test_user(
            self.env,
            login="boekhouder",
            groups="account.group_account_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertFalse(accountant.has_group("base.group_partner_manager"))
        self.company.dunning_user_id = accountant
        self._invoice(self.customer)
        self._run(day(7))
        with freeze_time(day(21)):
            wizard = (
                self.env["dunning.run.wizard"]
                .with_user(accountant)
                .create({"date": day(21)})
            )
            wizard.action_run()
        call = self._calls()
        self.assertEqual(call.user_id, accountant)
        self.assertEqual(call.activity_id.user_id, accountant)
        self.assertEqual(call.activity_id.create_uid, accountant)

    def test_wizard_preview_says_the_call_comes_first(self):
        self._invoice(self.customer)
        self._run(day(7))
        wizard = self.env["dunning.run.wizard"].create({"date": day(21)})
        wizard.action_preview()
        line = wizard.preview_ids
        self.assertEqual(line.partner_id, self.customer)
        self.assertFalse(line.send)
        self.assertIn("call", line.note.lower())

    def test_paid_before_the_call(self):
        invoice, call = self._escalate_to_call()
        activity = call.activity_id
        self._pay(invoice, invoice.amount_residual, day(22))
        self.assertFalse(self._run(day(23)))
        self.assertEqual(call.state, "skipped")
        self.assertFalse(activity.exists(), "nobody phones a customer who paid")


@tagged("post_install", "-at_install")
class TestCallAssignment(CallCommon):
    def test_credit_controller_then_company_then_salesperson(self):
        controller = new_test_user(self.env, "controller", groups="base.group_user")
        default = new_test_user(
            self.env, "default_controller", groups="base.group_user"
        )
        seller = new_test_user(self.env, "seller", groups="base.group_user")
        Call = self.env["dunning.call"]
        invoice = self._invoice(self.customer)
        invoice.invoice_user_id = seller
        self.customer.dunning_user_id = controller
        self.company.dunning_user_id = default
        self.assertEqual(
            Call._assignee(self.customer, self.company, invoice), controller
        )
        self.customer.dunning_user_id = False
        self.assertEqual(Call._assignee(self.customer, self.company, invoice), default)
        self.company.dunning_user_id = False
        self.assertEqual(Call._assignee(self.customer, self.company, invoice), seller)
        # An archived salesperson calls nobody: the run's user does.
        seller.active = False
        self.assertEqual(
            Call._assignee(self.customer, self.company, invoice), self.env.user
        )

    def test_run_assigns_the_salesperson(self):
        seller = new_test_user(self.env, "seller_2", groups="base.group_user")
        invoice = self._invoice(self.customer)
        invoice.invoice_user_id = seller
        _invoice, call = self._escalate_to_call(invoice)
        self.assertEqual(call.user_id, seller)
        self.assertEqual(call.activity_id.user_id, seller)


@tagged("post_install", "-at_install")
class TestCallOutcome(CallCommon):
    def test_promise_kept(self):
        invoice, call = self._escalate_to_call()
        self._call_outcome(
            call, day(22), outcome="promise", promise_date=day(28), note="Pays Friday"
        )
        self.assertEqual(call.state, "done")
        self.assertEqual(call.outcome, "promise")
        self.assertEqual(call.pause_until, day(31), "promised day + 3 days grace")
        self.assertEqual(self.customer.dunning_pause_until, day(31))
        self.assertFalse(call.activity_id.active, "the activity is done")
        self.assertIn("Promise to pay", self.customer.message_ids[0].body)
        self.assertIn("Pays Friday", self.customer.message_ids[0].body)
        self._pay(invoice, invoice.amount_residual, day(27))
        for later in (29, 32, 60):
            self.assertFalse(self._run(day(later)))
        self.assertEqual(len(self._calls()), 1)

    def test_promise_broken_escalates_at_once_without_a_second_call(self):
        invoice, call = self._escalate_to_call()
        self._call_outcome(call, day(22), outcome="promise", promise_date=day(28))
        self.assertFalse(self._run(day(29)), "paused until the promised day + grace")
        self.assertFalse(self._run(day(31)))
        reminder = self._run(day(32))
        self.assertEqual(reminder.level_id, self.level_2)
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        self.assertEqual(len(self._calls()), 1, "no second call")

    def test_promise_must_be_today_or_later(self):
        _invoice, call = self._escalate_to_call()
        with self.assertRaisesRegex(ValidationError, "in the past"):
            self._call_outcome(call, day(22), outcome="promise", promise_date=day(20))
        self.assertEqual(call.state, "open")

    def test_dispute_on_one_of_two_invoices(self):
        first = self._invoice(self.customer, 1000.0)
        second = self._invoice(self.customer, 400.0)
        _invoices, call = self._escalate_to_call(first | second)
        self._call_outcome(
            call,
            day(22),
            outcome="dispute",
            dispute_move_ids=first,
            dispute_reason="Goods returned",
        )
        self.assertEqual(call.disputed_move_ids, first)
        self.assertTrue(first.dunning_disputed)
        self.assertEqual(first.dunning_dispute_reason, "Goods returned")
        receivable = first.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertTrue(receivable.no_followup)
        self.assertFalse(second.dunning_disputed)
        disputed = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.account_move_action_disputed"
        )
        self.assertEqual(
            self.env["account.move"].search(literal_eval(disputed["domain"])), first
        )
        # The other invoice goes on; the disputed one is not reminded.
        reminder = self._run(day(23))
        self.assertEqual(reminder.level_id, self.level_2)
        self.assertEqual(reminder.move_ids, second)
        self.assertEqual(reminder.amount_due, 400.0)
        self.assertEqual(first.dunning_level_id, self.level_1)
        # Resolved: back in the flow at its level.
        first.action_dunning_resolve_dispute()
        self.assertFalse(first.dunning_disputed)
        self.assertFalse(receivable.no_followup)
        self.assertEqual(first.dunning_level_id, self.level_1)

    def test_dispute_only_on_the_calls_invoices(self):
        other = self._invoice(self.customer_2)
        _invoice, call = self._escalate_to_call()
        wizard = self.env["dunning.call.outcome"].create(
            {
                "call_id": call.id,
                "outcome": "dispute",
                "dispute_move_ids": other.ids,
                "dispute_reason": "Not ours",
            }
        )
        with self.assertRaisesRegex(UserError, "Only the open invoices"):
            wizard.action_apply()
        self.assertFalse(other.dunning_disputed)
        self.assertEqual(call.state, "open")

    def test_one_open_call_per_customer(self):
        _invoice, call = self._escalate_to_call()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            call.copy()

    def test_dispute_needs_invoices_and_a_reason(self):
        _invoice, call = self._escalate_to_call()
        with (
            self.assertRaisesRegex(ValidationError, "disputed invoices"),
            freeze_time(day(22)),
        ):
            self.env["dunning.call.outcome"].create(
                {"call_id": call.id, "outcome": "dispute", "dispute_reason": "?"}
            )

    def test_no_answer_repeated_then_escalation(self):
        invoice, call = self._escalate_to_call()
        # Monday 23 March 2026 + 2 working days: Wednesday 25 March.
        self._call_outcome(call, day(21), outcome="no_answer")
        self.assertEqual(call.outcome, "no_answer")
        retry = self._calls() - call
        self.assertEqual(retry.attempt, 2)
        self.assertEqual(retry.state, "open")
        self.assertEqual(retry.date_deadline, day(23))
        self.assertEqual(retry.activity_id.activity_type_id, self.call_type)
        self.assertFalse(self._run(day(22)))
        self.assertFalse(self._run(day(23)))
        self._call_outcome(retry, day(23), outcome="no_answer")
        self.assertEqual(len(self._calls()), 2, "at most two calls (the policy's)")
        self.assertIn("No answer after 2 calls", self.customer.message_ids[0].body)
        reminder = self._run(day(24))
        self.assertEqual(reminder.level_id, self.level_2)
        self.assertEqual(invoice.dunning_level_id, self.level_2)

    def test_no_answer_retry_skips_weekend_and_holidays(self):
        _invoice, call = self._escalate_to_call()
        # Friday 10 April 2026... called on Friday 3 April: + 2 working days
        # skips the weekend and Easter Monday (6 April): Wednesday 8 April.
        self._call_outcome(call, day(32), outcome="no_answer")
        retry = self._calls() - call
        self.assertEqual(str(retry.date_deadline), "2026-04-08")

    def test_go_on(self):
        invoice, call = self._escalate_to_call()
        self._call_outcome(call, day(21), outcome="go_on")
        reminder = self._run(day(22))
        self.assertEqual(reminder.level_id, self.level_2)
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_2)

    def test_cancelled_call_lets_the_escalation_go_on(self):
        _invoice, call = self._escalate_to_call()
        call.activity_id.action_cancel()
        self.assertEqual(call.state, "skipped")
        self.assertIn("was cancelled", self.customer.message_ids[0].body)
        self.assertIn("was cancelled", call.message_ids[0].body)
        reminder = self._run(day(22))
        self.assertEqual(reminder.level_id, self.level_2)
        self.assertEqual(len(self._calls()), 1)

    def test_done_without_outcome_lets_the_escalation_go_on(self):
        _invoice, call = self._escalate_to_call()
        with freeze_time(day(21)):
            call.activity_id.action_feedback(feedback="Spoke to them")
        self.assertEqual(call.state, "done")
        self.assertFalse(call.outcome)
        self.assertIn("without an outcome", call.message_ids[0].body)
        self.assertEqual(self._run(day(22)).level_id, self.level_2)

    def test_done_and_schedule_next_asks_for_the_outcome(self):
        _invoice, call = self._escalate_to_call()
        action = call.activity_id.action_feedback_schedule_next(feedback="Busy")
        self.assertEqual(action["res_model"], "dunning.call.outcome")
        self.assertEqual(action["context"]["default_note"], "Busy")
        self.assertTrue(call.activity_id.active, "open until an outcome is chosen")
        self.assertEqual(call.state, "open")

    def test_outcome_twice_is_refused(self):
        _invoice, call = self._escalate_to_call()
        self._call_outcome(call, day(21), outcome="go_on")
        with self.assertRaisesRegex(UserError, "no longer open"):
            call.action_outcome()

    def test_followup_email_with_invoice_copies(self):
        first = self._invoice(self.customer, 1000.0)
        second = self._invoice(self.customer, 400.0)
        _invoices, call = self._escalate_to_call(first | second)
        self._call_outcome(
            call,
            day(22),
            outcome="promise",
            promise_date=day(28),
            send_followup=True,
        )
        message = call.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        self.assertIn("Following our call", message.subject)
        self.assertIn(first.name, message.body)
        self.assertIn("look forward to your payment", message.body)
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 2)
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")),
            sorted(
                move._get_invoice_report_filename(extension="html")
                for move in first | second
            ),
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn("Follow-up e-mail sent", self.customer.message_ids[0].body)

    def test_followup_email_needs_an_address(self):
        self._invoice(self.no_email)
        self._run(day(7))
        self._run(day(21))
        call = self._calls(self.no_email)
        with self.assertRaisesRegex(Exception, "no e-mail address"):
            self._call_outcome(call, day(22), outcome="go_on", send_followup=True)

    def test_followup_template_in_four_languages(self):
        template = self.env.ref("dunning_be.mail_template_call_followup")
        self.env["res.lang"]._activate_lang("nl_BE")
        self.env["res.lang"]._activate_lang("fr_BE")
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["dunning_be"], ["nl_BE", "fr_BE", "de_DE"], overwrite=True
        )
        subjects = {
            lang: template.with_context(lang=lang).subject
            for lang in ("en_US", "nl_BE", "fr_BE", "de_DE")
        }
        self.assertEqual(len(set(subjects.values())), 4, subjects)


@tagged("post_install", "-at_install")
class TestCallAccess(CallCommon):
    def test_salesperson_sees_and_completes_the_call_of_their_customer(self):
        seller = new_test_user(
            self.env,
            "seller_access",
            groups="base.group_user,base.group_partner_manager",
            company_ids=[self.company.id],
        )
        other_seller = new_test_user(self.env, "other_seller", groups="base.group_user")
        invoice = self._invoice(self.customer)
        invoice.invoice_user_id = seller
        _invoice, call = self._escalate_to_call(invoice)
        activity = call.activity_id
        as_seller = self.env(user=seller)
        mine = as_seller["mail.activity"].search(
            [("user_id", "=", seller.id), ("activity_type_id", "=", self.call_type.id)]
        )
        self.assertEqual(mine, activity)
        self.assertEqual(mine.dunning_call_id, call)
        self.assertEqual(as_seller["dunning.call"].search([]), call)
        self.assertFalse(self.env(user=other_seller)["dunning.call"].search([]))
        with self.assertRaises(AccessError):
            self.env(user=other_seller)["dunning.call"].browse(call.id).read(["state"])
        with self.assertRaises(AccessError):
            call.with_user(seller).write({"outcome": "go_on"})
        # The salesperson records a promise, without rights on invoices.
        self._call_outcome(
            call.with_user(seller), day(22), outcome="promise", promise_date=day(28)
        )
        self.assertEqual(call.outcome, "promise")
        self.assertEqual(self.customer.dunning_pause_until, day(31))

    def test_someone_else_cannot_record_the_outcome(self):
        stranger = new_test_user(self.env, "stranger", groups="base.group_user")
        _invoice, call = self._escalate_to_call()
        wizard = self.env["dunning.call.outcome"].create(
            {"call_id": call.id, "outcome": "go_on"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(stranger).action_apply()
        self.assertEqual(call.state, "open")
