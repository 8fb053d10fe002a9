# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2026, 3, 16)


@tagged("post_install", "-at_install")
class TestInstall(AccountTestInvoicingCommon):
    """The module is installed, and what it adds to the menu opens for an accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing_user = new_test_user(
            cls.env,
            login="dunning_billing",
            groups="account.group_account_invoice",
            company_id=cls.env.company.id,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="dunning_accountant",
            groups="account.group_account_user",
            company_id=cls.env.company.id,
        )
        cls.plain_user = new_test_user(
            cls.env, login="dunning_plain", groups="base.group_user"
        )

    def _module_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", "dunning_be"), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id"))

    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "dunning_be")])
        self.assertEqual(module.state, "installed")
        deps = set(module.dependencies_id.mapped("name"))
        self.assertTrue({"account", "l10n_be", "mail"} <= deps, deps)

    def test_menu_in_accounting(self):
        root = self.env.ref("dunning_be.dunning_menu_root")
        self.assertEqual(root.parent_id, self.env.ref("account.menu_finance"))
        self.assertEqual(root.name, "Payment Reminders")
        for user in (self.billing_user, self.accountant):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(root.id, visible, f"{user.login} should see the menu")
            self.assertTrue(
                set(root.child_id.ids) & visible,
                f"{user.login} should see at least one entry under it",
            )
        hidden = self.env["ir.ui.menu"].with_user(self.plain_user)._visible_menu_ids()
        self.assertNotIn(root.id, hidden)
        run_menu = self.env.ref("dunning_be.dunning_run_wizard_menu")
        menus = self.env["ir.ui.menu"]
        self.assertNotIn(
            run_menu.id, menus.with_user(self.billing_user)._visible_menu_ids()
        )
        self.assertIn(run_menu.id, menus.with_user(self.accountant)._visible_menu_ids())

    def test_every_action_opens_for_an_accountant(self):
        actions = self._module_records("ir.actions.act_window")
        self.assertTrue(actions, "the module should ship at least one window action")
        # Running the reminders is for accountants only; billing users read.
        accountant_only = {"dunning_be.dunning_run_wizard_action"}
        for user in (self.billing_user, self.accountant):
            env = self.env(user=user)
            for action in actions:
                if user == self.billing_user and action.xml_id in accountant_only:
                    self.assertFalse(env[action.res_model].has_access("create"))
                    continue
                with self.subTest(action=action.xml_id, user=user.login):
                    data = env["ir.actions.actions"]._for_xml_id(action.xml_id)
                    model = env[data["res_model"]]
                    # What the web client evaluates them with: the user's context.
                    user_context = {
                        "uid": user.id,
                        "allowed_company_ids": user.company_ids.ids,
                    }
                    context = safe_eval(data.get("context") or "{}", user_context)
                    domain = safe_eval(data.get("domain") or "[]", user_context)
                    view_types = data["view_mode"].split(",")
                    views = model.with_context(**context).get_views(
                        [
                            (data.get("view_id") and data["view_id"][0], v)
                            for v in view_types
                        ]
                        + [
                            (
                                data.get("search_view_id")
                                and data["search_view_id"][0],
                                "search",
                            )
                        ]
                    )
                    self.assertEqual(set(views["views"]), set(view_types) | {"search"})
                    # each search_default_ of the action names a filter of the view
                    search_arch = views["views"]["search"]["arch"]
                    for key in context:
                        if key.startswith("search_default_"):
                            name = key[len("search_default_") :]
                            self.assertIn(f'name="{name}"', search_arch, key)
                    model.with_context(**context).web_search_read(
                        domain, {"display_name": {}}, limit=80
                    )

    @freeze_time(TODAY)
    def test_overdue_action_lists_overdue_customer_invoices(self):
        """It lists posted customer invoices past their due date, not fully paid."""

        def invoice(due, amount=100.0):
            move = self._create_invoice(
                invoice_date=due - timedelta(days=30),
                invoice_date_due=due,
                partner_id=self.partner_a.id,
                invoice_line_ids=[
                    Command.create(
                        {"name": "work", "price_unit": amount, "tax_ids": []}
                    )
                ],
                post=True,
            )
            move.invoice_date_due = due
            return move

        late = invoice(TODAY - timedelta(days=20))
        partly_paid = invoice(TODAY - timedelta(days=45))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=partly_paid.ids
        ).create({"amount": 40.0, "payment_date": TODAY})._create_payments()
        not_due = invoice(TODAY + timedelta(days=5))
        paid = invoice(TODAY - timedelta(days=3))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({"payment_date": TODAY})._create_payments()
        bill = self._create_invoice(
            move_type="in_invoice",
            invoice_date=TODAY - timedelta(days=60),
            partner_id=self.partner_a.id,
            invoice_line_ids=[
                Command.create({"name": "x", "price_unit": 50.0, "tax_ids": []})
            ],
            post=True,
        )

        action = (
            self.env["ir.actions.actions"]
            .with_user(self.billing_user)
            ._for_xml_id("dunning_be.account_move_action_overdue")
        )
        context = safe_eval(action["context"])
        arch = self.env["account.move"].get_views(
            [(action["search_view_id"][0], "search")]
        )["views"]["search"]["arch"]
        domain = safe_eval(action["domain"])
        # What is still due shows, not only the invoiced totals.
        list_arch = self.env["account.move"].get_views(
            [(action["view_id"][0], "list")]
        )["views"]["list"]["arch"]
        self.assertRegex(
            list_arch, r'<field name="amount_residual_signed"[^>]*optional="show"'
        )
        # The "late" filter of account's search view, as the action selects it.
        self.assertEqual(context.get("search_default_late"), 1)
        self.assertIn('name="late"', arch)
        late_domain = [
            ("invoice_date_due", "<", TODAY),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("move_type", "!=", "entry"),
        ]
        found = (
            self.env["account.move"]
            .with_user(self.billing_user)
            .search(domain + late_domain + [("partner_id", "=", self.partner_a.id)])
        )
        self.assertEqual(found, late | partly_paid)
        self.assertNotIn(not_due, found)
        self.assertNotIn(paid, found)
        self.assertNotIn(bill, found)
