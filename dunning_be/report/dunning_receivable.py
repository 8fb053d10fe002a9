# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.ageing import BUCKETS
from ..models.account_move import HOLD_SELECTION
from ..models.dunning_partner_behaviour import CLASS_SELECTION

AGEING_SELECTION = [
    ("not_due", "Not Yet Due"),
    ("1_30", "1-30 Days Late"),
    ("31_60", "31-60 Days Late"),
    ("61_90", "61-90 Days Late"),
    ("over_90", "Over 90 Days Late"),
]
assert [code for code, _label in AGEING_SELECTION] == [code for code, *_ in BUCKETS]


class DunningReceivable(models.Model):
    """Every open customer invoice, with how late it is and where it stands
    in the reminders: the rows behind the overview's graphs and pivots.

    A query rather than a table, so that the days late and the ageing bucket
    are those of the day it is read (or of ``dunning_date`` in the context).
    The cache keeps a row's values whatever the context: to read another day's,
    invalidate the model first (the overview only groups, which reads no cache).
    """

    _name = "dunning.receivable"
    _description = "Open Customer Invoice"
    _auto = False
    _order = "days_late desc, move_id"
    _rec_name = "move_id"
    _depends = {  # noqa: RUF012 (Odoo reads it as a class attribute)
        "account.move": [
            "move_type",
            "state",
            "commercial_partner_id",
            "company_id",
            "invoice_user_id",
            "invoice_date",
            "invoice_date_due",
            "amount_total_signed",
            "amount_residual",
            "amount_residual_signed",
            "dunning_level_id",
            "dunning_hold",
            "dunning_handover_id",
        ],
        "dunning.level": ["policy_id"],
        "res.company": ["currency_id"],
        "dunning.partner.behaviour": ["partner_id", "company_id", "behaviour_class"],
    }

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    invoice_date = fields.Date(readonly=True)
    invoice_date_due = fields.Date(string="Due Date", readonly=True)
    amount_total = fields.Monetary(string="Invoiced", readonly=True)
    amount_residual = fields.Monetary(
        string="Open Amount",
        readonly=True,
        help="What is still to be paid, in the company's currency.",
    )
    amount_overdue = fields.Monetary(
        string="Overdue Amount",
        readonly=True,
        help="The open amount of the invoice once its due date has passed.",
    )
    days_late = fields.Integer(
        readonly=True,
        aggregator="max",
        help="Days since the due date; 0 when not due yet.",
    )
    ageing = fields.Selection(AGEING_SELECTION, readonly=True)
    overdue = fields.Boolean(readonly=True)
    dunning_level_id = fields.Many2one(
        "dunning.level", string="Reminder Level", readonly=True
    )
    dunning_policy_id = fields.Many2one(
        "dunning.policy",
        string="Reminder Policy",
        readonly=True,
        help="The policy of the invoice's reminder level.",
    )
    dunning_hold = fields.Selection(HOLD_SELECTION, string="Held Back", readonly=True)
    with_collector = fields.Boolean(
        string="With the Debt Collector",
        readonly=True,
        help="Handed over to a debt collector (its file may be closed): "
        "dunning_be no longer reminds it.",
    )
    behaviour_class = fields.Selection(
        CLASS_SELECTION, string="Payment Behaviour", readonly=True
    )

    @property
    def _table_query(self):
        today = self._date()
        late = SQL("(%s::date - move.invoice_date_due)", today)
        # The buckets of lib/ageing, so that a bucket means the same here as
        # in the run and the demo summary.
        ageing = SQL(
            "CASE %s ELSE %s END",
            SQL(" ").join(
                SQL("WHEN %s <= %s THEN %s", late, high, code)
                for code, _low, high in BUCKETS[:-1]
            ),
            BUCKETS[-1][0],
        )
        return SQL(
            """
            SELECT move.id AS id,
                   move.id AS move_id,
                   move.commercial_partner_id AS partner_id,
                   move.company_id,
                   company.currency_id,
                   move.invoice_user_id AS user_id,
                   move.invoice_date,
                   move.invoice_date_due,
                   move.amount_total_signed AS amount_total,
                   move.amount_residual_signed AS amount_residual,
                   CASE WHEN %(late)s > 0 THEN move.amount_residual_signed
                        ELSE 0 END AS amount_overdue,
                   GREATEST(%(late)s, 0) AS days_late,
                   %(ageing)s AS ageing,
                   %(late)s > 0 AS overdue,
                   move.dunning_level_id,
                   level.policy_id AS dunning_policy_id,
                   move.dunning_hold,
                   move.dunning_handover_id IS NOT NULL AS with_collector,
                   behaviour.behaviour_class
              FROM account_move move
              JOIN res_company company ON company.id = move.company_id
         LEFT JOIN dunning_level level ON level.id = move.dunning_level_id
         LEFT JOIN dunning_partner_behaviour behaviour
                ON behaviour.partner_id = move.commercial_partner_id
               AND behaviour.company_id = move.company_id
             WHERE move.move_type = 'out_invoice'
               AND move.state = 'posted'
               AND move.amount_residual > 0
               AND move.invoice_date_due IS NOT NULL
            """,
            late=late,
            ageing=ageing,
        )

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        # Group the buckets in their order, not alphabetically ("1-30" would
        # come before "Not Yet Due"): order by the bucket's position.
        if "ageing" not in groupby_terms:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = dict(groupby_terms)
        terms["ageing"] = SQL(
            "array_position(%s::varchar[], %s)",
            [code for code, *_ in BUCKETS],
            groupby_terms["ageing"],
        )
        orderby = super()._read_group_orderby(order, terms, query)
        groupby_terms.update(
            (spec, term) for spec, term in terms.items() if spec != "ageing"
        )
        return orderby

    @api.model
    def _date(self):
        """The day the figures are for: today, unless the context says."""
        return self.env.context.get("dunning_date") or fields.Date.context_today(self)

    def action_open_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
