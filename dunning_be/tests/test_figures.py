# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's figures side by side: every count and amount the overview
shows is the one of the list it opens, and of the list the menu opens, before
and after a run; a reminder history never adds an invoice twice. Runs only in
a database with the demo data."""

from lxml import etree

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DunningCommon, day

# Each card: its count field (None: it counts something else than the
# invoices, e.g. calls) and its amount field.
CARDS = {
    "open": ("open_count", "amount_open"),
    "overdue": ("overdue_count", "amount_overdue"),
    "held": ("held_count", "amount_held"),
    "collector": ("collector_count", "amount_collector"),
    "calls": (None, "amount_calls"),
    "promises": (None, "amount_promises"),
}


@tagged("post_install", "-at_install")
class TestDemoFiguresAgree(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("dunning_be.demo_company", raise_if_not_found=False)
        if cls.company:
            cls.env = cls.env(
                user=cls.env.ref("base.user_admin"),
                context=dict(cls.env.context, allowed_company_ids=cls.company.ids),
            )
            cls.today = fields.Date.context_today(cls.env.user)

    def setUp(self):
        super().setUp()
        if not self.company:
            self.skipTest("database without the demo data")

    def _overview(self):
        return self.env["dunning.overview"].create({})

    def _list_totals(self, action, filters=()):
        """Count and open amount of the list ``action`` opens, as the web
        client reads it: the action's domain and context, and the search
        view's ``filters`` it ticks by default."""
        model = self.env[action["res_model"]].with_context(
            **(action.get("context") or {})
        )
        domain = action["domain"]
        if isinstance(domain, str):
            domain = safe_eval(domain)
        domain = list(domain)
        if filters:
            search = etree.fromstring(
                model.get_views([(action["search_view_id"][0], "search")])["views"][
                    "search"
                ]["arch"]
            )
            for name in filters:
                [node] = search.xpath(f"//filter[@name='{name}']")
                domain += safe_eval(
                    node.get("domain"),
                    {"context_today": lambda: fields.Date.context_today(model)},
                )
        amount = "amount_residual" if "amount_residual" in model._fields else None
        [(count, total)] = model._read_group(domain, [], ["__count", f"{amount}:sum"])
        return count, self.company.currency_id.round(total or 0.0)

    def _card(self, overview, figure):
        count, amount = CARDS[figure]
        return (
            overview[count] if count else None,
            overview.currency_id.round(overview[amount]),
        )

    def assertCardsAgree(self, overview):
        for figure in CARDS:
            with self.subTest(figure=figure):
                action = overview.with_context(figure=figure).action_open_invoices()
                count, amount = self._list_totals(action)
                card_count, card_amount = self._card(overview, figure)
                self.assertEqual(card_amount, amount)
                if card_count is not None:
                    self.assertEqual(card_count, count)

    def assertHeldAgreesWithTheMenu(self, overview):
        """The held card and the menu's list of held invoices, with the
        filters the menu ticks."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.account_move_action_held"
        )
        action["domain"] = safe_eval(action["domain"]) + [
            ("company_id", "=", self.company.id)
        ]
        action["context"] = {}
        count, amount = self._list_totals(action, filters=("held", "overdue"))
        self.assertEqual(
            (overview.held_count, self._card(overview, "held")[1]), (count, amount)
        )
        # Its reasons, as the overview lists them, add up to the card.
        self.assertEqual(sum(overview.hold_line_ids.mapped("count")), count)

    def test_overview_cards_open_their_own_figures(self):
        overview = self._overview()
        self.assertTrue(overview.overdue_count)
        self.assertCardsAgree(overview)
        self.assertHeldAgreesWithTheMenu(overview)

    def test_after_a_run_the_figures_still_agree(self):
        self.company.dunning_last_run_date = False
        self.env["dunning.run"]._run_company(self.company, self.today)
        overview = self._overview()
        self.assertEqual(overview.last_run_date, self.today)
        self.assertTrue(overview.held_count, "the demo holds some invoices back")
        self.assertCardsAgree(overview)
        self.assertHeldAgreesWithTheMenu(overview)


@tagged("post_install", "-at_install")
class TestReminderHistory(DunningCommon):
    def test_reminder_history_never_counts_an_invoice_twice(self):
        invoice = self._invoice(self.customer, 1591.15)
        first, second = self._run(day(7)), self._run(day(21))
        self.assertEqual(first.move_ids, invoice)
        self.assertEqual(second.move_ids, invoice)
        # The customer's history shows what each reminder covered, with no
        # grand total; grouped, the reminders sum nothing either.
        form = self.customer.get_views([(False, "form")])["views"]["form"]["arch"]
        history = etree.fromstring(form).xpath("//field[@name='dunning_reminder_ids']")
        self.assertTrue(history)
        amounts = history[0].xpath(".//field[@name='amount_due']")
        self.assertEqual([node.get("sum") for node in amounts], [None])
        self.assertTrue(history[0].xpath(".//field[@name='move_ids']"))
        # Grouped (by customer, level...), the web client sums a column only
        # when its field has an aggregator: these have none.
        for name in ("amount_due", "amount_overdue"):
            self.assertIsNone(self.env["dunning.reminder"]._fields[name].aggregator)
