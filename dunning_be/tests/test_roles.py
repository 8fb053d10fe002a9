# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every role opens what dunning_be adds or extends, as the web client does:
the customers, contacts and invoices, dunning_be's own menus; the portal's
pages for a customer and for a debt collector."""

from lxml import etree

from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common_roles import ACCOUNTING_ROLES, RolesCommon

# The customer's and the invoice's fields that only accounting sees.
ACCOUNTING_PARTNER_FIELDS = {
    "dunning_policy_id",
    "dunning_reminder_count",
    "dunning_hold_count",
    "dunning_handover_count",
    "dunning_behaviour_class",
    "dunning_late_share",
    "dunning_max_level_id",
    "dunning_reminder_ids",
    "dunning_call_ids",
    "dunning_pause_until",
    "dunning_user_id",
    "dunning_regime",
    "dunning_collector_kind",
}
ACCOUNTING_MOVE_FIELDS = {
    "dunning_level_id",
    "dunning_last_date",
    "dunning_reminder_ids",
    "dunning_hold",
    "dunning_hold_note",
}


def dunning_fields(env, model, view_type="form"):
    """The dunning fields of ``model``'s default view, as ``env``'s user gets it."""
    arch = env[model].get_views([(False, view_type)])["views"][view_type]["arch"]
    return {
        node.get("name")
        for node in etree.fromstring(arch).iter("field")
        if node.get("name", "").startswith("dunning_")
    }


class RolesCase(RolesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bill = cls._invoice(cls.agency, 250.0, move_type="in_invoice")

    def _open_accounting(self, user):
        """What accounting reaches: customers, vendors, invoices and bills;
        the customer's smart buttons; every menu of Payment Reminders."""
        customers = self.customer | self.contact
        invoices = self.invoice | self.disputed | self.handed_over
        self.open_action(user, "account.res_partner_action_customer", customers)
        self.open_action(user, "account.res_partner_action_supplier", self.agency)
        self.open_action(user, "account.action_move_out_invoice_type", invoices)
        self.open_action(user, "account.action_move_in_invoice_type", self.bill)
        customer = self.customer.with_user(user)
        for method in (
            "action_open_dunning_reminders",
            "action_open_dunning_holds",
            "action_open_dunning_handovers",
            "action_open_dunning_behaviour_invoices",
        ):
            self.open_action(user, getattr(customer, method)())
        root = self.env.ref("dunning_be.dunning_menu_root")
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        menus = self.env["ir.ui.menu"].search(
            [
                ("id", "child_of", root.id),
                ("id", "in", list(visible)),
                ("action", "!=", False),
            ]
        )
        self.assertTrue(menus)
        for menu in menus:
            with self.subTest(menu=menu.name):
                self.open_action(user, menu.action._get_action_dict())
        return menus


