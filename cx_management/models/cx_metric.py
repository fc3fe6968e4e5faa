import ast
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..tools import csi, orders

_logger = logging.getLogger(__name__)

KINDS = [("computed", "Computed"), ("trigger", "Trigger")]

LAYERS = [
    ("tx", "Transactional experience (TX)"),
    ("cx", "Customer experience (CX)"),
    ("ox", "Operational experience (OX)"),
    ("ex", "Employee experience (EX)"),
]

SOURCES = [
    ("manual", "Manual entry or import"),
    ("ratio", "Ratio over records"),
    ("average", "Average over records"),
    ("feedback_complaint", "Share of complaints in feedback"),
    ("feedback_csi", "Average CSI score of feedback"),
    # ORDER FACTS
    ("order_fact", "Operations: order facts and claims"),
]

# ORDER FACTS: the measures of the transactional metrics (tools/orders.py), by metric code
FACT_MEASURES = [
    ("window_expedited", "Expedited orders shipped outside the window"),
    ("window_late_1m", "Shipped 1 to 31 days after the window"),
    ("window_late_2m", "Shipped more than 31 days after the window"),
    ("window_late", "Shipped after the window"),
    ("window_early", "Shipped before the window"),
    ("window_outside", "Shipped outside the window"),
    ("window_evenness", "Orders with an evenness requirement"),
    ("complete_incomplete", "Ship-complete orders shipped incomplete"),
    ("complete_short_shipment", "Average short shipment of the other orders"),
    ("short_orders", "Orders shipped short"),
    ("complete_lead_time", "Average lead time in days"),
    ("rejects_share", "Rejected quantity over shipped quantity"),
    ("rejects_purpose", "Orders with a purpose violation"),
    ("claims", "Claims (claim-channel feedback)"),
]
FACT_SOURCES = ("order_fact",)

NUMERIC_TYPES = ("integer", "float", "monetary")

# Models that are never a metric source: technical, security and message data, whose records
# say nothing about a client's experience and would turn a metric into an oracle on them.
DENIED_SOURCE_PREFIXES = (
    "ir.",
    "mail.",
    "bus.",
    "auth",
    "base",
    "res.users",
    "res.groups",
    "res.config",
    "res.device",
    "iap.",
    "sms.",
    "snailmail.",
    "digest.",
    "discuss.",
    "web_",
    "report.",
    "privacy.",
    "portal.",
    "change.password",
    "fetchmail.",
    "payment.provider",
    "account.online",
)
DENIED_SOURCE_SUFFIXES = (".log",)


def is_denied_source(model_name):
    """Whether a model may never be read by a metric source."""
    return model_name.startswith(DENIED_SOURCE_PREFIXES) or model_name.endswith(
        DENIED_SOURCE_SUFFIXES
    )


class SourceError(Exception):
    """The metric's source cannot be read; the message says why, translated."""


TRIGGER_RESPONSES = [("activity", "Activity"), ("action", "Draft improvement action")]


