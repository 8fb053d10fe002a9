"""Letters printed as one PDF, fast: the report's CSS inline, its web fonts
(the company's report font) given to wkhtmltopdf as local fonts, so that they
are embedded in the PDF and not drawn as outlines (ir_actions_report.py)."""

import io
import os
from contextlib import ExitStack
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.dunning_be.models import ir_actions_report as reports

from .common import day
from .test_channels import _pdftotext
from .test_letter import LetterCommon


def _fonts(pdf):
    """The fonts of each page of ``pdf``, without their subset prefix."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    pages = []
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        pages.append(
            {
                str(font.get_object().get("/BaseFont")).lstrip("/").split("+")[-1]
                for font in fonts.values()
            }
        )
    return pages


@tagged("post_install", "-at_install")
class TestLetterPdf(LetterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.font = "Lato"
        for partner in (cls.customer, cls.customer_2):
            cls._three_and_a_credit_note(partner)

    def setUp(self):
        super().setUp()
        # The report's stylesheets, as the server makes them when a first
        # print asks for them (and commits them: letters only inline a
        # stylesheet made already).
        for name in ("web.report_assets_pdf", "web.report_assets_common"):
            self.env["ir.qweb"]._get_asset_bundle(
                name, css=True, js=False, autoprefix=True
            ).css()
        reports._REPORT_CSS.clear()
        self.reminders = self._run(day(7)).sorted("partner_id")
        self.assertEqual(len(self.reminders), 2)
        self.Report = type(self.env["ir.actions.report"])

    def _print(self, reminders):
        return reminders.with_context(force_report_rendering=True)._letters_pdf(
            with_invoices=False
        )

    def test_letters_in_their_font_in_order(self):
        """The letters come in one PDF, in order, each page in the company's
        report font, embedded: without the report's fonts made local, the
        text was drawn as outlines (or, with no server, in another font)."""
        alone = [len(_pdftotext(self._print(reminder))) for reminder in self.reminders]
        odoo_run = patch.object(
            self.Report, "_run_wkhtmltopdf", side_effect=AssertionError("Odoo's run")
        )
        local_run = patch.object(reports, "_wkhtmltopdf", wraps=reports._wkhtmltopdf)
        with odoo_run, local_run as run:
            pdf = self._print(self.reminders)
        pages = _pdftotext(pdf)
        self.assertEqual(len(pages), sum(alone))
        first, second = self.reminders
        self.assertIn(first.reference, pages[0])
        self.assertIn(second.reference, pages[alone[0]])
        self.assertNotIn(second.reference, "".join(pages[: alone[0]]))
        for fonts in _fonts(pdf):
            self.assertIn("Lato-Regular", fonts)
        # One run for the letters, no print delay: the letters have no script.
        (command, body, conf), _kwargs = run.call_args
        self.assertEqual(command[command.index("--javascript-delay") + 1], "0")
        self.assertNotIn("<script", body)
        self.assertNotIn("@font-face{font-family: 'Lato'", body)
        self.assertEqual(os.path.basename(os.path.dirname(conf)), reports.FONTS_FOLDER)
        self.assertTrue(os.path.isfile(conf))

    def test_report_css_once(self):
        """The report's stylesheets are read from their bundles once per
        process, then inlined from memory."""
        self._print(self.reminders[0])
        bundle_css = patch.object(
            self.Report, "_dunning_bundle_css", side_effect=AssertionError("read")
        )
        with bundle_css:
            pdf = self._print(self.reminders)
        self.assertIn(self.reminders[1].reference, "".join(_pdftotext(pdf)))
        self.assertIn("Lato-Regular", _fonts(pdf)[-1])

    def _print_counting_odoo_runs(self, *patches):
        """Print the letters under ``patches``; returns the bodies of each of
        Odoo's wkhtmltopdf runs and the PDF's text."""
        real_run = self.Report._run_wkhtmltopdf
        runs = []

        def counted_run(report, bodies, *args, **kwargs):
            runs.append(len(bodies))
            return real_run(report, bodies, *args, **kwargs)

        with ExitStack() as stack:
            for context in patches:
                stack.enter_context(context)
            stack.enter_context(
                patch.object(self.Report, "_run_wkhtmltopdf", counted_run)
            )
            pdf = self._print(self.reminders)
        return runs, "".join(_pdftotext(pdf))

    def test_as_odoo_prints_without_local_fonts(self):
        """Where wkhtmltopdf does not take fontconfig's fonts, the letters are
        printed as Odoo prints them, in one run, all of them."""
        runs, text = self._print_counting_odoo_runs(
            patch.object(reports, "_fontconfig_works", return_value=False)
        )
        self.assertEqual(runs, [1])
        for reminder in self.reminders:
            self.assertIn(reminder.reference, text)

    def test_as_odoo_prints_while_the_css_is_not_made(self):
        """Before the server made the report's stylesheet, Odoo's run prints
        the letters (the server makes it when wkhtmltopdf asks), and the next
        print looks again: nothing is kept."""
        reports._REPORT_CSS.clear()
        runs, text = self._print_counting_odoo_runs(
            patch.object(
                self.Report,
                "_dunning_bundle_css",
                side_effect=reports.BundleNotMade("not yet"),
            )
        )
        self.assertEqual(runs, [1])
        for reminder in self.reminders:
            self.assertIn(reminder.reference, text)
        self.assertFalse(reports._REPORT_CSS)

    def test_as_odoo_prints_when_the_css_cannot_be_read(self):
        """A report stylesheet that cannot be read here (an asset that does
        not compile...) stops no print: Odoo's run prints the letters."""
        reports._REPORT_CSS.clear()
        runs, text = self._print_counting_odoo_runs(
            patch.object(
                self.Report, "_dunning_bundle_css", side_effect=ValueError("broken")
            ),
            self.assertLogs(reports.__name__, "WARNING"),
        )
        self.assertEqual(runs, [1])
        for reminder in self.reminders:
            self.assertIn(reminder.reference, text)
        # Not kept: the next print tries the bundle again.
        self.assertFalse(reports._REPORT_CSS)
