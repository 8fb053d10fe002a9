# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminder run: which customers get which reminder today, and sending them.

The run's path, in order (each step names the file it lives in):

``_cron_run`` (the daily job, here): every company, each in turn,
  ``_run_company`` (here): one company on one day, in two steps:
  ``_run_company_start`` (here), the company's steps before its batches:
    - ``dunning.legal.rate._missing_rate_warning``: a missing legal rate is
      news, the last known one is used;
    - ``_bank_feed_warning`` (dunning_run_hold.py): a stale bank feed stops
      the company, nothing is sent;
    - ``_cancel_stale_drafts`` and ``_cancel_paid_calls``
      (dunning_run_drafts.py): what waits for review or a call whose
      invoices were paid since goes;
  ``_run_batches`` (here), under the company's run lock (``_lock``):
    - ``_run_company_locked`` (here), once: ``dunning.partner.behaviour._refresh``,
      how each customer pays, for the policies chosen by behaviour;
    - then per batch of customers (``_batches``), ``_run_batch`` (here):
      1. *read* and *decide*, ``_plan`` (here):
         ``_read_batch`` (dunning_run_read.py, with ``_read_hold_facts`` of
         dunning_run_hold.py) reads plain values, ``lib.run_plan.plan_batch``
         decides holds, level and gap, call gate, channels, hand-overs;
         ``_read_claim_facts`` (dunning_run_claim.py) reads the planned
         invoices' facts and ``lib.run_plan.plan_claims`` decides the claims:
         one frozen ``lib.run_plan.Plan`` per customer and currency;
      2. *write*: ``_store_holds`` (dunning_run_hold.py) the invoices held
         back; ``_apply`` (here): calls (``dunning.call._schedule``),
         reminders (``_reminder_vals``, sent by ``dunning.reminder._send``),
         hand-overs (``_apply_handovers``, dunning_run_handover.py);
         ``_cancel_unplanned_drafts`` (dunning_run_drafts.py) the drafts of
         customers who get no reminder today;
      3. the batch's ``lib.run_summary.RunSummary``, added to the company's.

The run wizard's preview shows the same plans (``_plan``), without writing.

Each batch is read, decided and written in one transaction: a run killed
half-way loses only its current batch, and the next run finds the invoices as
they were. Two runs at once cannot remind the same customer twice: a batch
holds the company's lock until it commits, and PostgreSQL refuses
(serialization failure) a batch that would write invoices another run changed
since it started reading.

