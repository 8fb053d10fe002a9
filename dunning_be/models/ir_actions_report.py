# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The module's reports in PDF.

Odoo renders a report with several records in one wkhtmltopdf run only with a
patched Qt build, which also draws each page's header and footer; the stock
builds of Linux distributions can do neither. The documents of a reminder
letter or a hand-over are therefore put together into one HTML document, a
page break apart, each carrying its own header and footer, and rendered in a
single run whatever the build.

That run is given the report's CSS inline, its web fonts as local fonts (see
lib/report_fonts.py: wkhtmltopdf draws a web font's text as outlines, which
made it lay out 100 letters in 27 s and a PDF of 134 MB, where local fonts
take under 2 s and 1 MB), and no ``report.print_delay`` when the document has
no script to wait for. Where that cannot be done (the stylesheets are not
Odoo's bundles, fontconfig is not what wkhtmltopdf uses), the documents are
printed as Odoo prints them.
"""

import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import tempfile

from lxml import html as lxml_html

from odoo import models, modules, tools
from odoo.tools.misc import file_path
from odoo.tools.pdf import PdfFileReader

from odoo.addons.base.models.ir_actions_report import _wkhtml

from ..lib.report_fonts import LocalFamily, fontconfig, local_fonts
from .dunning_reminder_letter import LETTER_REPORT

_logger = logging.getLogger(__name__)

HANDOVER_REPORTS = (
    "dunning_be.report_dunning_handover",
    "dunning_be.report_dunning_handover_notice",
)
# A stylesheet of an Odoo asset bundle, as the report's HTML links it.
ASSET_CSS = re.compile(r"/web/assets/(?P<unique>[^/]+)/(?P<filename>[^/?#]+\.css)")
# Where the local fonts' folders and configurations are kept, in data_dir.
FONTS_FOLDER = "dunning_be_report_fonts"
# Per process: {(database, stylesheet URL): LocalFonts or None}, and
# {fontconfig file: whether wkhtmltopdf takes its fonts}.
_REPORT_CSS = {}
_FONTCONFIG_WORKS = {}


class BundleNotMade(LookupError):
    """The server has not made the stylesheet of this asset bundle yet."""


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
        if len(bodies) == 1:
            body, families = self._dunning_inline_css(bodies[0])
            if families:
                pdf = self._dunning_local_pdf(body, families, report_name, args)
                if pdf:
                    return pdf
        return self._run_wkhtmltopdf(
            bodies, report_ref=report_name, specific_paperformat_args=args
        )

    # ------------------------------------------------------------------
    # The report's CSS inline, its web fonts local
    # ------------------------------------------------------------------

    def _dunning_inline_css(self, body):
        """``(body, families)``: ``body`` with the stylesheets of Odoo's asset
        bundles inline, their web fonts made local where they can be, and
        those local families; ``(body, ())`` when there is none."""
        root = lxml_html.fromstring(body)
        families = {}
        for link in root.xpath("//link[@rel='stylesheet'][@href]"):
            fonts = self._dunning_report_css(link.get("href"))
            if fonts is None:
                continue
            style = lxml_html.Element("style", {"type": "text/css"})
            style.text = fonts.css
            link.addprevious(style)
            link.getparent().remove(link)
            families.update((family.name, family) for family in fonts.families)
        if not families:
            return body, ()
        html = lxml_html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
        return html, tuple(families.values())

    def _dunning_report_css(self, href):
        """The ``LocalFonts`` of an asset bundle's stylesheet (the CSS that
        wkhtmltopdf would load from the server), or None for another
        stylesheet; once per process: the URL changes with the CSS."""
        key = (self.env.cr.dbname, href)
        if key not in _REPORT_CSS:
            try:
                _REPORT_CSS[key] = self._dunning_bundle_css(href)
            except BundleNotMade:
                # Not made yet: Odoo's run prints this time, and the server
                # makes the bundle when wkhtmltopdf asks for it.
                return None
            except Exception as error:  # noqa: BLE001 -- Odoo's run prints it
                # A bundle that cannot be read here (an asset that does not
                # compile...): wkhtmltopdf fetches it as Odoo's run does, and
                # the next print tries again.
                _logger.warning("The report's CSS %s stays a link: %s", href, error)
                return None
        return _REPORT_CSS[key]

    def _dunning_bundle_css(self, href):
        match = ASSET_CSS.fullmatch(href or "")
        if not match or match["unique"] == "debug":
            return None
        try:
            name, rtl, _type, autoprefix = self.env["ir.asset"]._parse_bundle_name(
                match["filename"], False
            )
        except ValueError:
            return None
        bundle = self.env["ir.qweb"]._get_asset_bundle(
            name, css=True, js=False, rtl=rtl, autoprefix=autoprefix
        )
        if not bundle.stylesheets or bundle.get_version("css") != match["unique"]:
            return None
        # Only a bundle the server made already (committed): making it here
        # would hold its rows until this transaction ends, and the server,
        # asked for it by a wkhtmltopdf run of Odoo's in this same print (the
        # invoices' PDFs), would wait for them (a minute, then no style).
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("url", "=", href),
                    ("res_model", "=", "ir.ui.view"),
                    ("res_id", "=", 0),
                    ("public", "=", True),
                ],
                order="id desc",
                limit=1,
            )
        )
        if not attachment.raw:
            raise BundleNotMade(href)
        return local_fonts(attachment.raw.decode(), _font_file)

    def _dunning_local_pdf(self, body, families, report_name, args):
        """The PDF of ``body`` from one wkhtmltopdf run with ``families`` as
        local fonts, or None when that cannot be done here (Odoo's own run
        then prints it)."""
        conf = _fontconfig_file(families)
        if not conf or not _fontconfig_works(conf, families[0]):
            return None
        report = self._get_report(report_name)
        command = self._build_wkhtmltopdf_args(
            report.get_paperformat(), False, specific_paperformat_args=args
        )
        if "<script" not in body:
            # Nothing runs in the page: nothing to wait for once it is loaded
            # (web fonts and images included).
            command[command.index("--javascript-delay") + 1] = "0"
        pdf, error = _wkhtmltopdf(command, body, conf)
        if pdf is None:
            _logger.warning("wkhtmltopdf with the report's fonts local: %s", error)
        return pdf


def _font_file(path):
    """The file of a font's URL path in an addon's static folder, or None."""
    parts = path.strip("/").split("/")
    if len(parts) < 3 or parts[1] != "static":
        return None
    try:
        return file_path("/".join(parts), filter_ext=(".ttf", ".otf"))
    except (FileNotFoundError, ValueError):
        return None


def _fonts_root():
    root = os.path.join(tools.config["data_dir"], FONTS_FOLDER)
    os.makedirs(root, exist_ok=True)
    return root


def _fontconfig_file(families):
    """A fontconfig file that adds ``families`` to the machine's fonts, kept
    in data_dir, each family in a folder of its own holding links to its
    files; None when it cannot be written."""
    try:
        root = _fonts_root()
        folders = [_family_folder(root, family) for family in families]
        include = os.environ.get("FONTCONFIG_FILE") or "fonts.conf"
        text = fontconfig(families, folders, include, os.path.join(root, "cache"))
        name = hashlib.sha1(text.encode()).hexdigest()[:16]
        conf = os.path.join(root, f"fonts-{name}.conf")
        if not os.path.exists(conf):
            _write_atomically(conf, text.encode())
        return conf
    except OSError as error:
        _logger.warning("The report's fonts cannot be made local: %s", error)
        return None


def _family_folder(root, family: LocalFamily):
    folder = os.path.join(root, hashlib.sha1(family.name.encode()).hexdigest()[:16])
    if os.path.isdir(folder):
        return folder
    making = tempfile.mkdtemp(prefix=".making-", dir=root)
    for file in family.files:
        os.symlink(file, os.path.join(making, os.path.basename(file)))
    try:
        os.rename(making, folder)
    except OSError:  # made by another process meanwhile
        shutil.rmtree(making, ignore_errors=True)
    return folder


def _write_atomically(path, content):
    descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    os.replace(temporary, path)


def _fontconfig_works(conf, family):
    """Whether wkhtmltopdf takes its fonts from fontconfig's ``conf`` (Qt on
    Linux does, on Windows or macOS it does not): a word in ``family`` is
    printed with another font than without ``conf``. Once per process."""
    if conf not in _FONTCONFIG_WORKS:
        style = f"font-family: '{family.name}'"
        html = f'<html><body><p style="{style}">Ok</p></body></html>'
        fonts = []
        for probe_conf in (conf, None):
            pdf, _error = _wkhtmltopdf(["--quiet"], html, probe_conf)
            fonts.append(pdf and _first_page_fonts(pdf))
        _FONTCONFIG_WORKS[conf] = bool(fonts[0] and fonts[1] and fonts[0] != fonts[1])
        if not _FONTCONFIG_WORKS[conf]:
            _logger.info("wkhtmltopdf does not take local fonts from fontconfig")
    return _FONTCONFIG_WORKS[conf]


def _first_page_fonts(pdf):
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    fonts = (reader.pages[0].get("/Resources") or {}).get("/Font") or {}
    return sorted(str(font.get_object().get("/BaseFont")) for font in fonts.values())


def _wkhtmltopdf(command, body, conf):
    """``(pdf, None)`` from one wkhtmltopdf run on ``body`` with fontconfig's
    ``conf``, or ``(None, error)``. Exit code 1 is a resource that did not
    load (an image...): Odoo keeps the PDF then, and so does this."""
    wkhtml = _wkhtml()
    if wkhtml.state != "ok":
        return None, f"wkhtmltopdf: {wkhtml.state}"
    env = dict(os.environ)
    if conf:
        env["FONTCONFIG_FILE"] = conf
    with tempfile.TemporaryDirectory(prefix="dunning_be_report.") as folder:
        source = os.path.join(folder, "report.html")
        target = os.path.join(folder, "report.pdf")
        with open(source, "w", encoding="utf-8") as file:
            file.write(body)
        process = subprocess.run(
            [wkhtml.bin, *command, source, target],
            capture_output=True,
            encoding="utf-8",
            check=False,
            env=env,
        )
        made = os.path.exists(target) and os.path.getsize(target)
        if process.returncode not in (0, 1) or not made:
            return None, f"exit code {process.returncode}: {process.stderr[-1000:]}"
        if process.returncode == 1:
            _logger.warning("wkhtmltopdf: %s", process.stderr)
        with open(target, "rb") as file:
            return file.read(), None


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
