# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models, modules, tools

from .dunning_reminder_letter import LETTER_REPORT


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # However they are printed (the Print menu, the print queue, the
        # postal service), reminder letters render in one run with their
        # invoices (see dunning_reminder_letter).
        report = self._get_report(report_ref)
        if report.report_name == LETTER_REPORT and res_ids and self._dunning_pdf():
            ids = [res_ids] if isinstance(res_ids, int) else res_ids
            return self.env["dunning.reminder"].browse(ids)._letters_pdf(), "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _dunning_pdf(self):
        """False where Odoo renders HTML instead of PDF: in tests, unless
        they ask for the real rendering."""
        testing = modules.module.current_test or tools.config["test_enable"]
        return not testing or self.env.context.get("force_report_rendering")
