# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..lib.ageing import week_range
from ..lib.behaviour import DSO_DAYS, days_sales_outstanding
from ..report.dunning_receivable import AGEING_SELECTION
from .account_move import HOLD_SELECTION
from .dunning_partner_behaviour import CLASS_SELECTION

TOP_CUSTOMERS = 10


def _lines_of(kind, string):
    """The overview's lines of one kind, as one of its lists."""
    return fields.One2many(
        "dunning.overview.line",
        "overview_id",
        string=string,
        domain=[("kind", "=", kind)],
        readonly=True,
    )


class DunningOverview(models.TransientModel):
    """Every receivable of one company at a glance, on one day.

    Made when the menu is opened and filled in a handful of grouped queries:
    its cost does not grow with the number of invoices. Every figure opens
    the invoices behind it.
    """

    _name = "dunning.overview"
    _description = "Payment Reminders Overview"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        help="The figures are this company's only. Switch company at the top "
        "right to see another's.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    summary = fields.Char(compute="_compute_summary")

    open_count = fields.Integer(string="Open Invoices", readonly=True)
    amount_open = fields.Monetary(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue Invoices", readonly=True)
    amount_overdue = fields.Monetary(
        string="Overdue",
        readonly=True,
        help="Open invoices past their due date, those held back included (a "
        "payment not yet matched, a dispute...).",
    )
    held_count = fields.Integer(string="Held Back Invoices", readonly=True)
    last_run_date = fields.Date(
        string="Last Run",
        readonly=True,
        help="The day of the last reminder run: it sets which invoices are held "
        "back, and the held figures are as it left them.",
    )
    amount_held = fields.Monetary(string="Held Back", readonly=True)
    collector_count = fields.Integer(
        string="Invoices With the Debt Collector", readonly=True
    )
    amount_collector = fields.Monetary(
        string="With the Debt Collector",
        readonly=True,
        help="Open invoices handed over to a debt collector: dunning_be no "
        "longer reminds them.",
    )
    call_count = fields.Integer(
        string="Calls to Make Today",
        readonly=True,
        help="Open calls due today or earlier that still hold their level.",
    )
    amount_calls = fields.Monetary(string="Open on Today's Calls", readonly=True)
    overdue_call_count = fields.Integer(
        string="Overdue Calls",
        readonly=True,
        help="Open calls past their Call By day: their level goes out without "
        "them, and the credit controller's manager is told.",
    )
    amount_overdue_calls = fields.Monetary(
        string="Open on Overdue Calls", readonly=True
    )
    promise_count = fields.Integer(string="Promises Due This Week", readonly=True)
    amount_promises = fields.Monetary(string="Promised This Week", readonly=True)
    letters_waiting_count = fields.Integer(
        string="Letters Waiting to Be Printed",
        readonly=True,
        help="Letters in the print queue for more than 3 working days. A "
        "letter is dated the day it is printed: the customer's 14 days and "
        "the late interest wait with it.",
    )
    chronic_count = fields.Integer(string="Chronic Late Payers", readonly=True)
    amount_chronic = fields.Monetary(
        string="Overdue at Chronic Late Payers", readonly=True
    )
    dso = fields.Float(
        string="Days Sales Outstanding",
        digits=(16, 1),
        readonly=True,
        help="How many days of sales customers owe: what they owe today "
        "(open invoices less open credit notes) divided by what was invoiced "
        "to them in the last 90 days, this day included (invoices less credit "
        "notes, taxes included), times 90. Empty when the invoices of those "
        "90 days, less credit notes, come to nothing.",
    )
    dso_known = fields.Boolean(string="Days Sales Outstanding Known", readonly=True)
    amount_receivable = fields.Monetary(
        string="Owed Today",
        readonly=True,
        help="Open customer invoices less open credit notes.",
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced in 90 Days",
        readonly=True,
        help="Customer invoices less credit notes dated in the last 90 days, "
        "taxes included.",
    )

    line_ids = fields.One2many(
        "dunning.overview.line", "overview_id", string="Lines", readonly=True
    )
    ageing_line_ids = _lines_of("ageing", "Ageing")
    level_line_ids = _lines_of("level", "Per Reminder Level")
    hold_line_ids = _lines_of("hold", "Held Back Per Reason")
    top_line_ids = _lines_of("top", "Largest Overdue Amounts")
    chronic_line_ids = _lines_of("chronic", "Chronic Late Payers List")

    @api.depends("date", "currency_id")
    def _compute_summary(self):
        for overview in self:
            overview.summary = self.env._(
                "Receivables on %(date)s, in %(currency)s. Click a figure to see "
                "the invoices behind it.",
                date=format_date(self.env, overview.date),
                currency=overview.currency_id.name,
            )

    def _compute_display_name(self):
        for overview in self:
            overview.display_name = self.env._("Overview")

    @api.model_create_multi
    def create(self, vals_list):
        overviews = super().create(vals_list)
        for overview in overviews:
            overview._load()
        return overviews

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_open(self):
        """The menu's entry: a fresh overview of the current company."""
        overview = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Overview"),
            "res_model": self._name,
            "res_id": overview.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_refresh(self):
        self.ensure_one()
        self.line_ids.unlink()
        self.date = fields.Date.context_today(self)
        self._load()
        return True

    def action_open_analysis(self):
        self.ensure_one()
        action = self._receivable_action(
            self.env._("Receivables Analysis"), self._base_domain()
        )
        views = {kind: view for view, kind in action["views"]}
        action["views"] = [(views[kind], kind) for kind in ("graph", "pivot", "list")]
        return action

    def action_open_invoices(self):
        """The invoices behind the card named ``figure`` in the context."""
        self.ensure_one()
        figure = self.env.context.get("figure")
        titles = {
            "open": self.env._("Open Invoices"),
            "overdue": self.env._("Overdue Invoices"),
            "held": self.env._("Held Back Invoices"),
            "collector": self.env._("Invoices With the Debt Collector"),
            "calls": self.env._("Invoices of Today's Calls"),
            "promises": self.env._("Invoices Promised This Week"),
            "chronic": self.env._("Invoices of Chronic Late Payers"),
        }
        if figure not in titles:
            raise ValueError(f"unknown overview figure {figure!r}")
        return self._receivable_action(titles[figure], self._figure_domain(figure))

    def action_open_receivable(self):
        """The invoices and credit notes behind "Owed Today"."""
        self.ensure_one()
        return self._move_action(
            self.env._("Open Invoices and Credit Notes"),
            self._receivable_move_domain(),
        )

    def action_open_invoiced(self):
        """The invoices and credit notes behind "Invoiced in 90 Days"."""
        self.ensure_one()
        return self._move_action(
            self.env._("Invoiced in the Last 90 Days"), self._invoiced_move_domain()
        )

    def action_open_letters_waiting(self):
        """The letters behind "Letters Waiting to Be Printed"."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_reminder_action_print"
        )
        name = self.env._("Letters Waiting to Be Printed")
        action.update(
            name=name, display_name=name, domain=self._letters_waiting_domain()
        )
        return action

    def action_open_calls(self):
        """Calls to Make; with ``calls`` in the context (``today``,
        ``overdue``), the calls of that card, as the card counts them."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_call_action_today"
        )
        action["domain"] = [("company_id", "=", self.company_id.id)]
        figure = self.env.context.get("calls")
        if figure:
            action.update(
                domain=self.env["dunning.call"]._overview_domain(
                    figure, self.company_id, self.date
                ),
                context={},
            )
        if figure == "overdue":
            name = self.env._("Overdue Calls")
            action.update(name=name, display_name=name)
        return action

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------

    def _load(self):
        """Fill in the figures and the lists, for the company and the day."""
        self.ensure_one()
        rows = self._receivables()
        vals = {}
        for figure in ("open", "overdue", "held", "collector"):
            [(count, amount)] = rows._read_group(
                self._figure_domain(figure), [], ["__count", "amount_residual:sum"]
            )
            vals[f"{figure}_count"] = count
            vals[f"amount_{figure}"] = amount
        # The chronic card counts customers, and sums what they owe overdue.
        chronic = self._chronic_behaviours()
        vals["chronic_count"] = len(chronic)
        [(vals["amount_chronic"],)] = rows._read_group(
            self._figure_domain("chronic"), [], ["amount_overdue:sum"]
        )
        # The calls' cards: what their lists count and total.
        Call = self.env["dunning.call"]
        for figure, count, amount in (
            ("today", "call_count", "amount_calls"),
            ("overdue", "overdue_call_count", "amount_overdue_calls"),
        ):
            vals[count], vals[amount] = Call._totals(
                Call._overview_domain(figure, self.company_id, self.date),
                self.company_id,
                self.date,
            )
        vals["promise_count"] = len(self._promises_this_week())
        [(vals["amount_promises"],)] = rows._read_group(
            self._figure_domain("promises"), [], ["amount_residual:sum"]
        )
        vals["letters_waiting_count"] = self.env["dunning.reminder"].search_count(
            self._letters_waiting_domain()
        )
        vals.update(self._dso_figures())
        vals["last_run_date"] = self.company_id._dunning_last_run()
        self.write(vals)
        self.env["dunning.overview.line"].create(
            self._ageing_lines(rows)
            + self._level_lines(rows)
            + self._hold_lines(rows)
            + self._top_lines(rows)
            + self._chronic_lines(rows, chronic)
        )

    def _receivables(self):
        return self.env["dunning.receivable"].with_context(dunning_date=self.date)

    def _base_domain(self):
        return [("company_id", "=", self.company_id.id)]

    def _figure_domain(self, figure):
        """The receivable rows behind a card."""
        domain = self._base_domain()
        if figure == "overdue":
            domain.append(("overdue", "=", True))
        elif figure == "held":
            domain.append(("dunning_hold", "!=", False))
        elif figure == "collector":
            domain.append(("with_collector", "=", True))
        elif figure == "calls":
            domain.append(("move_id", "in", self._calls_today().move_ids.ids))
        elif figure == "promises":
            # each call's invoices, but those disputed in that call
            promised = self.env["account.move"].union(
                *(
                    call.move_ids - call.disputed_move_ids
                    for call in self._promises_this_week()
                )
            )
            domain.append(("move_id", "in", promised.ids))
        elif figure == "chronic":
            domain += [("behaviour_class", "=", "chronic"), ("overdue", "=", True)]
        return domain

    def _letters_waiting_domain(self):
        return self.env["dunning.reminder"]._letters_waiting_domain(
            self.company_id, self.date
        )

    def _calls_today(self):
        return self.env["dunning.call"].search(
            self.env["dunning.call"]._overview_domain(
                "today", self.company_id, self.date
            )
        )

    def _promises_this_week(self):
        """The promises to pay whose day falls in this week."""
        monday, sunday = week_range(self.date)
        return self.env["dunning.call"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("outcome", "=", "promise"),
                ("promise_date", ">=", monday),
                ("promise_date", "<=", sunday),
            ]
        )

    def _chronic_behaviours(self):
        return self.env["dunning.partner.behaviour"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("behaviour_class", "=", "chronic"),
            ]
        )

    def _receivable_move_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("amount_residual", ">", 0),
        ]

    def _invoiced_move_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("invoice_date", ">=", self.date - timedelta(days=DSO_DAYS - 1)),
            ("invoice_date", "<=", self.date),
        ]

    def _dso_figures(self):
        moves = self.env["account.move"]
        [(owed,)] = moves._read_group(
            self._receivable_move_domain(), [], ["amount_residual_signed:sum"]
        )
        [(invoiced,)] = moves._read_group(
            self._invoiced_move_domain(), [], ["amount_total_signed:sum"]
        )
        rounding = self.currency_id.decimal_places
        dso = days_sales_outstanding(round(owed, rounding), round(invoiced, rounding))
        return {
            "amount_receivable": owed,
            "amount_invoiced": invoiced,
            "dso": float(dso) if dso is not None else 0.0,
            "dso_known": dso is not None,
        }

    def _ageing_lines(self, rows):
        groups = {
            ageing: (count, amount)
            for ageing, count, amount in rows._read_group(
                self._base_domain(), ["ageing"], ["__count", "amount_residual:sum"]
            )
        }
        names = dict(
            self.env["dunning.overview.line"]
            ._fields["ageing"]
            ._description_selection(self.env)
        )
        return [
            {
                "overview_id": self.id,
                "kind": "ageing",
                "sequence": sequence,
                "name": names[code],
                "ageing": code,
                "count": groups.get(code, (0, 0.0))[0],
                "amount": groups.get(code, (0, 0.0))[1],
            }
            for sequence, (code, _label) in enumerate(AGEING_SELECTION)
        ]

    def _level_lines(self, rows):
        groups = rows._read_group(
            self._base_domain(),
            ["dunning_level_id"],
            ["__count", "amount_residual:sum", "amount_overdue:sum"],
            order="dunning_level_id",  # the levels' order: policy, sequence
        )
        lines = [
            {
                "overview_id": self.id,
                "kind": "level",
                # invoices not reminded yet first, then the levels in order
                "sequence": sequence if level else -1,
                "name": (
                    f"{level.policy_id.name}: {level.name}"
                    if level
                    else self.env._("No reminder yet")
                ),
                "level_id": level.id,
                "count": count,
                "amount": amount,
                "amount_overdue": overdue,
            }
            for sequence, (level, count, amount, overdue) in enumerate(groups)
        ]
        return sorted(lines, key=lambda line: line["sequence"])

    def _hold_lines(self, rows):
        names = dict(
            self.env["dunning.overview.line"]
            ._fields["hold"]
            ._description_selection(self.env)
        )
        groups = rows._read_group(
            self._figure_domain("held"),
            ["dunning_hold"],
            ["__count", "amount_residual:sum"],
        )
        order = [code for code, _label in HOLD_SELECTION]
        lines = [
            {
                "overview_id": self.id,
                "kind": "hold",
                "sequence": order.index(hold),
                "name": names[hold],
                "hold": hold,
                "count": count,
                "amount": amount,
            }
            for hold, count, amount in groups
        ]
        return sorted(lines, key=lambda line: line["sequence"])

    def _top_lines(self, rows):
        groups = rows._read_group(
            self._figure_domain("overdue"),
            ["partner_id"],
            ["__count", "amount_overdue:sum", "days_late:max"],
            order="amount_overdue:sum desc, partner_id",
            limit=TOP_CUSTOMERS,
        )
        partners = [partner for partner, *_ in groups]
        # what they owe in all, not yet due included
        owed = dict(
            rows._read_group(
                self._base_domain() + [("partner_id", "in", [p.id for p in partners])],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        )
        classes = self.env["dunning.partner.behaviour"]._stored_classes(
            self.company_id, [partner.id for partner in partners]
        )
        return [
            {
                "overview_id": self.id,
                "kind": "top",
                "sequence": sequence,
                "name": partner.display_name,
                "partner_id": partner.id,
                "behaviour_class": classes.get(partner.id),
                "count": count,
                "amount_overdue": overdue,
                "amount": owed.get(partner, 0.0),
                "days_late": late,
            }
            for sequence, (partner, count, overdue, late) in enumerate(groups)
        ]

    def _chronic_lines(self, rows, behaviours):
        groups = {
            partner.id: (count, amount, overdue, late)
            for partner, count, amount, overdue, late in rows._read_group(
                self._base_domain() + [("behaviour_class", "=", "chronic")],
                ["partner_id"],
                [
                    "__count",
                    "amount_residual:sum",
                    "amount_overdue:sum",
                    "days_late:max",
                ],
            )
        }
        lines = []
        for behaviour in behaviours:
            count, amount, overdue, late = groups.get(
                behaviour.partner_id.id, (0, 0.0, 0.0, 0)
            )
            lines.append(
                {
                    "overview_id": self.id,
                    "kind": "chronic",
                    "name": behaviour.partner_id.display_name,
                    "partner_id": behaviour.partner_id.id,
                    "behaviour_class": "chronic",
                    "count": count,
                    "amount": amount,
                    "amount_overdue": overdue,
                    "days_late": late,
                    "late_share": behaviour.late_share,
                    "average_days_late": behaviour.days_late,
                }
            )
        lines.sort(key=lambda line: (-line["amount_overdue"], line["name"]))
        for sequence, line in enumerate(lines):
            line["sequence"] = sequence
        return lines

    def _receivable_action(self, name, domain):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_receivable_action"
        )
        # The invoices first; the graph and pivot stay one click away.
        views = {kind: view for view, kind in action["views"]}
        action.update(
            name=name,
            display_name=name,
            domain=domain,
            context={"dunning_date": fields.Date.to_string(self.date)},
            views=[(views[kind], kind) for kind in ("list", "pivot", "graph")],
            view_mode="list,pivot,graph",
        )
        return action

    def _move_action(self, name, domain):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            name=name,
            display_name=name,
            domain=domain,
            context={"default_move_type": "out_invoice", "create": False},
        )
        return action


class DunningOverviewLine(models.TransientModel):
    """One row of the overview's lists: a bucket, a level, a reason or a
    customer, with the invoices behind it one click away."""

    _name = "dunning.overview.line"
    _description = "Payment Reminders Overview Line"
    _order = "overview_id, kind, sequence, id"

    overview_id = fields.Many2one(
        "dunning.overview", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="overview_id.company_id", store=True)
    currency_id = fields.Many2one(related="overview_id.currency_id")
    kind = fields.Selection(
        [
            ("ageing", "Ageing"),
            ("level", "Reminder Level"),
            ("hold", "Held Back"),
            ("top", "Largest Overdue"),
            ("chronic", "Chronic Late Payer"),
        ],
        required=True,
    )
    sequence = fields.Integer()
    name = fields.Char(string="Description")
    ageing = fields.Selection(AGEING_SELECTION)
    level_id = fields.Many2one("dunning.level", string="Reminder Level")
    hold = fields.Selection(HOLD_SELECTION, string="Reason")
    partner_id = fields.Many2one("res.partner", string="Customer")
    behaviour_class = fields.Selection(CLASS_SELECTION, string="Payment Behaviour")
    count = fields.Integer(string="Invoices")
    amount = fields.Monetary(string="Open")
    amount_overdue = fields.Monetary(string="Overdue")
    days_late = fields.Integer(
        string="Most Days Late",
        help="Days late of the customer's most overdue invoice.",
    )
    late_share = fields.Float(
        string="Paid Late (%)",
        digits=(16, 1),
        help="Share of the invoices paid in the last 12 months that were paid late.",
    )
    average_days_late = fields.Float(
        string="Average Days Late",
        digits=(16, 1),
        help="Average days late in the last 12 months, weighted by amount.",
    )

    def action_open_invoices(self):
        """The open invoices this row sums up."""
        self.ensure_one()
        overview = self.overview_id
        domain = overview._base_domain()
        if self.kind == "ageing":
            domain.append(("ageing", "=", self.ageing))
        elif self.kind == "level":
            domain.append(("dunning_level_id", "=", self.level_id.id))
        elif self.kind == "hold":
            domain.append(("dunning_hold", "=", self.hold))
        elif self.kind == "top":
            domain += [("partner_id", "=", self.partner_id.id), ("overdue", "=", True)]
        elif self.kind == "chronic":
            domain.append(("partner_id", "=", self.partner_id.id))
        return overview._receivable_action(self.name, domain)

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
