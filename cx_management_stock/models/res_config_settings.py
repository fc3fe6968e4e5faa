from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    cx_order_window_mode = fields.Selection(
        related="company_id.cx_order_window_mode", readonly=False
    )
    cx_order_window_days = fields.Integer(related="company_id.cx_order_window_days", readonly=False)
