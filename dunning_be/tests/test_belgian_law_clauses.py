# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The company's clauses against the law, on real reminders: a consumer clause
that can exceed the caps of art. XIX.4 is void (no damages, interest only at
the ordinary legal rate), consumer fees need a clause, the first reminder
announces what may follow and always speaks as a first reminder, and the
EUR 40 is the floor of a business customer's compensation."""

import html
import re
from datetime import date
from typing import ClassVar

from psycopg2 import IntegrityError

from odoo.tests import tagged

from .common import ConsumerCommon, DunningCommon, day


class LetterConsumerCommon(ConsumerCommon):
    def _letter(self, reminder):
        raw = self.env["ir.actions.report"]._render_qweb_html(
            "dunning_be.report_dunning_reminder", reminder.ids
        )[0]
        return self._text(raw.decode())

    @staticmethod
    def _text(markup):
        text = re.sub(r"<[^>]+>", " ", str(markup or ""))
        return re.sub(r"\s+", " ", html.unescape(text))


@tagged("post_install", "-at_install")
class TestConsumerClauses(LetterConsumerCommon):
    def test_void_damages_clause_claims_nothing_and_settings_warn(self):
        # 10 %, at least EUR 40: above the caps under EUR 250 and above
        # EUR 800, so void for every consumer, even on a balance of 300
        # where it gives 40 under the cap of 45.
        self.company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 10.0,
                "dunning_damages_minimum": 40.0,
                "dunning_consumer_damages": "clause",
            }
        )
        self._invoice(self.consumer, 300.0)
        first = self._run(day(7))
        self.assertTrue(first.book19_first)
        self.assertEqual(first.book19_damages, 0.0)
        self.assertIn("we will claim no damages", self._text(first.email_body))
        self.level_3.auto_send = True
        self._run(day(21))
        third = self._run(day(35))
        self.assertNotIn("damages", self._claims(third))

        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.dunning_consumer_damages_void)
        warning = settings.dunning_consumer_warning
        self.assertIn("up to $\xa0250.00 and above $\xa0800.00", warning)
        self.assertIn("void", warning)
        # The way out the settings offer: the legal scale, which never warns.
        settings.action_dunning_use_legal_scale()
        self.assertEqual(self.company.dunning_consumer_damages, "scale")
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.dunning_consumer_warning)
        self.assertFalse(settings.dunning_consumer_damages_void)

    def test_clause_above_the_caps_everywhere(self):
        # 15 %, at least EUR 50: above the caps on any balance.
        self.company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 15.0,
                "dunning_damages_minimum": 50.0,
            }
        )
        warning = self.env["res.config.settings"].create({}).dunning_consumer_warning
        self.assertIn("on balances of any amount", warning)

    def test_flat_clause_at_the_cap_is_valid(self):
        # A flat EUR 20: exactly the cap up to EUR 150, under it above.
        self.company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 0.0,
                "dunning_damages_minimum": 20.0,
            }
        )
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.dunning_consumer_warning)
        self._invoice(self.consumer, 150.0)
        first = self._run(day(7))
        self.assertEqual(first.book19_damages, 20.0)
        self.level_3.auto_send = True
        self._run(day(21))
        third = self._run(day(35))
        self.assertEqual(self._claims(third), {"damages": 20.0})

    def test_fees_need_a_clause(self):
        self.company.write({"dunning_fee": 7.5, "dunning_consumer_damages": "scale"})
        self.level_2.charge_fees = True
        self.level_3.charge_fees = True
        self.level_3.auto_send = True
        self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertFalse(first.book19_fee)
        self.assertNotIn("Each later reminder will cost", self._letter(first))
        self._run(day(21))
        third = self._run(day(35))
        # No fee clause for consumers: no fee; the scale's whole 90.
        self.assertEqual(self._claims(third), {"damages": 90.0})

    def test_fee_above_7_50_is_void_and_warned(self):
        self.company.write({"dunning_fee": 10.0, "dunning_consumer_fees": True})
        warning = self.env["res.config.settings"].create({}).dunning_consumer_warning
        self.assertIn("more than the EUR 7.50", warning)
        self.level_3.charge_fees = True
        self.level_3.auto_send = True
        self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertFalse(first.book19_fee)
        self._run(day(21))
        self.assertFalse(self._claims(self._run(day(35))))

    def test_first_reminder_announces_interest_and_fee(self):
        self.company.write(
            {
                "dunning_interest_clause": True,
                "dunning_interest_rate": 8.0,
                "dunning_fee": 7.5,
                "dunning_postage": 1.5,
                "dunning_consumer_fees": True,
                "dunning_consumer_damages": "scale",
            }
        )
        self.consumer.email = False  # a letter: postage is announced too
        self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertEqual(first.book19_interest, "clause_rate")
        self.assertEqual(first.book19_interest_rate, 8.0)
        self.assertEqual(first.book19_fee, 7.5)
        # Printed Monday 9 March: day 1 Thursday 12, the 14th day Wednesday
        # 25 March; costs from Thursday 26 March.
        self.assertEqual(first.book19_claim_date, date(2026, 3, 26))
        letter = self._letter(first)
        self.assertIn("we will claim damages of $ 90.00", letter)
        self.assertIn(
            "Late interest of 8.00 % a year will run on the unpaid balance from "
            "03/26/2026",
            letter,
        )
        self.assertIn("Each later reminder will cost $ 7.50", letter)
        self.assertIn("plus postage for a letter", letter)

    def test_void_interest_clause_claims_the_legal_rate(self):
        # 12 % is above the 10.5 % of commercial transactions in 2026 H1.
        self.company.write(
            {"dunning_interest_clause": True, "dunning_interest_rate": 12}
        )
        warning = self.env["res.config.settings"].create({}).dunning_consumer_warning
        self.assertIn("above the rate of commercial transactions (10.50 %)", warning)
        self.assertIn("legal interest rate (4.50 % in 2026)", warning)
        self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertEqual(first.book19_interest, "civil_rate")
        self.assertEqual(first.book19_interest_rate, 4.5)
        self.assertIn(
            "at the legal interest rate (4.50 % a year) will run on the unpaid "
            "balance from 03/24/2026",
            self._letter(first),
        )
        # E-mailed Monday 9 March: costs from Tuesday 24 March. A reminder on
        # Monday 6 April: 24 March to 6 April, 14 days at 4.5 %:
        # 1000 x 4.5 % x 14 / 365 = 1.7260 -> 1.73 (12 % would give 4.60).
        self._run(day(21))
        third = self._run(day(35))
        self.assertEqual(self._claims(third), {"interest": 1.73})
        interest = third.claim_ids
        self.assertIn("ordinary legal interest rate", interest.explanation)
        self.assertIn("4.50", interest.explanation)

    def test_nothing_claimed_that_the_first_reminder_did_not_announce(self):
        # The first reminder goes with no interest clause, no consumer fees
        # and the void 10 %/40 clause: it announces no interest, no fee and
        # no damages. The company then adopts all three: the later
        # reminders of that invoice still claim nothing.
        self.company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 10.0,
                "dunning_damages_minimum": 40.0,
                "dunning_fee": 7.5,
            }
        )
        self.level_3.write({"auto_send": True, "charge_fees": True})
        self._invoice(self.consumer, 1000.0)
        first = self._run(day(7))
        self.assertEqual(
            (first.book19_damages, first.book19_interest, first.book19_fee),
            (0.0, False, 0.0),
        )
        self.company.write(
            {
                "dunning_interest_clause": True,
                "dunning_interest_rate": 8.0,
                "dunning_consumer_fees": True,
                "dunning_consumer_damages": "scale",
            }
        )
        self._run(day(21))
        third = self._run(day(35))
        self.assertEqual(third.level_id, self.level_3)
        self.assertFalse(third.claim_ids)
        # A new invoice's first reminder announces them all, and they follow.
        self._invoice(self.consumer, 500.0, due=day(40))
        fourth = self._run(day(47))
        self.assertTrue(fourth.book19_first)
        self.assertEqual(
            (fourth.book19_interest, fourth.book19_interest_rate, fourth.book19_fee),
            ("clause_rate", 8.0, 7.5),
        )

    def test_civil_rates(self):
        Rate = self.env["dunning.legal.rate"]
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            Rate.create({"kind": "civil", "year": 2027, "half": "1", "rate": 4.0})
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            Rate.create({"kind": "civil", "year": 2026, "rate": 4.0})
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            Rate.create({"kind": "commercial", "year": 2027, "rate": 9.0})
        rates, missing = Rate._civil_rates_table(self.company, date(2027, 2, 1))
        self.assertEqual((rates[2027], missing), (4.5, [2027]))
        self.company.dunning_interest_clause = True
        warning = Rate._missing_rate_warning(self.company, date(2026, 5, 1))
        self.assertFalse(warning)
        warning = Rate._missing_rate_warning(self.company, date(2027, 2, 1))
        self.assertIn("no ordinary legal interest rate for 2027", warning)
        self.assertIn("no legal interest rate for 2027 H1", warning)
        self.assertEqual(
            Rate.search([("kind", "=", "civil"), ("year", "=", 2026)]).display_name,
            "2026, legal interest rate",
        )


