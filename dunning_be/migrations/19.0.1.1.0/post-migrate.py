# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shipped e-mail templates go to the recipient they name (the invoice
address, the debt collector), not to Odoo's default recipient of the record
(the customer company): their data is noupdate, so it is set here."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    templates = env["ir.model.data"].search(
        [("module", "=", "dunning_be"), ("model", "=", "mail.template")]
    )
    env["mail.template"].browse(templates.mapped("res_id")).exists().write(
        {"use_default_to": False}
    )
