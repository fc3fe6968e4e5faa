import textwrap
from collections import Counter
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, is_html_empty

from ..fields import NullableFloat
from ..tools import csi as csi_tools
from ..tools import nps as nps_tools
from ..tools.settings import int_setting

ORIGINS = [
    ("feedback", "Feedback"),
    ("metric", "Metric"),
    ("process", "Process analysis"),
    ("maturity", "Maturity assessment"),
    ("manual", "Manual"),
]

PRIORITIES = [("0", "Normal"), ("1", "High")]

EFFECT_DELAY_PARAM = "cx_management.action_effect_delay"

EFFECT_DELAY_DEFAULT = 90

INTERNAL = "cx_management.cx_management_group_user"

MANAGER = "cx_management.cx_management_group_manager"

CSI_DIGITS = (16, 2)

NPS_DIGITS = (16, 1)


def _lower_first(text):
    """A name inside a sentence: "Average lead time" -> "average lead time"; an acronym such
    as "NPS" or "CSI score" keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _measured(string, digits):
    """A client's CSI or NPS the action keeps, before the work or after it: empty until
    measured, averaged in reports, for internal users only."""
    return NullableFloat(
        string=string, digits=digits, readonly=True, copy=False, aggregator="avg", groups=INTERNAL
    )


class CxAction(models.Model):
    """An improvement action for a client: planned, done, told to the client, then measured."""

    _name = "cx.action"
    _description = "Improvement Action"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "cx.sql.guard"]
    _order = "priority desc, date_deadline, id desc"
    _rec_names_search = ["name", "reference"]
    # portal clients answer in the chatter with read access only
    _mail_post_access = "read"
    _sql_constraints = [
        ("reference_uniq", "UNIQUE(reference, company_id)", "The reference must be unique."),
    ]

    reference = fields.Char(
        string="Action Number",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default="/",
    )
    name = fields.Char(string="Title", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        index=True,
        tracking=True,
        help="The client company the action is for; empty for an internal action.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Client Company",
        store=True,
        index=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Main Contact",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The client's contact who is told about the action with those who gave the "
        "linked feedback.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    stage_id = fields.Many2one(
        "cx.action.stage",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self._default_stage_id(),
        group_expand="_read_group_stage_ids",
    )
    is_done = fields.Boolean(related="stage_id.is_done", string="Is Done")
    is_cancelled = fields.Boolean(related="stage_id.is_cancelled", string="Is Cancelled")
    priority = fields.Selection(PRIORITIES, default="0", index=True)
    date_deadline = fields.Date(string="Deadline", index=True, tracking=True)
    date_start = fields.Date(
        string="Start Date", readonly=True, copy=False, help="When the work started."
    )
    date_done = fields.Date(
        string="Done Date",
        readonly=True,
        copy=False,
        index=True,
        help="Set when the action reaches a done stage.",
    )
    description = fields.Html(
        string="Internal Description",
        groups=INTERNAL,
        help="What is to be done and why; never shown to the client.",
    )
    client_title = fields.Char(
        string="Client-Facing Title",
        compute="_compute_client_title",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The title the client reads in the portal and in the messages; starts as the "
        "title, rephrase it for the client before publishing.",
    )
    client_summary = fields.Html(
        string="Client-Facing Summary",
        help="What the client reads in the portal about this action.",
    )
    client_result = fields.Html(
        string="What Was Done",
        help="The result told to the client in the portal once the action is done.",
    )
    portal_published = fields.Boolean(
        string="Published in Portal",
        copy=False,
        tracking=True,
        help="The client sees the action in its portal and is told of every stage change.",
    )
    feedback_ids = fields.Many2many(
        "cx.feedback",
        "cx_action_cx_feedback_rel",
        "action_id",
        "feedback_id",
        groups=INTERNAL,
        domain="[('commercial_partner_id', '=?', commercial_partner_id)]",
    )
    feedback_count = fields.Integer(compute="_compute_feedback_count", groups=INTERNAL)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True, groups=INTERNAL)
    process_id = fields.Many2one("cx.process", index=True)
    metric_id = fields.Many2one(
        "cx.metric",
        index=True,
        tracking=True,
        help="The metric this action should move, e.g. the client's top CSI detractor.",
    )
    topic_ids = fields.Many2many(
        "cx.topic", "cx_action_cx_topic_rel", "action_id", "topic_id", string="Topics"
    )
    origin = fields.Selection(
        ORIGINS,
        required=True,
        default="manual",
        help="Where the action was born: feedback, a metric, process analysis, the maturity "
        "assessment or by hand.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    color = fields.Integer()
    csi_before = _measured("CSI Before", CSI_DIGITS)
    csi_after = _measured("CSI After", CSI_DIGITS)
    nps_before = _measured("NPS Before", NPS_DIGITS)
    nps_after = _measured("NPS After", NPS_DIGITS)
    effect = NullableFloat(
        string="Effect (NPS)",
        digits=NPS_DIGITS,
        compute="_compute_effect",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
        help="NPS after minus NPS before, in points.",
    )
    effect_csi = NullableFloat(
        string="Effect (CSI)",
        digits=CSI_DIGITS,
        compute="_compute_effect",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
        help="CSI after minus CSI before.",
    )
    date_effect = fields.Date(
        string="Effect Measured On", readonly=True, copy=False, groups=INTERNAL
    )
    reminded_deadline = fields.Date(
        readonly=True,
        copy=False,
        groups=INTERNAL,
        help="The deadline the owner was last reminded of; a new deadline reminds again.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("portal_published", "partner_id", "client_title", "client_summary")
    def _check_portal_published(self):
        """A published action has a client and says to the client what it is, in the client's
        words: every missing part named at once."""
        errors = []
        for action in self.filtered("portal_published"):
            if not action.partner_id:
                errors.append(
                    _("An internal action without a client cannot be published in the portal.")
                )
            missing = [
                action._fields[name].get_description(self.env)["string"]
                for name in ("client_title", "client_summary")
                if (
                    is_html_empty(action[name])
                    if name == "client_summary"
                    else not (action[name] or "").strip()
                )
            ]
            if missing:
                errors.append(
                    _(
                        "To publish %(action)s in the portal, fill in what the client reads: "
                        "%(missing)s.",
                        action=action.display_name,
                        missing=", ".join(missing),
                    )
                )
        if errors:
            raise ValidationError("\n".join(errors))

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _default_stage_id(self):
        return self.env["cx.action.stage"].search(
            [("is_done", "=", False), ("is_cancelled", "=", False)], limit=1
        )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("name")
    def _compute_client_title(self):
        for action in self:
            if not action.client_title:
                action.client_title = action.name

    @api.depends("partner_id")
    def _compute_contact_id(self):
        for action in self:
            client = action.partner_id.commercial_partner_id
            if action.contact_id and action.contact_id.commercial_partner_id == client:
                continue
            action.contact_id = self._cx_main_contact(action.partner_id)

    def _compute_feedback_count(self):
        for action in self:
            action.feedback_count = len(action.feedback_ids)

    @api.depends("csi_before", "csi_after", "nps_before", "nps_after")
    def _compute_effect(self):
        for action in self:
            effect = nps_tools.delta(action.nps_before, action.nps_after)
            effect_csi = nps_tools.delta(action.csi_before, action.csi_after)
            action.effect = False if effect is None else effect
            action.effect_csi = False if effect_csi is None else effect_csi

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for action in self:
            action.access_url = f"/my/cx/actions/{action.id}"
        return res

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for action in self:
            if action.reference and action.reference != "/":
                action.display_name = f"{action.reference} {action.name or ''}".strip()
            else:
                action.display_name = action.name or ""

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if not vals.get("reference") or vals["reference"] == "/":
                vals["reference"] = Sequence.next_by_code("cx.action") or "/"
        actions = super().create(vals_list)
        actions._cx_apply_stage_effects()
        actions.filtered("portal_published")._cx_subscribe_client()
        if any(vals.get("feedback_ids") for vals in vals_list):
            # closed loop: an action linked to feedback answers it, the alert is handled
            actions.sudo().feedback_ids._cx_alert_handled()
        return actions

    def write(self, vals):
        old_stages = {action.id: action.stage_id for action in self} if "stage_id" in vals else {}
        was_published = {action.id: action.portal_published for action in self}
        res = super().write(vals)
        if vals.get("portal_published"):
            self.filtered(lambda a: not was_published[a.id])._cx_subscribe_client()
        if old_stages:
            moved = self.filtered(lambda a: a.stage_id != old_stages[a.id])
            moved._cx_apply_stage_effects()
            moved.filtered("portal_published")._cx_notify_stage_change()
        if vals.get("feedback_ids"):
            self.sudo().feedback_ids._cx_alert_handled()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [("id", "in", self.feedback_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_publish(self):
        self.write({"portal_published": True})

    def action_unpublish(self):
        self.write({"portal_published": False})

    @api.model
    def action_create_from_feedback(self, feedback):
        """Open a new action prefilled from the selected feedback, linking them all."""
        values = self._prepare_from_feedback(feedback)
        context = {f"default_{name}": value for name, value in values.items()}
        return self._cx_new_action_form(_("New Improvement Action"), context)

    @api.model
    def action_plan_for_client(self, partner, process=None, origin="metric", name=None, **defaults):
        """Open a new action for a client, prefilled (the CSI breakdown's "Plan action").

        Extra keyword arguments become defaults of the form (e.g. metric_id).
        """
        context = {
            "default_partner_id": partner.commercial_partner_id.id,
            "default_process_id": process.id if process else False,
            "default_origin": origin,
        }
        if name:
            context["default_name"] = name
        context.update({f"default_{key}": value for key, value in defaults.items()})
        return self._cx_new_action_form(_("Plan Improvement Action"), context)

    @api.model
    def _cx_title_for_metric(self, metric, partner):
        """The default title of an action on a client's metric, as a person would write it."""
        client = partner.commercial_partner_id
        metric_name = _lower_first(metric.name or "")
        if not client:
            return _("Work on %s", metric_name)
        return _("Work on %(metric)s for %(client)s", metric=metric_name, client=client.name)

    @api.model
    def _cx_new_action_form(self, title, context):
        """The form of a new improvement action, prefilled by the `default_*` keys."""
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "cx.action",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    @api.model
    def _prepare_from_feedback(self, feedback):
        if not feedback:
            raise UserError(_("Select the feedback the action answers."))
        clients = feedback.commercial_partner_id
        if len(clients) > 1:
            raise UserError(
                _(
                    "One action answers one client; the selected feedback comes from %s.",
                    ", ".join(clients.mapped("display_name")),
                )
            )
        processes = Counter()
        for item in feedback:
            # the process named on a feedback outweighs the ones its topics point at
            processes.update(item.process_id.ids * 2 + item.topic_ids.process_id.ids)
        leads = feedback.lead_id
        topics = feedback.topic_ids.filtered(lambda t: t.polarity == "complaint") or (
            feedback.topic_ids
        )
        comments = [f.comment for f in feedback if (f.comment or "").strip()]
        about = _(" and ").join(_lower_first(name) for name in topics[:3].mapped("name"))
        if topics and topics[0].polarity == "complaint":
            name = _(
                "Resolve the complaint of %(client)s about %(topics)s",
                client=clients.name,
                topics=about,
            )
        elif topics:
            name = _(
                "Follow up on the feedback of %(client)s about %(topics)s",
                client=clients.name,
                topics=about,
            )
        elif comments:
            name = textwrap.shorten(comments[0].strip().splitlines()[0], 60, placeholder="...")
        else:
            name = _("Answer the feedback of %s", clients.name or "")
        description = self.env["ir.qweb"]._render(
            "cx_management.cx_action_description_from_feedback",
            {
                "comments": [
                    {"author": f.partner_id.display_name, "comment": f.comment}
                    for f in feedback
                    if (f.comment or "").strip()
                ]
            },
        )
        # the owner is the client's salesperson when the user may plan for them; the contact
        # told is the one who complained (the latest complaint's author)
        salesperson = clients.user_id.filtered(lambda user: not user.share)
        if salesperson != self.env.user and not self.env.user.has_group(MANAGER):
            salesperson = self.env.user
        complaints = feedback.filtered(lambda f: f.polarity == "complaint") or feedback
        author = complaints.sorted(lambda f: (f.date, f.id), reverse=True)[:1].partner_id
        return {
            "name": name,
            "partner_id": clients.id,
            "user_id": (salesperson or self.env.user).id,
            "contact_id": author.id,
            "feedback_ids": [Command.set(feedback.ids)],
            "topic_ids": [Command.set(feedback.topic_ids.ids)],
            "process_id": processes.most_common(1)[0][0] if processes else False,
            "lead_id": leads.id if len(leads) == 1 else False,
            "origin": "feedback",
            "company_id": feedback[:1].company_id.id,
            "description": description,
        }

    # ------------------------------------------------------------
    # STAGES AND INFORMING THE CLIENT
    # ------------------------------------------------------------

    @api.model
    def _cx_main_contact(self, partner):
        """The client's contact told by default: an economic buyer with an e-mail, else any."""
        client = partner.commercial_partner_id
        if not client:
            return self.env["res.partner"]
        if partner != client:
            return partner
        people = client.child_ids.filtered(lambda p: p.type == "contact" and p.email)
        economic = people.filtered(lambda p: p.cx_role_id.code == "economic")
        return (economic or people)[:1] or (client if client.email else client.browse())

    def _cx_apply_stage_effects(self):
        """Dates and 'before' values that follow the stage the actions are in."""
        today = fields.Date.context_today(self)
        finished = self.filtered(lambda a: a.stage_id.is_done and not a.date_done)
        if finished:
            finished.write({"date_done": today})
        reopened = self.filtered(lambda a: not a.stage_id.is_done and a.date_done)
        if reopened:
            reopened.write({"date_done": False})
        started = self.filtered(lambda a: a.stage_id.is_in_progress and not a.date_start)
        if started:
            started.sudo()._cx_keep_before(today)

    def _cx_keep_before(self, date):
        """Keep the client's CSI and NPS of the moment the work starts."""
        delay = self._cx_effect_delay()
        windows = {
            action.id: (action.commercial_partner_id.id, date - timedelta(days=delay), date)
            for action in self
            if action.commercial_partner_id
        }
        nps_before = self._cx_nps_by_window(windows)
        csi_before = self._cx_csi_by_point(
            {action_id: (client_id, date) for action_id, (client_id, _from, _to) in windows.items()}
        )
        for action in self:
            csi = csi_before.get(action.id, False)
            nps = nps_before.get(action.id)
            action.write(
                {
                    "date_start": date,
                    "csi_before": csi,
                    "nps_before": False if nps is None else nps,
                }
            )

    def _cx_client_contacts(self):
        """Who at the client is told: the contacts who gave the linked feedback and the main one."""
        self.ensure_one()
        client = self.commercial_partner_id
        if not client:
            return self.env["res.partner"]
        contacts = self.sudo().feedback_ids.partner_id | self.contact_id
        return contacts.filtered(lambda p: p.commercial_partner_id == client)

    def _cx_subscribe_client(self):
        comment = self.env.ref("mail.mt_comment")
        for action in self:
            contacts = action._cx_client_contacts()
            if contacts:
                action.message_subscribe(partner_ids=contacts.ids, subtype_ids=comment.ids)

    def _cx_notify_stage_change(self):
        """A client-visible message per stage change, in the client's language."""
        for action in self:
            lang = action.contact_id.lang or action.partner_id.lang or self.env.lang
            action_lang = action.with_context(lang=lang)
            env = action_lang.env
            stage = action_lang.stage_id
            paragraphs = [
                env._(
                    "The improvement action %(name)s (%(reference)s) is now at the stage "
                    "%(stage)s.",
                    name=action.client_title or action.name,
                    reference=action.reference,
                    stage=stage.name,
                )
            ]
            if action.date_deadline and not stage.is_done and not stage.is_cancelled:
                paragraphs.append(
                    env._("Planned completion: %s.", format_date(env, action.date_deadline))
                )
            result = stage.is_done and not is_html_empty(action.client_result)
            body = env["ir.qweb"]._render(
                "cx_management.cx_action_message_stage_change",
                {"paragraphs": paragraphs, "result": action.client_result if result else False},
            )
            action_lang.message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def _message_compute_subject(self):
        """The subject the client's contacts receive: the client-facing title."""
        self.ensure_one()
        title = self.client_title or self.name or ""
        return f"{self.reference} {title}".strip() if self.reference != "/" else title

    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """An unpublished action stays closed to the outside, even with a valid token."""
        thread = super()._get_thread_with_access(thread_id, mode, **kwargs)
        if thread and not self.env.user._is_internal() and not thread.sudo().portal_published:
            return self.browse()
        return thread

    # ------------------------------------------------------------
    # EFFECT
    # ------------------------------------------------------------

    @api.model
    def _cx_effect_delay(self):
        value = self.env["ir.config_parameter"].sudo().get_param(EFFECT_DELAY_PARAM)
        delay = int_setting(value, EFFECT_DELAY_DEFAULT)
        return delay if delay > 0 else EFFECT_DELAY_DEFAULT

    @api.model
    def _cx_csi_by_point(self, points):
        """The client's CSI at a date for many actions, in one query.

        The CSI at a date is the snapshot of the period holding it, else the latest earlier one,
        of the action's company; a CSI from insufficient data does not count.

        :param dict points: {action id: (client id, date)}
        :return: {action id: CSI}; actions whose client had no snapshot by then are missing
        """
        if not points:
            return {}
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        self.env["cx.csi.snapshot"].flush_model(
            ["partner_id", "company_id", "date", "csi", "insufficient"]
        )
        self.flush_model(["company_id"])
        rows = SQL(", ").join(
            SQL("(%s, %s, %s::date)", action_id, client_id, csi_tools.period_end(day, period))
            for action_id, (client_id, day) in points.items()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT p.action_id, s.csi
                  FROM (VALUES %s) AS p(action_id, partner_id, day)
                  JOIN cx_action a ON a.id = p.action_id
                  CROSS JOIN LATERAL (
                        SELECT csi FROM cx_csi_snapshot
                         WHERE partner_id = p.partner_id AND company_id = a.company_id
                           AND insufficient IS NOT TRUE AND date <= p.day
                         ORDER BY date DESC, id DESC
                         LIMIT 1
                  ) s
                """,
                rows,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _cx_nps_by_window(self, windows):
        """NPS per action from its client's feedback in a date window, in one query.

        :param dict windows: {action id: (client id, date from (excluded), date to (included))}
        :return: {action id: NPS in points}; actions without answers are missing
        """
        if not windows:
            return {}
        self.env["cx.feedback"].flush_model(["commercial_partner_id", "date", "nps_score"])
        rows = SQL(", ").join(
            SQL("(%s, %s, %s::date, %s::date)", action_id, client_id, date_from, date_to)
            for action_id, (client_id, date_from, date_to) in windows.items()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT w.action_id, f.nps_score
                  FROM (VALUES %s) AS w(action_id, client_id, date_from, date_to)
                  JOIN cx_feedback f
                    ON f.commercial_partner_id = w.client_id
                   AND f.date > w.date_from
                   AND f.date <= w.date_to
                 WHERE f.nps_score IS NOT NULL
                """,
                rows,
            )
        )
        answers = {}
        for action_id, score in self.env.cr.fetchall():
            answers.setdefault(action_id, []).append(score)
        return {action_id: nps_tools.nps(scores) for action_id, scores in answers.items()}

    @api.model
    def _cron_measure_effect(self, batch_size=200):
        """Fill the 'after' values of actions done N days ago (N: a setting, default 90)."""
        delay = self._cx_effect_delay()
        today = fields.Date.context_today(self)
        domain = [
            ("stage_id.is_done", "=", True),
            ("date_done", "!=", False),
            ("date_done", "<=", today - timedelta(days=delay)),
            ("date_effect", "=", False),
        ]
        actions = self.search(domain, order="date_done, id", limit=batch_size)
        windows = {
            action.id: (
                action.commercial_partner_id.id,
                action.date_done,
                action.date_done + timedelta(days=delay),
            )
            for action in actions
            if action.commercial_partner_id
        }
        nps_after = self._cx_nps_by_window(windows)
        csi_after = self._cx_csi_by_point(
            {action_id: (client_id, day) for action_id, (client_id, _from, day) in windows.items()}
        )
        for action in actions:
            nps = nps_after.get(action.id)
            action.write(
                {
                    "date_effect": today,
                    "csi_after": csi_after.get(action.id, False),
                    "nps_after": False if nps is None else nps,
                }
            )
        self.env["ir.cron"]._notify_progress(
            done=len(actions), remaining=self.search_count(domain) if actions else 0
        )

    # ------------------------------------------------------------
    # REMINDERS
    # ------------------------------------------------------------

    @api.model
    def _cx_overdue_unreminded_ids(self, today, limit=None):
        """Open actions past their deadline whose owner was not reminded of that deadline."""
        self.flush_model(["date_deadline", "user_id", "stage_id", "reminded_deadline"])
        self.env["cx.action.stage"].flush_model(["is_done", "is_cancelled"])
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id
                  FROM cx_action a
                  JOIN cx_action_stage s ON s.id = a.stage_id
                 WHERE a.date_deadline < %s
                   AND a.user_id IS NOT NULL
                   AND s.is_done IS NOT TRUE
                   AND s.is_cancelled IS NOT TRUE
                   AND (a.reminded_deadline IS NULL OR a.reminded_deadline <> a.date_deadline)
                 ORDER BY a.date_deadline, a.id
                 %s
                """,
                today,
                SQL("LIMIT %s", limit) if limit else SQL(""),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_remind_overdue(self, batch_size=500):
        """One to-do activity for the owner of each overdue open action, once per deadline."""
        today = fields.Date.context_today(self)
        actions = self.browse(self._cx_overdue_unreminded_ids(today, limit=batch_size))
        if actions:
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            )._cx_schedule_activities(
                [
                    {
                        "res_model": self._name,
                        "res_id": action.id,
                        "activity_type": "mail.mail_activity_data_todo",
                        "user": action.user_id,
                        "date_deadline": today,
                        "summary": lambda env: env._("Overdue improvement action"),
                    }
                    for action in actions
                ]
            )
            for deadline, group in actions.grouped("date_deadline").items():
                group.write({"reminded_deadline": deadline})
        remaining = len(self._cx_overdue_unreminded_ids(today)) if actions else 0
        self.env["ir.cron"]._notify_progress(done=len(actions), remaining=remaining)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _cx_portal_stages(self):
        """The stages a client sees as steps of the progress bar."""
        return self.env["cx.action.stage"].sudo().search([("is_cancelled", "=", False)])
