# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import DunningCommon, day


@tagged("post_install", "-at_install")
class TestQueries(DunningCommon):
    """The run's queries grow with batches, not with invoices or customers."""

    def _customers(self, count, invoices):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Klant {n}",
                    "is_company": True,
                    "email": f"klant{n}@example.be",
                    "street": "Kerkstraat 1",
                    "zip": "9000",
                    "city": "Gent",
                    "country_id": self.env.ref("base.be").id,
                }
                for n in range(count)
            ]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": day(-k),
                    "invoice_date_due": day(-k),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Drukwerk",
                                "price_unit": 100.0 + k,
                                "tax_ids": [],
                            },
                        )
                    ],
                }
                for partner in partners
                for k in range(invoices)
            ]
        )
        moves.action_post()
        for move in moves:
            self.env["ir.attachment"].create(
                {
                    "name": f"{move.name}.pdf",
                    "raw": b"%PDF-1.4",
                    "mimetype": "application/pdf",
                    "res_model": "account.move",
                    "res_id": move.id,
                    "res_field": "invoice_pdf_report_file",
                }
            )
        return partners

    def _count(self, partners):
        self.env.flush_all()
        self.env.invalidate_all()
        run = self.env["dunning.run"]
        before = self.cr.sql_log_count
        summary = run._run_company(self.company, day(7), partners.ids)
        self.env.flush_all()
        return self.cr.sql_log_count - before, summary

    def test_batch_queries_do_not_grow_with_invoices(self):
        self._count(self._customers(1, 1))  # warm the caches (templates, views, ...)
        small, small_summary = self._count(self._customers(3, 1))
        large_partners = self._customers(20, 5)
        large, large_summary = self._count(large_partners)
        self.assertEqual((small_summary["sent"], large_summary["sent"]), (3, 20))
        # 20 customers with 5 invoices each cost what 3 with one each cost,
        # but for Odoo's INSERTs of at most 100 rows: the 200 claim lines
        # (interest and EUR 40 per invoice) take two.
        claims = self.env["dunning.reminder.claim"].search_count(
            [("reminder_id.partner_id", "in", large_partners.ids)]
        )
        self.assertEqual(claims, 200)
        self.assertEqual(large, small + (claims - 1) // 100)

    def test_batch_query_count(self):
        self._count(self._customers(1, 1))
        partners = self._customers(20, 5)
        self.env.flush_all()
        self.env.invalidate_all()
        # 66: the calls of the batch's customers and the open calls to close
        # when paid cost two queries. 75: the claims (rates, payments, claims
        # booked, first reminders, reminders this year, and the claim lines'
        # two INSERTs of 100 rows at most) cost nine. 78: the holds (the
        # unreconciled bank lines, and writing and clearing holds) cost
        # three; the company's bank feed is read once per run. 80: the
        # invoices' last e-mails and the blacklisted addresses, two. 84: the
        # customers' payment behaviour, once per run: its figures, the classes
        # stored before, and one DELETE and one INSERT to store it. 85: the
        # day of the run, written on the company once per run. 71: since the
        # e-mails go in one pass (no chunks of 50, no cache reset) and the
        # invoices get no note each (they list their reminders). 69: the
        # invoices' portal tokens are written with their new level, in one
        # UPDATE.
        with self.assertQueryCount(69):
            self.env["dunning.run"]._run_company(self.company, day(7), partners.ids)
            self.env.flush_all()
        self.assertEqual(
            self.env["dunning.reminder"].search_count(
                [("partner_id", "in", partners.ids)]
            ),
            20,
        )

    def test_queries_do_not_grow_with_customers(self):
        # Past 50 customers: Odoo's mass mailing works in chunks of 50 and
        # reads the records and their attachments again after each, which
        # cost a query per customer until the run sent its e-mails in one
        # pass. Now 55 more customers (and their stored PDFs) add a few
        # INSERTs of at most 100 rows, nothing per customer.
        self._count(self._customers(1, 1))
        small, small_summary = self._count(self._customers(55, 1))
        large, large_summary = self._count(self._customers(110, 1))
        self.assertEqual((small_summary.sent, large_summary.sent), (55, 110))
        mails = self.env["mail.mail"].search([("model", "=", "dunning.reminder")])
        self.assertEqual((len(mails), len(mails.attachment_ids)), (166, 166))
        self.assertLessEqual(large - small, 10, (small, large))

    def test_calls_cost_the_same_for_3_or_20_customers(self):
        self.level_1.call_before = True
        self._count(self._customers(1, 1))
        small, small_summary = self._count(self._customers(3, 1))
        large, large_summary = self._count(self._customers(20, 5))
        self.assertEqual((small_summary["calls"], large_summary["calls"]), (3, 20))
        self.assertEqual(large, small)
