# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How each customer pays, per company: the figures of the last 12 months and
the class they put the customer in. Refreshed for a whole company in one SQL
query, by the daily run and on demand; lib/behaviour.py decides the class."""

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.behaviour import (
    CLASSES,
    Behaviour,
    average_days_late,
    classify,
    window_start,
)

CLASS_SELECTION = [
    ("new", "New Customer"),
    ("reliable", "Reliable"),
    ("occasional", "Occasionally Late"),
    ("chronic", "Chronic Late Payer"),
]
assert tuple(code for code, _label in CLASS_SELECTION) == CLASSES


# The columns _store writes from the figures, with their PostgreSQL types.
STORED_COLUMNS = {
    "partner_id": "int4",
    "first_invoice_date": "date",
    "paid_count": "int4",
    "late_count": "int4",
    "late_share": "float8",
    "days_late": "float8",
    "promise_kept_count": "int4",
    "promise_broken_count": "int4",
    "reminder_count": "int4",
    "max_level_id": "int4",
    "amount_open": "numeric",
    "amount_overdue": "numeric",
    "behaviour_class": "varchar",
}


class DunningPartnerBehaviour(models.Model):
    _name = "dunning.partner.behaviour"
    _description = "Payment Behaviour of a Customer"
    _order = "company_id, amount_overdue desc, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Computed On",
        readonly=True,
        help="The figures are those of the 12 months up to this day. The daily "
        "run computes them again.",
    )
    behaviour_class = fields.Selection(
        CLASS_SELECTION,
        string="Payment Behaviour",
        readonly=True,
        index=True,
        help="New: first invoice less than 6 months ago, or fewer than 3 "
        "invoices paid in 12 months. Then, by the share of invoices paid late "
        "and the average days late: reliable, occasionally late or chronic late "
        "payer. A bad debtor (Degree of Trust) is always a chronic late payer. "
        "The thresholds are in the accounting settings.",
    )
    first_invoice_date = fields.Date(string="First Invoice", readonly=True)
    paid_count = fields.Integer(
        string="Invoices Paid",
        readonly=True,
        help="Invoices paid in full in the last 12 months.",
    )
    late_count = fields.Integer(
        string="Paid Late",
        readonly=True,
        help="Of the invoices paid in the last 12 months, those paid after "
        "their due date.",
    )
    late_share = fields.Float(
        string="Share Paid Late (%)",
        digits=(5, 1),
        readonly=True,
        help="Invoices paid late divided by invoices paid, in the last 12 months.",
    )
    days_late = fields.Float(
        string="Average Days Late",
        digits=(7, 1),
        readonly=True,
        help="Days between the due date and the payment of the invoices paid in "
        "the last 12 months, averaged by amount: a large invoice weighs more. "
        "An invoice paid on time counts as 0 days.",
    )
    reminder_count = fields.Integer(
        string="Reminders Received",
        readonly=True,
        help="Reminders sent to the customer in the last 12 months.",
    )
    max_level_id = fields.Many2one(
        "dunning.level",
        string="Highest Level",
        readonly=True,
        help="The furthest reminder level the customer reached in 12 months.",
    )
    promise_kept_count = fields.Integer(
        string="Promises Kept",
        readonly=True,
        help="Promises to pay, made in a call in the last 12 months, for which "
        "every invoice was paid by the promised day plus the grace period.",
    )
    promise_broken_count = fields.Integer(
        string="Promises Broken",
        readonly=True,
        help="Promises to pay whose day plus grace period has passed with "
        "invoices still unpaid.",
    )
    amount_open = fields.Monetary(
        string="Open Amount",
        readonly=True,
        help="What the customer's open invoices still owe, in the company's currency.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue Amount",
        readonly=True,
        help="The part of the open amount that is past its due date.",
    )

    _partner_company_unique = models.UniqueIndex(
        "(partner_id, company_id)",
        "A customer has one payment behaviour per company.",
    )

    # ------------------------------------------------------------------
    # The refresh: one query per company
    # ------------------------------------------------------------------

    @api.model
    def _refresh(self, company, on_date, partner_ids=None):
        """Compute the behaviour of ``company``'s customers (all those with a
        posted invoice, or only ``partner_ids``) on ``on_date``, store it, and
        log each change of class in the customer's chatter. Returns
        ``{partner id: class}``."""
        figures = self._read_figures(company, on_date, partner_ids)
        thresholds = company._dunning_behaviour_thresholds()
        classes = {
            partner_id: classify(behaviour, on_date, thresholds)
            for partner_id, (behaviour, _totals) in figures.items()
        }
        before = self._stored_classes(company, list(classes))
        self._store(company, on_date, figures, classes, everyone=partner_ids is None)
        self._log_class_changes(
            {
                partner_id: (before[partner_id], new_class, figures[partner_id][0])
                for partner_id, new_class in classes.items()
                if before.get(partner_id) and before[partner_id] != new_class
            }
        )
        return classes

    @api.model
    def _read_figures(self, company, on_date, partner_ids=None):
        """``{partner id: (Behaviour, totals)}`` for ``company``'s customers,
        ``totals`` a dict of the other stored figures. One query."""
        for model in (
            "account.move",
            "account.move.line",
            "account.partial.reconcile",
            "dunning.reminder",
            "dunning.call",
            "res.partner",
        ):
            self.env[model].flush_model()
        calls = self.env["dunning.call"]
        invoices_rel = calls._fields["move_ids"]
        disputed_rel = calls._fields["disputed_move_ids"]
        partner_filter = (
            SQL("AND move.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        query = SQL(
            """
            WITH invoice AS (
                SELECT move.id, move.commercial_partner_id AS partner_id,
                       move.invoice_date, move.invoice_date_due AS due,
                       move.amount_total_signed AS amount,
                       move.amount_residual_signed AS residual,
                       move.payment_state
                  FROM account_move move
                 WHERE move.company_id = %(company)s
                   AND move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   %(partner_filter)s
            ),
            -- An invoice is paid on the day of its last reconciliation.
            paid AS (
                SELECT line.move_id, MAX(partial.max_date) AS paid_on
                  FROM account_move_line line
                  JOIN account_partial_reconcile partial
                    ON partial.debit_move_id = line.id
                 WHERE line.move_id IN (
                        SELECT id FROM invoice
                         WHERE payment_state IN ('paid', 'in_payment'))
                   AND line.display_type = 'payment_term'
              GROUP BY line.move_id
            ),
            -- Plain sums per customer; lib/behaviour.py makes the figures of
            -- them: late_share from the two counts, days_late (the average
            -- weighted by amount) from late_weight and paid_amount. An invoice
            -- paid late is one paid after its due date; one paid on time is
            -- in paid_count and paid_amount only, as 0 days late.
            per_partner AS (
                SELECT invoice.partner_id,
                       MIN(invoice.invoice_date) AS first_invoice,
                       COUNT(*) FILTER (WHERE paid.paid_on >= %(start)s)
                           AS paid_count,
                       COALESCE(SUM(invoice.amount)
                                FILTER (WHERE paid.paid_on >= %(start)s), 0)
                           AS paid_amount,
                       COUNT(*) FILTER (WHERE paid.paid_on >= %(start)s
                                          AND paid.paid_on > invoice.due)
                           AS late_count,
                       COALESCE(SUM((paid.paid_on - invoice.due) * invoice.amount)
                                FILTER (WHERE paid.paid_on >= %(start)s
                                          AND paid.paid_on > invoice.due), 0)
                           AS late_weight,
                       COALESCE(SUM(invoice.residual), 0) AS amount_open,
                       COALESCE(SUM(invoice.residual)
                                FILTER (WHERE invoice.due < %(today)s), 0)
                           AS amount_overdue
                  FROM invoice
             LEFT JOIN paid ON paid.move_id = invoice.id
              GROUP BY invoice.partner_id
            ),
            reminders AS (
                SELECT reminder.partner_id, COUNT(*) AS reminder_count,
                       (ARRAY_AGG(reminder.level_id
                                  ORDER BY level.sequence DESC, reminder.date DESC)
                       )[1] AS max_level_id
                  FROM dunning_reminder reminder
                  JOIN dunning_level level ON level.id = reminder.level_id
                 WHERE reminder.company_id = %(company)s
                   AND reminder.state = 'sent'
                   AND reminder.date >= %(start)s
                   AND reminder.partner_id IN (SELECT partner_id FROM per_partner)
              GROUP BY reminder.partner_id
            ),
            -- A promise is kept when each of its invoices (but those disputed
            -- in the call) was paid by the promised day plus the grace period,
            -- broken when that day has passed without it.
            promise AS (
                SELECT call.id, call.partner_id, call.pause_until,
                       BOOL_AND(COALESCE(move.amount_residual = 0
                                         AND paid.paid_on <= call.pause_until,
                                         FALSE)) AS settled
                  FROM dunning_call call
                  JOIN %(invoices_rel)s rel ON rel.%(invoices_call)s = call.id
                  JOIN account_move move ON move.id = rel.%(invoices_move)s
             LEFT JOIN paid ON paid.move_id = move.id
                 WHERE call.company_id = %(company)s
                   AND call.outcome = 'promise'
                   AND call.promise_date >= %(start)s
                   AND call.partner_id IN (SELECT partner_id FROM per_partner)
                   AND NOT EXISTS (
                        SELECT 1 FROM %(disputed_rel)s disputed
                         WHERE disputed.%(disputed_call)s = call.id
                           AND disputed.%(disputed_move)s = move.id)
              GROUP BY call.id
            ),
            promises AS (
                SELECT partner_id,
                       COUNT(*) FILTER (WHERE settled) AS kept,
                       COUNT(*) FILTER (WHERE NOT settled
                                          AND pause_until < %(today)s) AS broken
                  FROM promise
              GROUP BY partner_id
            )
            SELECT per_partner.partner_id, per_partner.first_invoice,
                   per_partner.paid_count, per_partner.late_count,
                   per_partner.late_weight, per_partner.paid_amount,
                   per_partner.amount_open, per_partner.amount_overdue,
                   COALESCE(reminders.reminder_count, 0),
                   reminders.max_level_id,
                   COALESCE(promises.kept, 0), COALESCE(promises.broken, 0),
                   COALESCE(partner.trust ->> %(company_key)s, '') = 'bad'
              FROM per_partner
              JOIN res_partner partner ON partner.id = per_partner.partner_id
         LEFT JOIN reminders ON reminders.partner_id = per_partner.partner_id
         LEFT JOIN promises ON promises.partner_id = per_partner.partner_id
          ORDER BY per_partner.partner_id
            """,
            company=company.id,
            company_key=str(company.id),
            partner_filter=partner_filter,
            start=window_start(on_date),
            today=on_date,
            invoices_rel=SQL.identifier(invoices_rel.relation),
            invoices_call=SQL.identifier(invoices_rel.column1),
            invoices_move=SQL.identifier(invoices_rel.column2),
            disputed_rel=SQL.identifier(disputed_rel.relation),
            disputed_call=SQL.identifier(disputed_rel.column1),
            disputed_move=SQL.identifier(disputed_rel.column2),
        )
        figures = {}
        for (
            partner_id,
            first_invoice,
            paid_count,
            late_count,
            late_weight,
            paid_amount,
            amount_open,
            amount_overdue,
            reminder_count,
            max_level_id,
            kept,
            broken,
            bad_debtor,
        ) in self.env.execute_query(query):
            behaviour = Behaviour(
                first_invoice=first_invoice,
                paid_count=paid_count,
                late_count=late_count,
                days_late=average_days_late(late_weight, paid_amount),
                promises_kept=kept,
                promises_broken=broken,
                bad_debtor=bad_debtor,
            )
            figures[partner_id] = (
                behaviour,
                {
                    "reminder_count": reminder_count,
                    "max_level_id": max_level_id,
                    "amount_open": amount_open,
                    "amount_overdue": amount_overdue,
                },
            )
        return figures

    @api.model
    def _stored_classes(self, company, partner_ids):
        """``{partner id: class}`` as stored for ``company``, in one query."""
        if not partner_ids:
            return {}
        self.flush_model(["behaviour_class"])
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id, behaviour_class FROM dunning_partner_behaviour"
                " WHERE company_id = %s AND partner_id = ANY(%s)",
                company.id,
                partner_ids,
            )
        )
        return dict(rows)

    @api.model
    def _store(self, company, on_date, figures, classes, everyone=False):
        """Insert or update every customer's row in one statement: the ORM
        would write thousands of rows one by one. With ``everyone``, the rows
        of customers who no longer have an invoice go."""
        partner_ids = list(figures)
        if everyone:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM dunning_partner_behaviour"
                    " WHERE company_id = %s AND NOT (partner_id = ANY(%s))",
                    company.id,
                    partner_ids,
                )
            )
        if not figures:
            self.invalidate_model()
            return
        rows = [
            {
                "partner_id": partner_id,
                "first_invoice_date": behaviour.first_invoice,
                "paid_count": behaviour.paid_count,
                "late_count": behaviour.late_count,
                "late_share": float(behaviour.late_share),
                "days_late": float(behaviour.days_late),
                "promise_kept_count": behaviour.promises_kept,
                "promise_broken_count": behaviour.promises_broken,
                **totals,
                "behaviour_class": classes[partner_id],
            }
            for partner_id, (behaviour, totals) in figures.items()
        ]
        # One array per column, typed for UNNEST.
        columns = {
            name: ([row[name] for row in rows], sql_type)
            for name, sql_type in STORED_COLUMNS.items()
        }
        names = list(columns)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO dunning_partner_behaviour
                       (company_id, date, create_uid, create_date, write_uid,
                        write_date, %(columns)s)
                SELECT %(company)s, %(date)s, %(uid)s, %(now)s, %(uid)s, %(now)s,
                       %(values)s
                  FROM UNNEST(%(arrays)s) AS figure(%(columns)s)
                ON CONFLICT (partner_id, company_id) DO UPDATE
                   SET date = EXCLUDED.date, write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date, %(updates)s
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in names),
                values=SQL(", ").join(
                    SQL("figure.%s", SQL.identifier(name)) for name in names
                ),
                arrays=SQL(", ").join(
                    SQL("%s::%s[]", values, SQL(sql_type))
                    for values, sql_type in columns.values()
                ),
                updates=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in names
                ),
                company=company.id,
                date=on_date,
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(
            ["dunning_behaviour_id", "dunning_behaviour_class"]
        )

    @api.model
    def _log_class_changes(self, changes):
        """``{partner id: (old class, new class, Behaviour)}``: a note on each
        customer, saying why."""
        if not changes:
            return
        labels = dict(self._fields["behaviour_class"]._description_selection(self.env))
        self.env["res.partner"].browse(list(changes))._message_log_batch(
            {
                partner_id: self.env._(
                    "Payment behaviour changed from %(old)s to %(new)s: in the "
                    "last 12 months, %(paid)s, %(days)s, %(broken)s.",
                    old=labels[old],
                    new=labels[new],
                    **self._class_change_counts(behaviour),
                )
                for partner_id, (old, new, behaviour) in changes.items()
            }
        )

    def _class_change_counts(self, behaviour):
        """The counts of a class change's note, each in its singular or
        plural sentence."""
        late, paid = behaviour.late_count, behaviour.paid_count
        days, broken = behaviour.days_late, behaviour.promises_broken
        return {
            "paid": (
                self.env._("%s of 1 invoice paid late", late)
                if paid == 1
                else self.env._(
                    "%(late)s of %(paid)s invoices paid late", late=late, paid=paid
                )
            ),
            "days": (
                self.env._("1 day late on average")
                if days == 1
                else self.env._("%s days late on average", days)
            ),
            "broken": (
                self.env._("1 promise to pay broken")
                if broken == 1
                else self.env._("%s promises to pay broken", broken)
            ),
        }
