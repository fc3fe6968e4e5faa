import json

from odoo import api, fields, models
from odoo.tools import SQL

SYNC_BATCH = 2000


class CxOrderFact(models.Model):
    _inherit = "cx.order.fact"

    # ------------------------------------------------------------
    # SALES AND INVENTORY
    # ------------------------------------------------------------
    # One fact per confirmed sales order, from the order and its done deliveries and returns,
    # written in one SQL statement per batch of orders.

    origin = fields.Selection(
        selection_add=[("sale", "Sales order")], ondelete={"sale": "set default"}
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )

    _sql_constraints = [
        ("sale_order_unique", "UNIQUE(sale_order_id)", "A sales order has one order fact."),
    ]

    @api.model
    def _cron_cx_sync_sale_orders(self, batch_size=SYNC_BATCH):
        """One batch of the queued orders (several workers take different ones)."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT id FROM sale_order WHERE cx_fact_todo ORDER BY id
             LIMIT %s FOR UPDATE SKIP LOCKED
            """,
            [batch_size],
        )
        order_ids = [row[0] for row in cr.fetchall()]
        if order_ids:
            self._cx_sync_sale_orders(order_ids)
        cr.execute("SELECT count(*) FROM sale_order WHERE cx_fact_todo")
        remaining = cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(order_ids), remaining=remaining)

    @api.model
    def _cx_sync_sale_orders(self, order_ids):
        """The facts of these orders, as the orders and their done moves are now.

        Confirmed orders get or update their fact (an imported fact of the same client, order
        number and company is adopted); the facts of orders no longer confirmed go.
        """
        self.env.flush_all()
        cr = self.env.cr
        order_ids = list(order_ids)
        cr.execute(
            """
            DELETE FROM cx_order_fact f USING sale_order so
             WHERE f.sale_order_id = so.id AND so.id = ANY(%s) AND so.state != 'sale'
            """,
            [order_ids],
        )
        cr.execute(
            """
            UPDATE cx_order_fact f SET sale_order_id = so.id, origin = 'sale'
              FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
             WHERE so.id = ANY(%s) AND so.state = 'sale' AND f.sale_order_id IS NULL
               AND f.partner_id = p.commercial_partner_id AND f.reference = so.name
               AND f.company_id = so.company_id
            """,
            [order_ids],
        )
        cr.execute(self._cx_upsert_query(order_ids))
        ids = [row[0] for row in cr.fetchall()]
        cr.execute("UPDATE sale_order SET cx_fact_todo = FALSE WHERE id = ANY(%s)", [order_ids])
        self.env["sale.order"].invalidate_model(["cx_fact_todo"])
        self.invalidate_model()
        facts = self.browse(ids)
        if facts:
            # the window status, days late and shortness: computed by the model, in bulk
            for name in ("window_status", "days_late", "is_short"):
                self.env.add_to_compute(self._fields[name], facts)
            facts.flush_recordset(["window_status", "days_late", "is_short"])
        return facts

    def _cx_upsert_query(self, order_ids):
        """The facts of the confirmed orders among these, inserted or updated when they
        changed. The window is tools/orders.delivery_window written in SQL: the calendar month
        of the commitment date, or the date plus or minus the company's days."""
        companies = self.env["res.company"].sudo().search([])
        mode = {c.id: c.cx_order_window_mode or "month" for c in companies}
        days = {c.id: max(0, c.cx_order_window_days) for c in companies}
        month_ids = [cid for cid, value in mode.items() if value == "month"]
        return SQL(
            """
            WITH orders AS (
                SELECT so.id, p.commercial_partner_id AS partner_id, so.name, so.company_id,
                       so.date_order::date AS date_order,
                       (so.commitment_date AT TIME ZONE 'UTC')::date AS commitment,
                       so.picking_policy = 'one' AS ship_complete,
                       COALESCE(so.cx_expedited, FALSE) AS expedited,
                       COALESCE(so.cx_even_delivery, FALSE) AS even_delivery,
                       so.company_id = ANY(%(month_ids)s::int[]) AS by_month,
                       COALESCE((%(days)s::jsonb ->> so.company_id::text)::int, 0) AS days
                  FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.id = ANY(%(orders)s) AND so.state = 'sale'
            ),
            ordered AS (
                SELECT l.order_id, SUM(l.product_uom_qty / lu.factor * pu.factor) AS qty
                  FROM sale_order_line l
                  JOIN product_product pp ON pp.id = l.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom lu ON lu.id = l.product_uom
                  JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE l.order_id = ANY(%(orders)s) AND l.display_type IS NULL
                   AND pt.type = 'consu'
                 GROUP BY l.order_id
            ),
            moved AS (
                SELECT pk.sale_id AS order_id,
                       SUM(CASE WHEN dst.usage = 'customer' AND src.usage != 'customer'
                                THEN m.quantity / mu.factor * pu.factor ELSE 0 END) AS shipped,
                       SUM(CASE WHEN src.usage = 'customer' AND dst.usage != 'customer'
                                THEN m.quantity / mu.factor * pu.factor ELSE 0 END) AS returned,
                       MAX(CASE WHEN dst.usage = 'customer' AND src.usage != 'customer'
                                THEN (pk.date_done AT TIME ZONE 'UTC')::date END) AS date_shipped
                  FROM stock_move m
                  JOIN stock_picking pk ON pk.id = m.picking_id
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom mu ON mu.id = m.product_uom
                  JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE pk.sale_id = ANY(%(orders)s) AND m.state = 'done'
                 GROUP BY pk.sale_id
            )
            INSERT INTO cx_order_fact AS f (
                sale_order_id, partner_id, reference, company_id, date_order, window_start,
                window_end, expedited, ship_complete, even_delivery, qty_ordered, qty_shipped,
                date_shipped, qty_rejected, purpose_violation, origin,
                create_uid, create_date, write_uid, write_date)
            SELECT o.id, o.partner_id, o.name, o.company_id, o.date_order,
                   CASE WHEN o.by_month THEN date_trunc('month', o.commitment)::date
                        ELSE o.commitment - o.days END,
                   CASE WHEN o.by_month
                        THEN (date_trunc('month', o.commitment) + interval '1 month - 1 day')::date
                        ELSE o.commitment + o.days END,
                   o.expedited, o.ship_complete, o.even_delivery,
                   COALESCE(od.qty, 0), COALESCE(mv.shipped, 0), mv.date_shipped,
                   COALESCE(mv.returned, 0), FALSE, 'sale',
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM orders o
              LEFT JOIN ordered od ON od.order_id = o.id
              LEFT JOIN moved mv ON mv.order_id = o.id
            ON CONFLICT (sale_order_id) DO UPDATE
               SET partner_id = EXCLUDED.partner_id, reference = EXCLUDED.reference,
                   company_id = EXCLUDED.company_id, date_order = EXCLUDED.date_order,
                   window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
                   expedited = EXCLUDED.expedited, ship_complete = EXCLUDED.ship_complete,
                   even_delivery = EXCLUDED.even_delivery, qty_ordered = EXCLUDED.qty_ordered,
                   qty_shipped = EXCLUDED.qty_shipped, date_shipped = EXCLUDED.date_shipped,
                   qty_rejected = EXCLUDED.qty_rejected, origin = 'sale',
                   write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
             WHERE (f.partner_id, f.reference, f.company_id, f.date_order, f.window_start,
                    f.window_end, f.expedited, f.ship_complete, f.even_delivery, f.qty_ordered,
                    f.qty_shipped, f.date_shipped, f.qty_rejected)
                   IS DISTINCT FROM
                   (EXCLUDED.partner_id, EXCLUDED.reference, EXCLUDED.company_id,
                    EXCLUDED.date_order, EXCLUDED.window_start, EXCLUDED.window_end,
                    EXCLUDED.expedited, EXCLUDED.ship_complete, EXCLUDED.even_delivery,
                    EXCLUDED.qty_ordered, EXCLUDED.qty_shipped, EXCLUDED.date_shipped,
                    EXCLUDED.qty_rejected)
            RETURNING f.id
            """,
            orders=order_ids,
            month_ids=month_ids,
            days=json.dumps({str(cid): value for cid, value in days.items()}),
            uid=self.env.uid,
        )
