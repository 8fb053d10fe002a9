# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..lib.belgian_law import complete_rates, complete_yearly_rates, from_float


class DunningLegalRate(models.Model):
    """The legal interest rates, as published in the Belgian Official
    Gazette: the rate of commercial transactions (law of 2 August 2002), per
    half-year, and the ordinary legal interest rate, per year, which is all
    a consumer owes when our interest clause is void (art. XIX.4)."""

    _name = "dunning.legal.rate"
    _description = "Legal Interest Rate"
    _order = "kind, year desc, half desc"

    kind = fields.Selection(
        [
            ("commercial", "Commercial Transactions (per Half-Year)"),
            ("civil", "Legal Interest Rate (per Year)"),
        ],
        string="Rate Of",
        required=True,
        default="commercial",
        help="Commercial transactions: the rate business customers owe (law "
        "of 2 August 2002), and the most our terms may ask of consumers. Legal "
        "interest rate: the ordinary yearly rate, all a consumer owes when our "
        "interest clause is above the rate of commercial transactions, "
        "because such a clause is void (art. XIX.4 of the Code of Economic "
        "Law).",
    )
    year = fields.Integer(required=True)
    half = fields.Selection(
        [("1", "January to June"), ("2", "July to December")],
        string="Half-Year",
        help="Rates of commercial transactions only: the legal interest rate "
        "is for the whole year.",
    )
    rate = fields.Float(
        string="Rate (%)",
        required=True,
        digits=(5, 2),
        help="Percent per year. Commercial transactions: the ECB reference "
        "rate plus 8 points, rounded up to the next half point, as the FOD "
        "Finance publishes it for each half-year. Legal interest rate: as the "
        "FOD Finance publishes it for each year.",
    )
    source = fields.Char(help="Where the rate was read, for an auditor.")
    company_id = fields.Many2one(
        "res.company",
        help="Empty: the rate applies to every company, as the law does. Set "
        "a company only to override the table for it.",
    )

    _kind_year_half_unique = models.UniqueIndex(
        "(COALESCE(company_id, 0), kind, year, COALESCE(half, '0'))",
        "There is already a rate for this period.",
    )
    _rate_positive = models.Constraint(
        "CHECK (rate >= 0)", "An interest rate cannot be negative."
    )
    _half_of_commercial_rates = models.Constraint(
        "CHECK ((kind = 'commercial') = (half IS NOT NULL))",
        "A rate of commercial transactions is for a half-year: choose it. "
        "The legal interest rate is for a whole year: leave the half-year "
        "empty.",
    )

    @api.depends("kind", "year", "half")
    def _compute_display_name(self):
        halves = dict(self._fields["half"]._description_selection(self.env))
        for rate in self:
            if rate.kind == "civil":
                rate.display_name = self.env._(
                    "%(year)s, legal interest rate", year=rate.year
                )
                continue
            rate.display_name = self.env._(
                "%(year)s, %(half)s", year=rate.year, half=halves.get(rate.half, "")
            )

    @api.model
    def _rates_table(self, company, until):
        """``(rates, missing)``: ``{(year, half): Decimal}`` of commercial
        transactions for ``company`` up to the half-year of ``until``,
        half-years after the last known one at the last known rate;
        ``missing`` lists those half-years."""
        return self._rate_tables(company, until, kinds=("commercial",))[0]

    @api.model
    def _civil_rates_table(self, company, until):
        """``(rates, missing)``: ``{year: Decimal}``, the ordinary legal
        interest rate for ``company`` up to the year of ``until``, years after
        the last known one at the last known rate; ``missing`` lists them."""
        return self._rate_tables(company, until, kinds=("civil",))[1]

    @api.model
    def _rate_tables(self, company, until, kinds=("commercial", "civil")):
        """Both tables in one read: ``((rates, missing), (civil, missing))``
        as ``_rates_table`` and ``_civil_rates_table`` give them."""
        rows = self.search_read(
            [("company_id", "in", (False, company.id)), ("kind", "in", kinds)],
            ["kind", "year", "half", "rate"],
            # A company's own rate comes last: it replaces the shared one.
            order="company_id nulls first",
        )
        commercial, civil = {}, {}
        for row in rows:
            rate = from_float(row["rate"], 4)
            if row["kind"] == "civil":
                civil[row["year"]] = rate
            else:
                commercial[(row["year"], int(row["half"]))] = rate
        return (
            complete_rates(commercial, until),
            complete_yearly_rates(civil, until),
        )

    @api.model
    def _missing_rate_warning(self, company, day):
        """A sentence for the run's summary and the settings when the
        half-year of ``day`` has no rate (or, when our terms have an interest
        clause, the year of ``day`` no legal interest rate); False when both
        are there."""
        warnings = [self._missing_commercial_warning(company, day)]
        if company.dunning_interest_clause:
            warnings.append(self._missing_civil_warning(company, day))
        return "\n".join(filter(None, warnings)) or False

    @api.model
    def _missing_commercial_warning(self, company, day):
        rates, missing = self._rates_table(company, day)
        if not missing:
            return False
        year, half = missing[-1]
        if not rates:
            return self.env._(
                "There is no legal interest rate at all: add the rates under "
                "%(menu)s. No interest is computed meanwhile.",
                menu=self._dunning_menu(),
            )
        return self.env._(
            "There is no legal interest rate for %(year)s H%(half)s yet: the "
            "rate of the last known half-year (%(rate)s %%) is used meanwhile. "
            "Add the published rate under %(menu)s.",
            year=year,
            half=half,
            rate=rates[(year, half)],
            menu=self._dunning_menu(),
        )

    @api.model
    def _dunning_menu(self):
        """Where the rates are entered, as the user's menu says it."""
        return self.env["ir.ui.menu"]._dunning_path(
            "dunning_be.dunning_legal_rate_menu"
        )

    @api.model
    def _missing_civil_warning(self, company, day):
        rates, missing = self._civil_rates_table(company, day)
        if not missing:
            return False
        if not rates:
            return self.env._(
                "There is no ordinary legal interest rate at all: a consumer "
                "whose interest our clause cannot claim (it is above the rate of "
                "commercial transactions) is charged no interest. Add the yearly "
                "rates to the Legal Interest Rates, as Legal Interest Rate (per "
                "Year)."
            )
        return self.env._(
            "There is no ordinary legal interest rate for %(year)s yet: the "
            "rate of %(last)s (%(rate)s %%) is used meanwhile for consumers. Add "
            "the published rate to the Legal Interest Rates, as Legal Interest "
            "Rate (per Year).",
            year=missing[-1],
            last=missing[0] - 1,
            rate=rates[missing[-1]],
        )
