from odoo import fields, models


class CxMetricBlock(models.Model):
    """A group of metrics scored together; the CSI is the mean of the block scores."""

    _name = "cx.metric.block"
    _description = "Metric Block"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    stage_id = fields.Many2one("cx.journey.stage", string="Journey Stage", index=True)
    metric_ids = fields.One2many("cx.metric", "block_id", string="Metrics")
    metric_count = fields.Integer(compute="_compute_metric_count")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    def _compute_metric_count(self):
        counts = dict(
            self.env["cx.metric"]._read_group(
                [("block_id", "in", self.ids)], ["block_id"], ["__count"]
            )
        )
        for block in self:
            block.metric_count = counts.get(block, 0)
