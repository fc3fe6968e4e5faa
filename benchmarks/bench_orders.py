#!/usr/bin/env python3
"""Benchmark of the metrics computed from order facts, and of the sync of sales orders into them.

1. Builds N clients x M order facts a year (shipped over the last four quarters), then times the
   ten delivery, completeness and reject metric values (and the claims, the lead time and the
   three metric-tree metrics read from the facts) of the last quarter for every client at once
   (``cx.metric._read_raw_values``, one SQL query per metric), and a straightforward per-client
   loop over the ORM (search the client's facts, read them, ``tools/orders.raw_value``) on a
   sample, extrapolated.
2. With the bridge ``cx_management_stock`` installed in the database: builds S confirmed sales
   orders with one line, one done delivery each (a third of them with a done return), queues
   them and times the scheduled action syncing them into facts, batch after batch, committed as
   the cron runner does; prints the queries and seconds per batch and the peak memory.

Usage (from the repository root; a database that does not exist is created with
cx_management_stock, hence Sales, Inventory and cx_management; an existing one needs
cx_management, and for part 2 cx_management_stock, installed, e.g. the test database of
./cx test):

    python3 benchmarks/bench_orders.py --db cx_bench_orders --clients 10000 --orders 100 \\
        --sales-orders 100000

./cx test runs it at a tiny size on a copy of its test database. Database settings default to
those of ./cx (CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT). Previous benchmark data
(clients ``CXBENCHO-...``) are removed first, so it can be re-run.
"""

import argparse
import datetime
import functools
import os
import resource
import sys
import time

print = functools.partial(print, flush=True)  # noqa: A001 - the figures as they come
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bench_common import (  # noqa: E402
    DB_HOST,
    DB_PASSWORD,
    DB_PORT,
    DB_USER,
    database_exists,
    install,
    lend_defaults,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="database with cx_management installed")
    parser.add_argument("--clients", type=int, default=10000)
    parser.add_argument("--orders", type=int, default=100, help="order facts per client a year")
    parser.add_argument("--naive-clients", type=int, default=200, help="sample of the ORM loop")
    parser.add_argument("--sales-orders", type=int, default=100000, help="0: skip part 2")
    parser.add_argument("--batch-size", type=int, default=2000, help="orders per sync batch")
    parser.add_argument(
        "--sync-only", action="store_true", help="part 2 only, on the clients of an earlier run"
    )
    return parser.parse_args()


def start_odoo():
    import odoo
    from odoo.tools import config

    odoo_addons = os.path.realpath(
        os.path.join(os.path.dirname(odoo.__file__), os.pardir, "addons")
    )
    root = os.path.dirname(HERE)
    addons = [root] + ([odoo_addons] if os.path.isdir(os.path.join(odoo_addons, "web")) else [])
    config.parse_config(
        [
            f"--addons-path={','.join(addons)}",
            f"--db_host={DB_HOST}",
            f"--db_port={DB_PORT}",
            f"--db_user={DB_USER}",
            f"--db_password={DB_PASSWORD}",
            "--log-level=warn",
        ]
    )
    odoo.service.server.load_server_wide_modules()
    return odoo


def installed(cr, module):
    cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
    row = cr.fetchone()
    return bool(row and row[0] == "installed")


