# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The call outcome, recorded by the one the call is assigned to.

The assignee is often a salesperson or an employee without rights on
invoices, policies or reminders: they open the wizard from the call as the
web client does (the call's button, the wizard's form view, its onchange,
its save with the display names of its relational fields) and record what
the customer said. Nobody else may.
"""

from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import day
from .test_call import CallCommon


@tagged("post_install", "-at_install")
class TestCallOutcomeRoles(CallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An employee without Invoicing rights: no access to invoices,
        # policies, levels or reminders.
        cls.caller = new_test_user(
            cls.env,
            "outcome_caller",
            groups="base.group_user,base.group_partner_manager",
            company_ids=[cls.company.id],
        )
        cls.stranger = new_test_user(
            cls.env,
            "outcome_stranger",
            groups="base.group_user",
            company_ids=[cls.company.id],
        )
        cls.first = cls._invoice(cls.customer, 1000.0)
        cls.second = cls._invoice(cls.customer, 400.0)
        (cls.first | cls.second).invoice_user_id = cls.caller

    def _assigned_call(self):
        _invoices, call = self._escalate_to_call(self.first | self.second)
        self.assertEqual(call.user_id, self.caller)
        return call

    def _open_wizard(self, call, user):
        """The call in Calls to Make and its button, then the wizard's form
        view and its onchange, as ``user``: the web client's way."""
        call_as = call.with_user(user)
        self.env.invalidate_all()  # as in a new request
        views = call_as.get_views([(False, "list")])
        call_as.web_read(
            self._client_spec(
                etree.fromstring(views["views"]["list"]["arch"]),
                "dunning.call",
                views["models"],
            )
        )
        action = call_as.action_outcome()
        wizard_model = (
            self.env(user=user)["dunning.call.outcome"]
            .with_context(**action["context"])
            .with_company(self.company)
        )
        views = wizard_model.get_views([(False, "form")])
        self.spec = self._client_spec(
            etree.fromstring(views["views"]["form"]["arch"]),
            "dunning.call.outcome",
            views["models"],
        )
        self.onchange = wizard_model.onchange({}, [], self.spec)["value"]
        return Form(wizard_model)

    def _client_spec(self, node, model, models):
        """The web client's read specification of the fields under
        ``node``: relational fields with their display names, lists with
        their columns."""
        spec = {}
        for child in node:
            if child.tag != "field":
                spec.update(self._client_spec(child, model, models))
                continue
            field = models[model]["fields"][child.get("name")]
            if field["type"] == "many2one":
                spec[child.get("name")] = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many"):
                sub = {}
                for view in child:
                    sub.update(self._client_spec(view, field["relation"], models))
                spec[child.get("name")] = {"fields": sub or {"display_name": {}}}
            else:
                spec[child.get("name")] = {}
        return spec

    def test_assignee_opens_the_wizard_and_reads_it(self):
        call = self._assigned_call()
        with freeze_time(day(22)):
            form = self._open_wizard(call, self.caller)
            self.assertEqual(form.max_attempts, 2, "the policy's, read for them")
            self.assertEqual(form.attempt, 1)
            self.assertEqual(form.partner_id, self.customer)
            self.assertEqual(len(form.line_ids), 2)
            form.outcome = "go_on"
            wizard = form.save()
            [values] = wizard.web_read(self.spec)
        self.assertEqual(self.onchange["level_id"]["display_name"], self.level_2.name)
        created = [
            command[2] for command in self.onchange["line_ids"] if not command[0]
        ]
        self.assertEqual(
            [line["move_id"]["display_name"] for line in created],
            [self.first.name, self.second.name],
        )
        self.assertEqual(values["partner_id"]["display_name"], self.customer.name)
        self.assertEqual(values["level_id"]["display_name"], self.level_2.name)
        lines = {line["move_id"]["display_name"]: line for line in values["line_ids"]}
        self.assertEqual(set(lines), {self.first.name, self.second.name})
        self.assertEqual(lines[self.second.name]["amount_residual"], 400.0)
        self.assertEqual(
            lines[self.second.name]["date_due"], self.second.invoice_date_due
        )

    def test_assignee_opens_the_call(self):
        """The call's form, as its assignee: what to talk about, without the
        invoices' own records."""
        call = self._assigned_call().with_user(self.caller)
        # As in a new request: nothing read before by the run or the admin.
        self.env.invalidate_all()
        views = call.get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        self.assertFalse(arch.xpath("//field[@name='move_ids']"))
        [values] = call.web_read(
            self._client_spec(arch, "dunning.call", views["models"])
        )
        self.assertEqual(values["partner_id"]["display_name"], self.customer.name)
        self.assertIn(self.first.name, values["brief"])
        self.assertIn(self.second.name, values["brief"])
        # An accountant gets the invoices themselves.
        views = call.with_user(self.env.user).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        self.assertTrue(arch.xpath("//field[@name='move_ids']"))

    def test_assignee_records_a_promise(self):
        call = self._assigned_call()
        with freeze_time(day(22)):
            form = self._open_wizard(call, self.caller)
            form.outcome = "promise"
            form.promise_date = day(28)
            form.note = "Pays Friday"
            wizard = form.save()
            self.assertEqual(wizard.env.user, self.caller)
            wizard.action_apply()
        self.assertEqual(call.state, "done")
        self.assertEqual(call.outcome, "promise")
        self.assertEqual(call.pause_until, day(31))
        self.assertEqual(self.customer.dunning_pause_until, day(31))
        self.assertFalse(call.activity_id.active, "the activity is done")
        self.assertIn("Pays Friday", self.customer.message_ids[0].body)

    def test_assignee_records_a_dispute_on_one_invoice(self):
        call = self._assigned_call()
        with freeze_time(day(22)):
            form = self._open_wizard(call, self.caller)
            form.outcome = "dispute"
            form.dispute_reason = "Goods returned"
            for index in range(len(form.line_ids)):
                with form.line_ids.edit(index) as line:
                    if line.move_id == self.first:
                        line.disputed = True
            wizard = form.save()
            wizard.action_apply()
        self.assertEqual(call.outcome, "dispute")
        self.assertEqual(call.disputed_move_ids, self.first)
        self.assertTrue(self.first.dunning_disputed)
        self.assertEqual(self.first.dunning_dispute_reason, "Goods returned")
        self.assertFalse(self.second.dunning_disputed)
        # The other invoice goes on.
        self.assertEqual(self._run(day(23)).move_ids, self.second)

    def test_assignee_records_no_answer_then_the_retry(self):
        call = self._assigned_call()
        with freeze_time(day(21)):
            form = self._open_wizard(call, self.caller)
            form.outcome = "no_answer"
            form.save().action_apply()
        self.assertEqual(call.outcome, "no_answer")
        retry = self._calls() - call
        self.assertEqual(retry.user_id, self.caller)
        with freeze_time(day(23)):
            form = self._open_wizard(retry, self.caller)
            self.assertEqual((form.attempt, form.max_attempts), (2, 2))
            form.outcome = "go_on"
            form.save().action_apply()
        self.assertEqual(retry.outcome, "go_on")
        self.assertEqual(self._run(day(24)).level_id, self.level_2)

    def test_assignee_cannot_dispute_or_read_another_invoice(self):
        other = self._invoice(self.customer_2, 777.0)
        call = self._assigned_call()
        with freeze_time(day(22)):
            form = self._open_wizard(call, self.caller)
            form.outcome = "dispute"
            form.dispute_reason = "Not ours"
            with form.line_ids.edit(0) as line:
                line.disputed = True
            wizard = form.save()
            # A line on an invoice of another customer, as a crafted request
            # could send it: refused, nothing of it shown.
            with self.assertRaises(ValidationError) as error:
                wizard.write(
                    {
                        "line_ids": [
                            Command.create({"move_id": other.id, "disputed": True})
                        ]
                    }
                )
            self.assertIn("Only the open invoices of this call", str(error.exception))
            self.assertNotIn(other.name, str(error.exception))
            # The same, behind the lines: the disputed invoices themselves.
            wizard.sudo().dispute_move_ids = other
            with self.assertRaises(UserError):
                wizard.action_apply()
        self.assertFalse(other.dunning_disputed)
        self.assertEqual(call.state, "open")

    def test_someone_else_is_refused(self):
        call = self._assigned_call()
        with freeze_time(day(22)):
            with self.assertRaises(AccessError):
                self._open_wizard(call, self.stranger)
            wizard_model = self.env(user=self.stranger)["dunning.call.outcome"]
            with self.assertRaises(AccessError):
                wizard_model.create({"call_id": call.id, "outcome": "go_on"})
            # A wizard made by someone who may: still not theirs to apply.
            wizard = self.env["dunning.call.outcome"].create(
                {"call_id": call.id, "outcome": "go_on"}
            )
            with self.assertRaises(AccessError):
                wizard.with_user(self.stranger).action_apply()
        self.assertEqual(call.state, "open")
        self.assertFalse(self.first.dunning_disputed)

    def test_auditor_reads_the_call_but_cannot_record_its_outcome(self):
        auditor = new_test_user(
            self.env,
            "outcome_auditor",
            groups="base.group_user,account.group_account_readonly",
            company_ids=[self.company.id],
        )
        call = self._assigned_call()
        call.with_user(auditor).read(["state"])
        with (
            freeze_time(day(22)),
            self.assertRaisesRegex(AccessError, "outcome_caller"),
        ):
            self._open_wizard(call, auditor)
        self.assertEqual(call.state, "open")


