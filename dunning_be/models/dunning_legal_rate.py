# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..lib.belgian_law import complete_rates, from_float


class DunningLegalRate(models.Model):
    """The legal interest rate of commercial transactions (law of 2 August
    2002), per half-year, as published in the Belgian Official Gazette."""

    _name = "dunning.legal.rate"
    _description = "Legal Interest Rate"
    _order = "year desc, half desc"

    year = fields.Integer(required=True)
    half = fields.Selection(
        [("1", "January to June"), ("2", "July to December")],
        string="Half-Year",
        required=True,
    )
    rate = fields.Float(
        string="Rate (%)",
        required=True,
        digits=(5, 2),
        help="Percent per year: the ECB reference rate plus 8 points, rounded up "
        "to the next half point, as the FOD Finance publishes it.",
    )
    source = fields.Char(help="Where the rate was read, for an auditor.")
    company_id = fields.Many2one(
        "res.company",
        help="Empty: the rate applies to every company, as the law does. Set "
        "a company only to override the table for it.",
    )

    _year_half_unique = models.UniqueIndex(
        "(COALESCE(company_id, 0), year, half)",
        "There is already a rate for this half-year.",
    )
    _rate_positive = models.Constraint(
        "CHECK (rate >= 0)", "An interest rate cannot be negative."
    )

    @api.depends("year", "half")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = self.env._(
                "%(year)s, %(half)s",
                year=rate.year,
                half=dict(self._fields["half"]._description_selection(self.env)).get(
                    rate.half, ""
                ),
            )

    @api.model
    def _rates_table(self, company, until):
        """``(rates, missing)``: ``{(year, half): Decimal}`` for ``company``
        up to the half-year of ``until``, half-years after the last known one
        at the last known rate; ``missing`` lists those half-years."""
        rows = self.search_read(
            [("company_id", "in", (False, company.id))],
            ["year", "half", "rate", "company_id"],
            order="company_id nulls first",
        )
        # A company's own rate replaces the shared one of the same half-year.
        rates = {
            (row["year"], int(row["half"])): from_float(row["rate"], 4) for row in rows
        }
        return complete_rates(rates, until)

    @api.model
    def _missing_rate_warning(self, company, day):
        """A sentence for the run's summary and the settings when the
        half-year of ``day`` has no rate; False when it has one."""
        rates, missing = self._rates_table(company, day)
        if not missing:
            return False
        year, half = missing[-1]
        if not rates:
            return self.env._(
                "There is no legal interest rate at all: add the rates under "
                "Accounting > Payment Reminders > Legal Interest Rates. No interest "
                "is computed meanwhile."
            )
        return self.env._(
            "There is no legal interest rate for %(year)s H%(half)s yet: the "
            "rate of the last known half-year (%(rate)s %%) is used meanwhile. "
            "Add the published rate under Accounting > Payment Reminders > "
            "Legal Interest Rates.",
            year=year,
            half=half,
            rate=rates[(year, half)],
        )
