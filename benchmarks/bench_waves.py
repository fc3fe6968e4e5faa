#!/usr/bin/env python3
"""Benchmark of hearing every client: a relationship wave's daily step, the reminders and the
coverage of all clients, on a large database.

Builds CLIENTS client companies with three contacts each (one per contact role, an e-mail
address each), a salesperson (active clients) and a revenue, and FEEDBACK feedback records of a
third of the contacts over two years (bulk SQL), then times:

1. a wave's first day (`cx.feedback.rule._send_waves_batch()` in a loop with a commit per
   batch, what the cron runner does): a rule spread over WAVE_DAYS days asks
   ceil(contacts / WAVE_DAYS) contacts, never more than the cap (1,000 by default);
2. the same step again the same day: nothing sent twice;
3. the reminders of those invitations seven days later
   (`cx.feedback.request._send_reminders_batch()` in a loop with commits);
4. the dashboard's coverage of all clients (`cx.dashboard._cx_coverage()`, active clients,
   revenue and roles heard, the funnel and the silences) and the silence-alert selection.

    python3 benchmarks/bench_waves.py [--db cx_bench_waves] [--clients 5000]
                                      [--feedback 20000] [--wave-days 15] [--cap 1000]
                                      [--drop] [--no-update]

./cx test runs it at a tiny size (--clients 20 --feedback 40 --no-update).

Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT.
The database is created with cx_management when missing, else cx_management is updated
(a few minutes); earlier benchmark data (references CXREQ-...) is removed first.
"""

import argparse
import datetime
import os
import sys
import time

from bench_common import HERE, drop_database, open_registry
from bench_requests import clean as clean_requests
from bench_requests import populate

LIMITS = {"wave": 60.0, "reminders": 60.0, "coverage": 2.0}


def clean(env):
    """Remove the data of an earlier run: its feedback, then what bench_requests removes."""
    env.cr.execute(
        "DELETE FROM cx_feedback WHERE partner_id IN "
        "(SELECT id FROM res_partner WHERE ref LIKE 'CXREQ-%%')"
    )
    env.cr.execute(
        "DELETE FROM mail_mail WHERE mail_message_id IN "
        "(SELECT id FROM mail_message WHERE model = 'cx.feedback.request')"
    )
    env.cr.execute("DELETE FROM mail_message WHERE model = 'cx.feedback.request'")
    clean_requests(env)


