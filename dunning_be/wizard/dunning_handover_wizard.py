# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DunningHandoverWizard(models.TransientModel):
    """Hand invoices over to a debt collector by hand: all the overdue
    invoices of a customer, or the invoices chosen in a list (one hand-over
    per customer)."""

    _name = "dunning.handover.wizard"
    _description = "Hand Over to a Debt Collector"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('company_id', '=', company_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    collector_id = fields.Many2one(
        "res.partner",
        string="Debt Collector",
        domain=[("dunning_collector_kind", "!=", False)],
        help="The collection agency, lawyer or bailiff the file goes to.",
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_totals")
    amount_residual = fields.Monetary(
        string="Open Amount", compute="_compute_totals", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("move_ids")
    def _compute_totals(self):
        for wizard in self:
            wizard.partner_count = len(wizard.move_ids.commercial_partner_id)
            wizard.amount_residual = sum(
                wizard.move_ids.mapped("amount_residual_signed")
            )

    @api.model
    def action_open(self, partner=None, moves=None):
        """The wizard on a customer's overdue invoices, or on ``moves``."""
        company = self.env.company
        if partner is not None:
            moves = self.env["account.move"].search(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "=", partner.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", fields.Date.context_today(self)),
                    ("dunning_handover_id", "=", False),
                ],
                order="invoice_date_due, id",
            )
        moves = moves.filtered(lambda m: m.move_type == "out_invoice")
        if not moves:
            raise UserError(
                self.env._("There is no overdue invoice to hand over to a collector.")
            )
        if len(moves.company_id) > 1:
            raise UserError(
                self.env._("Hand over the invoices of one company at a time.")
            )
        wizard = self.with_company(moves.company_id).create(
            {
                "company_id": moves.company_id.id,
                "move_ids": [fields.Command.set(moves.ids)],
                "collector_id": self._default_collector(moves).id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Over to a Debt Collector"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _default_collector(self, moves):
        """The collector of the customer's policy's hand-over level, else the
        one the company used last."""
        partner = moves.commercial_partner_id[:1]
        policy = partner.with_company(moves.company_id)._dunning_policy()
        collector = policy.level_ids.filtered("handover").handover_collector_id[:1]
        if collector:
            return collector
        return (
            self.env["dunning.handover"]
            .search(
                [
                    ("company_id", "=", moves.company_id.id),
                    ("collector_id", "!=", False),
                ],
                order="id desc",
                limit=1,
            )
            .collector_id
        )

    def action_prepare(self):
        """One hand-over to review per customer."""
        return self._open(self._prepare())

    def action_send(self):
        """Prepare and send at once: refused as a whole, nothing sent, when
        one file is incomplete."""
        handovers = self._prepare()
        handovers.action_send()
        return self._open(handovers)

    def _prepare(self):
        self.ensure_one()
        Handover = self.env["dunning.handover"].with_company(self.company_id)
        handovers = Handover
        for partner, moves in self.move_ids.grouped("commercial_partner_id").items():
            handovers |= Handover._prepare(partner, moves, self.collector_id)
        return handovers

    def _open(self, handovers):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dunning_be.dunning_handover_action"
        )
        if len(handovers) == 1:
            action.update(
                res_id=handovers.id, view_mode="form", views=[(False, "form")]
            )
        else:
            action["domain"] = [("id", "in", handovers.ids)]
        return action
