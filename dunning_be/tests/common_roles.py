# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Open views as the web client does, as a given user: ``get_views``, then
``web_read`` / ``web_search_read`` of every field of each view (relational
fields with their display names, x2many fields with the fields of their
sub-views), the search view's filters on dunning fields, and ``onchange``
for a new record. A field shown without the right groups, or a compute that
reads what the user may not, fails with the AccessError the user would get.
"""

import datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools import safe_eval as safe
from odoo.tools.safe_eval import safe_eval

from .common import day
from .test_handover import HandoverCommon

# The standard roles: (groups of new_test_user).
ROLES = {
    "employee": "base.group_user",
    "billing": "account.group_account_invoice",
    "accountant": "account.group_account_user",
    "auditor": "base.group_user,account.group_account_readonly",
    "manager": "account.group_account_manager",
}
ACCOUNTING_ROLES = ("billing", "accountant", "auditor", "manager")


def _field_nodes(node):
    """The ``<field>`` nodes of a view, without those of the sub-views of its
    x2many fields."""
    for child in node:
        if not isinstance(child.tag, str):  # a comment
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def _merge(spec, other):
    for name, sub in other.items():
        if name in spec and "fields" in sub:
            spec[name].setdefault("fields", {})
            _merge(spec[name]["fields"], sub["fields"])
        else:
            spec.setdefault(name, sub)
    return spec


def view_spec(node, model, models):
    """The specification the web client reads a view's records with: every
    field of the view; a many2one or many2many without sub-view with its
    display name; an x2many with the fields of its sub-views (list, kanban,
    form)."""
    fields_info = models[model]["fields"]
    spec = {}
    for field_node in _field_nodes(node):
        name = field_node.get("name")
        info = fields_info[name]
        if info["type"] in ("many2one", "reference"):
            sub = {"fields": {"display_name": {}}}
        elif info["type"] in ("one2many", "many2many"):
            fields = {}
            for subview in field_node:
                if isinstance(subview.tag, str):
                    _merge(fields, view_spec(subview, info["relation"], models))
            sub = {"fields": fields or {"display_name": {}}}
        else:
            sub = {}
        _merge(spec, {name: sub})
    return spec


class WebClientMixin:
    """Open actions and views as a user, the way the web client does."""

    def _eval_context(self, user, context=None):
        return {
            "uid": user.id,
            "user": user,
            "allowed_company_ids": user.company_ids.ids,
            "active_id": False,
            "active_ids": [],
            "context": dict(context or {}),
            "context_today": datetime.date.today,
            "current_date": datetime.date.today().strftime("%Y-%m-%d"),
            "datetime": safe.datetime,
            "time": safe.time,
            "relativedelta": relativedelta,
        }

    def open_action(self, user, action, records=None, core_failures=()):
        """Open ``action`` (an xmlid or an action dict) as ``user``: each of its
        views, its records (those of its domain, and ``records``).
        ``core_failures``: fields of Odoo itself (not of dunning_be) that fail
        for this user without dunning_be; any other field must read."""
        if isinstance(action, str):
            action = self.env["ir.actions.actions"]._for_xml_id(action)
        if action["type"] == "ir.actions.server":
            server = self.env["ir.actions.server"].browse(action["id"])
            action = server.with_user(user).with_context(**self._user_ctx(user)).run()
        self.assertEqual(action["type"], "ir.actions.act_window")
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context, self._eval_context(user))
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = safe_eval(domain, self._eval_context(user, context))
        views = [list(view) for view in action.get("views") or []]
        if not views:
            views = [[False, mode] for mode in action["view_mode"].split(",")]
        search_view = action.get("search_view_id")
        views.append([search_view[0] if search_view else False, "search"])
        return self.open_views(
            user,
            action["res_model"],
            views,
            context=context,
            domain=domain,
            records=records,
            action_id=action.get("id"),
            core_failures=core_failures,
        )

    def _user_ctx(self, user):
        return {"allowed_company_ids": user.company_ids.ids, "uid": user.id}

    def open_views(
        self,
        user,
        model,
        views,
        context=None,
        domain=(),
        records=None,
        action_id=False,
        core_failures=(),
    ):
        """``get_views`` of ``model`` as ``user``, then read each view's records
        as the web client does. Returns the records read by the forms."""
        Model = (
            self.env[model]
            .with_user(user)
            .with_context(**self._user_ctx(user), **(context or {}))
        )
        result = Model.get_views(
            views, {"toolbar": True, "load_filters": True, "action_id": action_id}
        )
        models = result["models"]
        found = Model.browse()
        read = Model.browse()
        for view_type in ("search", "list", "kanban", "form"):
            if view_type not in result["views"]:
                continue
            arch = etree.fromstring(result["views"][view_type]["arch"])
            if view_type == "search":
                self._open_search(user, Model, arch, domain)
                continue
            spec = {"display_name": {}, **view_spec(arch, model, models)}
            if view_type in ("list", "kanban"):
                rows = Model.web_search_read(list(domain), spec, limit=80)["records"]
                found |= Model.browse([row["id"] for row in rows])
                if records:
                    Model.web_search_read([("id", "in", records.ids)], spec)
            else:
                targets = (found[:3] | (records or Model)).with_env(Model.env)
                if targets:
                    values = self._web_read(targets, spec, core_failures)
                    self.assertEqual(len(values), len(targets))
                    read |= targets
                # A new record, as the New button makes it.
                if Model.has_access("create"):
                    Model.onchange({}, [], spec)
        return read

    def _web_read(self, records, spec, core_failures):
        """``records.web_read(spec)``; with ``core_failures``, each field on
        its own first: only those may fail, and none of dunning_be's."""
        if not core_failures:
            return records.web_read(spec)
        failing = set()
        for name, sub in spec.items():
            try:
                records.web_read({name: sub})
            except AccessError:
                failing.add(name)
            records.env.invalidate_all()
        self.assertLessEqual(failing, set(core_failures), "fail for the user")
        for name in failing:
            self.assertFalse(records._fields[name]._module.startswith("dunning"))
        return records.web_read(
            {name: sub for name, sub in spec.items() if name not in failing}
        )

    def _open_search(self, user, Model, arch, domain):
        """Each filter and group-by of the search view on a dunning field, as
        when the user clicks it."""
        ctx = self._eval_context(user, Model.env.context)
        for node in arch.iter("filter", "field"):
            if "dunning" not in etree.tostring(node, encoding="unicode"):
                continue
            if node.tag == "field":
                # Searching on the field, as the user types in the search box.
                Model.search_count([(node.get("name"), "!=", False), *domain])
                continue
            if node.get("domain"):
                Model.search_count([*safe_eval(node.get("domain"), ctx), *domain])
            group_by = safe_eval(node.get("context") or "{}", ctx).get("group_by")
            if group_by:
                group_by = [group_by] if isinstance(group_by, str) else group_by
                Model.web_read_group(list(domain), group_by, ["__count"])


