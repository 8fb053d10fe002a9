# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Payment Reminders (Belgium) - Sales",
    "summary": "Quotations follow the payment behaviour: terms, prepayment, warning",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/dunning-be/dunning_be",
    "author": "dunning_be developers",
    "license": "AGPL-3",
    "depends": ["dunning_be", "sale"],
    "auto_install": True,
    "installable": True,
    "data": [
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/dunning_policy_views.xml",
    ],
    "demo": ["demo/dunning_sale_demo.xml"],
    "assets": {
        "web.assets_tests": ["dunning_be_sale/static/tests/tours/*"],
    },
}
