# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The hand-over file: per invoice, everything Book XIX (Title 2) asks a
debt collector to give the debtor, with the reminder history as proof; as a
PDF, a CSV and an XLSX spreadsheet, e-mailed to the collector with copies of
the invoices and reminders, and kept on the hand-over."""

import csv
import io

import xlsxwriter

from odoo import fields, models
from odoo.fields import Command
from odoo.tools import format_date

from ..lib.belgian_law import first_claim_date
from ..lib.handover import (
    HandedInvoice,
    accrued_claims,
    earliest_handover,
    problems,
)
from ..lib.spreadsheet import csv_cell
from .dunning_run_records import Formats

FILE_REPORT = "dunning_be.report_dunning_handover"
# The spreadsheet's columns and how each is written; labels in _file_columns.
COLUMNS = [
    ("reference", "text"),
    ("date", "date"),
    ("collector", "text"),
    ("creditor", "text"),
    ("creditor_enterprise_number", "text"),
    ("creditor_address", "text"),
    ("creditor_phone", "text"),
    ("creditor_email", "text"),
    ("debtor", "text"),
    ("debtor_enterprise_number", "text"),
    ("debtor_address", "text"),
    ("debtor_consumer", "text"),
    ("debtor_language", "text"),
    ("kind", "text"),
    ("invoice", "text"),
    ("invoice_date", "date"),
    ("date_due", "date"),
    ("description", "text"),
    ("payment_reference", "text"),
    ("amount_total", "money"),
    ("amount_paid", "money"),
    ("principal", "money"),
    ("interest", "money"),
    ("interest_note", "text"),
    ("compensation", "money"),
    ("compensation_note", "text"),
    ("fees", "money"),
    ("fees_note", "text"),
    ("amount", "money"),
    ("first_reminder_date", "date"),
    ("first_reminder_how", "text"),
    ("history", "text"),
]
KIND_FIELDS = {
    "interest": "interest",
    "compensation": "compensation",
    "damages": "compensation",
    "fee": "fees",
}


class DunningHandover(models.Model):
    _inherit = "dunning.handover"

    # ------------------------------------------------------------------
    # What the file holds
    # ------------------------------------------------------------------

    def _handed_invoices(self):
        """The invoices as lib.handover checks them."""
        self.ensure_one()
        run = self.env["dunning.run"].with_company(self.company_id)
        moves = self.move_ids
        descriptions = run._invoice_descriptions(moves)
        first = run._first_reminders(moves, self.date) if self.regime == "b2c" else {}
        currency = self.currency_id
        return [
            HandedInvoice(
                number=move.name,
                open=move.state == "posted"
                and move.move_type == "out_invoice"
                and currency.compare_amounts(move.amount_residual, 0) > 0,
                due=move.invoice_date_due,
                description=descriptions.get(move.id, ""),
                claim_note=bool(move.dunning_claim_reminder_id),
                disputed=move.dunning_disputed,
                paid_unmatched=move.dunning_hold == "paid_unmatched",
                with_collector=bool(move.dunning_handover_id)
                and move.dunning_handover_id != self,
                first_claim=(
                    first_claim_date(*first[move.id]) if move.id in first else None
                ),
            )
            for move in moves
        ]

    def _problems(self):
        """lib.handover's ``(code, subject)`` for this hand-over."""
        self.ensure_one()
        return problems(
            self.company_id.partner_id._dunning_party(),
            self.collector_id._dunning_party() if self.collector_id else None,
            self.partner_id._dunning_party(),
            self._handed_invoices(),
            self.regime == "b2c",
            self.date,
            credits=tuple(self._open_credits().mapped("name")),
        )

    def _open_credits(self):
        """The debtor's open credit notes and payments not yet matched, in
        the hand-over's company."""
        self.ensure_one()
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "child_of", self.partner_id.id),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ]
        )
        return lines.move_id

    def _earliest_handover(self):
        self.ensure_one()
        return earliest_handover(self._handed_invoices())

    def _file_lang(self):
        """The file is written in the collector's language."""
        return self.collector_id.lang or self.company_id.partner_id.lang or "en_US"

    def _fill_lines(self):
        """The breakdown, per invoice, as of the hand-over's date."""
        for handover in self:
            handover.line_ids.unlink()
            handover.line_ids = [
                Command.create(vals)
                for vals in handover.with_context(
                    lang=handover._file_lang()
                )._line_vals()
            ]

    def _line_vals(self):
        """The breakdown's lines: per invoice, its principal and what may be
        claimed on it up to the hand-over's date that reminders did not book
        yet; per debit note of fees, what its reminder booked."""
        self.ensure_one()
        company, on_date = self.company_id, self.date
        run = self.env["dunning.run"].with_company(company)
        formats = Formats(run.env)
        moves = self.move_ids.sorted(
            lambda m: (
                bool(m.dunning_claim_reminder_id),
                m.invoice_date_due or m.date,
                m.id,
            )
        )
        invoices = moves.filtered(lambda m: not m.dunning_claim_reminder_id)
        dated = invoices.filtered("invoice_date_due")
        facts, booked = run._claim_facts(dated, on_date)
        first = run._first_reminders(moves - dated, on_date)
        first.update(
            (key, fact.first_reminder)
            for key, fact in facts.items()
            if fact.first_reminder
        )
        tables = self.env["dunning.legal.rate"]._rate_tables(company, on_date)
        (rates, _missing), (civil_rates, _missing) = tables
        terms = company._dunning_terms(
            self.regime, self.partner_id.dunning_subscription
        )
        claimed_before = run._claimed_before(booked, set(invoices.ids))
        accrued, no_rate = accrued_claims(
            list(facts.values()), terms, on_date, rates, claimed_before, civil_rates
        )
        descriptions = run._invoice_descriptions(invoices)
        histories, firsts = self._histories(moves)
        names = {move.id: move.name for move in moves}
        vals_list = []
        for sequence, move in enumerate(moves, start=1):
            paid = move.amount_total_signed - move.amount_residual_signed
            vals = {
                "sequence": sequence,
                "move_id": move.id,
                "invoice_date": move.invoice_date,
                "date_due": move.invoice_date_due,
                "amount_total": move.amount_total_signed,
                "amount_paid": paid,
                "history": histories.get(move.id, ""),
            }
            if move.id in first:
                day, channel = first[move.id]
                vals["first_reminder_date"] = day
                vals["first_reminder_how"] = (
                    self.env._("letter")
                    if channel == "letter"
                    else self.env._("e-mail")
                )
            elif move.id in firsts:
                vals["first_reminder_date"], vals["first_reminder_how"] = firsts[
                    move.id
                ]
            if move.dunning_claim_reminder_id:
                vals.update(self._claim_note_vals(move))
            else:
                vals.update(
                    kind="invoice",
                    description=descriptions.get(move.id, ""),
                    principal=move.amount_residual_signed,
                )
                notes = {"interest": [], "compensation": [], "fees": []}
                for line in accrued.get(move.id, ()):
                    key = KIND_FIELDS[line.kind]
                    vals[key] = vals.get(key, 0.0) + float(line.amount)
                    notes[key].append(
                        run._claim_explanation(line, names[move.id], formats)
                    )
                if no_rate:
                    notes["interest"].append(
                        self.env._("No legal interest rate is known: left out.")
                    )
                for key, texts in notes.items():
                    vals[f"{key}_note"] = "\n".join(texts) or False
            vals_list.append(vals)
        return vals_list

    def _claim_note_vals(self, note):
        """A debit note of fees and interest: what its reminder claimed, as
        the reminder explained it to the customer."""
        reminder = note.dunning_claim_reminder_id
        vals = {
            "kind": "claim_note",
            "description": self.env._(
                "Fees and interest of the reminder %(reminder)s of %(date)s",
                reminder=reminder.reference,
                date=format_date(self.env, reminder.date),
            ),
            "principal": 0.0,
        }
        notes = {"interest": [], "compensation": [], "fees": []}
        for claim in reminder.claim_ids:
            key = KIND_FIELDS[claim.kind]
            vals[key] = vals.get(key, 0.0) + claim.amount
            notes[key].append(claim.explanation or "")
        for key, texts in notes.items():
            vals[f"{key}_note"] = "\n".join(texts) or False
        return vals

    def _histories(self, moves):
        """``({move id: text}, {move id: (date, how)})``: every reminder and
        call about each invoice, oldest first, and its first reminder."""
        reminders = self.env["dunning.reminder"].search(
            [("move_ids", "in", moves.ids), ("state", "=", "sent")],
            order="date, id",
        )
        calls = self.env["dunning.call"].search(
            [("move_ids", "in", moves.ids), ("state", "=", "done")],
            order="date_done, id",
        )
        outcomes = dict(calls._fields["outcome"]._description_selection(self.env))
        events = {move.id: [] for move in moves}
        firsts = {}
        formats = Formats(self.env)
        for reminder in reminders:
            day = reminder.date_sent or reminder.date
            how = reminder._channels_text()
            text = self.env._(
                "%(date)s: %(level)s, %(how)s",
                date=formats.date(day),
                level=reminder.level_id.name,
                how=how,
            )
            for move in reminder.move_ids & moves:
                events[move.id].append((day, text))
                firsts.setdefault(move.id, (day, how))
        for call in calls:
            day = call.date_done or call.date
            text = self.env._(
                "%(date)s: call before %(level)s, %(outcome)s",
                date=formats.date(day),
                level=call.level_id.name,
                outcome=outcomes.get(call.outcome, "") or "",
            )
            if call.promise_date:
                text += self.env._(", promised for %s", formats.date(call.promise_date))
            if call.note:
                text += f" ({call.note})"
            for move in call.move_ids & moves:
                events[move.id].append((day, text))
        histories = {
            move_id: "\n".join(text for _day, text in sorted(items, key=lambda i: i[0]))
            for move_id, items in events.items()
        }
        return histories, firsts

    # ------------------------------------------------------------------
    # The spreadsheet
    # ------------------------------------------------------------------

    def _file_columns(self):
        """``[(key, label, kind)]``: the spreadsheet's columns, in order."""
        labels = {
            "reference": self.env._("Hand-over"),
            "date": self.env._("Handed Over On"),
            "collector": self.env._("Debt Collector"),
            "creditor": self.env._("Creditor"),
            "creditor_enterprise_number": self.env._("Creditor Enterprise Number"),
            "creditor_address": self.env._("Creditor Address"),
            "creditor_phone": self.env._("Creditor Phone"),
            "creditor_email": self.env._("Creditor E-mail"),
            "debtor": self.env._("Debtor"),
            "debtor_enterprise_number": self.env._("Debtor Enterprise Number"),
            "debtor_address": self.env._("Debtor Address"),
            "debtor_consumer": self.env._("Consumer"),
            "debtor_language": self.env._("Debtor Language"),
            "kind": self.env._("Kind"),
            "invoice": self.env._("Invoice"),
            "invoice_date": self.env._("Invoice Date"),
            "date_due": self.env._("Due Date"),
            "description": self.env._("Goods or Services"),
            "payment_reference": self.env._("Payment Reference"),
            "amount_total": self.env._("Invoiced"),
            "amount_paid": self.env._("Paid"),
            "principal": self.env._("Principal"),
            "interest": self.env._("Interest"),
            "interest_note": self.env._("How the Interest Is Computed"),
            "compensation": self.env._("Compensation or Damages"),
            "compensation_note": self.env._("How the Compensation Is Computed"),
            "fees": self.env._("Reminder Fees"),
            "fees_note": self.env._("How the Fees Are Computed"),
            "amount": self.env._("Total Claimed"),
            "first_reminder_date": self.env._("First Reminder"),
            "first_reminder_how": self.env._("First Reminder By"),
            "history": self.env._("Reminder History"),
        }
        return [(key, labels[key], kind) for key, kind in COLUMNS]

    def _file_rows(self):
        """One dict per line of the breakdown, keyed as ``_file_columns``."""
        self.ensure_one()
        creditor = self.company_id.partner_id._dunning_party()
        partner = self.partner_id
        kinds = dict(self.line_ids._fields["kind"]._description_selection(self.env))
        languages = dict(self.env["res.lang"].get_installed())
        head = {
            "reference": self.name,
            "date": self.date,
            "collector": self.collector_id.name or "",
            "creditor": creditor.name,
            "creditor_enterprise_number": creditor.enterprise_number,
            "creditor_address": _address(self.company_id.partner_id),
            "creditor_phone": creditor.phone,
            "creditor_email": creditor.email,
            "debtor": partner.name,
            "debtor_enterprise_number": partner._dunning_enterprise_number() or "",
            "debtor_address": _address(partner),
            "debtor_consumer": (
                self.env._("Yes") if self.regime == "b2c" else self.env._("No")
            ),
            "debtor_language": languages.get(partner.lang, partner.lang or ""),
        }
        return [
            dict(
                head,
                kind=kinds[line.kind],
                invoice=line.move_id.name,
                invoice_date=line.invoice_date,
                date_due=line.date_due,
                description=line.description or "",
                payment_reference=line._payment_reference() or "",
                amount_total=line.amount_total,
                amount_paid=line.amount_paid,
                principal=line.principal,
                interest=line.interest,
                interest_note=line.interest_note or "",
                compensation=line.compensation,
                compensation_note=line.compensation_note or "",
                fees=line.fees,
                fees_note=line.fees_note or "",
                amount=line.amount,
                first_reminder_date=line.first_reminder_date,
                first_reminder_how=line.first_reminder_how or "",
                history=line.history or "",
            )
            for line in self.line_ids
        ]

    def _file_csv(self):
        """The spreadsheet as CSV: semicolons and a byte-order mark, as a
        spreadsheet in Belgium opens it; ISO dates, amounts with a point; a
        text a spreadsheet would read as a formula behind a quote (see
        lib.spreadsheet)."""
        self.ensure_one()
        columns = self._file_columns()
        stream = io.StringIO()
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerow([label for _key, label, _kind in columns])
        for row in self._file_rows():
            writer.writerow([csv_cell(row[key], kind) for key, _label, kind in columns])
        return stream.getvalue().encode("utf-8-sig")

    def _file_xlsx(self):
        self.ensure_one()
        columns = self._file_columns()
        stream = io.BytesIO()
        # Texts are written as strings, never read as formulas: a debtor's
        # name such as =HYPERLINK(...) stays the text it is.
        workbook = xlsxwriter.Workbook(
            stream, {"in_memory": True, "strings_to_formulas": False}
        )
        sheet = workbook.add_worksheet(self.name.replace("/", "-")[:31])
        styles = {
            "head": workbook.add_format({"bold": True, "text_wrap": True}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        }
        for col, (_key, label, kind) in enumerate(columns):
            sheet.write(0, col, label, styles["head"])
            sheet.set_column(col, col, {"money": 12, "date": 12}.get(kind, 24))
        rows = self._file_rows()
        for row_index, row in enumerate(rows, start=1):
            for col, (key, _label, kind) in enumerate(columns):
                value = row[key]
                if kind == "date":
                    if value:
                        sheet.write_datetime(
                            row_index,
                            col,
                            fields.Datetime.to_datetime(value),
                            styles["date"],
                        )
                elif kind == "money":
                    sheet.write_number(row_index, col, value or 0.0, styles["money"])
                else:
                    sheet.write_string(row_index, col, value or "", styles["text"])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
        workbook.close()
        return stream.getvalue()

    # ------------------------------------------------------------------
    # Writing and sending
    # ------------------------------------------------------------------

    def _write_files(self):
        """The PDF, CSV and XLSX, kept on the hand-over."""
        reports = self.env["ir.actions.report"]
        Attachment = self.env["ir.attachment"]
        for handover in self:
            handover = handover.with_context(lang=handover._file_lang())
            base = f"{handover.name} {handover.partner_id.name}".replace("/", "-")
            content, report_type = reports.with_company(
                handover.company_id
            )._render_qweb_pdf(FILE_REPORT, res_ids=handover.ids)
            pdf = report_type == "pdf"  # under tests Odoo renders HTML instead
            files = Attachment.create(
                [
                    {
                        "name": f"{base}.{'pdf' if pdf else 'html'}",
                        "raw": content,
                        "mimetype": "application/pdf" if pdf else "text/html",
                    },
                    {
                        "name": f"{base}.csv",
                        "raw": handover._file_csv(),
                        "mimetype": "text/csv",
                    },
                    {
                        "name": f"{base}.xlsx",
                        "raw": handover._file_xlsx(),
                        "mimetype": "application/vnd.openxmlformats-officedocument"
                        ".spreadsheetml.sheet",
                    },
                ]
            )
            files.write({"res_model": self._name, "res_id": handover.id})
            handover.write(
                {
                    "file_pdf_id": files[0].id,
                    "file_csv_id": files[1].id,
                    "file_xlsx_id": files[2].id,
                }
            )

    def _copies(self):
        """The invoices' PDFs and one PDF of the reminders sent, as proof."""
        self.ensure_one()
        invoices = self.move_ids
        pdfs = invoices._dunning_pdf_attachments(self._name, lambda _move: self.id)
        attachments = self.env["ir.attachment"].union(*pdfs.values())
        reminders = self.env["dunning.reminder"].search(
            [("move_ids", "in", invoices.ids), ("state", "=", "sent")],
            order="date, id",
        )
        if reminders:
            attachments |= self.env["ir.attachment"].create(
                {
                    "name": self.env._(
                        "Reminders sent to %s.pdf", self.partner_id.name
                    ).replace("/", "-"),
                    "raw": reminders._letters_pdf(with_invoices=False),
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        return attachments

    def _email_collector(self):
        """The shipped e-mail to the collector, with the file and the copies;
        queued: it goes out with Odoo's mail queue after this transaction."""
        template = self.env.ref("dunning_be.mail_template_handover")
        for handover in self:
            # The file, then the copies: made once, kept on the hand-over.
            files = handover.file_pdf_id | handover.file_xlsx_id | handover.file_csv_id
            copies = self.env["ir.attachment"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", handover.id),
                    ("id", "not in", files.ids),
                ],
                order="id",
            )
            attachments = files | (copies or handover._copies())
            # Queued, not sent when this transaction commits: Odoo's mail
            # queue sends it, as it does the reminders.
            messages = handover.with_context(
                mail_notify_force_send=False
            ).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=attachments.ids,
            )
            handover.write(
                {"email_message_id": messages[:1].id, "email_state": "queued"}
            )


def _address(partner):
    parts = [
        partner.street,
        partner.street2,
        f"{partner.zip or ''} {partner.city or ''}",
    ]
    parts.append(partner.country_id.name)
    return ", ".join(part.strip() for part in parts if part and part.strip())