@tagged("post_install", "-at_install")
class TestRoles(RolesCase):
    def test_data_is_reminded(self):
        self.assert_reminded()

    def test_employee_opens_contacts(self):
        user = self.users["employee"]
        self.open_action(
            user, "base.action_partner_form", self.customer | self.contact | self.agency
        )
        self.assertFalse(dunning_fields(self.env(user=user), "res.partner"))
        self.assertFalse(dunning_fields(self.env(user=user), "res.partner", "list"))
        # No chronic late payer filter either: it would read the payment figures.
        search = self.env["res.partner"].with_user(user).get_views([(False, "search")])
        self.assertNotIn("dunning_chronic", search["views"]["search"]["arch"])
        # An employee who may create contacts: a new one and a change to the
        # customer, saved from the form.
        creator = new_test_user(
            self.env,
            login="dunning_contacts",
            groups="base.group_user,base.group_partner_manager",
            company_id=self.company.id,
        )
        with Form(self.env["res.partner"].with_user(creator)) as form:
            form.name = "Bakkerij Het Zoete Brood"
        with Form(self.customer.with_user(creator)) as form:
            form.phone = "+32 9 765 43 21"

    def test_billing(self):
        user = self.users["billing"]
        self._open_accounting(user)
        env = self.env(user=user)
        self.assertLessEqual(
            ACCOUNTING_PARTNER_FIELDS, dunning_fields(env, "res.partner")
        )
        self.assertLessEqual(
            ACCOUNTING_MOVE_FIELDS, dunning_fields(env, "account.move")
        )
        # Billing resolves a dispute but does not hand over.
        form = env["account.move"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_dunning_resolve_dispute", form)
        form = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("action_dunning_handover", form)

    def test_accountant(self):
        user = self.users["accountant"]
        menus = self._open_accounting(user)
        self.assertIn(self.env.ref("dunning_be.dunning_policy_menu"), menus)
        env = self.env(user=user)
        form = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_dunning_handover", form)
        self.assertIn("action_dunning_refresh_behaviour", form)

    def test_auditor_reads_only(self):
        user = self.users["auditor"]
        menus = self._open_accounting(user)
        self.assertNotIn(self.env.ref("dunning_be.dunning_run_wizard_menu"), menus)
        env = self.env(user=user)
        self.assertLessEqual(
            ACCOUNTING_PARTNER_FIELDS, dunning_fields(env, "res.partner")
        )
        form = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("action_dunning_handover", form)
        self.assertNotIn("action_dunning_refresh_behaviour", form)

    def test_manager(self):
        user = self.users["manager"]
        menus = self._open_accounting(user)
        self.assertIn(self.env.ref("dunning_be.dunning_legal_rate_menu"), menus)
        env = self.env(user=user)
        form = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_dunning_handover", form)
        self.assertIn("action_dunning_refresh_behaviour", form)
        self.customer.with_user(user).action_dunning_refresh_behaviour()

    def test_every_accounting_role_sees_the_payment_behaviour(self):
        for role in ACCOUNTING_ROLES:
            user = self.users[role]
            [values] = self.customer.with_user(user).web_read(
                {"dunning_behaviour_class": {}, "dunning_reminder_count": {}}
            )
            self.assertEqual(values["dunning_behaviour_class"], "chronic", role)
            self.assertEqual(values["dunning_reminder_count"], len(self.reminders))


@tagged("post_install", "-at_install")
class TestRolesPortal(RolesCommon, HttpCase):
    """The customer's and the debt collector's portal pages."""

    def _assert_pages(self, login, pages):
        """Each of ``pages`` (url: a text it shows) opens for ``login``,
        without error; returns the pages' texts."""
        self.authenticate(login, login)
        texts = {}
        for url, expected in pages.items():
            with self.subTest(url=url):
                page = self.url_open(url)
                self.assertEqual(page.status_code, 200, url)
                self.assertTrue(page.url.endswith(url), f"{url} sent to {page.url}")
                self.assertNotIn("Traceback", page.text)
                self.assertIn(expected, page.text)
                texts[url] = page.text
        return texts

    def test_portal_customer(self):
        new_test_user(
            self.env,
            login="goudenkorst",
            password="goudenkorst",
            groups="base.group_portal",
            partner_id=self.contact.id,
        )
        reminder = self.reminders.filtered(lambda r: r.state == "sent")[:1]
        self.assertTrue(reminder)
        texts = self._assert_pages(
            "goudenkorst",
            {
                "/my": "/my/reminders",
                "/my/invoices": self.invoice.name,
                f"/my/invoices/{self.invoice.id}": self.invoice.name,
                f"/my/invoices/{self.disputed.id}": self.disputed.name,
                "/my/reminders": reminder.get_portal_url(),
                f"/my/reminders/{reminder.id}": self.invoice.name,
            },
        )
        # A customer is no debt collector: not even its own hand-over shows.
        page = self.url_open("/my/handovers")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.handover.name, page.text)
        self.assertIn(self.invoice.name, texts["/my/invoices"])

    def test_portal_collector(self):
        new_test_user(
            self.env,
            login="incasso",
            password="incasso",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "Lies Peeters", "parent_id": self.agency.id})
            .id,
        )
        self.assertIn(self.handover.state, ("sent", "done"))
        self._assert_pages(
            "incasso",
            {"/my": "/my/handovers", "/my/handovers": self.handover.name},
        )
        for kind in ("pdf", "xlsx", "csv"):
            attachment = self.handover[f"file_{kind}_id"]
            if attachment:
                file = self.url_open(f"/my/handovers/{self.handover.id}/{kind}")
                self.assertEqual(file.status_code, 200)
                self.assertEqual(file.content, attachment.raw)
