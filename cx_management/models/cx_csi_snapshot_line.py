from odoo import fields, models


class CxCsiSnapshotLine(models.Model):
    """The score of one metric block in one client's CSI snapshot."""

    _name = "cx.csi.snapshot.line"
    _description = "CSI Snapshot Block Score"
    _order = "snapshot_id, id"

    snapshot_id = fields.Many2one("cx.csi.snapshot", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="snapshot_id.partner_id", string="Client")
    company_id = fields.Many2one(
        related="snapshot_id.company_id", store=True, index=True, string="Company"
    )
    date = fields.Date(related="snapshot_id.date")
    block_id = fields.Many2one("cx.metric.block", required=True, ondelete="cascade")
    score = fields.Float(aggregator="avg", help="Mean of the block's metric scores.")
    metric_count = fields.Integer(string="Metrics", help="Metrics with a value in the block.")
