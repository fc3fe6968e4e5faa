from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..fields import NullableInteger
from ..tools import scores
from .cx_topic import POLARITIES

CHANNELS = [
    ("interview", "Interview"),
    ("meeting", "Meeting"),
    ("call", "Call after delivery"),
    ("email", "E-mail after an operation"),
    ("button", "Feedback button"),
    ("portal", "Customer portal"),
    ("survey", "Survey"),
    ("chatbot", "Chat-bot"),
    ("claim", "Claim"),
    ("other", "Other"),
]


class CxFeedback(models.Model):
    """What one client contact said about one journey stage, with a score and the reason."""

    _name = "cx.feedback"
    _description = "Client Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        tracking=True,
        help="The client's contact person who gave the feedback.",
    )
    contact_name = fields.Char(
        related="partner_id.name",
        string="Contact Name",
        help="The contact's own name, without the client's name in front (lists on the client).",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Client",
        store=True,
        index=True,
    )
    role_id = fields.Many2one(
        "cx.contact.role",
        string="Contact Role",
        compute="_compute_role_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    stage_id = fields.Many2one(
        "cx.journey.stage", string="Journey Stage", index=True, tracking=True
    )
    process_id = fields.Many2one(
        "cx.process",
        string="Process",
        index=True,
        domain="[('stage_id', '=?', stage_id)]",
    )
    channel = fields.Selection(CHANNELS, required=True, default="interview")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Logged by",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True)
    csi_score = NullableInteger(
        string="CSI Score",
        aggregator="avg",
        tracking=True,
        help="Satisfaction from 1 (very dissatisfied) to 5 (fully satisfied).",
    )
    nps_score = NullableInteger(
        string="NPS Score",
        aggregator="avg",
        tracking=True,
        help="Likelihood to recommend us, from 0 (not at all) to 10 (certainly).",
    )
    polarity = fields.Selection(
        POLARITIES,
        compute="_compute_polarity",
        store=True,
        readonly=False,
        precompute=True,
        help="Praise, complaint or neutral; follows the topics and the score unless set by hand.",
    )
    topic_ids = fields.Many2many("cx.topic", string="Topics")
    value_element_ids = fields.Many2many("cx.value.element", string="Elements of Value")
    comment = fields.Text(string="Reason", help="Why the contact gave this score, in their words.")
    reference = fields.Char(help="The order or specification the feedback is about.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS Category",
        compute="_compute_nps_category",
        store=True,
    )

    _sql_constraints = [
        (
            "csi_score_range",
            "CHECK(csi_score IS NULL OR (csi_score >= 1 AND csi_score <= 5))",
            "The CSI score must be between 1 and 5.",
        ),
        (
            "nps_score_range",
            "CHECK(nps_score IS NULL OR (nps_score >= 0 AND nps_score <= 10))",
            "The NPS score must be between 0 and 10.",
        ),
        (
            "score_or_comment",
            "CHECK(csi_score IS NOT NULL OR nps_score IS NOT NULL "
            "OR NULLIF(TRIM(comment), '') IS NOT NULL)",
            "A feedback needs at least a score or a comment.",
        ),
    ]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("csi_score", "nps_score", "comment")
    def _check_scores(self):
        for feedback in self:
            message = feedback._score_range_error()
            if message:
                raise ValidationError(message)
            if (
                feedback.csi_score is False
                and feedback.nps_score is False
                and not (feedback.comment or "").strip()
            ):
                raise ValidationError(_("A feedback needs at least a score or a comment."))

    def _score_range_error(self):
        """The translated message for an out-of-range score of this feedback, or None."""
        self.ensure_one()
        csi, nps = self.csi_score, self.nps_score
        if csi is not False and not scores.CSI_MIN <= csi <= scores.CSI_MAX:
            return _("The CSI score must be between 1 and 5, not %s.", csi)
        if nps is not False and not scores.NPS_MIN <= nps <= scores.NPS_MAX:
            return _("The NPS score must be between 0 and 10, not %s.", nps)
        return None

    @api.constrains("process_id", "stage_id")
    def _check_process_stage(self):
        for feedback in self:
            if feedback.process_id and feedback.stage_id != feedback.process_id.stage_id:
                raise ValidationError(
                    _(
                        "The process %(process)s belongs to the stage %(stage)s.",
                        process=feedback.process_id.name,
                        stage=feedback.process_id.stage_id.name,
                    )
                )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_role_id(self):
        for feedback in self:
            feedback.role_id = feedback.partner_id.cx_role_id or feedback.role_id

    @api.depends("topic_ids.polarity", "csi_score", "nps_score")
    def _compute_polarity(self):
        for feedback in self:
            feedback.polarity = (
                scores.polarity(
                    feedback.topic_ids.mapped("polarity"), feedback.csi_score, feedback.nps_score
                )
                or feedback.polarity
                or "neutral"
            )

    @api.depends("nps_score")
    def _compute_nps_category(self):
        for feedback in self:
            feedback.nps_category = scores.nps_category(feedback.nps_score) or False

    @api.depends("partner_id", "stage_id", "date")
    def _compute_display_name(self):
        for feedback in self:
            parts = [feedback.commercial_partner_id.name or feedback.partner_id.name or ""]
            if feedback.stage_id:
                parts.append(feedback.stage_id.name)
            if feedback.date:
                parts.append(fields.Date.to_string(feedback.date))
            feedback.display_name = " - ".join(p for p in parts if p)

    # ------------------------------------------------------------
    # ONCHANGES
    # ------------------------------------------------------------

    @api.onchange("csi_score", "nps_score")
    def _onchange_scores(self):
        """Warn while typing; the constraints refuse the value on save."""
        message = self._score_range_error()
        if message:
            return {"warning": {"title": _("Score out of range"), "message": message}}

    @api.onchange("stage_id")
    def _onchange_stage_id(self):
        if self.process_id and self.process_id.stage_id != self.stage_id:
            self.process_id = False

    @api.onchange("process_id")
    def _onchange_process_id(self):
        if self.process_id and not self.stage_id:
            self.stage_id = self.process_id.stage_id

    # ------------------------------------------------------------
    # IMPROVEMENT ACTIONS
    # ------------------------------------------------------------

    cx_action_ids = fields.Many2many(
        "cx.action",
        "cx_action_cx_feedback_rel",
        "feedback_id",
        "action_id",
        string="Improvement Actions",
        copy=False,
    )
    cx_action_count = fields.Integer(
        string="Improvement Action Count", compute="_compute_cx_action_count"
    )

    def _compute_cx_action_count(self):
        counts = dict(
            self.env["cx.action"]._read_group(
                [("feedback_ids", "in", self.ids)], ["feedback_ids"], ["__count"]
            )
        )
        for feedback in self:
            feedback.cx_action_count = counts.get(feedback, 0)

    def action_create_cx_action(self):
        """Open a new improvement action answering the selected feedback."""
        return self.env["cx.action"].action_create_from_feedback(self)

    def action_view_cx_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_action_action")
        action["domain"] = [("feedback_ids", "in", self.ids)]
        action["context"] = {
            "default_feedback_ids": [(6, 0, self.ids)],
            "default_partner_id": self.commercial_partner_id.id,
            "default_origin": "feedback",
        }
        return action
