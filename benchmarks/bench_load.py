#!/usr/bin/env python3
"""Load benchmark of cx_management on Odoo's multi-worker server, then an integrity check.

On a database with cx_management (created when missing) it builds the data (feedback history
of bench_analysis.py, the CSI clients of bench_csi.py, the won deals and the rule of
bench_requests.py, plus portal clients, salespeople, a CX manager, overdue actions and overdue
alerts), starts Odoo itself with ``--workers`` and ``--max-cron-threads`` on 127.0.0.1
(through odoo-bin: prefork re-executes its program) and runs USERS concurrent users against it
for at most SECONDS and MAX_REQUESTS requests:

* portal clients: their home, their actions, the feedback form, a post of it (with its CSRF
  token and submission token; one post in ten sent twice, as a double click), the thank-you
  page;
* salespeople (JSON-RPC): their feedback list, then a feedback logged after a call;
* a CX manager: the analysis views (web_read_group / read_group / web_search_read of the
  report models) and, one round in four, the CX workbook built and downloaded;
* a CX manager pressing Recompute on clients' CSI (call_button);

while the cron workers run the CSI, NPS, alert escalation, feedback request and overdue reminder
crons (triggered at the start and again every CRON_EVERY seconds). It prints requests per
second and p50 / p95 / p99 per endpoint, errors (any 5xx, refused connection or JSON-RPC error
fails), waits for the crons to finish, stops the server and checks:

* every accepted portal post is exactly one feedback (a double post answered with the same
  one), every JSON-RPC create exactly one, nothing else was saved;
* every one that needs an alert has exactly one alert activity and, for the portal, exactly one
  acknowledgement mail; the others none;
* the overdue alerts escalated once (one activity per CX manager), the overdue actions reminded
  once, no duplicate open activity anywhere, no duplicate snapshot or feedback request;
* every CSI snapshot of the CSI clients (and their block scores, and the clients' CSI) equals a
  clean recomputation of every period, and every client's NPS and revenue at risk equal a
  clean refresh (both rolled back).

Usage (from the repository root):

    python3 benchmarks/bench_load.py --db cx_load_bench --users 20 --seconds 90

./cx test runs it at a tiny size (``--smoke``: 6 users, 2 workers, a few seconds) on a copy of
its test database, asserting no error and the integrity, not the latencies.
Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT. The server
listens on 127.0.0.1:PORT (its gevent process on GEVENT_PORT, default PORT + 100); no other
host is contacted.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
from bench_common import (
    HERE,
    install,
    odoo_args,
    odoo_launcher,
)
from passlib.hash import pbkdf2_sha512

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PASSWORD = "cx-load-bench"  # the benchmark users' password (a throwaway database)
CRONS = {
    "csi": "cx_management.ir_cron_cx_compute_csi",
    "csi_queue": "cx_management.ir_cron_cx_compute_csi_queue",
    "nps": "cx_management.ir_cron_cx_compute_nps",
    "escalate": "cx_management.ir_cron_cx_escalate_alerts",
    "requests": "cx_management.ir_cron_cx_feedback_requests",
    "reminders": "cx_management.ir_cron_cx_action_remind",
}
TARGETS = {"portal": 1.0, "analysis": 2.0}  # p95 seconds, reported (asserted with --strict)
HTTP_TIMEOUT = 120


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_load_bench", help="database (created if missing)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users")
    parser.add_argument("--seconds", type=float, default=90, help="at most this long")
    parser.add_argument("--max-requests", type=int, default=20000, help="at most this many")
    parser.add_argument("--workers", type=int, default=3, help="Odoo's HTTP workers")
    parser.add_argument("--cron-threads", type=int, default=2, help="Odoo's cron workers")
    parser.add_argument("--port", type=int, default=8303, help="HTTP port (must be free)")
    parser.add_argument(
        "--gevent-port", type=int, default=None, help="gevent port (default: port + 100)"
    )
    parser.add_argument("--clients", type=int, default=2000, help="clients with feedback history")
    parser.add_argument("--feedback", type=int, default=50000, help="feedback history")
    parser.add_argument("--csi-clients", type=int, default=1000, help="clients with metric values")
    parser.add_argument("--request-clients", type=int, default=200, help="clients with won deals")
    parser.add_argument("--cron-every", type=float, default=30, help="seconds between triggers")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--no-update", action="store_true", help="use the database as it is")
    parser.add_argument("--keep-log", action="store_true", help="keep the server log")
    parser.add_argument(
        "--allow-no-gevent",
        action="store_true",
        help="report, without failing, a gevent process that does not start (--smoke does)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="also fail when a p95 misses its target"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the ./cx test size: 6 users, 2 workers, 1 cron worker, 8 s, tiny data",
    )
    args = parser.parse_args()
    if args.gevent_port is None:
        args.gevent_port = args.port + 100
    if args.smoke:
        args.users, args.seconds, args.max_requests = 6, 8, 400
        args.workers, args.cron_threads, args.cron_every = 2, 1, 60
        args.allow_no_gevent = True
        args.clients, args.feedback, args.csi_clients, args.request_clients = 10, 100, 12, 6
    if args.users < 4:
        parser.error("--users: at least 4 (portal, sales, analysis, recompute)")
    return args


# ------------------------------------------------------------
# DATA
# ------------------------------------------------------------


def prepare(env, args):
    """Everything the users and the crons work on, committed; returns what the users need."""
    import bench_analysis
    import bench_csi
    import bench_requests

    from odoo.addons.cx_management.models.res_config_settings import PARAM_PORTAL_LIMIT

    cr = env.cr
    # the analysis history first: its contacts are made for every 'Bench client %'
    bench_analysis.populate(env, args.clients, args.feedback)
    bench_csi.build_data(env, args.csi_clients)
    cr.execute("DELETE FROM cx_csi_snapshot")
    env["ir.config_parameter"].set_param("cx_management.csi_cron_run", False)
    cr.commit()
    bench_requests.clean(env)
    bench_requests.populate(env, args.request_clients, 2)
    bench_requests.make_rule(env, "CXREQ load rule", 7)
    roles = [
        env.ref(f"cx_management.cx_contact_role_{code}")
        for code in ("economic", "technical", "operator")
    ]
    portal_count = args.users - 2 - max(1, args.users // 5)
    sales_count = max(1, args.users // 5)
    Users = env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)

    def user(login, groups, **values):
        existing = Users.search([("login", "=", login)])
        if existing:
            return existing
        return Users.create(
            dict(
                values,
                login=login,
                password=PASSWORD,
                email=values.get("email", f"{login}@cxload.example.com"),
                groups_id=[(6, 0, [env.ref(group).id for group in groups])],
            )
        )

    manager = user(
        "cxload_manager",
        ["base.group_user", "cx_management.cx_management_group_manager"],
        name="CX Load Manager",
    )
    presser = user(
        "cxload_recompute",
        ["base.group_user", "cx_management.cx_management_group_manager"],
        name="CX Load Recompute",
    )
    sales = [
        user(f"cxload_sales_{n}", ["sales_team.group_sale_salesman"], name=f"CX Load Sales {n}")
        for n in range(1, sales_count + 1)
    ]
    env["ir.config_parameter"].set_param("cx_management.alert_manager_id", manager.id)
    portal, contacts = [], []
    Partner = env["res.partner"]
    for n in range(1, portal_count + 1):
        ref = f"CXLOAD-{n}"
        client = Partner.search([("ref", "=", ref)]) or Partner.create(
            {"name": f"Load client {n}", "ref": ref, "is_company": True}
        )
        client.user_id = sales[n % len(sales)]
        contact = Partner.search([("parent_id", "=", client.id), ("ref", "=", ref + "-P")])
        if not contact:
            contact = Partner.create(
                {
                    "name": f"Load contact {n}",
                    "ref": ref + "-P",
                    "parent_id": client.id,
                    "email": f"contact{n}@cxload.example.com",
                    "cx_role_id": roles[n % 3].id,
                }
            )
            user(f"cxload_portal_{n}", ["base.group_portal"], partner_id=contact.id)
        portal.append(f"cxload_portal_{n}")
        contacts.append(contact.id)
        # one published action per client: the portal list and its page have a row
        if not env["cx.action"].search_count([("partner_id", "=", client.id)]):
            env["cx.action"].create(
                {
                    "name": f"Faster certificates for {client.name}",
                    "partner_id": client.id,
                    "portal_published": True,
                    "client_summary": "<p>We are working on it.</p>",
                }
            )
    # overdue work for the crons: open actions past their deadline, alerts past theirs
    old = env["cx.action"].create(
        [
            {
                "name": f"CXLOAD overdue action {n}",
                "partner_id": Partner.browse(contacts[n % len(contacts)]).parent_id.id,
                "user_id": sales[n % len(sales)].id,
                "date_deadline": "2020-01-01",
            }
            for n in range(max(5, portal_count))
        ]
    )
    overdue = (
        env["cx.feedback"]
        .with_context(cx_no_acknowledgement=True)
        .create(
            [
                {
                    "partner_id": contacts[n % len(contacts)],
                    "channel": "call",
                    "csi_score": 1,
                    "nps_score": 2,
                    "comment": f"CXLOAD overdue alert {n}",
                }
                for n in range(max(5, portal_count))
            ]
        )
    )
    overdue.flush_recordset()
    cr.execute(
        "UPDATE cx_feedback SET alert_date_deadline = '2020-01-01' WHERE id = ANY(%s)",
        [overdue.ids],
    )
    env["ir.config_parameter"].set_param(PARAM_PORTAL_LIMIT, 100000)
    # the benchmark's users log in with a cheap hash: the load measures cx_management, not the
    # 600,000 rounds of PBKDF2 of each login
    cr.execute(
        "UPDATE res_users SET password = %s WHERE login LIKE 'cxload\\_%%'",
        [pbkdf2_sha512.using(rounds=1000).hash(PASSWORD)],
    )
    # every won deal of the request clients closed 4 days ago, inside the rule's window
    cr.execute(
        "UPDATE crm_lead SET date_closed = now() at time zone 'UTC' - interval '4 days' "
        "WHERE name LIKE 'CXREQ %%'"
    )
    # the other crons ran today, as on a running server: only the crons of the load run
    load_crons = [env.ref(xmlid).id for xmlid in CRONS.values()]
    cr.execute("DELETE FROM ir_cron_trigger WHERE cron_id != ALL(%s)", [load_crons])
    cr.execute(
        "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day' "
        "WHERE id != ALL(%s)",
        [load_crons],
    )
    # no SMTP server here: the mail queue stays, so that the acknowledgements can be counted
    env.ref("mail.ir_cron_mail_scheduler_action").active = False
    csi_clients = Partner.search([("ref", "=like", "CXBENCH-%")]).ids
    cr.execute("ANALYZE")
    cr.commit()
    return {
        "portal": portal,
        "sales": [u.login for u in sales],
        "manager": manager.login,
        "presser": presser.login,
        "contacts": contacts,
        "csi_clients": csi_clients,
        "overdue_actions": old.ids,
        "overdue_alerts": overdue.ids,
        "recomputes": [],
    }


# ------------------------------------------------------------
# SERVER
# ------------------------------------------------------------


def port_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_server(args, workdir):
    for port in (args.port, args.gevent_port):
        if not port_free(port):
            sys.exit(f"load: port {port} of 127.0.0.1 is in use: choose another --port")
    launcher = odoo_launcher(workdir)
    log = os.path.join(workdir, "odoo.log")
    command = [
        *launcher,
        *odoo_args(args.db),
        f"--db-filter=^{re.escape(args.db)}$",
        "--http-interface=127.0.0.1",
        f"--http-port={args.port}",
        f"--gevent-port={args.gevent_port}",
        f"--workers={args.workers}",
        f"--max-cron-threads={args.cron_threads}",
        "--limit-time-cpu=120",
        "--limit-time-real=240",
        "--limit-time-real-cron=3600",
        "--limit-memory-soft=1610612736",
        "--limit-memory-hard=2147483648",
        "--log-level=info",
        f"--logfile={log}",
    ]
    print(
        f"load: starting {os.path.basename(launcher[-1])} --workers={args.workers} "
        f"--max-cron-threads={args.cron_threads} on 127.0.0.1:{args.port}",
        flush=True,
    )
    process = subprocess.Popen(command, start_new_session=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"load: the server stopped at once (exit {process.returncode}); log {log}")
        try:
            if requests.get(f"http://127.0.0.1:{args.port}/web/login", timeout=30).ok:
                break
        except requests.RequestException:
            time.sleep(0.5)
            continue
        time.sleep(0.5)
    else:
        stop_server(process)
        sys.exit(f"load: the server did not answer within 180 s; log {log}")
    print("load: server up", flush=True)
    return process, log


def gevent_up(args, wait):
    """Whether the gevent process listens on its port (it starts after the HTTP workers)."""
    deadline = time.monotonic() + wait
    while True:
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", args.gevent_port)) == 0:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def db_connection():
    import psycopg2
    from bench_common import DB_HOST, DB_PASSWORD, DB_PORT, DB_USER

    def connect(db):
        conn = psycopg2.connect(
            dbname=db, user=DB_USER, password=DB_PASSWORD, host=DB_HOST, port=DB_PORT
        )
        conn.autocommit = True
        return conn

    return connect


def notify_crons(db):
    """Wake the cron workers up as ir.cron._notifydb does (they LISTEN on the postgres
    database: a NOTIFY is seen only in the database it is sent in)."""
    conn = db_connection()("postgres")
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT pg_notify('cron_trigger', %s)", [db])
    finally:
        conn.close()


def trigger_crons(conn, db, cron_ids):
    with conn.cursor() as cr:
        cr.execute(
            "INSERT INTO ir_cron_trigger (cron_id, call_at) "
            "SELECT unnest(%s::int[]), now() at time zone 'UTC'",
            [list(cron_ids.values())],
        )
    notify_crons(db)


def db_now(conn):
    """The database's clock, in UTC as Odoo stores datetimes."""
    with conn.cursor() as cr:
        cr.execute("SELECT now() at time zone 'UTC'")
        return cr.fetchone()[0]


