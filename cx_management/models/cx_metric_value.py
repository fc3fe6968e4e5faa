from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import csi

ORIGINS = [("manual", "Manual"), ("import", "Import"), ("computed", "Computed")]


class CxMetricValue(models.Model):
    """One metric of one client for one period and company: the raw figure, X, the weight used
    and the score.

    A client shared by several companies (no company on the client) has a value per company:
    each is computed from, or entered for, that company's operations only.
    """

    _name = "cx.metric.value"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Metric Value"
    _order = "date desc, partner_id, block_id, metric_id"
    _check_company_auto = True
    _sql_constraints = [
        (
            "partner_metric_date_unique",
            "UNIQUE(partner_id, metric_id, date, company_id)",
            "A client has one value per metric, period and company.",
        ),
    ]

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The client company; a contact person is replaced by their company.",
    )
    metric_id = fields.Many2one("cx.metric", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
        help="The supplier company whose operations the value measures; its CSI counts it.",
    )
    block_id = fields.Many2one(related="metric_id.block_id", store=True, string="Block")
    kind = fields.Selection(related="metric_id.kind")
    layer = fields.Selection(related="metric_id.layer")
    unit = fields.Char(related="metric_id.unit")
    date = fields.Date(
        required=True,
        index=True,
        default=lambda self: self._default_date(),
        help="The last day of the period (quarter or month, see the settings) the value is for.",
    )
    raw_value = fields.Float(
        required=True, aggregator=None, help="The figure in the metric's unit."
    )
    value = fields.Float(
        string="X",
        compute="_compute_value",
        store=True,
        aggregator="avg",
        help="The raw value normalised between the metric's minimum and maximum: "
        "0 is best, 1 worst.",
    )
    weight = fields.Integer(
        string="W",
        compute="_compute_weight",
        store=True,
        readonly=False,
        precompute=True,
        aggregator="avg",
        help="The weight used for this value; kept as it was when the value was computed.",
    )
    score = fields.Float(
        compute="_compute_score",
        store=True,
        aggregator="avg",
        help="1 - X * W; below zero when an important metric is bad.",
    )
    origin = fields.Selection(ORIGINS, required=True, default="manual")
    block_score = fields.Float(compute="_compute_snapshot_fields")
    is_top_detractor = fields.Boolean(compute="_compute_snapshot_fields", string="Top Detractor")
    is_triggered = fields.Boolean(compute="_compute_is_triggered", string="Triggered")

    # ORDER FACTS
    metric_source = fields.Selection(related="metric_id.source", string="Metric Source")

    # TRIGGER METRICS
    trigger_done = fields.Boolean(
        string="Trigger Answered",
        readonly=True,
        copy=False,
        help="An activity or a draft action was created for this triggered value.",
    )
    trigger_action_id = fields.Many2one(
        "cx.action",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("raw_value", "metric_id", "weight")
    def _check_value(self):
        for record in self:
            metric = record.metric_id
            if not csi.is_share(record.value):
                raise ValidationError(
                    _(
                        "The value %(raw)s of %(metric)s for %(client)s is outside the metric's "
                        "range %(min)s - %(max)s: X would be %(x)s, not between 0 and 1.",
                        raw=record.raw_value,
                        metric=metric.name,
                        client=record.partner_id.display_name,
                        min=metric.value_min,
                        max=metric.value_max,
                        x=round(record.value, 4),
                    )
                )
            if not csi.WEIGHT_MIN <= record.weight <= csi.WEIGHT_MAX:
                raise ValidationError(
                    _(
                        "The weight of %(metric)s for %(client)s must be between 1 and 5, "
                        "not %(weight)s.",
                        metric=metric.name,
                        client=record.partner_id.display_name,
                        weight=record.weight,
                    )
                )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("raw_value", "metric_id")
    def _compute_value(self):
        """X follows the metric's range at the time the raw value is set."""
        for record in self:
            metric = record.metric_id
            if not metric or metric.value_min >= metric.value_max:
                record.value = 0.0
                continue
            record.value = csi.normalise(
                record.raw_value, metric.value_min, metric.value_max, metric.higher_is_better
            )

    @api.depends("partner_id", "metric_id", "company_id")
    def _compute_weight(self):
        """The client's weight for the metric in the value's company, else the default."""
        keys = {
            (r.partner_id.commercial_partner_id.id, r.metric_id.id, r.company_id.id)
            for r in self
            if r.partner_id and r.metric_id
        }
        weights = self._current_weights(keys) if keys else {}
        for record in self:
            key = (
                record.partner_id.commercial_partner_id.id,
                record.metric_id.id,
                record.company_id.id,
            )
            record.weight = weights.get(key, record.weight or 0)

    @api.depends("value", "weight")
    def _compute_score(self):
        for record in self:
            record.score = 1.0 - record.value * record.weight

    def _compute_snapshot_fields(self):
        """Block score and top detractor from the snapshot of the same client, period and
        company."""
        snapshots = self.env["cx.csi.snapshot"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("date", "in", list(set(self.mapped("date")))),
            ]
        )
        by_key = {(s.partner_id.id, s.company_id.id, s.date): s for s in snapshots}
        for record in self:
            snapshot = by_key.get((record.partner_id.id, record.company_id.id, record.date))
            line = (
                snapshot.line_ids.filtered(lambda line, r=record: line.block_id == r.block_id)[:1]
                if snapshot
                else None
            )
            record.block_score = line.score if line else 0.0
            record.is_top_detractor = bool(snapshot and snapshot.top_metric_id == record.metric_id)

    @api.depends("value", "metric_id.kind", "metric_id.threshold")
    def _compute_is_triggered(self):
        for record in self:
            metric = record.metric_id
            record.is_triggered = metric.kind == "trigger" and record.value >= metric.threshold

    @api.depends("partner_id", "metric_id", "date")
    def _compute_display_name(self):
        for record in self:
            record.display_name = " - ".join(
                part
                for part in (
                    record.partner_id.name,
                    record.metric_id.code,
                    record.date and fields.Date.to_string(record.date),
                )
                if part
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        origin = "import" if self.env.context.get("import_file") else None
        if any("weight" in vals for vals in vals_list):
            self._check_weight_rights()
        for vals in vals_list:
            self._normalise_vals(vals, period)
            if origin and "origin" not in vals:
                vals["origin"] = origin
        self.env["cx.metric.weight"]._prepare_companies(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "weight" in vals:
            self._check_weight_rights()
        self.env["cx.metric.weight"]._check_company_rights([vals])
        vals = dict(vals)
        if "raw_value" in vals and "origin" not in vals:
            # a figure corrected by hand is no longer the computed one: keep it
            vals["origin"] = "import" if self.env.context.get("import_file") else "manual"
        self._normalise_vals(vals, self.env["cx.csi.snapshot"]._csi_settings()[2])
        return super().write(vals)

    def _check_weight_rights(self):
        """The weight W of a value is the client's weight of the metric: set by CX managers
        (through the client weights) and the computation, never by a salesperson on a value."""
        if not (
            self.env.su or self.env.user.has_group("cx_management.cx_management_group_manager")
        ):
            raise AccessError(_("Only a CX manager may change the weight W of a metric value."))

    def load(self, fields, data):
        """Standard import, all or nothing, with the spreadsheet's line in every error message."""
        return self.env["base_import.import"]._cx_all_or_nothing(super().load(fields, data))

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _default_date(self):
        """The last day of the current period."""
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        return csi.period_end(fields.Date.context_today(self), period)

    def _normalise_vals(self, vals, period):
        """File a value under its client company and its period's last day."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        if vals.get("date"):
            vals["date"] = csi.period_end(fields.Date.to_date(vals["date"]), period)

    @api.model
    def _current_weights(self, keys):
        """{(client id, metric id, company id): the weight that company's client gave the
        metric, or the metric's default} for the keys."""
        partner_ids = {key[0] for key in keys}
        metric_ids = {key[1] for key in keys}
        company_ids = {key[2] for key in keys}
        own = {
            (w.partner_id.id, w.metric_id.id, w.company_id.id): w.weight
            for w in self.env["cx.metric.weight"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", list(partner_ids)),
                    ("metric_id", "in", list(metric_ids)),
                    ("company_id", "in", list(company_ids)),
                ]
            )
        }
        defaults = {
            m.id: m.default_weight
            for m in self.env["cx.metric"].sudo().with_context(active_test=False).browse(metric_ids)
        }
        return {key: own.get(key, defaults.get(key[1], 3)) for key in keys}

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_plan_cx_action(self):
        """Plan an improvement action for this client on this metric (a CSI breakdown row)."""
        self.ensure_one()
        return self.env["cx.action"].action_plan_for_client(
            self.partner_id,
            self.metric_id.process_id,
            origin="metric",
            name=self.env["cx.action"]._cx_title_for_metric(self.metric_id, self.partner_id),
            metric_id=self.metric_id.id,
        )

    # ------------------------------------------------------------
    # TRIGGER METRICS
    # ------------------------------------------------------------
    # A triggered value gets one answer: an activity or a draft action for the process owner.

    @api.model
    def _cx_respond_to_triggers(self, keys, period):
        """Answer the triggered values of these (client id, period end) keys, once each.

        Only the current and the previous period are answered: history loaded later is not news.
        """
        if not keys:
            return self.browse()
        today = fields.Date.context_today(self)
        current_start = csi.period_bounds(today, period)[0]
        since = csi.period_bounds(current_start - timedelta(days=1), period)[0]
        self.flush_model(["partner_id", "date", "value", "metric_id", "trigger_done"])
        self.env["cx.metric"].flush_model(["kind", "threshold", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT v.id
                  FROM unnest(%s::int[], %s::date[]) AS k(partner_id, date)
                  JOIN cx_metric_value v ON v.partner_id = k.partner_id AND v.date = k.date
                  JOIN cx_metric m ON m.id = v.metric_id
                 WHERE m.active AND m.kind = 'trigger' AND v.value >= m.threshold
                   AND v.trigger_done IS NOT TRUE AND v.date >= %s
                 ORDER BY v.id
                """,
                [partner for partner, _date in keys],
                [date for _partner, date in keys],
                since,
            )
        )
        values = self.browse([row[0] for row in self.env.cr.fetchall()]).sudo()
        if not values:
            return values
        fallback = {
            company: self.env["cx.feedback"]._cx_alert_manager(company)
            for company in values.company_id
        }
        by_action = values.filtered(lambda v: v.metric_id.trigger_response == "action")
        by_activity = values - by_action

        if by_activity:
            self.env["mail.activity"].sudo()._cx_schedule_activities(
                [
                    {
                        "res_model": "res.partner",
                        "res_id": value.partner_id.id,
                        "activity_type": "mail.mail_activity_data_todo",
                        "user": value.metric_id.process_id.user_id or fallback[value.company_id],
                        "date_deadline": today,
                        "summary": lambda env, v=value: env._(
                            "Trigger metric: %s", v.metric_id.name
                        ),
                        "note": value._cx_trigger_note,
                    }
                    for value in by_activity
                ]
            )

        actions = self.env["cx.action"]
        if by_action:
            actions = (
                self.env["cx.action"]
                .sudo()
                .create(
                    [
                        {
                            "name": self.env["cx.action"]._cx_title_for_metric(
                                value.metric_id, value.partner_id
                            ),
                            "partner_id": value.partner_id.id,
                            "process_id": value.metric_id.process_id.id,
                            "metric_id": value.metric_id.id,
                            "origin": "metric",
                            "user_id": (
                                value.metric_id.process_id.user_id or fallback[value.company_id]
                            ).id,
                            "company_id": value.company_id.id,
                            "description": value._cx_trigger_note(self.env),
                        }
                        for value in by_action
                    ]
                )
            )
        # SQL, not write(): write_date marks a period stale for the CSI computation
        self.env.cr.execute(
            SQL(
                """
                UPDATE cx_metric_value v
                   SET trigger_done = TRUE, trigger_action_id = t.action_id
                  FROM unnest(%s::int[], %s::int[]) AS t(value_id, action_id)
                 WHERE v.id = t.value_id
                """,
                by_activity.ids + by_action.ids,
                [None] * len(by_activity) + actions.ids,
            )
        )
        values.invalidate_recordset(["trigger_done", "trigger_action_id"])
        return values

    def _cx_trigger_note(self, env):
        self.ensure_one()
        return Markup("<p>%s</p>") % env._(
            "%(metric)s of %(client)s for the period ending %(date)s: X = %(value)s, "
            "at or above the threshold %(threshold)s.",
            metric=self.metric_id.name,
            client=self.partner_id.display_name,
            date=fields.Date.to_string(self.date),
            value=round(self.value, 3),
            threshold=self.metric_id.threshold,
        )

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    def action_view_order_facts(self):
        """The orders behind the value: those of the client shipped in the value's period that
        made it bad (the late ones, the short ones...)."""
        self.ensure_one()
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        date_from, date_to = csi.period_bounds(self.date, period)
        metric = self.metric_id.with_company(self.company_id)
        return metric._fact_drill_action(self.partner_id, date_from, date_to)
