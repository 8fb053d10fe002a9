# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

DUE = date(2026, 3, 2)  # a Monday


def day(n):
    """``n`` days after the test invoices' due date."""
    return DUE + timedelta(days=n)


class DunningCommon(AccountTestInvoicingCommon):
    """A company with the standard policy (7, 21, 35 days) and reachable customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # The engine's tests follow the default policy; the payment behaviour
        # tests (test_behaviour.py) choose policies by class.
        cls.company.dunning_policy_by_behaviour = False
        cls.policy = cls.company.dunning_policy_id
        cls.level_1, cls.level_2, cls.level_3 = cls.policy._levels()
        be = cls.env.ref("base.be")
        address = {
            "street": "Veldstraat 1",
            "zip": "9000",
            "city": "Gent",
            "country_id": be.id,
        }
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Bakkerij De Gouden Korst",
                "is_company": True,
                "email": "boekhouding@goudenkorst.be",
                **address,
            }
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {
                "name": "Drukkerij Claes",
                "is_company": True,
                "email": "info@claes.be",
                **address,
            }
        )
        cls.no_email = cls.env["res.partner"].create(
            {"name": "Jacobs Tuinaanleg", "is_company": True, **address}
        )
        # Neither an e-mail nor a street: no channel reaches it.
        cls.unreachable = cls.env["res.partner"].create(
            {"name": "Peeters Dakwerken", "is_company": True, "city": "Gent"}
        )

    @classmethod
    def setup_other_company(cls, **kwargs):
        data = super().setup_other_company(**kwargs)
        data["company"].dunning_policy_by_behaviour = False
        return data

    @classmethod
    def _invoice(
        cls, partner, amount=1000.0, due=DUE, move_type="out_invoice", post=True
    ):
        """An invoice (or credit note) due on its invoice date, without taxes."""
        return cls._create_invoice(
            move_type=move_type,
            invoice_date=due,
            invoice_date_due=due,
            partner_id=partner,
            invoice_payment_term_id=False,
            invoice_line_ids=[
                cls._prepare_invoice_line(
                    price_unit=amount, tax_ids=[], name="Bread and pastry, March"
                )
            ],
            post=post,
        )

    def _run(self, on_date, company=None):
        """The daily run of ``company`` as on ``on_date``: the reminders it made."""
        company = company or self.company
        before = self.env["dunning.reminder"].search([]).ids
        with freeze_time(on_date):
            self.env["dunning.run"].with_company(company)._run_company(company, on_date)
        return self.env["dunning.reminder"].search([("id", "not in", before)])

    def _pay(self, invoice, amount, on_date):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": on_date})
            ._create_payments()
        )


ENTERPRISE_NUMBER = "0123.456.749"  # 97 - 01234567 % 97 = 49


class ConsumerCommon(DunningCommon):
    """The company with its enterprise number, and a consumer (Book XIX)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.company_registry = ENTERPRISE_NUMBER
        cls.consumer = cls.env["res.partner"].create(
            {
                "name": "An Janssens",
                "email": "an.janssens@example.be",
                "phone": "+32 470 12 34 56",
                "street": "Kerkstraat 5",
                "zip": "2000",
                "city": "Antwerpen",
                "country_id": cls.env.ref("base.be").id,
            }
        )

    def _claims(self, reminder):
        """``{kind: amount}`` of a reminder's claims; each kind at most once."""
        claims = {claim.kind: claim.amount for claim in reminder.claim_ids}
        self.assertEqual(len(claims), len(reminder.claim_ids), "a kind twice")
        return claims