@tagged("post_install", "-at_install")
class TestCompanyCompensation(DunningCommon):
    def test_40_is_the_floor_of_a_2_percent_clause(self):
        self.company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 2.0,
                "dunning_damages_minimum": 0.0,
            }
        )
        self._invoice(self.customer, 1000.0)
        reminder = self._run(day(7))
        # 2 % of 1,000 = 20 < 40: the legal EUR 40.
        [compensation] = reminder.claim_ids.filtered(lambda c: c.kind == "compensation")
        self.assertEqual(compensation.amount, 40.0)
        self.assertIn("the legal minimum", compensation.explanation)

    def test_clause_on_the_amount_still_open(self):
        self.company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 10.0,
                "dunning_damages_minimum": 40.0,
            }
        )
        invoice = self._invoice(self.customer, 2000.0)
        self._pay(invoice, 1200.0, day(1))
        reminder = self._run(day(7))
        # 10 % of the 800 still open = 80 (not 10 % of 2,000 = 200).
        [compensation] = reminder.claim_ids.filtered(lambda c: c.kind == "compensation")
        self.assertEqual((compensation.amount, compensation.base), (80.0, 800.0))

    def test_per_invoice_is_the_default(self):
        company = self.env["res.company"].create({"name": "Nieuw BV"})
        self.assertEqual(company.dunning_compensation_per, "invoice")
        help_text = company._fields["dunning_compensation_per"].help
        self.assertIn("C-585/20", help_text)


