from odoo import fields, models
from odoo.exceptions import AccessError

USER_GROUP = "cx_management.cx_management_group_user"
# the names of the kpi_cx_<name> KPIs
CX_KPIS = ("feedback_received", "account_nps", "alerts_overdue", "actions_done", "coverage")


class DigestDigest(models.Model):
    _inherit = "digest.digest"

    # ------------------------------------------------------------
    # DIGEST
    # ------------------------------------------------------------
    # CX figures in Odoo's periodic digest mail, as CRM adds its own kpi_crm_*: a boolean
    # kpi_cx_<name> switches a KPI on, kpi_cx_<name>_value computes it for the context's
    # start_datetime / end_datetime, per company, as the receiving user.

    kpi_cx_feedback_received = fields.Boolean(string="CX Feedback Received")
    kpi_cx_feedback_received_value = fields.Integer(
        compute="_compute_kpi_cx_feedback_received_value"
    )
    kpi_cx_account_nps = fields.Boolean(string="Account NPS")
    kpi_cx_account_nps_value = fields.Float(compute="_compute_kpi_cx_account_nps_value")
    kpi_cx_alerts_overdue = fields.Boolean(string="CX Alerts Overdue")
    kpi_cx_alerts_overdue_value = fields.Integer(compute="_compute_kpi_cx_alerts_overdue_value")
    kpi_cx_actions_done = fields.Boolean(string="CX Actions Done")
    kpi_cx_actions_done_value = fields.Integer(compute="_compute_kpi_cx_actions_done_value")
    kpi_cx_coverage = fields.Boolean(string="Clients Heard (%)")
    kpi_cx_coverage_value = fields.Float(compute="_compute_kpi_cx_coverage_value")

    def _cx_check_access(self):
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._("Do not have access, skip this data for user's digest email")
            )

    def _cx_by_company(self, compute):
        """Write compute(company, start, end) on each digest, once per company."""
        start, end, companies = self._get_kpi_compute_parameters()
        values = {company: compute(company, start, end) for company in companies}
        return {digest: values[digest.company_id or self.env.company] for digest in self}

    def _cx_feedback_domain(self, company, start, end):
        """The company's feedback of the timeframe (dates are days: end excluded)."""
        return [
            ("company_id", "=", company.id),
            ("date", ">=", fields.Date.to_date(start[:10])),
            ("date", "<", fields.Date.to_date(end[:10])),
        ]

    def _compute_kpi_cx_feedback_received_value(self):
        """Feedback the company's clients gave in the timeframe (by its date)."""
        self._cx_check_access()
        Feedback = self.env["cx.feedback"]
        counts = self._cx_by_company(
            lambda company, start, end: Feedback.search_count(
                self._cx_feedback_domain(company, start, end)
            )
        )
        for digest, value in counts.items():
            digest.kpi_cx_feedback_received_value = value

    def _compute_kpi_cx_account_nps_value(self):
        """The mean account NPS of the clients answering in the timeframe (the dashboard's)."""
        self._cx_check_access()

        def compute(company, start, end):
            by_client = self.env["res.partner"]._cx_nps_by_client(
                self._cx_feedback_domain(company, start, end)
            )
            values = [nps for nps in by_client.values() if nps is not None]
            return sum(values) / len(values) if values else 0.0

        for digest, value in self._cx_by_company(compute).items():
            digest.kpi_cx_account_nps_value = value

    def _compute_kpi_cx_alerts_overdue_value(self):
        """Alerts whose answer was due in the timeframe and that are still not handled."""
        self._cx_check_access()
        self._calculate_company_based_kpi(
            "cx.feedback",
            "kpi_cx_alerts_overdue_value",
            date_field="alert_date_deadline",
            additional_domain=[("alert_state", "in", ("open", "escalated"))],
        )

    def _compute_kpi_cx_actions_done_value(self):
        self._cx_check_access()
        self._calculate_company_based_kpi(
            "cx.action", "kpi_cx_actions_done_value", date_field="date_done"
        )

    def _compute_kpi_cx_coverage_value(self):
        """% of the company's active clients (with a salesperson, or heard) heard in the
        timeframe."""
        self._cx_check_access()
        Partner = self.env["res.partner"]

        def compute(company, start, end):
            heard = {
                client.id
                for [client] in self.env["cx.feedback"]._read_group(
                    self._cx_feedback_domain(company, start, end), ["commercial_partner_id"]
                )
            }
            domain = [
                ("is_company", "=", True),
                ("company_id", "in", (company.id, False)),
                ("id", "not in", Partner._cx_own_partner_ids()),
            ]
            with_salesperson = set(Partner.search(domain + [("user_id", "!=", False)]).ids)
            active = with_salesperson | heard
            return 100.0 * len(heard) / len(active) if active else 0.0

        for digest, value in self._cx_by_company(compute).items():
            digest.kpi_cx_coverage_value = value

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("cx_management.cx_management_menu_root").id
        for name, action in (
            ("feedback_received", "cx_management.cx_feedback_action"),
            ("account_nps", "cx_management.cx_nps_report_action"),
            ("alerts_overdue", "cx_management.cx_feedback_action"),
            ("actions_done", "cx_management.cx_action_action"),
            ("coverage", "cx_management.cx_dashboard_action"),
        ):
            res[f"kpi_cx_{name}"] = f"{action}?menu_id={menu}"
        return res
