from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import csi


class CxMetricWeight(models.Model):
    """How much one metric matters to one client (1-5), from the interviews."""

    _name = "cx.metric.weight"
    _description = "Client Metric Weight"
    _order = "partner_id, metric_id"
    _rec_name = "metric_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    metric_id = fields.Many2one("cx.metric", string="Metric", required=True, ondelete="cascade")
    block_id = fields.Many2one(related="metric_id.block_id", store=True, string="Block")
    default_weight = fields.Integer(related="metric_id.default_weight")
    weight = fields.Integer(required=True, default=3, help="1 (hardly matters) to 5 (critical).")
    note = fields.Char(help="Why this client weighs the metric so, e.g. from which interview.")

    _sql_constraints = [
        (
            "partner_metric_unique",
            "UNIQUE(partner_id, metric_id)",
            "A client has one weight per metric.",
        ),
    ]

    @api.constrains("weight")
    def _check_weight(self):
        for record in self:
            if not csi.WEIGHT_MIN <= record.weight <= csi.WEIGHT_MAX:
                raise ValidationError(
                    _(
                        "The weight of %(metric)s for %(client)s must be between 1 and 5, "
                        "not %(weight)s.",
                        metric=record.metric_id.name,
                        client=record.partner_id.display_name,
                        weight=record.weight,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)
