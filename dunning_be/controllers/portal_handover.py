# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

FILES = {"pdf": "file_pdf_id", "xlsx": "file_xlsx_id", "csv": "file_csv_id"}


class DunningHandoverPortal(CustomerPortal):
    """A debt collector's portal: the files handed over to it, nothing of
    the creditor's other customers (record rules)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "handover_count" in counters:
            Handover = request.env["dunning.handover"]
            values["handover_count"] = (
                Handover.search_count([], limit=1) if Handover.has_access("read") else 0
            )
        return values

    @http.route(["/my/handovers"], type="http", auth="user", website=True)
    def portal_my_handovers(self, **kw):
        handovers = request.env["dunning.handover"].search(
            [], order="date desc, id desc"
        )
        values = self._prepare_portal_layout_values()
        # Found under the record rules; read in sudo for the debtor's and
        # the creditor's names, which a portal user may not read itself.
        values.update({"handovers": handovers.sudo(), "page_name": "handover"})
        return request.render("dunning_be.portal_my_handovers", values)

    @http.route(
        ["/my/handovers/<int:handover_id>/<string:kind>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_handover_file(self, handover_id, kind, **kw):
        if kind not in FILES:
            return request.redirect("/my/handovers")
        try:
            handover_sudo = self._document_check_access("dunning.handover", handover_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        attachment = handover_sudo[FILES[kind]]
        if not attachment:
            return request.redirect("/my/handovers")
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )
