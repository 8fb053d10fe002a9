# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tests on real, separately committed cursors (runs killed, runs and job
workers at the same time): customers of their own in the main company, each
with a posted invoice due on DUE, committed, and removed afterwards with what
the runs made for them. Used by test_concurrency.py and dunning_be_queue's
job-worker tests."""

import uuid
from contextlib import closing

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase

from .common import DUE


class CommittedCustomersCase(TransactionCase):
    """``self.company_id`` and ``self.partner_ids`` (sorted): ``CUSTOMERS``
    customers with an invoice of 100 each, committed; ``self.db`` opens the
    other cursors."""

    CUSTOMERS = 3

    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(self.env.cr.dbname)
        tag = uuid.uuid4().hex[:8]
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Klant {n} {tag}",
                        "is_company": True,
                        "email": f"klant{n}@{tag}.be",
                    }
                    for n in range(self.CUSTOMERS)
                ]
            )
            invoices = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "company_id": company.id,
                        "partner_id": partner.id,
                        "invoice_date": DUE,
                        # Due on that day: no term, not the new customers'.
                        "invoice_payment_term_id": False,
                        "invoice_date_due": DUE,
                        "invoice_line_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": "Drukwerk",
                                    "price_unit": 100.0,
                                    "tax_ids": [],
                                },
                            )
                        ],
                    }
                    for partner in partners
                ]
            )
            invoices.action_post()
            cr.commit()  # pylint: disable=invalid-commit
            self.company_id, self.partner_ids = company.id, sorted(partners.ids)
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with closing(self.db.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._cleanup_more(env)
            reminders = env["dunning.reminder"].search(
                [("partner_id", "in", self.partner_ids)]
            )
            env["mail.mail"].search(
                [("model", "=", "dunning.reminder"), ("res_id", "in", reminders.ids)]
            ).unlink()
            reminders.line_ids.unlink()
            reminders.unlink()
            moves = env["account.move"].search([("partner_id", "in", self.partner_ids)])
            moves.button_draft()
            moves.unlink()
            env["res.partner"].browse(self.partner_ids).active = False
            # The runs' own bookkeeping on the company.
            env["res.company"].browse(self.company_id).write(
                {"dunning_last_run_date": False, "dunning_run_resume": False}
            )
            cr.commit()  # pylint: disable=invalid-commit

    def _cleanup_more(self, env):
        """What a test class made besides reminders, before they go."""
