# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The forms an accountant fills in and reads: a new level ready to save, the
default policy marked, counts in proper singular and plural, the run's
preview and summary named and counted as the lists are, and messages that
send the user to menus that exist."""

import ast
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from freezegun import freeze_time
from lxml import etree

from odoo.tests import Form, new_test_user, tagged
from odoo.tools.misc import file_path

from ..lib.behaviour import Behaviour
from ..lib.run_summary import RunSummary
from .common import day
from .test_call import CallCommon

# "Invoicing > Payment Reminders > Legal Interest Rates": menu names, each
# word capitalised but for a few small ones.
_SEGMENT = r"[A-Z][\w'-]*(?: (?:[A-Z&][\w'-]*|to|of|a|the|and|for|with|in))*"
MENU_PATH = re.compile(rf"{_SEGMENT}(?: > {_SEGMENT})+")


def _module_texts():
    """``(file, text)``: every string of the module's Python code and every
    text of its XML files, as a user reads them."""
    root = Path(file_path("dunning_be"))
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("tests/", "lib/tests/")):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield relative, node.value
    for path in sorted(root.rglob("*.xml")):
        relative = path.relative_to(root).as_posix()
        tree = etree.parse(str(path))
        for element in tree.iter():
            if isinstance(element, etree._Comment):
                continue
            for text in (element.text, element.tail):
                if text and text.strip():
                    yield relative, " ".join(text.split())


@tagged("post_install", "-at_install")
class TestForms(CallCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="boekhouder_forms",
            groups="account.group_account_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.template_1 = cls.env.ref("dunning_be.mail_template_level_1")
        cls.template_2 = cls.env.ref("dunning_be.mail_template_level_2")
        cls.template_3 = cls.env.ref("dunning_be.mail_template_level_3")

    # ------------------------------------------------------------------
    # Levels and policies
    # ------------------------------------------------------------------

    def test_new_level_gets_a_template_and_saves(self):
        """Before, the level form refused to save ("Missing required
        fields") until an e-mail template was chosen."""
        policy = self.policy.with_user(self.accountant)
        with Form(policy) as form, form.level_ids.new() as level:
            level.name = "Friendly call"
            # At first a level is the first of its policy...
            self.assertEqual(level.mail_template_id, self.template_1)
            level.delay = 14
            # ...after the first one (7 days), it speaks as a second one.
            self.assertEqual(level.mail_template_id, self.template_2)
            level.send_sms = True
            self.assertEqual(
                level.sms_template_id, self.env.ref("dunning_be.sms_template_level_2")
            )
        new = policy.level_ids - self.policy.level_ids.browse(
            (self.level_1 | self.level_2 | self.level_3).ids
        )
        self.assertEqual(
            (new.name, new.mail_template_id, new.create_uid),
            ("Friendly call", self.template_2, self.accountant),
        )
        self.assertEqual(policy._levels().mapped("delay"), [7, 14, 21, 35])

    def test_new_policy_levels_follow_the_shipped_tones(self):
        with Form(self.env["dunning.policy"].with_user(self.accountant)) as form:
            form.name = "Strict"
            for name, delay in (("Friendly", 5), ("Firm", 15), ("Notice", 30)):
                with form.level_ids.new() as level:
                    level.name = name
                    level.delay = delay
        self.assertEqual(
            form.record._levels().mail_template_id.ids,
            (self.template_1 | self.template_2 | self.template_3).ids,
        )

    def test_new_level_takes_the_policys_own_template(self):
        own = self.template_2.copy({"name": "Our own second reminder"})
        self.level_3.mail_template_id = own
        Level = self.env["dunning.level"].with_user(self.accountant)
        level = Level.create(
            {"policy_id": self.policy.id, "name": "After", "delay": 50, "sequence": 40}
        )
        self.assertEqual(level.mail_template_id, own)
        # A saved level keeps the template it was given when its days change.
        level.mail_template_id = self.template_1
        level.delay = 70
        self.assertEqual(level.mail_template_id, self.template_1)

    def test_level_labels_give_their_unit_and_the_dialog_a_title(self):
        fields = self.env["dunning.policy"]._fields
        self.assertEqual(
            fields["promise_grace_days"].string, "Grace After a Promise (days)"
        )
        self.assertEqual(
            fields["call_retry_days"].string, "Call Again After (working days)"
        )
        arch = self.env["dunning.policy"].get_view(
            self.env.ref("dunning_be.dunning_policy_view_form").id
        )["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='level_ids']")[0]
        # The dialog says "Create Policy Level", not "Create Levels".
        self.assertEqual(node.get("string"), "Policy Level")

    def test_default_policy_is_marked(self):
        other = self.policy.copy({"name": "Other"})
        policies = (self.policy | other).with_user(self.accountant)
        self.assertEqual(policies.mapped("is_company_default"), [True, False])
        self.company.dunning_policy_id = other
        policies.invalidate_recordset(["is_company_default"])
        self.assertEqual(policies.mapped("is_company_default"), [False, True])
        self.assertFalse(self.env["dunning.policy"].new({}).is_company_default)
        for view in ("list", "form"):
            arch = (
                self.env["dunning.policy"]
                .with_user(self.accountant)
                .get_view(view_type=view)["arch"]
            )
            self.assertIn('name="is_company_default"', arch, view)

    # ------------------------------------------------------------------
    # Singular and plural
    # ------------------------------------------------------------------

    def test_counts_in_singular_and_plural(self):
        run = self.env["dunning.run"]
        level = self.level_1.name
        one = RunSummary(
            sent_per_level=Counter({level: 1}),
            draft_per_level=Counter({level: 1}),
            held=Counter({"disputed": 1}),
            calls=1,
            waiting_call=1,
            handover_sent=1,
            handover_draft=1,
        )
        self.assertEqual(
            run._summary_text(self.company, one),
            f"{self.company.name}: 1 reminder sent ({level} 1); "
            f"1 reminder to review ({level} 1); 1 invoice held back (Disputed 1); "
            "1 file handed over to a debt collector; "
            "1 hand-over to a debt collector to review; 1 call scheduled; "
            "1 customer waits for the outcome of a call.",
        )
        two = one + one
        self.assertEqual(
            run._summary_text(self.company, two),
            f"{self.company.name}: 2 reminders sent ({level} 2); "
            f"2 reminders to review ({level} 2); 2 invoices held back (Disputed 2); "
            "2 files handed over to a debt collector; "
            "2 hand-overs to a debt collector to review; 2 calls scheduled; "
            "2 customers wait for the outcome of a call.",
        )
        self.assertNotIn("(s)", run._summary_text(self.company, two))
        counts = self.env["dunning.partner.behaviour"]._class_change_counts
        self.assertEqual(
            list(counts(Behaviour(1, 1, 1, Decimal(1), 0, 1)).values()),
            [
                "1 of 1 invoice paid late",
                "1 day late on average",
                "1 promise to pay broken",
            ],
        )
        self.assertEqual(
            list(counts(Behaviour(1, 3, 2, Decimal("4.5"), 0, 0)).values()),
            [
                "2 of 3 invoices paid late",
                "4.5 days late on average",
                "0 promises to pay broken",
            ],
        )

    def test_overview_says_invoice_or_invoices(self):
        arch = self.env["dunning.overview"].get_view(
            self.env.ref("dunning_be.dunning_overview_view_form").id
        )["arch"]
        for field in ("open_count", "overdue_count", "held_count", "collector_count"):
            self.assertIn(f'invisible="{field} != 1">invoice</div>', arch)
        # Every figure that opens a list looks like a link, the overdue one too.
        self.assertNotIn("text-danger", arch.split("Largest Overdue")[0])

    # ------------------------------------------------------------------
    # The run wizard
    # ------------------------------------------------------------------

    def test_preview_counts_the_customers_waiting_for_a_call_apart(self):
        """Before, the preview said "To review 2" while Reminders to Review
        got one: the customer waiting for a call was counted as one to
        review."""
        self._escalate_to_call()  # the customer waits for its call
        self.level_1.auto_send = False
        self._invoice(self.customer_2, 400.0, due=day(14))  # first reminder, reviewed
        Wizard = self.env["dunning.run.wizard"].with_user(self.accountant)
        with freeze_time(day(22)):
            with Form(Wizard) as form:
                form.date = day(22)
            wizard = form.record
            wizard.action_preview()
            outcome = {line.partner_id: line.outcome for line in wizard.preview_ids}
            self.assertEqual(
                outcome, {self.customer: "wait", self.customer_2: "review"}
            )
            self.assertEqual(
                (
                    wizard.send_count,
                    wizard.review_count,
                    wizard.call_count,
                    wizard.wait_count,
                ),
                (0, 1, 0, 1),
            )
            action = wizard.action_run()
        self.assertEqual((action["res_id"], action["target"]), (wizard.id, "new"))
        self.assertTrue(wizard.run_done)
        # What the preview counted is what the lists it names show.
        review = wizard.action_open_review()
        self.assertEqual(review["name"], "Reminders to Review")
        to_review = self.env["dunning.reminder"].search(
            [("state", "=", "draft"), ("date", "=", day(22))]
        )
        self.assertEqual(to_review.partner_id, self.customer_2)
        self.assertEqual(wizard.list_review_name, review["name"])
        self.assertEqual(
            wizard.list_held_name,
            self.env.ref("dunning_be.account_move_menu_held").name,
        )
        self.assertEqual(
            wizard.list_calls_name,
            self.env.ref("dunning_be.dunning_call_menu_today").name,
        )
        self.assertEqual(
            (wizard.run_review, wizard.run_calls),
            (
                f"1 reminder to review ({self.level_1.name} 1)",
                "1 customer waits for the outcome of a call",
            ),
        )

    def test_preview_says_a_call_comes_first(self):
        self._invoice(self.customer)
        self._run(day(7))
        wizard = (
            self.env["dunning.run.wizard"]
            .with_user(self.accountant)
            .create({"date": day(21)})
        )
        wizard.action_preview()
        self.assertEqual(wizard.preview_ids.outcome, "call")
        self.assertEqual((wizard.call_count, wizard.review_count), (1, 0))

    def test_wizard_date_does_not_open_its_picker(self):
        """A dialog focuses its first focusable element, and a date field
        opens its picker when focused: the wizard's explanation comes first
        and takes the focus."""
        arch = self.env["dunning.run.wizard"].get_view(
            self.env.ref("dunning_be.dunning_run_wizard_view_form").id
        )["arch"]
        nodes = list(etree.fromstring(arch).iter())
        date = next(n for n in nodes if n.tag == "field" and n.get("name") == "date")
        before = [n for n in nodes[: nodes.index(date)] if n.get("tabindex") == "0"]
        self.assertEqual(len(before), 2, "one explanation before, one after preview")

    # ------------------------------------------------------------------
    # Menus named in messages
    # ------------------------------------------------------------------

    def _menu_chains(self):
        """Every menu as the list of its names, from the app down."""
        chains = []
        menus = self.env["ir.ui.menu"].with_context(lang="en_US").search([])
        for menu in menus:
            names = []
            while menu:
                names.insert(0, menu.name)
                menu = menu.parent_id
            chains.append(names)
        return chains

    def _settings_texts(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        tree = etree.fromstring(arch)
        return {node.get("title") for node in tree.iter("block")} | {
            node.get("string") for node in tree.iter("setting")
        }

    def assert_menu_path(self, path, chains, settings):
        names = path.split(" > ")
        settings_menu = self._chain(self.env.ref("account.menu_account_config"))
        for chain in chains:
            if chain[-len(names) :] == names:
                return
        # Into the settings: the menu, then a block and a setting in it.
        for cut in range(1, len(names)):
            head, tail = names[:cut], names[cut:]
            if settings_menu[-len(head) :] == head and set(tail) <= settings:
                return
        self.fail(f"{path!r} names no menu of this database")

    def _chain(self, menu):
        names = []
        while menu:
            names.insert(0, menu.with_context(lang="en_US").name)
            menu = menu.parent_id
        return names

    def test_messages_name_menus_that_exist(self):
        chains, settings = self._menu_chains(), self._settings_texts()
        paths = {
            (relative, path)
            for relative, text in _module_texts()
            for path in MENU_PATH.findall(text)
        }
        self.assertTrue(paths, "the scan finds the module's menu paths")
        for relative, path in sorted(paths):
            with self.subTest(file=relative, path=path):
                self.assert_menu_path(path, chains, settings)
        # The paths written at run time: the app's own name (Invoicing in
        # Community, Accounting in Enterprise), in the user's language.
        Menu = self.env["ir.ui.menu"].with_user(self.accountant)
        app = self.env.ref("account.menu_finance").name
        rates = Menu._dunning_path("dunning_be.dunning_legal_rate_menu")
        self.assertEqual(rates, f"{app} > Payment Reminders > Legal Interest Rates")
        law = Menu._dunning_collection_law_path()
        self.assertEqual(
            law,
            f"{app} > Configuration > Settings > Customer Payments > Collection Law",
        )
        for path in (rates, law):
            self.assert_menu_path(path, chains, settings)
        self.env["dunning.legal.rate"].search([]).unlink()
        warning = self.env["dunning.legal.rate"]._missing_rate_warning(
            self.company, day(0)
        )
        self.assertIn(rates, warning)
