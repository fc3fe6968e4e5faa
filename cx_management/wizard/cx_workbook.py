from datetime import timedelta

import pandas as pd

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import coverage as coverage_tools
from ..tools import requirements as req_tools
from ..tools import spend as spend_tools
from ..tools import workbook as workbook_tools
from ..tools import workbook_coverage, workbook_orders, workbook_requirements, workbook_spend

# section name -> boolean field of the wizard
SECTION_FIELDS = {
    "csi": "section_csi",
    "pareto": "section_pareto",
    "processes": "section_processes",
    "role_stage": "section_role_stage",
    "nps": "section_nps",
    "revenue": "section_revenue",
    "elements": "section_elements",
    "actions": "section_actions",
    "requirements": "section_requirements",
    "orders": "section_orders",
    "coverage": "section_coverage",
    "spend": "section_spend",
}


class CxWorkbook(models.TransientModel):
    """Everything the CX manager hands to management, as one Excel workbook."""

    _name = "cx.workbook"
    _description = "CX Workbook"
    # the export (and its attachment, deleted with it) is kept an hour whatever the server's
    # transient_age_limit says; its rules give it to its creator and their company's managers
    _transient_max_hours = 1.0

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    date_from = fields.Date(string="From")
    include_suggested = fields.Boolean(
        string="Include Machine-tagged Feedback",
        default=True,
        help="Feedback whose topics the text model set (Tag from Suggestions) counts in the "
        "Pareto and the focus processes; untick to read only what people tagged.",
    )
    date_to = fields.Date(string="To")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Clients",
        domain="[('is_company', '=', True)]",
        help="Leave empty for all clients.",
    )
    section_csi = fields.Boolean(string="Integral CSI by Client", default=True)
    section_pareto = fields.Boolean(string="Pareto of Topics", default=True)
    section_processes = fields.Boolean(string="Focus Processes", default=True)
    section_role_stage = fields.Boolean(string="Role x Stage Matrix", default=True)
    section_nps = fields.Boolean(string="NPS by Account, Role and Stage", default=True)
    section_revenue = fields.Boolean(string="Revenue at Risk", default=True)
    section_elements = fields.Boolean(string="Elements of Value", default=True)
    section_actions = fields.Boolean(string="Improvement Actions and their Effect", default=True)

    # REQUIREMENTS
    section_requirements = fields.Boolean(string="Client Requirements", default=True)
    section_orders = fields.Boolean(
        string="Orders and Deliveries",
        default=True,
        help="Per client, its orders shipped in the period: late, early, short, rejected.",
    )

    # COVERAGE
    section_coverage = fields.Boolean(string="Coverage: Who Was Heard", default=True)

    # SPEND X NPS
    section_spend = fields.Boolean(string="Spend x NPS", default=True)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_export(self):
        """Build the workbook, store it as an attachment and download it."""
        self.ensure_one()
        sections = self._selected_sections()
        if not sections:
            raise UserError(self.env._("Choose at least one section for the workbook."))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise UserError(self.env._("The start of the period must be before its end."))
        content = self._build_workbook(sections)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._file_name(),
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "new",
            "close": True,
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _selected_sections(self):
        return [name for name, field in SECTION_FIELDS.items() if self[field]]

    def _file_name(self):
        stamp = fields.Date.to_string(self.date_to or fields.Date.context_today(self))
        return self.env._("CX workbook %s.xlsx", stamp)

    def _build_workbook(self, sections):
        payloads = {name: getattr(self, f"_workbook_data_{name}")() for name in sections}
        builders = {
            **workbook_tools.SECTIONS,
            "requirements": workbook_requirements.build_requirements,
            "orders": workbook_orders.build_orders,
            "coverage": workbook_coverage.build_coverage,
            "spend": workbook_spend.build_spend,
        }
        return workbook_tools.build_workbook(
            payloads, sections, self._workbook_labels(), builders=builders
        )

    def _feedback_domain(self):
        return self._period_domain("commercial_partner_id")

    def _topic_domain(self):
        """The feedback domain of the sheets counted by topic: without the machine-tagged
        feedback unless the wizard includes it."""
        domain = self._feedback_domain()
        if not self.include_suggested:
            domain.append(("topics_suggested", "=", False))
        return domain

    def _period_domain(self, client_field):
        """The wizard's period on `date` and its clients on `client_field`."""
        domain = []
        if self.date_from:
            domain.append(("date", ">=", self.date_from))
        if self.date_to:
            domain.append(("date", "<=", self.date_to))
        if self.partner_ids:
            domain.append((client_field, "in", self.partner_ids.ids))
        return domain

    def _workbook_labels(self):
        """Sheet titles and column headers in the user's language."""
        return {
            "no_data": self.env._("No data for this selection."),
            "no_section": self.env._("No section chosen."),
            "yes": self.env._("Yes"),
            "no": self.env._("No"),
            "total": self.env._("Total"),
            "sheet_pareto": self.env._("Pareto of topics"),
            "sheet_processes": self.env._("Focus processes"),
            "sheet_role_stage": self.env._("Role x stage, average CSI"),
            "feedback_count": self.env._("Role x stage, number of feedback"),
            "sheet_nps_account": self.env._("NPS by account"),
            "sheet_nps_role": self.env._("NPS by role"),
            "sheet_nps_stage": self.env._("NPS by stage"),
            "sheet_revenue": self.env._("Revenue at risk"),
            "sheet_elements": self.env._("Elements of value"),
            "sheet_levels": self.env._("Value pyramid levels"),
            "topic": self.env._("Topic"),
            # a feedback counts once per main topic (the web Pareto's "Feedback")
            "mentions": self.env._("Feedback"),
            "share": self.env._("Share, %"),
            "cumulative_share": self.env._("Cumulative share, %"),
            "rank": self.env._("Rank"),
            "process": self.env._("Process"),
            "stage": self.env._("Journey stage"),
            "csi": self.env._("Average CSI"),
            "revenue_csi": self.env._("CSI (integral; else the feedback average of 12 months)"),
            "clients": self.env._("Clients affected"),
            "focus": self.env._("Focus process"),
            "role": self.env._("Contact role"),
            "client": self.env._("Client"),
            "nps": self.env._("NPS (all answers)"),
            "account_nps": self.env._("Account NPS (settings)"),
            "promoters": self.env._("Promoters, %"),
            "passives": self.env._("Passives, %"),
            "detractors": self.env._("Detractors, %"),
            "answers": self.env._("Answers"),
            "annual_revenue": self.env._("Annual revenue"),
            "probability": self.env._("Churn probability"),
            "revenue_at_risk": self.env._("Revenue at risk"),
            "element": self.env._("Element of value"),
            "level": self.env._("Level"),
            "feedback": self.env._("Feedback"),
            "complaints": self.env._("Complaints"),
            "neglected": self.env._("Neglected"),
            "sheet_csi": self.env._("Integral CSI by client"),
            "period": self.env._("Period"),
            "block": self.env._("Block"),
            "metric": self.env._("Metric"),
            "x": "X",
            "w": "W",
            "score": "s = 1 - X*W",
            "block_score": self.env._("Block score"),
            "client_csi": self.env._("Client's CSI"),
            "sheet_actions": self.env._("Improvement actions"),
            "reference": self.env._("Number"),
            "action": self.env._("Action"),
            "owner": self.env._("Owner"),
            "action_stage": self.env._("Action stage"),
            "deadline": self.env._("Deadline"),
            "done": self.env._("Done on"),
            "csi_before": self.env._("CSI before"),
            "csi_after": self.env._("CSI after"),
            "effect_csi": self.env._("Effect on CSI"),
            "nps_before": self.env._("NPS before"),
            "nps_after": self.env._("NPS after"),
            "effect_nps": self.env._("Effect on NPS"),
            # requirements sheet
            "sheet_requirements": self.env._("Requirements"),
            "segment": self.env._("Segment"),
            "aspect": self.env._("Aspect"),
            "requirement": self.env._("Requirement"),
            "importance": self.env._("Importance"),
            "scope": self.env._("Scope"),
            "specification": self.env._("Specification"),
            "valid_from": self.env._("Valid from"),
            "valid_to": self.env._("Valid to"),
            "state": self.env._("After delivery"),
            # spend x NPS sheet
            "sheet_spend": self.env._("Spend x NPS"),
            "spend_revenue_title": self.env._("Spend x NPS, annual revenue"),
            "spend_clients_title": self.env._("Clients by revenue band and NPS group"),
            "band": self.env._("Revenue band"),
            "promoter": self.env._("Promoters"),
            "passive": self.env._("Passives"),
            "detractor": self.env._("Detractors"),
            "not_heard": self.env._("Not heard"),
            "nps_group": self.env._("NPS group"),
            "not_met_title": self.env._("Aspects most often not met"),
            "not_met": self.env._("Not met"),
            "decided": self.env._("Checked"),
            "share_met": self.env._("Share met, %"),
            # orders sheet
            "sheet_orders": self.env._("Orders and deliveries"),
            "orders_shipped": self.env._("Orders shipped"),
            "orders_late": self.env._("Late"),
            "late_share": self.env._("Late, %"),
            "days_late_avg": self.env._("Average days late"),
            "orders_early": self.env._("Early"),
            "orders_short": self.env._("Short"),
            "short_share": self.env._("Short, %"),
            "qty_shipped": self.env._("Quantity shipped"),
            "qty_rejected": self.env._("Quantity rejected"),
            "rejects_share": self.env._("Rejected, %"),
            **self._workbook_labels_coverage(),
        }

    # ---- section data: one method per section, named _workbook_data_<section> ----

    def _workbook_data_pareto(self):
        rows = self.env["cx.topic.report"].get_pareto(self._topic_domain())
        return {
            "topics": pd.DataFrame(
                [dict(row, topic=row["topic"].display_name) for row in rows],
                columns=["topic", "level", "mentions", "share", "cumulative_share"],
            )
        }

    def _workbook_data_processes(self):
        yes, no = self.env._("Yes"), self.env._("No")
        rows = self.env["cx.process.report"].get_ranking(self._topic_domain())
        return {
            "processes": pd.DataFrame(
                [
                    dict(
                        row,
                        complaints=row["mentions"],
                        process=row["process"].name,
                        stage=row["process"].stage_id.name,
                        focus=yes if row["focus"] else no,
                    )
                    for row in rows
                ],
                columns=workbook_tools.PROCESS_COLUMNS,
            )
        }

    def _workbook_data_role_stage(self):
        groups = self.env["cx.feedback"]._read_group(
            self._feedback_domain() + [("csi_score", ">=", 1)],
            ["role_id", "stage_id"],
            ["csi_score:avg", "__count"],
        )
        if not groups:
            return {}
        roles = sorted({role for role, _stage, _csi, _count in groups}, key=_sort_key)
        stages = sorted({stage for _role, stage, _csi, _count in groups}, key=_sort_key)
        role_names = [role.name or self.env._("No role") for role in roles]
        stage_names = [stage.name or self.env._("No stage") for stage in stages]
        csi = pd.DataFrame(
            index=pd.Index(role_names, name="role"),
            columns=stage_names,
            dtype="float64",
        )
        count = pd.DataFrame(0, index=pd.Index(role_names, name="role"), columns=stage_names)
        for role, stage, avg, number in groups:
            row, col = role_names[roles.index(role)], stage_names[stages.index(stage)]
            csi.loc[row, col] = avg
            count.loc[row, col] = number
        return {"csi": csi, "count": count}

    def _workbook_data_nps(self):
        Report = self.env["cx.nps.report"]
        domain = self._feedback_domain()
        aggregates = [
            "nps:avg",
            "promoter_share:avg",
            "passive_share:avg",
            "detractor_share:avg",
            "answers:sum",
        ]
        keys = ["nps", "promoters", "passives", "detractors", "answers"]
        payload = {}
        account_nps = self.env["res.partner"]._cx_nps_by_client(domain)
        for key, field, label in (
            ("account", "commercial_partner_id", "client"),
            ("role", "role_id", "role"),
            ("stage", "stage_id", "stage"),
        ):
            rows = []
            for record, *values in Report._read_group(domain, [field], aggregates):
                row = dict(zip(keys, values, strict=True))
                row[label] = record.display_name or self.env._("Not set")
                if key == "account":
                    row["account_nps"] = account_nps.get(record.id)
                rows.append(row)
            payload[key] = pd.DataFrame(rows, columns=[label, "account_nps", *keys])
            if key == "account":
                payload[key] = payload[key].sort_values("nps", na_position="last")
        return payload

    def _workbook_data_revenue(self):
        Partner = self.env["res.partner"]
        clients = self.partner_ids or Partner.search(
            [("is_company", "=", True), ("cx_annual_revenue", ">", 0)]
        )
        csi = clients._cx_csi_by_client(self.date_to or fields.Date.context_today(self))
        rows = [
            {
                "client": client.display_name,
                "annual_revenue": client.cx_annual_revenue,
                "csi": csi.get(client.id),
                "nps": None if client.cx_nps is False else client.cx_nps,
                "probability": (
                    None if client.cx_churn_probability is False else client.cx_churn_probability
                ),
                "revenue_at_risk": client.cx_revenue_at_risk,
            }
            for client in clients
        ]
        frame = pd.DataFrame(
            rows,
            columns=workbook_tools.REVENUE_COLUMNS,
        )
        return {"clients": frame.sort_values("revenue_at_risk", ascending=False)}

    def _workbook_data_elements(self):
        elements, levels = self.env["cx.value.element"].get_value_analysis(self._feedback_domain())
        yes, no = self.env._("Yes"), self.env._("No")
        return {
            "elements": pd.DataFrame(
                [dict(row, neglected=yes if row["neglected"] else no) for row in elements]
            ),
            "levels": pd.DataFrame(levels),
        }

    def _workbook_data_csi(self):
        """The breakdown of each client's latest CSI snapshot of the period, for the current
        company; a CSI from insufficient data is no client's CSI and stays out."""
        domain = self._period_domain("partner_id") + [
            ("company_id", "=", self.env.company.id),
            ("insufficient", "=", False),
        ]
        Snapshot = self.env["cx.csi.snapshot"]
        latest = {
            client.id: day
            for client, day in Snapshot._read_group(domain, ["partner_id"], ["date:max"])
        }
        snapshots = Snapshot.search(
            [
                ("partner_id", "in", list(latest)),
                ("company_id", "=", self.env.company.id),
                ("date", "in", list(set(latest.values()))),
            ]
        ).filtered(lambda snapshot: latest[snapshot.partner_id.id] == snapshot.date)
        blocks = {
            (line.snapshot_id.partner_id.id, line.block_id.id): line.score
            for line in snapshots.line_ids
        }
        by_client = {snapshot.partner_id.id: snapshot for snapshot in snapshots}
        values = self.env["cx.metric.value"].search(
            [
                ("partner_id", "in", list(by_client)),
                ("company_id", "=", self.env.company.id),
                ("date", "in", list(set(latest.values()))),
            ],
            order="partner_id, block_id, metric_id",
        )
        rows = [
            {
                "client": value.partner_id.display_name,
                "period": value.date,
                "block": value.metric_id.block_id.display_name or "",
                "metric": value.metric_id.display_name,
                "x": value.value,
                "w": value.weight,
                "score": value.score,
                "block_score": blocks.get((value.partner_id.id, value.metric_id.block_id.id)),
                "client_csi": by_client[value.partner_id.id].csi,
            }
            for value in values
            if latest.get(value.partner_id.id) == value.date
        ]
        return {"breakdown": pd.DataFrame(rows, columns=workbook_tools.CSI_COLUMNS)}

    def _workbook_data_actions(self):
        """Improvement actions of the period (created or done in it) and of the clients."""
        domain = []
        if self.date_from:
            domain.append(("create_date", ">=", self.date_from))
        if self.date_to:
            domain.append(("create_date", "<", self.date_to + timedelta(days=1)))
        if self.partner_ids:
            domain.append(("commercial_partner_id", "in", self.partner_ids.ids))
        actions = self.env["cx.action"].search(domain, order="date_deadline, id")

        def number(value):
            return None if value is False else value

        rows = [
            {
                "reference": action.reference or "",
                "action": action.name,
                "client": action.commercial_partner_id.display_name or "",
                "owner": action.user_id.name or "",
                "stage": _journey_stages(action),
                "action_stage": action.stage_id.name,
                "deadline": action.date_deadline or None,
                "done": action.date_done or None,
                "csi_before": number(action.csi_before),
                "csi_after": number(action.csi_after),
                "effect_csi": number(action.effect_csi),
                "nps_before": number(action.nps_before),
                "nps_after": number(action.nps_after),
                "effect_nps": number(action.effect),
            }
            for action in actions
        ]
        return {"actions": pd.DataFrame(rows, columns=workbook_tools.ACTION_COLUMNS)}

    # ------------------------------------------------------------
    # REQUIREMENTS
    # ------------------------------------------------------------

    def _workbook_data_requirements(self):
        """Requirements valid in the period (of the chosen clients), and the aspects ranked
        by how often they were not met."""
        domain = []
        if self.date_from:
            domain += ["|", ("date_to", "=", False), ("date_to", ">=", self.date_from)]
        if self.date_to:
            domain += ["|", ("date_from", "=", False), ("date_from", "<=", self.date_to)]
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        Requirement = self.env["cx.requirement"]
        requirements = Requirement.search(domain, order="partner_id, importance desc, id")
        scopes = dict(Requirement._fields["scope"]._description_selection(self.env))
        states = dict(Requirement._fields["state"]._description_selection(self.env))
        rows = [
            {
                "client": requirement.partner_id.display_name,
                "segment": requirement.industry_id.name or "",
                "aspect": requirement.aspect or "",
                "requirement": requirement.name,
                "importance": requirement.importance,
                "scope": scopes.get(requirement.scope, ""),
                "specification": requirement._specification_label(),
                "valid_from": requirement.date_from or None,
                "valid_to": requirement.date_to or None,
                "state": states.get(requirement.state, ""),
            }
            for requirement in requirements
        ]
        ranking = req_tools.not_met_ranking(
            (requirement.aspect or "", requirement.state) for requirement in requirements
        )
        return {
            "requirements": pd.DataFrame(rows, columns=workbook_requirements.REQUIREMENT_COLUMNS),
            "not_met": pd.DataFrame(
                [
                    {"aspect": aspect, "not_met": not_met, "decided": decided, "share_met": share}
                    for aspect, not_met, decided, share in ranking
                    if decided
                ],
                columns=workbook_requirements.NOT_MET_COLUMNS,
            ),
        }

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    def _workbook_data_orders(self):
        """The orders shipped in the period (of the chosen clients), per client."""
        domain = [("date_shipped", "!=", False)]
        if self.date_from:
            domain.append(("date_shipped", ">=", self.date_from))
        if self.date_to:
            domain.append(("date_shipped", "<=", self.date_to))
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        groups = self.env["cx.order.fact"]._read_group(
            domain,
            ["partner_id", "window_status", "is_short"],
            ["__count", "qty_shipped:sum", "qty_rejected:sum", "days_late:sum"],
        )
        rows = workbook_orders.order_rows(
            (partner.display_name, status, short, count, shipped, rejected, days)
            for partner, status, short, count, shipped, rejected, days in groups
        )
        return {"orders": pd.DataFrame(rows, columns=workbook_orders.ORDER_COLUMNS)}

    # COVERAGE
    # ------------------------------------------------------------

    def _workbook_labels_coverage(self):
        return {
            "sheet_coverage": self.env._("Coverage"),
            "figure": self.env._("Figure"),
            "coverage_share": self.env._("Heard, %"),
            "coverage_target": self.env._("Target, %"),
            "coverage_met": self.env._("Target met"),
            "coverage_clients_title": self.env._("Clients: roles heard in the period"),
            "salesperson": self.env._("Salesperson"),
            "coverage_heard": self.env._("Heard in the period"),
            "last_heard": self.env._("Last heard"),
            "funnel_title": self.env._("Response funnel"),
            "rule": self.env._("Rule"),
            "wave": self.env._("Wave"),
            "invited": self.env._("Invited"),
            "reminded": self.env._("Reminded"),
            "answered": self.env._("Answered"),
            "answered_after": self.env._("Answered after the reminder"),
            "rate": self.env._("Response rate, %"),
        }

    def _workbook_data_coverage(self):
        """Company-wide and per client: who was heard in the period (tools.coverage), when
        each role was last heard, and the response funnel of the period's requests."""
        Partner = self.env["res.partner"]
        heard = Partner._cx_heard_roles(self._feedback_domain())
        domain = Partner._cx_active_client_domain(self.env.company)
        if self.partner_ids:
            domain.append(("id", "in", self.partner_ids.ids))
        clients = Partner.search(domain, order="name, id")
        figures, roles = clients._cx_coverage(heard)
        target = self.env["cx.dashboard"]._cx_coverage_target()
        yes, no = self.env._("Yes"), self.env._("No")

        def met(value):
            state = coverage_tools.meets_target(value, target)
            return "" if state is None else (yes if state else no)

        summary = [
            (self.env._("Active clients"), figures["share"]),
            (self.env._("Revenue"), figures["revenue_share"]),
        ] + [(role.name, figures["roles"][role.id]["share"]) for role in roles]
        last_heard = {}
        for client, role, date in self.env["res.partner"]._read_group(
            [
                ("commercial_partner_id", "in", clients.ids),
                ("is_company", "=", False),
                ("cx_role_id", "in", roles.ids),
            ],
            ["commercial_partner_id", "cx_role_id"],
            ["cx_date_last_heard:max"],
        ):
            last_heard[client.id, role.id] = date or None
        labels, columns = {}, list(workbook_coverage.CLIENT_COLUMNS)
        for role in roles:
            labels[f"role_{role.id}_heard"] = self.env._("%s heard", role.name)
            labels[f"role_{role.id}_last"] = self.env._("%s last heard", role.name)
            columns += [f"role_{role.id}_heard", f"role_{role.id}_last"]
        rows = []
        for client in clients:
            row = {
                "client": client.display_name,
                "salesperson": client.user_id.name or "",
                "annual_revenue": client.cx_annual_revenue,
                "coverage_heard": yes if client.id in heard else no,
                "last_heard": client.cx_date_last_heard or None,
            }
            for role in roles:
                row[f"role_{role.id}_heard"] = yes if role.id in heard.get(client.id, ()) else no
                row[f"role_{role.id}_last"] = last_heard.get((client.id, role.id))
            rows.append(row)
        return {
            "labels": labels,
            "summary": pd.DataFrame(
                [
                    {
                        "figure": name,
                        "coverage_share": share,
                        "coverage_target": target,
                        "coverage_met": met(share),
                    }
                    for name, share in summary
                ],
                columns=workbook_coverage.SUMMARY_COLUMNS,
            ),
            "clients": pd.DataFrame(rows, columns=columns),
            "funnel": self._workbook_funnel(),
        }

    def _workbook_funnel(self):
        domain = [("company_id", "=", self.env.company.id)]
        if self.date_from:
            domain.append(("date_sent", ">=", self.date_from))
        if self.date_to:
            domain.append(("date_sent", "<", self.date_to + timedelta(days=1)))
        if self.partner_ids:
            domain.append(("commercial_partner_id", "in", self.partner_ids.ids))
        Request = self.env["cx.feedback.request"]
        rules = self.env["cx.feedback.rule"].search([("company_id", "=", self.env.company.id)])
        by_rule = Request._cx_funnels("rule_id", rules.ids, domain)
        waves = self.env["cx.feedback.wave"].search([("rule_id", "in", rules.ids)])
        by_wave = Request._cx_funnels("wave_id", waves.ids, domain)
        rows = []
        for rule in rules:
            if rule.id in by_rule:
                rows.append(_funnel_row(rule.name, "", by_rule[rule.id]))
            for wave in waves.filtered(lambda w, rule=rule: w.rule_id == rule):
                if wave.id in by_wave:
                    rows.append(
                        _funnel_row(
                            rule.name, fields.Date.to_string(wave.date_start), by_wave[wave.id]
                        )
                    )
        return pd.DataFrame(rows, columns=workbook_coverage.FUNNEL_COLUMNS)

    # SPEND X NPS
    # ------------------------------------------------------------

    def _workbook_data_spend(self):
        """The spend x NPS grid of the chosen clients (all when none) from their stored
        revenue and account NPS (tools.spend), and the clients one by one."""
        Partner = self.env["res.partner"]
        domain = [("id", "in", self.partner_ids.ids)] if self.partner_ids else []
        if not self.env.user.has_group("cx_management.cx_management_group_manager"):
            domain.append(("user_id", "=", self.env.uid))
        clients = Partner.search(
            [("is_company", "=", True), ("id", "not in", Partner._cx_own_partner_ids())] + domain,
            order="cx_annual_revenue desc, id",
        )
        bounds = Partner._cx_spend_bounds()
        band_labels = Partner._cx_spend_band_selection()
        cells = spend_tools.grid([(c.id, c.cx_annual_revenue, c.cx_nps) for c in clients], bounds)
        counts, revenues = workbook_spend.grid_frames(cells, band_labels)
        bands = dict(band_labels)
        groups = dict(Partner._fields["cx_nps_group"]._description_selection(self.env))
        rows = [
            {
                "client": client.display_name,
                "band": bands[spend_tools.band(client.cx_annual_revenue, bounds)],
                "annual_revenue": client.cx_annual_revenue or 0.0,
                "account_nps": client.cx_nps if client.cx_nps is not False else None,
                "nps_group": groups.get(spend_tools.nps_group(client.cx_nps), ""),
            }
            for client in clients
        ]
        return {
            "counts": counts,
            "revenues": revenues,
            "clients": pd.DataFrame(rows, columns=workbook_spend.CLIENT_COLUMNS),
        }


def _journey_stages(action):
    """The journey stage an action improves: its process's, else its feedback's."""
    stages = action.process_id.stage_id or action.feedback_ids.stage_id
    return ", ".join(stages.sorted(key=lambda stage: (stage.sequence, stage.id)).mapped("name"))


def _sort_key(record):
    """Records by sequence, the empty one last."""
    return (not record, record.sequence if record else 0, record.id or 0)


def _funnel_row(rule, wave, funnel):
    return {
        "rule": rule,
        "wave": wave,
        "invited": funnel["invited"],
        "reminded": funnel["reminded"],
        "answered": funnel["answered"],
        "answered_after": funnel["answered_after_reminder"],
        "rate": funnel["rate"],
    }
