#!/usr/bin/env python3
"""Benchmark of the cx_management analysis on a large database.

Builds (once) FEEDBACK feedback records over CLIENTS client companies (three contacts each)
with bulk SQL inserts into a real database with cx_management installed, then times each
analysis query as the web client runs it and the full CX workbook for all clients, and
reports the peak resident memory of this process (resource.getrusage; tracemalloc is left
out because it slows the timed code down).

    python3 benchmarks/bench_analysis.py [--db cx_bench_analysis] [--feedback 200000]
                                         [--clients 5000] [--drop] [--no-update]

./cx test runs it at a tiny size (--clients 20 --feedback 200 --no-update) so that a change of
the schema or of the analysis that breaks it fails the test run.

Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT.
The database is created and cx_management installed when missing (a few minutes).
"""

import argparse
import os
import resource
import sys
import time

from bench_common import HERE, drop_database, lend_defaults, open_registry

LIMITS = {"query": 2.0, "workbook": 60.0, "memory_mb": 1536}


def populate(env, clients, feedback):
    """Bulk SQL: industries, clients with three contacts, feedback, topics, elements."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM cx_feedback")
    if cr.fetchone()[0] >= feedback:
        print("bench: reusing the data already in the database", flush=True)
        return
    started = time.perf_counter()
    cr.execute("SELECT setseed(0.42)")
    take_back_defaults = lend_defaults(env, "res.partner", "cx.feedback")
    company_id = env.ref("base.main_company").id
    cr.execute(
        """INSERT INTO res_partner_industry (name, active)
           SELECT jsonb_build_object('en_US', 'Bench industry ' || n), true
             FROM generate_series(1, 8) n RETURNING id"""
    )
    industries = [row[0] for row in cr.fetchall()]
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, is_company, active, type, industry_id,
                                    company_id, cx_annual_revenue, create_date, write_date)
           SELECT 'Bench client ' || n, 'Bench client ' || n, true, true, 'contact',
                  (%s::int[])[1 + n %% 8], NULL,
                  jsonb_build_object(%s::text, round((random() * 5000000)::numeric, 2)),
                  now(), now()
             FROM generate_series(1, %s) n""",
        [industries, company_id, clients],
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
    )
    roles = [
        env.ref(f"cx_management.cx_contact_role_{code}").id
        for code in ("economic", "technical", "operator")
    ]
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, is_company, active, type, parent_id,
                                    commercial_partner_id, cx_role_id, create_date, write_date)
           SELECT c.name || ' contact ' || r.n, c.name || ', contact ' || r.n, false, true,
                  'contact', c.id, c.id, (%s::int[])[r.n], now(), now()
             FROM res_partner c CROSS JOIN generate_series(1, 3) AS r(n)
            WHERE c.is_company AND c.name LIKE 'Bench client %%'""",
        [roles],
    )
    cr.execute("""SELECT id, stage_id FROM cx_process ORDER BY id""")
    processes = cr.fetchall()
    cr.execute(
        """CREATE TEMP TABLE bench_contacts AS
           SELECT row_number() OVER (ORDER BY id) AS n, id, commercial_partner_id, cx_role_id
             FROM res_partner WHERE NOT is_company AND name LIKE 'Bench client %%'"""
    )
    cr.execute("SELECT count(*) FROM bench_contacts")
    contacts = cr.fetchone()[0]
    # scores drawn per row in a derived table (a LATERAL without outer reference would be
    # evaluated once); half of the feedback names a process, every stage is used
    cr.execute(
        """INSERT INTO cx_feedback (partner_id, commercial_partner_id, role_id, stage_id,
                                    process_id, channel, date, user_id, csi_score, nps_score,
                                    csi_average, nps,
                                    polarity, nps_category, alert_state, company_id,
                                    create_date, write_date)
           SELECT c.id, c.commercial_partner_id, c.cx_role_id,
                  (%s::int[])[1 + (s.g %% %s)],
                  CASE WHEN s.g %% 2 = 0 THEN (%s::int[])[1 + (s.g %% %s)] END,
                  'interview', current_date - s.age, 2, s.csi, s.nps,
                  s.csi::float,
                  CASE WHEN s.nps IS NULL THEN NULL WHEN s.nps >= 9 THEN 100.0
                       WHEN s.nps >= 7 THEN 0.0 ELSE -100.0 END,
                  CASE WHEN s.csi >= 4 THEN 'praise' WHEN s.csi <= 2 THEN 'complaint'
                       ELSE 'neutral' END,
                  CASE WHEN s.nps IS NULL THEN NULL WHEN s.nps >= 9 THEN 'promoter'
                       WHEN s.nps >= 7 THEN 'passive' ELSE 'detractor' END,
                  'none', %s, now(), now()
             FROM (SELECT g, (random() * 730)::int AS age,
                          1 + floor(random() * 5)::int AS csi,
                          CASE WHEN random() < 0.6 THEN floor(random() * 11)::int END AS nps
                     FROM generate_series(1, %s) g) s
             JOIN bench_contacts c ON c.n = 1 + (s.g * 7919) %% %s""",
        [
            [p[1] for p in processes],
            len(processes),
            [p[0] for p in processes],
            len(processes),
            company_id,
            feedback,
            contacts,
        ],
    )
    cr.execute("SELECT id FROM cx_topic WHERE polarity = 'complaint' AND parent_id IS NOT NULL")
    complaint_topics = [row[0] for row in cr.fetchall()]
    praise = env.ref("cx_management.cx_topic_praise").id
    cr.execute(
        """INSERT INTO cx_feedback_cx_topic_rel (cx_feedback_id, cx_topic_id)
           SELECT f.id, CASE WHEN f.polarity = 'praise' THEN %s
                             ELSE (%s::int[])[1 + (f.id %% %s)] END
             FROM cx_feedback f WHERE f.polarity != 'neutral'
           UNION
           SELECT f.id, (%s::int[])[1 + ((f.id / 3) %% %s)]
             FROM cx_feedback f WHERE f.polarity = 'complaint' AND f.id %% 3 = 0""",
        [praise, complaint_topics, len(complaint_topics), complaint_topics, len(complaint_topics)],
    )
    # the stored complaint -> process links, by the rule of cx.feedback's
    # _compute_cx_complaint_process_ids
    cr.execute(
        """INSERT INTO cx_feedback_complaint_process_rel (feedback_id, process_id)
           SELECT f.id, f.process_id FROM cx_feedback f
            WHERE f.polarity = 'complaint' AND f.process_id IS NOT NULL
           UNION
           SELECT rel.cx_feedback_id, COALESCE(t.process_id, parent.process_id)
             FROM cx_feedback_cx_topic_rel rel
             JOIN cx_feedback f ON f.id = rel.cx_feedback_id AND f.polarity = 'complaint'
             JOIN cx_topic t ON t.id = rel.cx_topic_id AND t.polarity = 'complaint'
             LEFT JOIN cx_topic parent ON parent.id = t.parent_id
            WHERE COALESCE(t.process_id, parent.process_id) IS NOT NULL"""
    )
    cr.execute("SELECT id FROM cx_value_element ORDER BY id")
    elements = [row[0] for row in cr.fetchall()]
    cr.execute(
        """INSERT INTO cx_feedback_cx_value_element_rel (cx_feedback_id, cx_value_element_id)
           SELECT f.id, (%s::int[])[1 + (f.id %% %s)] FROM cx_feedback f WHERE f.id %% 5 < 2""",
        [elements, len(elements)],
    )
    take_back_defaults()
    cr.execute("ANALYZE")
    env.registry.clear_cache()
    cr.commit()
    print(
        f"bench: inserted {clients} clients, {3 * clients} contacts, {feedback} feedback "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def timed(results, name, func, limit):
    started = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - started
    ok = "ok" if seconds <= limit else "SLOW"
    results.append((name, seconds, limit, ok))
    print(f"bench: {name:<58} {seconds:7.2f} s  (limit {limit:.0f} s) {ok}", flush=True)
    return value


def run(env):
    results = []
    env = env(user=env.ref("base.user_admin").id, context={"lang": "en_US"})
    topic_fields = ["mentions:count_distinct", "share:sum", "cumulative_share:sum"]
    everything = []
    q = LIMITS["query"]
    timed(
        results,
        "Pareto list: main topics (web_read_group)",
        lambda: env["cx.topic.report"].web_read_group(
            everything, topic_fields, ["root_topic_id"], orderby="mentions desc"
        ),
        q,
    )
    quality = env.ref("cx_management.cx_topic_quality").id
    timed(
        results,
        "Pareto list: sub-topics of Quality",
        lambda: env["cx.topic.report"].web_read_group(
            [("root_topic_id", "=", quality)], topic_fields, ["topic_id"], orderby="mentions desc"
        ),
        q,
    )
    role = env.ref("cx_management.cx_contact_role_technical").id
    timed(
        results,
        "Pareto list, filtered by role and period",
        lambda: env["cx.topic.report"].web_read_group(
            [("role_id", "=", role), ("date", ">=", "2026-01-01")],
            topic_fields,
            ["root_topic_id"],
            orderby="mentions desc",
        ),
        q,
    )
    timed(
        results,
        "Problem processes list (web_read_group)",
        lambda: env["cx.process.report"].web_read_group(
            [],
            [
                "mentions:sum",
                "share:sum",
                "rank:max",
                "csi_score:avg",
                "client_count:count_distinct",
            ],
            ["process_id"],
            orderby="mentions desc",
        ),
        q,
    )
    timed(
        results,
        "Role x stage pivot on feedback",
        lambda: env["cx.feedback"].read_group(
            [], ["csi_average:avg"], ["role_id", "stage_id"], lazy=False
        ),
        q,
    )
    timed(
        results,
        "NPS pivot by client (one row per client)",
        lambda: env["cx.nps.report"].read_group(
            [],
            [
                "nps:avg",
                "promoter_share:avg",
                "passive_share:avg",
                "detractor_share:avg",
                "answers:sum",
            ],
            ["commercial_partner_id"],
        ),
        q,
    )
    timed(
        results,
        "NPS by segment x quarter",
        lambda: env["cx.nps.report"].read_group(
            [], ["nps:avg"], ["industry_id", "date:quarter"], lazy=False
        ),
        q,
    )
    timed(
        results,
        "Elements of value by level (pivot)",
        lambda: env["cx.value.report"].read_group(
            [], ["csi_score:avg", "complaints:sum"], ["level"]
        ),
        q,
    )
    timed(
        results,
        "Elements of value list (40 elements, neglected)",
        lambda: env["cx.value.element"].search([]).mapped("cx_neglected"),
        q,
    )
    timed(
        results,
        "Key drivers of NPS (wizard, all clients)",
        lambda: env["cx.driver.analysis"].create({}).action_compute(),
        q,
    )
    client = env["res.partner"].search([("name", "=", "Bench client 1")], limit=1)
    timed(results, "Role x stage grid of one client (CX tab)", lambda: client.cx_role_stage_html, q)
    timed(
        results,
        "Revenue at risk list (all clients)",
        lambda: env["res.partner"].search_read(
            [("is_company", "=", True), ("cx_annual_revenue", ">", 0)],
            ["cx_annual_revenue", "cx_churn_probability", "cx_revenue_at_risk"],
            order="cx_revenue_at_risk desc",
            limit=80,
        ),
        q,
    )
    timed(
        results,
        "Scheduled refresh: NPS + churn of all clients",
        lambda: env["res.partner"].sudo()._cx_refresh_all_nps(),
        60,
    )
    wizard = env["cx.workbook"].create({})
    content = timed(
        results,
        "Full CX workbook, all clients, all sections",
        lambda: wizard._build_workbook(wizard._selected_sections()),
        LIMITS["workbook"],
    )
    print(f"bench: workbook size {len(content) / 1024:.0f} KiB", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench_analysis")
    parser.add_argument("--feedback", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--no-update",
        action="store_true",
        help="use an existing database as it is, without updating cx_management in it",
    )
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args.db, update=not args.no_update)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        populate(env, args.clients, args.feedback)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT count(*), count(DISTINCT commercial_partner_id) FROM cx_feedback")
        count, clients = cr.fetchone()
        print(f"bench: {count} feedback over {clients} clients; CPUs: {os.cpu_count()}", flush=True)
        results = run(env)
        cr.rollback()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"bench: peak resident memory of this process {rss_mb:.0f} MiB "
        f"(limit {LIMITS['memory_mb']} MiB)",
        flush=True,
    )
    slow = [name for name, _s, _l, ok in results if ok != "ok"]
    if args.drop:
        odoo.modules.registry.Registry.delete(args.db)
        drop_database(args.db)
    print(
        "bench: "
        + (
            "all within limits"
            if not slow and rss_mb <= LIMITS["memory_mb"]
            else f"over the limit: {slow or 'memory'}"
        )
    )
    return 1 if slow or rss_mb > LIMITS["memory_mb"] else 0


if __name__ == "__main__":
    sys.exit(main())