@tagged("post_install", "-at_install")
class TestConsumerFirstReminderTexts(LetterConsumerCommon):
    """A consumer's first reminder at level 3 speaks as the first level: 14
    days, no formal notice, in its e-mail, its letter and its SMS, in every
    language. Here a new invoice joins one that reached level 3: the
    reminder is at level 3, and the new invoice's first."""

    TEXTS: ClassVar = {
        # lang: the first level's words in the e-mail, the letter and the SMS;
        # words a first reminder never has.
        "en_US": (
            ("bottom of the pile", "bottom of the pile", "a friendly reminder"),
            ("formal notice", "within 8 days"),
        ),
        "nl_BE": (
            (
                "Is onze factuur misschien onderaan de stapel beland?",
                "Is onze factuur onderaan de stapel beland?",
                "vriendelijke herinnering",
            ),
            ("ingebrekestelling", "binnen 8 dagen"),
        ),
        "fr_BE": (
            (
                "Notre facture se serait-elle retrouvée en bas de la pile",
                "Notre facture se serait-elle glissée sous la pile",
                "petit rappel amical",
            ),
            ("mise en demeure", "dans les 8 jours"),
        ),
        "de_DE": (
            (
                "Ist unsere Rechnung vielleicht ganz unten im Stapel gelandet?",
                "Ist unsere Rechnung ganz unten im Stapel gelandet?",
                "Freundliche Erinnerung",
            ),
            ("Inverzugsetzung", "innerhalb von 8 Tagen"),
        ),
    }

    def _first_at_level_3(self, lang):
        if lang != "en_US":
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(["dunning_be"], [lang])
        self.consumer.lang = lang
        self.level_3.write({"auto_send": True, "send_letter": True, "send_sms": True})
        self._invoice(self.consumer, 300.0)
        self._run(day(7))
        self._run(day(21))
        new = self._invoice(self.consumer, 200.0, due=day(20))
        reminder = self._run(day(36))
        self.assertEqual(reminder.level_id, self.level_3)
        self.assertTrue(reminder.book19_first)
        first_lines = reminder.line_ids.filtered("first_reminder")
        self.assertEqual(first_lines.move_id, new)
        self.assertEqual(reminder.text_level_id, self.level_1)
        # The portal names it as the first level too.
        self.assertEqual(reminder.text_level_name, self.level_1.name)
        self.assertEqual(reminder.state, "sent")
        mail = self.env["mail.mail"].search([("res_id", "=", reminder.id)])
        texts = {
            "e-mail": f"{mail.subject} {self._text(mail.body_html)}",
            "letter": self._letter(reminder),
            "sms": self._text(reminder.sms_message_id.body),
        }
        first_words, never = self.TEXTS[lang]
        for channel, words in zip(texts, first_words, strict=True):
            self.assertIn(words, texts[channel], f"{lang} {channel}")
        for channel, text in texts.items():
            for words in never:
                self.assertNotIn(words.lower(), text.lower(), f"{lang} {channel}")
        # Its 14 days, as a letter goes too: sent Tuesday 7 April 2026, day 1
        # the third working day after, Friday 10 April; the 14th Thursday 23.
        self.assertEqual(reminder.book19_period_end, date(2026, 4, 23))
        return reminder

    def test_english(self):
        self._first_at_level_3("en_US")

    def test_dutch(self):
        self._first_at_level_3("nl_BE")

    def test_french(self):
        self._first_at_level_3("fr_BE")

    def test_german(self):
        self._first_at_level_3("de_DE")

    def test_later_reminder_keeps_its_level_texts(self):
        # Once the first reminder went, the next one speaks as its level.
        self.level_3.write({"auto_send": True, "send_sms": True})
        self._invoice(self.consumer, 300.0)
        self._run(day(7))
        self._run(day(21))
        third = self._run(day(36))
        self.assertEqual(third.level_id, self.level_3)
        self.assertFalse(third.book19_first)
        self.assertEqual(third.text_level_id, self.level_3)
        self.assertIn("formal notice", self._text(third.sms_message_id.body))
