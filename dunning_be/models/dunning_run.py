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

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import SQL, split_every

from ..lib.ageing import days_late
from ..lib.channels import ADDRESS_REASONS
from ..lib.levels import next_level, partner_level

_logger = logging.getLogger(__name__)

BATCH_SIZE = 200
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
        """The daily run: every company, each by its own policy."""
        today = fields.Date.context_today(self)
        todo = [
            (company, self.with_company(company)._due_partner_ids(company, today))
            for company in self.env["res.company"].search([])
        ]
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=sum(len(ids) for _c, ids in todo))
        for company, partner_ids in todo:
            run = self.with_company(company)
            summary = run._run_company(company, today, partner_ids, commit=True)
            _logger.info("Payment reminders: %s", run._summary_text(company, summary))
            if summary.get("stopped"):
                break

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
        summary["cancelled"] = run._cancel_paid_drafts(company)
        summary["calls_cancelled"] = run._cancel_paid_calls(company)
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
            if not batch:
                if commit:
                    run.env["ir.cron"]._commit_progress()
                break
            holds = {}
            plans = run._plan(company, on_date, batch, holds=holds)
            run._store_holds(company, batch, holds, on_date)
            for reason, _note in holds.values():
                summary[f"held_{reason}"] += 1
            reminders, calls = run._apply(plans)
            summary["calls"] += len(calls)
            summary["waiting_call"] += sum(p["call"] == "wait" for p in plans)
            for plan in plans:
                if plan.get("handover_id"):
                    summary[f"handover_{plan['handover_id'].state}"] += 1
            summary["sent"] += len(reminders.filtered(lambda r: r.state == "sent"))
            summary["draft"] += len(reminders.filtered(lambda r: r.state == "draft"))
            for reminder in reminders:
                summary[(reminder.state, reminder.level_id.name)] += 1
            if commit and run.env["ir.cron"]._commit_progress(len(batch)) <= 0:
                summary["stopped"] += 1
                break
        return summary

    @api.model
    def _summary_text(self, company, summary, on_date=None):
        """What a run on ``on_date`` did for ``company``, in a line for the
        accountant: reminders per level, invoices held per reason, calls."""
        if summary.get("stale_feed"):
            on_date = on_date or fields.Date.context_today(self)
            return self._bank_feed_warning(company, on_date)[1]
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
            if state == "sent":
                text = self.env._(
                    "%(count)s reminder(s) sent (%(levels)s)",
                    count=sum(per_level.values()),
                    levels=levels,
                )
            else:
                text = self.env._(
                    "%(count)s reminder(s) to review (%(levels)s)",
                    count=sum(per_level.values()),
                    levels=levels,
                )
            lines.append(text)
        held = self._hold_counts(summary)
        if held:
            lines.append(
                self.env._(
                    "%(count)s invoice(s) held back (%(reasons)s)",
                    count=sum(held.values()),
                    reasons=self._hold_counts_text(held),
                )
            )
        if summary.get("handover_sent"):
            lines.append(
                self.env._(
                    "%s file(s) handed over to a debt collector",
                    summary["handover_sent"],
                )
            )
        if summary.get("handover_draft"):
            lines.append(
                self.env._(
                    "%s hand-over(s) to a debt collector to review",
                    summary["handover_draft"],
                )
            )
        if summary.get("calls"):
            lines.append(self.env._("%s call(s) scheduled", summary["calls"]))
        if summary.get("waiting_call"):
            lines.append(
                self.env._(
                    "%s customer(s) wait for the outcome of a call",
                    summary["waiting_call"],
                )
            )
        if not lines:
            lines.append(self.env._("no customer due for a reminder"))
        if summary.get("no_bank_feed"):
            lines.append(
                self.env._(
                    "payments not checked against the bank: no bank statement line"
                )
            )
        if summary.get("rate_missing"):
            lines.append(
                self.env._("a legal interest rate is missing, the last one is used")
            )
        if summary.get("busy"):
            lines.append(self.env._("another run was busy: the next run goes on"))
        return f"{company.name}: {'; '.join(lines)}."

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
        """Reminders waiting for review whose invoices were all paid since."""
        drafts = self.env["dunning.reminder"].search(
            [("company_id", "=", company.id), ("state", "=", "draft")]
        )
        paid = drafts.filtered(lambda r: not any(r.move_ids.mapped("amount_residual")))
        if paid:
            paid._cancel_claims(skip_paid=True)
            paid.write({"state": "cancel"})
            paid._message_log_batch(
                dict.fromkeys(
                    paid.ids, self.env._("Cancelled: its invoices were paid.")
                )
            )
        return len(paid)

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
                "amount_total_signed",
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
            ["move_id", "partner_id", "date", "balance", "amount_residual"],
            order="date, id",
        )
        drafts = self.env["dunning.reminder"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", partners.ids),
                ("state", "=", "draft"),
            ],
            ["partner_id"],
        )
        contacts = self.env["res.partner"].search_fetch(
            [("parent_id", "in", partners.ids), ("type", "=", "invoice")],
            ["parent_id", "email", "phone", "street", "zip", "city", "country_id"],
            order="id",
        )
        calls = self.env["dunning.call"].search_fetch(
            [("company_id", "=", company.id), ("partner_id", "in", partners.ids)],
            ["partner_id", "level_id", "date", "state", "outcome", "attempt"],
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
        draft_by_partner = {draft.partner_id: draft for draft in drafts}
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
        for partner in partners:
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
                partner,
                on_date,
                levels,
                moves_by_partner.get(partner, moves.browse()),
                payments_by_partner.get(partner, payments.browse()),
            )
            if not plan:
                continue
            recipient = contact_by_partner.get(partner, partner)
            level = plan["level"]
            call, attempt = self._call_gate(
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
            draft = draft_by_partner.get(partner)
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
                call_user=(
                    call == "schedule"
                    and self.env["dunning.call"]._assignee(
                        partner, company, plan["reached_invoices"]
                    )
                ),
            )
            plans.append(plan)
        if holds is not None:
            holds.update(held)
        return plans

    @api.model
    def _badly_addressed(self, reasons):
        """Whether ``reasons`` (lib.channels) say the customer's file lacks
        what the level's channels need, rather than the level any channel."""
        return any(code in ADDRESS_REASONS for code, _detail in reasons)

    @api.model
    def _plan_partner(self, partner, on_date, levels, moves, payments):
        """One customer's reminder for ``on_date``, or None when none is due."""
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
                    "amount_total": invoice.amount_total_signed,
                    "amount_residual": invoice.amount_residual_signed,
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
                    "amount_total": refund.amount_total_signed,
                    "amount_residual": refund.amount_residual_signed,
                }
            )
        for payment in payments:
            lines.append(
                {
                    "move_id": payment.move_id.id,
                    "kind": "payment",
                    "date": payment.date,
                    "amount_total": payment.balance,
                    "amount_residual": payment.amount_residual,
                }
            )
        overdue = sum(
            line["amount_residual"] for line in lines if line["kind"] == "invoice"
        )
        due = sum(line["amount_residual"] for line in lines)
        if self.env.company.currency_id.compare_amounts(due, 0) <= 0:
            return None  # credit notes and payments cover it: nothing to claim
        return {
            "partner": partner,
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
        attempt)`` for a new call, ``("wait", None)`` while one is open,
        ``(False, None)`` when the level may go.

        While the customer has an open call, nothing goes out, whatever the
        level. Otherwise only the calls made for this level since its first
        invoice waits for it count (``calls`` are the customer's, the latest
        first). Every outcome
        but an open call lets the level go: after a promise, the customer
        was paused until the promised day and its grace, so a run that sees
        the level still due means the promise was broken; after a dispute,
        the disputed invoices left the flow and the others go on; a call
        cancelled or marked done without an outcome is skipped.
        """
        if calls.filtered(lambda c: c.state == "open"):
            return "wait", None  # one call at a time, whatever it is for
        level = plan["level"]
        if not level.call_before:
            return False, None
        current = calls.filtered(
            lambda c: c.level_id == level and c.date >= plan["waiting_since"]
        )
        if not current:
            return "schedule", 1
        latest = current[0]
        if latest.outcome == "no_answer" and latest.attempt < policy.call_max_attempts:
            return "schedule", latest.attempt + 1
        return False, None

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
        sendable = {p["partner"].id: p for p in plans if p["send"]}
        to_send = created.filtered(lambda r: r.partner_id.id in sendable)
        to_send._send(
            {
                reminder: (
                    sendable[reminder.partner_id.id]["channels"],
                    sendable[reminder.partner_id.id]["reasons"],
                )
                for reminder in to_send
            }
        )
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
            "amount_due": plan["amount_due"],
            "amount_overdue": plan["amount_overdue"],
            "move_ids": [Command.set(plan["invoices"].ids)],
            # The company given, not precomputed from the reminder per line.
            "line_ids": [
                Command.create(dict(line, company_id=plan["company"].id))
                for line in plan["lines"]
            ],
        }
