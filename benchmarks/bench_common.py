"""What the benchmarks share: the connection settings of ./cx, Odoo's command-line arguments,
and creating, updating or dropping the benchmark database.

Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT.
"""

import os
import subprocess
import sys

import psycopg2
from psycopg2 import sql

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB_USER = os.environ.get("CX_DB_USER", "cx_odoo")
DB_PASSWORD = os.environ.get("CX_DB_PASSWORD", "cx_odoo")
DB_HOST = os.environ.get("CX_DB_HOST", "127.0.0.1")
DB_PORT = os.environ.get("CX_DB_PORT", "5432")


def odoo_args(db):
    import odoo

    odoo_addons = os.path.realpath(
        os.path.join(os.path.dirname(odoo.__file__), os.pardir, "addons")
    )
    addons = f"{HERE},{odoo_addons}" if os.path.isdir(os.path.join(odoo_addons, "web")) else HERE
    return [
        f"--addons-path={addons}",
        f"--db_host={DB_HOST}",
        f"--db_port={DB_PORT}",
        f"--db_user={DB_USER}",
        f"--db_password={DB_PASSWORD}",
        "-d",
        db,
    ]


def odoo_launcher(workdir):
    """A script that starts Odoo's command line with this Python, as a list to run.

    Odoo's prefork server (--workers) re-executes ``sys.argv[0]`` for its gevent process (the
    live-chat and bus websocket), so it must be started through a real file, never with
    ``python -c`` or ``python -m``. Tried in order: ``odoo-bin`` beside the ``odoo`` package
    (a source checkout), the ``odoo`` console script of a pip install if it starts (the
    setuptools console script calls pkg_resources, which fails when it cannot read the metadata
    of a requirement), else a two-line launcher written into ``workdir``."""
    import odoo

    source = os.path.dirname(os.path.dirname(os.path.realpath(odoo.__file__)))
    odoo_bin = os.path.join(source, "odoo-bin")
    if os.path.isfile(odoo_bin):
        return [sys.executable, odoo_bin]
    script = os.path.join(os.path.dirname(sys.executable), "odoo")
    if os.path.isfile(script):
        probe = subprocess.run(
            [sys.executable, script, "--version"], capture_output=True, check=False, timeout=120
        )
        if probe.returncode == 0:
            return [sys.executable, script]
    launcher = os.path.join(workdir, "odoo-launcher")
    with open(launcher, "w", encoding="utf-8") as launcher_file:
        launcher_file.write("import sys\nimport odoo.cli\nsys.exit(odoo.cli.main())\n")
    return [sys.executable, launcher]


def database_exists(db):
    conn = psycopg2.connect(
        dbname="postgres", user=DB_USER, password=DB_PASSWORD, host=DB_HOST, port=DB_PORT
    )
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
            return bool(cr.fetchone())
    finally:
        conn.close()


def drop_database(db):
    conn = psycopg2.connect(
        dbname="postgres", user=DB_USER, password=DB_PASSWORD, host=DB_HOST, port=DB_PORT
    )
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))
    conn.close()


def lend_defaults(env, *models):
    """Give the NOT NULL columns of these models' tables that have no database default their
    Odoo default as one while the bulk INSERTs run, and return what takes them back.

    Other addons add such columns to the tables the benchmarks fill (account, under Sales, adds
    res_partner.autopost_bills), which the INSERTs of this script cannot name."""
    cr, lent = env.cr, []
    for model in models:
        table = env[model]._table
        cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = %s
                  AND is_nullable = 'NO' AND column_default IS NULL AND column_name != 'id'""",
            [table],
        )
        names = [row[0] for row in cr.fetchall()]
        defaults = env[model].default_get([name for name in names if name in env[model]._fields])
        for name, value in defaults.items():
            if value is None or isinstance(value, (list, tuple, dict)):
                continue
            column = sql.SQL("ALTER TABLE {} ALTER COLUMN {} ").format(
                sql.Identifier(table), sql.Identifier(name)
            )
            cr.execute(column + sql.SQL("SET DEFAULT {}").format(sql.Literal(value)))
            lent.append(column + sql.SQL("DROP DEFAULT"))

    def take_back():
        for statement in lent:
            cr.execute(statement)

    return take_back


def install(db, update=False, module="cx_management"):
    """Install cx_management (or a bridge of it, with what it needs) in a new database, or
    update it so the schema follows the code."""
    verb = f"updating {module} in" if update else "creating"
    print(f"bench: {verb} {db} (a few minutes)", flush=True)
    code = "import sys, odoo.cli; sys.argv[0] = 'odoo'; sys.exit(odoo.cli.main())"
    subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            *odoo_args(db),
            "-u" if update else "-i",
            module,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def open_registry(db, update=True):
    """Create the database with cx_management, or update the module in it, and open it.

    update=False opens an existing database as it is (./cx test's smoke runs: the module was
    installed from this very code a minute before)."""
    import odoo

    exists = database_exists(db)
    if update or not exists:
        install(db, update=exists)
    odoo.tools.config.parse_config(odoo_args(db) + ["--log-level=warn"])
    return odoo.modules.registry.Registry(db)
