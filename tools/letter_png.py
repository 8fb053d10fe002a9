"""Render the reminder letter of a Dutch- and a French-speaking demo customer,
and the hand-over file of the demo, to PNG, as the README shows them. Run
through click-odoo on the demo database while `make demo` serves it
(wkhtmltopdf loads the report's CSS from it):
    click-odoo -c .odoo/odoo.conf -d dunning_demo tools/letter_png.py -- OUTDIR
Writes OUTDIR/letter_nl.png and OUTDIR/letter_fr.png (first page, 90 dpi),
and OUTDIR/handover.png (the hand-over file's first page)."""

import subprocess
import sys
import tempfile
from pathlib import Path

env = globals()["env"]
out = Path(sys.argv[-1])
company = env.ref("dunning_be.demo_company")
Reminder = env["dunning.reminder"].with_company(company)
for code, lang in (("nl", "nl_BE"), ("fr", "fr_BE")):
    # The customer's highest level of the language, with the most invoices.
    reminders = Reminder.search(
        [
            ("company_id", "=", company.id),
            ("partner_id.lang", "=", lang),
            ("state", "=", "sent"),
        ]
    ).sorted(lambda r: (r.level_id.sequence, len(r.line_ids), r.id), reverse=True)
    if not reminders:
        sys.exit(f"letter_png: no sent reminder for a {lang} customer")
    reminder = reminders[0]
    pdf = reminder._letters_pdf(with_invoices=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "letter.pdf")
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "90",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(out / f"letter_{code}"),
            ],
            check=True,
        )
    print(f"letter_png: {out / f'letter_{code}.png'}: {reminder.display_name}")

handover = env["dunning.handover"].search(
    [("company_id", "=", company.id), ("state", "=", "sent")], limit=1
)
if not handover:
    sys.exit("letter_png: no hand-over in the demo database (make demo makes one)")
reports = env["ir.actions.report"].with_company(company)
pdf, _type = reports._render_qweb_pdf(
    "dunning_be.report_dunning_handover", res_ids=handover.ids
)
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp, "handover.pdf")
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile"]
        + [str(path), str(out / "handover")],
        check=True,
    )
print(f"letter_png: {out / 'handover.png'}: {handover.display_name}")
