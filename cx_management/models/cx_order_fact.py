import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date, formatLang

from ..tools import orders
from ..tools.settings import int_setting

ORIGINS = [("manual", "Manual"), ("import", "Import")]

WINDOW_STATUSES = [
    ("open", "Not shipped"),
    ("no_window", "No window"),
    ("early", "Early"),
    ("in_window", "In the window"),
    ("late_1m", "Late by up to a month"),
    ("late_2m", "Late by more than a month"),
]

# the fields a fact is compared on when a file is imported again: the key and what it carries
FACT_FIELDS = (
    "date_order",
    "window_start",
    "window_end",
    "expedited",
    "ship_complete",
    "even_delivery",
    "qty_ordered",
    "qty_shipped",
    "date_shipped",
    "qty_rejected",
    "purpose_violation",
)


PARAM_COMPLAINT_KINDS = {
    "late": "cx_management.operation_complaint_late",
    "short": "cx_management.operation_complaint_short",
    "rejected": "cx_management.operation_complaint_rejected",
}
PARAM_GRACE_DAYS = "cx_management.operation_grace_days"
DEFAULT_GRACE_DAYS = 3
COMPLAINT_BATCH = 500
COMPLAINT_LOOKBACK_DAYS = 90  # older shipments raise none: installing must not flood the Pareto


