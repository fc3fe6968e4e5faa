"""18.0.1.1.0: metric values, client weights and the annual revenue per company.

Before the schema update of the module: fill the new ``company_id`` of metric values and
client weights, and turn the annual revenue into a company-dependent figure, so that the ORM
finds the columns complete and adds NOT NULL and the new unique constraints itself.
"""

from odoo.tools import SQL, sql


def fill_companies(cr, table):
    """Give every row of ``table`` without a company the one it belongs to.

    - the client's own company when the client has one: no other company can see the client;
    - for a client shared by all companies, the company of the user who created the row: a
      value typed or imported by hand, or a weight set after an interview, was entered by
      someone working for that company (their default company, the best record of it left);
    - else the main company: computed values are written by the scheduled action as OdooBot,
      whose company is the main one, and they are recomputed per company anyway (see the
      post-migration).
    """
    cr.execute(
        """SELECT COALESCE((SELECT res_id FROM ir_model_data
                             WHERE module = 'base' AND name = 'main_company'),
                           (SELECT min(id) FROM res_company))"""
    )
    main_company = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            UPDATE %(table)s t
               SET company_id = COALESCE(
                       p.company_id,
                       (SELECT u.company_id FROM res_users u WHERE u.id = t.create_uid),
                       %(main)s)
              FROM res_partner p
             WHERE p.id = t.partner_id AND t.company_id IS NULL
            """,
            table=SQL.identifier(table),
            main=main_company,
        )
    )
    return cr.rowcount


def revenue_per_company(cr):
    """The annual revenue, one figure per client until now, becomes a company-dependent one:
    kept for the client's company, or for every company of a shared client (each of them saw
    it so far; with Sales installed each company's own orders replace it at the next run of
    the analysis cron, whose marker the post-migration resets)."""
    column = sql.table_columns(cr, "res_partner").get("cx_annual_revenue")
    if not column or column["udt_name"] == "jsonb":
        return 0
    cr.execute("ALTER TABLE res_partner RENAME COLUMN cx_annual_revenue TO cx_annual_revenue_old")
    cr.execute("ALTER TABLE res_partner ADD COLUMN cx_annual_revenue jsonb")
    cr.execute(
        """
        UPDATE res_partner p
           SET cx_annual_revenue = CASE
                   WHEN p.company_id IS NOT NULL
                   THEN jsonb_build_object(p.company_id::text, p.cx_annual_revenue_old)
                   ELSE (SELECT jsonb_object_agg(c.id::text, p.cx_annual_revenue_old)
                           FROM res_company c)
               END
         WHERE p.cx_annual_revenue_old IS NOT NULL
        """
    )
    count = cr.rowcount
    cr.execute("ALTER TABLE res_partner DROP COLUMN cx_annual_revenue_old")
    return count


def migrate(cr, version):
    if not version:
        return
    for table in ("cx_metric_value", "cx_metric_weight"):
        if not sql.column_exists(cr, table, "company_id"):
            sql.create_column(cr, table, "company_id", "int4")
        fill_companies(cr, table)
    revenue_per_company(cr)
