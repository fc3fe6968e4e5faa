#!/usr/bin/env python3
"""A kill -9 of the scheduled CSI computation midway keeps whole batches; a rerun equals a
clean computation.

On a database with cx_management (created if missing) it builds N clients of metric values (the
data of bench_csi.py), then:

1. starts a child process that runs the CSI cron as the cron runner does (one batch per call, a
   commit after each) and sends it SIGKILL while it computes a batch past the first ones;
2. checks what the kill left: every client has all its snapshots, each with its block scores,
   or none at all (a batch is one transaction), and the run marker points at a committed batch;
3. runs the cron again to its end and compares every snapshot (client, company, period, CSI,
   insufficient, block scores) and every client's CSI with a clean computation of every period
   (``_compute_csi(all_periods=True)``, rolled back afterwards).

Usage (from the repository root):

    python3 benchmarks/bench_csi_kill.py --db cx_bench_kill --clients 300 --batch-size 20

It prints what it checked and exits 1 on any difference. ./cx test runs it at a small size
(--clients 40 --batch-size 5) on a copy of its test database. Database settings default to those of
./cx (CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT).
"""

import argparse
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_csi  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench_kill", help="database name (created if missing)")
    parser.add_argument("--clients", type=int, default=300, help="number of clients")
    parser.add_argument("--batch-size", type=int, default=20, help="clients per cron batch")
    parser.add_argument("--kill-after", type=int, default=3, help="batches committed before")
    parser.add_argument(
        "--companies", type=int, default=2, help="companies sharing the clients (created)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db-user", default=os.environ.get("CX_DB_USER", "cx_odoo"))
    parser.add_argument("--db-password", default=os.environ.get("CX_DB_PASSWORD", "cx_odoo"))
    parser.add_argument("--db-host", default=os.environ.get("CX_DB_HOST", "127.0.0.1"))
    parser.add_argument("--db-port", default=os.environ.get("CX_DB_PORT", "5432"))
    return parser.parse_args()


def cron_run(env, batch_size, announce=False):
    """The cron runner's loop: one batch, a commit, again while clients remain."""
    batch = 0
    while True:
        batch += 1
        if announce:
            print(f"computing batch {batch}", flush=True)
        step = env["cx.csi.snapshot"]._cron_compute_csi(batch_size=batch_size)
        env.cr.commit()
        if announce:
            print(f"committed batch {batch}", flush=True)
        if not step["remaining"]:
            return batch


def state(env):
    """Every benchmark client's snapshots with their block scores, and its CSI per company."""
    cr = env.cr
    env.flush_all()
    cr.execute(
        """
        SELECT s.partner_id, s.company_id, s.date, round(s.csi::numeric, 9), s.insufficient,
               array_agg(ARRAY[l.block_id::numeric, round(l.score::numeric, 9)]
                         ORDER BY l.block_id)
          FROM cx_csi_snapshot s
          JOIN res_partner p ON p.id = s.partner_id AND p.ref LIKE 'CXBENCH-%%'
     LEFT JOIN cx_csi_snapshot_line l ON l.snapshot_id = s.id
      GROUP BY s.id
      ORDER BY 1, 2, 3
        """
    )
    snapshots = cr.fetchall()
    cr.execute(
        "SELECT id, cx_csi::text, cx_csi_date::text FROM res_partner "
        "WHERE ref LIKE 'CXBENCH-%%' ORDER BY id"
    )
    return snapshots, cr.fetchall()


def child(args):
    odoo = bench_csi.start_odoo(args)
    from odoo import SUPERUSER_ID, api

    registry = bench_csi.open_registry(odoo, args.db)
    with registry.cursor() as cr:
        cron_run(api.Environment(cr, SUPERUSER_ID, {}), args.batch_size, announce=True)


def main():
    args = parse_args()
    if args.child:
        return child(args)
    odoo = bench_csi.start_odoo(args)
    from odoo import SUPERUSER_ID, api

    registry = bench_csi.open_registry(odoo, args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("cx_management.csi_cron_run", False)
        cr.execute("DELETE FROM cx_csi_snapshot")
        Company = env["res.company"]
        for number in range(Company.search_count([]) + 1, args.companies + 1):
            Company.create({"name": f"CX Bench Company {number}"})
        # values and weights per company: each company of a shared client has its own
        bench_csi.build_data(env, args.clients)
        cr.commit()
        cr.execute("SELECT count(*) FROM res_company WHERE active")
        companies = cr.fetchone()[0]
    print(f"built {args.clients} clients ({companies} companies), batches of {args.batch_size}")

    # 1. the cron in a child process, killed with SIGKILL inside a batch
    command = [sys.executable, os.path.abspath(__file__), "--child", *sys.argv[1:]]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    killed_in = None
    for line in process.stdout:
        if line.startswith("computing batch "):
            batch = int(line.split()[-1])
            if batch > args.kill_after:
                time.sleep(0.05)  # into the batch's queries
                os.kill(process.pid, signal.SIGKILL)
                killed_in = batch
                break
    process.wait()
    if killed_in is None:
        sys.exit("the cron ended before the kill: use more clients or smaller batches")
    print(f"killed the cron with SIGKILL in batch {killed_in} (exit {process.returncode})")

    failures = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # 2. whole batches: a client has all its periods for every company, or none
        cr.execute(
            """
            SELECT p.id, count(DISTINCT v.date) * %s, count(DISTINCT s.id),
                   count(DISTINCT s.id) FILTER (WHERE NOT EXISTS (
                       SELECT 1 FROM cx_csi_snapshot_line l WHERE l.snapshot_id = s.id))
              FROM res_partner p
              JOIN cx_metric_value v ON v.partner_id = p.id
         LEFT JOIN cx_csi_snapshot s ON s.partner_id = p.id
             WHERE p.ref LIKE 'CXBENCH-%%'
          GROUP BY p.id
            """,
            [companies],
        )
        rows = cr.fetchall()
        partial = [row for row in rows if row[2] not in (0, row[1]) or row[3]]
        done = sum(1 for row in rows if row[2] == row[1])
        print(
            f"after the kill: {done} clients computed, {len(rows) - done} not yet, "
            f"{len(partial)} partial"
        )
        if partial:
            failures.append(f"clients with part of their snapshots: {partial[:5]}")
        marker = env["ir.config_parameter"].get_param("cx_management.csi_cron_run")
        print(f"run marker left: {marker}")

        # 3. the rerun ends the run; it equals a clean computation of every period
        batches = cron_run(env, args.batch_size)
        after_rerun = state(env)
        env["cx.csi.snapshot"]._compute_csi(all_periods=True)
        clean = state(env)
        cr.rollback()
        print(f"rerun: {batches} batches, {len(after_rerun[0])} snapshots")
        if after_rerun != clean:
            failures.append("the rerun differs from a clean computation")
        else:
            print("rerun equals a clean computation (snapshots, block scores, clients' CSI)")
        cr.execute("DELETE FROM res_partner WHERE ref LIKE 'CXBENCH-%%'")
        cr.commit()
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