def wait_for_crons(conn, db, cron_ids, since, timeout):
    """Until every cron ran after `since` (None: any time), none has a due trigger and none is
    running. Odoo stores `lastcall` in whole seconds: a cron that ended in the second of `since`
    counts (its trigger, inserted after `since`, would otherwise still be due)."""
    deadline = time.monotonic() + timeout
    ids = list(cron_ids.values())
    while time.monotonic() < deadline:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = ANY(%s) "
                "AND call_at <= now() at time zone 'UTC'",
                [ids],
            )
            due = cr.fetchone()[0]
            not_run = 0
            if since is not None:
                cr.execute(
                    "SELECT count(*) FROM ir_cron WHERE id = ANY(%s) "
                    "AND (lastcall IS NULL OR lastcall < date_trunc('second', %s::timestamp))",
                    [ids, since],
                )
                not_run = cr.fetchone()[0]
            busy = 0
            if not (due or not_run):
                cr.execute("BEGIN")
                try:
                    cr.execute(
                        "SELECT id FROM ir_cron WHERE id = ANY(%s) FOR NO KEY UPDATE NOWAIT", [ids]
                    )
                except Exception:  # noqa: BLE001 - a lock held by a running cron
                    busy = 1
                cr.execute("ROLLBACK")
        if not (due or not_run or busy):
            return True
        notify_crons(db)
        time.sleep(1)
    return False


