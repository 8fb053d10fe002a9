# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A call to the customer before a level escalates.

The run schedules one call, as a phone-call activity on the customer, instead
of sending a level that has *Call Before*; the call's outcome (see the wizard
``dunning.call.outcome``) decides what the next runs do. The activity is what
the person in charge sees in the agenda; this record keeps the history.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..lib.ageing import days_late
from ..lib.belgian_law import add_working_days


class DunningCall(models.Model):
    _name = "dunning.call"
    _description = "Payment Call"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Whoever makes the call writes in its chatter; its fields change only
    # through the outcome wizard.
    _mail_post_access = "read"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    recipient_id = fields.Many2one(
        "res.partner",
        string="Invoice Contact",
        readonly=True,
        help="Who gets the follow-up e-mail after the call.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    # The currency of the plan it was made for (a customer is reminded once
    # per currency); the company's for calls made before.
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    level_id = fields.Many2one(
        "dunning.level",
        string="Before Level",
        required=True,
        readonly=True,
        help="The level that waits for this call.",
    )
    user_id = fields.Many2one(
        "res.users", string="Assigned To", readonly=True, index=True
    )
    activity_id = fields.Many2one(
        "mail.activity", string="Activity", readonly=True, ondelete="set null"
    )
    date = fields.Date(string="Scheduled On", required=True, readonly=True)
    date_deadline = fields.Date(
        string="Call On", related="activity_id.date_deadline", readonly=True
    )
    date_limit = fields.Date(
        string="Call By",
        compute="_compute_date_limit",
        store=True,
        readonly=False,
        help="The last day to make the call: the policy's Call Deadline in "
        "working days after Call On. A call still open after this day no "
        "longer holds its level: the next run sends the level without it.",
    )
    date_missed = fields.Date(
        string="Sent Without the Call On",
        readonly=True,
        help="The day the run sent the level without this call, as it was "
        "not made by its Call By day. The call stays open: make it, or "
        "record its outcome.",
    )
    date_done = fields.Date(string="Called On", readonly=True)
    attempt = fields.Integer(
        default=1, readonly=True, help="1 for the first call, 2 for the next, ..."
    )
    state = fields.Selection(
        [("open", "To Call"), ("done", "Done"), ("skipped", "Skipped")],
        required=True,
        default="open",
        readonly=True,
        index=True,
    )
    outcome = fields.Selection(
        [
            ("promise", "Promise to Pay"),
            ("dispute", "Dispute"),
            ("no_answer", "No Answer"),
            ("go_on", "Go On"),
        ],
        readonly=True,
    )
    promise_date = fields.Date(string="Promised For", readonly=True)
    pause_until = fields.Date(
        string="No Reminders Until",
        readonly=True,
        help="The promised day plus the policy's grace period.",
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        readonly=True,
        help="The overdue invoices when the call was scheduled.",
    )
    disputed_move_ids = fields.Many2many(
        "account.move",
        "dunning_call_disputed_move_rel",
        "call_id",
        "move_id",
        string="Disputed Invoices",
        readonly=True,
    )
    open_move_ids = fields.Many2many(
        "account.move",
        string="Open Invoices",
        compute="_compute_open_move_ids",
        help="The call's invoices that are not paid yet.",
    )
    amount_due = fields.Monetary(
        string="Due When Planned",
        readonly=True,
        help="What the customer owed in this currency when the call was "
        "planned, credit notes and payments not yet matched deducted.",
    )
    # As of today: what the list sums, and the overview's call cards too.
    amount_open = fields.Monetary(
        string="Open",
        compute="_compute_amount_open",
        store=True,
        help="What the call's invoices still owe today.",
    )
    days_late = fields.Integer(
        compute="_compute_days_late",
        compute_sudo=True,
        help="Days late today of the call's oldest open invoice.",
    )
    partner_phone = fields.Char(string="Phone", related="partner_id.phone")
    recipient_phone = fields.Char(
        string="Invoice Contact Phone",
        compute="_compute_recipient_phone",
        help="The invoice contact's phone, when it is not the customer's.",
    )
    note = fields.Text(string="Notes", readonly=True)
    # The invoices to talk about, as of today. Read with superuser rights, so
    # that an assignee without rights on invoices sees them too: only the
    # call's own invoices, to whoever may read the call.
    brief = fields.Html(
        string="To Discuss",
        compute="_compute_brief",
        compute_sudo=True,
        sanitize=False,
    )

    # Two runs at once cannot plan two calls for one customer.
    _one_open_call = models.UniqueIndex(
        "(partner_id, company_id) WHERE state = 'open'",
        "This customer already has a call to make.",
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for call in self:
            call.currency_id = call.currency_id or call.company_id.currency_id

    @api.depends("partner_id", "level_id")
    def _compute_display_name(self):
        for call in self:
            call.display_name = self.env._(
                "Call %(customer)s before %(level)s",
                customer=call.partner_id.display_name,
                # The one asked to call may have no rights on the levels;
                # their name is what the call is about.
                level=call.level_id.sudo().name,
            )

    @api.depends("move_ids.amount_residual")
    def _compute_open_move_ids(self):
        for call in self:
            call.open_move_ids = call.move_ids.filtered("amount_residual")

    @api.depends("move_ids.amount_residual")
    def _compute_amount_open(self):
        for call in self:
            call.amount_open = sum(call.move_ids.mapped("amount_residual"))

    @api.depends("move_ids.amount_residual", "move_ids.invoice_date_due")
    def _compute_days_late(self):
        today = fields.Date.context_today(self)
        for call in self:
            dues = [
                move.invoice_date_due
                for move in call.move_ids
                if move.amount_residual and move.invoice_date_due
            ]
            call.days_late = max(days_late(min(dues), today), 0) if dues else 0

    @api.depends("recipient_id.phone", "partner_id.phone")
    def _compute_recipient_phone(self):
        for call in self:
            phone = call.recipient_id.phone
            call.recipient_phone = phone if phone != call.partner_phone else False

    @api.depends("activity_id.date_deadline", "date")
    def _compute_date_limit(self):
        """``Call On`` (the activity's day, or the day it was planned) plus
        the policy's Call Deadline in working days. Kept once the call is
        closed, or once its level went out without it."""
        for call in self:
            if call.date_limit and (call.state != "open" or call.date_missed):
                call.date_limit = call.date_limit
                continue
            start = call.activity_id.date_deadline or call.date
            call.date_limit = start and add_working_days(
                start, call._policy().call_deadline_days
            )

    @api.depends("move_ids.amount_residual", "move_ids.invoice_date_due", "level_id")
    def _compute_brief(self):
        today = fields.Date.context_today(self)
        for call in self:
            moves = call.move_ids.filtered(
                lambda m: m.amount_residual and m.invoice_date_due
            ).sorted(lambda m: (m.invoice_date_due, m.id))
            if not moves:
                call.brief = Markup("<p>%s</p>") % self.env._(
                    "The call's invoices are paid: nothing to discuss."
                )
                continue
            rows = Markup("").join(
                Markup("<li>%s</li>") % self._brief_line(call, move, today)
                for move in moves
            )
            call.brief = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Before %(level)s is sent, call about these invoices "
                    "(as of %(date)s):",
                    level=call.level_id.name,
                    date=format_date(self.env, today),
                ),
                rows,
            )

    def _brief_line(self, call, move, today):
        """One invoice of the brief: what is open, when it was due, how late."""
        values = {
            "invoice": move.name,
            "amount": call.currency_id.format(move.amount_residual),
            "due": format_date(self.env, move.invoice_date_due),
            "days": max(days_late(move.invoice_date_due, today), 0),
        }
        if values["days"] == 1:
            return self.env._(
                "%(invoice)s: %(amount)s open, due %(due)s, 1 day late", **values
            )
        return self.env._(
            "%(invoice)s: %(amount)s open, due %(due)s, %(days)s days late", **values
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_outcome(self):
        """Open the "Call outcome" wizard on this call."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("This call is no longer open."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call Outcome"),
            "res_model": "dunning.call.outcome",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_call_id": self.id},
        }

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Scheduling (the run)
    # ------------------------------------------------------------------

    @api.model
    def _schedule(self, plans, records):
        """One call per plan (a lib.run_plan.Plan of the run, its records in
        ``records``, see ``dunning.run._apply``), each with its activity, in
        batch."""
        if not plans:
            return self.browse()
        activity_type = self.env.ref("dunning_be.mail_activity_type_call")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        company = self.env.company
        calls = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(
            [
                {
                    "partner_id": plan.partner_id,
                    "recipient_id": records.recipient(plan).id,
                    "company_id": company.id,
                    "level_id": plan.level.id,
                    "user_id": self._assignee(
                        records.partner(plan), company, records.reached(plan)
                    ).id,
                    "date": plan.on_date,
                    "attempt": plan.call_attempt,
                    "amount_due": plan.amount_due,
                    "currency_id": plan.currency_id,
                    "move_ids": list(plan.invoice_ids),
                    "date_limit": add_working_days(
                        plan.on_date,
                        self.env["dunning.policy"]
                        .browse(plan.policy_id)
                        .call_deadline_days,
                    ),
                }
                for plan in plans
            ]
        )
        calls._create_activities(
            activity_type,
            partner_model,
            [plan.on_date for plan in plans],
            [self._call_note(plan, records) for plan in plans],
        )
        return calls

    def _create_activities(self, activity_type, partner_model, deadlines, notes):
        # No e-mail per activity: the assignee finds the calls in the agenda
        # and in Calls to Make, and the run stays a few queries per batch.
        # Odoo asks for the right to edit the customer to plan an activity on
        # it; an accountant running the reminders may not have it, and these
        # activities are the calls the run decided, nothing else (sudo keeps
        # the user as their author).
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": partner_model,
                        "res_id": call.partner_id.id,
                        "activity_type_id": activity_type.id,
                        "summary": self.env._(
                            "Call before %(level)s (call %(attempt)s)",
                            level=call.level_id.name,
                            attempt=call.attempt,
                        ),
                        "note": note,
                        "user_id": call.user_id.id,
                        "date_deadline": deadline,
                    }
                    for call, deadline, note in zip(self, deadlines, notes, strict=True)
                ]
            )
        )
        for call, activity in zip(self, activities, strict=True):
            # Call By was given with the call, from its policy: kept.
            call.write({"activity_id": activity.id, "date_limit": call.date_limit})

    @api.model
    def _call_note(self, plan, records):
        """The activity's note: the invoices and the numbers to call. No
        amount nor days late: they change by the day, the call shows them as
        of today."""
        partner, recipient = records.partner(plan), records.recipient(plan)
        moves = self.env["account.move"]
        rows = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(invoice)s, due %(due)s",
                invoice=moves.browse(line.move_id).name,
                due=format_date(self.env, line.date_due),
            )
            for line in plan.lines
            if line.kind == "invoice"
        )
        phones = []
        for contact in (partner, recipient):
            if contact.phone and contact.phone not in (p for _n, p in phones):
                phones.append((contact.display_name, contact.phone))
        numbers = (
            Markup("").join(
                Markup('<li>%s: <a href="tel:%s">%s</a></li>') % (name, phone, phone)
                for name, phone in phones
            )
            if phones
            else Markup("<li>%s</li>") % self.env._("No phone number on file.")
        )
        return Markup("<p>%s</p><ul>%s</ul><p>%s</p><ul>%s</ul>") % (
            self.env._(
                "Before %(level)s is sent, call about these invoices (the "
                "amounts open and days late of today are on the call):",
                level=records.level(plan).name,
            ),
            rows,
            self.env._("Phone:"),
            numbers,
        )

    @api.model
    def _assignee(self, partner, company, invoices):
        """Who calls: the customer's credit controller, else the company's,
        else the salesperson of the oldest overdue invoice, else the
        customer's salesperson. Only active users of the company count."""
        candidates = [
            partner.dunning_user_id,
            company.dunning_user_id,
            *invoices.sorted(lambda m: (m.invoice_date_due, m.id)).invoice_user_id,
            partner.user_id,
        ]
        for user in candidates:
            if user and user.active and company in user.company_ids:
                return user
        return self.env.user

    # ------------------------------------------------------------------
    # Outcomes (the wizard)
    # ------------------------------------------------------------------

    def _record_outcome(self, outcome, note=False, promise_date=None, disputed=None,
                        reason=None):  # fmt: skip
        """Close this open call with ``outcome`` and apply it: pause, dispute,
        next call. The activity is marked done with the outcome as feedback,
        which logs it in the customer's chatter."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        policy = self.partner_id.with_company(self.company_id)._dunning_policy()
        # Closed first: the next call of a "no answer" is the only open one.
        self.write(
            {"state": "done", "outcome": outcome, "date_done": today, "note": note}
        )
        self.flush_recordset(["state"])
        vals = {}
        if outcome == "promise":
            pause = promise_date + timedelta(days=policy.promise_grace_days)
            vals.update(promise_date=promise_date, pause_until=pause)
            partner = self.partner_id.with_company(self.company_id)
            if not partner.dunning_pause_until or partner.dunning_pause_until < pause:
                partner.dunning_pause_until = pause
            text = self.env._(
                "Promise to pay by %(date)s: no reminder until %(pause)s.",
                date=format_date(self.env, promise_date),
                pause=format_date(self.env, pause),
            )
        elif outcome == "dispute":
            vals.update(disputed_move_ids=disputed.ids)
            disputed._dunning_set_dispute(reason, today)
            text = self.env._(
                "Dispute on %(invoices)s: %(reason)s. These invoices get no "
                "reminder until the dispute is resolved; the others go on.",
                invoices=", ".join(disputed.mapped("name")),
                reason=reason,
            )
        elif outcome == "no_answer" and self.attempt < policy.call_max_attempts:
            next_call = self._schedule_retry(
                add_working_days(today, policy.call_retry_days), policy
            )
            text = self.env._(
                "No answer: call again on %s.",
                format_date(self.env, next_call.date_deadline),
            )
        elif outcome == "no_answer" and self.attempt == 1:
            text = self.env._(
                "No answer after 1 call: %(level)s is sent on the next run.",
                level=self.level_id.name,
            )
        elif outcome == "no_answer":
            text = self.env._(
                "No answer after %(count)s calls: %(level)s is sent on the next run.",
                count=self.attempt,
                level=self.level_id.name,
            )
        else:
            text = self.env._("%s is sent on the next run.", self.level_id.name)
        self.write(vals)
        feedback = f"{text}\n{note}" if note else text
        self.message_post(body=feedback)
        if self.activity_id.active:
            self.activity_id.with_context(dunning_call_outcome=True).action_feedback(
                feedback=feedback
            )
        return text

    def _schedule_retry(self, deadline, policy):
        retry = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(
            {
                "date": fields.Date.context_today(self),
                "attempt": self.attempt + 1,
                "user_id": self.user_id.id,
                "move_ids": self.move_ids.ids,
                "partner_id": self.partner_id.id,
                "recipient_id": self.recipient_id.id,
                "company_id": self.company_id.id,
                "level_id": self.level_id.id,
                "amount_due": self.amount_due,
                "currency_id": self.currency_id.id,
                "date_limit": add_working_days(deadline, policy.call_deadline_days),
            }
        )
        retry._create_activities(
            self.activity_id.activity_type_id
            or self.env.ref("dunning_be.mail_activity_type_call"),
            self.env["ir.model"]._get_id("res.partner"),
            [deadline],
            [self.activity_id.note or False],
        )
        return retry

    def _send_followup(self, template, attach_invoices=True):
        """The e-mail after the call, from ``template``, with a copy of the
        invoices still open."""
        self.ensure_one()
        recipient = self.recipient_id or self.partner_id
        if not recipient.email:
            raise UserError(
                self.env._(
                    "%s has no e-mail address. Add one on the contact, or untick "
                    "Follow-up E-mail.",
                    recipient.display_name,
                )
            )
        attachments = []
        if attach_invoices:
            moves = self.open_move_ids
            pdfs = moves._dunning_pdf_attachments(self._name, lambda _m: self.id)
            attachments = [pdfs[move].id for move in moves if pdfs[move]]
        message = self.message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments,
            email_layout_xmlid="mail.mail_notification_light",
        )
        self.partner_id._message_log(
            body=self.env._(
                "Follow-up e-mail sent to %(email)s after the call, with %(count)s "
                "invoice copies.",
                email=recipient.email,
                count=len(attachments),
            )
        )
        return message

    def _close_without_outcome(self, state):
        """The activity was marked done (``done``) or cancelled (``skipped``)
        outside the wizard: the escalation goes on, and the history says so."""
        if not self:
            return
        self.write({"state": state, "date_done": fields.Date.context_today(self)})
        bodies = {}
        for call in self:
            text = (
                self.env._(
                    "The call before %s was cancelled: the reminder is sent "
                    "on the next run.",
                    call.level_id.name,
                )
                if state == "skipped"
                else self.env._(
                    "The call before %s was marked done without an outcome: the "
                    "reminder is sent on the next run.",
                    call.level_id.name,
                )
            )
            call.message_post(body=text)
            bodies.setdefault(call.partner_id.id, []).append(text)
        self.env["res.partner"].browse(list(bodies))._message_log_batch(
            {pid: Markup("<br/>").join(texts) for pid, texts in bodies.items()}
        )

    def _close_paid(self):
        """The customer paid before the call: the call and its activity go."""
        self.write({"state": "skipped", "date_done": fields.Date.context_today(self)})
        self._message_log_batch(
            dict.fromkeys(self.ids, self.env._("Paid before the call: no call needed."))
        )
        self.activity_id.with_context(dunning_call_outcome=True).unlink()

    # ------------------------------------------------------------------
    # Calls not made in time (the run)
    # ------------------------------------------------------------------

    @api.model
    def _settle_overdue(self, plans):
        """The open calls of the customers in ``plans`` (lib.run_plan.Plan,
        see ``dunning.run._plan``) past their Call By day no longer hold their
        level. A customer whose level goes out without its call: the call's
        history and the customer's say so, once, and the credit controller's
        manager gets an activity; the call stays open, to be made. A customer
        whose next level asks for a new call: the overdue one gives way to
        it (one open call per customer)."""
        overdue_ids, scheduling = [], set()
        for plan in plans:
            if plan.call != "wait":
                overdue_ids += plan.overdue_call_ids
            if plan.call == "schedule":
                scheduling.add(plan.partner_id)
        overdue = self.browse(dict.fromkeys(overdue_ids))
        if not overdue:
            return self.browse()
        replaced = overdue.filtered(lambda call: call.partner_id.id in scheduling)
        replaced._close_replaced()
        missed = (overdue - replaced).filtered(lambda call: not call.date_missed)
        missed._notify_missed(plans[0].on_date)
        return missed

    def _close_replaced(self):
        if not self:
            return
        self.write({"state": "skipped", "date_done": fields.Date.context_today(self)})
        self._message_log_batch(
            {
                call.id: self.env._(
                    "Not made by %(date)s: a call before the next level replaces it.",
                    date=format_date(self.env, call.date_limit),
                )
                for call in self
            }
        )
        self.activity_id.with_context(dunning_call_outcome=True).unlink()

    def _notify_missed(self, on_date):
        """The level of these calls goes out without them, on ``on_date``:
        noted on the calls and their customers, and an activity for the
        manager of each call's assignee."""
        if not self:
            return
        self.write({"date_missed": on_date})
        todo = self.env.ref("mail.mail_activity_data_todo")
        partner_model = self.env["ir.model"]._get_id("res.partner")
        texts, activities = {}, []
        managers = {}
        for call in self:
            key = (call.user_id, call.company_id)
            if key not in managers:
                managers[key] = call._manager()
            manager = managers[key]
            texts[call] = self.env._(
                "%(user)s did not make the call before %(level)s by %(date)s: "
                "the reminders no longer wait for it and %(level)s goes out "
                "without it. %(manager)s is asked to follow up; the call stays "
                "open in Calls to Make.",
                user=call.user_id.name,
                level=call.level_id.name,
                date=format_date(self.env, call.date_limit),
                manager=manager.name,
            )
            activities.append(
                {
                    "res_model_id": partner_model,
                    "res_id": call.partner_id.id,
                    "activity_type_id": todo.id,
                    "summary": self.env._(
                        "Call not made: %s", call.partner_id.display_name
                    ),
                    "note": Markup("<p>%s</p>")
                    % self.env._(
                        "%(user)s was asked to call %(customer)s before "
                        "%(level)s and did not by %(date)s. %(level)s went out "
                        "without the call. See that the customer is called, "
                        "or record the call's outcome from Calls to Make.",
                        user=call.user_id.name,
                        customer=call.partner_id.display_name,
                        level=call.level_id.name,
                        date=format_date(self.env, call.date_limit),
                    ),
                    "user_id": manager.id,
                    "date_deadline": on_date,
                }
            )
        self._message_log_batch({call.id: text for call, text in texts.items()})
        by_partner = {}
        for call, text in texts.items():
            by_partner.setdefault(call.partner_id.id, []).append(text)
        self.env["res.partner"].browse(list(by_partner))._message_log_batch(
            {pid: Markup("<br/>").join(items) for pid, items in by_partner.items()}
        )
        # As the calls' own activities (see _create_activities): planned on
        # the customer for the manager, whatever the rights of the user
        # running the reminders on the customers.
        self.env["mail.activity"].sudo().create(activities)

    def _manager(self):
        """Who hears that this call was not made: the manager of its assignee
        in Employees (when installed), else the company's credit controller
        when someone else than the assignee, else an accounting manager of
        the company. Only active users of the company count."""
        self.ensure_one()
        company, user = self.company_id, self.user_id
        candidates = []
        if "employee_id" in user._fields:
            # Only the assignee's manager is read, whatever the rights of the
            # user running the reminders on employees.
            employee = user.sudo().with_company(company).employee_id
            candidates.append(employee.parent_id.user_id.with_env(self.env))
        candidates.append(company.dunning_user_id)
        for manager in candidates:
            if (
                manager
                and manager != user
                and manager.active
                and company in manager.company_ids
            ):
                return manager
        return self.env["dunning.run"]._run_failed_user(company)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _policy(self):
        """The policy of the call's customer in the call's company."""
        self.ensure_one()
        return self.partner_id.with_company(self.company_id)._dunning_policy()

    @api.model
    def _overview_domain(self, figure, company, on_date):
        """The calls of an overview card on ``on_date``, as its list shows
        them: ``today`` the open calls due by then that still hold their
        level, ``overdue`` the open calls past their Call By day. The search
        view's filters To Make Today and Overdue are the same."""
        domain = [("company_id", "=", company.id), ("state", "=", "open")]
        if figure == "today":
            return domain + [
                ("date_deadline", "<=", on_date),
                ("date_limit", ">=", on_date),
            ]
        if figure == "overdue":
            return domain + [("date_limit", "<", on_date)]
        raise ValueError(f"unknown call figure {figure!r}")

    @api.model
    def _totals(self, domain, company, on_date):
        """How many calls ``domain`` finds, and what their invoices still
        owe in ``company``'s currency (the list's total): one read."""
        count, amount = 0, 0.0
        groups = self._read_group(
            domain, ["currency_id"], ["__count", "amount_open:sum"]
        )
        for currency, group_count, group_amount in groups:
            count += group_count
            amount += currency._convert(
                group_amount, company.currency_id, company, on_date
            )
        return count, amount
