from datetime import datetime, time, timedelta

from odoo import api, fields, models

from ..tools import feedback_loop
from ..tools.settings import int_setting

ALERT_STATES = [
    ("none", "No alert"),
    ("open", "Awaiting answer"),
    ("handled", "Handled"),
    ("escalated", "Escalated"),
]
PARAM_CSI_THRESHOLD = "cx_management.alert_csi_threshold"
PARAM_DELAY_DAYS = "cx_management.alert_delay_days"
PARAM_MANAGER = "cx_management.alert_manager_id"
MANAGER_GROUP = "cx_management.cx_management_group_manager"
ACTIVITY_TYPE = "cx_management.mail_activity_type_cx_alert"


class CxFeedback(models.Model):
    """The closed loop: a detractor or a low score is answered in time, or escalated."""

    _inherit = "cx.feedback"

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
    action_id = fields.Many2one(
        "cx.action",
        string="Rated Improvement Action",
        index=True,
        ondelete="set null",
        copy=False,
        help="The improvement action the client was looking at in the portal when leaving "
        "this feedback.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        feedback = super().create(vals_list)
        if not self.env.context.get("cx_no_alert"):
            feedback._cx_raise_alerts()
        return feedback

    def write(self, vals):
        res = super().write(vals)
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
    def _cx_generate_demo(self):
        """Demo feedback raises its alerts, but mails no demo contact."""
        return super(CxFeedback, self.with_context(cx_no_acknowledgement=True))._cx_generate_demo()

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

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
    def _cx_alert_manager(self):
        """The CX manager who takes alerts of clients without a salesperson."""
        return self._cx_alert_managers()[:1]

    @api.model
    def _cx_alert_managers(self):
        """Everyone escalations go to: the CX managers, the one named in the settings first."""
        group = self.env.ref(MANAGER_GROUP).sudo()
        root = self.env.ref("base.user_root")
        members = group.users.sorted("id").filtered(
            lambda u: u.active and not u.share and u != root
        )
        return self._cx_alert_named_manager() | members

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
        fallback = self._cx_alert_manager()
        activity_type = self.env.ref(ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        deadlines = {
            company: self._cx_alert_deadline(company, today, delay)
            for company in alerting.company_id
        }
        summaries = {}
        activity_vals = []
        by_assignment = {}
        for feedback in alerting:
            salesperson = feedback.commercial_partner_id.user_id
            user = salesperson if salesperson.active and not salesperson.share else fallback
            deadline = deadlines[feedback.company_id]
            by_assignment.setdefault((user, deadline), []).append(feedback.id)
            if not user:
                continue
            lang = user.lang or self.env.lang
            if lang not in summaries:
                summaries[lang] = self.with_context(lang=lang).env._("Answer the client")
            activity_vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": feedback.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": summaries[lang],
                    "date_deadline": deadline,
                }
            )
        for (user, deadline), ids in by_assignment.items():
            self.browse(ids).sudo().write(
                {"alert_state": "open", "alert_date_deadline": deadline, "alert_user_id": user.id}
            )
        self.env["mail.activity"].sudo().create(activity_vals)
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

    @api.model
    def _cx_overdue_alert_domain(self, today):
        return [("alert_state", "=", "open"), ("alert_date_deadline", "<", today)]

    @api.model
    def _cron_escalate_alerts(self, batch_size=500):
        """Escalate, once, every alert not handled by its deadline to the CX managers."""
        today = fields.Date.context_today(self)
        domain = self._cx_overdue_alert_domain(today)
        overdue = self.search(domain, order="alert_date_deadline, id", limit=batch_size)
        if overdue:
            managers = self._cx_alert_managers()
            activity_type = self.env.ref(ACTIVITY_TYPE)
            model_id = self.env["ir.model"]._get_id(self._name)
            summaries = {}
            for manager in managers:
                lang = manager.lang or self.env.lang
                if lang not in summaries:
                    summaries[lang] = self.with_context(lang=lang).env._(
                        "Escalated: the client's feedback was not answered in time"
                    )
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": feedback.id,
                        "activity_type_id": activity_type.id,
                        "user_id": manager.id,
                        "summary": summaries[manager.lang or self.env.lang],
                        "date_deadline": today,
                    }
                    for feedback in overdue
                    for manager in managers
                ]
            )
            overdue.write({"alert_state": "escalated"})
        remaining = self.search_count(domain) if overdue else 0
        self.env["ir.cron"]._notify_progress(done=len(overdue), remaining=remaining)
