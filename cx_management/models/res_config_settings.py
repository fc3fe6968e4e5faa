from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_action_effect_delay = fields.Integer(
        string="Measure Effect After (days)",
        config_parameter="cx_management.action_effect_delay",
        default=90,
        help="How many days after an action is done its client's CSI and NPS are measured "
        "again; the NPS before and after is read over windows of this length.",
    )

    @api.constrains("cx_action_effect_delay")
    def _check_cx_action_effect_delay(self):
        for settings in self:
            if settings.cx_action_effect_delay <= 0:
                raise ValidationError(
                    self.env._("The delay before measuring the effect must be at least one day.")
                )
