# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Payment Reminders (Belgium)",
    "summary": "Remind customers of unpaid invoices: reminder levels, a daily run, "
    "letters, e-mails and calls, under Belgian collection law",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/dunning-be/dunning_be",
    "author": "dunning_be developers",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "account",
        "account_qr_code_sepa",
        "l10n_be",
        "mail",
        "portal",
        "sms",
        "snailmail_account",
    ],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        # security
        "security/ir.model.access.csv",
        "security/dunning_security.xml",
        # data
        "data/mail_templates.xml",
        "data/sms_templates.xml",
        "data/dunning_policy_data.xml",
        "data/dunning_cron.xml",
        "data/mail_activity_type_data.xml",
        "data/dunning_legal_rate_data.xml",
        "data/product_data.xml",
        # reports
        "report/dunning_reminder_report.xml",
        "report/dunning_receivable_views.xml",
        # views
        "views/account_move_views.xml",
        "views/dunning_level_views.xml",
        "views/dunning_policy_views.xml",
        "views/dunning_reminder_views.xml",
        "views/res_partner_views.xml",
        "views/dunning_legal_rate_views.xml",
        "views/res_config_settings_views.xml",
        "views/dunning_call_views.xml",
        "views/dunning_overview_views.xml",
        "wizard/dunning_run_wizard_views.xml",
        "wizard/dunning_call_outcome_views.xml",
        "views/dunning_menus.xml",
        "views/dunning_portal_templates.xml",
    ],
    "assets": {
        "web.assets_backend": ["dunning_be/static/src/activity/*"],
        "web.assets_tests": ["dunning_be/static/tests/tours/*"],
    },
    "demo": [
        "demo/dunning_demo_company.xml",
        "demo/dunning_demo_partners.xml",
        "demo/dunning_demo_invoices.xml",
    ],
}
