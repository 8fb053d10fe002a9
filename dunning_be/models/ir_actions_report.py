# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The module's reports in PDF.

Odoo renders a report with several records in one wkhtmltopdf run only with a
patched Qt build, which also draws each page's header and footer; the stock
builds of Linux distributions can do neither. The documents of a reminder
letter or a hand-over are therefore put together into one HTML document, a
page break apart, each carrying its own header and footer, and rendered in a
single run whatever the build.
"""

from lxml import html as lxml_html

from odoo import models, modules, tools

from .dunning_reminder_letter import LETTER_REPORT

HANDOVER_REPORTS = (
    "dunning_be.report_dunning_handover",
    "dunning_be.report_dunning_handover_notice",
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # However they are printed (the Print menu, the print queue, the
        # postal service), reminder letters render in one run with their
        # invoices (see dunning_reminder_letter), and hand-over documents
        # with their header.
        report = self._get_report(report_ref)
        name = report.report_name
        if (
            name in (LETTER_REPORT, *HANDOVER_REPORTS)
            and res_ids
            and self._dunning_pdf()
        ):
            ids = [res_ids] if isinstance(res_ids, int) else res_ids
            if name == LETTER_REPORT:
                return self.env["dunning.reminder"].browse(ids)._letters_pdf(), "pdf"
            records = self.env[report.model].browse(ids)
            return self._dunning_joined_pdf(name, records), "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _dunning_pdf(self):
        """False where Odoo renders HTML instead of PDF: in tests, unless
        they ask for the real rendering."""
        testing = modules.module.current_test or tools.config["test_enable"]
        return not testing or self.env.context.get("force_report_rendering")

    def _dunning_joined_pdf(self, report_name, records):
        """``records``' documents of the report ``report_name`` as one PDF,
        from one wkhtmltopdf run, each with its own header and footer."""
        report = self._get_report(report_name)
        html = self._render_qweb_html(
            report_name, records.ids, data={"report_type": "pdf"}
        )[0]
        bodies, _ids, _header, _footer, args = report._prepare_html(
            join_documents(html), report_model=records._name
        )
        # Each document carries its header and footer in its body: the page
        # margins need no room for them.
        args.update({"data-report-margin-top": 12, "data-report-margin-bottom": 12})
        return self._run_wkhtmltopdf(
            bodies, report_ref=report_name, specific_paperformat_args=args
        )


def _without(classes, name):
    """``classes`` as a class attribute, less ``name``."""
    return " ".join(c for c in classes if c != name)


def join_documents(html):
    """One report article holding every document of a report's HTML, each
    with its layout's header and footer, a page break between them."""
    root = lxml_html.fromstring(html)
    main = root.xpath("//main")[0]
    documents, header, document = [], None, None
    for node in list(main):
        classes = (node.get("class") or "").split()
        main.remove(node)
        if "header" in classes:
            header = node
        elif "article" in classes:
            # Out of the report's article, header and footer classes, so
            # that Odoo sees one article: the layout's classes stay.
            document = node
            document.set("class", _without(classes, "article") + " o_dunning_document")
            if header is not None:
                header.set("class", _without(header.get("class").split(), "header"))
                document.insert(0, header)
                header = None
            documents.append(document)
        elif "footer" in classes and document is not None:
            node.set("class", _without(classes, "footer"))
            # Page numbers are filled in only in a running footer.
            for counter in node.xpath(".//span[@class='page']/.."):
                counter.getparent().remove(counter)
            document.append(node)
    article = lxml_html.Element("div", {"class": "article"})
    if documents:
        article.set("data-oe-lang", documents[0].get("data-oe-lang") or "")
    for index, document in enumerate(documents):
        if index:
            article.append(
                lxml_html.Element("div", {"style": "page-break-before: always;"})
            )
        article.append(document)
    main.append(article)
    return lxml_html.tostring(root, encoding="unicode")
