import pandas as pd

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.res_partner import grouped_rows
from ..tools import drivers


class CxDriverAnalysis(models.TransientModel):
    """Key drivers of NPS: which stage's or element's score moves with the clients' NPS."""

    _name = "cx.driver.analysis"
    _description = "Key Drivers of NPS"

    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    line_ids = fields.One2many("cx.driver.analysis.line", "analysis_id", string="Drivers")
    client_count = fields.Integer(string="Clients with NPS", readonly=True)
    note = fields.Char(readonly=True)

    def _compute_display_name(self):
        # the breadcrumb's name, instead of "cx.driver.analysis,1"
        for analysis in self:
            analysis.display_name = _("Key Drivers")

    def _feedback_domain(self):
        self.ensure_one()
        domain = []
        if self.date_from:
            domain.append(("date", ">=", self.date_from))
        if self.date_to:
            domain.append(("date", "<=", self.date_to))
        return domain

    def action_compute(self):
        """Recompute the ranking for the period and show it."""
        self.ensure_one()
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(_("The start of the period must be before its end."))
        rows, client_count = self._compute_drivers(self._feedback_domain())
        self.line_ids = [(5, 0, 0)] + [
            (
                0,
                0,
                {
                    "sequence": index,
                    "name": row["name"],
                    "kind": row["kind"],
                    "correlation": row["correlation"] or 0.0,
                    "has_correlation": row["correlation"] is not None,
                    "sample": row["sample"],
                    "trusted": row["trusted"],
                },
            )
            for index, row in enumerate(rows)
        ]
        self.client_count = client_count
        self.note = (
            _("No client has both NPS answers and scores in this period.")
            if not rows or not client_count
            else _(
                "Correlations over fewer than %s clients are too small to trust.",
                drivers.MIN_TRUSTED_SAMPLE,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _compute_drivers(self, feedback_domain):
        """([{name, kind, correlation, sample, trusted}], clients with NPS) for the domain."""
        nps_by_client = self.env["res.partner"]._cx_nps_by_client(feedback_domain)
        nps_by_client = {key: value for key, value in nps_by_client.items() if value is not None}
        columns, names = {}, {}
        scored = list(feedback_domain) + [("csi_score", ">=", 1)]
        for kind, model, field in (
            ("stage", self.env["cx.feedback"], "stage_id"),
            ("element", self.env["cx.value.report"], "value_element_id"),
        ):
            table = SQL.identifier(model._table)
            rows = grouped_rows(
                model,
                scored + [(field, "!=", False)],
                SQL(
                    "%s.commercial_partner_id, %s.%s, AVG(%s.csi_score)",
                    table,
                    table,
                    SQL.identifier(field),
                    table,
                ),
                SQL("%s.commercial_partner_id, %s.%s", table, table, SQL.identifier(field)),
            )
            comodel = model._fields[field].comodel_name
            records = self.env[comodel].browse({row[1] for row in rows})
            labels = {record.id: record.name for record in records}
            for client_id, record_id, csi in rows:
                key = f"{kind}:{record_id}"
                names[key] = (labels[record_id], kind)
                columns.setdefault(key, {})[client_id] = float(csi)
        if not nps_by_client or not columns:
            return [], len(nps_by_client)
        frame = pd.DataFrame(columns, dtype="float64")
        frame["nps"] = pd.Series(nps_by_client, dtype="float64")
        rows = drivers.key_drivers(frame)
        for row in rows:
            row["name"], row["kind"] = names[row["driver"]]
        return rows, len(nps_by_client)


class CxDriverAnalysisLine(models.TransientModel):
    _name = "cx.driver.analysis.line"
    _description = "Key Driver of NPS"
    _order = "sequence, id"

    analysis_id = fields.Many2one("cx.driver.analysis", required=True, ondelete="cascade")
    sequence = fields.Integer()
    name = fields.Char(string="Driver", readonly=True)
    kind = fields.Selection(
        [("stage", "Journey stage"), ("element", "Element of value")], readonly=True
    )
    correlation = fields.Float(digits=(16, 2), readonly=True)
    has_correlation = fields.Boolean(readonly=True)
    sample = fields.Integer(string="Clients", readonly=True)
    trusted = fields.Boolean(
        string="Enough Clients",
        readonly=True,
        help="Unticked: too few clients for the correlation to be trusted.",
    )