class RolesCommon(HandoverCommon, WebClientMixin):
    """A customer that the reminders reached: reminders sent, a payment call
    open, an invoice disputed (held back), one handed over to a debt
    collector, a payment behaviour (chronic); and a user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level_2.call_before = True
        cls.customer.phone = "+32 9 123 45 67"
        cls.contact = cls.env["res.partner"].create(
            {"name": "Els Baert", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.invoice, cls.disputed, cls.handed_over = cls._reminded_invoices()
        cls.handover = HandoverCommon._hand_over(
            cls, cls.handed_over, cls.agency, on_date=day(5)
        )
        HandoverCommon._run(cls, day(7))
        HandoverCommon._run(cls, day(21))
        cls.disputed._dunning_set_dispute("Levering onvolledig", day(22))
        cls.call = cls.env["dunning.call"].search(
            [("partner_id", "=", cls.customer.id)]
        )
        cls.reminders = cls.env["dunning.reminder"].search(
            [("partner_id", "=", cls.customer.id)]
        )
        Behaviour = cls.env["dunning.partner.behaviour"]
        behaviour = Behaviour.search(
            [("partner_id", "=", cls.customer.id), ("company_id", "=", cls.company.id)]
        ) or Behaviour.create(
            {"partner_id": cls.customer.id, "company_id": cls.company.id}
        )
        behaviour.write(
            {
                "behaviour_class": "chronic",
                "paid_count": 5,
                "late_count": 4,
                "max_level_id": cls.level_1.id,
            }
        )
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"dunning_{role}",
                groups=groups,
                company_id=cls.company.id,
            )
            for role, groups in ROLES.items()
        }

    @classmethod
    def _reminded_invoices(cls):
        """The customer's invoices: one reminded, one disputed, one handed over."""
        return (
            cls._invoice(cls.customer, 1000.0),
            cls._invoice(cls.customer, 400.0),
            cls._invoice(cls.customer, 300.0),
        )

    def assert_reminded(self):
        """The data the views are opened on is what it claims to be."""
        self.assertTrue(self.reminders)
        self.assertEqual(self.call.state, "open")
        self.assertEqual(self.disputed.dunning_hold, "disputed")
        self.assertEqual(self.invoice.dunning_level_id, self.level_1)
        self.assertEqual(self.handed_over.dunning_handover_id, self.handover)
        self.assertEqual(self.customer.dunning_behaviour_class, "chronic")
