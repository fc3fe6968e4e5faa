from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import coverage as coverage_tools
from ..tools import csi, feedback_loop, scores
from ..tools import movers as movers_tools
from ..tools import requests as request_tools
from ..tools import spend as spend_tools
from .cx_action import EFFECT_DELAY_DEFAULT, EFFECT_DELAY_PARAM
from .cx_csi_snapshot import PARAM_LOWER, PARAM_MIN_BLOCKS, PARAM_PERIOD, PARAM_UPPER
from .cx_dashboard import PARAM_COVERAGE_TARGET
from .cx_feedback import (
    PARAM_CSI_THRESHOLD,
    PARAM_DELAY_DAYS,
    PARAM_MANAGER,
    PARAM_SUGGESTION_THRESHOLD,
    PARAM_TARGET_HOURS,
    SUGGESTION_THRESHOLD_DEFAULT,
)
from .cx_feedback_request import PARAM_EXPIRY_DAYS
from .cx_feedback_rule import PARAM_REST_DAYS
from .cx_mover import PARAM_CSI_DROP, PARAM_NPS_DROP
from .cx_order_fact import DEFAULT_GRACE_DAYS, PARAM_COMPLAINT_KINDS, PARAM_GRACE_DAYS
from .cx_requirement import WEIGHT_MODE_PARAM
from .res_partner import (
    NPS_WAY_PARAM,
    PARAM_SILENCE_DAYS,
    PARAM_SILENCE_REVENUE,
    PARAM_SILENCE_ROLE,
    SPEND_BANDS_PARAM,
)

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

    cx_alert_target_hours = fields.Float(
        string="Answer Alerts within (working hours)",
        config_parameter=PARAM_TARGET_HOURS,
        default=feedback_loop.DEFAULT_TARGET_HOURS,
        help="The closed-loop KPIs count an alert answered within this many working hours of "
        "the company's calendar as handled on time.",
    )

    # FEEDBACK REQUESTS
    cx_feedback_rest_days = fields.Integer(
        string="Rest Period (days)",
        config_parameter=PARAM_REST_DAYS,
        default=request_tools.DEFAULT_REST_DAYS,
        help="A contact asked for feedback (by any rule) is not asked again within this many days.",
    )

    cx_feedback_expiry_days = fields.Integer(
        string="Requests Expire after (days)",
        config_parameter=PARAM_EXPIRY_DAYS,
        default=request_tools.DEFAULT_EXPIRY_DAYS,
        help="A feedback request not answered this many days after it was sent is expired.",
    )

    # COVERAGE
    cx_coverage_target = fields.Float(
        string="Coverage Target (%)",
        config_parameter=PARAM_COVERAGE_TARGET,
        default=coverage_tools.DEFAULT_TARGET,
        help="The share of active clients, of revenue and of each contact role to hear in a "
        "period.",
    )
    cx_silence_role_id = fields.Many2one(
        "cx.contact.role",
        string="Key Contact Role",
        config_parameter=PARAM_SILENCE_ROLE,
        default=lambda self: self.env.ref(
            "cx_management.cx_contact_role_economic", raise_if_not_found=False
        ),
        help="The role of the contacts whose silence raises an alert (the economic buyer when "
        "empty).",
    )
    cx_silence_days = fields.Integer(
        string="Silent after (days)",
        config_parameter=PARAM_SILENCE_DAYS,
        default=coverage_tools.DEFAULT_SILENCE_DAYS,
    )
    cx_silence_revenue = fields.Float(
        string="For Clients with a Revenue of at least",
        config_parameter=PARAM_SILENCE_REVENUE,
        default=0.0,
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

    # COMPLAINTS FROM OPERATIONS
    cx_operation_complaint_late = fields.Boolean(
        string="Late Deliveries",
        help="An order shipped after its delivery window plus the grace period raises a complaint.",
    )
    cx_operation_complaint_short = fields.Boolean(
        string="Short Shipments",
        help="An order shipped short raises a complaint once its window plus the grace period "
        "is over.",
    )
    cx_operation_complaint_rejected = fields.Boolean(
        string="Rejected Product",
        help="An order whose product the client rejected (returns, claims) raises a complaint.",
    )
    cx_operation_grace_days = fields.Integer(
        string="Grace Period (days)",
        config_parameter=PARAM_GRACE_DAYS,
        default=DEFAULT_GRACE_DAYS,
        help="Days after the delivery window's end before a late or short order raises a "
        "complaint.",
    )

    # MOVERS
    cx_mover_csi_drop = fields.Float(
        string="Alert on a CSI Drop of",
        config_parameter=PARAM_CSI_DROP,
        default=movers_tools.DEFAULT_CSI_DROP,
        digits=(16, 2),
        help="A client whose integral CSI falls by at least this many points from one period "
        "to the next is alerted, once, to its salesperson and the CX managers.",
    )
    cx_mover_nps_drop = fields.Float(
        string="Alert on an NPS Drop of",
        config_parameter=PARAM_NPS_DROP,
        default=movers_tools.DEFAULT_NPS_DROP,
        digits=(16, 1),
        help="A client whose account NPS falls by at least this many points from one period "
        "to the next is alerted, once, to its salesperson and the CX managers.",
    )

    # SPEND X NPS
    cx_spend_bands = fields.Char(
        string="Revenue Bands",
        config_parameter=SPEND_BANDS_PARAM,
        default=", ".join(f"{bound:.0f}" for bound in spend_tools.DEFAULT_BOUNDS),
        help="The annual revenues where one band ends and the next begins, ascending and "
        "separated by commas, e.g. 1000000, 10000000: below 1 M, 1 M to 10 M, 10 M and more.",
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
        kinds = self.env["cx.order.fact"]._cx_complaint_settings()[0]
        res.update({f"cx_operation_complaint_{kind}": on for kind, on in kinds.items()})
        lower, upper, period = self.env["cx.csi.snapshot"]._csi_settings()
        res.update(
            cx_csi_lower=lower,
            cx_csi_upper=upper,
            cx_csi_period=period,
            cx_csi_min_blocks=self.env["cx.csi.snapshot"]._csi_min_blocks(),
        )
        return res

    def set_values(self):
        self._check_cx_hearing_settings()
        if self.cx_feedback_rest_days < 0:
            raise ValidationError(self.env._("The rest period cannot be negative."))
        if self.cx_csi_min_blocks < 1:
            raise ValidationError(self.env._("A CSI needs at least one block with values."))
        nps_way_before = self.env["res.partner"]._cx_nps_way()
        spend_bounds_before = self.env["res.partner"]._cx_spend_bounds()
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
        if self.cx_operation_grace_days < 0:
            raise ValidationError(self.env._("The grace period cannot be negative."))
        for kind, param in PARAM_COMPLAINT_KINDS.items():
            params.set_param(param, "1" if self[f"cx_operation_complaint_{kind}"] else "0")
        params.set_param(PARAM_LOWER, repr(float(self.cx_csi_lower)))
        params.set_param(PARAM_UPPER, repr(float(self.cx_csi_upper)))
        params.set_param(PARAM_PERIOD, self.cx_csi_period or csi.DEFAULT_PERIOD)
        params.set_param(PARAM_MIN_BLOCKS, str(self.cx_csi_min_blocks))
        if self.cx_csi_min_blocks != min_blocks_before:
            self.env["cx.csi.snapshot"].sudo()._apply_min_blocks()
        if self.env["res.partner"]._cx_nps_way() != nps_way_before:
            self.env["res.partner"].sudo()._cx_refresh_all_nps()
        if self.env["res.partner"]._cx_spend_bounds() != spend_bounds_before:
            self.env["res.partner"].sudo()._cx_refresh_all_spend_bands()
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
    # COVERAGE
    # ------------------------------------------------------------
    # Hearing every client: the coverage target, silences, request expiry, answer target.

    def _check_cx_hearing_settings(self):
        """Every bad value named at once, before anything is saved."""
        errors = []
        if self.cx_feedback_expiry_days < 1:
            errors.append(self.env._("Feedback requests must stay open one day at least."))
        if not 0 <= self.cx_coverage_target <= 100:
            errors.append(self.env._("The coverage target is a share between 0 and 100 %."))
        if self.cx_silence_days < 1:
            errors.append(self.env._("A silence must last one day at least."))
        if self.cx_silence_revenue < 0:
            errors.append(self.env._("The revenue threshold of silence alerts cannot be negative."))
        if self.cx_alert_target_hours <= 0:
            errors.append(self.env._("The answer target of alerts must be above zero hours."))
        if errors:
            raise ValidationError("\n".join(errors))

    # ------------------------------------------------------------
    # MOVERS
    # ------------------------------------------------------------

    @api.constrains("cx_mover_csi_drop", "cx_mover_nps_drop")
    def _check_cx_mover_drops(self):
        """Both thresholds checked, every fault said at once."""
        for settings in self:
            errors = movers_tools.threshold_errors(
                settings.cx_mover_csi_drop, settings.cx_mover_nps_drop
            )
            messages = []
            if "csi" in errors:
                messages.append(
                    self.env._(
                        "The CSI drop that raises an alert must be above 0 and at most %s points.",
                        movers_tools.CSI_DROP_MAX,
                    )
                )
            if "nps" in errors:
                messages.append(
                    self.env._(
                        "The NPS drop that raises an alert must be above 0 and at most %s points.",
                        int(movers_tools.NPS_DROP_MAX),
                    )
                )
            if messages:
                raise ValidationError("\n".join(messages))

    # ------------------------------------------------------------
    # SPEND X NPS
    # ------------------------------------------------------------

    @api.constrains("cx_spend_bands")
    def _check_cx_spend_bands(self):
        messages = {
            "number": self.env._("Revenue bands: every bound must be a number."),
            "positive": self.env._("Revenue bands: every bound must be above zero."),
            "ascending": self.env._("Revenue bands: the bounds must go up, each above the last."),
            "count": self.env._(
                "Revenue bands: give between 1 and %s bounds, separated by commas.",
                spend_tools.MAX_BOUNDS,
            ),
        }
        for settings in self:
            _bounds, error = spend_tools.parse_bounds(settings.cx_spend_bands)
            if error:
                raise ValidationError(messages[error])

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
