"""The benchmark's invoices, made fast (imported by tools/bench_run.py).

The first batch of invoices is made through the ORM as it always was: created,
posted, with the stored PDF Odoo keeps when it sends an invoice and the note
it logs then. That batch covers every amount and every date the bench uses.
The other invoices are copies of those, made in SQL: each takes every column
of the ORM-made invoice with the same amount (its lines, its PDF's attachment
and its note too) and gets its own customer, dates, number and Belgian
structured reference. The number follows the journal's sequence as posting
would give it (batch after batch, in order of date); the reference comes from
Odoo's own method; the customers' rank rises by Odoo's own method.

``check_clones`` proves the copies are what Odoo makes: for a sample of them
it makes the same invoices through the ORM (same customer, amount and dates)
and compares every column, and it asks the ORM to recompute every stored
computed field of sampled copies. The whole check is rolled back.
"""

import dataclasses
import time
from datetime import date, timedelta

from odoo import Command
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

CREATE_BATCH = 250  # invoices per create() and action_post(), as posted by Odoo
CLONE_CHUNK = 10000  # invoices copied per transaction
PDF = b"%PDF-1.4 bench"
NOTE = "Invoice sent by e-mail."
NOW = SQL("(now() AT TIME ZONE 'UTC')")  # what the ORM writes in create_date


@dataclasses.dataclass(frozen=True)
class InvoiceInput:
    """What makes one bench invoice differ from another."""

    partner_id: int
    rank: int  # the customer's k-th invoice: its amount is 100 + k
    due: date

    @property
    def invoice_date(self):
        return self.due - timedelta(days=30)


def invoice_inputs(partners, invoices, today):
    """K invoices per customer, due 10 to 60 days ago (past the first
    level's 7 days), in the order they are made."""
    return [
        InvoiceInput(
            partner.id, k, today - timedelta(days=10 + (n * invoices + k) % 51)
        )
        for n, partner in enumerate(partners)
        for k in range(invoices)
    ]


def make_orm(env, journal, inputs):
    """Invoices made through the ORM, as Odoo makes and sends them; not committed."""
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "partner_id": inp.partner_id,
                "invoice_date": inp.invoice_date,
                "invoice_date_due": inp.due,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Drukwerk",
                            "price_unit": 100.0 + inp.rank,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for inp in inputs
        ]
    )
    moves.action_post()
    # The PDF as Odoo stores it when it sends an invoice (invoice_pdf_report_id
    # finds it): the run attaches it instead of rendering one.
    env["ir.attachment"].create(
        [
            {
                "name": f"{move.name}.pdf",
                "raw": PDF,
                "mimetype": "application/pdf",
                "res_model": "account.move",
                "res_id": move.id,
                "res_field": "invoice_pdf_report_file",
            }
            for move in moves
        ]
    )
    # And the note Odoo logs in the chatter of an invoice it sends: a
    # database in use has at least one message per invoice, and PostgreSQL
    # plans the run's queries on mail_message with that size in mind.
    moves.write({"is_move_sent": True})
    moves._message_log_batch({move.id: NOTE for move in moves})
    return moves


def make_invoices(env, journal, inputs, orm_only=False, report=print):
    """All invoices, committed: the first batch (or all, with orm_only)
    through the ORM, the rest copied from it. Returns the number copied."""
    start = time.perf_counter()
    # The ORM makes whole batches, enough to have every amount and every date.
    first = {}
    for i, inp in enumerate(inputs):
        first.setdefault(("rank", inp.rank), i)
        first.setdefault(("date", inp.invoice_date), i)
    needed = -(-(max(first.values(), default=0) + 1) // CREATE_BATCH) * CREATE_BATCH
    orm_count = len(inputs) if orm_only else min(needed, len(inputs))
    for offset in range(0, orm_count, CREATE_BATCH):
        make_orm(env, journal, inputs[offset : min(offset + CREATE_BATCH, orm_count)])
        # Commit each batch: in one long transaction, PostgreSQL plans with the
        # statistics of empty tables and every batch gets slower than the last.
        env.cr.commit()
        env.invalidate_all()  # keep the cache small between batches
        done = min(offset + CREATE_BATCH, orm_count)
        if done % (10 * CREATE_BATCH) == 0 or done == orm_count:
            report(f"{done}/{len(inputs)} invoices made by the ORM", start)
    if orm_count == len(inputs):
        return 0
    cloner = Cloner(env, journal, inputs[:orm_count])
    for offset in range(orm_count, len(inputs), CLONE_CHUNK):
        cloner.clone(inputs[offset : offset + CLONE_CHUNK], offset)
        env.cr.commit()
        env.invalidate_all()
        done = min(offset + CLONE_CHUNK, len(inputs))
        report(f"{done}/{len(inputs)} invoices (copied in SQL)", start)
    return len(inputs) - orm_count


def _columns(cr, table):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s"
            " ORDER BY ordinal_position",
            table,
        )
    )
    return [name for (name,) in cr.fetchall()]


