from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL

from ..fields import NullableFloat, NullableInteger
from ..tools import feedback_loop, scores
from ..tools import nps as nps_tools
from ..tools.settings import float_setting, int_setting
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
    ("operation", "Operations"),
    ("other", "Other"),
]

ALERT_STATES = [
    ("none", "No alert"),
    ("open", "Awaiting answer"),
    ("handled", "Handled"),
    ("escalated", "Escalated"),
]

PARAM_CSI_THRESHOLD = "cx_management.alert_csi_threshold"

PARAM_DELAY_DAYS = "cx_management.alert_delay_days"

PARAM_MANAGER = "cx_management.alert_manager_id"

PARAM_SUGGESTION_THRESHOLD = "cx_management.topic_suggestion_threshold"

SUGGESTION_THRESHOLD_DEFAULT = 0.6

MANAGER_GROUP = "cx_management.cx_management_group_manager"

ACTIVITY_TYPE = "cx_management.mail_activity_type_cx_alert"
PARAM_TARGET_HOURS = "cx_management.alert_target_hours"


class CxFeedback(models.Model):
    """What one client contact said about one journey stage, with a score and the reason."""

    _name = "cx.feedback"
    _description = "Client Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
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
        (
            "portal_token_uniq",
            "UNIQUE(portal_token, company_id)",
            "This feedback form was already sent.",
        ),
        # COMPLAINTS FROM OPERATIONS
        (
            "order_fact_kind_unique",
            "UNIQUE(order_fact_id, operation_kind)",
            "An order raises one complaint of each kind.",
        ),
    ]

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
    # the answers are whole numbers; their averages are the float measures below
    csi_score = NullableInteger(
        string="CSI Score",
        aggregator=None,
        tracking=True,
        help="Satisfaction from 1 (very dissatisfied) to 5 (fully satisfied).",
    )
    nps_score = NullableInteger(
        string="NPS Score",
        aggregator=None,
        tracking=True,
        help="Likelihood to recommend us, from 0 (not at all) to 10 (certainly).",
    )
    csi_average = NullableFloat(
        string="Average CSI",
        compute="_compute_score_measures",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="The CSI score as a measure: averaged over the feedback that has one.",
    )
    nps = NullableFloat(
        string="NPS",
        compute="_compute_score_measures",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="The answer's NPS: 100 for a promoter (9-10), 0 for a passive (7-8), -100 for a "
        "detractor (0-6). Averaged over answers it is the NPS: promoters % minus detractors %.",
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

    # IMPROVEMENT ACTIONS
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

    # ANALYSIS
    cx_complaint_process_ids = fields.Many2many(
        "cx.process",
        "cx_feedback_complaint_process_rel",
        "feedback_id",
        "process_id",
        string="Complaint Processes",
        compute="_compute_cx_complaint_process_ids",
        store=True,
        help="For a complaint: its own process and the process of each complaint topic "
        "(the topic's, else its parent topic's).",
    )

    # CLOSED LOOP
    alert_state = fields.Selection(
        ALERT_STATES,
        string="Alert",
        required=True,
        default="none",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Awaiting answer: a detractor or a low score waits for an answer. Handled: an "
        "improvement action was linked or a reply logged. Escalated: not handled in time, the "
        "CX managers were asked to step in.",
    )
    alert_date_deadline = fields.Date(
        string="Alert Deadline",
        readonly=True,
        copy=False,
        index=True,
        help="By when the alert must be handled: a number of working days after it was raised.",
    )
    alert_user_id = fields.Many2one(
        "res.users",
        string="Alert Assignee",
        readonly=True,
        copy=False,
        index=True,
        help="The client's salesperson, else the CX manager named in the settings.",
    )
    portal_token = fields.Char(
        string="Portal Submission",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The token of the portal form this feedback was sent with: the same form sent "
        "twice gives one feedback.",
    )
    alert_date_raised = fields.Datetime(
        string="Alert Raised On", readonly=True, copy=False, index="btree_not_null"
    )
    alert_date_answered = fields.Datetime(
        string="Alert Answered On",
        readonly=True,
        copy=False,
        help="The first answer: a reply logged, an improvement action linked, the alert "
        "activity done or the alert marked handled.",
    )
    alert_response_hours = NullableFloat(
        string="Hours to First Answer",
        readonly=True,
        copy=False,
        aggregator="avg",
        digits=(16, 1),
        help="Working hours of the company's calendar from the alert to its first answer.",
    )
    alert_on_time = NullableFloat(
        string="Handled within Target (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        digits=(16, 1),
        help="100 when the first answer came within the target working hours set in the "
        "settings, else 0: averaged, the share of alerts handled in time.",
    )
    alert_resolution_id = fields.Many2one(
        "cx.alert.resolution",
        string="Resolution",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="How the alert was resolved, for the closed-loop analysis.",
    )
    action_id = fields.Many2one(
        "cx.action",
        string="Rated Improvement Action",
        index=True,
        ondelete="set null",
        copy=False,
        help="The improvement action the client was looking at in the portal when leaving "
        "this feedback.",
    )

    # SURVEY BRIDGE
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        groups="survey.group_survey_user",
        help="The survey participation this feedback was read from.",
    )
    survey_id = fields.Many2one(
        related="survey_user_input_id.survey_id",
        string="Survey",
        store=True,
        index="btree_not_null",
        groups="survey.group_survey_user",
    )

    # REQUIREMENTS
    requirement_id = fields.Many2one(
        "cx.requirement",
        string="Unmet Requirement",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The client requirement this complaint records as not met.",
    )
    cx_requirement_ids = fields.One2many(
        "cx.requirement", "feedback_id", string="Recorded Requirements"
    )

    # COMPLAINTS FROM OPERATIONS
    order_fact_id = fields.Many2one(
        "cx.order.fact",
        string="Order",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The order whose late, short or rejected delivery raised this complaint.",
    )
    operation_kind = fields.Selection(
        [("late", "Late delivery"), ("short", "Short shipment"), ("rejected", "Rejected product")],
        readonly=True,
        help="What went wrong with the order, for a complaint raised by operations.",
    )

    # TEXT MODEL
    topics_suggested = fields.Boolean(
        string="Machine-tagged",
        copy=False,
        index=True,
        readonly=True,
        help="The topics were set by the text model's bulk action, not by a person; a person who "
        "changes them takes the mark away, and the next training learns from their choice.",
    )
    cx_suggestions = fields.Json(
        string="Suggestions",
        compute="_compute_cx_suggestions",
        help="The topics and polarity the text model reads in the reason.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("csi_score", "nps_score", "comment")
    def _check_scores(self):
        # create and write refuse bad values before the SQL checks (_cx_check_score_vals);
        # this catches the values set another way
        messages = [
            message
            for feedback in self
            if (
                message := feedback._cx_score_errors(
                    feedback.csi_score, feedback.nps_score, feedback.comment, needs_one=True
                )
            )
        ]
        if messages:
            raise ValidationError("\n".join(dict.fromkeys(messages)))

    def _score_range_error(self):
        """The translated message for the out-of-range scores of this feedback, or None."""
        self.ensure_one()
        return self._cx_score_errors(self.csi_score, self.nps_score)

    @api.model
    def _cx_score_errors(self, csi, nps, comment=None, needs_one=False):
        """Every problem of these scores in one translated message (one line each), or None.

        `needs_one`: a feedback also needs a score or a comment.
        """
        errors = []
        if scores.given(csi) and not scores.CSI_MIN <= csi <= scores.CSI_MAX:
            errors.append(_("The CSI score must be between 1 and 5, not %s.", csi))
        if scores.given(nps) and not scores.NPS_MIN <= nps <= scores.NPS_MAX:
            errors.append(_("The NPS score must be between 0 and 10, not %s.", nps))
        if (
            needs_one
            and not scores.given(csi)
            and not scores.given(nps)
            and not (comment or "").strip()
        ):
            errors.append(_("A feedback needs at least a score or a comment."))
        return "\n".join(errors) or None

    def _cx_check_score_vals(self, vals_list):
        """Refuse bad scores before the database does: the SQL checks stay as the last guard,
        but a refused save must not reach them (each would log a "bad query" error)."""
        keys = ("csi_score", "nps_score", "comment")
        messages = []
        if self:  # write: the record's values where vals does not set them
            if not any(key in vals_list[0] for key in keys):
                return
            for feedback in self:
                values = {key: feedback[key] for key in keys} | vals_list[0]
                messages.append(self._cx_score_errors(*(values.get(k) for k in keys), True))
        else:
            defaults = self.default_get(list(keys))
            for vals in vals_list:
                values = defaults | vals
                messages.append(self._cx_score_errors(*(values.get(k) for k in keys), True))
        messages = [message for message in messages if message]
        if messages:
            raise ValidationError("\n".join(dict.fromkeys(messages)))

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

    @api.depends("csi_score", "nps_score")
    def _compute_score_measures(self):
        for feedback in self:
            feedback.csi_average = feedback.csi_score
            # the NPS of one answer (tools/nps.py); its average over answers is their NPS
            nps = nps_tools.nps([feedback.nps_score])
            feedback.nps = False if nps is None else nps

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
    # ACTIONS
    # ------------------------------------------------------------

    def action_cx_feedback_saved(self):
        """Save of the Log Feedback dialog: the record is saved by the button, the user is told
        so and the dialog closes."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Feedback saved"),
                "message": _("%s: the feedback is saved.", self.partner_id.display_name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cx_portal_post_lock(self, partner):
        """Serialize the portal posts of one contact (the hourly limit and the submission
        token are checked after it, see controllers/portal_feedback.py).

        The contact's partner row is updated (to itself): a second post waits for the first
        to commit, then fails with a serialization error that Odoo retries on a fresh
        snapshot, which sees the first post's feedback. A row lock alone (SELECT ... FOR
        UPDATE) or an advisory lock would not do under REPEATABLE READ: the waiting post
        would go on counting on the snapshot it took before the first post was committed.
        """
        self.env.cr.execute(SQL("UPDATE res_partner SET id = id WHERE id = %s", partner.id))

    # ------------------------------------------------------------
    # IMPROVEMENT ACTIONS
    # ------------------------------------------------------------

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

    # ------------------------------------------------------------
    # ANALYSIS
    # ------------------------------------------------------------
    # The processes a complaint points at, stored so the process analysis is one join.

    @api.depends(
        "polarity",
        "process_id",
        "topic_ids.polarity",
        "topic_ids.process_id",
        "topic_ids.parent_id.process_id",
    )
    def _compute_cx_complaint_process_ids(self):
        for feedback in self:
            if feedback.polarity != "complaint":
                feedback.cx_complaint_process_ids = False
                continue
            processes = feedback.process_id
            for topic in feedback.topic_ids.filtered(lambda t: t.polarity == "complaint"):
                processes |= topic.process_id or topic.parent_id.process_id
            feedback.cx_complaint_process_ids = processes

    # ------------------------------------------------------------
    # CLOSED LOOP
    # ------------------------------------------------------------
    # The closed loop: a detractor or a low score is answered in time, or escalated.

    @api.model_create_multi
    def create(self, vals_list):
        self.browse()._cx_check_score_vals(vals_list)
        feedback = super().create(vals_list)
        if not self.env.context.get("cx_no_alert"):
            feedback._cx_raise_alerts()
        return feedback

    def write(self, vals):
        if self:
            self._cx_check_score_vals([vals])
        if "topic_ids" in vals and not self.env.context.get("cx_topics_suggested"):
            # TEXT MODEL: topics a person sets are theirs, and the next training learns them
            vals = {**vals, "topics_suggested": False}
        res = super().write(vals)
        if "user_id" in vals and not self.env.su:
            # the rules check who may write before the change; checked again after it, a
            # salesperson cannot hand their feedback to somebody else
            self.check_access("write")
        if vals.get("cx_action_ids"):
            self.filtered("cx_action_ids")._cx_alert_handled()
        return res

    def _message_post_after_hook(self, message, msg_vals):
        """A reply logged by one of our employees handles the alert."""
        res = super()._message_post_after_hook(message, msg_vals)
        if self.alert_state in ("open", "escalated") and self._cx_is_reply(message):
            self._cx_alert_handled()
        return res

    @api.model
    def _cx_alert_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        return (
            int_setting(params.get_param(PARAM_CSI_THRESHOLD), feedback_loop.DEFAULT_CSI_THRESHOLD),
            int_setting(params.get_param(PARAM_DELAY_DAYS), feedback_loop.DEFAULT_DELAY_DAYS),
        )

    @api.model
    def _cx_alert_named_manager(self):
        """The active internal user named in the settings, or an empty recordset."""
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_MANAGER)
        Users = self.env["res.users"].sudo()
        try:
            user = Users.browse(int(value)).exists() if value else Users
        except (TypeError, ValueError):
            user = Users
        return user.filtered(lambda u: u.active and not u.share)

    @api.model
    def _cx_alert_manager(self, company=None):
        """The CX manager who takes alerts of clients without a salesperson (of the company's
        CX managers when a company is given)."""
        return self._cx_alert_managers(company)[:1]

    @api.model
    def _cx_alert_managers(self, company=None):
        """Everyone escalations go to: the CX managers, the one named in the settings first;
        with a company, only those who work in it (the others may not read its feedback)."""
        group = self.env.ref(MANAGER_GROUP).sudo()
        root = self.env.ref("base.user_root")
        members = group.users.sorted("id").filtered(
            lambda u: u.active and not u.share and u != root
        )
        managers = self._cx_alert_named_manager() | members
        if company:
            managers = managers.filtered(lambda u: company in u.company_ids)
        return managers

    @api.model
    def _cx_alert_deadline(self, company, today, days):
        """N working days after today in the company's working calendar (weekends without one)."""
        calendar = company.resource_calendar_id
        if calendar and days > 0:
            start = datetime.combine(today + timedelta(days=1), time.min)
            end = calendar.plan_days(days, start, compute_leaves=True)
            if end:
                return end.date()
        return feedback_loop.add_working_days(today, days)

    def _cx_raise_alerts(self):
        """Open an alert activity on each new detractor or low score, and acknowledge it."""
        threshold, delay = self._cx_alert_settings()
        today = fields.Date.context_today(self)
        alerting = self.filtered(
            lambda f: (
                f.alert_state == "none"
                and feedback_loop.needs_alert(f.csi_score, f.nps_score, threshold)
                and feedback_loop.is_fresh(f.date, today)
            )
        ).sudo()
        if not alerting:
            return
        fallbacks = {company: self._cx_alert_manager(company) for company in alerting.company_id}
        deadlines = {
            company: self._cx_alert_deadline(company, today, delay)
            for company in alerting.company_id
        }
        activities = []
        by_assignment = {}
        for feedback in alerting:
            salesperson = feedback.commercial_partner_id.user_id
            user = (
                salesperson
                if salesperson.active and not salesperson.share
                else fallbacks[feedback.company_id]
            )
            deadline = deadlines[feedback.company_id]
            by_assignment.setdefault((user, deadline), []).append(feedback.id)
            activities.append(
                {
                    "res_model": self._name,
                    "res_id": feedback.id,
                    "activity_type": ACTIVITY_TYPE,
                    "user": user,
                    "date_deadline": deadline,
                    "summary": lambda env: env._("Answer the client"),
                }
            )
        for (user, deadline), ids in by_assignment.items():
            self.browse(ids).sudo().write(
                {
                    "alert_state": "open",
                    "alert_date_deadline": deadline,
                    "alert_user_id": user.id,
                    "alert_date_raised": fields.Datetime.now(),
                }
            )
        self.env["mail.activity"].sudo()._cx_schedule_activities(activities)
        alerting._cx_acknowledge()

    def _cx_acknowledge(self):
        """A short e-mail to the contact: we heard you and someone will come back to you.

        One mail per contact, however many answers of one questionnaire raised an alert.
        """
        if self.env.context.get("cx_no_acknowledgement"):
            return
        to_tell = self.filtered(lambda f: feedback_loop.acknowledged(f.channel, f.partner_id.email))
        to_tell = self.browse([group[0].id for group in to_tell.grouped("partner_id").values()])
        if to_tell:
            template = self.env.ref("cx_management.mail_template_cx_feedback_ack")
            template.sudo().send_mail_batch(to_tell.ids)

    def _cx_is_reply(self, message):
        """A comment or a note written by one of our employees."""
        author_users = message.author_id.user_ids
        if not author_users or any(user.share for user in author_users):
            return False
        if message.author_id == self.env.ref("base.partner_root"):
            return False
        return message.message_type == "comment"

    def _cx_alert_handled(self):
        """Mark open or escalated alerts handled and close their activities."""
        alerts = self.filtered(lambda f: f.alert_state in ("open", "escalated")).sudo()
        if not alerts:
            return
        alerts.write({"alert_state": "handled"})
        alerts._cx_record_first_answer(fields.Datetime.now())
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", alerts.ids),
                    ("activity_type_id", "=", self.env.ref(ACTIVITY_TYPE).id),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=self.env._("The client's feedback was answered."))

    def _cx_record_first_answer(self, when):
        """Time the first answer of these alerts in the working hours of their company's
        calendar (weekday hours without one), against the target of the settings."""
        target = self._cx_alert_target_hours()
        for feedback in self.filtered(lambda f: f.alert_date_raised and not f.alert_date_answered):
            hours = self._cx_working_hours(feedback.company_id, feedback.alert_date_raised, when)
            on_time = feedback_loop.within_target(hours, target)
            feedback.write(
                {
                    "alert_date_answered": when,
                    "alert_response_hours": hours,
                    "alert_on_time": 100.0 if on_time else 0.0,
                }
            )

    @api.model
    def _cx_working_hours(self, company, start, end):
        calendar = company.resource_calendar_id
        if not calendar:
            return feedback_loop.weekday_hours(start, end)
        return calendar.get_work_duration_data(start, end, compute_leaves=True)["hours"]

    @api.model
    def _cx_alert_target_hours(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_TARGET_HOURS)
        return max(float_setting(value, feedback_loop.DEFAULT_TARGET_HOURS), 0.0)

    def action_cx_alert_handle(self):
        """Mark the alert handled: its resolution is asked for first."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark the Alert Handled"),
            "res_model": "cx.alert.handle",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_feedback_id": self.id,
                "default_resolution_id": self.alert_resolution_id.id,
            },
        }

    @api.model
    def _cx_overdue_alert_domain(self, today):
        return [("alert_state", "=", "open"), ("alert_date_deadline", "<", today)]

    @api.model
    def _cron_escalate_alerts(self, batch_size=500):
        """Escalate, once, every alert not handled by its deadline to the CX managers of the
        feedback's company."""
        today = fields.Date.context_today(self)
        domain = self._cx_overdue_alert_domain(today)
        overdue = self.search(domain, order="alert_date_deadline, id", limit=batch_size)
        if overdue:
            managers = {company: self._cx_alert_managers(company) for company in overdue.company_id}
            self.env["mail.activity"].sudo()._cx_schedule_activities(
                [
                    {
                        "res_model": self._name,
                        "res_id": feedback.id,
                        "activity_type": ACTIVITY_TYPE,
                        "user": manager,
                        "date_deadline": today,
                        "summary": lambda env: env._(
                            "Escalated: the client's feedback was not answered in time"
                        ),
                    }
                    for feedback in overdue
                    for manager in managers[feedback.company_id]
                ]
            )
            overdue.write({"alert_state": "escalated"})
        remaining = self.search_count(domain) if overdue else 0
        self.env["ir.cron"]._notify_progress(done=len(overdue), remaining=remaining)

    # ------------------------------------------------------------
    # SURVEY BRIDGE
    # ------------------------------------------------------------
    # Feedback that came from a survey answer keeps the link to that answer.

    def action_view_survey_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.survey_user_input_id.id,
            "view_mode": "form",
            "name": self.env._("Survey Answer"),
        }

    # ------------------------------------------------------------
    # REQUIREMENTS
    # ------------------------------------------------------------
    # A feedback can give birth to a requirement, and a not met requirement is a complaint.

    def action_record_requirement(self):
        """Open a new requirement prefilled from the feedback: client, contact, role, topic,
        element of value and the reason as the requirement's text."""
        self.ensure_one()
        topics = self.topic_ids
        context = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_contact_id": self.partner_id.id if self.partner_id.parent_id else False,
            "default_role_id": self.role_id.id,
            "default_topic_id": topics[:1].id,
            "default_value_element_id": self.value_element_ids[:1].id,
            "default_name": self.comment or False,
            "default_feedback_id": self.id,
            "default_company_id": self.company_id.id,
        }
        if self.lead_id:
            context.update(
                default_lead_id=self.lead_id.id,
                default_scope="specification",
                default_reference=self.reference or False,
            )
        elif self.reference:
            context.update(default_scope="specification", default_reference=self.reference)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record as Requirement"),
            "res_model": "cx.requirement",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    # ------------------------------------------------------------
    # TEXT MODEL
    # ------------------------------------------------------------
    # Topics and polarity suggested from the reason, by a model trained on this database's own
    # tagged feedback (tools/topics.py); nothing leaves the server.

    @api.depends("comment", "topic_ids", "polarity")
    def _compute_cx_suggestions(self):
        self._cx_suggestions_for(self)

    @api.model
    def _cx_suggestions_for(self, records):
        """Fill `cx_suggestions` of records having `comment`, `topic_ids` and maybe `polarity`
        (feedback, interview lines): the chips of the topics not set yet and of the polarity
        when it differs, as {"topics": [{id, name, confidence}], "polarity": {...} or None}."""
        texts = [(record.comment or "").strip() for record in records]
        wanted = [i for i, text in enumerate(texts) if text]
        topics = self.cx_suggest_topics([texts[i] for i in wanted]) if wanted else []
        polarities = self.cx_suggest_polarity([texts[i] for i in wanted]) if wanted else []
        names = {
            topic.id: topic.display_name
            for topic in self.env["cx.topic"].browse({t for row in topics for t, _c in row})
        }
        labels = dict(self.env["cx.feedback"]._fields["polarity"]._description_selection(self.env))
        found = dict(zip(wanted, zip(topics, polarities, strict=True), strict=True))
        for index, record in enumerate(records):
            row, polarity = found.get(index, ([], None))
            chips = [
                {"id": topic, "name": names[topic], "confidence": round(100 * conf)}
                for topic, conf in row
                if topic not in record.topic_ids.ids
            ]
            current = record.polarity if "polarity" in record._fields else None
            record.cx_suggestions = {
                "topics": chips,
                "polarity": {
                    "value": polarity[0],
                    "label": labels.get(polarity[0], polarity[0]),
                    "confidence": round(100 * polarity[1]),
                }
                if polarity and polarity[0] != current
                else None,
            }

    @api.model
    def cx_learn_topics(self):
        """Train the text model on the feedback whose topics a person set; its evaluation."""
        examples, parents = self._cx_topic_examples()
        return self.env["cx.text.model"]._train(examples, parents)

    @api.model
    def cx_suggest_topics(self, texts):
        """For each text, [(topic_id, confidence)] best first, at most 3; [] when untrained or
        the text says nothing the model knows. Only topic ids come back, never feedback."""
        texts = list(texts)
        model = self.env["cx.text.model"]._load_current()
        if model is None:
            return [[] for _text in texts]
        found = model.suggest(texts)
        active = set(
            self.env["cx.topic"]
            .sudo()
            .search([("id", "in", list({t for row in found for t, _c in row}))])
            .ids
        )
        return [[(topic, conf) for topic, conf in row if topic in active] for row in found]

    @api.model
    def cx_suggest_polarity(self, texts):
        """For each text, (polarity, confidence) or None when untrained or unsure."""
        texts = list(texts)
        model = self.env["cx.text.model"]._load_current()
        if model is None:
            return [None] * len(texts)
        return model.suggest_polarity(texts)

    @api.model
    def _cx_topic_suggestion_threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_SUGGESTION_THRESHOLD)
        try:
            threshold = float(value)
        except (TypeError, ValueError):
            return SUGGESTION_THRESHOLD_DEFAULT
        return threshold if 0 <= threshold <= 1 else SUGGESTION_THRESHOLD_DEFAULT

    def _cx_topic_examples(self):
        """(text, topic ids, polarity) of the feedback a person tagged, and the topic tree.

        Read with SQL in one pass over the whole database (every company, every client):
        the model sees all feedback, the suggestions it gives are topic ids only. General
        marks (Praise, Complaint) and archived topics are not topics to suggest."""
        self.env["cx.feedback"].flush_model(
            ["comment", "polarity", "topic_ids", "topics_suggested"]
        )
        self.env["cx.topic"].flush_model(["parent_id", "active", "is_polarity_mark"])
        field = self._fields["topic_ids"]
        self.env.cr.execute(
            SQL(
                """SELECT f.comment, f.polarity,
                          ARRAY_REMOVE(ARRAY_AGG(t.id), NULL)
                     FROM cx_feedback f
                LEFT JOIN %(rel)s r ON r.%(col1)s = f.id
                LEFT JOIN cx_topic t ON t.id = r.%(col2)s
                      AND t.active AND NOT COALESCE(t.is_polarity_mark, FALSE)
                    WHERE NULLIF(TRIM(f.comment), '') IS NOT NULL
                      AND NOT COALESCE(f.topics_suggested, FALSE)
                 GROUP BY f.id
                 ORDER BY f.id""",
                rel=SQL.identifier(field.relation),
                col1=SQL.identifier(field.column1),
                col2=SQL.identifier(field.column2),
            )
        )
        examples = self.env.cr.fetchall()
        self.env.cr.execute(
            """SELECT t.id, p.id FROM cx_topic t
                 LEFT JOIN cx_topic p ON p.id = t.parent_id
                      AND p.active AND NOT COALESCE(p.is_polarity_mark, FALSE)
                WHERE t.active"""
        )
        parents = dict(self.env.cr.fetchall())
        return [(text, topics, polarity) for text, polarity, topics in examples], parents

    def action_cx_apply_topic_suggestions(self):
        """The bulk action: untagged feedback gets the suggested topics whose confidence
        reaches the threshold, marked as machine-tagged."""
        threshold = self._cx_topic_suggestion_threshold()
        todo = self.filtered(lambda f: not f.topic_ids and (f.comment or "").strip())
        if self.env["cx.text.model"]._load_current() is None:
            raise UserError(
                self.env._("The text model is not trained yet: train it on the Text Model page.")
            )
        by_topics = {}
        for start in range(0, len(todo), 1000):
            batch = todo[start : start + 1000]
            found = self.cx_suggest_topics(batch.mapped("comment"))
            for feedback, row in zip(batch, found, strict=True):
                chosen = tuple(sorted(topic for topic, conf in row if conf >= threshold))
                if chosen:
                    by_topics.setdefault(chosen, []).append(feedback.id)
        tagged = 0
        for topic_ids, feedback_ids in by_topics.items():
            self.browse(feedback_ids).with_context(cx_topics_suggested=True).write(
                {"topic_ids": [Command.set(list(topic_ids))], "topics_suggested": True}
            )
            tagged += len(feedback_ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if tagged else "warning",
                "message": self.env._(
                    "%(tagged)s of %(count)s untagged feedback tagged from the suggestions "
                    "(confidence at least %(threshold)s %%); marked as machine-tagged.",
                    tagged=tagged,
                    count=len(todo),
                    threshold=round(threshold * 100),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_cx_learn_topics(self):
        self.sudo().cx_learn_topics()
        self.env["ir.cron"]._notify_progress(done=1, remaining=0)
