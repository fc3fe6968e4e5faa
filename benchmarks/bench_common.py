"""What the benchmarks share: the connection settings of ./cx, Odoo's command-line arguments,
and creating, updating or dropping the benchmark database.

Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT.
"""

import os
import subprocess
import sys

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


def database_exists(db):
    import psycopg2

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
    import psycopg2

    conn = psycopg2.connect(
        dbname="postgres", user=DB_USER, password=DB_PASSWORD, host=DB_HOST, port=DB_PORT
    )
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    conn.close()


def install(db, update=False):
    """Install cx_management in a new database, or update it so the schema follows the code."""
    verb = "updating cx_management in" if update else "creating"
    print(f"bench: {verb} {db} (a few minutes)", flush=True)
    code = "import sys, odoo.cli; sys.argv[0] = 'odoo'; sys.exit(odoo.cli.main())"
    subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            *odoo_args(db),
            "-u" if update else "-i",
            "cx_management",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def open_registry(db):
    """Create the database with cx_management, or update the module in it, and open it."""
    import odoo

    install(db, update=database_exists(db))
    odoo.tools.config.parse_config(odoo_args(db) + ["--log-level=warn"])
    return odoo.modules.registry.Registry(db)
