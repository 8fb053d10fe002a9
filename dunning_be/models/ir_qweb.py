# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo import models


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        """Compile a mail template's body once per batch of reminders.

        Odoo renders a QWeb e-mail body from its source for every record,
        and compiles that source each time: most of the cost of a reminder
        e-mail. While the reminders' e-mails are queued, the context carries
        ``dunning_qweb_cache`` (see dunning.reminder._send_emails), and the
        same source, in the same language and with the same options, is
        compiled once."""
        cache = self.env.context.get("dunning_qweb_cache")
        if cache is None or not isinstance(template, etree._Element):
            return super()._compile(template)
        key = (
            etree.tostring(template),
            *(
                self.env.context.get(name) or False
                for name in (
                    *self._get_template_cache_keys(),
                    "raise_on_forbidden_code_for_model",
                )
            ),
        )
        if key not in cache:
            cache[key] = super()._compile(template)
        return cache[key]
