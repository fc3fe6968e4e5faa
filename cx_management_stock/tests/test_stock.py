import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from odoo.addons.cx_management.models.cx_order_fact import FACT_FIELDS
from odoo.addons.cx_management.tests.common import CxCase

D = datetime.date
Q_START, Q_END = D(2026, 4, 1), D(2026, 6, 30)


@tagged("post_install", "-at_install")
class TestStockOrderFacts(CxCase):
    """Order facts from real sales orders, deliveries, backorders and returns, with the dates
    under control, and the shares of every delivery metric computed from them by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fact = cls.env["cx.order.fact"]
        cls.product = cls.env["product.product"].create(
            {"name": "Pipe 530x8", "type": "consu", "is_storable": True}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10000
        )
        # O1: ship complete, expedited, 100 delivered on 20 April, in its April window
        cls.o1 = cls._order("2026-03-01", "2026-04-15", 100, "one", cx_expedited=True)
        cls._deliver(cls.o1, "2026-04-20", 100)
        # O2: 60 on 25 April and the backorder's 20 on 10 May (10 days after the April
        # window); 20 never shipped; 8 of the second delivery returned on 20 May
        cls.o2 = cls._order("2026-03-05", "2026-04-10", 100, "direct", cx_even_delivery=True)
        cls._deliver(cls.o2, "2026-04-25", 60, backorder=True)
        second = cls._deliver(cls.o2, "2026-05-10", 20, backorder=True)
        cls._return(second, "2026-05-20", 8)
        # O3: ship complete, expedited, all 50 on 15 June: 46 days after the April window
        cls.o3 = cls._order("2026-03-10", "2026-04-05", 50, "one", cx_expedited=True)
        cls._deliver(cls.o3, "2026-06-15", 50)
        # O4: ship complete, 150 of 200 on 25 April, before its May window, rest cancelled
        cls.o4 = cls._order("2026-04-01", "2026-05-20", 200, "one")
        cls._deliver(cls.o4, "2026-04-25", 150, backorder=False)
        # O5: confirmed, nothing shipped: counts nowhere
        cls.o5 = cls._order("2026-04-02", "2026-05-20", 10, "direct", cx_expedited=True)
        # the deliveries made their orders' facts; the scheduled action makes O5's
        cls.Fact._cron_cx_sync_sale_orders()

    @classmethod
    def _order(cls, date_order, commitment, qty, policy, **values):
        with freeze_time(f"{date_order} 09:00:00"):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.technical.id,
                    "commitment_date": f"{commitment} 12:00:00",
                    "picking_policy": policy,
                    "order_line": [
                        Command.create({"product_id": cls.product.id, "product_uom_qty": qty})
                    ],
                    **values,
                }
            )
            order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, order, date, qty, backorder=None):
        picking = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel") and p.picking_type_code == "outgoing"
        )
        with freeze_time(f"{date} 10:00:00"):
            picking.action_assign()
            picking.move_ids.quantity = qty
            picking.move_ids.picked = True
            result = picking.button_validate()
            if isinstance(result, dict):
                wizard = Form.from_action(cls.env, result).save()
                if backorder:
                    wizard.process()
                else:
                    wizard.process_cancel_backorder()
        return picking

    @classmethod
    def _return(cls, picking, date, qty):
        with freeze_time(f"{date} 10:00:00"):
            wizard = Form(
                cls.env["stock.return.picking"].with_context(
                    active_ids=picking.ids, active_id=picking.id, active_model="stock.picking"
                )
            ).save()
            wizard.product_return_moves.quantity = qty
            returned = cls.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.quantity = qty
            returned.move_ids.picked = True
            returned.button_validate()
        return returned

    def _fact(self, order):
        return self.Fact.search([("sale_order_id", "=", order.id)])

    def test_facts_from_orders_and_deliveries(self):
        o1, o2, o3, o4 = map(self._fact, (self.o1, self.o2, self.o3, self.o4))
        self.assertEqual(o1.partner_id, self.client)
        self.assertEqual((o1.window_start, o1.window_end), (D(2026, 4, 1), D(2026, 4, 30)))
        self.assertEqual(o1.date_order, D(2026, 3, 1))
        self.assertTrue(o1.ship_complete and o1.expedited)
        self.assertEqual(
            (o1.qty_ordered, o1.qty_shipped, o1.date_shipped), (100, 100, D(2026, 4, 20))
        )
        self.assertEqual(o1.window_status, "in_window")
        # backorder: both deliveries; the return is rejected and not deducted
        self.assertEqual(
            (o2.qty_shipped, o2.date_shipped, o2.qty_rejected), (80, D(2026, 5, 10), 8)
        )
        self.assertFalse(o2.ship_complete)
        self.assertTrue(o2.even_delivery)
        self.assertEqual((o2.window_status, o2.days_late), ("late_1m", 10))
        self.assertEqual((o3.window_status, o3.days_late), ("late_2m", 46))
        self.assertEqual((o4.window_status, o4.qty_shipped), ("early", 150))
        self.assertEqual(o4.origin, "sale")
        o5 = self._fact(self.o5)
        self.assertEqual((o5.window_status, o5.qty_shipped), ("open", 0))

    def test_every_delivery_metric_by_hand(self):
        # shipped in Q2: O1..O4 (4 orders); expedited O1, O3; ship complete O1, O3, O4
        expected = {
            "window_expedited": 1 / 2,  # O3 outside its window
            "window_late_1m": 1 / 4,  # O2
            "window_late_2m": 1 / 4,  # O3
            "window_early": 1 / 4,  # O4
            "window_evenness": 1 / 4,  # O2
            "complete_incomplete": 1 / 3,  # O4: 150 of 200
            "complete_short_shipment": 0.2,  # O2, the only other order: (100 - 80) / 100
            "complete_lead_time": (50 + 66 + 97 + 24) / 4,  # days from order to last shipment
            "rejects_share": 8 / 380,  # 8 returned of 100 + 80 + 50 + 150 shipped
            "rejects_purpose": 0.0,  # no purpose violation from a sales order
            "ctl_short_shipment": 2 / 4,  # O2, O4
            "ctl_irregular_deliveries": 2 / 4,  # O2, O3 late
            "ctl_delivery_period": 3 / 4,  # O2, O3, O4 outside
        }
        Metric = self.env["cx.metric"]
        for code, value in expected.items():
            with self.subTest(metric=code):
                raws = Metric.search([("code", "=", code)])._read_raw_values(Q_START, Q_END)
                self.assertAlmostEqual(raws[self.client.id], value)
                self.assertNotIn(self.other_client.id, raws)  # no orders: no value

    def test_cron_idempotent_and_cancel(self):
        orders = self.env["sale.order"].search_count([])
        self.assertEqual(self.Fact.search_count([("sale_order_id", "!=", False)]), 5)
        self.env.flush_all()
        self.env.cr.execute("SELECT id, write_date FROM cx_order_fact ORDER BY id")
        before = self.env.cr.fetchall()
        self.env.cr.execute("UPDATE sale_order SET cx_fact_todo = TRUE")
        self.Fact._cron_cx_sync_sale_orders(batch_size=2)
        self.env.cr.execute("SELECT count(*) FROM sale_order WHERE cx_fact_todo")
        self.assertEqual(self.env.cr.fetchone()[0], orders - 2)  # one batch of 2 per call
        while True:
            self.env.cr.execute("SELECT count(*) FROM sale_order WHERE cx_fact_todo")
            if not self.env.cr.fetchone()[0]:
                break
            self.Fact._cron_cx_sync_sale_orders(batch_size=2)
        self.env.cr.execute("SELECT id, write_date FROM cx_order_fact ORDER BY id")
        self.assertEqual(self.env.cr.fetchall(), before, "a sync of unchanged orders wrote")
        self.o5._action_cancel()
        self.assertTrue(self.o5.cx_fact_todo)
        self.Fact._cron_cx_sync_sale_orders()
        self.assertFalse(self._fact(self.o5))

    def test_window_setting_days(self):
        settings = self.env["res.config.settings"].create(
            {"cx_order_window_mode": "days", "cx_order_window_days": 3}
        )
        settings.execute()
        self.assertTrue(self.o1.cx_fact_todo)
        self.Fact._cron_cx_sync_sale_orders()
        o1 = self._fact(self.o1)
        # 15 April plus or minus 3 days; shipped on the 20th: 2 days late
        self.assertEqual((o1.window_start, o1.window_end), (D(2026, 4, 12), D(2026, 4, 18)))
        self.assertEqual((o1.window_status, o1.days_late), ("late_1m", 2))

    def test_imported_fact_adopted(self):
        order = self._order("2026-04-03", "2026-05-10", 5, "direct")
        self.Fact._cron_cx_sync_sale_orders()
        fact = self._fact(order)
        fact.sale_order_id = False
        fact.origin = "import"
        order.write({"cx_expedited": True})
        self.Fact._cron_cx_sync_sale_orders()
        self.assertEqual(self._fact(order), fact)
        self.assertEqual((fact.origin, fact.expedited), ("sale", True))

    def test_order_form_shows_the_checkboxes(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.technical
        form.cx_expedited = True
        form.cx_even_delivery = True
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertTrue(order.cx_expedited and order.cx_even_delivery)


@tagged("post_install", "-at_install")
class TestStockDemo(CxCase):
    """The demo's orders of the current period become sales orders with their deliveries and
    returns, and the facts and delivery metrics stay what the ERP's export said."""

    FIELDS = (*FACT_FIELDS, "window_status")

    @freeze_time("2026-11-15 12:00:00")
    def test_demo_orders_delivered_as_imported(self):
        Demo = self.env["cx.demo"]
        self._make_demo_clients(self.client | self.other_client)
        self.assertFalse(Demo._generate_sale_orders(), "no demo order facts yet")
        Demo._generate_metric_values()
        clients = self.client | self.other_client
        Fact = self.env["cx.order.fact"]
        current = [("partner_id", "in", clients.ids), ("date_shipped", ">=", D(2026, 10, 1))]
        imported = {
            fact.reference: tuple(fact[name] for name in self.FIELDS)
            for fact in Fact.search(current)
        }
        rejected_before = sum(
            Fact.search([*current, ("partner_id", "=", self.client.id)]).mapped("qty_rejected")
        )
        csi_before = {client: client.cx_csi for client in clients}
        feedback_before = self.env["cx.feedback"].search_count([])

        self.assertTrue(Demo._generate_sale_orders())
        self.env.invalidate_all()
        facts = Fact.search(current)
        # the worked example's 20 orders and the other client's 10, now Odoo's own
        self.assertEqual(len(facts), 30)
        self.assertEqual(set(facts.mapped("origin")), {"sale"})
        self.assertEqual(
            {fact.reference: tuple(fact[name] for name in self.FIELDS) for fact in facts},
            imported,
        )
        orders = facts.sale_order_id
        self.assertEqual(len(orders), 30)
        self.assertEqual(set(orders.mapped("name")), set(imported))
        # the worked example: the 5 rejected lots came back through done returns
        returns = orders.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )
        rejected = facts.filtered(lambda f: f.partner_id == self.client and f.qty_rejected)
        self.assertEqual(len(rejected), 5)
        self.assertTrue(rejected_before)
        self.assertEqual(
            sum(
                returns.filtered(lambda p: p.partner_id == self.client).move_ids.mapped("quantity")
            ),
            rejected_before,
        )
        # the CSI (3.8, the worked example) and the complaints are what they were
        for client in clients:
            self.assertAlmostEqual(client.cx_csi, csi_before[client], places=6)
        self.assertEqual(round(self.client.cx_csi, 1), 3.8)
        self.assertEqual(self.env["cx.feedback"].search_count([]), feedback_before)
        self.assertFalse(Demo._generate_sale_orders(), "a second call adds nothing")
