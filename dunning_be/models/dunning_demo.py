# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo invoices and payments for the demo company, dated relative to today.

XML cannot register a partial payment or date an invoice "45 days late", so
the story lives in the table below and ``_load_demo_invoices`` (called from
``demo/dunning_demo_invoices.xml``, at install only) turns it into posted
invoices, credit notes and payments.
"""

from datetime import timedelta

from odoo import Command, api, fields, models

# Payment terms by xml id suffix (``account.account_payment_term_<suffix>``).
TERM_DAYS = {"15days": 15, "30days": 30, "45days": 45}

# Per customer (xml id suffix of ``dunning_be.demo_partner_<key>``): invoices as
# (days late today, untaxed amount, product key, term, payment). A negative
# number of days late is an invoice not yet due. Payment is None (open),
# ("paid", days after the due date; negative = early), ("partial", share paid,
# days ago) or ("unmatched", days ago): money received but not yet matched.
# ("refund", amount) is an open credit note, dated 10 days ago.
STORY = {
    # Always pays on time: a year of invoices paid a few days early.
    "gouden_korst": [
        (330, 420.0, "print", "30days", ("paid", -4)),
        (270, 380.0, "print", "30days", ("paid", -2)),
        (210, 455.0, "print", "30days", ("paid", -5)),
        (150, 390.0, "print", "30days", ("paid", -3)),
        (90, 410.0, "print", "30days", ("paid", -1)),
        (30, 395.0, "print", "30days", ("paid", -2)),
        (-12, 430.0, "print", "30days", None),
    ],
    # Always pays late: a year of invoices paid weeks late, two open now.
    "drie_linden": [
        (320, 1250.0, "labels", "30days", ("paid", 38)),
        (260, 980.0, "labels", "30days", ("paid", 52)),
        (200, 1420.0, "labels", "30days", ("paid", 41)),
        (140, 1100.0, "labels", "30days", ("paid", 60)),
        (100, 870.0, "labels", "30days", ("paid", 47)),
        (45, 1315.0, "labels", "30days", None),
        (20, 990.0, "labels", "30days", None),
    ],
    # 90 days late, 40 % paid; a newer invoice 3 days late.
    "claes": [
        (90, 3200.0, "signs", "30days", ("partial", 0.4, 50)),
        (3, 640.0, "print", "30days", None),
    ],
    "groenrijk": [(45, 1180.0, "print", "30days", None)],
    # An open credit note lowers what is due.
    "peeters": [
        (20, 860.0, "print", "30days", None),
        ("refund", 150.0),
    ],
    "wouters": [
        (3, 2450.0, "design", "30days", None),
        (-20, 780.0, "print", "30days", None),
    ],
    "maes": [(90, 1575.0, "signs", "45days", None)],
    # Occasionally late: 2 of 5 invoices of the year paid late.
    "vandenbroeck": [
        (20, 345.0, "print", "30days", None),
        (300, 310.0, "print", "30days", ("paid", 0)),
        (240, 330.0, "print", "30days", ("paid", 25)),
        (180, 300.0, "print", "30days", ("paid", -1)),
        (130, 290.0, "print", "30days", ("paid", 2)),
        (60, 320.0, "print", "30days", ("paid", 0)),
    ],
    # Paid, but the payment is not yet matched with the invoice.
    "zeezicht": [(20, 1890.0, "print", "30days", ("unmatched", 2))],
    "janssens": [(-5, 520.0, "print", "30days", None)],
    "fiesta": [(45, 760.0, "design", "15days", None)],
    "dubois": [
        (3, 290.0, "print", "30days", None),
        (200, 310.0, "print", "30days", ("paid", 0)),
    ],
    "lambert": [(45, 2240.0, "print", "30days", ("partial", 0.5, 10))],
    "leroy": [(20, 1650.0, "design", "30days", None)],
    "petit_sablon": [
        (90, 940.0, "print", "30days", None),
        (45, 470.0, "print", "30days", None),
    ],
    "renard": [(-10, 1320.0, "signs", "30days", None)],
    "lejeune": [(3, 415.0, "print", "30days", None)],
    "schmitz": [(20, 1780.0, "signs", "30days", None)],
    "kessler": [
        (90, 2960.0, "design", "45days", None),
        (3, 880.0, "print", "30days", None),
    ],
    "visser": [(45, 3400.0, "print", "30days", None)],
    "moreau": [(20, 2150.0, "print", "30days", None)],
    # The second invoice was typed without a payment term (see _setup_demo_holds).
    "weber": [
        (3, 1960.0, "labels", "30days", None),
        (10, 350.0, "print", None, None),
    ],
    "kieffer": [(120, 1240.0, "design", "30days", None)],
    "harbour": [(-15, 2600.0, "labels", "30days", None)],
    "vermeulen": [(20, 185.0, "photo", "15days", None)],
    "desmet": [(3, 96.0, "photo", "15days", None)],
    "goossens": [(45, 240.0, "photo", "15days", ("partial", 0.25, 12))],
    "jacobs": [(90, 155.0, "photo", "15days", None)],
    "dupont": [(20, 120.0, "photo", "15days", None)],
    "mertens": [(-8, 310.0, "photo", "15days", None)],
    "simon": [(45, 88.0, "photo", "15days", None)],
    "hoffmann": [(3, 210.0, "photo", "15days", None)],
}

PRODUCTS = {
    "print": "Printing: brochures and flyers",
    "labels": "Printing: beer labels",
    "signs": "Signs and banners",
    "design": "Graphic design",
    "photo": "Photo prints and albums",
}


class DunningDemo(models.AbstractModel):
    _name = "dunning.demo"
    _description = "Payment reminders: demo data"

    @api.model
    def _setup_demo_calls(self, company, user):
        """The demo company phones a customer before the formal notice, and
        ``user`` (the administrator) makes the calls."""
        company.dunning_user_id = user
        company.dunning_policy_id._levels()[-1].call_before = True

    @api.model
    def _setup_demo_claims(self, company):
        """The demo company's terms have a damages clause (10 %, at least
        EUR 40) and a EUR 7.50 fee, for consumers too; its second reminder
        books them. The clause can exceed the consumer caps of Book XIX: the
        settings show the warning that it is void for consumers, and offer
        the legal scale instead."""
        company.write(
            {
                "dunning_damages_clause": True,
                "dunning_damages_percent": 10.0,
                "dunning_damages_minimum": 40.0,
                "dunning_consumer_damages": "clause",
                "dunning_fee": 7.5,
                "dunning_consumer_fees": True,
            }
        )
        company.dunning_policy_id._levels()[1].charge_fees = True

    @api.model
    def _setup_demo_handover(self, company, agency):
        """The demo company's policy ends with a hand-over to ``agency``,
        reviewed before it goes; tools/demo_run.py hands one customer over."""
        policy = company.dunning_policy_id
        self.env["dunning.level"].create(
            {
                "policy_id": policy.id,
                "name": "Hand over to the collection agency",
                "sequence": policy._levels()[-1].sequence + 10,
                "delay": policy._levels()[-1].delay + 28,
                "handover": True,
                "handover_collector_id": agency.id,
                "auto_send": False,
                "send_email": False,
            }
        )

    @api.model
    def _setup_demo_holds(self, company):
        """One case of each hold the run checks before reminding:

        - Groenrijk paid by bank transfer yesterday, with the structured
          communication; the line is not reconciled yet (and keeps the bank
          feed fresh). Zeezicht's payment is registered, not matched.
        - Moreau asked for a pause of ten days.
        - Leroy's invoice e-mail bounced.
        - Simon's e-mail lacks its domain and her street is missing: neither
          the e-mail nor the fallback letter can reach her.
        - The company holds invoices never sent from Odoo (all are sent but
          Schmitz's) and without payment term (Weber's second one).
        The dispute comes from a call, in tools/demo_run.py."""
        env = self.with_company(company).env
        today = fields.Date.context_today(self)
        company.write(
            {"dunning_hold_never_sent": True, "dunning_hold_no_payment_term": True}
        )
        invoices = env["account.move"].search(
            [("company_id", "=", company.id), ("move_type", "=", "out_invoice")]
        )
        schmitz = env.ref("dunning_be.demo_partner_schmitz")
        (invoices - invoices.filtered(lambda m: m.partner_id == schmitz)).write(
            {"is_move_sent": True}
        )
        bank_journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        groenrijk = invoices.filtered(
            lambda m: m.partner_id == env.ref("dunning_be.demo_partner_groenrijk")
        )[:1]
        env["account.bank.statement.line"].create(
            {
                "journal_id": bank_journal.id,
                "date": today - timedelta(days=1),
                "payment_ref": f"TUINCENTRUM GROENRIJK {groenrijk.payment_reference}",
                "partner_name": "Tuincentrum Groenrijk BV",
                "amount": groenrijk.amount_residual,
            }
        )
        env.ref("dunning_be.demo_partner_moreau").dunning_pause_until = (
            today + timedelta(days=10)
        )
        leroy = env.ref("dunning_be.demo_partner_leroy")
        invoice = invoices.filtered(lambda m: m.partner_id == leroy)[:1]
        # As Odoo's mail gateway records a bounce of the invoice's e-mail.
        env["mail.message"].create(
            {
                "model": "account.move",
                "res_id": invoice.id,
                "message_type": "comment",
                "subtype_id": env.ref("mail.mt_comment").id,
                "subject": invoice.name,
                "body": invoice.name,
                "date": fields.Datetime.to_datetime(invoice.invoice_date),
                "partner_ids": [Command.link(leroy.id)],
                "notification_ids": [
                    Command.create(
                        {
                            "res_partner_id": leroy.id,
                            "notification_type": "email",
                            "notification_status": "bounce",
                            "failure_type": "mail_bounce",
                            "failure_reason": "550 5.1.1 mailbox unavailable",
                        }
                    )
                ],
            }
        )
        env.ref("dunning_be.demo_partner_simon").write(
            {"email": "nathalie.simon@example", "street": False}
        )

    @api.model
    def _load_demo_invoices(self, company):
        """Create, post and pay the demo company's invoices as ``STORY`` says."""
        env = self.with_company(company).with_context(tracking_disable=True).env
        today = fields.Date.context_today(self)
        tax = company.account_sale_tax_id
        bank_journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        iban = env.ref("dunning_be.demo_company_iban")
        if not bank_journal.bank_account_id:
            bank_journal.bank_account_id = iban
        products = dict(
            zip(
                PRODUCTS,
                env["product.product"].create(
                    [
                        {
                            "name": name,
                            "type": "service",
                            "taxes_id": [Command.set(tax.ids)],
                        }
                        for name in PRODUCTS.values()
                    ]
                ),
                strict=True,
            )
        )

        move_vals, payments, refunds = [], [], []
        for key, invoices in STORY.items():
            partner = env.ref(f"dunning_be.demo_partner_{key}")
            for spec in invoices:
                if spec[0] == "refund":
                    refunds.append((partner, spec[1]))
                    continue
                late, amount, product_key, term, payment = spec
                due = today - timedelta(days=late)
                move_vals.append(
                    {
                        "move_type": "out_invoice",
                        "company_id": company.id,
                        "partner_id": partner.id,
                        "invoice_date": due - timedelta(days=TERM_DAYS.get(term, 0)),
                        # Without a payment term, due on the invoice's date
                        # (none, not the customer's policy's).
                        **(
                            {
                                "invoice_payment_term_id": env.ref(
                                    f"account.account_payment_term_{term}"
                                ).id
                            }
                            if term
                            else {
                                "invoice_payment_term_id": False,
                                "invoice_date_due": due,
                            }
                        ),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": products[product_key].id,
                                    "quantity": 1,
                                    "price_unit": amount,
                                }
                            )
                        ],
                    }
                )
                payments.append((due, payment))
        for partner, amount in refunds:
            move_vals.append(
                {
                    "move_type": "out_refund",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_date": today - timedelta(days=10),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": products["print"].id,
                                "quantity": 1,
                                "price_unit": amount,
                            }
                        )
                    ],
                }
            )
            payments.append((None, None))

        moves = env["account.move"].create(move_vals)
        # Post in date order so that numbers follow the dates, as in real life.
        moves.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        for move, (due, payment) in zip(moves, payments, strict=True):
            if payment:
                self._pay_demo_invoice(move, due, payment, bank_journal, today)
        return moves

    @api.model
    def _pay_demo_invoice(self, invoice, due, payment, journal, today):
        kind = payment[0]
        if kind == "unmatched":
            # A payment registered on its own, as a bank deposit nobody matched yet.
            pay = self.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": invoice.partner_id.id,
                    "amount": invoice.amount_residual,
                    "date": today - timedelta(days=payment[1]),
                    "journal_id": journal.id,
                    "memo": invoice.payment_reference,
                    "company_id": invoice.company_id.id,
                }
            )
            pay.action_post()
            return
        if kind == "paid":
            amount, date = invoice.amount_residual, due + timedelta(days=payment[1])
        else:  # partial
            amount = invoice.currency_id.round(invoice.amount_total * payment[1])
            date = today - timedelta(days=payment[2])
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"payment_date": date, "amount": amount, "journal_id": journal.id}
        )._create_payments()
