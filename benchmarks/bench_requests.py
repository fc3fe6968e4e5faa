#!/usr/bin/env python3
"""Benchmark of the feedback request cron of cx_management on a large database.

Builds CLIENTS client companies with three contacts each (one per contact role, all with an
e-mail address) and a year of operations (won opportunities, ``crm.lead.date_closed``, OPS per
client spread over the last 365 days) with bulk SQL inserts, then runs the body of the
scheduled action ``cx_management.ir_cron_cx_feedback_requests``
(``cx.feedback.rule._send_requests_batch()``, a commit per batch of 500 contacts) three times:

1. the daily run of a rule "3 days after a won deal" (catch-up 7 days): the operations of
   8 days, every contact of their clients, with the 90-day rest period;
2. the same run again on the same day: everything is logged, nothing is sent twice;
3. a catch-up of the whole year by a second rule (catch-up 365 days): every operation of the
   year, most contacts resting.

For each it prints the records, invitations sent, skips, seconds and SQL queries, split into
the queries of the invitations themselves (survey participations + the survey's invitation
mail, rendered and queued in batch) and those of everything else (finding the operations,
the contacts, the rest period, the blacklist, the log), per batch.

    python3 benchmarks/bench_requests.py [--db cx_bench_requests] [--clients 5000] [--ops 12]
                                         [--no-catch-up] [--drop] [--no-update]

./cx test runs it at a tiny size (--clients 20 --ops 2 --no-update).

Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT.
The database is created with cx_management when missing, else cx_management is updated
(a few minutes); earlier benchmark data (references CXREQ-...) is removed first.
"""

import argparse
import os
import sys
import time

from bench_common import HERE, drop_database, lend_defaults, open_registry

ROLES = ("economic", "technical", "operator")


def clean(env):
    """Remove the data of an earlier run."""
    cr = env.cr
    cr.execute("DELETE FROM cx_feedback_rule WHERE name LIKE 'CXREQ %%'")  # log: cascade
    cr.execute("DELETE FROM mail_mail WHERE email_to LIKE '%%@cxreq.example.com%%'")
    cr.execute(
        "DELETE FROM survey_user_input WHERE partner_id IN "
        "(SELECT id FROM res_partner WHERE ref LIKE 'CXREQ-%%')"
    )
    cr.execute("DELETE FROM crm_lead WHERE name LIKE 'CXREQ %%'")
    cr.execute("DELETE FROM res_partner WHERE ref LIKE 'CXREQ-%%' AND parent_id IS NOT NULL")
    cr.execute("DELETE FROM res_partner WHERE ref LIKE 'CXREQ-%%'")
    cr.commit()


