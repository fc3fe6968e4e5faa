from odoo import fields, models


class CxCsiQueue(models.Model):
    """Clients whose Recompute came while a scheduled CSI computation ran: the queue's
    scheduled action (cx_management.ir_cron_cx_compute_csi_queue) computes them once it ends
    (see CxCsiSnapshot._cx_recompute). Written and read by the computation only."""

    _name = "cx.csi.queue"
    _description = "CSI Recomputation Queue"
    _order = "id"

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, ondelete="cascade", index=True
    )