def prepare(env, feedback):
    """Salespeople and revenues (active clients), feedback of a third of the contacts, and
    cx_date_last_heard set as its compute would."""
    cr = env.cr
    cr.execute(
        # the annual revenue is company-dependent (jsonb per company id)
        "UPDATE res_partner SET user_id = %s, "
        "cx_annual_revenue = jsonb_build_object(%s::text, 1000 + (id %% 97) * 1000) "
        "WHERE ref LIKE 'CXREQ-%%' AND is_company",
        [env.ref("base.user_admin").id, env.company.id],
    )
    cr.execute(
        """
        INSERT INTO cx_feedback (partner_id, commercial_partner_id, role_id, channel, date,
                                 user_id, csi_score, csi_average, polarity, alert_state,
                                 company_id, create_date, write_date)
        SELECT c.id, c.commercial_partner_id, c.cx_role_id, 'interview',
               current_date - (random() * 730)::int, 2, 4, 4.0, 'praise', 'none', %s,
               now(), now()
          FROM (SELECT id, commercial_partner_id, cx_role_id,
                       row_number() OVER (ORDER BY id) AS n
                  FROM res_partner WHERE ref LIKE 'CXREQ-%%' AND NOT is_company) c
          JOIN generate_series(1, %s) g ON c.n = 1 + (g * 7) %% greatest(%s, 1)
        """,
        [env.company.id, feedback, max(feedback // 2, 1)],
    )
    cr.execute(
        """
        UPDATE res_partner p SET cx_date_last_heard = f.last
          FROM (SELECT partner_id, max(date) AS last FROM cx_feedback GROUP BY partner_id) f
         WHERE f.partner_id = p.id AND p.ref LIKE 'CXREQ-%%'
        """
    )
    cr.execute(
        """
        UPDATE res_partner p SET cx_date_last_heard = f.last
          FROM (SELECT commercial_partner_id AS id, max(date) AS last FROM cx_feedback
                 GROUP BY commercial_partner_id) f
         WHERE f.id = p.id AND p.ref LIKE 'CXREQ-%%'
        """
    )
    cr.execute("ANALYZE res_partner; ANALYZE cx_feedback")
    cr.commit()


def timed(cr, step):
    """Call `step` (one batch) until it reports nothing left, a commit after each call."""
    queries, start, total = cr.sql_log_count, time.perf_counter(), 0
    while True:
        done, remaining = step()
        cr.commit()
        total += done
        if not remaining:
            break
    return total, time.perf_counter() - start, cr.sql_log_count - queries


def report(title, count, seconds, queries, limit):
    verdict = "ok" if seconds <= limit else f"OVER the {limit:.0f} s limit"
    print(
        f"\n{title}\n  {count} done in {seconds:.2f} s, {queries} queries ({verdict})", flush=True
    )
    return seconds <= limit


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench_waves")
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--feedback", type=int, default=20_000)
    parser.add_argument("--wave-days", type=int, default=15)
    parser.add_argument("--cap", type=int, default=1_000)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--no-update", action="store_true", help="use the database as it is")
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args.db, update=not args.no_update)
    ok = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        clean(env)
        start = time.perf_counter()
        populate(env, args.clients, 0)
        prepare(env, args.feedback)
        print(
            f"bench: {args.clients} clients x 3 contacts, {args.feedback} feedback, built in "
            f"{time.perf_counter() - start:.1f} s; CPUs: {os.cpu_count()}",
            flush=True,
        )
        rule = env["cx.feedback.rule"].create(
            {
                "name": "CXREQ quarterly wave",
                "kind": "wave",
                "survey_id": env.ref("cx_management.survey_cx_technical").id,
                "wave_months": 3,
                "wave_days": args.wave_days,
                "daily_cap": args.cap,
                "reminder_days": 7,
            }
        )
        cr.commit()

        def wave_step():
            stats = rule._send_waves_batch()
            return stats["sent"] + stats["skipped"], stats["remaining"]

        count, seconds, queries = timed(cr, wave_step)
        ok &= report("1. a wave's daily step", count, seconds, queries, LIMITS["wave"])
        count, seconds, queries = timed(cr, wave_step)
        ok &= report("2. the same step again the same day", count, seconds, queries, 5.0)
        if count:
            print("  FAILED: something was sent twice")
            ok = False

        cr.execute(
            "UPDATE cx_feedback_request SET date_sent = date_sent - interval '7 days' "
            "WHERE rule_id = %s",
            [rule.id],
        )
        cr.commit()
        Request = env["cx.feedback.request"]
        count, seconds, queries = timed(cr, lambda: Request._send_reminders_batch())
        ok &= report(
            "3. the reminders seven days later", count, seconds, queries, LIMITS["reminders"]
        )

        Dashboard = env["cx.dashboard"].with_user(env.ref("base.user_admin"))
        today = datetime.date.today()
        period = {
            "date_from": (today - datetime.timedelta(days=90)).isoformat(),
            "date_to": today.isoformat(),
            "label": "bench",
        }
        env.invalidate_all()
        queries, start = cr.sql_log_count, time.perf_counter()
        coverage = Dashboard._cx_coverage(period, Dashboard._cx_client_domain())
        seconds = time.perf_counter() - start
        ok &= report(
            f"4. coverage of all clients ({coverage['heard']} of {coverage['active']} heard)",
            coverage["active"],
            seconds,
            cr.sql_log_count - queries,
            LIMITS["coverage"],
        )
        queries, start = cr.sql_log_count, time.perf_counter()
        silent = env["res.partner"]._cx_silent_contacts(today)
        ok &= report(
            "5. the silent key contacts",
            len(silent),
            time.perf_counter() - start,
            cr.sql_log_count - queries,
            LIMITS["coverage"],
        )
        clean(env)
    if args.drop:
        odoo.modules.registry.Registry.delete(args.db)
        drop_database(args.db)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
