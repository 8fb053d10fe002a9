# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminder run: which customers get which reminder today, and sending them.

The run works per company, in batches of customers. Each batch is read,
decided and written in one transaction: a run killed half-way loses only its
current batch, and the next run finds the invoices as they were. Two runs at
once cannot remind the same customer twice: a batch holds the company's lock
until it commits, and PostgreSQL refuses (serialization failure) a batch that
would write invoices another run changed since it started reading.
"""

import logging
from collections import Counter
from datetime import timedelta

from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, split_every

from ..lib.ageing import days_late
from ..lib.channels import ADDRESS_REASONS
from ..lib.levels import next_level, partner_level

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
                summary = Counter(busy=1)
            except Exception as error:  # the other companies go on
                self.env.cr.rollback()
                _logger.exception("Payment reminders for %s failed", company.name)
                run._run_failed(company, error)
                summary = Counter(failed=1)
            else:
                _logger.info(
                    "Payment reminders: %s", run._summary_text(company, summary)
                )
            if summary.get("stopped"):
                return  # time is up: the rest is the next call's
            if summary.get("busy"):
                # Another run holds the company: try again later, not at once.
                self.env.ref("dunning_be.ir_cron_dunning_run")._trigger(
                    self.env.cr.now() + timedelta(minutes=RETRY_BUSY_MINUTES)
                )
            remaining -= len(partner_ids)
            # Done or stopped, none of this company's customers remain.
            cron._commit_progress(remaining=remaining)

    @api.model
    def _run_failed(self, company, error):
        """Tell ``company``'s credit controller that its run failed, with an
        activity on the company's contact (one, kept up to date)."""
        text = (
            error.args[0]
            if isinstance(error, UserError) and error.args
            else f"{type(error).__name__}: {error}"
        )
        note = self.env._(
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
        Returns a Counter: reminders ``sent`` and ``draft``, and per level name.
        """
        run = self.with_company(company)
        if partner_ids is None:
            partner_ids = run._due_partner_ids(company, on_date)
        summary = Counter()
        warning = self.env["dunning.legal.rate"]._missing_rate_warning(company, on_date)
        if warning:
            _logger.warning("Payment reminders for %s: %s", company.name, warning)
            summary["rate_missing"] = 1
        stop, feed_warning = run._bank_feed_warning(company, on_date)
        if feed_warning:
            # A stale feed stops the company: a warning; no feed at all: news.
            (_logger.warning if stop else _logger.info)(
                "Payment reminders: %s", feed_warning
            )
            summary["no_bank_feed"] = int(not stop)
        if stop:
            summary["stale_feed"] = 1
            return summary
        summary["cancelled"], with_draft = run._cancel_stale_drafts(company, on_date)
        summary["calls_cancelled"] = run._cancel_paid_calls(company)
        job_key = self.env.context.get("dunning_job_key")
        # One empty batch when nobody is due: the behaviour is refreshed still.
        batches = list(split_every(BATCH_SIZE, partner_ids, list)) or [[]]
        for index, batch in enumerate(batches):
            if not run._lock(company):
                if commit:
                    _logger.info(
                        "Payment reminders for %s: another run is busy", company.name
                    )
                    summary["busy"] += 1
                    break
                raise UserError(
                    self.env._(
                        "Payment reminders for %(company)s are being sent by another "
                        "run right now. Try again in a few minutes.",
                        company=company.name,
                    )
                )
            if not index:
                # How each customer pays, for the policies chosen by behaviour:
                # one query for the company, under the run's lock (a second run
                # at once would wait on the rows this one writes).
                run.env["dunning.partner.behaviour"]._refresh(company, on_date)
                company._dunning_run_started(on_date)
            if not batch:
                company._dunning_run_progress(job_key)
                if commit:
                    run.env["ir.cron"]._commit_progress()
                break
            holds = {}
            plans = run._plan(company, on_date, batch, holds=holds)
            run._store_holds(company, batch, holds, on_date)
            for reason, _note in holds.values():
                summary[f"held_{reason}"] += 1
            reminders, calls = run._apply(plans)
            summary["cancelled"] += run._cancel_unplanned_drafts(
                company, with_draft.intersection(batch), plans, holds
            )
            summary["calls"] += len(calls)
            summary["waiting_call"] += sum(p["call"] == "wait" for p in plans)
            for plan in plans:
                if plan.get("handover_id"):
                    summary[f"handover_{plan['handover_id'].state}"] += 1
            summary["sent"] += len(reminders.filtered(lambda r: r.state == "sent"))
            summary["draft"] += len(reminders.filtered(lambda r: r.state == "draft"))
            for reminder in reminders:
                summary[(reminder.state, reminder.level_id.name)] += 1
            company._dunning_run_progress(
                job_key, batch[-1] if index < len(batches) - 1 else None
            )
            if commit and run.env["ir.cron"]._commit_progress(len(batch)) <= 0:
                summary["stopped"] += 1
                break
        return summary

    @api.model
    def _summary_text(self, company, summary, on_date=None):
        """What a run on ``on_date`` did for ``company``, in a line for the
        accountant: reminders per level, invoices held per reason, calls."""
        lines = self._summary_lines(company, summary, on_date)
        return f"{company.name}: {'; '.join(text for _key, text in lines)}."

    @api.model
    def _summary_lines(self, company, summary, on_date=None):
        """``[(key, text)]``: each thing a run did, in the order the summary
        says them. The key (``sent``, ``draft``, ``held``, ``calls``, ...)
        tells which list shows it."""
        if summary.get("stale_feed"):
            on_date = on_date or fields.Date.context_today(self)
            return [("stale_feed", self._bank_feed_warning(company, on_date)[1])]
        lines = []
        for state in ("sent", "draft"):
            per_level = {
                key[1]: count
                for key, count in summary.items()
                if isinstance(key, tuple) and key[0] == state
            }
            if not per_level:
                continue
            levels = ", ".join(f"{name} {count}" for name, count in per_level.items())
            count = sum(per_level.values())
            if state == "sent":
                text = (
                    self.env._("1 reminder sent (%(levels)s)", levels=levels)
                    if count == 1
                    else self.env._(
                        "%(count)s reminders sent (%(levels)s)",
                        count=count,
                        levels=levels,
                    )
                )
            else:
                text = (
                    self.env._("1 reminder to review (%(levels)s)", levels=levels)
                    if count == 1
                    else self.env._(
                        "%(count)s reminders to review (%(levels)s)",
                        count=count,
                        levels=levels,
                    )
                )
            lines.append((state, text))
        held = self._hold_counts(summary)
        if held:
            count, reasons = sum(held.values()), self._hold_counts_text(held)
            lines.append(
                (
                    "held",
                    self.env._("1 invoice held back (%(reasons)s)", reasons=reasons)
                    if count == 1
                    else self.env._(
                        "%(count)s invoices held back (%(reasons)s)",
                        count=count,
                        reasons=reasons,
                    ),
                )
            )
        count = summary.get("handover_sent")
        if count:
            lines.append(
                (
                    "handover_sent",
                    self.env._("1 file handed over to a debt collector")
                    if count == 1
                    else self.env._("%s files handed over to a debt collector", count),
                )
            )
        count = summary.get("handover_draft")
        if count:
            lines.append(
                (
                    "handover_draft",
                    self.env._("1 hand-over to a debt collector to review")
                    if count == 1
                    else self.env._(
                        "%s hand-overs to a debt collector to review", count
                    ),
                )
            )
        count = summary.get("calls")
        if count:
            lines.append(
                (
                    "calls",
                    self.env._("1 call scheduled")
                    if count == 1
                    else self.env._("%s calls scheduled", count),
                )
            )
        count = summary.get("waiting_call")
        if count:
            lines.append(
                (
                    "waiting_call",
                    self.env._("1 customer waits for the outcome of a call")
                    if count == 1
                    else self.env._(
                        "%s customers wait for the outcome of a call", count
                    ),
                )
            )
        if not lines:
            lines.append(("none", self.env._("no customer due for a reminder")))
        if summary.get("no_bank_feed"):
            lines.append(
                (
                    "no_bank_feed",
                    self.env._(
                        "payments not checked against the bank: no bank statement line"
                    ),
                )
            )
        if summary.get("rate_missing"):
            lines.append(
                (
                    "rate_missing",
                    self.env._(
                        "a legal interest rate is missing, the last one is used"
                    ),
                )
            )
        if summary.get("busy"):
            lines.append(
                (
                    "busy",
                    self.env._("another run was busy: the next run goes on"),
                )
            )
        return lines

    @api.model
    def _hold_counts(self, summary):
        """``{reason: count}`` of the invoices held, from a run's summary."""
        return {
            key.removeprefix("held_"): count
            for key, count in summary.items()
            if isinstance(key, str) and key.startswith("held_") and count
        }

    @api.model
    def _hold_counts_text(self, counts):
        """``{reason: count}`` as "Paid, Not Yet Matched 2, Disputed 1"."""
        labels = dict(
            self.env["account.move"]
            ._fields["dunning_hold"]
            ._description_selection(self.env)
        )
        return ", ".join(
            f"{labels[reason]} {count}"
            for reason, count in sorted(counts.items(), key=lambda item: -item[1])
        )

    @api.model
    def _cancel_paid_drafts(self, company):
        """Reminders waiting for review whose invoices were all paid since.
        Returns the count and the drafts still open."""
        drafts = self.env["dunning.reminder"].search(
            [("company_id", "=", company.id), ("state", "=", "draft")]
        )
        paid = drafts.filtered(lambda r: not any(r.move_ids.mapped("amount_residual")))
        self._cancel_drafts(
            {draft: self.env._("Cancelled: its invoices were paid.") for draft in paid}
        )
        return len(paid), drafts - paid

    @api.model
    def _cancel_stale_drafts(self, company, on_date):
        """Reminders to review that must not go any more: their invoices all
        paid, or their customer no longer due (its invoices paid, covered by
        credit notes or taken out of the reminders). Returns the count and the
        ids of the customers with a draft still open, whose batch refreshes or
        cancels it (``_cancel_unplanned_drafts``)."""
        count, drafts = self._cancel_paid_drafts(company)
        if drafts:
            due = set(self._due_partner_ids(company, on_date))
            gone = drafts.filtered(lambda r: r.partner_id.id not in due)
            self._cancel_drafts(
                {
                    draft: self.env._("Cancelled: %s.", self._draft_moves_reason(draft))
                    for draft in gone
                }
            )
            count, drafts = count + len(gone), drafts - gone
        return count, set(drafts.partner_id.ids)

    @api.model
    def _cancel_unplanned_drafts(self, company, partner_ids, plans, holds):
        """Cancel the drafts of the batch's customers (``partner_ids``, those
        with a draft) that get no reminder today (see ``_unplanned_reasons``):
        sending them would remind what must not be reminded."""
        if not partner_ids:
            return 0
        drafts = self.env["dunning.reminder"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "draft"),
                ("partner_id", "in", list(partner_ids)),
            ]
        )
        reasons = self._unplanned_reasons(drafts, plans, holds)
        self._cancel_drafts(
            {
                draft: self.env._("Cancelled: %s.", reason)
                for draft, reason in reasons.items()
            }
        )
        return len(reasons)

    @api.model
    def _unplanned_reasons(self, drafts, plans, holds):
        """``{draft: why}`` for the drafts whose customer gets no reminder from
        ``plans`` (the run's, for today): its invoices held back (disputed,
        paused, paid but not matched...), a call to make first, a hand-over
        to a debt collector, or nothing due."""
        # A customer has a plan per currency it owes in, a draft per plan.
        plan_of = {(p["partner"], p["currency"]): p for p in plans}
        labels = dict(
            self.env["account.move"]
            ._fields["dunning_hold"]
            ._description_selection(self.env)
        )
        held_by_partner = {}
        for move, (reason, _note) in holds.items():
            held_by_partner.setdefault(move.commercial_partner_id, set()).add(
                labels[reason]
            )
        reasons = {}
        for draft in drafts:
            plan = plan_of.get((draft.partner_id, draft.currency_id))
            held = held_by_partner.get(draft.partner_id)
            if plan and not (plan["call"] or plan["handover"]):
                continue
            if plan and plan["call"]:
                reasons[draft] = self.env._(
                    "the customer is to be called first (%s)", plan["level"].name
                )
            elif plan:
                reasons[draft] = self.env._(
                    "the invoices go to a debt collector (%s)", plan["level"].name
                )
            elif held:
                reasons[draft] = self.env._(
                    "its invoices are held back (%s)", ", ".join(sorted(held))
                )
            else:
                reasons[draft] = self._draft_moves_reason(draft)
        return reasons

    @api.model
    def _draft_moves_reason(self, draft):
        """Why ``draft``'s customer has nothing to remind, from its invoices."""
        moves = draft.move_ids
        disputed = moves.filtered("dunning_disputed")
        if disputed:
            return self.env._(
                "%s is disputed by the customer", ", ".join(disputed.mapped("name"))
            )
        excluded = moves.filtered("no_followup")
        if excluded:
            return self.env._(
                "%s is taken out of the reminders", ", ".join(excluded.mapped("name"))
            )
        if not any(moves.mapped("amount_residual")):
            return self.env._("its invoices were paid")
        return self.env._("nothing of this customer is due for a reminder today")

    @api.model
    def _refresh_drafts(self, drafts):
        """Plan ``drafts`` again, as the run did on their day, with what
        changed since: a part paid, an invoice disputed or held back, a
        customer paused. Each draft is brought up to date; returns ``{draft:
        why}`` for those that must not go."""
        refused = {}
        for (company, on_date), group in drafts.grouped(
            lambda r: (r.company_id, r.date)
        ).items():
            run = self.with_company(company)
            holds = {}
            plans = run._plan(company, on_date, group.partner_id.ids, holds=holds)
            refused.update(run._unplanned_reasons(group, plans, holds))
            for plan in plans:
                draft = plan["draft"]
                if draft in group and draft not in refused:
                    vals = run._reminder_vals(plan)
                    # What its sending found out stays: the address an e-mail
                    # bounced from, why it waits.
                    for fname in ("email_to", "channel_note", "draft_reason"):
                        vals.pop(fname)
                    draft.line_ids.unlink()
                    draft.write(vals)
        return refused

    @api.model
    def _cancel_drafts(self, messages):
        """Cancel the drafts of ``{draft: why}``, each with its note; what
        they claimed is reversed, unless the customer paid part of it."""
        drafts = self.env["dunning.reminder"].union(*messages)
        if not drafts:
            return
        drafts._cancel_claims(skip_paid=True)
        drafts.write({"state": "cancel"})
        # Before another reminder of the customer becomes its draft.
        drafts.flush_recordset(["state"])
        drafts._message_log_batch({draft.id: text for draft, text in messages.items()})

    @api.model
    def _cancel_paid_calls(self, company):
        """Calls still to make whose invoices were all paid since: nobody
        phones a customer who paid."""
        calls = self.env["dunning.call"].search(
            [("company_id", "=", company.id), ("state", "=", "open")]
        )
        paid = calls.filtered(lambda c: not any(c.move_ids.mapped("amount_residual")))
        if paid:
            paid._close_paid()
        return len(paid)

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

    @api.model
    def _plan(self, company, on_date, partner_ids, holds=None):
        """What the run would do for these customers: a list of dicts, one per
        customer that gets a reminder, with its level, lines and channels.
        ``holds``, a dict, receives ``{invoice: (reason, note)}`` for the
        invoices held back (see dunning_run_hold.py).

        Reads everything in a handful of queries for the whole batch; writes
        nothing (the wizard's preview shows this).
        """
        partners = self.env["res.partner"].with_company(company).browse(partner_ids)
        moves = self.env["account.move"].search_fetch(
            self._open_invoice_domain(company)
            & Domain("commercial_partner_id", "in", partners.ids),
            [
                "name",
                "move_type",
                "commercial_partner_id",
                "invoice_date",
                "invoice_date_due",
                "currency_id",
                "amount_total_in_currency_signed",
                "amount_residual",
                "amount_residual_signed",
                "dunning_level_id",
                "dunning_last_date",
                "invoice_user_id",
            ],
            order="invoice_date_due, id",
        )
        payments = self.env["account.move.line"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id.commercial_partner_id", "in", partners.ids),
                ("parent_state", "=", "posted"),
                ("account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
                ("move_id.move_type", "=", "entry"),
            ],
            [
                "move_id",
                "partner_id",
                "date",
                "currency_id",
                "amount_currency",
                "amount_residual",
                "amount_residual_currency",
            ],
            order="date, id",
        )
        drafts = self.env["dunning.reminder"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "draft"),
            ],
            ["partner_id", "currency_id"],
        )
        contacts = self.env["res.partner"].search_fetch(
            [("parent_id", "in", partners.ids), ("type", "=", "invoice")],
            ["parent_id", "email", "phone", "street", "zip", "city", "country_id"],
            order="id",
        )
        calls = self.env["dunning.call"].search_fetch(
            [("company_id", "=", company.id), ("partner_id", "in", partners.ids)],
            [
                "partner_id",
                "level_id",
                "date",
                "date_limit",
                "state",
                "outcome",
                "attempt",
            ],
            order="date desc, id desc",
        )
        calls_by_partner = calls.grouped("partner_id")
        held, spent = self._plan_holds(company, on_date, partners, moves, payments)
        # A held invoice is left out, and so are the credits that cover it.
        moves -= moves.browse([move.id for move in held]) | spent
        payments = payments.filtered(lambda line: line.move_id not in spent)
        moves_by_partner = moves.grouped("commercial_partner_id")
        payments_by_partner = payments.grouped(
            lambda line: line.partner_id.commercial_partner_id
        )
        draft_by_partner = {
            (draft.partner_id, draft.currency_id): draft for draft in drafts
        }
        bounced = self.env["dunning.reminder"]._bounced_emails(company, partners.ids)
        contact_by_partner = {}
        for contact in contacts:
            contact_by_partner.setdefault(contact.parent_id, contact)
        levels_by_policy = {}
        by_class = self.env["dunning.policy"]._by_class(company)
        classes = (
            self.env["dunning.partner.behaviour"]._stored_classes(company, partners.ids)
            if by_class
            else {}
        )

        plans = []
        # One reminder per customer and currency: each in its invoices' own.
        for partner, currency, partner_moves, partner_payments in self._by_currency(
            company, partners, moves_by_partner, payments_by_partner
        ):
            policy = partner.dunning_policy_id
            if not policy.active:  # none, or archived: its class's, or the company's
                policy = (
                    by_class.get(classes.get(partner.id)) or company.dunning_policy_id
                )
            if not policy:
                continue
            if policy not in levels_by_policy:
                levels_by_policy[policy] = policy._levels()
            levels = levels_by_policy[policy]
            if not levels:
                continue
            plan = self._plan_partner(
                partner, on_date, levels, partner_moves, partner_payments, currency
            )
            if not plan:
                continue
            recipient = contact_by_partner.get(partner, partner)
            level = plan["level"]
            call, attempt, call_overdue = self._call_gate(
                plan, policy, calls_by_partner.get(partner, calls.browse())
            )
            # A hand-over level sends no reminder: the collector gets a file.
            channels, reasons = (
                ([], [])
                if level.handover
                else self.env["dunning.reminder"]._channels_for(
                    level, recipient, bounced.get(partner.id)
                )
            )
            if not channels and not call and self._badly_addressed(reasons):
                # Nobody to send it to: held until the address is fixed; the
                # next run sends it by itself.
                note = (
                    self.env["dunning.reminder"]
                    ._reason_text(reasons)
                    .replace("\n", " ")
                )
                held.update(dict.fromkeys(plan["invoices"], ("bad_address", note)))
                continue
            draft = draft_by_partner.get((partner, currency))
            plan.update(
                company=company,
                policy=policy,
                recipient=recipient,
                channels=channels,
                reasons=reasons,
                draft=draft,
                send=bool(channels) and level.auto_send and not draft and not call,
                handover=level.handover,
                call=call,
                call_attempt=attempt,
                call_overdue=call_overdue,
                call_user=(
                    call == "schedule"
                    and self.env["dunning.call"]._assignee(
                        partner, company, plan["reached_invoices"]
                    )
                ),
            )
            plans.append(plan)
        plans = self._per_customer(plans)
        if holds is not None:
            holds.update(held)
        return plans

    @api.model
    def _by_currency(self, company, partners, moves_by_partner, payments_by_partner):
        """``(partner, currency, moves, payments)`` per customer and currency
        of its open documents, the company's currency first: a payment or a
        credit note counts only against the invoices of its currency."""
        Move, Line = self.env["account.move"], self.env["account.move.line"]
        for partner in partners:
            moves = moves_by_partner.get(partner, Move)
            payments = payments_by_partner.get(partner, Line)
            currencies = moves.currency_id | payments.currency_id
            for currency in currencies.sorted(
                lambda c: (c != company.currency_id, c.name)
            ) or [company.currency_id]:
                yield (
                    partner,
                    currency,
                    moves.filtered(lambda m, c=currency: m.currency_id == c),
                    payments.filtered(lambda p, c=currency: p.currency_id == c),
                )

    @api.model
    def _per_customer(self, plans):
        """A customer owing in several currencies has a plan per currency;
        what concerns the customer as a whole stays one: one call at a time
        (the first plan that asks for one schedules it, the others wait for
        it), and one hand-over file with the invoices of every currency (in
        the company's currency, as the collector's file is)."""
        result, by_partner = [], {}
        for plan in plans:
            by_partner.setdefault(plan["partner"], []).append(plan)
        for partner_plans in by_partner.values():
            if len(partner_plans) == 1:
                result += partner_plans
                continue
            if any(plan["call"] for plan in partner_plans):
                caller = next(
                    (p for p in partner_plans if p["call"] == "schedule"), None
                )
                for plan in partner_plans:
                    if plan is not caller:
                        plan.update(call="wait", call_attempt=None, send=False)
            handover = None
            for plan in partner_plans:
                if not (plan["handover"] and not plan["call"]):
                    result.append(plan)
                elif handover is None:
                    handover = plan
                    result.append(plan)
                else:
                    for key in ("invoices", "reached_invoices"):
                        handover[key] |= plan[key]
        return result

    @api.model
    def _badly_addressed(self, reasons):
        """Whether ``reasons`` (lib.channels) say the customer's file lacks
        what the level's channels need, rather than the level any channel."""
        return any(code in ADDRESS_REASONS for code, _detail in reasons)

    @api.model
    def _plan_partner(self, partner, on_date, levels, moves, payments, currency=None):
        """One customer's reminder for ``on_date`` in ``currency`` (the
        company's when not given), or None when none is due. ``moves`` and
        ``payments`` are the customer's open documents in that currency: the
        lines and totals are in it."""
        currency = currency or self.env.company.currency_id
        delays = [level.delay for level in levels]
        invoices = moves.filtered(
            lambda m: m.move_type == "out_invoice" and m.invoice_date_due < on_date
        )
        reached = {
            invoice: next_level(
                invoice.invoice_date_due,
                on_date,
                delays,
                self._level_index(levels, invoice.dunning_level_id),
                invoice.dunning_last_date,
            )
            for invoice in invoices
        }
        top = partner_level(reached.values())
        if top is None:
            return None
        # The invoices this reminder moves to its level, and since when they
        # wait for it (their last reminder, or their due date).
        reached_invoices = invoices.filtered(lambda m: reached[m] == top)
        lines = []
        for invoice in invoices:
            index = reached[invoice]
            lines.append(
                {
                    "move_id": invoice.id,
                    "kind": "invoice",
                    "date": invoice.invoice_date,
                    "date_due": invoice.invoice_date_due,
                    "days_late": days_late(invoice.invoice_date_due, on_date),
                    "amount_total": invoice.amount_total_in_currency_signed,
                    "amount_residual": invoice.amount_residual,
                    "level_id": (
                        levels[index] if index is not None else invoice.dunning_level_id
                    ).id,
                    "advanced": index is not None,
                }
            )
        for refund in moves.filtered(lambda m: m.move_type == "out_refund"):
            lines.append(
                {
                    "move_id": refund.id,
                    "kind": "credit_note",
                    "date": refund.invoice_date,
                    "amount_total": refund.amount_total_in_currency_signed,
                    "amount_residual": -refund.amount_residual,
                }
            )
        for payment in payments:
            lines.append(
                {
                    "move_id": payment.move_id.id,
                    "kind": "payment",
                    "date": payment.date,
                    "amount_total": payment.amount_currency,
                    "amount_residual": payment.amount_residual_currency,
                }
            )
        overdue = sum(
            line["amount_residual"] for line in lines if line["kind"] == "invoice"
        )
        due = sum(line["amount_residual"] for line in lines)
        if currency.compare_amounts(due, 0) <= 0:
            return None  # credit notes and payments cover it: nothing to claim
        return {
            "partner": partner,
            "currency": currency,
            "on_date": on_date,
            "level": levels[top],
            "reached_invoices": reached_invoices,
            "waiting_since": min(
                m.dunning_last_date or m.invoice_date_due for m in reached_invoices
            ),
            "lines": lines,
            "invoices": invoices,
            "amount_overdue": overdue,
            "amount_due": due,
        }

    @api.model
    def _call_gate(self, plan, policy, calls):
        """Whether the level of ``plan`` waits for a call: ``("schedule",
        attempt, overdue)`` for a new call, ``("wait", None, overdue)`` while
        one is open, ``(False, None, overdue)`` when the level may go;
        ``overdue`` is the customer's open call past its Call By day, if any.

        While the customer has an open call, nothing goes out, whatever the
        level, until the call's Call By day (the policy's Call Deadline) has
        passed: a call not made by then no longer holds anything (see
        ``dunning.call._settle_overdue``). Otherwise only the calls made for
        this level since its first invoice waits for it count (``calls`` are
        the customer's, the latest first). Every outcome
        but an open call lets the level go: after a promise, the customer
        was paused until the promised day and its grace, so a run that sees
        the level still due means the promise was broken; after a dispute,
        the disputed invoices left the flow and the others go on; a call
        cancelled or marked done without an outcome is skipped; a call still
        open past its Call By day was not made in time.
        """
        on_date = plan["on_date"]
        open_calls = calls.filtered(lambda c: c.state == "open")
        overdue = open_calls.filtered(lambda c: c.date_limit and c.date_limit < on_date)
        if open_calls - overdue:
            return "wait", None, overdue  # one call at a time, whatever it is for
        level = plan["level"]
        if not level.call_before:
            return False, None, overdue
        current = calls.filtered(
            lambda c: c.level_id == level and c.date >= plan["waiting_since"]
        )
        if not current:
            return "schedule", 1, overdue
        latest = current[0]
        if latest.outcome == "no_answer" and latest.attempt < policy.call_max_attempts:
            return "schedule", latest.attempt + 1, overdue
        return False, None, overdue

    @api.model
    def _level_index(self, levels, level):
        """Where ``level`` stands in ``levels``. A level of another policy (the
        customer changed policy, or class) counts as the level of the same rank
        here (first, second, ...), or the last one: the next reminder is the
        next level, never one the customer already had."""
        if not level:
            return None
        if level in levels:
            return list(levels).index(level)
        rank = list(level.policy_id._levels()).index(level)
        return min(rank, len(levels) - 1)

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    @api.model
    def _apply(self, plans):
        """Create (or refresh) the planned reminders and send those that may
        go; schedule the calls that levels with *Call Before* wait for.
        Returns the reminders and the calls."""
        # The run's own notes (see dunning.reminder._log_sent) say what
        # happened: no "created" message nor state tracking per reminder.
        Reminder = self.env["dunning.reminder"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        # Before the new calls: an overdue call gives way to its customer's.
        self.env["dunning.call"]._settle_overdue(plans)
        calls = self.env["dunning.call"]._schedule(
            [plan for plan in plans if plan["call"] == "schedule"]
        )
        if calls:
            self._log_calls(calls)
        new_vals, refreshed = [], Reminder
        for plan in plans:
            if plan["call"] or plan["handover"]:
                continue  # the level waits for the call, or is a hand-over
            vals = self._reminder_vals(plan)
            if plan["draft"]:
                draft = plan["draft"]
                draft.line_ids.unlink()
                draft.write(vals)
                refreshed |= draft
            else:
                new_vals.append(vals)
        created = Reminder.create(new_vals)
        # A customer has one reminder per currency (see _by_currency).
        sendable = {
            (p["partner"].id, p["currency"].id): (p["channels"], p["reasons"])
            for p in plans
            if p["send"]
        }
        to_send = created.filtered(
            lambda r: (r.partner_id.id, r.currency_id.id) in sendable
        )
        to_send._send({r: sendable[r.partner_id.id, r.currency_id.id] for r in to_send})
        # Write now: a concurrent run that changed these invoices since this
        # transaction began makes PostgreSQL refuse it here, before anything
        # is committed (see the module docstring).
        self.env.flush_all()
        return created | refreshed, calls

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
    def _reminder_vals(self, plan):
        level = plan["level"]
        if not plan["channels"]:
            reason = self.env["dunning.reminder"]._reason_text(plan["reasons"])
        elif plan["draft"]:
            reason = plan["draft"].draft_reason or self.env._("Waiting for review.")
        elif not level.auto_send:
            reason = self.env._(
                "The level %s is reviewed before it is sent.", level.name
            )
        else:
            reason = False
        recipient = plan["recipient"]
        return {
            "partner_id": plan["partner"].id,
            "recipient_id": recipient.id,
            "company_id": plan["company"].id,
            "policy_id": plan["policy"].id,
            "level_id": level.id,
            "date": plan["on_date"],
            "state": "draft",
            "draft_reason": reason,
            "channel_note": (
                plan["channels"]
                and self.env["dunning.reminder"]._reason_text(plan["reasons"])
            )
            or False,
            "email_to": recipient.email if "email" in plan["channels"] else False,
            "currency_id": plan["currency"].id,
            "amount_due": plan["amount_due"],
            "amount_overdue": plan["amount_overdue"],
            "move_ids": [Command.set(plan["invoices"].ids)],
            # The company given, not precomputed from the reminder per line.
            "line_ids": [
                Command.create(dict(line, company_id=plan["company"].id))
                for line in plan["lines"]
            ],
        }
