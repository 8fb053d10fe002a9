# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The e-mails' and letters' amounts (``_dunning_money``, made once per
language and currency by ``lib/money.py``) and dates (``_dunning_date``) are
written exactly as Odoo's ``format_amount`` and ``format_date`` write them,
in every language the reminders speak."""

from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tools import format_amount, format_date

AMOUNTS = [0, 0.005, -0.004, -0.4, 1, 40, -40, 1234.5, -1234.567, 98765432.1, 0.1 + 0.2]


@tagged("post_install", "-at_install")
class TestMoneyFormat(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("nl_BE", "fr_BE", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.jpy = cls.env.ref("base.JPY")
        cls.usd = cls.env.ref("base.USD")
        cls.eur = cls.env.ref("base.EUR")
        (cls.jpy | cls.usd).active = True

    def test_same_text_as_format_amount(self):
        for code in ("en_US", "nl_BE", "fr_BE", "de_DE"):
            env = self.env(context=dict(self.env.context, lang=code))
            for currency in (self.eur, self.usd, self.jpy):
                reminder = env["dunning.reminder"].new({"currency_id": currency.id})
                for amount in AMOUNTS:
                    with self.subTest(lang=code, currency=currency.name, amount=amount):
                        self.assertEqual(
                            reminder._dunning_money(amount),
                            format_amount(env, amount, currency),
                        )

    def test_a_language_with_other_groups_and_an_edited_currency(self):
        lang = self.env["res.lang"]._activate_lang("nl_BE")
        lang.write({"grouping": "[3,2,0]", "thousands_sep": " "})
        env = self.env(context=dict(self.env.context, lang="nl_BE"))
        reminder = env["dunning.reminder"].new({"currency_id": self.eur.id})
        self.assertEqual(
            reminder._dunning_money(12345678.9), "1\xa023\xa045\xa0678,90\xa0€"
        )
        self.assertEqual(
            reminder._dunning_money(12345678.9),
            format_amount(env, 12345678.9, self.eur),
        )
        # An edit of the currency in the same transaction shows at once.
        self.eur.write({"position": "before", "symbol": "EUR"})
        self.assertEqual(reminder._dunning_money(-2.5), "EUR\xa0-\ufeff2,50")
        self.assertEqual(
            reminder._dunning_money(-2.5), format_amount(env, -2.5, self.eur)
        )

    def test_dates_same_text_as_format_date(self):
        for code in ("en_US", "nl_BE", "fr_BE", "de_DE"):
            env = self.env(context=dict(self.env.context, lang=code))
            reminder = env["dunning.reminder"].new({"currency_id": self.eur.id})
            for value in (date(2026, 3, 2), date(2026, 12, 31), False):
                with self.subTest(lang=code, value=value):
                    self.assertEqual(
                        reminder._dunning_date(value), format_date(env, value)
                    )
        nl = self.env(context=dict(self.env.context, lang="nl_BE"))["dunning.reminder"]
        self.assertEqual(nl._dunning_date(date(2026, 3, 2)), "02/03/2026")

    def test_a_language_edited_after_its_first_amount(self):
        # Formats are kept for the transaction: an edit of the language made
        # after the first amount shows in the next one.
        env = self.env(context=dict(self.env.context, lang="nl_BE"))
        reminder = env["dunning.reminder"].new({"currency_id": self.eur.id})
        self.assertEqual(reminder._dunning_money(1234.5), "1.234,50\xa0€")
        self.assertEqual(reminder._dunning_date(date(2026, 3, 2)), "02/03/2026")
        self.env["res.lang"]._lang_get("nl_BE").write(
            {"thousands_sep": " ", "date_format": "%Y-%m-%d"}
        )
        self.assertEqual(reminder._dunning_money(1234.5), "1\xa0234,50\xa0€")
        self.assertEqual(
            reminder._dunning_money(1234.5), format_amount(env, 1234.5, self.eur)
        )
        self.assertEqual(reminder._dunning_date(date(2026, 3, 2)), "2026-03-02")