def build_facts(env, clients, orders):
    """The clients and a year of facts each, in SQL; window status computed as the model does."""
    cr = env.cr
    cr.execute("DELETE FROM res_partner WHERE ref LIKE 'CXBENCHO-%%'")
    take_back = lend_defaults(env, "res.partner")
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, is_company, active, type,
                                 create_uid, create_date, write_uid, write_date)
        SELECT 'Bench order client ' || n, 'Bench order client ' || n, 'CXBENCHO-' || n, true,
               true, 'contact', 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM generate_series(1, %s) n
        """,
        [clients],
    )
    take_back()
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE 'CXBENCHO-%%'")
    today = datetime.date.today()
    cr.execute(
        """
        INSERT INTO cx_order_fact (partner_id, reference, company_id, date_order, window_start,
               window_end, expedited, ship_complete, even_delivery, qty_ordered, qty_shipped,
               date_shipped, qty_rejected, purpose_violation, origin, window_status, days_late,
               is_short, create_uid, create_date, write_uid, write_date)
        SELECT s.partner_id, 'B-' || s.partner_id || '-' || s.n, %(company)s, s.ordered,
               s.wstart, s.wend, s.r1 < 0.1, s.r2 < 0.3, s.r3 < 0.2, 100, s.shipped_qty,
               s.shipped, CASE WHEN s.r4 < 0.05 THEN 5 ELSE 0 END, s.r5 < 0.02, 'import',
               CASE WHEN s.shipped < s.wstart THEN 'early'
                    WHEN s.shipped <= s.wend THEN 'in_window'
                    WHEN s.shipped - s.wend <= 31 THEN 'late_1m' ELSE 'late_2m' END,
               GREATEST(0, s.shipped - s.wend), s.shipped_qty < 100,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM (SELECT p.id AS partner_id, g.n,
                       %(today)s::date - (random() * 365)::int - 20 AS ordered,
                       random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                       random() AS r5, random() AS r6, random() AS r7
                  FROM res_partner p CROSS JOIN generate_series(1, %(orders)s) g(n)
                 WHERE p.ref LIKE 'CXBENCHO-%%') t
         CROSS JOIN LATERAL (
               SELECT t.partner_id, t.n, t.ordered, t.r1, t.r2, t.r3, t.r4, t.r5,
                      t.ordered + 14 AS wstart, t.ordered + 44 AS wend,
                      t.ordered + 5 + (t.r6 * 80)::int AS shipped,
                      CASE WHEN t.r7 < 0.15 THEN 80 ELSE 100 END AS shipped_qty) s
        """,
        {"company": env.company.id, "today": today, "orders": orders},
    )
    rows = cr.rowcount
    cr.execute("ANALYZE cx_order_fact")
    cr.commit()
    return rows


def metrics_part(env, args):
    from odoo.addons.cx_management.models.cx_order_fact import FACT_FIELDS
    from odoo.addons.cx_management.tools import csi, orders

    start = time.perf_counter()
    rows = build_facts(env, args.clients, args.orders)
    print(f"built {args.clients} clients x {args.orders} facts = {rows} in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    today = datetime.date.today()
    date_from, date_to = csi.period_bounds(
        csi.period_bounds(today, "quarter")[0] - datetime.timedelta(days=1), "quarter"
    )
    metrics = env["cx.metric"].search([("source", "=", "order_fact")])
    cr = env.cr
    queries, start = cr.sql_log_count, time.perf_counter()
    values = 0
    for metric in metrics:
        values += len(metric._read_raw_values(date_from, date_to))
    fast = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    print(
        f"\n1. the {len(metrics)} metrics read from the facts, quarter {date_from} - {date_to}, "
        f"every client at once: {values} values in {fast:.2f} s, {queries} SQL queries"
    )
    queries, start = cr.sql_log_count, time.perf_counter()
    env["cx.csi.snapshot"]._compute_metric_values(date_from, date_to)
    written = time.perf_counter() - start
    cr.execute("SELECT count(*) FROM cx_metric_value WHERE date = %s", [date_to])
    print(
        f"   and written as the CSI computation does (every metric with a source): "
        f"{cr.fetchone()[0]} values in {written:.2f} s, {cr.sql_log_count - queries} queries"
    )
    cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'CXBENCHO-%%' ORDER BY id")
    partner_ids = [row[0] for row in cr.fetchall()]
    sample = partner_ids[: args.naive_clients]
    names = list(orders.MEASURES)
    queries, start = cr.sql_log_count, time.perf_counter()
    Fact = env["cx.order.fact"]
    for partner_id in sample:
        facts = Fact.search(
            [
                ("partner_id", "=", partner_id),
                ("date_shipped", ">=", date_from),
                ("date_shipped", "<=", date_to),
            ]
        )
        plain = facts.read(list(FACT_FIELDS))
        for name in names:
            orders.raw_value(name, plain)
        env.invalidate_all()
    naive = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    scaled = naive * len(partner_ids) / max(1, len(sample))
    print(
        f"   per-client ORM loop: {len(sample)} clients in {naive:.2f} s, {queries} queries "
        f"({queries / max(1, len(sample)):.1f} per client); extrapolated to "
        f"{len(partner_ids)} clients {scaled:.1f} s, {scaled / max(fast, 1e-6):.1f}x"
    )


def build_sales(env, count):
    """Confirmed sales orders with one line, a done delivery each, a done return for a third."""
    cr = env.cr
    cr.execute("DELETE FROM sale_order WHERE client_order_ref = 'CXBENCHO'")
    product = env["product.product"].search([("default_code", "=", "CXBENCHO")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench pipe", "default_code": "CXBENCHO", "type": "consu", "is_storable": True}
        )
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    out_type = warehouse.out_type_id
    in_type = warehouse.in_type_id
    customer = env.ref("stock.stock_location_customers")
    stock = warehouse.lot_stock_id
    uom = product.uom_id.id
    today = datetime.date.today()
    # every NOT NULL column of these tables without a default is named below
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
               company_id, date_order, commitment_date, state, picking_policy, warehouse_id,
               client_order_ref, cx_expedited, cx_even_delivery, create_uid, create_date,
               write_uid, write_date)
        SELECT 'BENCH/' || n, p.id, p.id, p.id, %(company)s,
               %(today)s::date - (n %% 300) - 30, %(today)s::date - (n %% 300),
               'sale', CASE WHEN n %% 3 = 0 THEN 'one' ELSE 'direct' END, %(warehouse)s,
               'CXBENCHO', n %% 10 = 0, n %% 5 = 0,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM generate_series(1, %(count)s) n
          JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM res_partner
                 WHERE ref LIKE 'CXBENCHO-%%') c ON TRUE
         CROSS JOIN LATERAL (SELECT c.ids[1 + n %% cardinality(c.ids)] AS id) p
        """,
        {"company": env.company.id, "today": today, "warehouse": warehouse.id, "count": count},
    )
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, product_id, product_uom, product_uom_qty, name,
               price_unit, customer_lead, company_id, create_uid, create_date, write_uid,
               write_date)
        SELECT so.id, %(product)s, %(uom)s, 100, 'Bench pipe', 1, 0, so.company_id,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM sale_order so WHERE so.client_order_ref = 'CXBENCHO'
        """,
        {"product": product.id, "uom": uom},
    )
    for kind, type_id, src, dst, share in (
        ("out", out_type.id, stock.id, customer.id, "TRUE"),
        ("ret", in_type.id, customer.id, stock.id, "so.id %% 3 = 0"),
    ):
        cr.execute(
            f"""
            INSERT INTO stock_picking (name, picking_type_id, location_id, location_dest_id,
                   partner_id, company_id, sale_id, state, move_type, date_done, scheduled_date,
                   create_uid, create_date, write_uid, write_date)
            SELECT '{kind}/' || so.id, %(type)s, %(src)s, %(dst)s, so.partner_id, so.company_id,
                   so.id, 'done', 'direct', so.commitment_date + interval '3 days',
                   so.commitment_date, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
              FROM sale_order so WHERE so.client_order_ref = 'CXBENCHO' AND {share}
            """,  # noqa: S608 - constant text of this script
            {"type": type_id, "src": src, "dst": dst},
        )
        cr.execute(
            f"""
            INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, quantity,
                   location_id, location_dest_id, location_final_id, picking_id, picking_type_id,
                   company_id, state, date, procure_method, create_uid, create_date, write_uid,
                   write_date)
            SELECT 'Bench pipe', %(product)s, %(uom)s, 100,
                   CASE WHEN '{kind}' = 'ret' THEN 5 WHEN pk.sale_id %% 7 = 0 THEN 80 ELSE 100 END,
                   pk.location_id, pk.location_dest_id, pk.location_dest_id, pk.id,
                   pk.picking_type_id, pk.company_id, 'done', pk.date_done, 'make_to_stock',
                   1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
              FROM stock_picking pk JOIN sale_order so ON so.id = pk.sale_id
             WHERE so.client_order_ref = 'CXBENCHO' AND pk.name LIKE '{kind}/%%'
            """,  # noqa: S608 - constant text of this script
            {"product": product.id, "uom": uom},
        )
    cr.execute(
        "UPDATE sale_order SET cx_fact_todo = (client_order_ref = 'CXBENCHO') WHERE cx_fact_todo"
        " OR client_order_ref = 'CXBENCHO'"
    )
    cr.execute("ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE stock_picking;"
               " ANALYZE stock_move")  # fmt: skip
    cr.commit()


def sync_part(env, args):
    start = time.perf_counter()
    build_sales(env, args.sales_orders)
    print(f"\nbuilt {args.sales_orders} sales orders with their deliveries and returns in "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    cr = env.cr
    Fact = env["cx.order.fact"]
    batches, start = [], time.perf_counter()
    while True:
        cr.execute("SELECT count(*) FROM sale_order WHERE cx_fact_todo")
        if not cr.fetchone()[0]:
            break
        queries, begin = cr.sql_log_count, time.perf_counter()
        Fact._cron_cx_sync_sale_orders(batch_size=args.batch_size)
        cr.commit()
        batches.append((cr.sql_log_count - queries, time.perf_counter() - begin))
        env.invalidate_all()
    seconds = time.perf_counter() - start
    cr.execute(
        "SELECT count(*) FROM cx_order_fact f JOIN sale_order so ON so.id = f.sale_order_id"
        " WHERE so.client_order_ref = 'CXBENCHO'"
    )
    facts = cr.fetchone()[0]
    print(f"2. scheduled sync: {facts} facts from {args.sales_orders} orders in {seconds:.2f} s, "
          f"{len(batches)} batches of {args.batch_size}")  # fmt: skip
    print("  batch  queries  seconds")
    for i, (queries, secs) in enumerate(batches, 1):
        print(f"  {i:5d}  {queries:7d}  {secs:7.3f}")
    assert facts == args.sales_orders, "every order has its fact"


def main():
    args = parse_args()
    if not database_exists(args.db):
        install(args.db, module="cx_management_stock")
    odoo = start_odoo()
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(args.db)
    with registry.cursor() as cr:
        if not installed(cr, "cx_management"):
            sys.exit(f"cx_management is not installed in {args.db}")
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not args.sync_only:
            metrics_part(env, args)
            cr.rollback()
        if args.sales_orders:
            if not installed(cr, "cx_management_stock"):
                sys.exit(f"cx_management_stock is not installed in {args.db}: part 2 skipped")
            sync_part(env, args)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MiB")
    del odoo


if __name__ == "__main__":
    main()