def _insert_select(cr, table, source, alias, substitutes, tail):
    """INSERT INTO table every column, taken from the row ``alias`` of the
    prototype unless ``substitutes`` gives its expression."""
    columns = [c for c in _columns(cr, table) if c != "id" or "id" in substitutes]
    values = [
        substitutes.get(c) or SQL("%s.%s", SQL.identifier(alias), SQL.identifier(c))
        for c in columns
    ]
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in columns),
            SQL(", ").join(values),
            source,
            tail,
        )
    )


class Cloner:
    """Copies the ORM-made invoices in SQL (see the module's docstring)."""

    def __init__(self, env, journal, orm_inputs):
        self.env = env
        self.journal = journal
        moves = env["account.move"].search(
            [("journal_id", "=", journal.id), ("move_type", "=", "out_invoice")],
            order="id",
        )
        if len(moves) != len(orm_inputs):
            raise RuntimeError(
                "bench: the journal holds other invoices than the bench's"
            )
        # The prototype of each amount: the first ORM-made invoice with it.
        self.prototypes = {}
        # Each invoice date's sequence prefix and name format, from an
        # ORM-made invoice of that date (the first batch has every date).
        self.formats = {}
        for inp, move in zip(orm_inputs, moves, strict=True):
            self.prototypes.setdefault(inp.rank, move.id)
            if move.date not in self.formats:
                self.formats[move.date] = (
                    move.sequence_prefix,
                    *move._get_sequence_format_param(move.name),
                )
        self.last_number = {}
        for prefix, _format, _values in self.formats.values():
            env.cr.execute(
                SQL(
                    "SELECT max(sequence_number) FROM account_move"
                    " WHERE journal_id = %s AND sequence_prefix = %s",
                    journal.id,
                    prefix,
                )
            )
            self.last_number[prefix] = env.cr.fetchone()[0] or 0

    def _names(self, inputs, offset):
        """Each invoice's prefix, number and name, as action_post gives them:
        batch by batch, in order of date (account.move._compute_name)."""
        names = [None] * len(inputs)
        for start in range(0, len(inputs), CREATE_BATCH):
            # The batches of CREATE_BATCH are counted from the first invoice.
            assert (offset + start) % CREATE_BATCH == 0, (
                "chunks must hold whole batches"
            )
            batch = range(start, min(start + CREATE_BATCH, len(inputs)))
            for i in sorted(batch, key=lambda i: (inputs[i].invoice_date, i)):
                if inputs[i].invoice_date not in self.formats:
                    raise RuntimeError(
                        "bench: no ORM-made invoice to copy dated "
                        f"{inputs[i].invoice_date}"
                    )
                prefix, name_format, values = self.formats[inputs[i].invoice_date]
                self.last_number[prefix] += 1
                number = self.last_number[prefix]
                names[i] = (
                    prefix,
                    number,
                    name_format.format(**{**values, "seq": number}),
                )
        return names

    def clone(self, inputs, offset):
        """Copies one chunk of invoices (whole batches), not committed."""
        env, cr = self.env, self.env.cr
        assert offset % CREATE_BATCH == 0 and CLONE_CHUNK % CREATE_BATCH == 0
        names = self._names(inputs, offset)
        cr.execute(
            SQL(
                "SELECT nextval('account_move_id_seq') FROM generate_series(1, %s)",
                len(inputs),
            )
        )
        ids = [move_id for (move_id,) in cr.fetchall()]
        partners = env["res.partner"].browse({inp.partner_id for inp in inputs})
        partners.fetch(["display_name", "commercial_partner_id"])
        display = {p.id: p.display_name for p in partners}
        commercial = {p.id: p.commercial_partner_id.id for p in partners}
        # One note's Message-ID per batch, as _message_log_batch gives it.
        message_ids = [
            generate_tracking_message_id("message-notify")
            for _batch in range(0, len(inputs), CREATE_BATCH)
        ]
        rows = SQL(
            "unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::varchar[],"
            " %s::date[], %s::date[], %s::varchar[], %s::int[], %s::varchar[],"
            " %s::varchar[]) AS c(id, proto_id, partner_id, commercial_id,"
            " partner_name, date, due, prefix, number, name, message_id)",
            ids,
            [self.prototypes[inp.rank] for inp in inputs],
            [inp.partner_id for inp in inputs],
            [commercial[inp.partner_id] for inp in inputs],
            [display[inp.partner_id] for inp in inputs],
            [inp.invoice_date for inp in inputs],
            [inp.due for inp in inputs],
            [prefix for prefix, _number, _name in names],
            [number for _prefix, number, _name in names],
            [name for _prefix, _number, name in names],
            [message_ids[i // CREATE_BATCH] for i in range(len(inputs))],
        )
        timestamps = {"create_date": NOW, "write_date": NOW}
        # 1. The invoices. For the bench's customers (companies without
        # contacts), the delivery address is the customer itself.
        _insert_select(
            cr,
            "account_move",
            SQL("%s JOIN account_move p ON p.id = c.proto_id", rows),
            "p",
            {
                "id": SQL("c.id"),
                "partner_id": SQL("c.partner_id"),
                "commercial_partner_id": SQL("c.commercial_id"),
                "partner_shipping_id": SQL("c.partner_id"),
                "invoice_partner_display_name": SQL("c.partner_name"),
                "date": SQL("c.date"),
                "invoice_date": SQL("c.date"),
                "invoice_date_due": SQL("c.due"),
                "sequence_prefix": SQL("c.prefix"),
                "sequence_number": SQL("c.number"),
                "name": SQL("c.name"),
                "payment_reference": SQL("NULL"),
                **timestamps,
            },
            SQL("ORDER BY c.id"),
        )
        # 2. Their structured reference, by Odoo's method (it may use the id).
        moves = env["account.move"].browse(ids)
        moves.fetch(["journal_id", "partner_id"])
        references = [move._get_invoice_computed_reference() for move in moves]
        cr.execute(
            SQL(
                "UPDATE account_move m SET payment_reference = r.reference"
                " FROM unnest(%s::int[], %s::varchar[]) AS r(id, reference)"
                " WHERE m.id = r.id",
                ids,
                references,
            )
        )
        moves.invalidate_recordset()
        rows = SQL(
            "%s JOIN unnest(%s::int[], %s::varchar[]) AS r(id, reference)"
            " ON r.id = c.id",
            rows,
            ids,
            references,
        )
        # 3. Their lines: the income line and the receivable (payment term)
        # line, whose label is the reference (account.move.line._compute_name).
        _insert_select(
            cr,
            "account_move_line",
            SQL("%s JOIN account_move_line l ON l.move_id = c.proto_id", rows),
            "l",
            {
                "move_id": SQL("c.id"),
                "partner_id": SQL("c.commercial_id"),
                "move_name": SQL("c.name"),
                "date": SQL("c.date"),
                "invoice_date": SQL("c.date"),
                "date_maturity": SQL(
                    "CASE WHEN l.date_maturity IS NULL THEN NULL ELSE c.due END"
                ),
                "name": SQL(
                    "CASE WHEN l.display_type = 'payment_term' THEN r.reference"
                    " ELSE l.name END"
                ),
                **timestamps,
            },
            SQL("ORDER BY c.id, l.id"),
        )
        # 4. The stored PDF (the same file: the filestore keeps one per checksum).
        _insert_select(
            cr,
            "ir_attachment",
            SQL(
                "%s JOIN ir_attachment a ON a.res_model = 'account.move'"
                " AND a.res_id = c.proto_id",
                rows,
            ),
            "a",
            {"res_id": SQL("c.id"), "name": SQL("c.name || '.pdf'"), **timestamps},
            SQL("ORDER BY c.id"),
        )
        # 5. The note "Invoice sent by e-mail."
        _insert_select(
            cr,
            "mail_message",
            SQL(
                "%s JOIN mail_message n ON n.model = 'account.move'"
                " AND n.res_id = c.proto_id",
                rows,
            ),
            "n",
            {
                "res_id": SQL("c.id"),
                "message_id": SQL("c.message_id"),
                "date": NOW,
                **timestamps,
            },
            SQL("ORDER BY c.id"),
        )
        # 6. Posting raises the customers' rank (account.move._post).
        counts = {}
        for inp in inputs:
            counts[inp.partner_id] = counts.get(inp.partner_id, 0) + 1
        by_count = {}
        for partner_id, count in counts.items():
            by_count.setdefault(count, []).append(partner_id)
        for count, partner_ids in by_count.items():
            env["res.partner"].browse(partner_ids)._increase_rank(
                "customer_rank", count
            )
        env.flush_all()
        return moves


# --- The proof that the copies are what Odoo makes --------------------------

# Columns that differ between any two invoices: ids and timestamps, and the
# number and reference each invoice gets from the sequence and its id (checked
# on their own below).
OWN_COLUMNS = {
    "account_move": {"id", "name", "sequence_number", "payment_reference"},
    "account_move_line": {"id", "move_id", "move_name"},
    "ir_attachment": {"id", "res_id", "name"},
    "mail_message": {"id", "res_id", "message_id", "date"},
    "res_partner": {
        "id",
        "name",
        "complete_name",
        "email",
        "email_normalized",
        "commercial_partner_id",
        "commercial_company_name",
    },
}
TIMESTAMPS = {"create_date", "write_date"}


class CloneMismatch(AssertionError):
    pass


def _rows(cr, table, where):
    cr.execute(
        SQL("SELECT * FROM %s WHERE %s ORDER BY id", SQL.identifier(table), where)
    )
    names = [d.name for d in cr.description]
    return [dict(zip(names, row, strict=True)) for row in cr.fetchall()]


def _compare(table, clone_rows, orm_rows, what, skip=()):
    if len(clone_rows) != len(orm_rows):
        raise CloneMismatch(
            f"{what}: {len(clone_rows)} {table} rows for the copy, "
            f"{len(orm_rows)} for the ORM's"
        )
    ignored = OWN_COLUMNS[table] | TIMESTAMPS | set(skip)
    for clone_row, orm_row in zip(clone_rows, orm_rows, strict=True):
        differ = {
            column: (clone_row[column], orm_row[column])
            for column in clone_row
            if column not in ignored and clone_row[column] != orm_row[column]
        }
        if differ:
            raise CloneMismatch(f"{what}: {table} differs (copy, ORM): {differ}")
    return len(clone_rows[0]) - len(ignored & set(clone_rows[0])) if clone_rows else 0


def _stored_computed(model):
    return [
        name
        for name, field in model._fields.items()
        if field.store and field.compute and name not in ("display_name",)
    ]


def _plain(value):
    return tuple(value.ids) if hasattr(value, "_ids") else value


class _Undo(Exception):
    pass


def _recomputed(records):
    """The stored computed fields of records that the ORM, asked to compute
    one of them alone, computes otherwise than stored: {field: records}."""
    env = records.env
    differ = {}
    for name in _stored_computed(records):
        try:
            # A flushing savepoint that rolls back clears the cache too.
            with env.cr.savepoint():
                records.invalidate_recordset()
                stored = {r.id: _plain(r[name]) for r in records}
                env.add_to_compute(records._fields[name], records)
                count = sum(_plain(r[name]) != stored[r.id] for r in records)
                if count:
                    differ[name] = count
                raise _Undo
        except _Undo:
            pass
    return differ


def check_clones(env, journal, inputs, copied):
    """Raises CloneMismatch unless the copied invoices (the last ``copied``
    of inputs) are what the ORM makes of the same inputs. Rolls back.
    Returns what was compared, for the report."""
    env.cr.commit()
    moves = env["account.move"].search(
        [("journal_id", "=", journal.id), ("move_type", "=", "out_invoice")], order="id"
    )
    if len(moves) != len(inputs):
        raise CloneMismatch(f"{len(moves)} invoices for {len(inputs)} made")
    orm_made, clones = moves[: len(inputs) - copied], moves[len(inputs) - copied :]
    sample = clones[:: max(1, len(clones) // 50)] | clones[-1:]
    try:
        _check_numbers(env, journal, sample)
        compared = _check_twins(env, journal, inputs, moves, orm_made, clones)
        inherent = _check_recompute(sample, orm_made[:: max(1, len(orm_made) // 50)])
        return CheckReport(compared, len(sample), inherent)
    finally:
        env.cr.rollback()
        env.invalidate_all()


@dataclasses.dataclass
class CheckReport:
    compared: dict  # {table: columns compared}
    recomputed: int  # copies whose stored computed fields were recomputed
    inherent: list  # fields the ORM recomputes otherwise on its own invoices too


def _check_numbers(env, journal, sample):
    """Every number and reference once; each copy's reference as Odoo
    computes it, its lines with its number."""
    env.cr.execute(
        SQL(
            "SELECT count(*), count(DISTINCT name), count(DISTINCT payment_reference)"
            " FROM account_move WHERE journal_id = %s",
            journal.id,
        )
    )
    total, names, references = env.cr.fetchone()
    if not total == names == references:
        raise CloneMismatch(
            f"{total} invoices, {names} numbers, {references} references"
        )
    for move in sample:
        if move.payment_reference != move._get_invoice_computed_reference():
            raise CloneMismatch(f"{move.name}: reference {move.payment_reference}")
        if set(move.line_ids.mapped("move_name")) != {move.name}:
            raise CloneMismatch(f"{move.name}: lines carry another number")


def _check_twins(env, journal, inputs, moves, orm_made, clones):
    """A copied customer as one the ORM invoiced (its rank is the number of
    its invoices); then two copies made again by the ORM, each of another
    customer and date than the invoice it was copied from: every column
    equal, and the ORM numbers them right after the copies."""
    cr = env.cr
    compared = {}
    first, last = inputs[0].partner_id, inputs[-1].partner_id
    if first != last:
        compared["res_partner"] = _compare(
            "res_partner",
            _rows(cr, "res_partner", SQL("id = %s", last)),
            _rows(cr, "res_partner", SQL("id = %s", first)),
            "customers",
        )
    by_id = dict(zip(moves.ids, inputs, strict=True))
    proto_dates = {}
    for inp in inputs[: len(orm_made)]:
        proto_dates.setdefault(inp.rank, inp.invoice_date)

    def unlike_prototype(move):
        inp = by_id[move.id]
        return inp.invoice_date != proto_dates[inp.rank]

    picked = clones[len(clones) // 2 :].filtered(unlike_prototype)[:1]
    picked |= clones[::-1].filtered(unlike_prototype)[:1]
    twins = make_orm(env, journal, [by_id[move.id] for move in picked])
    env.flush_all()
    for clone, twin in zip(picked, twins, strict=True):
        what = f"copy {clone.name} and ORM-made {twin.name}"
        for table, where in (
            ("account_move", "id = %s"),
            ("account_move_line", "move_id = %s"),
            ("ir_attachment", "res_model = 'account.move' AND res_id = %s"),
            ("mail_message", "model = 'account.move' AND res_id = %s"),
        ):
            compared[table] = _compare(
                table,
                _rows(cr, table, SQL(where, clone.id)),
                _rows(cr, table, SQL(where, twin.id)),
                what,
                # The receivable line's label is the invoice's own reference.
                skip={"name"} if table == "account_move_line" else (),
            )
        for line, twin_line in zip(clone.line_ids, twin.line_ids, strict=True):
            own = (
                line.display_type == "payment_term"
                and line.name == clone.payment_reference
            )
            if line.name != twin_line.name and not own:
                raise CloneMismatch(f"{what}: line label {line.name!r}")
    for prefix in set(twins.mapped("sequence_prefix")):
        cr.execute(
            SQL(
                "SELECT max(sequence_number) FROM account_move"
                " WHERE journal_id = %s AND sequence_prefix = %s AND id NOT IN %s",
                journal.id,
                prefix,
                tuple(twins.ids),
            )
        )
        last_number = cr.fetchone()[0]
        numbers = sorted(
            twins.filtered(lambda m, p=prefix: m.sequence_prefix == p).mapped(
                "sequence_number"
            )
        )
        if numbers != list(range(last_number + 1, last_number + 1 + len(numbers))):
            raise CloneMismatch(
                f"the ORM numbers {numbers} after {prefix}{last_number}"
            )
    compared["invoices made again"] = len(twins)
    return compared


def _check_recompute(sample, orm_sample):
    """The ORM recomputes each stored computed field of the copies (invoice,
    lines) as stored, but for those it recomputes otherwise on the invoices it
    made itself too (returned)."""
    inherent = set()
    for label, records, control in (
        ("invoices", sample, orm_sample),
        ("invoice lines", sample.line_ids, orm_sample.line_ids),
    ):
        differ = _recomputed(records)
        expected = _recomputed(control)
        inherent |= set(expected)
        if set(differ) - set(expected):
            raise CloneMismatch(
                f"{label}: stored computed fields recomputed otherwise: {differ} "
                f"(on ORM-made {label}: {expected})"
            )
    return sorted(inherent)