def populate(env, clients, ops):
    """Bulk SQL: clients, three contacts each with a role and an e-mail, a year of won deals."""
    cr = env.cr
    company_id = env.company.id
    roles = [env.ref(f"cx_management.cx_contact_role_{code}").id for code in ROLES]
    take_back_defaults = lend_defaults(env, "res.partner", "crm.lead")
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, is_company, active, type, lang,
                                 company_id, create_uid, create_date, write_uid, write_date)
        SELECT 'CXREQ client ' || n, 'CXREQ client ' || n, 'CXREQ-' || n, true, true,
               'contact', 'en_US', %s, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM generate_series(1, %s) n
        """,
        [company_id, clients],
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE 'CXREQ-%%'")
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, is_company, active, type, lang,
                                 parent_id, commercial_partner_id, cx_role_id, email,
                                 email_normalized, company_id,
                                 create_uid, create_date, write_uid, write_date)
        SELECT 'Contact ' || r.k || ' of ' || p.name, p.name || ', Contact ' || r.k,
               p.ref || '-' || r.k, false, true, 'contact', 'en_US', p.id, p.id, r.role,
               lower(replace(p.ref, 'CXREQ-', 'c')) || '-' || r.k || '@cxreq.example.com',
               lower(replace(p.ref, 'CXREQ-', 'c')) || '-' || r.k || '@cxreq.example.com',
               %s, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM res_partner p
         CROSS JOIN unnest(%s::int[], ARRAY[1, 2, 3]) AS r(role, k)
         WHERE p.ref LIKE 'CXREQ-%%' AND p.is_company
        """,
        [company_id, roles],
    )
    # OPS won deals per client over the last 365 days
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, partner_id, company_id, probability,
                              date_closed, create_uid, create_date, write_uid, write_date)
        SELECT 'CXREQ ' || p.ref || ' deal ' || k, 'opportunity', true, p.id, %s, 100,
               (now() at time zone 'UTC') - (floor(random() * 365) || ' days')::interval,
               1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM res_partner p CROSS JOIN generate_series(1, %s) k
         WHERE p.ref LIKE 'CXREQ-%%' AND p.is_company
        """,
        [company_id, ops],
    )
    deals = cr.rowcount
    take_back_defaults()
    cr.execute("ANALYZE res_partner; ANALYZE crm_lead")
    cr.commit()
    return deals


def make_rule(env, name, lookback):
    Fields = env["ir.model.fields"]
    rule = env["cx.feedback.rule"].create(
        {
            "name": name,
            "model_id": env["ir.model"]._get_id("crm.lead"),
            "domain": "[('type', '=', 'opportunity'), ('probability', '=', 100)]",
            "date_field_id": Fields._get("crm.lead", "date_closed").id,
            "partner_field_id": Fields._get("crm.lead", "partner_id").id,
            "delay_days": 3,
            "lookback_days": lookback,
            "survey_id": env.ref("cx_management.survey_cx_technical").id,
        }
    )
    env.cr.commit()
    return rule


def instrument(env):
    """Count the queries and seconds spent on the invitations themselves, and per batch."""
    Rule = type(env["cx.feedback.rule"])
    counters = {"invite_queries": 0, "invite_seconds": 0.0, "batches": []}
    originals = {}

    def wrap(name, invitation):
        original = getattr(Rule, name)
        originals[name] = original

        def wrapper(self, *args, **kwargs):
            cr = self.env.cr
            queries, start = cr.sql_log_count, time.perf_counter()
            result = original(self, *args, **kwargs)
            queries, seconds = cr.sql_log_count - queries, time.perf_counter() - start
            if invitation:
                counters["invite_queries"] += queries
                counters["invite_seconds"] += seconds
            else:
                counters["batches"].append((len(args[0]), result, queries, seconds))
            return result

        setattr(Rule, name, wrapper)

    wrap("_create_answers", True)
    wrap("_send_invitations", True)
    wrap("_process_batch", False)

    def restore():
        for name, original in originals.items():
            setattr(Rule, name, original)

    return counters, restore


def timed_run(env, rule, title):
    counters, restore = instrument(env)
    cr = env.cr
    try:
        queries, start = cr.sql_log_count, time.perf_counter()
        stats, remaining = {"records": 0, "sent": 0, "skipped": 0}, True
        while remaining:  # what the cron runner does: one batch, a commit, again
            batch, remaining = rule._send_requests_batch()
            cr.commit()
            stats = {key: stats[key] + batch[key] for key in stats}
        seconds, queries = time.perf_counter() - start, cr.sql_log_count - queries
    finally:
        restore()
    other = queries - counters["invite_queries"]
    print(f"\n{title}", flush=True)
    print(
        f"  operations: {stats['records']}  sent: {stats['sent']}  skipped: {stats['skipped']}  "
        f"seconds: {seconds:.2f}  queries: {queries}"
    )
    print(
        f"  invitations (participations + queued mails): {counters['invite_queries']} queries, "
        f"{counters['invite_seconds']:.2f} s"
        + (
            f" = {counters['invite_queries'] / stats['sent']:.2f} queries and "
            f"{1000 * counters['invite_seconds'] / stats['sent']:.1f} ms per invitation"
            if stats["sent"]
            else ""
        )
    )
    pairs = sum(b[0] for b in counters["batches"])
    print(
        f"  everything else: {other} queries, {seconds - counters['invite_seconds']:.2f} s"
        + (f" = {other / pairs:.3f} queries per (operation, contact) pair" if pairs else "")
    )
    if counters["batches"]:
        print("  batch    pairs   sent  skipped  queries  seconds")
        for i, (size, (sent, skipped), batch_queries, batch_seconds) in enumerate(
            counters["batches"], 1
        ):
            if i <= 5 or i == len(counters["batches"]):
                print(
                    f"  {i:5d}  {size:7d}  {sent:5d}  {skipped:7d}  {batch_queries:7d}  "
                    f"{batch_seconds:7.2f}"
                )
            elif i == 6:
                print("    ...")
    return stats


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench_requests")
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--ops", type=int, default=12, help="operations per client and year")
    parser.add_argument("--no-catch-up", action="store_true", help="skip the year catch-up run")
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
        clean(env)
        start = time.perf_counter()
        deals = populate(env, args.clients, args.ops)
        print(
            f"bench: {args.clients} clients x 3 contacts, {deals} won deals over a year, "
            f"built in {time.perf_counter() - start:.1f} s; CPUs: {os.cpu_count()}",
            flush=True,
        )
        daily = make_rule(env, "CXREQ 3 days after a won deal", 7)
        timed_run(env, daily, "1. daily run (operations of 8 days, every contact, rest 90 days)")
        timed_run(env, daily, "2. the same run again the same day (nothing twice)")
        if not args.no_catch_up:
            year = make_rule(env, "CXREQ catch-up of the year", 365)
            timed_run(env, year, "3. catch-up of the whole year by a second rule")
        cr.execute("SELECT count(*) FROM mail_mail WHERE email_to LIKE '%%@cxreq.example.com%%'")
        print(f"\nbench: {cr.fetchone()[0]} invitation mails queued in total", flush=True)
    if args.drop:
        odoo.modules.registry.Registry.delete(args.db)
        drop_database(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
