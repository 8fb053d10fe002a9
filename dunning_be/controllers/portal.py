# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class DunningPortal(CustomerPortal):
    """The customer's payment reminders in the portal, next to its invoices."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "reminder_count" in counters:
            Reminder = request.env["dunning.reminder"]
            values["reminder_count"] = (
                Reminder.search_count(self._reminders_domain(), limit=1)
                if Reminder.has_access("read")
                else 0
            )
        return values

    def _reminders_domain(self):
        # The record rules keep a portal user to its own customer's reminders.
        return [("state", "=", "sent")]

    @http.route(
        ["/my/reminders", "/my/reminders/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_reminders(self, page=1, **kw):
        Reminder = request.env["dunning.reminder"]
        domain = self._reminders_domain()
        pager = portal_pager(
            url="/my/reminders",
            total=Reminder.search_count(domain),
            page=page,
            step=PAGE_SIZE,
        )
        reminders = Reminder.search(
            domain, order="date desc, id desc", limit=PAGE_SIZE, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "reminders": reminders,
                "page_name": "reminder",
                "pager": pager,
                "default_url": "/my/reminders",
            }
        )
        return request.render("dunning_be.portal_my_reminders", values)

    @http.route(
        ["/my/reminders/<int:reminder_id>"], type="http", auth="public", website=True
    )
    def portal_my_reminder(
        self, reminder_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            reminder_sudo = self._document_check_access(
                "dunning.reminder", reminder_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if reminder_sudo.state != "sent":
            return request.redirect("/my")
        if report_type == "pdf":
            return self._reminder_letter_pdf(reminder_sudo, download)
        if report_type == "html":
            return self._show_report(
                model=reminder_sudo,
                report_type=report_type,
                report_ref="dunning_be.action_report_dunning_reminder",
                download=download,
            )
        values = self._get_page_view_values(
            reminder_sudo,
            access_token,
            {"reminder": reminder_sudo, "page_name": "reminder"},
            "my_reminders_history",
            False,
            **kw,
        )
        return request.render("dunning_be.portal_reminder_page", values)

    def _reminder_letter_pdf(self, reminder_sudo, download):
        """The reminder's letter, alone, as a PDF to open or download.

        Who may have it was decided by ``_document_check_access``: the
        visitor's own rights (a portal user's record rules keep it to its
        customer's sent reminders) or the reminder's access token. It is
        rendered in sudo, as Odoo renders every portal document
        (``_show_report``): the letter prints what the creditor tells this
        customer, its level's text, its bank account and its own address,
        which a portal user may not read. The visitor stays the rendering
        user (not the superuser ``_document_check_access`` returns), in the
        reminder's company, and nothing is written: the invoices are not
        rendered into it (each has its own portal page and PDF), so a
        download stores no invoice PDF.
        """
        reminder = (
            request.env["dunning.reminder"]
            .sudo()
            .browse(reminder_sudo.id)
            .with_company(reminder_sudo.company_id)
        )
        pdf = reminder._letters_pdf(with_invoices=False)
        headers = self._get_http_headers(reminder, "pdf", pdf, download)
        return request.make_response(pdf, headers=list(headers.items()))
