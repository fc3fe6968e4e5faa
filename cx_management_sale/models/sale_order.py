from odoo import fields, models


class SaleOrder(models.Model):
    """The client requirements that apply to the order, shown before it is formed; validity is
    checked at the order date."""

    _name = "sale.order"
    _inherit = ["sale.order", "cx.requirement.mixin"]
    _cx_requirement_field = "sale_order_id"
    _cx_requirement_depends = ("partner_id", "date_order", "cx_own_requirement_ids")

    cx_own_requirement_ids = fields.One2many(
        "cx.requirement",
        "sale_order_id",
        string="Requirements of this Order",
        groups="cx_management.cx_management_group_user",
    )

    def _cx_requirement_date(self):
        return self.date_order.date() if self.date_order else super()._cx_requirement_date()

    def _cx_requirement_defaults(self):
        return {
            **super()._cx_requirement_defaults(),
            "default_reference": self.client_order_ref or self.name,
        }