def print_cron_state(conn, cron_ids, since, log):
    """What the cron workers left undone, and what they said about it: for a round that did
    not finish (each cron's last call, due triggers, progress, and the cron lines of the log)."""
    names = {cron_id: name for name, cron_id in cron_ids.items()}
    with conn.cursor() as cr:
        cr.execute(
            "SELECT c.id, c.active, c.lastcall, c.nextcall, c.failure_count, "
            "(SELECT count(*) FROM ir_cron_trigger t WHERE t.cron_id = c.id "
            " AND t.call_at <= now() at time zone 'UTC'), "
            "(SELECT max(p.timed_out_counter) FROM ir_cron_progress p WHERE p.cron_id = c.id) "
            "FROM ir_cron c WHERE c.id = ANY(%s) ORDER BY c.id",
            [list(cron_ids.values())],
        )
        for cron_id, active, lastcall, nextcall, failures, due, timed_out in cr.fetchall():
            print(
                f"cron {names[cron_id]}: active {active}, last call {lastcall} (round began "
                f"{since}), next call {nextcall}, failures {failures}, due triggers {due}, "
                f"timed-out counter {timed_out}",
                flush=True,
            )
        cr.execute("SELECT name, state FROM ir_module_module WHERE state LIKE 'to %%'")
        for name, state in cr.fetchall():
            print(f"module {name}: {state} (Odoo's cron workers skip such a database)", flush=True)
    with open(log, encoding="utf-8", errors="replace") as lines:
        cron_lines = [line.rstrip() for line in lines if re.search(r"cron|Cron|Skipping", line)]
    for line in cron_lines[-25:]:
        print(f"server: {line}", flush=True)