``dunning_be_queue`` (with OCA's ``queue_job``) overrides ``_run_batches`` for
the scheduled run: it takes the company's steps once, then queues one job per
batch, which job workers run in parallel (see that addon's dunning_run.py).
"""

import logging
from collections import Counter
from datetime import timedelta

from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date, split_every

from ..lib.run_plan import HOLD_REASONS, plan_batch, plan_claims
from ..lib.run_summary import RunSummary
from .dunning_run_records import PlanRecords

_logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# A company busy with another run is tried again this many minutes later.
RETRY_BUSY_MINUTES = 15
# First key of PostgreSQL's two-key advisory lock; the second is the company.
LOCK_NAMESPACE = 0x64756E62  # "dunb"


class DunningRun(models.AbstractModel):
    _name = "dunning.run"
    _description = "Payment Reminder Run"

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self):
        """The daily run: every company, each by its own policy.

        Progress goes to Odoo's scheduler in customers. A company that cannot
        run today (a stale bank feed, another run busy, an error) leaves none
        of its customers "remaining": the scheduler would otherwise start the
        job again at once, over and over. Only a run stopped by the
        scheduler's time limit leaves work, and the next call resumes after
        the last customer committed (``res.company._dunning_run_todo``).
        """
        today = fields.Date.context_today(self)
        lastcall = self.env.context.get("lastcall")
        # Set while Odoo's scheduler runs the job, the same for its calls
        # until the job is done; none when the run is called directly.
        job_key = self.env.context.get("cron_id") and f"{today}/{lastcall or ''}"
        todo = []
        for company in self.env["res.company"].search([("active", "=", True)]):
            run = self.with_company(company)
            partner_ids = run._due_partner_ids(company, today)
            todo.append((company, company._dunning_run_todo(job_key, partner_ids)))
        cron = self.env["ir.cron"]
        remaining = sum(len(ids) for _company, ids in todo)
        cron._commit_progress(remaining=remaining)
        for company, partner_ids in todo:
            run = self.with_company(company).with_context(dunning_job_key=job_key)
            try:
                summary = run._run_company(company, today, partner_ids, commit=True)
            except (SerializationFailure, UniqueViolation):
                # Another run wrote the same rows first: its batch stands,
                # this one is lost whole and tried again later.
                self.env.cr.rollback()
                _logger.info("Payment reminders for %s: another run busy", company.name)
                summary = RunSummary(busy=True)
            except Exception as error:  # the other companies go on
                self.env.cr.rollback()
                _logger.exception("Payment reminders for %s failed", company.name)
                run._run_failed(company, error)
                summary = RunSummary(failed=True)
            else:
                _logger.info(
                    "Payment reminders: %s", run._summary_text(company, summary)
                )
            if summary.stopped:
                return  # time is up: the rest is the next call's
            if summary.busy:
                # Another run holds the company: try again later, not at once.
                self.env.ref("dunning_be.ir_cron_dunning_run")._trigger(
                    self.env.cr.now() + timedelta(minutes=RETRY_BUSY_MINUTES)
                )
            remaining -= len(partner_ids)
            # Done or stopped, none of this company's customers remain.
            cron._commit_progress(remaining=remaining)

    @api.model
    def _run_failed(self, company, error, note=None):
        """Tell ``company``'s credit controller that its run failed, with an
        activity on the company's contact (one, kept up to date); ``note``
        replaces the activity's text (what to do depends on who ran)."""
        text = (
            error.args[0]
            if isinstance(error, UserError) and error.args
            else f"{type(error).__name__}: {error}"
        )
        note = note or self.env._(
            "The payment reminder run of %(date)s stopped for %(company)s: "
            "%(error)s. No reminder was sent for the customers it had not "
            "done yet; the other companies were reminded. Correct the cause, "
            "then start the run again with Payment Reminders > Run Payment "
            "Reminders.",
            date=fields.Date.context_today(self),
            company=company.name,
            error=text,
        )
        user = company.dunning_user_id or self._run_failed_user(company)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        summary = self.env._("Payment reminders did not run")
        partner = company.partner_id.sudo()
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("activity_type_id", "=", activity_type.id),
                    ("summary", "=", summary),
                    ("user_id", "=", user.id),
                ],
                limit=1,
            )
        )
        if existing:
            existing.write(
                {"note": note, "date_deadline": fields.Date.context_today(self)}
            )
        else:
            partner.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=user.id,
            )
        self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _run_failed_user(self, company):
        """Who hears of a failed run when the company names no credit
        controller: an accounting manager of the company, else the admin."""
        manager = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    (
                        "all_group_ids",
                        "in",
                        self.env.ref("account.group_account_manager").id,
                    ),
                    ("share", "=", False),
                    ("company_ids", "in", company.id),
                ],
                order="id",
                limit=1,
            )
        )
        return manager or self.env.ref("base.user_admin")

    @api.model
    def _run_company(self, company, on_date, partner_ids=None, commit=False):
        """Remind ``company``'s customers due on ``on_date``.

        With ``commit`` (the cron), each batch is committed as it is done and
        the run stops when the cron's time is up; the next run goes on.
        Returns the run's lib.run_summary.RunSummary.
        """
        run = self.with_company(company)
        if partner_ids is None:
            partner_ids = run._due_partner_ids(company, on_date)
        summary, with_draft = run._run_company_start(company, on_date)
        if summary.stale_feed:
            return summary
        return run._run_batches(
            company, on_date, partner_ids, with_draft, summary, commit=commit
        )

    @api.model
    def _run_company_start(self, company, on_date):
        """The company's steps before its batches: warnings, then what
        waits for review or a call that must go. Returns the RunSummary so
        far and the ids of the customers with a draft still open (None when
        a stale bank feed stops the company)."""
        summary = RunSummary()
        warning = self.env["dunning.legal.rate"]._missing_rate_warning(company, on_date)
        if warning:
            _logger.warning("Payment reminders for %s: %s", company.name, warning)
            summary += RunSummary(rate_missing=True)
        stop, feed_warning = self._bank_feed_warning(company, on_date)
        if feed_warning:
            # A stale feed stops the company: a warning; no feed at all: news.
            (_logger.warning if stop else _logger.info)(
                "Payment reminders: %s", feed_warning
            )
            summary += RunSummary(no_bank_feed=not stop)
        if stop:
            return summary + RunSummary(stale_feed=True), None
        cancelled, with_draft = self._cancel_stale_drafts(company, on_date)
        summary += RunSummary(
            cancelled=cancelled, calls_cancelled=self._cancel_paid_calls(company)
        )
        return summary, with_draft

    @api.model
    def _run_company_locked(self, company, on_date):
        """The company's steps under the run's lock, once per run, before
        its first batch: how each customer pays, for the policies chosen by
        behaviour (one query for the company; a second run at once would
        wait on the rows this one writes), and the day of the run."""
        self.env["dunning.partner.behaviour"]._refresh(company, on_date)
        company._dunning_run_started(on_date)

    @api.model
    def _run_batches(
        self, company, on_date, partner_ids, with_draft, summary=None, commit=False
    ):
        """The batches of ``partner_ids`` (``_batches``), each read, decided
        and written under the company's lock (``_run_batch``). Returns the
        run's RunSummary: ``summary`` (the company's steps) with theirs."""
        summary = summary or RunSummary()
        job_key = self.env.context.get("dunning_job_key")
        batches = self._batches(partner_ids)
        for index, batch in enumerate(batches):
            if not self._lock(company):
                if commit:
                    _logger.info(
                        "Payment reminders for %s: another run is busy", company.name
                    )
                    summary += RunSummary(busy=True)
                    break
                raise UserError(
                    self.env._(
                        "Payment reminders for %(company)s are being sent by another "
                        "run right now. Try again in a few minutes.",
                        company=company.name,
                    )
                )
            if not index:
                self._run_company_locked(company, on_date)
            if not batch:
                company._dunning_run_progress(job_key)
                if commit:
                    self.env["ir.cron"]._commit_progress()
                break
            summary += self._run_batch(
                company, on_date, batch, with_draft.intersection(batch)
            )
            company._dunning_run_progress(
                job_key, batch[-1] if index < len(batches) - 1 else None
            )
            if commit and self.env["ir.cron"]._commit_progress(len(batch)) <= 0:
                summary += RunSummary(stopped=True)
                break
        return summary

    @api.model
    def _batches(self, partner_ids):
        """``partner_ids`` in batches of BATCH_SIZE; one empty batch when
        nobody is due: the behaviour is refreshed still."""
        return list(split_every(BATCH_SIZE, partner_ids, list)) or [[]]

    @api.model
    def _run_batch(self, company, on_date, partner_ids, with_draft):
        """One batch of customers: read and decide (``_plan``), then write:
        the holds, the reminders, calls and hand-overs, the drafts of the
        customers with nothing to remind (``with_draft``: the ids of those
        with a draft). Returns the batch's RunSummary."""
        holds = {}
        plans = self._plan(company, on_date, partner_ids, holds=holds)
        self._store_holds(company, partner_ids, holds, on_date)
        reminders, calls, handovers = self._apply(plans)
        cancelled = self._cancel_unplanned_drafts(company, with_draft, plans, holds)
        return RunSummary(
            sent_per_level=Counter(
                r.level_id.name for r in reminders if r.state == "sent"
            ),
            draft_per_level=Counter(
                r.level_id.name for r in reminders if r.state == "draft"
            ),
            held=Counter(reason for reason, _note in holds.values()),
            handover_sent=sum(h.state == "sent" for h in handovers),
            handover_draft=sum(h.state == "draft" for h in handovers),
            calls=len(calls),
            waiting_call=sum(plan.call == "wait" for plan in plans),
            cancelled=cancelled,
        )

    @api.model
    def _plan(self, company, on_date, partner_ids, holds=None):
        """What the run would do for these customers: one frozen
        lib.run_plan.Plan per customer and currency that gets a reminder, a
        call or a hand-over. ``holds``, a dict, receives ``{invoice: (reason,
        note)}`` for the invoices held back.

        Reads in a handful of queries for the whole batch, decides in the
        pure core; writes nothing (the wizard's preview shows this).
        """
        batch = self._read_batch(company, on_date, partner_ids)
        decided = plan_batch(batch)
        if decided.plans:
            facts = self._read_claim_facts(company, on_date, decided.plans)
            decided = plan_claims(decided, batch, facts)
        if holds is not None:
            holds.update(self._hold_notes(decided.holds))
        return decided.plans

    @api.model
    def _summary_text(self, company, summary, on_date=None):
        """What a run on ``on_date`` did for ``company``, in a line for the
        accountant: reminders per level, invoices held per reason, calls."""
        lines = self._summary_lines(company, summary, on_date)
        return f"{company.name}: {'; '.join(text for _key, text in lines)}."

    @api.model
    def _summary_lines(self, company, summary, on_date=None):
        """``[(key, text)]``: each thing a run did (a RunSummary), in the
        order the summary says them. The key (``sent``, ``draft``, ``held``,
        ``calls``, ...) tells which list shows it."""
        if summary.stale_feed:
            on_date = on_date or fields.Date.context_today(self)
            return [("stale_feed", self._bank_feed_warning(company, on_date)[1])]
        lines = []

        def add(key, count, one, many):
            if count:
                lines.append((key, one if count == 1 else many))

        sent = ", ".join(f"{n} {c}" for n, c in summary.sent_per_level.items())
        add(
            "sent",
            summary.sent,
            self.env._("1 reminder sent (%(levels)s)", levels=sent),
            self.env._(
                "%(count)s reminders sent (%(levels)s)", count=summary.sent, levels=sent
            ),
        )
        draft = ", ".join(f"{n} {c}" for n, c in summary.draft_per_level.items())
        add(
            "draft",
            summary.draft,
            self.env._("1 reminder to review (%(levels)s)", levels=draft),
            self.env._(
                "%(count)s reminders to review (%(levels)s)",
                count=summary.draft,
                levels=draft,
            ),
        )
        held, reasons = summary.held.total(), self._hold_counts_text(summary.held)
        add(
            "held",
            held,
            self.env._("1 invoice held back (%(reasons)s)", reasons=reasons),
            self.env._(
                "%(count)s invoices held back (%(reasons)s)",
                count=held,
                reasons=reasons,
            ),
        )
        add(
            "handover_sent",
            summary.handover_sent,
            self.env._("1 file handed over to a debt collector"),
            self.env._(
                "%s files handed over to a debt collector", summary.handover_sent
            ),
        )
        add(
            "handover_draft",
            summary.handover_draft,
            self.env._("1 hand-over to a debt collector to review"),
            self.env._(
                "%s hand-overs to a debt collector to review", summary.handover_draft
            ),
        )
        add(
            "calls",
            summary.calls,
            self.env._("1 call scheduled"),
            self.env._("%s calls scheduled", summary.calls),
        )
        add(
            "waiting_call",
            summary.waiting_call,
            self.env._("1 customer waits for the outcome of a call"),
            self.env._(
                "%s customers wait for the outcome of a call", summary.waiting_call
            ),
        )
        if not lines:
            lines.append(("none", self.env._("no customer due for a reminder")))
        if summary.no_bank_feed:
            lines.append(
                (
                    "no_bank_feed",
                    self.env._(
                        "payments not checked against the bank: no bank statement line"
                    ),
                )
            )
        if summary.rate_missing:
            lines.append(
                (
                    "rate_missing",
                    self.env._(
                        "a legal interest rate is missing, the last one is used"
                    ),
                )
            )
        if summary.busy:
            lines.append(
                ("busy", self.env._("another run was busy: the next run goes on"))
            )
        return lines

    @api.model
    def _hold_counts_text(self, counts):
        """``{reason: count}`` as "Paid, Not Yet Matched 2, Disputed 1"."""
        if not counts:
            return ""
        labels = dict(
            self.env["account.move"]
            ._fields["dunning_hold"]
            ._description_selection(self.env)
        )
        # The most frequent first; on a tie, in the order the run checks them.
        order = {reason: index for index, reason in enumerate(HOLD_REASONS)}
        return ", ".join(
            f"{labels[reason]} {count}"
            for reason, count in sorted(
                counts.items(), key=lambda item: (-item[1], order.get(item[0], 99))
            )
        )

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------

    @api.model
    def _open_invoice_domain(self, company):
        return Domain(
            [
                ("company_id", "=", company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("payment_state", "in", ("not_paid", "partial")),
                ("amount_residual", ">", 0),
            ]
        ) & Domain(
            "line_ids",
            "not any",
            [("account_type", "=", "asset_receivable"), ("no_followup", "=", True)],
        )

    @api.model
    def _due_partner_ids(self, company, on_date):
        """The customers of ``company`` with an overdue invoice (those paused
        too: their invoices are held, with the reason)."""
        domain = self._open_invoice_domain(company) & Domain(
            [("move_type", "=", "out_invoice"), ("invoice_date_due", "<", on_date)]
        )
        groups = self.env["account.move"]._read_group(domain, ["commercial_partner_id"])
        return sorted(partner.id for (partner,) in groups)

    @api.model
    def _lock(self, company):
        """Take the company's run lock until the end of this transaction."""
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", LOCK_NAMESPACE, company.id)
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    @api.model
    def _apply(self, plans):
        """Write what ``plans`` (lib.run_plan.Plan) say: settle the calls not
        made in time, schedule the calls that levels with *Call Before* wait
        for, create (or refresh) the reminders and send those that may go,
        prepare (or send) the hand-overs. Returns the reminders, the calls
        and the list of the plans' hand-overs."""
        records = PlanRecords(self.env, plans)
        # The run's own notes (see dunning.reminder._log_sent) say what
        # happened: no "created" message nor state tracking per reminder.
        Reminder = self.env["dunning.reminder"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        # Before the new calls: an overdue call gives way to its customer's.
        self.env["dunning.call"]._settle_overdue(plans)
        calls = self.env["dunning.call"]._schedule(
            [plan for plan in plans if plan.call == "schedule"], records
        )
        if calls:
            self._log_calls(calls)
        new_vals, refreshed = [], Reminder
        for plan in plans:
            if plan.outcome not in ("send", "review"):
                continue  # the level waits for a call, or is a hand-over
            vals = self._reminder_vals(plan, records)
            if plan.draft_id:
                draft = records.draft(plan)
                draft.line_ids.unlink()
                draft.write(vals)
                refreshed |= draft
            else:
                new_vals.append(vals)
        created = Reminder.create(new_vals)
        # A customer has one reminder per currency.
        sendable = {
            (p.partner_id, p.currency_id): (list(p.channels), list(p.channel_reasons))
            for p in plans
            if p.send
        }
        to_send = created.filtered(
            lambda r: (r.partner_id.id, r.currency_id.id) in sendable
        )
        to_send._send({r: sendable[r.partner_id.id, r.currency_id.id] for r in to_send})
        # Write now: a concurrent run that changed these invoices since this
        # transaction began makes PostgreSQL refuse it here, before anything
        # is committed (see the module docstring).
        self.env.flush_all()
        handovers = self._apply_handovers(
            [plan for plan in plans if plan.handover], records
        )
        return created | refreshed, calls, handovers

    @api.model
    def _log_calls(self, calls):
        self.env["res.partner"].browse(calls.partner_id.ids)._message_log_batch(
            {
                call.partner_id.id: self.env._(
                    "%(level)s waits for a call: %(user)s is asked to phone "
                    "the customer (call %(attempt)s).",
                    level=call.level_id.name,
                    user=call.user_id.name,
                    attempt=call.attempt,
                )
                for call in calls
            }
        )

    @api.model
    def _reminder_vals(self, plan, records=None):
        """The values of the reminder ``plan`` prepares, with its lines and,
        unless it was sent once already, its claims."""
        records = records or PlanRecords(self.env, [plan])
        company = self.env.company
        recipient = records.recipient(plan)
        vals = {
            "partner_id": plan.partner_id,
            "recipient_id": recipient.id,
            "company_id": company.id,
            "policy_id": plan.policy_id,
            "level_id": plan.level.id,
            "date": plan.on_date,
            "state": "draft",
            "draft_reason": self._plan_note(plan, records=records),
            "channel_note": (
                plan.channels
                and self.env["dunning.reminder"]._reason_text(plan.channel_reasons)
            )
            or False,
            "email_to": recipient.email if "email" in plan.channels else False,
            "currency_id": plan.currency_id,
            "amount_due": plan.amount_due,
            "amount_overdue": plan.amount_overdue,
            "move_ids": [Command.set(list(plan.invoice_ids))],
            # The company given, not precomputed from the reminder per line.
            "line_ids": [
                Command.create(dict(self._line_vals(line), company_id=company.id))
                for line in plan.lines
            ],
        }
        draft = records.draft(plan)
        if draft.claim_move_id:
            # Sent once, back to review (e.g. the e-mail bounced): what it
            # claimed is booked; it keeps those figures when sent again.
            return vals
        claim, book19 = plan.claim, plan.book19
        lang = recipient.lang or records.partner(plan).lang or self.env.lang
        run = self.with_context(lang=lang)
        formats = records.formats(run.env, plan)
        vals.update(
            regime=plan.regime,
            charge_fees=plan.charge_fees,
            amount_claimable=float(claim.total),
            claim_note=(
                self._blocked_text(plan, records)
                if plan.blocked[:1] == ("no_exchange_rate",)
                else run._claim_note(claim, plan.regime, plan.no_rate)
            ),
            book19_first=bool(book19),
            book19_period_end=bool(book19) and book19.period_end,
            book19_damages=bool(book19) and float(book19.damages),
            book19_interest=bool(book19) and (book19.interest or False),
            book19_interest_rate=bool(book19) and float(book19.interest_rate),
            book19_fee=bool(book19) and float(book19.fee),
            claim_ids=[
                Command.clear(),
                *(
                    Command.create(dict(line, company_id=company.id))
                    for line in run._claim_vals(
                        claim, records.invoices(plan), formats, plan.terms
                    )
                ),
            ],
        )
        return vals

    @api.model
    def _line_vals(self, line):
        """A reminder line's values, from a lib.run_plan.Line."""
        vals = {
            "move_id": line.move_id,
            "kind": line.kind,
            "date": line.date,
            "amount_total": line.amount_total,
            "amount_residual": line.amount_residual,
        }
        if line.kind == "invoice":
            vals.update(
                date_due=line.date_due,
                days_late=line.days_late,
                level_id=line.level_id or False,
                advanced=line.advanced,
            )
        if line.first_reminder:
            vals.update(first_reminder=True, description=line.description)
        return vals

    # ------------------------------------------------------------------
    # Texts: why a plan does not simply go out
    # ------------------------------------------------------------------

    @api.model
    def _plan_note(self, plan, audience="reminder", records=None):
        """Why ``plan`` (lib.run_plan.Plan.why) does not simply go out now,
        for one ``audience``: the ``reminder``'s own reason to wait for
        review, the run wizard's ``preview``, or the ``draft`` of the
        customer that the run cancels (a clause: "the ... "). False when it
        goes out."""
        records = records or PlanRecords(self.env, [plan])
        why = plan.why
        code = why[0] if why else None
        level = records.level(plan)
        if code in ("call", "wait") and audience == "draft":
            return self.env._("the customer is to be called first (%s)", level.name)
        if code == "call":
            user = self.env["dunning.call"]._assignee(
                records.partner(plan), self.env.company, records.reached(plan)
            )
            return self.env._(
                "Call first: %s is asked to phone the customer.", user.name
            )
        if code == "wait":
            return self.env._("Waits for the outcome of the call.")
        if code == "handover" and audience == "draft":
            return self.env._("the invoices go to a debt collector (%s)", level.name)
        if code == "handover":
            collector = level.handover_collector_id.name or "?"
            if level.auto_send:
                return self.env._(
                    "Handed over to the debt collector %s, when the file is complete.",
                    collector,
                )
            return self.env._(
                "A hand-over to the debt collector %s is prepared for review.",
                collector,
            )
        if code == "blocked":
            return self._blocked_text(plan, records)
        if code == "no_channel":
            return self.env["dunning.reminder"]._reason_text(why[1])
        if code == "draft" and audience == "preview":
            return self.env._("Refreshes the reminder waiting for review.")
        if code == "draft":
            return records.draft(plan).draft_reason or self.env._("Waiting for review.")
        if code == "review" and audience == "preview":
            return self.env._("Prepared for review.")
        if code == "review":
            return self.env._("The level %s is reviewed before it is sent.", level.name)
        return False

    @api.model
    def _blocked_text(self, plan, records):
        """Why the reminder of ``plan`` must wait (``Plan.blocked``)."""
        company = self.env.company
        if plan.blocked[0] == "no_exchange_rate":
            return self.env._(
                "No exchange rate of %(currency)s is known up to %(date)s: the "
                "fixed amounts of the law and of our terms, in "
                "%(company_currency)s, cannot be converted, so this reminder "
                "claims nothing. Enter the rate under %(menu)s: the next run "
                "prepares the reminder again.",
                menu=self.env["ir.ui.menu"]._dunning_path(
                    "account.menu_action_currency_form"
                ),
                currency=records.currency(plan).name,
                date=format_date(self.env, plan.on_date),
                company_currency=company.currency_id.name,
            )
        invoices = self.env["account.move"].browse(
            plan.blocked[1] if len(plan.blocked) > 1 else ()
        )
        return self.env["dunning.reminder"]._first_reminder_problem_text(
            plan.blocked, company, invoices
        )
