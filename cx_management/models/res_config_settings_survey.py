from odoo import fields, models
from odoo.exceptions import ValidationError

from ..tools import requests as request_tools


class ResConfigSettings(models.TransientModel):
    """How long a client contact rests between two feedback requests."""

    _inherit = "res.config.settings"

    cx_feedback_rest_days = fields.Integer(
        string="Rest Period (days)",
        config_parameter="cx_management.feedback_rest_days",
        default=request_tools.DEFAULT_REST_DAYS,
        help="A contact asked for feedback (by any rule) is not asked again within this many days.",
    )

    def set_values(self):
        if self.cx_feedback_rest_days < 0:
            raise ValidationError(self.env._("The rest period cannot be negative."))
        return super().set_values()