class CxMetric(models.Model):
    """A number that detects client dissatisfaction early, read per client and period."""

    _name = "cx.metric"
    _description = "Metric"
    _order = "block_id, sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True, help="Unique short name, used in imports.")
    sequence = fields.Integer(default=10)
    block_id = fields.Many2one(
        "cx.metric.block",
        index=True,
        help="Metrics without a block are watched but do not count in the CSI.",
    )
    kind = fields.Selection(KINDS, required=True, default="computed")
    layer = fields.Selection(LAYERS, required=True, default="tx")
    process_id = fields.Many2one("cx.process", index=True)
    stage_id = fields.Many2one(related="process_id.stage_id", string="Journey Stage", store=True)
    default_weight = fields.Integer(
        required=True,
        default=3,
        aggregator=None,
        help="Importance from 1 to 5 for clients without their own weight for this metric.",
    )
    unit = fields.Char(translate=True, help="Unit of the raw value: share, days, claims...")
    value_min = fields.Float(
        string="Minimum", default=0.0, help="Raw value that gives X = 0 (or 1 if higher is better)."
    )
    value_max = fields.Float(
        string="Maximum", default=1.0, help="Raw value that gives X = 1 (or 0 if higher is better)."
    )
    higher_is_better = fields.Boolean(
        help="Then X = 1 - the normalised value: a high raw value means a satisfied client."
    )
    threshold = fields.Float(
        aggregator=None, help="For trigger metrics: X at or above which the metric fires."
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    # ---- source ----
    source = fields.Selection(SOURCES, required=True, default="manual")
    source_model = fields.Char(
        string="Model",
        help="Technical name of the model whose records are counted or averaged, e.g. crm.lead.",
    )
    source_domain = fields.Char(
        string="Base Domain",
        default="[]",
        help="Records that count for the metric (archived records included unless excluded).",
    )
    numerator_domain = fields.Char(
        default="[]", help="For ratios: the part of the base records that is bad."
    )
    source_field = fields.Char(string="Numeric Field", help="For averages: the field averaged.")
    partner_field = fields.Char(
        string="Client Field",
        default="partner_id",
        help="The many2one to contacts that leads to the client; its company is the client.",
    )
    date_field = fields.Char(help="The date or datetime that places a record in a period.")
    topic_ids = fields.Many2many(
        "cx.topic",
        string="Complaint Topics",
        help="Complaints on these topics or their sub-topics; all complaints if empty.",
    )
    feedback_stage_id = fields.Many2one(
        "cx.journey.stage",
        help="The CSI scores given on this journey stage; all stages if empty.",
    )
    source_error = fields.Char(
        readonly=True, copy=False, help="Why the last computation skipped this metric."
    )
    date_computed = fields.Datetime(string="Last Computed", readonly=True, copy=False)
    value_ids = fields.One2many("cx.metric.value", "metric_id", string="Values")
    weight_ids = fields.One2many("cx.metric.weight", "metric_id", string="Client Weights")

    # TRIGGER METRICS
    trigger_response = fields.Selection(
        TRIGGER_RESPONSES,
        string="When Triggered",
        default="activity",
        help="For trigger metrics: a to-do activity on the client, or a draft improvement "
        "action, for the owner of the metric's process, once per client and period.",
    )

    # ORDER FACTS
    fact_measure = fields.Selection(
        FACT_MEASURES,
        string="Measure",
        help="For order facts: what is measured on the client's orders shipped in the period.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("code")
    def _check_code(self):
        for metric in self:
            code = (metric.code or "").strip()
            if not code:
                raise ValidationError(_("A metric needs a code."))
            pattern = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            duplicate = self.with_context(active_test=False).search_count(
                [("id", "!=", metric.id), ("code", "=ilike", pattern)], limit=1
            )
            if duplicate:
                raise ValidationError(_("Another metric already has the code %(code)s.", code=code))

    @api.constrains("default_weight")
    def _check_default_weight(self):
        for metric in self:
            if not csi.WEIGHT_MIN <= metric.default_weight <= csi.WEIGHT_MAX:
                raise ValidationError(
                    _(
                        "The default weight of %(metric)s must be between 1 and 5, not %(weight)s.",
                        metric=metric.name,
                        weight=metric.default_weight,
                    )
                )

    @api.constrains("value_min", "value_max")
    def _check_value_range(self):
        for metric in self:
            if metric.value_min >= metric.value_max:
                raise ValidationError(
                    _(
                        "The minimum (%(min)s) of %(metric)s must be below its maximum (%(max)s).",
                        metric=metric.name,
                        min=metric.value_min,
                        max=metric.value_max,
                    )
                )

    @api.constrains(
        "source",
        "source_model",
        "source_domain",
        "numerator_domain",
        "source_field",
        "partner_field",
        "date_field",
    )
    def _check_source(self):
        """Refuse on save a source that cannot be read now."""
        for metric in self:
            try:
                spec = metric._source_spec()
            except SourceError as error:
                raise ValidationError(
                    _(
                        "The source of %(metric)s is broken: %(error)s",
                        metric=metric.name,
                        error=error,
                    )
                ) from None
            if spec and not self.env.su:
                metric._check_source_rights(spec)

    def _check_source_rights(self, spec):
        """Who defines a source must be allowed to read its model and fields."""
        model_name, _base, _numerator, value_field, partner_field, date_field = spec
        Model = self.env[model_name]
        try:
            Model.check_access("read")
        except AccessError:
            raise ValidationError(
                _(
                    "You may not base %(metric)s on %(model)s: you are not allowed to read it.",
                    metric=self.name,
                    model=model_name,
                )
            ) from None
        for name in filter(None, (value_field, partner_field, date_field)):
            if not Model._fields[name].is_accessible(self.env):
                raise ValidationError(
                    _(
                        "You may not base %(metric)s on the field %(field)s of %(model)s: "
                        "you are not allowed to read it.",
                        metric=self.name,
                        field=name,
                        model=model_name,
                    )
                )

    # ------------------------------------------------------------
    # ONCHANGES
    # ------------------------------------------------------------

    @api.onchange("source")
    def _onchange_source(self):
        if self.source == "feedback_csi":
            self.value_min, self.value_max, self.higher_is_better = 1.0, 5.0, True
            self.unit = _("points")
        elif self.source in ("ratio", "feedback_complaint"):
            self.value_min, self.value_max, self.higher_is_better = 0.0, 1.0, False

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _parse_domain(self, text, label):
        try:
            domain = ast.literal_eval((text or "[]").strip() or "[]")
        except (ValueError, SyntaxError):
            raise SourceError(
                _("the %(label)s is not a valid domain: %(text)s", label=label, text=text)
            ) from None
        if not isinstance(domain, (list, tuple)):
            raise SourceError(
                _("the %(label)s is not a valid domain: %(text)s", label=label, text=text)
            )
        return list(domain)

    def _source_model(self, model_name):
        """The model a source reads, if it may be one; raises SourceError otherwise."""
        if not model_name:
            raise SourceError(_("no model is set."))
        if model_name not in self.env:
            raise SourceError(_("the model %s is not installed.", model_name))
        Model = self.env[model_name]
        if is_denied_source(model_name) or Model._transient:
            raise SourceError(_("the model %s cannot be a metric source.", model_name))
        if Model._abstract or not Model._auto:
            raise SourceError(_("the model %s has no records of its own.", model_name))
        return Model

    def _source_spec(self):
        """What to read: model, base and numerator domains, numeric, client and date fields.

        Raises SourceError with a translated reason when the source cannot be read in this
        database (model not installed, field gone, invalid domain).
        """
        self.ensure_one()
        if self.source == "manual":
            return None
        if self.source in FACT_SOURCES:
            return self._fact_source_spec()
        if self.source == "feedback_complaint":
            numerator = [("polarity", "=", "complaint")]
            if self.topic_ids:
                numerator.append(("topic_ids", "child_of", self.topic_ids.ids))
            return ("cx.feedback", [], numerator, None, "commercial_partner_id", "date")
        if self.source == "feedback_csi":
            base = [("csi_score", "!=", False)]
            if self.feedback_stage_id:
                base.append(("stage_id", "=", self.feedback_stage_id.id))
            return ("cx.feedback", base, None, "csi_score", "commercial_partner_id", "date")
        model_name = (self.source_model or "").strip()
        Model = self._source_model(model_name)
        partner_field = Model._fields.get(self.partner_field or "")
        if not (
            partner_field
            and partner_field.type == "many2one"
            and partner_field.comodel_name == "res.partner"
            and partner_field.store
        ):
            raise SourceError(
                _(
                    "the model %(model)s has no stored field %(field)s leading to a contact.",
                    model=model_name,
                    field=self.partner_field or "-",
                )
            )
        date_field = Model._fields.get(self.date_field or "")
        if not (date_field and date_field.type in ("date", "datetime") and date_field.store):
            raise SourceError(
                _(
                    "the model %(model)s has no stored date field %(field)s.",
                    model=model_name,
                    field=self.date_field or "-",
                )
            )
        value_field = None
        if self.source == "average":
            field = Model._fields.get(self.source_field or "")
            if not (field and field.type in NUMERIC_TYPES and field.store):
                raise SourceError(
                    _(
                        "the model %(model)s has no stored numeric field %(field)s.",
                        model=model_name,
                        field=self.source_field or "-",
                    )
                )
            value_field = field.name
        base = self._parse_domain(self.source_domain, _("base domain"))
        numerator = None
        if self.source == "ratio":
            numerator = self._parse_domain(self.numerator_domain, _("numerator domain"))
        Model = Model.sudo().with_context(active_test=False)
        for domain in (base, numerator or []):
            try:
                Model._where_calc(domain)
            except Exception as error:  # noqa: BLE001 - any parse failure means a broken domain
                raise SourceError(
                    _("the domain %(domain)s is invalid: %(error)s", domain=domain, error=error)
                ) from None
        return (model_name, base, numerator, value_field, partner_field.name, date_field.name)

    def _read_raw_values(self, date_from, date_to, partner_ids=None):
        """Raw values of this metric per client for one period and the current company (the
        records that company may see), in grouped queries.

        :return: {client id: raw value}; a client without records in the period has no value.
        """
        self.ensure_one()
        if self.source in FACT_SOURCES:
            return self._read_fact_raw_values(date_from, date_to, partner_ids)
        model_name, base, numerator, value_field, partner_field, date_field = self._source_spec()
        Model = self.env[model_name].sudo().with_context(active_test=False)
        period = [
            (date_field, ">=", fields.Date.to_string(date_from)),
            (date_field, "<", fields.Date.to_string(date_to + datetime.timedelta(days=1))),
            (partner_field, "!=", False),
        ]
        if partner_ids is not None:
            period.append((f"{partner_field}.commercial_partner_id", "in", list(partner_ids)))
        domain = base + period + self._company_scope(model_name, partner_field)

        def by_client(groups):
            """Sum the aggregates of contacts into their companies."""
            totals = {}
            partners = self.env["res.partner"].sudo().browse([g[0].id for g in groups])
            partners.fetch(["commercial_partner_id"])
            for partner, *aggregates in groups:
                client = partner.commercial_partner_id.id
                current = totals.setdefault(client, [0.0] * len(aggregates))
                for i, aggregate in enumerate(aggregates):
                    current[i] += aggregate or 0.0
            return totals

        if numerator is not None:
            bases = by_client(Model._read_group(domain, [partner_field], ["__count"]))
            bads = by_client(Model._read_group(numerator + domain, [partner_field], ["__count"]))
            return {
                client: bads.get(client, [0.0])[0] / count[0]
                for client, count in bases.items()
                if count[0]
            }
        totals = by_client(
            Model._read_group(
                domain, [partner_field], [f"{value_field}:sum", f"{value_field}:count"]
            )
        )
        return {client: total / count for client, (total, count) in totals.items() if count}

    def _company_scope(self, model_name, partner_field):
        """Records the current company's value of a client may count: those of its clients
        (their own or shared by all companies) that this company may see.

        The source is read as superuser (the computation serves every client at once), so the
        multi-company rules of the source model are applied here, evaluated for the current
        company alone (the caller reads the source ``with_company`` of each company in turn).
        A client shared by all companies so gets one value per company, each from that
        company's records only.
        """
        company = self.env.company
        client_company = f"{partner_field}.commercial_partner_id.company_id"
        return expression.AND(
            [
                ["|", (client_company, "=", False), (client_company, "=", company.id)],
                self._company_rules(model_name, company),
            ]
        )

    @api.model
    def _company_rules(self, model_name, company):
        """The domain of the model's global record rules, for a user of this company only."""
        Rule = self.env["ir.rule"].sudo().with_context(allowed_company_ids=company.ids)
        rules = Rule.search(
            [("model_id.model", "=", model_name), ("global", "=", True), ("perm_read", "=", True)]
        )
        context = Rule._eval_context()
        domains = [safe_eval(rule.domain_force, context) for rule in rules if rule.domain_force]
        return expression.AND(domains) if domains else []

    def _to_share(self, raw_value):
        """X of a raw value of this metric, clipped: computed values never refuse a row."""
        self.ensure_one()
        return csi.clip_share(
            csi.normalise(raw_value, self.value_min, self.value_max, self.higher_is_better)
        )

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------
    # The transactional metrics of METHODOLOGY sections 10-11 read from cx.order.fact (and the
    # claims from the claim-channel feedback), for all clients of a period in one query. The
    # sums are per (client, company of the fact); _read_fact_raw_values keeps those of the
    # metric's env company, one raw value per client.

    def _fact_source_spec(self):
        self.ensure_one()
        if self.fact_measure == "claims":
            return ("cx.feedback", [("channel", "=", "claim")], None, None, "partner_id", "date")
        if self.fact_measure not in orders.MEASURES:
            raise SourceError(_("no measure of the order facts is set."))
        return ("cx.order.fact", [], None, None, "partner_id", "date_shipped")

    @api.model
    def _fact_sql(self, measure):
        """(numerator, denominator) of a measure per fact, as SQL on the alias f: the same sums
        as tools/orders.contribution."""
        late = "GREATEST(0, COALESCE(f.date_shipped - f.window_end, 0))"
        early = "(f.window_start IS NOT NULL AND f.date_shipped < f.window_start)"
        outside = f"({early} OR {late} > 0)"
        one = "1.0"
        short = "GREATEST(0.0, (f.qty_ordered - f.qty_shipped) / f.qty_ordered)"
        expressions = {
            "window_expedited": (
                f"CASE WHEN f.expedited AND {outside} THEN 1.0 ELSE 0 END",
                "CASE WHEN f.expedited THEN 1.0 ELSE 0 END",
            ),
            "window_late_1m": (
                f"CASE WHEN {late} BETWEEN 1 AND {orders.LATE_1M_DAYS} THEN 1.0 ELSE 0 END",
                one,
            ),
            "window_late_2m": (
                f"CASE WHEN {late} > {orders.LATE_1M_DAYS} THEN 1.0 ELSE 0 END",
                one,
            ),
            "window_late": (f"CASE WHEN {late} > 0 THEN 1.0 ELSE 0 END", one),
            "window_early": (f"CASE WHEN {early} THEN 1.0 ELSE 0 END", one),
            "window_outside": (f"CASE WHEN {outside} THEN 1.0 ELSE 0 END", one),
            "window_evenness": ("CASE WHEN f.even_delivery THEN 1.0 ELSE 0 END", one),
            "complete_incomplete": (
                "CASE WHEN f.ship_complete AND COALESCE(f.qty_shipped, 0) "
                "< COALESCE(f.qty_ordered, 0) THEN 1.0 ELSE 0 END",
                "CASE WHEN f.ship_complete THEN 1.0 ELSE 0 END",
            ),
            "complete_short_shipment": (
                f"CASE WHEN NOT COALESCE(f.ship_complete, FALSE) AND f.qty_ordered > 0 "
                f"THEN {short} ELSE 0 END",
                "CASE WHEN NOT COALESCE(f.ship_complete, FALSE) AND f.qty_ordered > 0 "
                "THEN 1.0 ELSE 0 END",
            ),
            "short_orders": (
                "CASE WHEN COALESCE(f.qty_shipped, 0) < COALESCE(f.qty_ordered, 0) "
                "THEN 1.0 ELSE 0 END",
                one,
            ),
            "complete_lead_time": ("(f.date_shipped - f.date_order)::float8", one),
            "rejects_share": ("COALESCE(f.qty_rejected, 0)", "COALESCE(f.qty_shipped, 0)"),
            "rejects_purpose": ("CASE WHEN f.purpose_violation THEN 1.0 ELSE 0 END", one),
        }
        numerator, denominator = expressions[measure]
        return SQL(numerator), SQL(denominator)  # constant text of this method, no user input

    def _read_fact_sums(self, date_from, date_to, partner_ids=None):
        """{(client id, company id): (numerator, denominator)} of the period, in one query."""
        self.ensure_one()
        self._source_spec()  # raises SourceError when the measure is missing
        self.env["cx.order.fact"].flush_model()
        self.env["cx.feedback"].flush_model()
        scope = list(partner_ids) if partner_ids is not None else None
        if self.fact_measure == "claims":
            # the claims of the period; a client served in the period without claims has 0
            query = SQL(
                """
                SELECT c.client, c.company, SUM(c.claims), 1.0
                  FROM (SELECT fb.commercial_partner_id AS client, fb.company_id AS company,
                               COUNT(*)::float8 AS claims
                          FROM cx_feedback fb
                         WHERE fb.channel = 'claim' AND fb.date BETWEEN %(start)s AND %(end)s
                           AND fb.commercial_partner_id IS NOT NULL
                         GROUP BY 1, 2
                        UNION ALL
                        SELECT DISTINCT f.partner_id, f.company_id, 0.0
                          FROM cx_order_fact f
                         WHERE f.date_shipped BETWEEN %(start)s AND %(end)s) c
                 WHERE %(scope)s::int[] IS NULL OR c.client = ANY(%(scope)s::int[])
                 GROUP BY 1, 2
                """,
                start=date_from,
                end=date_to,
                scope=scope,
            )
        else:
            numerator, denominator = self._fact_sql(self.fact_measure)
            query = SQL(
                """
                SELECT f.partner_id, f.company_id, SUM(%(numerator)s), SUM(%(denominator)s)
                  FROM cx_order_fact f
                 WHERE f.date_shipped BETWEEN %(start)s AND %(end)s
                   AND (%(scope)s::int[] IS NULL OR f.partner_id = ANY(%(scope)s::int[]))
                 GROUP BY 1, 2
                """,
                numerator=numerator,
                denominator=denominator,
                start=date_from,
                end=date_to,
                scope=scope,
            )
        self.env.cr.execute(query)
        return {
            (client, company): (num, den) for client, company, num, den in self.env.cr.fetchall()
        }

    def _read_fact_raw_values(self, date_from, date_to, partner_ids=None):
        """{client id: raw value}: the facts of the metric's env company only (the CSI
        computation reads each company in turn), so that a client shared by two companies
        gets each company's value from its own orders; no value where nothing counted."""
        company = self.env.company.id
        sums = self._read_fact_sums(date_from, date_to, partner_ids)
        values = {
            client: orders.ratio(num or 0.0, den or 0.0)
            for (client, fact_company), (num, den) in sums.items()
            if fact_company == company
        }
        return {client: value for client, value in values.items() if value is not None}

    def _fact_drill_action(self, partner, date_from, date_to):
        """The orders (or claims) behind this metric's value of a client for a period: the
        ones that made it bad (the late ones, the short ones...)."""
        self.ensure_one()
        period = [("date_shipped", ">=", date_from), ("date_shipped", "<=", date_to)]
        name = _("%(metric)s: %(client)s", metric=self.name, client=partner.display_name)
        if self.fact_measure == "claims":
            return {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": "cx.feedback",
                "view_mode": "list,form",
                "domain": [
                    ("commercial_partner_id", "=", partner.id),
                    ("channel", "=", "claim"),
                    ("company_id", "=", self.env.company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                "context": {"create": False},
            }
        outside = ("window_status", "in", ("early", "late_1m", "late_2m"))
        bad = {
            "window_expedited": [("expedited", "=", True), outside],
            "window_late_1m": [("window_status", "=", "late_1m")],
            "window_late_2m": [("window_status", "=", "late_2m")],
            "window_late": [("window_status", "in", ("late_1m", "late_2m"))],
            "window_early": [("window_status", "=", "early")],
            "window_outside": [outside],
            "window_evenness": [("even_delivery", "=", True)],
            "complete_incomplete": [("ship_complete", "=", True), ("is_short", "=", True)],
            "complete_short_shipment": [("ship_complete", "=", False), ("is_short", "=", True)],
            "short_orders": [("is_short", "=", True)],
            "complete_lead_time": [],
            "rejects_share": [("qty_rejected", ">", 0)],
            "rejects_purpose": [("purpose_violation", "=", True)],
        }.get(self.fact_measure, [])
        return self.env["cx.order.fact"]._action_facts(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", self.env.company.id),
                *period,
                *bad,
            ],
            name,
        )

    @api.model
    def _cx_default_fact_sources(self):
        """Existing databases (whose metrics are noupdate): the shipped transactional metrics
        that are still manual read the order facts, once (a metric set back to manual after
        that keeps its manual source)."""
        for code, measure in SHIPPED_FACT_METRICS.items():
            metric = self.with_context(active_test=False).search(
                [("code", "=", code), ("source", "=", "manual"), ("fact_measure", "=", False)]
            )
            if not metric:
                continue
            vals = {"fact_measure": measure}
            if not metric.value_ids.filtered(lambda v: v.origin != "computed"):
                vals["source"] = "order_fact"
            metric.write(vals)


# ORDER FACTS: the shipped metrics and their measures
SHIPPED_FACT_METRICS = {
    "window_expedited": "window_expedited",
    "window_late_1m": "window_late_1m",
    "window_late_2m": "window_late_2m",
    "window_early": "window_early",
    "window_evenness": "window_evenness",
    "complete_incomplete": "complete_incomplete",
    "complete_short_shipment": "complete_short_shipment",
    "complete_lead_time": "complete_lead_time",
    "rejects_share": "rejects_share",
    "rejects_purpose": "rejects_purpose",
    "ctl_short_shipment": "short_orders",
    "ctl_irregular_deliveries": "window_late",
    "ctl_delivery_period": "window_outside",
    "claims_new_items": "claims",
}
