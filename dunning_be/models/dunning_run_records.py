# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain helpers of the run's writing (no models): the records of a batch's
plans, browsed together, and the dates and amounts of its texts."""

from odoo.tools import format_amount, format_date, formatLang


class Formats:
    """Dates, amounts and rates written in one environment's language, each
    value formatted once: a batch's claim lines repeat the same ones. Money
    is in ``currency``, the company's when not given."""

    def __init__(self, env, currency=None):
        self.env = env
        self.currency = currency or env.company.currency_id
        self.cache = {}

    def _get(self, kind, value, format_function):
        key = (kind, value)
        if key not in self.cache:
            self.cache[key] = format_function(value)
        return self.cache[key]

    def date(self, value):
        return self._get("date", value, lambda v: format_date(self.env, v))

    def money(self, value):
        return self._get(
            "money", value, lambda v: format_amount(self.env, float(v), self.currency)
        )

    def number(self, value):
        return self._get(
            "number", value, lambda v: formatLang(self.env, float(v), digits=2)
        )


class PlanRecords:
    """The records a batch's plans (lib.run_plan.Plan, plain ids) are about,
    each model browsed once for all of them: what one plan reads of them is
    read for all (Odoo's prefetch), not a query per plan."""

    def __init__(self, env, plans):
        self.env = env
        self._partners = self._browse(
            "res.partner",
            [p.partner_id for p in plans] + [p.recipient_id for p in plans],
        )
        self._levels = self._browse("dunning.level", [p.level.id for p in plans])
        self._currencies = self._browse("res.currency", [p.currency_id for p in plans])
        self._drafts = self._browse("dunning.reminder", [p.draft_id for p in plans])
        self._moves = self._browse(
            "account.move", [i for p in plans for i in p.invoice_ids]
        )
        self._formats = {}

    def _browse(self, model, ids):
        records = self.env[model].browse([i for i in dict.fromkeys(ids) if i])
        return {record.id: record for record in records}

    def partner(self, plan):
        return self._partners[plan.partner_id]

    def recipient(self, plan):
        return self._partners.get(plan.recipient_id) or self.partner(plan)

    def level(self, plan):
        return self._levels[plan.level.id]

    def currency(self, plan):
        return self._currencies[plan.currency_id]

    def draft(self, plan):
        return self._drafts.get(plan.draft_id) or self.env["dunning.reminder"]

    def invoices(self, plan):
        return self.env["account.move"].union(
            *(self._moves[i] for i in plan.invoice_ids)
        )

    def reached(self, plan):
        return self.env["account.move"].union(
            *(self._moves[i] for i in plan.reached_ids)
        )

    def formats(self, env, plan):
        """The dates and amounts of the reminder's claims, written once per
        language and currency: a batch's claim lines repeat the same ones."""
        key = (env.lang, plan.currency_id)
        if key not in self._formats:
            self._formats[key] = Formats(env, self.currency(plan))
        return self._formats[key]
