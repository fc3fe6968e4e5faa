from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import csi
from .cx_csi_snapshot import PARAM_LOWER, PARAM_PERIOD, PARAM_UPPER


class ResConfigSettings(models.TransientModel):
    """The CSI scale bounds and period, kept as system parameters."""

    _inherit = "res.config.settings"

    cx_csi_lower = fields.Float(
        string="CSI Lower Bound (L)",
        default=csi.DEFAULT_LOWER,
        help="The mean block score that gives CSI 1.",
    )
    cx_csi_upper = fields.Float(
        string="CSI Upper Bound (U)",
        default=csi.DEFAULT_UPPER,
        help="The mean block score that gives CSI 5.",
    )
    cx_csi_period = fields.Selection(
        [("quarter", "Quarter"), ("month", "Month")],
        string="CSI Period",
        default=csi.DEFAULT_PERIOD,
        help="Metric values and CSI snapshots are kept per quarter or per month.",
    )

    cx_action_effect_delay = fields.Integer(
        string="Measure Effect After (days)",
        config_parameter="cx_management.action_effect_delay",
        default=90,
        help="How many days after an action is done its client's CSI and NPS are measured "
        "again; the NPS before and after is read over windows of this length.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        lower, upper, period = self.env["cx.csi.snapshot"]._csi_settings()
        res.update(cx_csi_lower=lower, cx_csi_upper=upper, cx_csi_period=period)
        return res

    def set_values(self):
        super().set_values()
        if self.cx_csi_lower >= self.cx_csi_upper:
            raise ValidationError(
                _(
                    "The CSI lower bound (%(lower)s) must be below the upper bound (%(upper)s).",
                    lower=self.cx_csi_lower,
                    upper=self.cx_csi_upper,
                )
            )
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(PARAM_LOWER, repr(float(self.cx_csi_lower)))
        params.set_param(PARAM_UPPER, repr(float(self.cx_csi_upper)))
        params.set_param(PARAM_PERIOD, self.cx_csi_period or csi.DEFAULT_PERIOD)

    @api.constrains("cx_action_effect_delay")
    def _check_cx_action_effect_delay(self):
        for settings in self:
            if settings.cx_action_effect_delay <= 0:
                raise ValidationError(
                    self.env._("The delay before measuring the effect must be at least one day.")
                )
