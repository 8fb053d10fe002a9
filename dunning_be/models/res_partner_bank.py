# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..lib.references import EPC_NAME_MAX, EPC_REMITTANCE_MAX

# account_qr_code_sepa's payload: the beneficiary's name, the unstructured
# remittance.
EPC_NAME, EPC_REMITTANCE = 5, 10


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    # EXTENDS account_qr_code_sepa
    def _get_qr_vals(
        self,
        qr_method,
        amount,
        currency,
        debtor_partner,
        free_communication,
        structured_communication,
    ):
        """The EPC QR code of a reminder letter keeps to EPC069-12: a
        beneficiary of at most 70 characters and a remittance of at most 140
        (Odoo cuts one later, at 71 and 141, and a banking app may refuse the
        code). Only for the letters, which ask for it with the context key
        ``dunning_be_epc_qr``: the QR codes of other modules stay Odoo's."""
        vals = super()._get_qr_vals(
            qr_method,
            amount,
            currency,
            debtor_partner,
            free_communication,
            structured_communication,
        )
        if qr_method == "sct_qr" and vals and self.env.context.get("dunning_be_epc_qr"):
            vals = list(vals)
            vals[EPC_NAME] = vals[EPC_NAME][:EPC_NAME_MAX].rstrip()
            vals[EPC_REMITTANCE] = vals[EPC_REMITTANCE][:EPC_REMITTANCE_MAX]
        return vals