class CxOrderFact(models.Model):
    """One client order as the transactional metrics see it (METHODOLOGY sections 10-11)."""

    _name = "cx.order.fact"
    _description = "Order Fact"
    _order = "date_order desc, id desc"
    _rec_name = "reference"
    _check_company_auto = True
    _sql_constraints = [
        (
            "partner_reference_company_unique",
            "UNIQUE(partner_id, reference, company_id)",
            "A client's order number is unique in a company.",
        ),
    ]

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
        help="The client company; a contact person is replaced by their company.",
    )
    reference = fields.Char(
        string="Order", required=True, help="The order number, unique per client and company."
    )
    date_order = fields.Date(string="Order Date", required=True, index=True)
    window_start = fields.Date(help="First day of the agreed delivery window.")
    window_end = fields.Date(help="Last day of the agreed delivery window.")
    expedited = fields.Boolean(help="An order of the expedited service class.")
    ship_complete = fields.Boolean(help="The client wants the order shipped complete.")
    even_delivery = fields.Boolean(help="The client requires even deliveries over the period.")
    qty_ordered = fields.Float(string="Ordered", digits="Product Unit of Measure")
    qty_shipped = fields.Float(
        string="Shipped",
        digits="Product Unit of Measure",
        help="What the outgoing deliveries shipped; returns are not deducted.",
    )
    date_shipped = fields.Date(
        string="Shipped On", index=True, help="The date of the last shipment of the order."
    )
    qty_rejected = fields.Float(
        string="Rejected",
        digits="Product Unit of Measure",
        help="Product the client rejected through claims or returns.",
    )
    purpose_violation = fields.Boolean(
        help="The product was used against its purpose (a reject not caused by the supplier)."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    origin = fields.Selection(
        ORIGINS, required=True, default="manual", help="Where the fact came from."
    )
    window_status = fields.Selection(
        WINDOW_STATUSES,
        compute="_compute_window_status",
        store=True,
        string="Delivery Window",
    )
    days_late = fields.Float(
        compute="_compute_window_status",
        store=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days the last shipment came after the window's end (0 when it was not late).",
    )
    is_short = fields.Boolean(
        compute="_compute_window_status",
        store=True,
        string="Short",
        help="Shipped less than ordered.",
    )

    # COMPLAINTS FROM OPERATIONS
    feedback_ids = fields.One2many("cx.feedback", "order_fact_id", string="Complaints")
    feedback_count = fields.Integer(compute="_compute_feedback_count", string="Complaints Count")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(
        "window_start", "window_end", "qty_ordered", "qty_shipped", "qty_rejected", "date_shipped"
    )
    def _check_fact(self):
        """Every problem of every fact, in one message."""
        problems = []
        for fact in self:
            for problem in fact._fact_problems():
                problems.append(
                    _(
                        "%(order)s of %(client)s: %(problem)s",
                        order=fact.reference,
                        client=fact.partner_id.display_name,
                        problem=problem,
                    )
                )
        if problems:
            raise ValidationError("\n".join(problems))

    def _fact_problems(self):
        self.ensure_one()
        problems = []
        if self.window_start and self.window_end and self.window_end < self.window_start:
            problems.append(
                _(
                    "the delivery window ends (%(end)s) before it starts (%(start)s).",
                    end=self.window_end,
                    start=self.window_start,
                )
            )
        for name in ("qty_ordered", "qty_shipped", "qty_rejected"):
            if self[name] < 0:
                problems.append(
                    _(
                        "the quantity %(field)s is negative (%(qty)s).",
                        field=self._fields[name].get_description(self.env)["string"],
                        qty=self[name],
                    )
                )
        if self.date_shipped and self.date_order and self.date_shipped < self.date_order:
            problems.append(
                _(
                    "it was shipped (%(shipped)s) before it was ordered (%(ordered)s).",
                    shipped=self.date_shipped,
                    ordered=self.date_order,
                )
            )
        return problems

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("window_start", "window_end", "date_shipped", "qty_ordered", "qty_shipped")
    def _compute_window_status(self):
        for fact in self:
            fact.window_status = orders.window_status(
                fact.date_shipped, fact.window_start, fact.window_end
            )
            fact.days_late = orders.days_late(fact.date_shipped, fact.window_end)
            fact.is_short = bool(fact.date_shipped) and fact.qty_shipped < fact.qty_ordered

    def _compute_feedback_count(self):
        counts = dict(
            self.env["cx.feedback"]._read_group(
                [("order_fact_id", "in", self.ids)], ["order_fact_id"], ["__count"]
            )
        )
        for fact in self:
            fact.feedback_count = counts.get(fact, 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        importing = bool(self.env.context.get("import_file"))
        for vals in vals_list:
            self._normalise_vals(vals)
            if importing:
                vals.setdefault("origin", "import")
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._normalise_vals(vals)
        return super().write(vals)

    def _normalise_vals(self, vals):
        """File a fact under its client company."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id

    # ------------------------------------------------------------
    # IMPORT
    # ------------------------------------------------------------

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import Template for Order Facts"),
                "template": "/cx_management/static/xls/cx_order_fact.xlsx",
            }
        ]

    def load(self, fields, data):
        """Odoo's import, all rows or none, each error with the spreadsheet's line."""
        return self.env["base_import.import"]._cx_all_or_nothing(super().load(fields, data))

    def _load_records_create(self, vals_list):
        """An imported row of a fact that exists (same client, order and company) updates it.

        Importing the same file again changes nothing; next month's file updates the facts.
        """
        keys = []
        for vals in vals_list:
            self._normalise_vals(vals)
            keys.append(
                (
                    vals.get("partner_id"),
                    (vals.get("reference") or "").strip(),
                    vals.get("company_id") or self.env.company.id,
                )
            )
        existing = {
            (fact.partner_id.id, fact.reference, fact.company_id.id): fact
            for fact in self.search(
                [
                    ("partner_id", "in", list({key[0] for key in keys if key[0]})),
                    ("reference", "in", list({key[1] for key in keys})),
                ]
            )
        }
        to_create = []
        records = []
        for vals, key in zip(vals_list, keys, strict=True):
            fact = existing.get(key)
            if not fact:
                vals["reference"] = key[1]
                to_create.append(vals)
                records.append(None)
                continue
            changed = {
                name: value
                for name, value in vals.items()
                if name in FACT_FIELDS
                and fact._fields[name].convert_to_write(fact[name], fact)
                != fact._fields[name].convert_to_write(
                    fact._fields[name].convert_to_cache(value, fact), fact
                )
            }
            if changed:
                fact.write(changed)
            records.append(fact)
        created = iter(super()._load_records_create(to_create) if to_create else [])
        return self.browse([(record or next(created)).id for record in records])

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def _action_facts(self, domain, name):
        """The list of facts of a domain (a drill-down)."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "cx.order.fact",
            "view_mode": "list,form",
            "domain": domain,
            "context": {"create": False},
        }

    # ------------------------------------------------------------
    # COMPLAINTS FROM OPERATIONS
    # ------------------------------------------------------------
    # A fact late beyond the grace period, short after its window, or with rejected product
    # raises one complaint feedback per kind (channel "operation"), so that the Pareto, the
    # alerts and the problem processes see what the client lived through.

    @api.model
    def _cx_complaint_settings(self):
        """({kind: switched on}, grace days)."""
        params = self.env["ir.config_parameter"].sudo()
        kinds = {
            kind: params.get_param(param, "1") not in ("0", "False", "")
            for kind, param in PARAM_COMPLAINT_KINDS.items()
        }
        return kinds, max(0, int_setting(params.get_param(PARAM_GRACE_DAYS), DEFAULT_GRACE_DAYS))

    @api.model
    def _cron_cx_raise_complaints(self, batch_size=COMPLAINT_BATCH):
        """One batch of the complaints due (several workers take different facts)."""
        done = len(self._cx_raise_complaints(limit=batch_size))
        remaining = len(self._cx_complaints_due(limit=None, lock=False))
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _cx_complaints_due(self, limit=COMPLAINT_BATCH, lock=True):
        """[(fact id, kind)] of the complaints not raised yet, of these facts or of all."""
        kinds, grace = self._cx_complaint_settings()
        active = [kind for kind, on in kinds.items() if on]
        if not active:
            return []
        self.flush_model()
        self.env["cx.feedback"].flush_model(["order_fact_id", "operation_kind"])
        today = fields.Date.context_today(self)
        query = SQL(
            """
            SELECT f.id, k.kind
              FROM cx_order_fact f
             CROSS JOIN unnest(%(kinds)s::varchar[]) AS k(kind)
             WHERE f.date_shipped >= %(since)s
               AND (%(ids)s::int[] IS NULL OR f.id = ANY(%(ids)s::int[]))
               AND ((k.kind = 'late' AND f.days_late > %(grace)s)
                 OR (k.kind = 'short' AND f.is_short
                     AND (f.window_end IS NULL OR f.window_end + %(grace)s < %(today)s))
                 OR (k.kind = 'rejected' AND f.qty_rejected > 0))
               AND NOT EXISTS (SELECT 1 FROM cx_feedback fb
                                WHERE fb.order_fact_id = f.id AND fb.operation_kind = k.kind)
             ORDER BY f.id, k.kind
            """,
            kinds=active,
            since=today - datetime.timedelta(days=COMPLAINT_LOOKBACK_DAYS),
            ids=self.ids or None,
            grace=grace,
            today=today,
        )
        if limit:
            query = SQL("%s LIMIT %s", query, limit)
        if lock:
            query = SQL("%s FOR UPDATE OF f SKIP LOCKED", query)
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    def _cx_raise_complaints(self, limit=COMPLAINT_BATCH):
        """The complaints due of these facts (or of all), created in one batch."""
        due = self._cx_complaints_due(limit=limit)
        if not due:
            return self.env["cx.feedback"]
        facts = self.browse({fact_id for fact_id, _kind in due})
        facts.fetch(["partner_id", "reference", "company_id", "date_shipped", "window_end"])
        ref = self.env.ref
        processes = {
            "late": ref("cx_management.cx_process_delivery"),
            "short": ref("cx_management.cx_process_delivery"),
            "rejected": ref("cx_management.cx_process_claims"),
        }
        topics = {
            "late": ref("cx_management.cx_topic_discipline"),
            "short": ref("cx_management.cx_topic_quality_short_shipment"),
            "rejected": ref("cx_management.cx_topic_quality_defects"),
        }
        vals_list = []
        for fact_id, kind in due:
            fact = self.browse(fact_id)
            vals_list.append(
                {
                    "partner_id": fact.partner_id.id,
                    "company_id": fact.company_id.id,
                    "channel": "operation",
                    "date": fact.date_shipped,
                    "user_id": fact.partner_id.user_id.id or self.env.uid,
                    "process_id": processes[kind].id,
                    "stage_id": processes[kind].stage_id.id,
                    "topic_ids": [fields.Command.set(topics[kind].ids)],
                    "polarity": "complaint",
                    "order_fact_id": fact.id,
                    "operation_kind": kind,
                    "comment": fact.with_context(lang=fact.partner_id.lang)._cx_complaint_text(
                        kind
                    ),
                }
            )
        return self.env["cx.feedback"].sudo().create(vals_list)

    def _cx_complaint_text(self, kind):
        """The complaint's comment, with dates and quantities as the reader writes them."""
        self.ensure_one()

        def qty(value):
            return formatLang(self.env, value, digits=0 if value == round(value) else 2)

        def day(value):
            return format_date(self.env, value)

        if kind == "late":
            return self.env._(
                "Order %(order)s was shipped on %(date)s, %(days)s days after its delivery "
                "window ended (%(end)s).",
                order=self.reference,
                date=day(self.date_shipped),
                days=int(self.days_late),  # whole days: a difference of dates
                end=day(self.window_end),
            )
        if kind == "short":
            return self.env._(
                "Order %(order)s was shipped short: %(shipped)s of %(ordered)s.",
                order=self.reference,
                shipped=qty(self.qty_shipped),
                ordered=qty(self.qty_ordered),
            )
        return self.env._(
            "The client rejected %(rejected)s of order %(order)s (%(shipped)s shipped).",
            rejected=qty(self.qty_rejected),
            order=self.reference,
            shipped=qty(self.qty_shipped),
        )

    def action_view_feedback(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Complaints of %s", self.reference),
            "res_model": "cx.feedback",
            "view_mode": "list,form",
            "domain": [("order_fact_id", "=", self.id)],
            "context": {"create": False},
        }
