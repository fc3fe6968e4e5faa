from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression

from ..fields import NullableFloat
from ..tools import requirements as req_tools

WEIGHT_MODE_PARAM = "cx_management.requirement_weight_mode"
WEIGHT_MODES = ("set", "propose")

SCOPES = [
    ("all", "Every order of the client"),
    ("specification", "One specification"),
]
STATES = [
    ("pending", "Pending"),
    ("met", "Met"),
    ("not_met", "Not met"),
]


class CxRequirement(models.Model):
    """A key satisfaction aspect a client stated: what must hold in its orders, how important.

    METHODOLOGY sections 1 and 8: the aspects that decide the client's satisfaction are
    collected per client and per specification and carried into the work; section 11: the
    importance of an aspect that is a metric is the client's weight of that metric.
    """

    _name = "cx.requirement"
    _description = "Client Requirement"
    _inherit = ["mail.thread", "mail.activity.mixin", "cx.sql.guard"]
    _order = "importance desc, id desc"

    name = fields.Text(
        string="Requirement",
        required=True,
        tracking=True,
        help="What the client requires, in their words.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
        help="The client company; a contact person is replaced by their company.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Stated by",
        index=True,
        domain="[('commercial_partner_id', '=', partner_id), ('is_company', '=', False)]",
        help="The contact person who stated the requirement.",
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
    metric_id = fields.Many2one("cx.metric", index=True, tracking=True)
    topic_id = fields.Many2one("cx.topic", index=True, tracking=True)
    value_element_id = fields.Many2one("cx.value.element", string="Element of Value", index=True)
    importance = fields.Integer(
        default=3,
        required=True,
        tracking=True,
        aggregator=None,
        help="How much the aspect matters to the client: 1 (hardly) to 5 (critical).",
    )
    importance_average = fields.Float(
        string="Average Importance",
        compute="_compute_importance_average",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="The importance as a measure: its average over requirements keeps decimals.",
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="all",
        tracking=True,
        help="Every order of the client, or one specification only.",
    )
    reference = fields.Char(
        string="Specification", help="The number of the specification the requirement is for."
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index=True,
        domain="[('type', '=', 'opportunity')]",
    )
    date_from = fields.Date(string="Valid from")
    date_to = fields.Date(string="Valid to")
    is_valid = fields.Boolean(
        string="Valid Today",
        compute="_compute_is_valid",
        search="_search_is_valid",
        help="Active and inside its validity dates today.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    feedback_id = fields.Many2one(
        "cx.feedback",
        string="Source Feedback",
        index="btree_not_null",
        ondelete="set null",
        help="The feedback the requirement was recorded from.",
    )
    state = fields.Selection(
        STATES,
        string="After Delivery",
        required=True,
        default="pending",
        tracking=True,
        index=True,
    )
    can_edit = fields.Boolean(
        compute="_compute_can_edit",
        help="Whether the current user may change the requirement and record its check: the "
        "one who recorded it, and the CX managers.",
    )
    state_date = fields.Date(string="Checked on", readonly=True, copy=False)
    state_user_id = fields.Many2one("res.users", string="Checked by", readonly=True, copy=False)
    met_share = NullableFloat(
        string="Share Met (%)",
        compute="_compute_met_share",
        store=True,
        aggregator="avg",
        help="100 for a met requirement, 0 for a not met one, empty while pending: its "
        "average is the share of checked requirements that were met.",
    )
    complaint_id = fields.Many2one(
        "cx.feedback",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The complaint recorded when the requirement was not met; every analysis of "
        "feedback counts it on the requirement's topic.",
    )
    industry_id = fields.Many2one(
        related="partner_id.industry_id", store=True, string="Segment", readonly=True
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        "cx_requirement_partner_category_rel",
        "requirement_id",
        "category_id",
        string="Client Tags",
        compute="_compute_partner_category_ids",
        store=True,
    )
    aspect = fields.Char(
        compute="_compute_aspect",
        store=True,
        translate=True,
        help="The metric, topic or element of value the requirement concerns.",
    )

    _sql_constraints = [
        (
            "importance_range",
            "CHECK(importance >= 1 AND importance <= 5)",
            "The importance must be between 1 and 5.",
        ),
        (
            "aspect_required",
            "CHECK(metric_id IS NOT NULL OR topic_id IS NOT NULL OR value_element_id IS NOT NULL)",
            "A requirement concerns a metric, a topic or an element of value.",
        ),
        (
            "dates_order",
            "CHECK(date_from IS NULL OR date_to IS NULL OR date_from <= date_to)",
            "The requirement's validity must start before it ends.",
        ),
    ]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("importance")
    def _check_importance(self):
        for requirement in self:
            if not req_tools.is_importance(requirement.importance):
                raise ValidationError(
                    self.env._(
                        "The importance must be between 1 and 5, not %s.", requirement.importance
                    )
                )

    @api.constrains("metric_id", "topic_id", "value_element_id")
    def _check_aspect(self):
        for requirement in self:
            if not (requirement.metric_id or requirement.topic_id or requirement.value_element_id):
                raise ValidationError(
                    self.env._(
                        "Say which aspect the requirement concerns: a metric, a topic or an "
                        "element of value."
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for requirement in self:
            if (
                requirement.date_from
                and requirement.date_to
                and requirement.date_from > requirement.date_to
            ):
                raise ValidationError(
                    self.env._(
                        "The requirement's validity must start before it ends "
                        "(%(date_from)s - %(date_to)s).",
                        date_from=requirement.date_from,
                        date_to=requirement.date_to,
                    )
                )

    @api.constrains("scope", "reference", "lead_id")
    def _check_scope(self):
        for requirement in self:
            if requirement.scope == "specification" and not requirement._has_specification():
                raise ValidationError(
                    self.env._(
                        "A requirement of one specification needs the specification's number "
                        "or its opportunity."
                    )
                )

    def _specification_label(self):
        """The specification in words: its number and opportunity (the bridge adds the order)."""
        self.ensure_one()
        return " / ".join(part for part in (self.reference, self.lead_id.sudo().name) if part)

    def _has_specification(self):
        """Whether the specification is named; the Sales bridge adds the sales order."""
        self.ensure_one()
        return bool(self.reference or self.lead_id)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_can_edit(self):
        # the record rules of the user, even when read through sudo (the buttons follow them)
        # (a new record is its author's)
        saved = self.sudo(False)._origin.filtered("id")
        allowed = saved._filtered_access("write")
        for requirement in self:
            requirement.can_edit = (
                not requirement._origin.id or requirement._origin.id in allowed.ids
            )

    @api.depends("contact_id")
    def _compute_role_id(self):
        for requirement in self:
            requirement.role_id = requirement.contact_id.cx_role_id or requirement.role_id

    @api.depends("state")
    def _compute_met_share(self):
        for requirement in self:
            requirement.met_share = req_tools.met_value(requirement.state or "pending")

    @api.depends("importance")
    def _compute_importance_average(self):
        for requirement in self:
            requirement.importance_average = requirement.importance

    @api.depends("partner_id.category_id")
    def _compute_partner_category_ids(self):
        for requirement in self:
            requirement.partner_category_ids = requirement.partner_id.category_id

    @api.depends("metric_id.name", "topic_id.name", "value_element_id.name")
    def _compute_aspect(self):
        # stored (the lists group by it) in every installed language, so that each reader
        # sees it in theirs, not in the language of whoever saved the requirement
        for lang, _name in self.env["res.lang"].get_installed():
            for requirement in self.with_context(lang=lang):
                requirement.aspect = (
                    requirement.metric_id.display_name
                    or requirement.topic_id.display_name
                    or requirement.value_element_id.display_name
                    or False
                )

    @api.depends("active", "date_from", "date_to")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for requirement in self:
            requirement.is_valid = requirement.active and req_tools.is_valid(
                requirement.date_from or None, requirement.date_to or None, today
            )

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on validity."))
        domain = self._valid_domain(fields.Date.context_today(self))
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _valid_domain(self, day):
        return [
            ("active", "=", True),
            "|",
            ("date_from", "=", False),
            ("date_from", "<=", day),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", day),
        ]

    @api.depends("partner_id", "metric_id", "topic_id", "value_element_id")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # the aspect in the reader's language (the stored `aspect` is in the language it was
        # computed in)
        for requirement in self:
            aspect = (
                requirement.metric_id.display_name
                or requirement.topic_id.display_name
                or requirement.value_element_id.display_name
            )
            parts = [requirement.partner_id.name, aspect]
            requirement.display_name = (
                " - ".join(part for part in parts if part)
                or (requirement.name or "").split("\n")[0]
            )

    # ------------------------------------------------------------
    # ONCHANGES
    # ------------------------------------------------------------

    @api.onchange("lead_id")
    def _onchange_lead_id(self):
        if self.lead_id:
            self.scope = "specification"
            if self.lead_id.partner_id and not self.partner_id:
                self.partner_id = self.lead_id.partner_id.commercial_partner_id

    @api.onchange("contact_id")
    def _onchange_contact_id(self):
        if self.contact_id and not self.partner_id:
            self.partner_id = self.contact_id.commercial_partner_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def _check_create_values(self, vals):
        """Refuse bad input with a clear message before the database's checks do."""
        defaults = {
            key[len("default_") :]: value
            for key, value in self.env.context.items()
            if key.startswith("default_")
        }
        vals = {**defaults, **vals}
        if "importance" in vals and not req_tools.is_importance(vals["importance"]):
            raise ValidationError(
                self.env._("The importance must be between 1 and 5, not %s.", vals["importance"])
            )
        if not any(vals.get(name) for name in ("metric_id", "topic_id", "value_element_id")):
            raise ValidationError(
                self.env._(
                    "Say which aspect the requirement concerns: a metric, a topic or an "
                    "element of value."
                )
            )
        date_from, date_to = vals.get("date_from"), vals.get("date_to")
        if date_from and date_to and fields.Date.to_date(date_from) > fields.Date.to_date(date_to):
            raise ValidationError(
                self.env._(
                    "The requirement's validity must start before it ends "
                    "(%(date_from)s - %(date_to)s).",
                    date_from=date_from,
                    date_to=date_to,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            self._check_create_values(vals)
            if vals.get("partner_id"):
                vals["partner_id"] = Partner.browse(vals["partner_id"]).commercial_partner_id.id
        requirements = super().create(vals_list)
        requirements._sync_metric_weights()
        return requirements

    def write(self, vals):
        if vals.get("partner_id"):
            vals["partner_id"] = (
                self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
            )
        result = super().write(vals)
        if {"metric_id", "importance", "partner_id", "active"} & set(vals):
            self._sync_metric_weights()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_met(self):
        self._set_state("met")

    def action_mark_not_met(self):
        self._set_state("not_met")

    def action_reset_pending(self):
        self._set_state("pending")

    def action_plan_action(self):
        """Open a new improvement action for the client, on the requirement's topic."""
        self.ensure_one()
        defaults = {}
        if self.metric_id:
            defaults["metric_id"] = self.metric_id.id
        if self.topic_id:
            defaults["topic_ids"] = [Command.set(self.topic_id.ids)]
        if self.lead_id:
            defaults["lead_id"] = self.lead_id.id
        if self.complaint_id:
            defaults["feedback_ids"] = [Command.set(self.complaint_id.ids)]
        if self.contact_id:
            defaults["contact_id"] = self.contact_id.id
        process = self.topic_id.process_id if self.topic_id else None
        return self.env["cx.action"].action_plan_for_client(
            self.partner_id,
            process=process or None,
            origin="feedback" if self.complaint_id else "manual",
            name=self.env._("Meet: %s", (self.name or "").split("\n")[0][:80]),
            **defaults,
        )

    def action_view_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cx.feedback",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _set_state(self, state):
        """Record the check after delivery; a not met requirement becomes a complaint."""
        if state != "pending":
            wrong = self.filtered(lambda r: r.scope != "specification")
            if wrong and not self.env.context.get("cx_requirement_any_scope"):
                raise UserError(
                    self.env._(
                        "Only a requirement of one specification is checked after its delivery; "
                        "a standing requirement holds for every order."
                    )
                )
        today = fields.Date.context_today(self)
        self.write(
            {
                "state": state,
                "state_date": today if state != "pending" else False,
                "state_user_id": self.env.user.id if state != "pending" else False,
            }
        )
        # the complaint of a requirement that is no longer 'not met' goes away
        stale = self.filtered(lambda r: r.state != "not_met" and r.complaint_id)
        if stale:
            complaints = stale.complaint_id
            stale.complaint_id = False
            complaints.sudo().unlink()
        missing = self.filtered(lambda r: r.state == "not_met" and not r.complaint_id)
        if missing:
            missing._create_complaints(today)

    def _create_complaints(self, day):
        """One complaint feedback per not met requirement, on its topic and element of value."""
        vals_list = [
            {
                "partner_id": (requirement.contact_id or requirement.partner_id).id,
                "role_id": requirement.role_id.id,
                "lead_id": requirement.lead_id.id,
                "reference": requirement.reference,
                "channel": "other",
                "date": day,
                "polarity": "complaint",
                "comment": self.env._("Requirement not met: %s", requirement.name),
                "topic_ids": [Command.set(requirement.topic_id.ids)],
                "value_element_ids": [Command.set(requirement.value_element_id.ids)],
                "requirement_id": requirement.id,
                "company_id": requirement.company_id.id,
                "user_id": self.env.user.id,
            }
            for requirement in self
        ]
        complaints = self.env["cx.feedback"].sudo().create(vals_list)
        for requirement, complaint in zip(self, complaints, strict=True):
            requirement.complaint_id = complaint

    @api.model
    def _weight_mode(self):
        mode = self.env["ir.config_parameter"].sudo().get_param(WEIGHT_MODE_PARAM, "propose")
        return mode if mode in WEIGHT_MODES else "propose"

    def _sync_metric_weights(self):
        """Set or propose (settings) each client's weight of the metric from the importance.

        The last requirement recorded on a client's metric in a company is the reason of that
        company's weight; one search of the existing weights, one create for the missing ones.
        """
        requirements = self.filtered(lambda r: r.metric_id and r.active and r.partner_id)
        if not requirements:
            return
        mode = self._weight_mode()
        Weight = self.env["cx.metric.weight"].sudo()
        existing = {
            (weight.partner_id.id, weight.metric_id.id, weight.company_id.id): weight
            for weight in Weight.search(
                [
                    ("partner_id", "in", requirements.partner_id.ids),
                    ("metric_id", "in", requirements.metric_id.ids),
                    ("company_id", "in", requirements.company_id.ids),
                ]
            )
        }
        latest = {}
        for requirement in requirements.sorted("id"):
            key = (requirement.partner_id.id, requirement.metric_id.id, requirement.company_id.id)
            latest[key] = requirement
        to_create = []
        for (partner_id, metric_id, company_id), requirement in latest.items():
            weight_value = req_tools.importance_to_weight(requirement.importance)
            note = self.env._("Requirement: %s", (requirement.name or "").split("\n")[0][:120])
            weight = existing.get((partner_id, metric_id, company_id))
            if mode == "set":
                vals = {
                    "weight": weight_value,
                    "requirement_id": requirement.id,
                    "note": note,
                    "proposed_weight": False,
                    "proposed_requirement_id": False,
                }
            else:
                vals = {"proposed_weight": weight_value, "proposed_requirement_id": requirement.id}
            if weight:
                weight.write(vals)
            else:
                to_create.append(
                    {
                        "partner_id": partner_id,
                        "metric_id": metric_id,
                        "company_id": company_id,
                        # a proposal leaves the CSI as it was: the metric's default weight
                        "weight": requirement.metric_id.default_weight or 3,
                        **vals,
                    }
                )
        if to_create:
            Weight.create(to_create)

    @api.model
    def _applicable_domain(self, partner, date=None, lead=None, **specification):
        """The domain of the requirements that apply to an order of the client at the date:
        its valid requirements for every order, and those of this specification."""
        day = date or fields.Date.context_today(self)
        spec_domains = [
            [("scope", "=", "all")],
            *self._specification_domains(lead=lead, **specification),
        ]
        return expression.AND(
            [
                [("partner_id", "=", partner.commercial_partner_id.id)],
                self._valid_domain(day),
                expression.OR(spec_domains),
            ]
        )

    @api.model
    def _specification_domains(self, lead=None, **specification):
        """One domain per specification given (the Sales bridge adds the sales order)."""
        domains = []
        if lead:
            domains.append([("scope", "=", "specification"), ("lead_id", "=", lead.id)])
        return domains

    @api.model
    def _applicable(self, partner, lead=None, date=None, **specification):
        """The requirements that apply: the client's standing ones valid at the date and the
        specification's own."""
        if not partner:
            return self.browse()
        return self.search(self._applicable_domain(partner, date=date, lead=lead, **specification))

    @api.model
    def _cron_check_trigger_metrics(self, batch_size=500):
        """Mark not met the pending requirements whose trigger metric fired for the client,
        one batch per call; the cron runner commits and calls again while some are left.

        Set-based: one search of the pending requirements on trigger metrics, one search of
        their clients' values of those metrics, checked in memory. A marked requirement is
        no longer pending, so each call finds what is left in the database and a run ends.
        """
        to_mark = self._cx_fired_requirements()
        batch = to_mark[:batch_size]
        if batch:
            batch.with_context(cx_requirement_any_scope=True)._set_state("not_met")
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(to_mark) - len(batch))

    @api.model
    def _cx_fired_requirements(self):
        """The pending requirements on a trigger metric that fired for the client, in the
        requirement's company, while valid."""
        requirements = self.search([("state", "=", "pending"), ("metric_id.kind", "=", "trigger")])
        if not requirements:
            return requirements
        values = self.env["cx.metric.value"].search(
            [
                ("partner_id", "in", requirements.partner_id.ids),
                ("metric_id", "in", requirements.metric_id.ids),
                ("company_id", "in", requirements.company_id.ids),
            ]
        )
        fired = {}
        for value in values:
            if value.is_triggered:
                key = (value.partner_id.id, value.metric_id.id, value.company_id.id)
                fired.setdefault(key, []).append(value.date)
        return requirements.filtered(
            lambda r: any(
                req_tools.is_valid(r.date_from or None, r.date_to or None, day)
                for day in fired.get((r.partner_id.id, r.metric_id.id, r.company_id.id), [])
            )
        )
