# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A call has a deadline: the policy's Call Deadline in working days after its
Call On day. Until then it holds its level; after, the next run sends the
level without it, once, says so in the history and tells the credit
controller's manager. The overview counts today's calls and the overdue ones
apart, as their lists do; the calls list shows the phones and the figures of
today."""

from freezegun import freeze_time
from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import day
from .common_roles import ACCOUNTING_ROLES, RolesCommon, view_spec
from .test_call import CallCommon

NOT_MADE = "did not make the call before"


class DeadlineCommon(CallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy.call_deadline_days = 5
        cls.caller = new_test_user(
            cls.env,
            login="deadline_caller",
            groups="base.group_user,base.group_partner_manager",
            company_ids=[cls.company.id],
        )
        cls.controller = new_test_user(
            cls.env,
            login="deadline_controller",
            groups="account.group_account_user",
            company_ids=[cls.company.id],
        )
        cls.customer.dunning_user_id = cls.caller
        cls.company.dunning_user_id = cls.controller

    def _manager_activities(self, partner=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (partner or self.customer).id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mail.mail_activity_data_todo").id,
                ),
            ]
        )

    def _notes(self, record):
        return record.message_ids.filtered(lambda m: NOT_MADE in (m.body or ""))

    def _level_2_reminders(self):
        return self.env["dunning.reminder"].search(
            [("partner_id", "=", self.customer.id), ("level_id", "=", self.level_2.id)]
        )


@tagged("post_install", "-at_install")
class TestCallDeadline(DeadlineCommon):
    def test_call_holds_its_level_until_its_call_by_day(self):
        _invoice, call = self._escalate_to_call()
        self.assertEqual(call.user_id, self.caller)
        # Call On Monday 23 March 2026, 5 working days: Monday 30 March.
        self.assertEqual(call.date_deadline, day(21))
        self.assertEqual(call.date_limit, day(28))
        for later in (22, 25, 28):
            self.assertFalse(self._run(day(later)))
        self.assertEqual(call.state, "open")
        self.assertFalse(call.date_missed)
        self.assertFalse(self._manager_activities())
        self.assertFalse(self._notes(self.customer))

    def test_call_by_counts_working_days(self):
        # Call On Thursday 2 April 2026: Easter Monday (6 April) is no working
        # day, so 5 working days end on Friday 10 April.
        invoice = self._invoice(self.customer, due=day(10))
        self.assertEqual(self._run(day(17)).level_id, self.level_1)
        self.assertFalse(self._run(day(31)))
        call = self._calls()
        self.assertEqual(call.move_ids, invoice)
        self.assertEqual(call.date_deadline, day(31))
        self.assertEqual(call.date_limit, day(39))

    def test_level_goes_once_without_the_call_after_its_call_by_day(self):
        invoice, call = self._escalate_to_call()
        reminder = self._run(day(29))
        self.assertEqual(reminder.level_id, self.level_2, "the call no longer holds it")
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        # The call stays open, to be made, and says its level went without it.
        self.assertEqual(call.state, "open")
        self.assertEqual(call.date_missed, day(29))
        self.assertEqual(len(self._notes(call)), 1)
        [note] = self._notes(self.customer)
        self.assertIn("Second reminder goes out without it", note.body)
        # The credit controller's manager: the company's credit controller.
        [activity] = self._manager_activities()
        self.assertEqual(activity.user_id, self.controller)
        self.assertEqual(activity.date_deadline, day(29))
        self.assertIn(self.customer.name, activity.summary)
        self.assertIn(self.caller.name, activity.note)
        # The next runs: no second call, no level sent again, nobody told twice.
        for later in (30, 31, 36, 43):
            self._run(day(later))
        self.assertEqual(self._calls(), call)
        self.assertEqual(len(self._level_2_reminders()), 1)
        self.assertEqual(len(self._manager_activities()), 1)
        self.assertEqual(len(self._notes(self.customer)), 1)
        self.assertEqual(len(self._notes(call)), 1)

    def test_overdue_call_can_still_be_made(self):
        _invoice, call = self._escalate_to_call()
        self._run(day(29))
        self._call_outcome(call, day(30), outcome="promise", promise_date=day(35))
        self.assertEqual(call.state, "done")
        self.assertEqual(self.customer.dunning_pause_until, day(38))

    def test_manager_is_an_accounting_manager_when_no_other_controller(self):
        # The company's credit controller is the one asked to call: an
        # accounting manager of the company hears of it.
        self.company.dunning_user_id = self.caller
        self._escalate_to_call()
        self._run(day(29))
        [activity] = self._manager_activities()
        self.assertNotEqual(activity.user_id, self.caller)
        self.assertTrue(activity.user_id.has_group("account.group_account_manager"))
        self.assertIn(self.company, activity.user_id.company_ids)

    def test_overdue_call_gives_way_to_the_next_levels_call(self):
        self.level_3.call_before = True
        _invoice, call = self._escalate_to_call()
        self.assertEqual(self._run(day(29)).level_id, self.level_2)
        # Level 3 is due 14 days after level 2 (day 43) and asks for a call:
        # the overdue call is closed for it, one open call per customer.
        self.assertFalse(self._run(day(43)))
        old, new = self._calls()
        self.assertEqual(old, call)
        self.assertEqual(old.state, "skipped")
        self.assertEqual((new.state, new.level_id), ("open", self.level_3))
        self.assertFalse(new.date_missed)
        for later in (44, 45):
            self.assertFalse(self._run(day(later)))
        self.assertEqual(len(self._calls()), 2)
        self.assertEqual(len(self._manager_activities()), 1, "for the first call only")

    def test_preview_shows_the_level_going_after_the_call_by_day(self):
        self._escalate_to_call()
        wizard = self.env["dunning.run.wizard"].create({"date": day(29)})
        wizard.action_preview()
        line = wizard.preview_ids
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(line.level_id, self.level_2)
        # The preview writes nothing.
        self.assertFalse(self._calls().date_missed)


@tagged("post_install", "-at_install")
class TestCallFigures(DeadlineCommon):
    """The call's amount and days late as of today; the overview's cards
    against the lists they open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_contact = cls.env["res.partner"].create(
            {
                "name": "Els Baert",
                "parent_id": cls.customer.id,
                "type": "invoice",
                "email": "els@goudenkorst.be",
                "phone": "+32 470 12 34 56",
            }
        )

    def test_days_late_and_amount_of_today(self):
        invoice, call = self._escalate_to_call()
        self.assertEqual(call.amount_open, 1000.0)
        self._pay(invoice, 250.0, day(40))
        self.env.invalidate_all()
        with freeze_time(day(45)):
            self.assertEqual(call.days_late, 45)
            self.assertEqual(call.amount_open, 750.0)
            self.assertEqual(call.amount_due, 1000.0, "as it was when planned")
            self.assertIn("45", call.brief)
            self.assertIn(invoice.name, call.brief)
        self.env.invalidate_all()
        with freeze_time(day(46)):
            self.assertEqual(call.days_late, 46)

    def test_phones_of_the_customer_and_the_invoice_contact(self):
        _invoice, call = self._escalate_to_call()
        self.assertEqual(call.recipient_id, self.invoice_contact)
        self.assertEqual(call.partner_phone, "+32 9 123 45 67")
        self.assertEqual(call.recipient_phone, "+32 470 12 34 56")
        # The same number is not shown twice.
        self.invoice_contact.phone = "+32 9 123 45 67"
        self.assertFalse(call.recipient_phone)

    def test_assignee_reads_the_call_as_the_web_client(self):
        """The one asked to call, without rights on invoices: the list and the
        form with the phones and today's figures."""
        invoice, call = self._escalate_to_call()
        self.env.invalidate_all()
        Call = self.env["dunning.call"].with_user(self.caller)
        views = Call.get_views([(False, "list"), (False, "form")])
        for view_type in ("list", "form"):
            arch = etree.fromstring(views["views"][view_type]["arch"])
            phones = arch.xpath("//field[@name='partner_phone']")
            self.assertEqual(phones[0].get("widget"), "phone")
            spec = view_spec(arch, "dunning.call", views["models"])
            with freeze_time(day(30)):
                [values] = Call.browse(call.ids).web_read(spec)
            self.assertEqual(values["partner_phone"], "+32 9 123 45 67")
            self.assertEqual(values["recipient_phone"], "+32 470 12 34 56")
            self.assertEqual(values["days_late"], 30)
            self.assertEqual(values["amount_open"], 1000.0)
        self.assertIn(invoice.name, values["brief"])

    def _overview(self, on_date):
        with freeze_time(on_date):
            return self.env["dunning.overview"].create({})

    def _list_totals(self, action, on_date):
        """What the list of ``action`` shows on ``on_date``, read as the web
        client does: the action's domain and its default filters, the rows
        of the list (their total) and the grouped total."""
        Call = self.env["dunning.call"].with_context(
            allowed_company_ids=self.company.ids
        )
        with freeze_time(on_date):
            context = action.get("context") or {}
            if isinstance(context, str):
                context = safe_eval(context, {"uid": self.env.uid})
            domain = list(action.get("domain") or [])
            if isinstance(action.get("domain"), str):
                domain = safe_eval(action["domain"], {"uid": self.env.uid})
            views = Call.get_views([(False, "list"), (False, "search")])
            search = etree.fromstring(views["views"]["search"]["arch"])
            for name, value in context.items():
                if name.startswith("search_default_") and value:
                    [node] = search.xpath(f"//filter[@name='{name[15:]}']")
                    domain += safe_eval(
                        node.get("domain"),
                        {"context_today": lambda: on_date, "uid": self.env.uid},
                    )
            arch = etree.fromstring(views["views"]["list"]["arch"])
            spec = view_spec(arch, "dunning.call", views["models"])
            rows = Call.web_search_read(domain, spec, limit=80)["records"]
            [group] = Call.formatted_read_group(
                domain, [], ["__count", "amount_open:sum"]
            )
        total = sum(row["amount_open"] for row in rows)
        self.assertAlmostEqual(total, group["amount_open:sum"])
        self.assertEqual(len(rows), group["__count"])
        return len(rows), total

    def test_today_card_agrees_with_the_calls_list(self):
        third = self.env["res.partner"].create(
            {
                "name": "Slagerij Peeters",
                "is_company": True,
                "email": "info@peeters.be",
                "phone": "+32 9 222 33 44",
            }
        )
        first = self._invoice(self.customer, 1000.0)
        self._invoice(self.customer, 400.0)
        second = self._invoice(self.customer_2, 700.0)
        self._invoice(third, 500.0)
        self._run(day(7))
        self.assertFalse(self._run(day(21)))
        calls = self.env["dunning.call"].search([("state", "=", "open")])
        self.assertEqual(len(calls), 3)
        # Paid in part after the calls were planned.
        self._pay(first, 300.0, day(22))
        self._pay(second, 200.0, day(22))
        overview = self._overview(day(22))
        self.assertEqual(overview.call_count, 3)
        self.assertAlmostEqual(overview.amount_calls, 2100.0)
        self.assertEqual(overview.overdue_call_count, 0)
        # The list the card opens, and Calls to Make as the menu opens it.
        with freeze_time(day(22)):
            card_action = overview.with_context(calls="today").action_open_calls()
            menu_action = overview.action_open_calls()
        for action in (card_action, menu_action):
            self.assertEqual(
                self._list_totals(action, day(22)),
                (overview.call_count, overview.amount_calls),
            )

    def test_overdue_card_and_its_calls(self):
        invoice, call = self._escalate_to_call()
        overview = self._overview(day(28))
        self.assertEqual((overview.call_count, overview.overdue_call_count), (1, 0))
        self._run(day(29))
        self._pay(invoice, 100.0, day(29))
        overview = self._overview(day(30))
        self.assertEqual((overview.call_count, overview.overdue_call_count), (0, 1))
        self.assertAlmostEqual(overview.amount_overdue_calls, 900.0)
        self.assertEqual(overview.amount_calls, 0.0)
        with freeze_time(day(30)):
            action = overview.with_context(calls="overdue").action_open_calls()
        self.assertEqual(
            self._list_totals(action, day(30)),
            (overview.overdue_call_count, overview.amount_overdue_calls),
        )
        self.assertEqual(self.env["dunning.call"].search(action["domain"]), call)
        # The search view's Overdue filter finds the same calls.
        with freeze_time(day(30)):
            overdue = dict(action, context={"search_default_overdue": 1})
            overdue["domain"] = [("company_id", "=", self.company.id)]
        self.assertEqual(
            self._list_totals(overdue, day(30)),
            (overview.overdue_call_count, overview.amount_overdue_calls),
        )


@tagged("post_install", "-at_install")
class TestCallRoles(RolesCommon):
    """The roles that open calls read the phones and today's figures."""

    def test_accounting_roles_open_the_calls(self):
        self.assertEqual(self.call.state, "open")
        for role in ACCOUNTING_ROLES:
            user = self.users[role]
            with self.subTest(role=role):
                self.open_action(
                    user, "dunning_be.dunning_call_action_today", self.call
                )
                [values] = self.call.with_user(user).web_read(
                    {
                        "partner_phone": {},
                        "recipient_phone": {},
                        "amount_open": {},
                        "days_late": {},
                        "date_limit": {},
                        "brief": {},
                    }
                )
                self.assertEqual(values["partner_phone"], "+32 9 123 45 67")
                self.assertTrue(values["amount_open"])
                self.assertGreater(values["days_late"], 0)
