from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import csi, feedback_loop, scores
from ..tools import requests as request_tools
from .cx_action import EFFECT_DELAY_DEFAULT, EFFECT_DELAY_PARAM
from .cx_csi_snapshot import PARAM_LOWER, PARAM_MIN_BLOCKS, PARAM_PERIOD, PARAM_UPPER
from .cx_feedback import (
    PARAM_CSI_THRESHOLD,
    PARAM_DELAY_DAYS,
    PARAM_MANAGER,
    PARAM_SUGGESTION_THRESHOLD,
    SUGGESTION_THRESHOLD_DEFAULT,
)
from .cx_feedback_rule import PARAM_REST_DAYS
from .cx_requirement import WEIGHT_MODE_PARAM
from .res_partner import NPS_WAY_PARAM

PARAM_PORTAL_LIMIT = "cx_management.portal_feedback_limit"


class ResConfigSettings(models.TransientModel):
    """The CSI scale bounds and period, kept as system parameters."""

    _inherit = "res.config.settings"

    # INTEGRAL CSI
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
    cx_csi_min_blocks = fields.Integer(
        string="Blocks a CSI Needs",
        default=csi.DEFAULT_MIN_BLOCKS,
        help="A CSI computed from fewer metric blocks with values is kept on its snapshot but "
        "marked insufficient: it is not the client's CSI and is left out of distributions, "
        "averages and churn bands.",
    )

    # IMPROVEMENT ACTIONS
    cx_action_effect_delay = fields.Integer(
        string="Measure Effect After (days)",
        config_parameter=EFFECT_DELAY_PARAM,
        default=EFFECT_DELAY_DEFAULT,
        help="How many days after an action is done its client's CSI and NPS are measured "
        "again; the NPS before and after is read over windows of this length.",
    )

    # ANALYSIS
    cx_nps_way = fields.Selection(
        [
            ("all", "All responses"),
            ("contact", "Average per contact first"),
            ("role", "Weighted by contact role"),
        ],
        string="Account NPS Method",
        default="all",
        config_parameter=NPS_WAY_PARAM,
        help="All responses: every answer counts once. Average per contact first: each "
        "contact's answers are averaged, then each contact counts once. Weighted by contact "
        "role: each answer counts with its contact role's weight.",
    )

    # CLOSED LOOP
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

    # FEEDBACK REQUESTS
    cx_feedback_rest_days = fields.Integer(
        string="Rest Period (days)",
        config_parameter=PARAM_REST_DAYS,
        default=request_tools.DEFAULT_REST_DAYS,
        help="A contact asked for feedback (by any rule) is not asked again within this many days.",
    )

    # REQUIREMENTS
    cx_requirement_weight_mode = fields.Selection(
        [
            ("set", "Set the client's weight"),
            ("propose", "Propose it to the CX manager"),
        ],
        string="Requirement Importance",
        default="propose",
        config_parameter=WEIGHT_MODE_PARAM,
        help="A requirement on a metric either sets that client's weight of the metric from "
        "its importance at once, or proposes it on the client weights list, where a CX "
        "manager applies it.",
    )

    # TEXT MODEL
    cx_topic_suggestion_threshold = fields.Float(
        string="Suggestion Confidence Threshold",
        config_parameter=PARAM_SUGGESTION_THRESHOLD,
        default=SUGGESTION_THRESHOLD_DEFAULT,
        digits=(16, 2),
        help="Tag from Suggestions sets a topic only when the text model's confidence reaches "
        "this value, from 0 to 1.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        lower, upper, period = self.env["cx.csi.snapshot"]._csi_settings()
        res.update(
            cx_csi_lower=lower,
            cx_csi_upper=upper,
            cx_csi_period=period,
            cx_csi_min_blocks=self.env["cx.csi.snapshot"]._csi_min_blocks(),
        )
        return res

    def set_values(self):
        if self.cx_feedback_rest_days < 0:
            raise ValidationError(self.env._("The rest period cannot be negative."))
        if self.cx_csi_min_blocks < 1:
            raise ValidationError(self.env._("A CSI needs at least one block with values."))
        nps_way_before = self.env["res.partner"]._cx_nps_way()
        min_blocks_before = self.env["cx.csi.snapshot"]._csi_min_blocks()
        res = super().set_values()
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
        params.set_param(PARAM_MIN_BLOCKS, str(self.cx_csi_min_blocks))
        if self.cx_csi_min_blocks != min_blocks_before:
            self.env["cx.csi.snapshot"].sudo()._apply_min_blocks()
        if self.env["res.partner"]._cx_nps_way() != nps_way_before:
            self.env["res.partner"].sudo()._cx_refresh_all_nps()
        return res

    # ------------------------------------------------------------
    # IMPROVEMENT ACTIONS
    # ------------------------------------------------------------

    @api.constrains("cx_action_effect_delay")
    def _check_cx_action_effect_delay(self):
        for settings in self:
            if settings.cx_action_effect_delay <= 0:
                raise ValidationError(
                    self.env._("The delay before measuring the effect must be at least one day.")
                )

    # ------------------------------------------------------------
    # CLOSED LOOP
    # ------------------------------------------------------------
    # The closed loop's settings: when feedback raises an alert, who answers, by when.

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

    # ------------------------------------------------------------
    # TEXT MODEL
    # ------------------------------------------------------------

    @api.constrains("cx_topic_suggestion_threshold")
    def _check_cx_topic_suggestion_threshold(self):
        for settings in self:
            if not 0 <= settings.cx_topic_suggestion_threshold <= 1:
                raise ValidationError(
                    self.env._(
                        "The suggestion confidence threshold must be between 0 and 1 "
                        "(0.6 means 60 %)."
                    )
                )
