import json
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models

REVENUE_WINDOW_DAYS = 365


class ResPartner(models.Model):
    """With Sales installed, the annual revenue comes from the confirmed sales orders, per
    company: each company's from its own orders."""

    _inherit = "res.partner"

    cx_annual_revenue = fields.Float(
        readonly=True,
        help="Untaxed amount of the client's confirmed sales orders of the current company of "
        "the last 12 months, in that company's currency; the base of the revenue at risk. "
        "Refreshed by a scheduled action.",
    )

    @api.model
    def _cx_revenue_by_client(self, date_to=None):
        """{client id: {company id: untaxed amount of its confirmed orders of that company of
        the 12 months to date_to}}.

        One grouped query per client, currency and company of the orders; each sum is
        converted into the currency of the order's company at the rate of date_to. A client
        shared by two companies so has what it buys from each.
        """
        day = date_to or fields.Date.context_today(self)
        end = datetime.combine(day + timedelta(days=1), time.min)
        start = end - timedelta(days=REVENUE_WINDOW_DAYS)
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "sale"),
                    ("date_order", ">=", start),
                    ("date_order", "<", end),
                ],
                ["partner_id", "currency_id", "company_id"],
                ["amount_untaxed:sum"],
            )
        )
        revenue = defaultdict(dict)
        for partner, currency, company, amount in groups:
            if currency and company and currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, day)
            by_company = revenue[partner.commercial_partner_id.id]
            by_company[company.id] = by_company.get(company.id, 0.0) + amount
        return dict(revenue)

    @api.model
    def _cx_refresh_annual_revenue(self, date_to=None):
        """Store every client's annual revenue per company from its orders in one UPDATE; a
        company where the client had one and has no confirmed order in the last 12 months
        gets 0.

        :return: {client id: annual revenue} of the current company
        """
        revenue = self._cx_revenue_by_client(date_to=date_to)
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE res_partner p SET cx_annual_revenue = n.revenue
              FROM (SELECT q.id,
                           COALESCE((SELECT jsonb_object_agg(k, 0)
                                       FROM jsonb_object_keys(q.cx_annual_revenue) k),
                                    '{}'::jsonb) || COALESCE(v.revenue, '{}'::jsonb) AS revenue
                      FROM res_partner q
                 LEFT JOIN unnest(%s::integer[], %s::jsonb[]) AS v(id, revenue) ON v.id = q.id
                     WHERE v.id IS NOT NULL OR q.cx_annual_revenue IS NOT NULL) n
             WHERE p.id = n.id AND p.cx_annual_revenue IS DISTINCT FROM n.revenue
            """,
            [
                list(revenue),
                [
                    json.dumps({str(company): amount for company, amount in by_company.items()})
                    for by_company in revenue.values()
                ],
            ],
        )
        self.invalidate_model(["cx_annual_revenue"])
        company = self.env.company.id
        return {
            client: by_company[company]
            for client, by_company in revenue.items()
            if company in by_company
        }