# ------------------------------------------------------------
# USERS
# ------------------------------------------------------------


class Stats:
    def __init__(self, max_requests, deadline):
        self.lock = threading.Lock()
        self.samples = {}
        self.errors = []
        self.count = 0
        self.max_requests = max_requests
        self.deadline = deadline
        self.posts = {}  # portal token -> feedback id
        self.double_posts = []  # (token, first id, second id)
        self.logged = {}  # JSON-RPC marker -> feedback id
        self.scores = {}  # portal token or marker -> (csi, nps)

    def more(self):
        with self.lock:
            return self.count < self.max_requests and time.monotonic() < self.deadline

    def record(self, endpoint, seconds, error=None):
        with self.lock:
            self.count += 1
            self.samples.setdefault(endpoint, []).append(seconds)
            if error:
                self.errors.append(f"{endpoint}: {error}")


class User:
    """One browser: a requests session, logged in, timing every call."""

    def __init__(self, base, stats, login, rng):
        self.base, self.stats, self.login, self.rng = base, stats, login, rng
        self.session = requests.Session()

    def http(self, endpoint, method, path, **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, timeout=HTTP_TIMEOUT, allow_redirects=False, **kwargs
            )
        except requests.RequestException as error:
            self.stats.record(endpoint, time.perf_counter() - started, repr(error))
            return None
        seconds = time.perf_counter() - started
        error = f"HTTP {response.status_code}" if response.status_code >= 400 else None
        if not error and path.startswith(("/web/dataset", "/web/session")):
            body = response.json() if response.ok else {}
            if "error" in body:
                error = "JSON-RPC " + json.dumps(body["error"].get("data", {}).get("name"))
        self.stats.record(endpoint, seconds, error)
        return None if error else response

    def rpc(self, endpoint, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        response = self.http(endpoint, "POST", path, json=payload)
        return None if response is None else response.json().get("result")

    def call(self, endpoint, model, method, args, kwargs=None, button=False):
        route = "call_button" if button else "call_kw"
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
        return self.rpc(endpoint, f"/web/dataset/{route}/{model}/{method}", params)

    def authenticate(self, db):
        result = self.rpc(
            "login",
            "/web/session/authenticate",
            {"db": db, "login": self.login, "password": PASSWORD},
        )
        if not result or not result.get("uid"):
            self.stats.record("login", 0, f"login of {self.login} refused")


TOKEN = re.compile(r'name="(csrf_token|portal_token)"\s+(?:t-att-)?value="([^"]+)"')


def portal_user(user, shared):
    while user.stats.more():
        user.http("portal: /my", "GET", "/my")
        page = user.http("portal: /my/cx/actions", "GET", "/my/cx/actions")
        if page is not None and user.rng.random() < 0.5:
            ids = re.findall(r'href="/my/cx/actions/(\d+)', page.text)
            if ids:
                user.http("portal: action page", "GET", f"/my/cx/actions/{ids[0]}")
        form = user.http("portal: feedback form", "GET", "/my/cx/feedback")
        if form is None:
            continue
        tokens = dict(TOKEN.findall(form.text))
        if set(tokens) != {"csrf_token", "portal_token"}:
            user.stats.record("portal: feedback form", 0, "no CSRF or submission token")
            continue
        csi, nps = user.rng.randint(1, 5), user.rng.randint(0, 10)
        data = dict(tokens, csi_score=str(csi), nps_score=str(nps), comment="CXLOAD portal")
        sent = user.http("portal: post feedback", "POST", "/my/cx/feedback/submit", data=data)
        if sent is None:
            continue
        match = re.search(r"feedback_id=(\d+)", sent.headers.get("Location", ""))
        if sent.status_code != 303 or not match:
            user.stats.record("portal: post feedback", 0, f"not accepted ({sent.status_code})")
            continue
        feedback_id = int(match.group(1))
        with user.stats.lock:
            user.stats.posts[tokens["portal_token"]] = feedback_id
            user.stats.scores[tokens["portal_token"]] = (csi, nps)
        if user.rng.random() < 0.1:  # a double click: the same form again
            again = user.http("portal: post again", "POST", "/my/cx/feedback/submit", data=data)
            if again is not None:
                match = re.search(r"feedback_id=(\d+)", again.headers.get("Location", ""))
                second = int(match.group(1)) if match else None
                with user.stats.lock:
                    user.stats.double_posts.append((tokens["portal_token"], feedback_id, second))
        user.http(
            "portal: thank-you page", "GET", f"/my/cx/feedback/thanks?feedback_id={feedback_id}"
        )


def sales_user(user, shared):
    spec = {
        "partner_id": {"fields": {"display_name": {}}},
        "date": {},
        "csi_score": {},
        "nps_score": {},
        "alert_state": {},
    }
    while user.stats.more():
        user.call(
            "sales: feedback list",
            "cx.feedback",
            "web_search_read",
            [],
            {"domain": [], "specification": spec, "limit": 80, "order": "date desc"},
        )
        marker = f"CXLOAD call {uuid.uuid4().hex}"
        csi, nps = user.rng.randint(1, 5), user.rng.randint(0, 10)
        vals = {
            "partner_id": user.rng.choice(shared["contacts"]),
            "channel": "call",
            "csi_score": csi,
            "nps_score": nps,
            "comment": marker,
        }
        result = user.call("sales: log feedback", "cx.feedback", "create", [[vals]])
        if result:
            with user.stats.lock:
                user.stats.logged[marker] = result[0]
                user.stats.scores[marker] = (csi, nps)


def analysis_user(user, shared):
    topic_fields = ["mentions:count_distinct", "share:sum", "cumulative_share:sum"]
    rounds = 0
    while user.stats.more():
        rounds += 1
        user.call(
            "analysis: Pareto (web_read_group)",
            "cx.topic.report",
            "web_read_group",
            [],
            {
                "domain": [],
                "fields": topic_fields,
                "groupby": ["root_topic_id"],
                "orderby": "mentions desc",
                "lazy": True,
            },
        )
        user.call(
            "analysis: problem processes",
            "cx.process.report",
            "web_read_group",
            [],
            {
                "domain": [],
                "fields": ["mentions:sum", "share:sum", "csi_score:avg"],
                "groupby": ["process_id"],
                "orderby": "mentions desc",
                "lazy": True,
            },
        )
        user.call(
            "analysis: NPS pivot",
            "cx.nps.report",
            "read_group",
            [],
            {
                "domain": [],
                "fields": ["nps:avg", "answers:sum"],
                "groupby": ["industry_id", "date:quarter"],
                "lazy": False,
            },
        )
        user.call(
            "analysis: role x stage pivot",
            "cx.feedback",
            "read_group",
            [],
            {
                "domain": [],
                "fields": ["csi_average:avg"],
                "groupby": ["role_id", "stage_id"],
                "lazy": False,
            },
        )
        user.call(
            "analysis: NPS list",
            "cx.nps.report",
            "web_search_read",
            [],
            {
                "domain": [],
                "specification": {"commercial_partner_id": {}, "nps": {}, "answers": {}},
                "limit": 80,
            },
        )
        if rounds % 4 == 1 and user.stats.more():
            wizard = user.call("workbook: create", "cx.workbook", "create", [[{}]])
            if wizard:
                action = user.call(
                    "workbook: build", "cx.workbook", "action_export", [wizard], button=True
                )
                url = (action or {}).get("url")
                if url:
                    file = user.http("workbook: download", "GET", url)
                    if file is not None and not file.content.startswith(b"PK"):
                        user.stats.record("workbook: download", 0, "not an xlsx file")


def recompute_user(user, shared):
    while user.stats.more():
        clients = user.rng.sample(shared["csi_clients"], min(5, len(shared["csi_clients"])))
        result = user.call(
            "Recompute (5 clients)",
            "res.partner",
            "action_cx_recompute_csi",
            [clients],
            button=True,
        )
        # computed at once: no action (call_button answers False); queued behind the CSI
        # cron: the notification that says so (None: the call failed, counted as an error)
        if result is not None:
            shared["recomputes"].append(not isinstance(result, dict))
        time.sleep(0.5)  # a person pressing a button


def run_load(args, shared):
    rng = random.Random(args.seed)
    base = f"http://127.0.0.1:{args.port}"
    stats = Stats(args.max_requests, float("inf"))
    plan = (
        [(login, portal_user) for login in shared["portal"]]
        + [(login, sales_user) for login in shared["sales"]]
        + [(shared["manager"], analysis_user), (shared["presser"], recompute_user)]
    )
    users = [User(base, stats, login, random.Random(rng.random())) for login, _ in plan]

    def log_in(user):
        if user.login in shared["portal"]:
            response = user.http("login", "GET", "/web/login")
            csrf = dict(TOKEN.findall(response.text)).get("csrf_token") if response else None
            data = {"login": user.login, "password": PASSWORD, "csrf_token": csrf or ""}
            done = user.http("login", "POST", "/web/login", data=data)
            if done is not None and done.status_code != 303:
                user.stats.record("login", 0, f"login of {user.login} refused")
        else:
            user.authenticate(args.db)

    logins = [threading.Thread(target=log_in, args=(user,)) for user in users]
    for thread in logins:
        thread.start()
    for thread in logins:
        thread.join()
    stats.samples.pop("login", None)
    if stats.errors:
        return stats, 0.0
    stats.count = 0
    started = time.monotonic()
    stats.deadline = started + args.seconds
    threads = [
        threading.Thread(target=role, args=(user, shared), daemon=True)
        for user, (_login, role) in zip(users, plan, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, time.monotonic() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(stats, seconds, strict):
    print(f"load: {stats.count} requests in {seconds:.1f} s = {stats.count / seconds:.1f} req/s")
    print(f"  {'endpoint':<38} {'count':>6} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7}")
    missed = []
    for endpoint in sorted(stats.samples):
        values = stats.samples[endpoint]
        p50, p95, p99 = (percentile(values, share) for share in (0.5, 0.95, 0.99))
        print(f"  {endpoint:<38} {len(values):>6} {p50:>7.3f} {p95:>7.3f} {p99:>7.3f}")
        group = endpoint.split(":")[0]
        if group in TARGETS and p95 > TARGETS[group]:
            missed.append(f"{endpoint} p95 {p95:.2f} s > {TARGETS[group]} s")
    shown = ": " + "; ".join(stats.errors[:10]) if stats.errors else ""
    print(f"load: {len(stats.errors)} errors{shown}")
    for line in missed:
        print(f"load: target missed: {line}")
    return missed if strict else []


# ------------------------------------------------------------
# INTEGRITY
# ------------------------------------------------------------


def check_integrity(env, stats, shared, cron_done):
    import bench_csi_kill

    from odoo.addons.cx_management.models.cx_feedback import ACTIVITY_TYPE, PARAM_CSI_THRESHOLD
    from odoo.addons.cx_management.tools import feedback_loop

    cr, failures = env.cr, []
    if not cron_done:
        failures.append("the crons did not finish in time")
    threshold = float(
        env["ir.config_parameter"].get_param(PARAM_CSI_THRESHOLD)
        or feedback_loop.DEFAULT_CSI_THRESHOLD
    )
    alert_type = env.ref(ACTIVITY_TYPE).id
    # posts and JSON-RPC creates: exactly one feedback each
    cr.execute(
        "SELECT portal_token, array_agg(id) FROM cx_feedback WHERE channel = 'portal' "
        "AND partner_id = ANY(%s) AND create_date >= %s GROUP BY portal_token",
        [shared["contacts"], shared["load_began"]],
    )
    saved = dict(cr.fetchall())
    lost = [t for t in stats.posts if t not in saved]
    doubled = [t for t, ids in saved.items() if len(ids) != 1]
    unknown = [t for t in saved if t not in stats.posts]
    wrong = [t for t, i in stats.posts.items() if t in saved and saved[t] != [i]]
    again = [d for d in stats.double_posts if d[1] != d[2]]
    cr.execute(
        "SELECT comment, array_agg(id) FROM cx_feedback WHERE comment LIKE 'CXLOAD call %%' "
        "AND create_date >= %s GROUP BY comment",
        [shared["load_began"]],
    )
    logged = dict(cr.fetchall())
    lost += [m for m in stats.logged if m not in logged]
    doubled += [m for m, ids in logged.items() if len(ids) != 1]
    unknown += [m for m in logged if m not in stats.logged]
    for label, items in (
        ("lost", lost),
        ("saved twice", doubled),
        ("saved though not acknowledged to the user", unknown),
        ("answered with another feedback", wrong),
        ("double post not answered with the first feedback", again),
    ):
        if items:
            failures.append(f"{len(items)} posts {label}: {items[:3]}")
    # alerts, their activities, acknowledgements
    ids = {key: ids[0] for key, ids in list(saved.items()) + list(logged.items())}
    cr.execute(
        """SELECT f.id, f.alert_state, f.channel,
                  (SELECT count(*) FROM mail_activity a
                    WHERE a.res_model = 'cx.feedback' AND a.res_id = f.id
                      AND a.activity_type_id = %s),
                  (SELECT count(*) FROM mail_mail m
                     JOIN mail_message mm ON mm.id = m.mail_message_id
                     JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id
                    WHERE mm.model = 'cx.feedback' AND mm.res_id = f.id
                      AND r.res_partner_id = f.partner_id)
             FROM cx_feedback f WHERE f.id = ANY(%s)""",
        [alert_type, list(ids.values())],
    )
    rows = {row[0]: row[1:] for row in cr.fetchall()}
    bad_alerts = []
    alerts = acks = 0
    for key, feedback_id in ids.items():
        csi, nps = stats.scores[key]
        state, channel, activities, mails = rows[feedback_id]
        due = feedback_loop.needs_alert(csi, nps, threshold)
        ack_due = due and feedback_loop.acknowledged(channel, "x")
        alerts += due
        acks += ack_due
        if (state != "none") != due or activities != int(due) or mails != int(ack_due):
            bad_alerts.append((feedback_id, csi, nps, state, activities, mails))
    if bad_alerts:
        failures.append(
            f"{len(bad_alerts)} feedback with a wrong alert, activity or acknowledgement "
            f"(id, csi, nps, state, activities, mails): {bad_alerts[:3]}"
        )
    print(
        f"integrity: {len(stats.posts)} portal posts ({len(stats.double_posts)} sent twice), "
        f"{len(stats.logged)} logged over JSON-RPC; {alerts} alerts, {acks} acknowledgements"
    )
    # the crons' own work: escalated once, reminded once, nothing twice
    managers = env["cx.feedback"]._cx_alert_managers()
    cr.execute(
        """SELECT f.id, f.alert_state, count(a.id) FILTER (WHERE a.user_id = ANY(%s))
             FROM cx_feedback f
        LEFT JOIN mail_activity a ON a.res_model = 'cx.feedback' AND a.res_id = f.id
                                 AND a.activity_type_id = %s
            WHERE f.id = ANY(%s) GROUP BY f.id, f.alert_state""",
        [managers.ids, alert_type, shared["overdue_alerts"]],
    )
    not_escalated = [r for r in cr.fetchall() if r[1] != "escalated" or r[2] != len(managers)]
    if not_escalated:
        failures.append(f"{len(not_escalated)} alerts not escalated once: {not_escalated[:3]}")
    todo = env.ref("mail.mail_activity_data_todo").id
    cr.execute(
        """SELECT x.id, count(a.id) FROM cx_action x
        LEFT JOIN mail_activity a ON a.res_model = 'cx.action' AND a.res_id = x.id
                                 AND a.activity_type_id = %s
            WHERE x.id = ANY(%s) GROUP BY x.id HAVING count(a.id) != 1""",
        [todo, shared["overdue_actions"]],
    )
    not_reminded = cr.fetchall()
    if not_reminded:
        failures.append(f"{len(not_reminded)} actions not reminded once: {not_reminded[:3]}")
    duplicates = {
        "open activities": """SELECT res_model, res_id, activity_type_id, user_id, summary,
                                     count(*)
                                FROM mail_activity GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1""",
        "snapshots": """SELECT partner_id, company_id, date, count(*) FROM cx_csi_snapshot
                         GROUP BY 1, 2, 3 HAVING count(*) > 1""",
        "feedback requests": """SELECT rule_id, res_model, res_id, partner_id, count(*)
                                  FROM cx_feedback_request GROUP BY 1, 2, 3, 4
                                HAVING count(*) > 1""",
    }
    for label, query in duplicates.items():
        cr.execute(query)
        found = cr.fetchall()
        if found:
            failures.append(f"{len(found)} duplicate {label}: {found[:3]}")
    cr.execute("SELECT count(*), count(*) FILTER (WHERE state = 'sent') FROM cx_feedback_request")
    requests_logged, requests_sent = cr.fetchone()
    cr.execute("SELECT count(*) FROM cx_csi_snapshot")
    snapshots = cr.fetchone()[0]
    print(
        f"integrity: {len(shared['overdue_alerts'])} overdue alerts escalated, "
        f"{len(shared['overdue_actions'])} overdue actions reminded, "
        f"{requests_logged} feedback requests logged ({requests_sent} sent), "
        f"{snapshots} snapshots; duplicates checked: {', '.join(duplicates)}"
    )
    # a Recompute that met the CSI cron queued its clients: the queue's cron computed them
    cr.execute("SELECT count(*) FROM cx_csi_queue")
    queued_left = cr.fetchone()[0]
    if queued_left:
        failures.append(f"{queued_left} clients of a Recompute still queued after the crons")
    recomputes = shared["recomputes"]
    print(
        f"integrity: {len(recomputes)} Recomputes, {recomputes.count(True)} computed at once, "
        f"{recomputes.count(False)} queued behind the CSI cron; {queued_left} left in the queue"
    )
    # the crons' figures equal a clean computation (rolled back)
    after = bench_csi_kill.state(env)
    cr.execute(
        "SELECT id, cx_nps::text, cx_churn_probability::text, cx_revenue_at_risk::text "
        "FROM res_partner WHERE is_company ORDER BY id"
    )
    nps_after = cr.fetchall()
    env["cx.csi.snapshot"]._compute_csi(all_periods=True)
    env["res.partner"]._cx_refresh_all_nps()
    clean = bench_csi_kill.state(env)
    env.flush_all()
    cr.execute(
        "SELECT id, cx_nps::text, cx_churn_probability::text, cx_revenue_at_risk::text "
        "FROM res_partner WHERE is_company ORDER BY id"
    )
    nps_clean = cr.fetchall()
    cr.rollback()
    if after != clean or not after[0]:
        failures.append(
            f"CSI differs from a clean recomputation ({len(after[0])} snapshots after the load, "
            f"{len(clean[0])} clean)"
        )
    differ = [a for a, c in zip(nps_after, nps_clean, strict=True) if a != c]
    if differ:
        failures.append(f"{len(differ)} clients' NPS differ from a clean refresh: {differ[:3]}")
    print(
        f"integrity: {len(after[0])} CSI snapshots of {len(shared['csi_clients'])} clients and "
        f"{len(nps_after)} clients' NPS compared with a clean recomputation"
    )
    return failures


CONCURRENCY = ("could not serialize access", "deadlock detected", "could not obtain lock")


def server_errors(log):
    """ERROR and CRITICAL lines of the server's log (a 5xx, a failed cron...), and the number
    of concurrency errors Odoo retried (its sql_db logs each failed query as an ERROR "bad
    query" followed by the PostgreSQL message; odoo.service.model then says it tries again)."""
    found, retried = [], 0
    with open(log, encoding="utf-8", errors="replace") as log_file:
        lines = log_file.read().splitlines()
    for number, line in enumerate(lines):
        if "tries left, try again" in line or "batch retried in" in line:
            retried += 1
        elif "maximum number of tries reached" in line:
            found.append(line.strip()[:300])
        elif " ERROR " in line or " CRITICAL " in line:
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if "odoo.sql_db: bad query" in line and any(c in following for c in CONCURRENCY):
                continue
            found.append(line.strip()[:300])
    return found, retried


def main():
    args = parse_args()
    began = time.monotonic()
    sys.path.insert(0, HERE)
    from bench_common import database_exists, open_registry

    import odoo
    from odoo import SUPERUSER_ID, api

    if not args.no_update or not database_exists(args.db):
        install(args.db, update=database_exists(args.db))
    registry = open_registry(args.db, update=False)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        shared = prepare(env, args)
        cron_ids = {name: env.ref(xmlid).id for name, xmlid in CRONS.items()}
    odoo.sql_db.close_db(args.db)
    print(
        f"load: {len(shared['portal'])} portal clients, {len(shared['sales'])} salespeople, "
        f"1 CX manager on the analysis, 1 pressing Recompute; {args.users} users, "
        f"at most {args.seconds:.0f} s and {args.max_requests} requests; CPUs: {os.cpu_count()}, "
        f"load average {os.getloadavg()[0]:.1f}; data ready in {time.monotonic() - began:.0f} s",
        flush=True,
    )
    workdir = tempfile.mkdtemp(prefix="cx-load-")
    connect = db_connection()
    conn = connect(args.db)
    process, log = start_server(args, workdir)
    failures = []
    # the integrity counts this run's feedback only (--no-update keeps an earlier run's)
    shared["load_began"] = db_now(conn)
    try:
        trigger_crons(conn, args.db, cron_ids)
        stop = threading.Event()

        def triggers():
            while not stop.wait(args.cron_every):
                trigger_crons(conn, args.db, cron_ids)

        ticker = threading.Thread(target=triggers, daemon=True)
        ticker.start()
        stats, seconds = run_load(args, shared)
        stop.set()
        ticker.join()
        failures += report(stats, seconds or 1.0, args.strict)
        failures += [f"request error: {error}" for error in stats.errors[:20]]
        # a last round of the crons after the load, as their next scheduled run: the NPS
        # cron then sees every feedback of the load (it runs daily, not on each feedback)
        started = time.monotonic()
        # the smoke's crons take seconds: a round that has not run in 180 s will not run
        cron_wait = 180 if args.smoke else 600
        # the rounds triggered during the load end first: a round still running when the last
        # one is triggered would consume its trigger (Odoo deletes a cron's past triggers when
        # it ends) and, ending in the same second, look older than it (2 Dec 2026: the wait
        # then never ended)
        wait_for_crons(conn, args.db, cron_ids, None, timeout=cron_wait)
        since = db_now(conn)
        trigger_crons(conn, args.db, cron_ids)
        cron_done = wait_for_crons(conn, args.db, cron_ids, since, timeout=cron_wait)
        if not cron_done:
            print_cron_state(conn, cron_ids, since, log)
        print(f"load: crons done {time.monotonic() - started:.1f} s after the load", flush=True)
        gevent = gevent_up(args, 5 if args.allow_no_gevent else 30)
        print(
            f"load: gevent process {'listening' if gevent else 'NOT listening'} on "
            f"{args.gevent_port}",
            flush=True,
        )
        if not gevent:
            print(
                "load: WARNING: Odoo's gevent process (websocket: bus, live notifications) did not "
                "start; if its log shows DistributionNotFound for zope.interface, gevent's "
                "pkg_resources cannot read the metadata of the installed zope.interface / "
                'zope.event: pip install "zope.interface==5.4.0" "zope.event==5.0"',
                flush=True,
            )
            if not args.allow_no_gevent:
                failures.append("the gevent process did not start")
    finally:
        stop_server(process)
        conn.close()
    errors, retried = server_errors(log)
    print(f"load: {retried} concurrency errors retried by Odoo (serialization, deadlock, lock)")
    for line in errors[:10]:
        print(f"server: {line}")
    if errors:
        failures.append(f"{len(errors)} ERROR lines in the server log")
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        failures += check_integrity(env, stats, shared, cron_done)
    print(f"load: {time.monotonic() - began:.0f} s in all", flush=True)
    if failures or args.keep_log:
        print(f"load: server log {log}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print(f"FAILED (server log kept: {log}):")
        for failure in failures:
            print(f"  {failure}")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
