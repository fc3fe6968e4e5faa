from itertools import pairwise

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..fields import NullableInteger
from ..tools import maturity

USER = "cx_management.cx_management_group_user"
MANAGER = "cx_management.cx_management_group_manager"

FOCUS_SIZE = 3


class ResCompany(models.Model):
    """The CX overview of the company for managers: maturity, CSI, NPS, focus, actions."""

    _inherit = "res.company"
    _sql_constraints = [
        (
            "cx_maturity_window_positive",
            "CHECK(cx_maturity_window IS NULL OR cx_maturity_window > 0)",
            "The evidence window must be at least one month.",
        ),
    ]

    # CX OVERVIEW
    cx_csi_distribution_html = fields.Html(
        string="CSI Distribution",
        compute="_compute_cx_overview",
        sanitize=False,
        groups=USER,
    )
    cx_nps_distribution_html = fields.Html(
        string="NPS Distribution",
        compute="_compute_cx_overview",
        sanitize=False,
        groups=USER,
    )
    cx_focus_process_ids = fields.Many2many(
        "cx.process",
        string="Focus Processes",
        compute="_compute_cx_overview",
        groups=USER,
        help="The processes named in most complaints of the evidence window.",
    )
    cx_open_action_count = fields.Integer(
        string="Open Actions", compute="_compute_cx_overview", groups=USER
    )

    # MATURITY
    cx_maturity_window = fields.Integer(
        string="Evidence Window (months)",
        default=12,
        groups=USER,
        help="How many months back the evidence of maturity is read from this database.",
    )
    cx_maturity_assessment_id = fields.Many2one(
        "cx.maturity.assessment",
        string="Latest Assessment",
        compute="_compute_cx_maturity",
        groups=USER,
    )
    cx_maturity_level = NullableInteger(
        string="Assessed Maturity", compute="_compute_cx_maturity", groups=USER
    )
    cx_evidence_level = NullableInteger(
        string="Maturity by Evidence",
        compute="_compute_cx_evidence",
        groups=USER,
        help="The lowest of the five evidence levels; empty while a dimension cannot be read "
        "from this database.",
    )
    cx_evidence_html = fields.Html(
        string="Maturity Evidence",
        compute="_compute_cx_evidence",
        sanitize=False,
        groups=USER,
    )
    # one pair per dimension: assessed level and evidence level
    cx_maturity_collection = NullableInteger(
        string="Collection (assessed)", compute="_compute_cx_maturity", groups=USER
    )
    cx_maturity_analysis = NullableInteger(
        string="Analysis (assessed)", compute="_compute_cx_maturity", groups=USER
    )
    cx_maturity_execution = NullableInteger(
        string="Execution (assessed)", compute="_compute_cx_maturity", groups=USER
    )
    cx_maturity_metrics = NullableInteger(
        string="Metrics (assessed)", compute="_compute_cx_maturity", groups=USER
    )
    cx_maturity_correction = NullableInteger(
        string="Correction (assessed)", compute="_compute_cx_maturity", groups=USER
    )
    cx_evidence_collection = NullableInteger(
        string="Collection (evidence)", compute="_compute_cx_evidence", groups=USER
    )
    cx_evidence_analysis = NullableInteger(
        string="Analysis (evidence)", compute="_compute_cx_evidence", groups=USER
    )
    cx_evidence_execution = NullableInteger(
        string="Execution (evidence)", compute="_compute_cx_evidence", groups=USER
    )
    cx_evidence_metrics = NullableInteger(
        string="Metrics (evidence)", compute="_compute_cx_evidence", groups=USER
    )
    cx_evidence_correction = NullableInteger(
        string="Correction (evidence)", compute="_compute_cx_evidence", groups=USER
    )

    # ------------------------------------------------------------
    # CX OVERVIEW
    # ------------------------------------------------------------

    @api.depends_context("cx_maturity_date")
    def _compute_cx_overview(self):
        for company in self:
            date_from, date_to = company._cx_maturity_window_dates()
            window = [
                ("company_id", "=", company.id),
                ("date", ">", date_from),
                ("date", "<=", date_to),
            ]
            Feedback = self.env["cx.feedback"]
            csi = dict(
                Feedback._read_group(window + [("csi_score", ">=", 1)], ["csi_score"], ["__count"])
            )
            rows = [(str(score), csi.get(score, 0)) for score in range(1, 6)]
            company.cx_csi_distribution_html = company._cx_bars_html(
                (_("CSI scores of the feedback"), rows),
                (
                    _("Clients by integral CSI"),
                    company._cx_client_bands("cx_csi", (2, 3, 4), [("cx_csi", ">", 0)]),
                ),
            )

            categories = dict(
                Feedback._read_group(
                    window + [("nps_score", ">=", 0)], ["nps_category"], ["__count"]
                )
            )
            labels = dict(Feedback._fields["nps_category"]._description_selection(self.env))
            rows = [
                (labels[key], categories.get(key, 0))
                for key in ("promoter", "passive", "detractor")
            ]
            answered = sum(count for _label, count in rows)
            nps = maturity.share(
                categories.get("promoter", 0) - categories.get("detractor", 0), answered
            )
            title = _("NPS answers of the feedback")
            if nps is not None:
                title = _("NPS answers of the feedback (NPS %s)", round(nps * 100))
            company.cx_nps_distribution_html = company._cx_bars_html(
                (title, rows),
                (
                    _("Clients by account NPS"),
                    company._cx_client_bands(
                        "cx_nps", (0, 50), ["|", ("cx_nps", ">", 0), ("cx_nps", "<=", 0)]
                    ),
                ),
            )

            # the focus processes of Reporting > Problem Processes, for the same window
            ranking = self.env["cx.process.report"].get_ranking(window)
            company.cx_focus_process_ids = [row["process"].id for row in ranking[:FOCUS_SIZE]]
            company.cx_open_action_count = company._cx_open_action_count()

    def _cx_client_bands(self, field_name, bounds, known):
        """[(band label, clients)] of the clients' stored value cut at the bounds, one query.

        :param known: domain of the clients whose value is known (a plain Float stores 0 for
            unknown, a NullableFloat NULL; `!= False` on a number means `!= 0`)
        """
        values = [
            row[field_name]
            for row in self.env["res.partner"]
            .sudo()
            .with_company(self)
            .search_read([("is_company", "=", True), *known], [field_name])
            if row[field_name] is not False
        ]
        edges = [None, *bounds, None]
        rows = []
        for low, high in pairwise(edges):
            count = sum(
                1
                for value in values
                if (low is None or value >= low) and (high is None or value < high)
            )
            if low is None:
                label = _("below %s", high)
            elif high is None:
                label = _("%s and above", low)
            else:
                label = f"{low} - {high}"
            rows.append((label, count))
        return rows

    def _cx_open_action_count(self):
        return self.env["cx.action"].search_count(
            [
                ("company_id", "=", self.id),
                ("stage_id.is_done", "=", False),
                ("stage_id.is_cancelled", "=", False),
            ]
        )

    @api.model
    def _cx_bars_html(self, *tables):
        """One table of bars per (title, [(label, count)]), each bar its count's share."""
        values = []
        for title, rows in tables:
            total = sum(count for _label, count in rows)
            values.append(
                {
                    "title": title,
                    "rows": [
                        {
                            "label": label,
                            "count": count,
                            "percent": round(100 * count / total) if total else 0,
                        }
                        for label, count in rows
                    ],
                }
            )
        return self.env["ir.qweb"]._render("cx_management.cx_distribution_bars", {"tables": values})

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_cx_open_overview(self):
        """The current company's CX overview."""
        return {
            "type": "ir.actions.act_window",
            "name": _("CX Overview"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("cx_management.res_company_view_form_cx_overview").id,
                    "form",
                )
            ],
            "target": "current",
        }

    def action_cx_view_window_feedback(self):
        self.ensure_one()
        date_from, date_to = self._cx_maturity_window_dates()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [
            ("company_id", "=", self.id),
            ("date", ">", fields.Date.to_string(date_from)),
            ("date", "<=", fields.Date.to_string(date_to)),
        ]
        return action

    def action_cx_view_open_actions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Open Improvement Actions"),
            "res_model": "cx.action",
            "view_mode": "kanban,list,form",
            "views": [(False, "kanban"), (False, "list"), (False, "form")],
            "domain": [
                ("company_id", "=", self.id),
                ("stage_id.is_done", "=", False),
                ("stage_id.is_cancelled", "=", False),
            ],
            "target": "current",
        }

    # ------------------------------------------------------------
    # MATURITY
    # ------------------------------------------------------------
    # The company's CX-management maturity: assessed, and read from the evidence.

    def write(self, vals):
        # refused before the SQL check (which would log a "bad query" error)
        if "cx_maturity_window" in vals and (vals["cx_maturity_window"] or 0) < 1:
            raise ValidationError(
                _(
                    "The evidence window must be at least one month, not %s.",
                    vals["cx_maturity_window"] or 0,
                )
            )
        return super().write(vals)

    def _compute_cx_maturity(self):
        latest = {}
        Assessment = self.env["cx.maturity.assessment"]
        for assessment in Assessment.search(
            [("company_id", "in", self.ids), ("state", "=", "done")],
            order="date desc, id desc",
        ):
            latest.setdefault(assessment.company_id.id, assessment)
        for company in self:
            assessment = latest.get(company.id, Assessment)
            company.cx_maturity_assessment_id = assessment
            company.cx_maturity_level = assessment.overall_level if assessment else False
            for dimension in maturity.DIMENSIONS:
                company[f"cx_maturity_{dimension}"] = (
                    assessment[f"level_{dimension}"] if assessment else False
                )

    @api.depends_context("cx_maturity_date")
    def _compute_cx_evidence(self):
        for company in self:
            evidence = company._cx_maturity_evidence()
            levels = [level for level, _text in evidence.values()]
            for dimension, (level, _text) in evidence.items():
                company[f"cx_evidence_{dimension}"] = False if level is None else level
            company.cx_evidence_level = False if None in levels else maturity.overall_level(levels)
            company.cx_evidence_html = company._cx_evidence_table(evidence)

    def action_cx_maturity_history(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_maturity_assessment_action_history"
        )
        action["domain"] = [("company_id", "in", self.ids)]
        return action

    def action_cx_new_assessment(self):
        self.ensure_one()
        assessment = self.env["cx.maturity.assessment"].create({"company_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "cx.maturity.assessment",
            "res_id": assessment.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_cx_plan_maturity_step(self):
        """An internal improvement action for the next step of one dimension (from context)."""
        self.ensure_one()
        dimension = self.env.context.get("cx_dimension")
        if dimension not in maturity.DIMENSIONS:
            raise UserError(_("Choose the dimension whose next step becomes an action."))
        assessment = self.cx_maturity_assessment_id
        if not assessment:
            raise UserError(_("Finish a maturity assessment first: its next steps become actions."))
        level = assessment[f"level_{dimension}"]
        if maturity.next_level(level) is None:
            raise UserError(_("This dimension is at the highest level already."))
        labels = dict(
            self.env["cx.maturity.level"]._fields["dimension"]._description_selection(self.env)
        )
        return self.env["cx.action"].action_plan_for_client(
            self.env["res.partner"],
            origin="maturity",
            name=_(
                "Maturity: %(dimension)s to level %(level)s",
                dimension=labels[dimension],
                level=level + 1,
            ),
            company_id=self.id,
            description=assessment[f"next_{dimension}"],
        )

    def _cx_maturity_window_dates(self):
        self.ensure_one()
        date_to = fields.Date.to_date(
            self.env.context.get("cx_maturity_date") or fields.Date.context_today(self)
        )
        months = self.sudo().cx_maturity_window or 12
        return date_to - relativedelta(months=months), date_to

    def _cx_maturity_evidence(self):
        """{dimension: (level or None, figures as text)} read from this database."""
        self.ensure_one()
        date_from, date_to = self._cx_maturity_window_dates()
        clients = self._cx_evidence_clients(date_from, date_to)
        actions = self._cx_evidence_actions(date_from, date_to)
        metric_parts = self._cx_evidence_metric_parts(clients["active_ids"])
        return {
            "collection": self._cx_evidence_collection(clients),
            "analysis": self._cx_evidence_analysis(actions, metric_parts, clients),
            "execution": self._cx_evidence_execution(actions),
            "metrics": self._cx_evidence_metrics(clients, metric_parts),
            "correction": self._cx_evidence_correction(actions),
        }

    def _cx_evidence_clients(self, date_from, date_to):
        """Feedback figures of the window, grouped in a few queries."""
        Feedback = self.env["cx.feedback"].sudo()
        window = [
            ("company_id", "=", self.id),
            ("date", ">", date_from),
            ("date", "<=", date_to),
        ]
        with_feedback = {
            client.id for [client] in Feedback._read_group(window, ["commercial_partner_id"])
        }
        own = self.env["res.company"].sudo().search([]).partner_id.ids
        active_ids = set(
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("id", "not in", own),
                    ("company_id", "in", [self.id, False]),
                    "|",
                    "&",
                    ("is_company", "=", True),
                    ("user_id", "!=", False),
                    ("id", "in", list(with_feedback)),
                ]
            )
            .ids
        )
        channels = {channel for [channel] in Feedback._read_group(window, ["channel"])}
        staff_logged = bool(
            Feedback.search_count(
                window
                + [
                    ("channel", "in", sorted(maturity.MEETING_CHANNELS | {"call"})),
                    ("user_id.share", "=", False),
                ],
                limit=1,
            )
        )
        nps_clients = {
            client.id
            for [client] in Feedback._read_group(
                window + [("nps_score", ">=", 0)], ["commercial_partner_id"]
            )
        }
        csi_clients = {
            client.id
            for [client] in Feedback._read_group(
                window + [("csi_score", ">=", 1)], ["commercial_partner_id"]
            )
        }
        csi_clients |= {
            client.id
            for [client] in self.env["cx.csi.snapshot"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.id),
                    ("insufficient", "=", False),
                    ("date", ">", date_from),
                    ("date", "<=", date_to),
                ],
                ["partner_id"],
            )
        }
        nps_months = len(Feedback._read_group(window + [("nps_score", ">=", 0)], ["date:month"]))
        return {
            "active_ids": active_ids,
            "active": len(active_ids),
            "with_feedback": len(with_feedback & active_ids),
            "channels": channels,
            "staff_logged": staff_logged,
            "nps": len(nps_clients & active_ids),
            "csi": len(csi_clients & active_ids),
            "nps_months": nps_months,
        }

    def _cx_evidence_metric_parts(self, active_ids):
        """Figures of the metrics and revenue parts."""
        weighted = len(
            self.env["cx.metric.weight"]
            .sudo()
            ._read_group(
                [("partner_id", "in", list(active_ids)), ("company_id", "=", self.id)],
                ["partner_id"],
            )
        )
        triggers = self.env["cx.metric"].sudo().search_count([("kind", "=", "trigger")])
        money = (
            self.env["res.partner"]
            .sudo()
            .search_count([("id", "in", list(active_ids)), ("cx_annual_revenue", ">", 0)])
        )
        return {"weighted": weighted, "triggers": triggers, "money": money}

    def _cx_evidence_actions(self, date_from, date_to):
        """Improvement-action figures of the window in one query; None while the company has
        recorded no improvement action at all (the part is not used yet)."""
        Action = self.env["cx.action"].sudo()
        if not Action.search_count([("company_id", "=", self.id)], limit=1):
            return None
        Action.flush_model()
        self.env["cx.action.stage"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH a AS (
                    SELECT a.*, s.is_cancelled, a.create_date::date AS date_created,
                           EXISTS (SELECT 1 FROM cx_action_cx_feedback_rel r
                                    WHERE r.action_id = a.id) AS from_feedback
                      FROM cx_action a
                      JOIN cx_action_stage s ON s.id = a.stage_id
                     WHERE a.company_id = %(company)s
                )
                SELECT
                    count(*) FILTER (WHERE date_created > %(from)s AND date_created <= %(to)s),
                    count(*) FILTER (WHERE date_created > %(from)s AND date_created <= %(to)s
                                       AND (from_feedback OR a.process_id IS NOT NULL
                                            OR a.metric_id IS NOT NULL)),
                    count(*) FILTER (WHERE is_cancelled IS NOT TRUE
                                       AND ((date_done > %(from)s AND date_done <= %(to)s)
                                     OR (date_deadline > %(from)s AND date_deadline <= %(to)s))),
                    count(*) FILTER (WHERE is_cancelled IS NOT TRUE
                                       AND date_done > %(from)s AND date_done <= %(to)s
                                       AND (date_deadline IS NULL OR date_done <= date_deadline)),
                    count(*) FILTER (WHERE partner_id IS NOT NULL
                                       AND date_created > %(from)s AND date_created <= %(to)s),
                    count(*) FILTER (WHERE partner_id IS NOT NULL AND portal_published
                                       AND date_created > %(from)s AND date_created <= %(to)s),
                    count(*) FILTER (WHERE date_done > %(from)s AND date_done <= %(to)s),
                    count(*) FILTER (WHERE date_done > %(from)s AND date_done <= %(to)s
                                       AND from_feedback),
                    count(*) FILTER (WHERE date_done > %(from)s AND date_done <= %(to)s
                                       AND (effect IS NOT NULL OR effect_csi IS NOT NULL)),
                    count(*) FILTER (WHERE date_created > %(from)s AND date_created <= %(to)s
                                       AND EXISTS (
                        SELECT 1 FROM a AS earlier
                         WHERE earlier.id != a.id
                           AND earlier.date_effect IS NOT NULL
                           AND earlier.date_effect <= a.date_created
                           AND (earlier.commercial_partner_id = a.commercial_partner_id
                                OR earlier.process_id = a.process_id)))
                  FROM a
                """,
                company=self.id,
                **{"from": date_from, "to": date_to},
            )
        )
        keys = (
            "created",
            "linked",
            "due",
            "on_time",
            "client",
            "published",
            "done",
            "done_from_feedback",
            "measured",
            "replanned",
        )
        return dict(zip(keys, self.env.cr.fetchone(), strict=True))

    def _cx_evidence_collection(self, clients):
        level = maturity.collection_level(
            clients["active"],
            clients["with_feedback"],
            clients["channels"],
            clients["staff_logged"],
        )
        channels = ", ".join(self._cx_channel_label(c) for c in sorted(clients["channels"]))
        text = self.env._(
            "Active clients with feedback: %(part)s of %(whole)s (%(share)s). Channels in use: "
            "%(channels)s. Feedback logged by staff in direct contact: %(staff)s. All of it in "
            "this one system.",
            part=clients["with_feedback"],
            whole=clients["active"],
            share=self._cx_percent(clients["with_feedback"], clients["active"]),
            channels=channels or self.env._("none"),
            staff=self.env._("yes") if clients["staff_logged"] else self.env._("no"),
        )
        return level, text

    def _cx_evidence_analysis(self, actions, parts, clients):
        if actions is None:
            return None, self._cx_needs_actions()
        level = maturity.analysis_level(
            actions["created"],
            actions["linked"],
            parts["weighted"],
            clients["active"],
            parts["triggers"],
        )
        text = self.env._(
            "Actions created: %(created)s, linked to feedback, a metric or a process: %(linked)s "
            "(%(share)s).",
            created=actions["created"],
            linked=actions["linked"],
            share=self._cx_percent(actions["linked"], actions["created"]),
        )
        if not parts["weighted"]:
            text += " " + self._cx_needs_metrics()
        else:
            text += " " + self.env._(
                "Clients with their own metric weights: %(weighted)s; trigger metrics: "
                "%(triggers)s.",
                weighted=parts["weighted"],
                triggers=parts["triggers"],
            )
        return level, text

    def _cx_evidence_execution(self, actions):
        if actions is None:
            return None, self._cx_needs_actions()
        level = maturity.execution_level(
            actions["due"], actions["on_time"], actions["client"], actions["published"]
        )
        text = self.env._(
            "Actions due or done: %(due)s, done on time: %(on_time)s (%(on_time_share)s). Client "
            "actions: %(client)s, published to the portal: %(published)s (%(published_share)s).",
            due=actions["due"],
            on_time=actions["on_time"],
            on_time_share=self._cx_percent(actions["on_time"], actions["due"]),
            client=actions["client"],
            published=actions["published"],
            published_share=self._cx_percent(actions["published"], actions["client"]),
        )
        return level, text

    def _cx_evidence_metrics(self, clients, parts):
        level = maturity.metrics_level(
            clients["active"],
            clients["nps"],
            clients["csi"],
            clients["nps_months"],
            parts["weighted"],
            parts["money"],
        )
        text = self.env._(
            "Active clients with NPS: %(nps)s, with CSI: %(csi)s, of %(whole)s. Months with NPS "
            "answers: %(months)s.",
            nps=clients["nps"],
            csi=clients["csi"],
            whole=clients["active"],
            months=clients["nps_months"],
        )
        if not parts["weighted"]:
            text += " " + self._cx_needs_metrics()
        else:
            text += " " + self.env._(
                "Clients with their own metric weights: %s.", parts["weighted"]
            )
        if not parts["money"]:
            text += " " + self.env._("Needs the revenue at risk (analysis), not used yet.")
        else:
            text += " " + self.env._(
                "Clients with an annual revenue for the revenue at risk: %s.",
                parts["money"],
            )
        return level, text

    def _cx_evidence_correction(self, actions):
        if actions is None:
            return None, self._cx_needs_actions()
        level = maturity.correction_level(
            actions["done"],
            actions["done_from_feedback"],
            actions["measured"],
            actions["replanned"],
        )
        text = self.env._(
            "Actions done: %(done)s, answering feedback: %(from_feedback)s, with a measured "
            "effect: %(measured)s (%(share)s). Actions planned after an earlier measured effect: "
            "%(replanned)s.",
            done=actions["done"],
            from_feedback=actions["done_from_feedback"],
            measured=actions["measured"],
            share=self._cx_percent(actions["measured"], actions["done"]),
            replanned=actions["replanned"],
        )
        return level, text

    def _cx_needs_actions(self):
        return self.env._("Needs improvement actions, not used yet.")

    def _cx_needs_metrics(self):
        return self.env._("Needs metrics, not used yet.")

    def _cx_channel_label(self, channel):
        labels = dict(self.env["cx.feedback"]._fields["channel"]._description_selection(self.env))
        return labels.get(channel, channel)

    @api.model
    def _cx_percent(self, part, whole):
        value = maturity.share(part, whole)
        return "-" if value is None else f"{round(value * 100)} %"

    def _cx_evidence_table(self, evidence):
        labels = dict(
            self.env["cx.maturity.level"]._fields["dimension"]._description_selection(self.env)
        )
        rows = [
            {"dimension": labels[dimension], "level": level, "figures": text}
            for dimension, (level, text) in evidence.items()
        ]
        return self.env["ir.qweb"]._render(
            "cx_management.cx_maturity_evidence_table", {"rows": rows}
        )
