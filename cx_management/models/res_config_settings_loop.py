from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import feedback_loop, scores
from .cx_feedback_alert import PARAM_CSI_THRESHOLD, PARAM_DELAY_DAYS, PARAM_MANAGER

PARAM_PORTAL_LIMIT = "cx_management.portal_feedback_limit"


class ResConfigSettings(models.TransientModel):
    """The closed loop's settings: when feedback raises an alert, who answers, by when."""

    _inherit = "res.config.settings"

    cx_alert_csi_threshold = fields.Integer(
        string="Alert on CSI Scores up to",
        config_parameter=PARAM_CSI_THRESHOLD,
        default=feedback_loop.DEFAULT_CSI_THRESHOLD,
        help="A CSI score at or below this raises an alert, as does every NPS detractor (0-6).",
    )
    cx_alert_delay_days = fields.Integer(
        string="Answer Alerts within (working days)",
        config_parameter=PARAM_DELAY_DAYS,
        default=feedback_loop.DEFAULT_DELAY_DAYS,
        help="Working days of the company's calendar to answer an alert before it is "
        "escalated to the CX managers.",
    )
    cx_alert_manager_id = fields.Many2one(
        "res.users",
        string="CX Manager for Alerts",
        config_parameter=PARAM_MANAGER,
        domain="[('share', '=', False)]",
        help="Takes the alerts of clients without a salesperson and is the first to receive "
        "escalations; empty: the first CX manager.",
    )
    cx_portal_feedback_limit = fields.Integer(
        string="Portal Feedback per Hour",
        config_parameter=PARAM_PORTAL_LIMIT,
        default=feedback_loop.DEFAULT_PORTAL_LIMIT,
        help="How many feedback forms one portal user may send within an hour; 0: no limit.",
    )

    @api.constrains("cx_alert_csi_threshold", "cx_alert_delay_days", "cx_portal_feedback_limit")
    def _check_cx_alert_settings(self):
        for settings in self:
            if not 0 <= settings.cx_alert_csi_threshold <= scores.CSI_MAX:
                raise ValidationError(
                    self.env._("The CSI alert threshold must be between 0 (never) and 5.")
                )
            if settings.cx_alert_delay_days < 1:
                raise ValidationError(
                    self.env._("Alerts must be answered within at least one working day.")
                )
            if settings.cx_portal_feedback_limit < 0:
                raise ValidationError(self.env._("The portal feedback limit cannot be negative."))
