# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where each company's reminder run stands: its last run, and where a
scheduled run cut short by the scheduler's time limit goes on."""

from odoo import fields, models

# A company whose scheduled run went through every customer.
RUN_COMPLETE = "complete"


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_last_run_date = fields.Date(
        string="Last Reminder Run",
        readonly=True,
        copy=False,
        help="The day of the last payment reminder run of this company, "
        "scheduled or started by hand.",
    )
    # "<job key>:<last customer id done>" or "<job key>:complete", the job
    # key being the run's day and the scheduled job's last call: the same
    # while Odoo's scheduler calls the job again to finish it, new the next
    # time the job starts afresh.
    dunning_run_resume = fields.Char(
        string="Scheduled Run Resumes After",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )

    def _dunning_run_started(self, on_date):
        """Note the day of a run (by the run's lock: one at a time)."""
        self.ensure_one()
        company = self.sudo()  # the run's bookkeeping, whoever starts it
        if (company.dunning_last_run_date or on_date) <= on_date:
            company.dunning_last_run_date = on_date

    def _dunning_run_todo(self, job_key, partner_ids):
        """The customers of ``partner_ids`` (sorted ids) that the scheduled
        run ``job_key`` has not done yet for this company."""
        self.ensure_one()
        key, _sep, last = (self.sudo().dunning_run_resume or "").rpartition(":")
        if not job_key or key != job_key:
            return partner_ids
        if last == RUN_COMPLETE:
            return []
        return [pid for pid in partner_ids if pid > int(last)]

    def _dunning_run_progress(self, job_key, last_partner_id=None):
        """Note, in the batch's transaction, that the scheduled run
        ``job_key`` did the customers up to ``last_partner_id`` (None: all)."""
        self.ensure_one()
        if not job_key:
            return
        done = RUN_COMPLETE if last_partner_id is None else str(last_partner_id)
        # The run's own bookkeeping, written whoever runs it; the field is
        # technical and kept from users (groups).
        self.sudo().dunning_run_resume = f"{job_key}:{done}"
