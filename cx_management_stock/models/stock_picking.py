from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    def _action_done(self):
        """A validated delivery or return: the facts of its orders now, and the complaints
        they raise (a late delivery, a return)."""
        result = super()._action_done()
        orders = self.sale_id.filtered(lambda order: order.state == "sale")
        if orders:
            facts = self.env["cx.order.fact"].sudo()._cx_sync_sale_orders(orders.ids)
            facts._cx_raise_complaints()
        return result
