# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    def _dunning_path(self, xmlid, *tail):
        """The menu ``xmlid`` as the user reads it, for a message that sends
        them there: "Invoicing > Payment Reminders > Legal Interest Rates"
        in Odoo Community, "Accounting > ..." where Enterprise renames the
        app, in the user's language; then ``tail`` (a settings section, a
        setting), already translated."""
        menu = self.env.ref(xmlid)
        names = []
        while menu:
            names.insert(0, menu.name)
            menu = menu.parent_id
        return " > ".join([*names, *tail])

    @api.model
    def _dunning_collection_law_path(self):
        """Where the settings of the collection law are, the company's
        enterprise number among them."""
        return self._dunning_path(
            "account.menu_account_config",
            self.env._("Customer Payments"),
            self.env._("Collection Law"),
        )
