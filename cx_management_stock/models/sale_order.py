from odoo import api, fields, models

# the fields of an order that its fact reads
FACT_FIELDS = {
    "state",
    "partner_id",
    "name",
    "company_id",
    "date_order",
    "commitment_date",
    "picking_policy",
    "cx_expedited",
    "cx_even_delivery",
    "order_line",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    cx_expedited = fields.Boolean(
        string="Expedited Service",
        copy=False,
        help="An order of the expedited service class: the delivery metrics watch it apart.",
    )
    cx_even_delivery = fields.Boolean(
        string="Even Deliveries",
        help="The client requires the deliveries spread evenly over the period.",
    )
    cx_fact_todo = fields.Boolean(
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The order's fact is to be refreshed by the scheduled action.",
    )
    cx_order_fact_ids = fields.One2many(
        "cx.order.fact", "sale_order_id", string="Order Fact", readonly=True
    )

    def write(self, vals):
        result = super().write(vals)
        if FACT_FIELDS.intersection(vals) and "cx_fact_todo" not in vals:
            self._cx_queue_fact()
        return result

    def action_confirm(self):
        result = super().action_confirm()
        self._cx_queue_fact()
        return result

    def _cx_queue_fact(self):
        confirmed = self.filtered(lambda order: order.state == "sale" or order.cx_order_fact_ids)
        if confirmed:
            self.env.cr.execute(
                "UPDATE sale_order SET cx_fact_todo = TRUE WHERE id = ANY(%s)", [confirmed.ids]
            )
            confirmed.invalidate_recordset(["cx_fact_todo"])


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._cx_queue_fact()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if {"product_uom_qty", "product_uom", "product_id"}.intersection(vals):
            self.order_id._cx_queue_fact()
        return result
