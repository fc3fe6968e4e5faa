from odoo import api, fields, models


class CxRequirement(models.Model):
    """A requirement of one specification can name its sales order."""

    _inherit = "cx.requirement"

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        ondelete="set null",
        domain="[('partner_id.commercial_partner_id', '=', partner_id)]",
        help="The sales order of the specification the requirement is for.",
    )

    def _has_specification(self):
        return super()._has_specification() or bool(self.sale_order_id)

    def _specification_label(self):
        label = super()._specification_label()
        if self.sale_order_id:
            return " / ".join(part for part in (label, self.sale_order_id.sudo().name) if part)
        return label

    @api.model
    def _specification_domains(self, lead=None, sale_order=None, **specification):
        domains = super()._specification_domains(lead=lead, **specification)
        if sale_order:
            domains.append([("scope", "=", "specification"), ("sale_order_id", "=", sale_order.id)])
        return domains

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if order:
            self.scope = "specification"
            if not self.partner_id:
                self.partner_id = order.partner_id.commercial_partner_id
            if not self.lead_id and "opportunity_id" in order._fields:
                self.lead_id = order.opportunity_id
            if not self.reference:
                self.reference = order.client_order_ref or order.name
