import datetime

from odoo import api, fields, models
from odoo.fields import Command

from odoo.addons.cx_management.demo import demo_data
from odoo.addons.cx_management.models.cx_order_fact import PARAM_COMPLAINT_KINDS
from odoo.addons.cx_management.tools import csi

MODULE = "cx_management_stock"
RETURN_AFTER_DAYS = 5  # a rejected order comes back this many days after its last shipment


class CxDemo(models.AbstractModel):
    _inherit = "cx.demo"

    # ------------------------------------------------------------
    # SALES ORDERS AND DELIVERIES
    # ------------------------------------------------------------
    # With Inventory, the demo clients' orders of the current CSI period become real sales
    # orders, delivered and returned as the ERP export said: the order facts are then the
    # bridge's, and the period's delivery metrics are computed from Odoo's own deliveries.

    @api.model
    def _generate_sale_orders(self):
        """A sales order per imported demo order fact shipped in the current CSI period, with
        its delivery (short ones without backorder) and return, dated as the fact; the fact is
        adopted by the order. Does nothing without such facts or a second time."""
        env = self.env
        Fact = env["cx.order.fact"]
        Snapshot = env["cx.csi.snapshot"]
        period = Snapshot._csi_settings()[2]
        start, _end = csi.period_bounds(fields.Date.context_today(self), period)
        facts = Fact.search(
            [
                ("origin", "=", "import"),
                ("date_shipped", ">=", start),
                ("partner_id", "in", self._demo_clients()[0].ids),
                ("company_id", "=", env.company.id),
            ],
            order="date_order, id",
        )
        if not facts or env.ref(f"{MODULE}.product_pipe_demo", False):
            return False
        product = self._demo_pipe()
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, sum(facts.mapped("qty_shipped")) + 1000
        )
        params = env["ir.config_parameter"].sudo()
        kinds = {param: params.get_param(param) for param in PARAM_COMPLAINT_KINDS.values()}
        # the deliveries are validated today and dated after: no complaint of the wrong day
        for param in kinds:
            params.set_param(param, "0")
        quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        # what the ERP said, read before the deliveries make the facts the bridge's
        shipments = facts.read(["date_order", "date_shipped", "qty_shipped", "qty_rejected"])
        orders = (
            env["sale.order"]
            .with_context(**quiet)
            .create([self._demo_order_vals(fact, product) for fact in facts])
        )
        orders.action_confirm()
        for shipment, order in zip(shipments, orders, strict=True):
            order.date_order = datetime.datetime.combine(shipment["date_order"], datetime.time(9))
            self._demo_deliver(order, shipment)
        for param, value in kinds.items():
            params.set_param(param, value or "1")
        facts = Fact._cx_sync_sale_orders(orders.ids)
        Snapshot._compute_csi(partner_ids=facts.partner_id.ids)
        facts._cx_raise_complaints(limit=None)
        return True

    def _demo_pipe(self):
        """The demo product, sold by the tonne, named in the demo's language too."""
        ton = self.env.ref("uom.product_uom_ton").id
        product = (
            self.env["product.product"]
            .with_context(lang="en_US")
            .create(
                {
                    "name": "Electric-welded pipe 530x8",
                    "type": "consu",
                    "is_storable": True,
                    "uom_id": ton,
                    "uom_po_id": ton,
                    "list_price": demo_data.PRICE_PER_TONNE,
                }
            )
        )
        lang = self._demo_lang()
        if lang:
            product.with_context(lang=lang).name = self.with_context(lang=lang).env._(
                "Electric-welded pipe 530x8"
            )
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{MODULE}.product_pipe_demo", "record": product, "noupdate": True}]
        )
        return product.with_env(self.env)

    def _demo_order_vals(self, fact, product):
        # the commitment date in the middle of the window's month: the bridge's window is it
        commitment = fact.window_start.replace(day=15) if fact.window_start else fact.date_order
        return {
            "name": fact.reference,
            "partner_id": fact.partner_id.id,
            "user_id": fact.partner_id.user_id.id or self.env.uid,
            "commitment_date": datetime.datetime.combine(commitment, datetime.time(12)),
            "picking_policy": "one" if fact.ship_complete else "direct",
            "cx_expedited": fact.expedited,
            "cx_even_delivery": fact.even_delivery,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": fact.qty_ordered})
            ],
        }

    def _demo_deliver(self, order, shipment):
        """Deliver what the ERP's fact shipped (no backorder for the rest), then take back what
        it rejected, each dated as the fact says."""
        picking = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        if not shipment["date_shipped"] or not picking:
            return
        picking.action_assign()
        picking.move_ids.quantity = shipment["qty_shipped"]
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=True)._action_done()
        shipped = datetime.datetime.combine(shipment["date_shipped"], datetime.time(10))
        picking.date_done = shipped
        if shipment["qty_rejected"]:
            self._demo_return(picking, shipment["qty_rejected"], shipped)

    def _demo_return(self, picking, qty, shipped):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                active_ids=picking.ids, active_id=picking.id, active_model="stock.picking"
            )
            .create({"picking_id": picking.id})
        )
        wizard.product_return_moves.quantity = qty
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.quantity = qty
        returned.move_ids.picked = True
        returned._action_done()
        returned.date_done = shipped + datetime.timedelta(days=RETURN_AFTER_DAYS)
