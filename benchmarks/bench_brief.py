#!/usr/bin/env python3
"""Benchmark of the client brief, the movers, spend x NPS, holdings and the digest KPIs.

Builds (once) the analysis benchmark's world (bench_analysis.populate: CLIENTS clients with
three contacts, FEEDBACK feedback) plus two quarters of CSI snapshots per client and holdings
of five companies, then times: the movers of every client (the scheduled refresh and the
dashboard's), the brief of the client with most feedback (HTML and PDF), the spend x NPS
grid, a holding's roll-up and the digest's CX KPIs.

    python3 benchmarks/bench_brief.py [--db cx_bench_brief] [--feedback 200000]
                                      [--clients 5000] [--drop] [--no-update] [--no-pdf]

./cx test runs it at a tiny size (--clients 20 --feedback 200 --no-update).
"""

import argparse
import datetime
import sys

from bench_analysis import populate, timed
from bench_common import HERE, drop_database, open_registry

LIMITS = {"movers": 2.0, "brief": 3.0, "query": 2.0}


def add_snapshots_and_holdings(env):
    """Two quarters of CSI per client (random), and every 5th client the parent of the 4
    after it."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM cx_csi_snapshot")
    if cr.fetchone()[0]:
        return
    from odoo.addons.cx_management.tools import csi as csi_tools

    today = datetime.date.today()
    _from, current = csi_tools.period_bounds(today, "quarter")
    previous = csi_tools.period_bounds(_from - datetime.timedelta(days=1), "quarter")[1]
    company_id = env.ref("base.main_company").id
    cr.execute(
        """INSERT INTO cx_csi_snapshot (partner_id, company_id, date, mean, csi, block_count,
                                        insufficient, create_date, write_date)
           SELECT p.id, %s, d.day, 0.5, 1 + round((random() * 4)::numeric, 2), 5, false,
                  now(), now()
             FROM res_partner p CROSS JOIN unnest(%s::date[]) AS d(day)
            WHERE p.is_company AND p.name LIKE 'Bench client %%'""",
        [company_id, [previous, current]],
    )
    cr.execute(
        """UPDATE res_partner c SET parent_id = h.id
             FROM res_partner h
            WHERE c.is_company AND h.is_company AND c.name LIKE 'Bench client %%'
              AND h.name LIKE 'Bench client %%'
              AND substr(h.name, 14)::int %% %s = 1
              AND substr(c.name, 14)::int BETWEEN substr(h.name, 14)::int + 1
                                              AND substr(h.name, 14)::int + %s""",
        [5, 4],
    )
    cr.commit()


def run(env, pdf=True):
    from odoo.addons.cx_management.models.digest_digest import CX_KPIS

    results = []
    admin = env(user=env.ref("base.user_admin").id, context={"lang": "en_US"})
    admin["res.partner"].sudo()._cx_refresh_all_nps()
    timed(
        results,
        "Movers of all clients (scheduled refresh, upsert)",
        lambda: admin["cx.mover"].sudo()._cx_refresh_movers(),
        LIMITS["movers"],
    )
    Dashboard = admin["cx.dashboard"]
    period = admin["cx.csi.snapshot"]._csi_settings()[2]
    previous, current = Dashboard._cx_periods(datetime.date.today(), period, 2)
    timed(
        results,
        "Movers of all clients (dashboard, as the CX manager)",
        lambda: Dashboard._cx_movers(previous, current, Dashboard._cx_client_domain()),
        LIMITS["movers"],
    )
    admin.cr.execute(
        "SELECT commercial_partner_id FROM cx_feedback GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    client = admin["res.partner"].browse(admin.cr.fetchone()[0])
    report = admin.ref("cx_management.action_report_client_brief")
    Report = admin["ir.actions.report"]
    timed(
        results,
        "Client brief of the richest client (HTML)",
        lambda: Report._render_qweb_html(report, client.ids),
        LIMITS["brief"],
    )
    if pdf:
        timed(
            results,
            "Client brief of the richest client (PDF, wkhtmltopdf)",
            lambda: Report._render_qweb_pdf(report, client.ids),
            LIMITS["brief"],
        )
    timed(
        results,
        "Spend x NPS pivot (read_group band x group)",
        lambda: admin["res.partner"].read_group(
            [("is_company", "=", True)],
            ["cx_annual_revenue:sum"],
            ["cx_spend_band", "cx_nps_group"],
            lazy=False,
        ),
        LIMITS["query"],
    )
    holding = admin["res.partner"].search([("name", "=", "Bench client 1")], limit=1)
    timed(
        results,
        "Holding roll-up of one parent (CX tab)",
        lambda: holding.cx_holding_html,
        LIMITS["query"],
    )
    digest = admin.ref("digest.digest_digest_default").with_context(
        start_datetime=datetime.datetime.now() - datetime.timedelta(days=30),
        end_datetime=datetime.datetime.now(),
    )
    timed(
        results,
        "Digest CX KPIs (five values, 30 days)",
        lambda: [digest[f"kpi_cx_{name}_value"] for name in CX_KPIS],
        LIMITS["query"],
    )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench_brief")
    parser.add_argument("--feedback", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--no-update", action="store_true")
    parser.add_argument("--no-pdf", action="store_true", help="skip the wkhtmltopdf render")
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args.db, update=not args.no_update)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        populate(env, args.clients, args.feedback)
        add_snapshots_and_holdings(env)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        results = run(env, pdf=not args.no_pdf)
        cr.rollback()
    slow = [name for name, _s, _l, ok in results if ok != "ok"]
    if args.drop:
        odoo.modules.registry.Registry.delete(args.db)
        drop_database(args.db)
    print("bench: " + ("all within limits" if not slow else f"over the limit: {slow}"))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
