import json
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import format_decimalized_amount

from ..fields import NullableFloat
from ..tools import coverage as coverage_tools
from ..tools import csi as csi_tools
from ..tools import holdings as holdings_tools
from ..tools import nps as nps_tools
from ..tools import revenue as revenue_tools
from ..tools import spend as spend_tools
from ..tools.settings import float_setting, int_setting

NPS_WAY_PARAM = "cx_management.nps_way"

NPS_WINDOW_DAYS = 365

NPS_BATCH = 1000

NPS_RUN_PARAM = "cx_management.nps_cron_run"

PARAM_SILENCE_ROLE = "cx_management.silence_role_id"
PARAM_SILENCE_DAYS = "cx_management.silence_days"
PARAM_SILENCE_REVENUE = "cx_management.silence_revenue"
SILENCE_ACTIVITY_TYPE = "cx_management.mail_activity_type_cx_silence"
SPEND_BANDS_PARAM = "cx_management.spend_bands"


# COVERAGE: the feedback in which the client was heard; a complaint that an order raised by
# itself (channel "operation") is what the client lived through, not what it said
HEARD_DOMAIN = [("channel", "!=", "operation")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # FEEDBACK
    cx_role_id = fields.Many2one(
        "cx.contact.role",
        string="CX Contact Role",
        help="How this contact judges us: economic buyer, technical buyer or operator.",
    )
    cx_feedback_ids = fields.One2many(
        "cx.feedback",
        "commercial_partner_id",
        string="Client Feedback",
        groups="cx_management.cx_management_group_user",
    )
    cx_feedback_count = fields.Integer(
        string="Feedback Count",
        compute="_compute_cx_feedback_count",
        groups="cx_management.cx_management_group_user",
    )
    # IMPROVEMENT ACTIONS
    cx_action_count = fields.Integer(
        string="Improvement Action Count",
        compute="_compute_cx_action_count",
        groups="cx_management.cx_management_group_user",
    )

    # INTEGRAL CSI
    # per company (company-dependent): a client shared by companies has a CSI in each
    cx_csi = fields.Float(
        string="CSI",
        readonly=True,
        copy=False,
        company_dependent=True,
        aggregator="avg",
        help="The client's integral CSI (1-5) of its latest computed period, for the current "
        "company; empty when that period has too few blocks with values.",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_date = fields.Date(
        string="CSI Period",
        readonly=True,
        copy=False,
        company_dependent=True,
        help="The last day of the CSI's period.",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_period = fields.Char(
        string="Period of the CSI",
        compute="_compute_cx_csi_period",
        help="The period the integral CSI was computed for, e.g. Q4 2026.",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_delta = fields.Float(
        string="CSI Change",
        readonly=True,
        copy=False,
        company_dependent=True,
        help="Change of the CSI against the client's previous period.",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_insufficient_note = fields.Char(
        string="Why No CSI",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_snapshot_ids = fields.One2many(
        "cx.csi.snapshot",
        "partner_id",
        string="CSI History",
        groups="cx_management.cx_management_group_user",
    )
    cx_metric_value_ids = fields.One2many(
        "cx.metric.value",
        "partner_id",
        string="Metric Values",
        groups="cx_management.cx_management_group_user",
    )
    cx_metric_weight_ids = fields.One2many(
        "cx.metric.weight",
        "partner_id",
        string="Metric Weights",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_value_ids = fields.Many2many(
        "cx.metric.value",
        string="CSI Breakdown",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_line_ids = fields.Many2many(
        "cx.csi.snapshot.line",
        string="CSI Block Scores",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_top_metric_id = fields.Many2one(
        "cx.metric",
        string="Top Detractor",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )

    # ANALYSIS
    cx_nps = NullableFloat(
        string="Account NPS",
        readonly=True,
        company_dependent=True,
        digits=(16, 1),
        groups="cx_management.cx_management_group_user",
        help="Net Promoter Score of the client's contacts over the last 12 months, in the way "
        "chosen in the settings; empty when nobody answered. Refreshed by a scheduled action.",
    )
    cx_currency_id = fields.Many2one(
        "res.currency", string="CX Currency", compute="_compute_cx_currency_id"
    )
    # company-dependent, so a Float (a Monetary cannot be) shown in the company's currency:
    # what a client shared by two companies buys from each of them
    cx_annual_revenue = fields.Float(
        string="Annual Revenue",
        company_dependent=True,
        groups="cx_management.cx_management_group_user",
        help="What the client buys from the current company in a year, in its currency; the "
        "base of the revenue at risk.",
    )
    cx_churn_probability = NullableFloat(
        string="Churn Probability",
        readonly=True,
        company_dependent=True,
        groups="cx_management.cx_management_group_user",
        help="From the churn band holding the client's CSI and account NPS; empty when either "
        "is unknown. Refreshed by a scheduled action.",
    )
    # company-dependent, so a Float (a Monetary cannot be) shown in the client's currency
    cx_revenue_at_risk = fields.Float(
        string="Revenue at Risk",
        readonly=True,
        company_dependent=True,
        groups="cx_management.cx_management_group_user",
        help="Annual revenue times churn probability. Refreshed by a scheduled action.",
    )
    cx_role_stage_html = fields.Html(
        string="Role x Stage",
        compute="_compute_cx_role_stage_html",
        sanitize=False,
        groups="cx_management.cx_management_group_user",
    )

    # REQUIREMENTS
    cx_requirement_ids = fields.One2many(
        "cx.requirement",
        "partner_id",
        string="Standing Requirements",
        domain=[("scope", "=", "all")],
        help="The client's requirements for every order.",
        groups="cx_management.cx_management_group_user",
    )
    cx_requirement_count = fields.Integer(
        string="Requirement Count",
        compute="_compute_cx_requirement_count",
        groups="cx_management.cx_management_group_user",
    )

    # ORDER FACTS
    cx_order_fact_ids = fields.One2many(
        "cx.order.fact",
        "partner_id",
        string="Orders",
        help="The client's orders as the delivery metrics see them.",
        groups="cx_management.cx_management_group_user",
    )

    # COVERAGE
    cx_contact_feedback_ids = fields.One2many(
        "cx.feedback",
        "partner_id",
        string="Own Feedback",
        groups="cx_management.cx_management_group_user",
    )
    cx_key_contact_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Key Contacts",
        domain=[("cx_role_id", "!=", False)],
    )
    cx_date_last_heard = fields.Date(
        string="Last Heard",
        compute="_compute_cx_date_last_heard",
        store=True,
        index=True,
        help="The date of the latest feedback of this contact (of any of its contacts, for a "
        "client).",
    )
    cx_date_silence_alert = fields.Date(
        string="Silence Alert On",
        readonly=True,
        copy=False,
        help="When the salesperson was last told that this key contact was not heard for "
        "too long; a new alert comes only after the contact was heard again.",
        groups="cx_management.cx_management_group_user",
    )

    # SPEND X NPS
    cx_spend_band = fields.Selection(
        selection="_cx_spend_band_selection",
        string="Revenue Band",
        readonly=True,
        copy=False,
        company_dependent=True,
        groups="cx_management.cx_management_group_user",
        help="The band of the client's annual revenue, cut at the bounds of the settings. "
        "Refreshed with the account NPS.",
    )
    cx_nps_group = fields.Selection(
        [
            ("promoter", "Promoter"),
            ("passive", "Passive"),
            ("detractor", "Detractor"),
        ],
        string="NPS Group",
        readonly=True,
        copy=False,
        company_dependent=True,
        groups="cx_management.cx_management_group_user",
        help="Promoter: account NPS of 30 or more; detractor: below 0; passive: in between; "
        "empty when nobody answered.",
    )

    # HOLDINGS
    cx_subsidiary_count = fields.Integer(
        string="Subsidiaries",
        compute="_compute_cx_holding",
        groups="cx_management.cx_management_group_user",
    )
    cx_holding_revenue = fields.Float(
        string="Group Revenue",
        compute="_compute_cx_holding",
        groups="cx_management.cx_management_group_user",
        help="The annual revenue of the company and every company below it.",
    )
    cx_holding_csi = fields.Float(
        string="Group CSI",
        compute="_compute_cx_holding",
        digits=(16, 2),
        groups="cx_management.cx_management_group_user",
        help="The integral CSI of the company and its subsidiaries, each weighted by its share "
        "of the group's annual revenue.",
    )
    cx_holding_nps = fields.Float(
        string="Group Account NPS",
        compute="_compute_cx_holding",
        digits=(16, 1),
        groups="cx_management.cx_management_group_user",
        help="The account NPS of the company and its subsidiaries, each weighted by its share "
        "of the group's annual revenue.",
    )
    cx_holding_revenue_at_risk = fields.Float(
        string="Group Revenue at Risk",
        compute="_compute_cx_holding",
        groups="cx_management.cx_management_group_user",
        help="The revenue at risk of the company and its subsidiaries, summed.",
    )
    cx_holding_html = fields.Html(
        string="Group Companies",
        compute="_compute_cx_holding",
        sanitize=False,
        groups="cx_management.cx_management_group_user",
    )

    # ------------------------------------------------------------
    # FEEDBACK
    # ------------------------------------------------------------

    def _compute_cx_feedback_count(self):
        """A company counts its contacts' feedback too; a person counts what they said."""
        counts = self._cx_feedback_by_partner(self.env["cx.feedback"], "__count")
        for partner in self:
            partner.cx_feedback_count = counts.get(partner, 0)

    def _cx_feedback_by_partner(self, Feedback, aggregate, domain=()):
        """{partner: aggregate} of the feedback (of ``domain``) of these partners in one grouped
        query each for the companies (their contacts' feedback) and the people (their own)."""
        companies = self.filtered("is_company")
        people = self - companies
        result = dict(
            Feedback._read_group(
                [("commercial_partner_id", "in", companies.ids), *domain],
                ["commercial_partner_id"],
                [aggregate],
            )
        )
        result.update(
            Feedback._read_group(
                [("partner_id", "in", people.ids), *domain], ["partner_id"], [aggregate]
            )
        )
        return result

    def action_view_cx_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        if self.is_company:
            action["domain"] = [("commercial_partner_id", "=", self.id)]
        else:
            action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------
    # IMPROVEMENT ACTIONS
    # ------------------------------------------------------------

    def _compute_cx_action_count(self):
        """A company counts the actions for it; a contact those of its main contact."""
        Action = self.env["cx.action"]
        companies = self.filtered("is_company")
        people = self - companies
        by_client = dict(
            Action._read_group(
                [("commercial_partner_id", "in", companies.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        by_contact = dict(
            Action._read_group([("contact_id", "in", people.ids)], ["contact_id"], ["__count"])
        )
        for partner in companies:
            partner.cx_action_count = by_client.get(partner, 0)
        for partner in people:
            partner.cx_action_count = by_contact.get(partner, 0)

    def action_view_cx_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_action_action")
        if self.is_company:
            action["domain"] = [("commercial_partner_id", "=", self.id)]
        else:
            action["domain"] = [("contact_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # ------------------------------------------------------------
    # INTEGRAL CSI
    # ------------------------------------------------------------
    # The integral CSI on the client: latest value, change, breakdown and history.

    @api.depends("cx_csi_date")
    @api.depends_context("lang", "company")
    def _compute_cx_csi_period(self):
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        for partner in self:
            partner.cx_csi_period = partner.cx_csi_date and self.env[
                "cx.csi.snapshot"
            ]._cx_period_label(partner.cx_csi_date, period)

    @api.depends("cx_csi_date")
    @api.depends_context("company")
    def _compute_cx_csi_breakdown(self):
        """The values and block scores of the latest CSI period of the current company, in
        the methodology's order."""
        clients = self.filtered("cx_csi_date")
        values = self.env["cx.metric.value"].search(
            [
                ("partner_id", "in", clients.ids),
                ("company_id", "=", self.env.company.id),
                ("date", "in", list(set(clients.mapped("cx_csi_date")))),
            ]
        )
        snapshots = self.env["cx.csi.snapshot"].search(
            [
                ("partner_id", "in", clients.ids),
                ("company_id", "=", self.env.company.id),
                ("date", "in", list(set(clients.mapped("cx_csi_date")))),
            ]
        )
        by_snapshot = {(s.partner_id.id, s.date): s for s in snapshots}
        for partner in self:
            own = values.filtered(
                lambda v, p=partner: v.partner_id == p and v.date == p.cx_csi_date
            ).sorted(
                # the blocks' metrics first, then those of no block (they count in no block)
                lambda v: (
                    not v.block_id,
                    v.block_id.sequence,
                    v.block_id.id,
                    v.metric_id.sequence,
                    v.metric_id.id,
                )
            )
            snapshot = by_snapshot.get((partner.id, partner.cx_csi_date))
            partner.cx_csi_value_ids = own
            partner.cx_csi_line_ids = snapshot.line_ids if snapshot else False
            partner.cx_csi_top_metric_id = snapshot.top_metric_id if snapshot else False
            partner.cx_csi_insufficient_note = snapshot.insufficient_note if snapshot else False

    def action_cx_plan_top_detractor(self):
        """Plan an improvement action on the metric that drags this client's CSI down most."""
        self.ensure_one()
        metric = self.cx_csi_top_metric_id
        if not metric:
            raise UserError(_("%s has no CSI detractor to act on yet.", self.display_name))
        return self.env["cx.action"].action_plan_for_client(
            self,
            metric.process_id,
            origin="metric",
            name=self.env["cx.action"]._cx_title_for_metric(metric, self),
            metric_id=metric.id,
        )

    def action_cx_recompute_csi(self):
        """Recompute the metric values and every CSI period of these clients now."""
        if not self.env.user.has_group("cx_management.cx_management_group_user"):
            raise AccessError(_("Only Customer Experience users can recompute the CSI."))
        clients = self.commercial_partner_id
        if self.env["cx.csi.snapshot"].sudo()._cx_recompute(clients.ids):
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": _("CSI queued"),
                "message": _(
                    "The scheduled CSI computation is running: %(clients)s will be recomputed "
                    "as soon as it ends, usually within a minute. Reload the page then.",
                    clients=", ".join(clients.mapped("display_name")),
                ),
            },
        }

    def action_view_cx_csi_snapshots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_csi_snapshot_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # ANALYSIS
    # ------------------------------------------------------------
    # The client's account NPS and its role x stage grid.

    @api.depends_context("company")
    def _compute_cx_currency_id(self):
        """The current company's currency: the revenue figures are that company's."""
        self.cx_currency_id = self.env.company.currency_id

    def write(self, vals):
        result = super().write(vals)
        if "cx_annual_revenue" in vals:
            # the revenue at risk follows a revenue typed by hand at once
            self.filtered("is_company")._cx_compute_churn()
            self.filtered("is_company")._cx_write_spend_groups()
        return result

    def _cx_revenue_at_risk(self, probability):
        """The client's annual revenue times this probability (tools.revenue); 0 if unknown."""
        self.ensure_one()
        return revenue_tools.revenue_at_risk(self.cx_annual_revenue, probability) or 0.0

    def _compute_cx_role_stage_html(self):
        """Average CSI and feedback count per contact role and journey stage, one query."""
        companies = self.filtered("is_company")
        (self - companies).cx_role_stage_html = False
        if not companies:
            return
        cells = defaultdict(dict)
        for client, role, stage, csi, count in self.env["cx.feedback"]._read_group(
            [("commercial_partner_id", "in", companies.ids)],
            ["commercial_partner_id", "role_id", "stage_id"],
            ["csi_score:avg", "__count"],
        ):
            cells[client.id][role.id, stage.id] = (csi, count)
        roles = self.env["cx.contact.role"].search([])
        stages = self.env["cx.journey.stage"].search([])
        QWeb = self.env["ir.qweb"]
        for partner in companies:
            partner.cx_role_stage_html = (
                QWeb._render(
                    "cx_management.cx_role_stage_grid",
                    _role_stage_values(roles, stages, cells[partner.id]),
                )
                if cells[partner.id]
                else False
            )

    @api.model
    def _cx_nps_way(self):
        way = self.env["ir.config_parameter"].sudo().get_param(NPS_WAY_PARAM, "all")
        return way if way in nps_tools.NPS_WAYS else "all"

    def _cx_companies_by_client(self):
        """{company: clients}: each client under its company, a shared client under every
        company (its figures are kept per company)."""
        companies = self.env["res.company"].sudo().search([])
        return {
            company: self.filtered(
                lambda partner, c=company: not partner.company_id or partner.company_id == c
            )
            for company in companies
        }

    def _cx_compute_nps(self, date_to=None):
        """Store the account NPS of these clients per company, from each company's feedback:
        one grouped query per company, one UPDATE.

        :return: {client id: NPS} of the current company
        """
        clients = self.filtered("is_company")
        if not clients:
            return {}
        date_to = date_to or fields.Date.context_today(self)
        date_from = date_to - timedelta(days=NPS_WINDOW_DAYS)
        values = {client.id: {} for client in clients}
        for company, members in clients._cx_companies_by_client().items():
            if not members:
                continue
            by_client = self.sudo()._cx_nps_by_client(
                [
                    ("commercial_partner_id", "in", members.ids),
                    ("company_id", "=", company.id),
                    ("date", ">", date_from),
                    ("date", "<=", date_to),
                ]
            )
            for client in members:
                values[client.id][str(company.id)] = by_client.get(client.id)
        self.env.cr.execute(
            "UPDATE res_partner p SET cx_nps = v.nps "
            "FROM unnest(%s::integer[], %s::jsonb[]) AS v(id, nps) WHERE p.id = v.id",
            [list(values), [_company_json(nps) for nps in values.values()]],
        )
        clients.invalidate_recordset(["cx_nps"])
        current = str(self.env.company.id)
        return {client: nps.get(current) for client, nps in values.items()}

    @api.model
    def _cx_nps_by_client(self, feedback_domain):
        """{client id: account NPS} over the feedback of the domain, in the settings' way.

        One grouped SQL query (record rules applied): the answers counted per client, contact,
        role and score, handed to tools.nps.account_nps as (contact, score, weight, count) rows.
        """
        domain = list(feedback_domain) + [("nps_category", "!=", False)]
        way = self._cx_nps_way()
        role_weights = {}
        if way == "role":
            role_weights = {
                role.id: role.weight
                for role in self.env["cx.contact.role"]
                .sudo()
                .with_context(active_test=False)
                .search([])
            }
        rows = defaultdict(list)
        for client_id, contact_id, role_id, score, count in grouped_rows(
            self.env["cx.feedback"],
            domain,
            SQL(
                '"cx_feedback".commercial_partner_id, "cx_feedback".partner_id, '
                '"cx_feedback".role_id, "cx_feedback".nps_score, COUNT(*)'
            ),
            SQL(
                '"cx_feedback".commercial_partner_id, "cx_feedback".partner_id, '
                '"cx_feedback".role_id, "cx_feedback".nps_score'
            ),
        ):
            rows[client_id].append((contact_id, score, role_weights.get(role_id) or 1.0, count))
        return {
            client_id: nps_tools.account_nps(way, answers) for client_id, answers in rows.items()
        }

    def _cx_csi_by_client(self, date_to):
        """{client id: CSI} for the current company: the integral CSI (cx_csi) where the
        client has one, else the average CSI score of the company's feedback from the client
        over the last 12 months."""
        result = {partner.id: partner.cx_csi for partner in self if partner.cx_csi}
        date_from = date_to - timedelta(days=NPS_WINDOW_DAYS)
        without = self.filtered(lambda partner: partner.id not in result)
        for client, csi in (
            self.env["cx.feedback"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", without.ids),
                    ("company_id", "=", self.env.company.id),
                    ("csi_score", ">=", 1),
                    ("date", ">", date_from),
                    ("date", "<=", date_to),
                ],
                ["commercial_partner_id"],
                ["csi_score:avg"],
            )
        ):
            result[client.id] = csi
        return result

    def _cx_compute_churn(self, date_to=None):
        """Store the churn probability and revenue at risk of these clients per company, from
        that company's CSI and stored NPS, computed by tools.revenue, in one UPDATE."""
        self.env.flush_all()
        clients = self.filtered("is_company").sudo()
        if not clients:
            return
        date_to = date_to or fields.Date.context_today(self)
        bands = self.env["cx.churn.band"].sudo()._bands_table()
        probabilities = {client.id: {} for client in clients}
        at_risk = {client.id: {} for client in clients}
        for company, members in clients._cx_companies_by_client().items():
            members = members.with_company(company)
            csi_by_client = members._cx_csi_by_client(date_to)
            for client in members:
                probability = revenue_tools.churn_probability(
                    bands, csi_by_client.get(client.id), client.cx_nps
                )
                probabilities[client.id][str(company.id)] = probability
                at_risk[client.id][str(company.id)] = client._cx_revenue_at_risk(probability)
        self.env.cr.execute(
            "UPDATE res_partner p SET cx_churn_probability = v.probability, "
            "cx_revenue_at_risk = v.at_risk FROM unnest(%s::integer[], %s::jsonb[], "
            "%s::jsonb[]) AS v(id, probability, at_risk) WHERE p.id = v.id",
            [
                list(probabilities),
                [_company_json(value) for value in probabilities.values()],
                [_company_json(at_risk[client]) for client in probabilities],
            ],
        )
        clients.invalidate_recordset(["cx_churn_probability", "cx_revenue_at_risk"])

    def _cx_refresh_analysis(self, date_to=None):
        """Account NPS, then churn probability and revenue at risk, of these clients."""
        self._cx_compute_nps(date_to=date_to)
        self._cx_compute_churn(date_to=date_to)
        self._cx_write_spend_groups()

    @api.model
    def _cron_compute_cx_nps(self, batch_size=NPS_BATCH):
        """One batch of the daily refresh of NPS and revenue at risk per call; the cron runner
        commits and calls again while progress reports clients remaining.

        The run is marked in the parameter NPS_RUN_PARAM: {"date": the run's day, "after": last
        client id done}. A call without a marker of today starts the run (annual revenue
        first, so that the revenue at risk uses the current one); every call then reads from
        the database the clients after the marker, refreshes the first batch_size of them and
        moves the marker past them, or removes it when none is left. The marker only moves
        forward over a finite list of client ids, so a run ends.
        """
        params = self.env["ir.config_parameter"].sudo()
        today = fields.Date.to_string(fields.Date.context_today(self))
        try:
            run = json.loads(params.get_param(NPS_RUN_PARAM) or "{}")
        except ValueError:
            run = {}
        if run.get("date") == today:
            after = int(run.get("after") or 0)
        else:
            after = 0
            self._cx_refresh_annual_revenue()
        ids = self._cx_nps_client_ids(after)
        batch = ids[:batch_size]
        self.browse(batch)._cx_refresh_analysis()
        remaining = len(ids) - len(batch)
        params.set_param(
            NPS_RUN_PARAM, json.dumps({"date": today, "after": batch[-1]}) if remaining else False
        )
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return {"clients": len(batch), "remaining": remaining}

    @api.model
    def _cx_refresh_all_nps(self, batch_size=NPS_BATCH):
        """Refresh NPS and revenue at risk of every client with answers, a stored NPS or an
        annual revenue, every batch in this transaction (settings, tests, scripts; the cron
        runs one batch a call); the annual revenue first, so that the revenue at risk uses
        the current one."""
        self._cx_refresh_annual_revenue()
        ids = self._cx_nps_client_ids()
        for start in range(0, len(ids), batch_size):
            self.browse(ids[start : start + batch_size])._cx_refresh_analysis()

    @api.model
    def _cx_nps_client_ids(self, after=0):
        """Ids above `after` of the clients with answers, a stored NPS or an annual revenue."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM (SELECT DISTINCT commercial_partner_id AS id FROM cx_feedback "
            "WHERE nps_score IS NOT NULL AND commercial_partner_id IS NOT NULL "
            "UNION SELECT id FROM res_partner WHERE is_company AND (cx_nps IS NOT NULL "
            "OR cx_annual_revenue IS NOT NULL OR cx_churn_probability IS NOT NULL)) c "
            "WHERE id > %s ORDER BY 1",
            [after],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------
    # INTERVIEW
    # ------------------------------------------------------------

    def action_cx_interview(self):
        """Open the interview grid for this client, or for this contact of its client."""
        self.ensure_one()
        client = self.commercial_partner_id
        context = {"default_client_id": client.id}
        if self != client:
            context["default_contact_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Interview"),
            "res_model": "cx.interview",
            "view_mode": "form",
            "views": [(self.env.ref("cx_management.cx_interview_view_form").id, "form")],
            "target": "new",
            "context": context,
        }

    # ------------------------------------------------------------
    # REQUIREMENTS
    # ------------------------------------------------------------
    # The client's standing requirements, and the hook that refreshes its annual revenue.

    def _compute_cx_requirement_count(self):
        """Valid requirements of the client (a contact: of its company)."""
        Requirement = self.env["cx.requirement"]
        counts = dict(
            Requirement._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    *Requirement._valid_domain(fields.Date.context_today(self)),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cx_requirement_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_cx_requirements(self):
        self.ensure_one()
        client = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_requirement_action"
        )
        action["domain"] = [("partner_id", "=", client.id)]
        action["context"] = {"default_partner_id": client.id, "search_default_valid": 1}
        return action

    @api.model
    def _cx_refresh_annual_revenue(self, date_to=None):
        """Refresh every client's annual revenue from where it comes.

        Here it is typed on the client, so nothing happens; the Sales bridge
        (cx_management_sale) sums the confirmed sales orders of the last 12 months.
        """
        return False

    # ------------------------------------------------------------
    # COVERAGE
    # ------------------------------------------------------------
    # Who was heard when: the last feedback date of every contact and client, the active
    # clients, and the alert when a key contact stays silent.

    @api.depends(
        "cx_feedback_ids.date",
        "cx_feedback_ids.channel",
        "cx_contact_feedback_ids.date",
        "cx_contact_feedback_ids.channel",
        "is_company",
    )
    def _compute_cx_date_last_heard(self):
        """Set-based: one grouped query for the clients, one for the people."""
        dates = self._cx_feedback_by_partner(
            self.env["cx.feedback"].sudo(), "date:max", HEARD_DOMAIN
        )
        for partner in self:
            partner.cx_date_last_heard = dates.get(partner, False)

    @api.model
    def _cx_active_client_domain(self, company=None):
        """The active clients: companies with a salesperson or an annual revenue, not one of
        ours (of `company` or shared, when given)."""
        own = self.env["res.company"].sudo().search([]).partner_id.ids
        domain = [("is_company", "=", True), ("id", "not in", own), *self._cx_active_terms()]
        if company:
            domain.append(("company_id", "in", [company.id, False]))
        return domain

    @api.model
    def _cx_active_terms(self):
        """What makes a client active: a salesperson or an annual revenue."""
        return ["|", ("user_id", "!=", False), ("cx_annual_revenue", ">", 0)]

    @api.model
    def _cx_silence_cutoff(self, today=None):
        """A key contact last heard before this day is silent (tools.coverage)."""
        days = self._cx_silence_settings()[1]
        return coverage_tools.silence_cutoff(today or fields.Date.context_today(self), days)

    @api.model
    def _cx_heard_roles(self, feedback_domain):
        """{client id: set of the role ids heard} of the feedback in `feedback_domain` that
        people gave (a complaint raised by an order is not the client speaking)."""
        heard = {}
        for client, role in self.env["cx.feedback"]._read_group(
            [*feedback_domain, *HEARD_DOMAIN], ["commercial_partner_id", "role_id"]
        ):
            heard.setdefault(client.id, set()).add(role.id or None)
        return heard

    def _cx_coverage(self, heard):
        """tools.coverage of these active clients given the roles heard at each, and the
        contact roles reported: (figures, roles)."""
        roles = self.env["cx.contact.role"].search([])
        figures = coverage_tools.coverage(
            self.ids,
            heard,
            {partner.id: partner.cx_annual_revenue for partner in self},
            roles.ids,
        )
        return figures, roles

    @api.model
    def _cx_silence_settings(self):
        """(key role, silence days, revenue threshold) from the settings."""
        params = self.env["ir.config_parameter"].sudo()
        role = self.env["cx.contact.role"].sudo()
        value = params.get_param(PARAM_SILENCE_ROLE)
        if value and value.isdigit():
            role = role.browse(int(value)).exists()
        if not value:
            role = self.env.ref("cx_management.cx_contact_role_economic", raise_if_not_found=False)
        days = max(
            int_setting(params.get_param(PARAM_SILENCE_DAYS), coverage_tools.DEFAULT_SILENCE_DAYS),
            1,
        )
        revenue = float_setting(params.get_param(PARAM_SILENCE_REVENUE), 0.0)
        return role, days, revenue

    @api.model
    def _cx_silent_contacts(self, today, limit=None, lock=False):
        """The key contacts due a silence alert today (one query, locked rows skipped)."""
        role, days, revenue = self._cx_silence_settings()
        if not role:
            return self.browse()
        self.env.flush_all()
        cutoff = self._cx_silence_cutoff(today)
        own = self.env["res.company"].sudo().search([]).partner_id.ids or [0]
        query = SQL(
            """
            SELECT p.id
              FROM res_partner p
              JOIN res_partner c ON c.id = p.commercial_partner_id
              -- the annual revenue is per company (jsonb): the client's largest counts
              LEFT JOIN LATERAL (
                   SELECT MAX(rev.value::float8) AS revenue
                     FROM jsonb_each_text(c.cx_annual_revenue) AS rev) r ON TRUE
             WHERE p.active AND NOT p.is_company AND p.cx_role_id = %(role)s
               AND c.active AND c.is_company AND c.id NOT IN %(own)s
               AND COALESCE(r.revenue, 0) >= %(revenue)s
               AND (c.user_id IS NOT NULL OR COALESCE(r.revenue, 0) > 0)
               AND COALESCE(p.cx_date_last_heard, p.create_date::date) < %(cutoff)s
               AND (p.cx_date_silence_alert IS NULL
                    OR p.cx_date_silence_alert < p.cx_date_last_heard)
             ORDER BY p.id
            """,
            role=role.id,
            own=tuple(own),
            revenue=revenue,
            cutoff=cutoff,
        )
        if limit:
            query = SQL("%s LIMIT %s", query, limit)
        if lock:
            query = SQL("%s FOR UPDATE OF p SKIP LOCKED", query)
        self.env.cr.execute(query)
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _cron_cx_silence_alerts(self, batch_size=500):
        """One batch of silence alerts per call: one activity per silence to the client's
        salesperson (else the alerts' CX manager), then the contact is marked alerted."""
        today = fields.Date.context_today(self)
        contacts = self.sudo()._cx_silent_contacts(today, limit=batch_size, lock=True)
        if contacts:
            self._cx_silence_activities(contacts, today)
        remaining = len(self.sudo()._cx_silent_contacts(today)) if contacts else 0
        self.env["ir.cron"]._notify_progress(done=len(contacts), remaining=remaining)
        return len(contacts)

    def _cx_silence_activities(self, contacts, today):
        contacts = contacts.sudo()
        Request = self.env["cx.feedback.request"].sudo()
        open_requests = dict(
            Request._read_group(
                [("partner_id", "in", contacts.ids), ("state", "in", ("sent", "reminded"))],
                ["partner_id"],
                ["__count"],
            )
        )
        fallback = self.env["cx.feedback"]._cx_alert_manager()
        activities = []
        for contact in contacts:
            client = contact.commercial_partner_id
            salesperson = client.user_id
            user = salesperson if salesperson.active and not salesperson.share else fallback
            last = contact.cx_date_last_heard
            count = open_requests.get(contact, 0)

            def note(env, contact=contact, last=last, count=count):
                heard = (
                    env._("last heard on %s", fields.Date.to_string(last))
                    if last
                    else env._("never heard")
                )
                return Markup("<p>%s</p>") % env._(
                    "%(contact)s (%(role)s), %(heard)s; open feedback requests: %(count)s.",
                    contact=contact.name,
                    role=contact.cx_role_id.name,
                    heard=heard,
                    count=count,
                )

            activities.append(
                {
                    "res_model": "res.partner",
                    "res_id": client.id,
                    "activity_type": SILENCE_ACTIVITY_TYPE,
                    "user": user,
                    "date_deadline": today,
                    "summary": lambda env, contact=contact: env._(
                        "Not heard for too long: %s", contact.name
                    ),
                    "note": note,
                }
            )
        self.env["mail.activity"].sudo()._cx_schedule_activities(activities)
        contacts.write({"cx_date_silence_alert": today})

    # SPEND X NPS
    # ------------------------------------------------------------
    # Clients by revenue band and NPS group (tools.spend), stored so that a pivot groups them.

    @api.model
    def _cx_spend_bounds(self):
        return spend_tools.bounds_or_default(
            self.env["ir.config_parameter"].sudo().get_param(SPEND_BANDS_PARAM)
        )

    @api.model
    def _cx_spend_band_selection(self):
        """The bands of the settings' bounds, labelled in the current currency."""
        bounds = self._cx_spend_bounds()
        currency = self.env.company.currency_id

        def amount(value):
            return format_decimalized_amount(value, currency)

        labels = []
        for key in spend_tools.band_keys(bounds):
            low, high = spend_tools.band_range(key, bounds)
            if key == spend_tools.NO_REVENUE:
                label = self.env._("No revenue")
            elif low is None:
                label = self.env._("Below %s", amount(high))
            elif high is None:
                label = self.env._("%s and more", amount(low))
            else:
                label = self.env._("%(low)s to %(high)s", low=amount(low), high=amount(high))
            labels.append((key, label))
        return labels

    def _cx_write_spend_groups(self):
        """Store the revenue band and, per company, the NPS group of these clients from their
        stored annual revenue and account NPS, in one UPDATE."""
        clients = self.filtered("is_company").sudo()
        if not clients:
            return
        self.env.flush_all()
        bounds = self._cx_spend_bounds()
        companies = self.env["res.company"].sudo().search([])
        bands, groups = {}, {}
        for company in companies:
            # the revenue and the NPS are the company's own: so is the band
            for client in clients.with_company(company):
                bands.setdefault(client.id, {})[str(company.id)] = spend_tools.band(
                    client.cx_annual_revenue, bounds
                )
                groups.setdefault(client.id, {})[str(company.id)] = spend_tools.nps_group(
                    client.cx_nps
                )
        self.env.cr.execute(
            "UPDATE res_partner p SET cx_spend_band = v.band, cx_nps_group = v.grp "
            "FROM unnest(%s::integer[], %s::jsonb[], %s::jsonb[]) AS v(id, band, grp) "
            "WHERE p.id = v.id",
            [
                list(bands),
                [_company_json(bands[c]) for c in bands],
                [_company_json(groups[c]) for c in bands],
            ],
        )
        clients.invalidate_recordset(["cx_spend_band", "cx_nps_group"])

    @api.model
    def _cx_refresh_all_spend_bands(self):
        """Every client's revenue band again (the bounds of the settings changed), per
        company as the revenue is, in one UPDATE per thousand clients."""
        clients = self.sudo().with_context(active_test=False).search([("is_company", "=", True)])
        for start in range(0, len(clients), 1000):
            clients[start : start + 1000]._cx_write_spend_groups()
        self.invalidate_model(["cx_spend_band", "cx_nps_group"])

    @api.model
    def _cx_spend_grid(self, domain=None):
        """{(band, group): {"ids", "count", "revenue"}} of the clients of the domain, for the
        current company (tools.spend.grid); the workbook's sheet and the tests read it."""
        clients = self.search(
            [("is_company", "=", True), ("id", "not in", self._cx_own_partner_ids())]
            + list(domain or [])
        )
        return spend_tools.grid(
            [(c.id, c.cx_annual_revenue, c.cx_nps) for c in clients], self._cx_spend_bounds()
        )

    @api.model
    def action_cx_open_spend_nps(self):
        """The spend x NPS pivot: a CX manager's of every client, a salesperson's of theirs."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.res_partner_action_cx_spend_nps"
        )
        domain = [("is_company", "=", True), ("id", "not in", self._cx_own_partner_ids())]
        if not self.env.user.has_group("cx_management.cx_management_group_manager"):
            domain.append(("user_id", "=", self.env.uid))
        action["domain"] = domain
        return action

    @api.model
    def _cx_own_partner_ids(self):
        return self.env["res.company"].sudo().search([]).partner_id.ids

    # ------------------------------------------------------------
    # HOLDINGS
    # ------------------------------------------------------------
    # A parent company's figures rolled up from the companies below it (tools.holdings).

    def _cx_group_members(self):
        """{holding id: [its own id, then every company below it]}, one query per level."""
        members = {partner.id: [partner.id] for partner in self}
        root_of = {partner.id: partner.id for partner in self}
        frontier = list(root_of)
        seen = set(frontier)
        while frontier:
            children = (
                self.sudo()
                .with_context(active_test=True)
                .search_read(
                    [("parent_id", "in", frontier), ("is_company", "=", True)], ["parent_id"]
                )
            )
            frontier = []
            for child in children:
                if child["id"] in seen:
                    continue
                seen.add(child["id"])
                root_of[child["id"]] = root_of[child["parent_id"][0]]
                members[root_of[child["id"]]].append(child["id"])
                frontier.append(child["id"])
        return members

    @api.depends_context("company")
    def _compute_cx_holding(self):
        companies = self.filtered(lambda partner: partner.is_company and partner.id)
        (self - companies).update(
            {
                "cx_subsidiary_count": 0,
                "cx_holding_revenue": 0.0,
                "cx_holding_csi": 0.0,
                "cx_holding_nps": 0.0,
                "cx_holding_revenue_at_risk": 0.0,
                "cx_holding_html": False,
            }
        )
        if not companies:
            return
        groups = companies._cx_group_members()
        everyone = self.browse({pid for ids in groups.values() for pid in ids})
        for holding in companies:
            members = everyone.browse(groups[holding.id])
            result = holding._cx_roll_up(members)
            holding.cx_subsidiary_count = len(members) - 1
            holding.cx_holding_revenue = result["revenue"]
            holding.cx_holding_csi = result["csi"] or 0.0 if len(members) > 1 else 0.0
            holding.cx_holding_nps = result["nps"] or 0.0 if len(members) > 1 else 0.0
            holding.cx_holding_revenue_at_risk = result["at_risk"]
            holding.cx_holding_html = (
                self.env["ir.qweb"]._render(
                    "cx_management.cx_holding_table",
                    {"rows": result["rows"], "total": result, "currency": holding.cx_currency_id},
                )
                if len(members) > 1
                else False
            )

    def _cx_roll_up(self, members):
        """tools.holdings.roll_up of these members' figures for the current company, with a
        row per member (name, revenue, CSI, NPS, at risk, weight) for the table."""
        figures = [
            (
                member.id,
                member.cx_annual_revenue,
                member.cx_csi or None,
                member.cx_nps,
                member.cx_revenue_at_risk,
            )
            for member in members
        ]
        result = holdings_tools.roll_up(figures)
        result["rows"] = [
            {
                "id": member.id,
                "name": member.display_name,
                "own": member == self,
                "revenue": revenue or 0.0,
                "csi": csi,
                "nps": nps if nps is not False else None,
                "at_risk": at_risk or 0.0,
                "weight": result["weights"][member.id],
            }
            for member, (_id, revenue, csi, nps, at_risk) in zip(members, figures, strict=True)
        ]
        return result


def _role_stage_values(roles, stages, cells):
    """The grid's values: roles as rows, stages as columns, CSI, count and colour per cell."""
    rows = []
    for role in roles:
        row = []
        for stage in stages:
            csi, count = cells.get((role.id, stage.id), (None, 0))
            known = count and csi is not None and csi is not False
            row.append(
                {
                    "count": count,
                    "csi": csi if known else None,
                    "colour": csi_tools.csi_colour(csi) if known else None,
                }
            )
        rows.append({"role": role.name, "cells": row})
    return {"stages": stages.mapped("name"), "rows": rows}


def _company_json(by_company):
    """A company-dependent column's JSON {company id: value}; NULL when no value is known."""
    if all(value is None for value in by_company.values()):
        return None
    return json.dumps(by_company)


def grouped_rows(model, domain, select, groupby):
    """Rows of one GROUP BY query over `model` filtered by `domain` with its record rules;
    for per-client aggregates where building thousands of ORM groups would cost seconds."""
    model.env.flush_all()
    query = model._search(domain)
    query.groupby = groupby
    query.order = None
    model.env.cr.execute(query.select(select))
    return model.env.cr.fetchall()
