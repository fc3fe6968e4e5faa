from datetime import datetime, time, timedelta

from odoo import api, fields, models

REVENUE_WINDOW_DAYS = 365


class ResPartner(models.Model):
    """With Sales installed, the annual revenue comes from the confirmed sales orders."""

    _inherit = "res.partner"

    cx_annual_revenue = fields.Monetary(
        readonly=True,
        help="Untaxed amount of the client's confirmed sales orders of the last 12 months, "
        "in the company's currency; the base of the revenue at risk. Refreshed by a "
        "scheduled action.",
    )

    @api.model
    def _cx_revenue_by_client(self, date_to=None):
        """{client id: untaxed amount of its confirmed orders of the 12 months to date_to}.

        One grouped query per client, currency and company of the orders; each sum is
        converted into that company's currency at the rate of date_to.
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
        revenue = {}
        for partner, currency, company, amount in groups:
            if currency and company and currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, day)
            client_id = partner.commercial_partner_id.id
            revenue[client_id] = revenue.get(client_id, 0.0) + amount
        return revenue

    @api.model
    def _cx_refresh_annual_revenue(self, date_to=None):
        """Store every client's annual revenue from its orders in one UPDATE; a client that
        had one and has no confirmed order in the last 12 months gets 0."""
        revenue = self._cx_revenue_by_client(date_to=date_to)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner p SET cx_annual_revenue = COALESCE(v.revenue, 0) "
            "FROM res_partner q LEFT JOIN unnest(%s::integer[], %s::float8[]) AS v(id, revenue) "
            "ON v.id = q.id "
            "WHERE p.id = q.id AND (v.id IS NOT NULL OR q.cx_annual_revenue IS NOT NULL) "
            "AND p.cx_annual_revenue IS DISTINCT FROM COALESCE(v.revenue, 0)",
            [list(revenue), list(revenue.values())],
        )
        self.invalidate_model(["cx_annual_revenue"])
        return revenue
