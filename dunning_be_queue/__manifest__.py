# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Payment Reminders (Belgium) - Job Queue",
    "summary": "The daily run of payment reminders in parallel batches on "
    "OCA's job queue, over every Odoo node that shares the database",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/dunning-be/dunning_be",
    "author": "dunning_be developers",
    "license": "AGPL-3",
    "depends": ["dunning_be", "queue_job"],
    "auto_install": True,
    "installable": True,
    "data": [
        "data/queue_job_data.xml",
        "views/res_config_settings_views.xml",
    ],
}
