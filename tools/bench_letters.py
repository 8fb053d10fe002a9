"""The letters of the benchmark, printed as a user gets them: styled.

wkhtmltopdf loads what the report links to (its stylesheets, fonts, images)
from the Odoo server at ``report.url`` (else ``web.base.url``). In the
benchmark no server runs, so, while the letters are printed, ``serve`` starts
one on the bench database (``BENCH_HTTP_PORT``, 8079 unless set), points
``report.url`` at it and stops it after. ``print_letters`` times the print
queue's one PDF and tells whether it came out styled: the company's report
font (a web font) is in it, as outlines or as an embedded font. Used by
tools/bench_run.py, in the process that measures the run.
"""

import io
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from unittest.mock import patch

from odoo.tools import config
from odoo.tools.pdf import PdfFileReader

SERVER_WAIT = 120  # seconds for the server to answer


@dataclass(frozen=True)
class LetterFigures:
    letters: int
    seconds: float
    pages: int
    wkhtmltopdf_runs: int
    megabytes: float
    styled: bool

    @property
    def per_second(self):
        return self.letters / self.seconds if self.letters else 0.0

    def __str__(self):
        return (
            f"{self.letters} in {self.seconds:.2f} s, {self.pages} pages, "
            f"{self.wkhtmltopdf_runs} wkhtmltopdf run(s), {self.megabytes:.1f} MB, "
            + ("styled" if self.styled else "UNSTYLED (the CSS did not load)")
        )


@contextmanager
def serve(env, port=None):
    """An Odoo server on ``env``'s database, for wkhtmltopdf, while inside."""
    port = int(port or os.environ.get("BENCH_HTTP_PORT") or 8079)
    url = f"http://127.0.0.1:{port}"
    database = env.cr.dbname
    command = [
        sys.executable,
        "-m",
        "odoo",
        "server",
        "-c",
        config["config"],
        "-d",
        database,
        "--db-filter",
        f"^{re.escape(database)}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--workers",
        "0",
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
    ]
    parameters = env["ir.config_parameter"].sudo()
    previous = parameters.get_param("report.url")
    parameters.set_param("report.url", url)
    env.cr.commit()
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    try:
        _wait_for(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        parameters.set_param("report.url", previous or False)
        env.cr.commit()


def _wait_for(url, server):
    deadline = time.monotonic() + SERVER_WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(
                f"bench: the Odoo server for the letters stopped ({url})"
            )
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"bench: the Odoo server for the letters did not answer ({url})")


def print_letters(env, letters):
    """Time ``letters._letters_pdf()`` (one PDF, as the print queue makes
    it) from a cold cache, counting wkhtmltopdf's runs."""
    reports = type(env["ir.actions.report"])
    runs = []
    real_run = reports._run_wkhtmltopdf

    def counted_run(report, bodies, *run_args, **run_kwargs):
        runs.append(len(bodies))
        return real_run(report, bodies, *run_args, **run_kwargs)

    # One letter first, not timed: the server makes the report's stylesheet
    # when the first print asks for it, as on an office's first print after
    # an update; the letters inline it once made (committed: a new snapshot).
    letters[:1]._letters_pdf(with_invoices=False)
    env.cr.commit()
    env.invalidate_all()
    with patch.object(reports, "_run_wkhtmltopdf", counted_run):
        start = time.perf_counter()
        pdf = letters._letters_pdf(with_invoices=False)
        seconds = time.perf_counter() - start
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return LetterFigures(
        letters=len(letters),
        seconds=seconds,
        pages=len(reader.pages),
        # At least one: a print that does not go through Odoo's runner
        # runs wkhtmltopdf once itself.
        wkhtmltopdf_runs=max(len(runs), 1),
        megabytes=len(pdf) / 1e6,
        styled=_styled(env, letters[:1], reader),
    )


def _styled(env, letter, reader):
    """Whether the first page is in the company's report font: embedded, or
    drawn as outlines (a web font, wkhtmltopdf's way), never in the fonts
    the machine falls back to when the CSS did not load."""
    if not letter or not reader.pages:
        return False
    family = (letter.company_id.font or "Lato").replace("_", "")
    resources = reader.pages[0].get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    names = [str(font.get_object().get("/BaseFont", "")) for font in fonts.values()]
    if any(family.lower() in name.replace("_", "").lower() for name in names):
        return True
    # Outlines: the page's text is mostly paths, its fonts only the
    # monospace ones of the letter's references.
    return bool(names) and all("mono" in name.lower() for name in names)
