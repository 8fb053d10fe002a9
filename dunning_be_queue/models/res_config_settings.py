# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.queue_job.jobrunner.runner import _channels

from .dunning_run import CHANNEL, ENABLED_PARAMETER


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dunning_queue_enabled = fields.Boolean(
        string="Send Batches as Jobs",
        config_parameter=ENABLED_PARAMETER,
        help="The daily run queues its batches of customers as jobs, which "
        "the job workers of every server of this database send side by "
        "side. Switch it on once the servers run the job runner "
        "(server_wide_modules = web,queue_job, and workers): without it the "
        "jobs would wait and no reminder would go. Off, the daily run sends "
        "the reminders itself, as without this module.",
    )
    dunning_queue_capacity = fields.Integer(
        string="Batches at Once",
        default=2,
        config_parameter="dunning_be_queue.capacity",
        help="How many batches of 200 customers the daily run sends at once, "
        "over all the Odoo servers that share this database: at most one per "
        "job worker. The job runner applies it, from the line below in the "
        "[queue_job] section of each server's configuration file (or the "
        "environment variable ODOO_QUEUE_JOB_CHANNELS), when the server "
        "starts again.",
    )
    dunning_queue_channels = fields.Char(
        string="Job Runner Channels",
        compute="_compute_dunning_queue_channels",
        help="The line that sets the capacity in each server's configuration "
        "file; the root channel gets one job more, for other jobs.",
    )
    dunning_queue_runner_channels = fields.Char(
        string="This Server's Channels",
        compute="_compute_dunning_queue_channels",
        help="The channels of this server's job runner, as it started.",
    )

    @api.depends("dunning_queue_capacity")
    def _compute_dunning_queue_channels(self):
        for settings in self:
            capacity = max(settings.dunning_queue_capacity, 1)
            settings.dunning_queue_channels = (
                f"channels = root:{capacity + 1},{CHANNEL}:{capacity}"
            )
            settings.dunning_queue_runner_channels = _channels()