@tagged("post_install", "-at_install")
class TestCallOutcomeRolesTour(CallCommon, HttpCase):
    """The assignee records a dispute in the browser: the wizard's invoices
    show and can be ticked without rights on invoices."""

    def test_assignee_disputes_an_invoice_in_the_browser(self):
        caller = new_test_user(
            self.env,
            "outcome_tour_caller",
            groups="base.group_user,base.group_partner_manager",
            company_ids=[self.company.id],
        )
        today = fields.Date.today()
        due = today - timedelta(days=30)
        first = self._invoice(self.customer, 1000.0, due=due)
        second = self._invoice(self.customer, 400.0, due=due)
        (first | second).invoice_user_id = caller
        run = self.env["dunning.run"]
        run._run_company(self.company, today - timedelta(days=22))
        run._run_company(self.company, today)
        call = self._calls()
        self.assertEqual((call.state, call.user_id), ("open", caller))
        self.start_tour(
            "/odoo/action-dunning_be.dunning_call_action_today",
            "dunning_be_call_outcome_dispute",
            login=caller.login,
        )
        self.assertEqual(call.state, "done")
        self.assertEqual(call.outcome, "dispute")
        self.assertEqual(call.disputed_move_ids, first)
        self.assertEqual(first.dunning_dispute_reason, "Goods returned")
        self.assertFalse(second.dunning_disputed)
