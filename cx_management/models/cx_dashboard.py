from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import coverage as coverage_tools
from ..tools import csi as csi_tools
from ..tools import movers as movers_tools
from ..tools import pareto as pareto_tools
from ..tools.settings import float_setting
from .res_partner import grouped_rows

MANAGER = "cx_management.cx_management_group_manager"
PARAM_COVERAGE_TARGET = "cx_management.coverage_target"

PERIOD_CHOICES = 8  # periods offered by the filter, the current one last
TREND_PERIODS = 6  # periods of the trend, the chosen one last
FOCUS_SIZE = 3  # the method's focus: the 2-3 processes named in most complaints
MOVERS = 5  # climbers and fallers shown per figure


class CxDashboard(models.AbstractModel):
    """The CX dashboard's figures: one call, computed as the user, from tools/ formulas."""

    _name = "cx.dashboard"
    _description = "CX Dashboard"

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, period_end=None):
        """Every figure of the dashboard for the period ending on `period_end` (the current
        period by default): a CX manager sees all clients, a salesperson only theirs.

        Record rules apply (no sudo), and a salesperson's figures are also filtered to the
        clients they are the salesperson of, so each figure opens exactly its records.
        """
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        today = fields.Date.context_today(self)
        periods = self._cx_periods(today, period, PERIOD_CHOICES)
        chosen = periods[-1]
        if period_end:
            chosen = next((p for p in periods if p["date_to"] == period_end), chosen)
        date_to = fields.Date.to_date(chosen["date_to"])
        trend = self._cx_periods(date_to, period, TREND_PERIODS)
        previous = trend[-2]
        clients = self._cx_client_domain()
        return {
            "is_manager": self.env.user.has_group(MANAGER),
            "periods": periods,
            "period": chosen,
            "previous": previous,
            "trend": self._cx_trend(trend, clients),
            "focus": self._cx_focus(chosen, clients),
            "alerts": self._cx_alerts(today, clients),
            "actions": self._cx_actions(today, clients),
            "movers": self._cx_movers(previous, chosen, clients),
            "coverage": self._cx_coverage(chosen, clients),
        }

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _cx_periods(self, day, period, count):
        """The `count` CSI periods ending with the one holding `day`, oldest first."""
        step = relativedelta(months=3 if period == "quarter" else 1)
        result = []
        for back in range(count - 1, -1, -1):
            date_from, date_to = csi_tools.period_bounds(day - back * step, period)
            result.append(
                {
                    "date_from": fields.Date.to_string(date_from),
                    "date_to": fields.Date.to_string(date_to),
                    "label": self.env["cx.csi.snapshot"]._cx_period_label(date_to, period),
                }
            )
        return result

    @api.model
    def _cx_client_domain(self):
        """The clients of the figures, on res.partner: all for a manager, else the user's."""
        own = self.env["res.company"].sudo().search([]).partner_id.ids
        domain = [("is_company", "=", True), ("id", "not in", own)]
        if not self.env.user.has_group(MANAGER):
            domain.append(("user_id", "=", self.env.uid))
        return domain

    @api.model
    def _cx_on(self, field_name, clients):
        """The client domain seen through a many2one to the client (feedback, action, ...)."""
        if not self.env.user.has_group(MANAGER):
            return [(f"{field_name}.user_id", "=", self.env.uid)]
        return [(field_name, "any", clients)]

    @api.model
    def _cx_snapshot_domain(self, period, clients):
        domain = [("date", "=", period["date_to"])] + self._cx_on("partner_id", clients)
        if "insufficient" in self.env["cx.csi.snapshot"]._fields:
            domain.append(("insufficient", "=", False))  # a CSI from too little is no CSI
        return domain

    @api.model
    def _cx_feedback_domain(self, period, clients):
        return [
            ("date", ">=", period["date_from"]),
            ("date", "<=", period["date_to"]),
        ] + self._cx_on("commercial_partner_id", clients)

    @api.model
    def _cx_open(self, name, model, domain, views=("list", "form")):
        """What the web client opens when a figure is clicked: its records."""
        return {
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [[False, view] for view in views],
        }

    @api.model
    def _cx_csi_by_client(self, period, clients):
        """{client id: integral CSI} of the period's snapshots."""
        return dict(
            grouped_rows(
                self.env["cx.csi.snapshot"],
                self._cx_snapshot_domain(period, clients),
                SQL('"cx_csi_snapshot".partner_id, MAX("cx_csi_snapshot".csi)'),
                SQL('"cx_csi_snapshot".partner_id'),
            )
        )

    @api.model
    def _cx_nps_by_client(self, period, clients):
        """{client id: account NPS} of the period's feedback (tools.nps via res.partner)."""
        return self.env["res.partner"]._cx_nps_by_client(self._cx_feedback_domain(period, clients))

    @api.model
    def _cx_mean(self, values):
        values = [value for value in values if value is not None]
        return sum(values) / len(values) if values else None

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    @api.model
    def _cx_trend(self, periods, clients):
        """Per period: the average integral CSI and average account NPS of the clients."""
        result = []
        for period in periods:
            csi = self._cx_csi_by_client(period, clients)
            nps = self._cx_nps_by_client(period, clients)
            feedback = self._cx_feedback_domain(period, clients) + [("nps_category", "!=", False)]
            result.append(
                dict(
                    period,
                    csi=self._cx_mean(csi.values()),
                    csi_clients=len(csi),
                    nps=self._cx_mean(nps.values()),
                    nps_clients=len(nps),
                    open_csi=self._cx_open(
                        self.env._("Integral CSI, %s", period["label"]),
                        "cx.csi.snapshot",
                        self._cx_snapshot_domain(period, clients),
                    ),
                    open_nps=self._cx_open(
                        self.env._("NPS answers, %s", period["label"]), "cx.feedback", feedback
                    ),
                )
            )
        return result

    @api.model
    def _cx_focus(self, period, clients):
        """The processes named in most complaints of the period, with their Pareto shares."""
        domain = self._cx_feedback_domain(period, clients) + [("polarity", "=", "complaint")]
        Feedback = self.env["cx.feedback"]
        counts = Feedback._read_group(
            domain + [("cx_complaint_process_ids", "!=", False)],
            ["cx_complaint_process_ids"],
            ["__count"],
        )
        complaints = Feedback.search_count(domain)
        # the shares of Problem Processes and the Pareto: of the processes' complaints (a
        # complaint pointing at two processes counts once for each), not only the first three
        rows = pareto_tools.pareto(counts)[:FOCUS_SIZE]
        return {
            "complaints": complaints,
            "open": self._cx_open(
                self.env._("Complaints, %s", period["label"]), "cx.feedback", domain
            ),
            "processes": [
                {
                    "id": process.id,
                    "name": process.display_name,
                    "count": count,
                    "share": share,
                    "cumulative": cumulative,
                    "open": self._cx_open(
                        self.env._("Complaints on %s", process.display_name),
                        "cx.feedback",
                        domain + [("cx_complaint_process_ids", "in", process.ids)],
                    ),
                }
                for process, count, share, cumulative in rows
            ],
        }

    @api.model
    def _cx_alerts(self, today, clients):
        Feedback = self.env["cx.feedback"]
        client = self._cx_on("commercial_partner_id", clients)
        overdue = client + Feedback._cx_overdue_alert_domain(today)
        waiting = client + [("alert_state", "=", "open")]
        escalated = client + [("alert_state", "=", "escalated")]
        return {
            key: {
                "count": Feedback.search_count(domain),
                "open": self._cx_open(name, "cx.feedback", domain),
            }
            for key, name, domain in (
                ("overdue", self.env._("Overdue alerts"), overdue),
                ("open", self.env._("Alerts awaiting an answer"), waiting),
                ("escalated", self.env._("Escalated alerts"), escalated),
            )
        }

    @api.model
    def _cx_actions(self, today, clients):
        Action = self.env["cx.action"]
        running = self._cx_on("commercial_partner_id", clients) + [
            ("stage_id.is_done", "=", False),
            ("stage_id.is_cancelled", "=", False),
        ]
        overdue = running + [("date_deadline", "<", fields.Date.to_string(today))]
        views = ("list", "kanban", "form")
        return {
            key: {
                "count": Action.search_count(domain),
                "open": self._cx_open(name, "cx.action", domain, views),
            }
            for key, name, domain in (
                ("overdue", self.env._("Overdue actions"), overdue),
                ("open", self.env._("Open actions"), running),
            )
        }

    @api.model
    def _cx_movers(self, before, after, clients):
        """Climbers and fallers: the clients whose integral CSI or account NPS changed most
        between the two periods (tools.movers: a client unknown in either is left out)."""
        result = {}
        for key, figures in (
            ("csi", self._cx_csi_by_client),
            ("nps", self._cx_nps_by_client),
        ):
            was, now = figures(before, clients), figures(after, clients)
            known = self.env["res.partner"].browse(list(was.keys() & now.keys()))
            names = {partner.id: partner.display_name for partner in known}
            ranked = movers_tools.movers(was, now, limit=MOVERS, names=names)
            result[key] = {
                side: [
                    {
                        "id": client_id,
                        "name": names[client_id],
                        "before": before_value,
                        "after": after_value,
                        "delta": change,
                        "open": self._cx_open(
                            names[client_id], "res.partner", [("id", "=", client_id)], ("form",)
                        )
                        | {"res_id": client_id},
                    }
                    for client_id, before_value, after_value, change in rows
                ]
                for side, rows in ranked.items()
            }
        return result

    @api.model
    def _cx_coverage(self, period, clients):
        """Who was heard in the period (tools.coverage): the active clients (with a
        salesperson or a revenue, or heard in the period), their revenue and each contact
        role heard, against the target; the response funnel per rule; the silent key
        contacts."""
        Partner = self.env["res.partner"]
        heard_roles = Partner._cx_heard_roles(self._cx_feedback_domain(period, clients))
        active = Partner.search_fetch(
            clients + ["|", *Partner._cx_active_terms(), ("id", "in", list(heard_roles))],
            ["cx_annual_revenue"],
        )
        figures, roles = active._cx_coverage(heard_roles)
        target = self._cx_coverage_target()
        heard_ids = [client_id for client_id in active.ids if client_id in heard_roles]
        silent_ids = [client_id for client_id in active.ids if client_id not in heard_roles]
        feedback = self._cx_feedback_domain(period, clients)
        return {
            "heard": figures["heard"],
            "active": figures["active"],
            "share": figures["share"],
            "revenue_share": figures["revenue_share"],
            "target": target,
            "meets_target": coverage_tools.meets_target(figures["share"], target),
            "roles": [
                {
                    "id": role.id,
                    "name": role.name,
                    "heard": figures["roles"][role.id]["heard"],
                    "share": figures["roles"][role.id]["share"],
                    "meets_target": coverage_tools.meets_target(
                        figures["roles"][role.id]["share"], target
                    ),
                    "open": self._cx_open(
                        self.env._(
                            "%(role)s heard, %(period)s", role=role.name, period=period["label"]
                        ),
                        "cx.feedback",
                        feedback + [("role_id", "=", role.id)],
                    ),
                }
                for role in roles
            ],
            "funnel": self._cx_funnel(period, clients),
            "silences": self._cx_silences(clients),
            "open_heard": self._cx_open(
                self.env._("Clients heard, %s", period["label"]),
                "res.partner",
                [("id", "in", heard_ids)],
            ),
            "open_silent": self._cx_open(
                self.env._("Clients not heard, %s", period["label"]),
                "res.partner",
                [("id", "in", silent_ids)],
            ),
        }

    @api.model
    def _cx_coverage_target(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_COVERAGE_TARGET)
        return float_setting(value, coverage_tools.DEFAULT_TARGET)

    @api.model
    def _cx_funnel(self, period, clients):
        """Invited, reminded, answered and the response rate of the period's requests, per
        rule (the user's clients' requests only: record rules and the client filter)."""
        Request = self.env["cx.feedback.request"]
        domain = [
            ("date_sent", ">=", period["date_from"]),
            (
                "date_sent",
                "<",
                fields.Date.to_string(
                    fields.Date.to_date(period["date_to"]) + relativedelta(days=1)
                ),
            ),
        ] + self._cx_on("commercial_partner_id", clients)
        domain.append(("company_id", "in", self.env.companies.ids))
        rules = self.env["cx.feedback.rule"].search([])
        funnels = Request._cx_funnels("rule_id", rules.ids, domain)
        return [
            dict(
                funnels[rule.id],
                id=rule.id,
                name=rule.name,
                open=self._cx_open(
                    self.env._("Requests of %s", rule.name),
                    "cx.feedback.request",
                    domain + [("rule_id", "=", rule.id)],
                    ("list",),
                ),
            )
            for rule in rules
            if rule.id in funnels
        ]

    @api.model
    def _cx_silences(self, clients):
        """The key contacts alerted as silent and not heard since, of the user's clients."""
        domain = [
            ("is_company", "=", False),
            ("cx_date_silence_alert", "!=", False),
            "|",
            ("cx_date_last_heard", "=", False),
            ("cx_date_last_heard", "<", self.env["res.partner"]._cx_silence_cutoff()),
        ] + self._cx_on("commercial_partner_id", clients)
        Partner = self.env["res.partner"]
        return {
            "count": Partner.search_count(domain),
            "open": self._cx_open(
                self.env._("Silent key contacts"), "res.partner", domain, ("list", "form")
            ),
        }
