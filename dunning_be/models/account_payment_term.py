# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, models

# Two calendar years, one of them a leap year: every month length and every
# day of a month, so every delay type of a payment term line meets its
# longest delay among them.
_FIRST_DAY = datetime.date(2027, 1, 1)
_DAYS = [_FIRST_DAY + datetime.timedelta(days=n) for n in range(731)]


class AccountPaymentTerm(models.Model):
    _inherit = "account.payment.term"

    def _dunning_longest_delay(self):
        """The most days this term gives between an invoice's date and its
        last due date, over every invoice date: "30 days after the end of the
        month" gives up to 60 days (an invoice of 1 January is due on 2
        March), "end of the following month" up to 61 (1 July to 31
        August)."""
        self.ensure_one()
        longest = 0
        for line in self.line_ids:
            longest = max(
                longest,
                max((line._get_due_date(day) - day).days for day in _DAYS),
            )
        return longest

    @api.constrains("line_ids")
    def _check_dunning_policy_delay(self):
        # A term a reminder policy gives its customers stays within 60 days.
        policies = (
            self.env["dunning.policy"]
            .sudo()
            .with_context(active_test=False)
            .search([("payment_term_id", "in", self.ids)])
        )
        policies._check_payment_term_delay()
