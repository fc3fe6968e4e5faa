#!/usr/bin/env python3
"""Benchmark of the scheduled CSI computation of cx_management against a real Odoo database.

It builds N clients x 16 metrics x 4 periods of metric values (plus client weights for a quarter
of the client/metric pairs), then times:

1. the scheduled computation (``cx.csi.snapshot._cron_compute_csi``, the cron
   ``cx_management.ir_cron_cx_compute_csi``, called and committed batch after batch as the
   cron runner does) on a fresh database: every period of every client;
2. the same computation again, as the daily cron runs it: the current period of every client;
3. a straightforward per-client loop over the ORM computing the current period, on the same data,

and prints clients, rows, seconds and SQL queries per batch, and the ratio of 3 to 2.

Usage (from the repository root; the database is created with cx_management if missing):

    python3 benchmarks/bench_csi.py --db cx_bench --clients 10000

./cx test runs it at a tiny size (--clients 20 --naive-clients 5 --batch-size 8) on a copy of
its test database.

Database settings default to those of ./cx (CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT).
Previous benchmark clients (reference ``CXBENCH-...``) are removed first, so it can be re-run.
"""

import argparse
import datetime
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PERIODS = 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench", help="database name (created if missing)")
    parser.add_argument("--clients", type=int, default=10000, help="number of clients")
    parser.add_argument("--batch-size", type=int, default=1000, help="clients per cron batch")
    parser.add_argument(
        "--naive-clients",
        type=int,
        default=None,
        help="clients in the per-client ORM loop (default: all; fewer are extrapolated)",
    )
    parser.add_argument("--db-user", default=os.environ.get("CX_DB_USER", "cx_odoo"))
    parser.add_argument("--db-password", default=os.environ.get("CX_DB_PASSWORD", "cx_odoo"))
    parser.add_argument("--db-host", default=os.environ.get("CX_DB_HOST", "127.0.0.1"))
    parser.add_argument("--db-port", default=os.environ.get("CX_DB_PORT", "5432"))
    return parser.parse_args()


def start_odoo(args):
    import odoo
    from odoo.tools import config

    odoo_addons = os.path.realpath(
        os.path.join(os.path.dirname(odoo.__file__), os.pardir, "addons")
    )
    addons = [ROOT] + ([odoo_addons] if os.path.isdir(os.path.join(odoo_addons, "web")) else [])
    config.parse_config(
        [
            f"--addons-path={','.join(addons)}",
            f"--db_host={args.db_host}",
            f"--db_port={args.db_port}",
            f"--db_user={args.db_user}",
            f"--db_password={args.db_password}",
            "--log-level=warn",
        ]
    )
    odoo.service.server.load_server_wide_modules()
    return odoo


def open_registry(odoo, db):
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service

    if db not in db_service.list_dbs(force=True):
        print(f"creating the database {db} with cx_management (a few minutes)", flush=True)
        db_service._create_empty_database(db)
        odoo.tools.config["init"] = {"cx_management": 1}
        odoo.tools.config["without_demo"] = "all"
        return Registry.new(db, update_module=True)
    registry = Registry(db)
    with registry.cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'cx_management'")
        row = cr.fetchone()
    if not row or row[0] != "installed":
        sys.exit(f"cx_management is not installed in {db}: use another --db")
    return registry


