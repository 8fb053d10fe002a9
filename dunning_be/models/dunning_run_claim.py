# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What each planned reminder may claim under Belgian law, for a whole batch
of customers in a handful of queries; the figures come from lib/claims.py."""

from decimal import Decimal

from odoo import api, models
from odoo.tools import SQL, format_amount, format_date

from ..lib.belgian_law import B2B_COMPENSATION, b2c_damages_cap, from_float
from ..lib.claims import Announcement, InvoiceFacts
from ..lib.run_plan import ClaimFacts
from .dunning_run_records import Formats


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    # ------------------------------------------------------------------
    # Reading: what the claims of lib/run_plan.py need
    # ------------------------------------------------------------------

    @api.model
    def _read_claim_facts(self, company, on_date, plans):
        """The lib.run_plan.ClaimFacts of the planned reminders: the law's
        rates, our terms, the facts of their invoices no reminder claimed on
        yet, in each invoice's own currency, the exchange rates, what each
        customer had this year, the descriptions of consumers' invoices."""
        invoices = self.env["account.move"].browse(
            list(dict.fromkeys(i for plan in plans for i in plan.invoice_ids))
        )
        invoices = invoices.filtered(lambda m: not m.dunning_claim_reminder_id)
        (rates, _missing), (civil_rates, _missing) = self.env[
            "dunning.legal.rate"
        ]._rate_tables(company, on_date)
        facts, booked = self._claim_facts(invoices, on_date, own_currency=True)
        partners = self.env["res.partner"].browse([p.partner_id for p in plans])
        # The descriptions of the invoices a consumer's first reminder may be
        # for: those without one yet.
        consumers = {p.id for p in partners if p.dunning_regime == "b2c"}
        maybe_first = invoices.filtered(
            lambda m: (
                m.commercial_partner_id.id in consumers
                and not facts[m.id].first_reminder
            )
        )
        currencies = self.env["res.currency"].browse([p.currency_id for p in plans])
        return ClaimFacts(
            rates=rates,
            civil_rates=civil_rates,
            terms={
                (regime, subscription): company._dunning_terms(regime, subscription)
                for regime in ("b2b", "b2c")
                for subscription in (False, True)
            },
            invoices=facts,
            booked=tuple((fee, frozenset(ids)) for fee, ids in booked),
            euro_rates={
                currency.id: rate
                for currency, rate in self._euro_rates(
                    company, on_date, currencies
                ).items()
            },
            descriptions=self._invoice_descriptions(maybe_first),
            enterprise_number=bool(company._dunning_enterprise_number()),
            reminders_this_year=self._reminders_this_year(company, on_date, plans),
        )

    # ------------------------------------------------------------------
    # Batched reads
    # ------------------------------------------------------------------

    @api.model
    def _euro_rates(self, company, on_date, currencies):
        """``{currency: rate}``: one unit of the company's currency (the
        euro of the law's figures) in each other currency of ``currencies``,
        at the rate of ``on_date`` as Odoo converts; None for a currency with
        no rate known up to that day (Odoo would take 1)."""
        currencies -= company.currency_id
        if not currencies:
            return {}
        root = company.root_id
        known = {
            currency
            for (currency,) in self.env["res.currency.rate"]._read_group(
                [
                    ("currency_id", "in", currencies.ids),
                    ("name", "<=", on_date),
                    ("company_id", "in", [False, root.id]),
                ],
                ["currency_id"],
            )
        }
        rates = (currencies | company.currency_id)._get_rates(company, on_date)
        base = rates[company.currency_id.id]
        return {
            currency: from_float(rates[currency.id] / base, 10)
            if currency in known
            else None
            for currency in currencies
        }

    @api.model
    def _claim_facts(self, invoices, on_date, own_currency=False):
        """``(facts, booked)``: each invoice's lib.claims.InvoiceFacts by id,
        read for all of them in a handful of queries, and the fees and
        damages booked on them (see ``_claims_booked``). Amounts are in the
        company's currency, or with ``own_currency`` in each invoice's."""
        payments = self._claim_payments(invoices, own_currency)
        until, compensated, booked = self._claims_booked(invoices)
        announced = {}
        first = self._first_reminders(invoices, on_date, announced)
        facts = {
            move.id: InvoiceFacts(
                key=move.id,
                due=move.invoice_date_due,
                amount=from_float(
                    move.amount_total_in_currency_signed
                    if own_currency
                    else move.amount_total_signed
                ),
                payments=tuple(payments.get(move.id, ())),
                interest_until=until.get(move.id),
                compensated=move.id in compensated,
                first_reminder=first.get(move.id),
                announced=announced.get(move.id),
            )
            for move in invoices
        }
        return facts, booked

    @api.model
    def _claimed_before(self, booked, keys):
        """The fees and damages ``booked`` on any of the invoices ``keys``:
        they count inside a consumer's damages cap."""
        return sum((fee for fee, move_ids in booked if move_ids & keys), Decimal(0))

    @api.model
    def _claim_payments(self, invoices, own_currency=False):
        """``{invoice id: [(day, amount)]}``: what was paid or credited on each
        invoice, on which day, in the company's currency (``own_currency``:
        in the invoice's)."""
        if not invoices:
            return {}
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move.line"].flush_model(["move_id", "account_id"])
        # The part of the invoice's own line that was paid, in its currency.
        amount = SQL(
            "partial.debit_amount_currency" if own_currency else "partial.amount"
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT line.move_id, partial.max_date, SUM(%s)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line line ON line.id = partial.debit_move_id
                  JOIN account_account account ON account.id = line.account_id
                 WHERE line.move_id = ANY(%s)
                   AND account.account_type = 'asset_receivable'
              GROUP BY line.move_id, partial.max_date
                """,
                amount,
                invoices.ids,
            )
        )
        payments = {}
        for move_id, day, amount in rows:
            payments.setdefault(move_id, []).append((day, from_float(amount)))
        return payments

    @api.model
    def _claims_booked(self, invoices):
        """What earlier reminders booked on these invoices: the last day of
        interest per invoice, the invoices already compensated, and the fees
        and damages booked, each as ``(amount, invoice ids of its reminder)``."""
        if not invoices:
            return {}, set(), []
        self.env["dunning.reminder.claim"].flush_model()
        self.env["dunning.reminder"].flush_model(["claim_move_id", "state", "move_ids"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT rel.move_id, claim.id, claim.kind, claim.date_to,
                       claim.amount
                  FROM dunning_reminder_claim claim
                  JOIN dunning_reminder reminder ON reminder.id = claim.reminder_id
                  JOIN dunning_reminder_account_move_rel rel
                    ON rel.reminder_id = reminder.id
                 WHERE rel.move_id = ANY(%s)
                   AND reminder.claim_move_id IS NOT NULL
                   AND reminder.state != 'cancel'
                   AND (claim.move_id IS NULL OR claim.move_id = rel.move_id)
                """,
                invoices.ids,
            )
        )
        until, compensated, fees = {}, set(), {}
        for move_id, claim_id, kind, date_to, amount in rows:
            if kind == "interest" and date_to:
                until[move_id] = max(until.get(move_id, date_to), date_to)
            elif kind == "compensation":
                compensated.add(move_id)
            if kind in ("damages", "fee"):
                # Both count inside a consumer's damages cap.
                fees.setdefault(claim_id, (from_float(amount), set()))[1].add(move_id)
                if kind == "damages":
                    compensated.add(move_id)
        return until, compensated, list(fees.values())

    @api.model
    def _first_reminders(self, invoices, on_date, announced=None):
        """``{invoice id: (day, "email" or "letter")}``: when and how each
        invoice's Book XIX first reminder went out, on a durable medium (not
        an SMS alone). A letter counts when one went, from the day it was
        printed (still in the print queue: as if printed on ``on_date``); its
        period starts later, the customer's safe side. ``announced``, a dict,
        receives ``{invoice id: lib.claims.Announcement}``: what that first
        reminder announced may follow."""
        if not invoices:
            return {}
        self.env["dunning.reminder"].flush_model(
            [
                "state", "date", "date_sent", "send_email", "send_letter",
                "send_post", "letter_state", "letter_date", "book19_damages",
                "book19_interest", "book19_interest_rate", "book19_fee",
            ]
        )  # fmt: skip
        self.env["dunning.reminder.line"].flush_model(
            ["move_id", "reminder_id", "first_reminder"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (line.move_id) line.move_id,
                       GREATEST(reminder.date, reminder.date_sent),
                       reminder.send_letter OR reminder.send_post,
                       reminder.letter_state, reminder.letter_date,
                       reminder.id, reminder.book19_damages,
                       reminder.book19_interest, reminder.book19_interest_rate,
                       reminder.book19_fee
                  FROM dunning_reminder_line line
                  JOIN dunning_reminder reminder ON reminder.id = line.reminder_id
                 WHERE line.move_id = ANY(%s)
                   AND line.first_reminder
                   AND reminder.state = 'sent'
                   AND (reminder.send_email OR reminder.send_letter
                        OR reminder.send_post)
              ORDER BY line.move_id, reminder.date, reminder.id
                """,
                invoices.ids,
            )
        )
        first = {}
        for move_id, day, paper, letter_state, letter_date, *told in rows:
            if letter_state == "to_print":
                day = on_date
            elif letter_date:
                day = max(day, letter_date)
            first[move_id] = (day, "letter" if paper else "email")
            if announced is not None:
                reminder, damages, interest, rate, fee = told
                announced[move_id] = Announcement(
                    reminder=reminder,
                    damages=from_float(damages),
                    interest_rate=from_float(rate) if interest else None,
                    interest_rule=interest or "clause_rate",
                    fee=from_float(fee),
                )
        return first

    @api.model
    def _reminders_this_year(self, company, on_date, plans):
        groups = self.env["dunning.reminder"]._read_group(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", [p.partner_id for p in plans]),
                ("state", "=", "sent"),
                ("date", ">=", on_date.replace(month=1, day=1)),
                ("date", "<=", on_date),
            ],
            ["partner_id"],
            ["__count"],
        )
        return {partner.id: count for partner, count in groups}

    @api.model
    def _invoice_descriptions(self, moves):
        """``{invoice id: what it was for}``, from its invoice lines."""
        if not moves:
            return {}
        lines = self.env["account.move.line"].search_fetch(
            [("move_id", "in", moves.ids), ("display_type", "=", "product")],
            ["move_id", "name", "product_id"],
            order="move_id, sequence, id",
        )
        texts = {}
        for line in lines:
            text = (line.name or line.product_id.display_name or "").split("\n")[0]
            if text:
                texts.setdefault(line.move_id.id, []).append(text)
        return {move_id: "; ".join(parts)[:250] for move_id, parts in texts.items()}

    # ------------------------------------------------------------------
    # Texts (in the customer's language: the context's)
    # ------------------------------------------------------------------

    @api.model
    def _claim_vals(self, claim, moves, formats=None, terms=None):
        """The claim lines' values; ``formats``, a ``Formats`` of this
        environment's language and the claim's currency, may be shared by a
        batch's calls; ``terms`` (lib.claims.Terms) are those of the claim."""
        names = {move.id: move.name for move in moves}
        formats = formats or Formats(self.env)
        return [
            {
                "sequence": sequence,
                "kind": line.kind,
                "move_id": line.key,
                "base": float(line.base),
                "date_from": line.first_day,
                "date_to": line.last_day,
                "amount": float(line.amount),
                "explanation": self._claim_explanation(
                    line, names.get(line.key), formats, terms
                ),
            }
            for sequence, line in enumerate(claim.lines, start=1)
        ]

    @api.model
    def _claim_explanation(self, line, invoice_name, formats, terms=None):
        """How ``line`` was computed, in words; ``terms``, when given, are the
        claim's (in its currency), else the company's own figures."""
        env = self.env
        money = formats.money
        company = env.company
        foreign = formats.currency != company.currency_id

        if line.kind == "interest":
            parts = [
                env._(
                    "%(base)s × %(rate)s %% × %(days)s/365 (%(start)s to %(end)s)",
                    base=money(segment.base),
                    rate=formats.number(segment.rate),
                    days=segment.days,
                    start=formats.date(segment.first_day),
                    end=formats.date(segment.last_day),
                )
                for segment in line.segments
            ]
            if line.rule == "legal_rate":
                rate = env._("the legal rate of commercial transactions, per half-year")
            elif line.rule == "civil_rate":
                rate = env._(
                    "the ordinary legal interest rate, per year: the rate of our "
                    "general terms is above the legal maximum for consumers, so "
                    "it does not apply (Book XIX of the Code of Economic Law)"
                )
            else:
                rate = env._("the rate of our general terms")
            return env._(
                "%(invoice)s: %(parts)s, at %(rate)s",
                invoice=invoice_name or "",
                parts=" + ".join(parts),
                rate=rate,
            )

        def clause():
            minimum = (
                terms.damages_minimum
                if terms and terms.damages_minimum is not None
                else company.dunning_damages_minimum
            )
            return env._(
                "%(percent)s %% of %(base)s, at least %(minimum)s",
                percent=formats.number(company.dunning_damages_percent),
                base=money(line.base),
                minimum=money(minimum),
            )

        if line.kind == "compensation":
            head = env._("%s: ", invoice_name) if invoice_name else ""
            if line.rule == "fixed" and foreign:
                return head + env._(
                    "fixed compensation for recovery costs of %(fixed)s (law "
                    "of 2 August 2002), at the day's exchange rate",
                    fixed=format_amount(
                        env, float(B2B_COMPENSATION), company.currency_id
                    ),
                )
            if line.rule == "fixed" and terms and terms.damages_clause:
                return head + env._(
                    "fixed compensation for recovery costs (law of 2 August "
                    "2002): the legal minimum, more than our penalty clause "
                    "gives (%s)",
                    clause(),
                )
            if line.rule == "fixed":
                return head + env._(
                    "fixed compensation for recovery costs (law of 2 August 2002)"
                )
            return head + env._("%s, the penalty clause of our general terms", clause())
        if line.kind == "damages":
            if line.rule == "announced":
                return env._(
                    "the damages our first reminder announced on that balance, "
                    "reminder fees included (Book XIX of the Code of Economic Law)"
                )
            if line.rule == "scale":
                return env._(
                    "the legal scale on a balance of %(base)s (Book XIX of the "
                    "Code of Economic Law, art. XIX.4), as our general terms "
                    "provide, reminder fees included",
                    base=money(line.base),
                )
            if line.rule == "cap":
                return env._(
                    "%(clause)s (our general terms), limited to the legal "
                    "maximum of %(cap)s on that balance (Book XIX of the Code of "
                    "Economic Law), reminder fees included",
                    clause=clause(),
                    cap=money(b2c_damages_cap(line.base, terms.euro if terms else 1)),
                )
            return env._("%s, as our general terms provide", clause())
        if line.rule == "fee_postage":
            return env._(
                "Fixed fee per reminder, with the postage of the letter, as "
                "our general terms provide"
            )
        return env._("Fixed fee per reminder, as our general terms provide")

    @api.model
    def _claim_note(self, claim, regime, no_rate=False):
        """Why the reminder claims less than one would expect, or False."""
        if no_rate:
            return self.env._(
                "No legal interest rate is known for part of the lateness: "
                "interest is left out. Add the missing rates under %s.",
                self.env["dunning.legal.rate"]._dunning_menu(),
            )
        if regime != "b2c" or claim.lines:
            return False
        if claim.first_keys:
            return self.env._(
                "This is the consumer's free first reminder: nothing is claimed "
                "before the 14 days to pay are over."
            )
        if claim.waiting:
            return self.env._(
                "The consumer's 14 days to pay are not over: nothing may be "
                "claimed before %s.",
                format_date(self.env, max(claim.waiting.values())),
            )
        return False
