from odoo import api, fields, models


class SaleOrder(models.Model):
    """The client requirements that apply to the order, shown before it is formed."""

    _inherit = "sale.order"

    cx_requirement_ids = fields.Many2many(
        "cx.requirement",
        string="Client Requirements",
        compute="_compute_cx_requirement_ids",
        groups="cx_management.cx_management_group_user",
        help="The client's requirements valid at the order date for every order, and this "
        "order's own.",
    )
    cx_requirement_count = fields.Integer(
        string="Requirements",
        compute="_compute_cx_requirement_ids",
        groups="cx_management.cx_management_group_user",
    )
    cx_own_requirement_ids = fields.One2many(
        "cx.requirement",
        "sale_order_id",
        string="Requirements of this Order",
        groups="cx_management.cx_management_group_user",
    )

    @api.depends("partner_id", "date_order", "cx_own_requirement_ids")
    def _compute_cx_requirement_ids(self):
        """One search for all the orders, split per order in memory."""
        Requirement = self.env["cx.requirement"]
        orders = self.filtered("partner_id")
        (self - orders).update({"cx_requirement_ids": False, "cx_requirement_count": 0})
        if not orders:
            return
        order_ids = [order.id for order in orders if isinstance(order.id, int)]
        found = Requirement.search(
            [
                ("active", "=", True),
                ("partner_id", "in", orders.partner_id.commercial_partner_id.ids),
                "|",
                ("scope", "=", "all"),
                ("sale_order_id", "in", order_ids),
            ]
        )
        today = fields.Date.context_today(self)
        for order in orders:
            client = order.partner_id.commercial_partner_id
            day = order.date_order.date() if order.date_order else today
            applicable = found.filtered(
                lambda r, c=client, o=order, d=day: (
                    r.partner_id == c
                    and (r.scope == "all" or r.sale_order_id.id == o.id)
                    and (not r.date_from or r.date_from <= d)
                    and (not r.date_to or d <= r.date_to)
                )
            )
            order.cx_requirement_ids = applicable
            order.cx_requirement_count = len(applicable)

    def action_view_cx_requirements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_requirement_action"
        )
        action["domain"] = [("id", "in", self.cx_requirement_ids.ids)]
        action["context"] = {
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_sale_order_id": self.id,
            "default_scope": "specification",
            "default_reference": self.client_order_ref or self.name,
        }
        return action