def build_data(env, clients):
    """N clients, 16 metrics x 4 periods of values each, weights for a quarter of the pairs, in
    every company (a client shared by the companies has each company's own)."""
    from bench_common import lend_defaults

    from odoo.addons.cx_management.tools import csi

    cr = env.cr
    cr.execute("DELETE FROM res_partner WHERE ref LIKE 'CXBENCH-%%'")
    metrics = env["cx.metric"].search([("block_id", "!=", False)])
    assert len(metrics) == 16, f"expected the 16 shipped metrics in blocks, found {len(metrics)}"
    period = env["cx.csi.snapshot"]._csi_settings()[2]
    today = datetime.date.today()
    dates, day = [], today
    for _i in range(PERIODS):
        start, end = csi.period_bounds(day, period)
        dates.append(end)
        day = start - datetime.timedelta(days=1)
    take_back_defaults = lend_defaults(env, "res.partner")
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, is_company, active, type,
                                 create_uid, create_date, write_uid, write_date)
        SELECT 'Bench client ' || n, 'Bench client ' || n, 'CXBENCH-' || n, true, true,
               'contact', 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM generate_series(1, %s) n
        """,
        [clients],
    )
    take_back_defaults()
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE 'CXBENCH-%%'")
    # X drawn per client, metric and period; W from the client's weight or the default
    cr.execute(
        """
        INSERT INTO cx_metric_weight (partner_id, metric_id, company_id, block_id, weight,
                                      create_uid, create_date, write_uid, write_date)
        SELECT p.id, m.id, c.id, m.block_id, 1 + floor(random() * 5)::int,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM res_partner p CROSS JOIN cx_metric m CROSS JOIN res_company c
         WHERE c.active AND p.ref LIKE 'CXBENCH-%%' AND m.id = ANY(%s) AND random() < 0.25
        """,
        [metrics.ids],
    )
    cr.execute(
        """
        INSERT INTO cx_metric_value (partner_id, metric_id, company_id, block_id, date,
                                     raw_value, value, weight, score, origin,
                                     create_uid, create_date, write_uid, write_date)
        SELECT s.partner_id, s.metric_id, s.company_id, s.block_id, s.date,
               s.x * (s.vmax - s.vmin) + s.vmin, s.x, s.w, 1 - s.x * s.w, 'import',
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM (SELECT p.id AS partner_id, m.id AS metric_id, c.id AS company_id, m.block_id,
                       d.date,
                       round(random()::numeric, 2)::float8 * 0.6 AS x,
                       m.value_min AS vmin, m.value_max AS vmax,
                       COALESCE(w.weight, m.default_weight) AS w
                  FROM res_partner p
                 CROSS JOIN cx_metric m
                 CROSS JOIN unnest(%s::date[]) AS d(date)
                 CROSS JOIN res_company c
             LEFT JOIN cx_metric_weight w
                    ON w.partner_id = p.id AND w.metric_id = m.id AND w.company_id = c.id
                 WHERE c.active AND p.ref LIKE 'CXBENCH-%%' AND m.id = ANY(%s)) s
        """,
        [dates, metrics.ids],
    )
    rows = cr.rowcount
    cr.execute("ANALYZE res_partner; ANALYZE cx_metric_value; ANALYZE cx_metric_weight")
    cr.commit()
    return rows, dates


def naive_loop(env, partner_ids, date):
    """What one would write first: per client, read its values, compute, create, write."""
    from odoo.addons.cx_management.tools import csi

    lower, upper, _period = env["cx.csi.snapshot"]._csi_settings()
    Value, Snapshot = env["cx.metric.value"], env["cx.csi.snapshot"]
    for partner_id in partner_ids:
        # one client at a time, so the ORM's prefetching does not span the whole sample
        partner = env["res.partner"].browse(partner_id)
        values = Value.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", env.company.id),
                ("date", "=", date),
            ]
        )
        result = csi.client_csi(
            [(v.metric_id.id, v.metric_id.block_id.id, v.value, v.weight) for v in values],
            lower,
            upper,
        )
        Snapshot.search([("partner_id", "=", partner.id), ("date", "=", date)]).unlink()
        if result is None:
            continue
        Snapshot.create(
            {
                "partner_id": partner.id,
                "date": date,
                "mean": result["mean"],
                "csi": result["csi"],
                "top_metric_id": result["top_metric"],
                "top_loss": result["top_loss"],
                "line_ids": [
                    (0, 0, {"block_id": block, "score": score, "metric_count": count})
                    for block, (score, count) in result["blocks"].items()
                ],
            }
        )
        partner.write({"cx_csi": result["csi"], "cx_csi_date": date})
    env.flush_all()


def report(title, stats, seconds):
    print(f"\n{title}")
    print(
        f"  clients: {stats['clients']}  value rows: {stats['rows']}  "
        f"snapshots: {stats['snapshots']}  seconds: {seconds:.2f}"
    )
    print("  batch  clients     rows  queries  seconds")
    for i, b in enumerate(stats["batches"], 1):
        print(
            f"  {i:5d}  {b['clients']:7d}  {b['rows']:7d}  {b['queries']:7d}  {b['seconds']:7.3f}"
        )


def main():
    args = parse_args()
    odoo = start_odoo(args)
    from odoo import SUPERUSER_ID, api

    registry = open_registry(odoo, args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        rows, dates = build_data(env, args.clients)
        print(
            f"built {args.clients} clients x 16 metrics x {PERIODS} periods = {rows} metric values "
            f"in {time.perf_counter() - start:.1f} s (periods {', '.join(map(str, dates))})"
        )

    def cron_run(env, batch_size):
        """What the cron runner does: one batch, a commit, again while clients remain."""
        stats = {"clients": 0, "snapshots": 0, "rows": 0, "batches": [], "remaining": 1}
        while stats["remaining"]:
            step = env["cx.csi.snapshot"]._cron_compute_csi(batch_size=batch_size)
            env.cr.commit()
            stats = {key: stats[key] + step[key] for key in stats if key != "remaining"}
            stats["remaining"] = step["remaining"]
        return stats

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        stats = cron_run(env, args.batch_size)
        cold = time.perf_counter() - start
        report("1. scheduled computation, first run (every period of every client)", stats, cold)

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        stats = cron_run(env, args.batch_size)
        warm = time.perf_counter() - start
        report("2. scheduled computation, daily run (current period of every client)", stats, warm)

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT id FROM res_partner WHERE ref LIKE 'CXBENCH-%%' ORDER BY id")
        partner_ids = [row[0] for row in cr.fetchall()]
        sample = partner_ids[: args.naive_clients] if args.naive_clients else partner_ids
        queries, start = cr.sql_log_count, time.perf_counter()
        naive_loop(env, sample, dates[0])
        naive = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        cr.rollback()
        scaled = naive * len(partner_ids) / len(sample)
        print("\n3. per-client ORM loop (current period)")
        print(
            f"  clients: {len(sample)}  seconds: {naive:.2f}  queries: {queries} "
            f"({queries / len(sample):.1f} per client)"
        )
        if len(sample) < len(partner_ids):
            print(f"  extrapolated to {len(partner_ids)} clients: {scaled:.1f} s")
        print(f"\nratio per-client loop / scheduled daily run: {scaled / warm:.1f}x")


if __name__ == "__main__":
    main()
