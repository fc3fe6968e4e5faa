from odoo import api, fields, models

from ..tools import coverage as coverage_tools
from ..tools import requests as request_tools


class CxFeedbackWave(models.Model):
    """One wave of a relationship rule: the contacts it asked and how they answered."""

    _name = "cx.feedback.wave"
    _description = "Feedback Wave"
    _order = "date_start desc, id desc"

    rule_id = fields.Many2one("cx.feedback.rule", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    name = fields.Char(compute="_compute_name", store=True)
    date_start = fields.Date(string="Started On", required=True)
    date_end = fields.Date(
        string="Spread until",
        compute="_compute_dates",
        store=True,
        help="The last day of the spread; what is left is asked from then on, within the cap.",
    )
    date_next = fields.Date(string="Next Wave On", compute="_compute_dates", store=True)
    request_ids = fields.One2many("cx.feedback.request", "wave_id", string="Requests")
    invited_count = fields.Integer(string="Invited", compute="_compute_funnel")
    reminded_count = fields.Integer(string="Reminded", compute="_compute_funnel")
    answered_count = fields.Integer(string="Answered", compute="_compute_funnel")
    response_rate = fields.Float(string="Response Rate (%)", compute="_compute_funnel")

    _sql_constraints = [
        ("rule_start_uniq", "unique(rule_id, date_start)", "A rule starts one wave a day."),
    ]

    @api.depends("rule_id.name", "date_start")
    def _compute_name(self):
        for wave in self:
            wave.name = f"{wave.rule_id.name} {fields.Date.to_string(wave.date_start)}"

    @api.depends("date_start", "rule_id.wave_days", "rule_id.wave_months")
    def _compute_dates(self):
        for wave in self:
            start = wave.date_start
            if not start:
                wave.date_end = wave.date_next = False
                continue
            wave.date_end = fields.Date.add(start, days=max(wave.rule_id.wave_days, 1) - 1)
            wave.date_next = request_tools.add_months(start, max(wave.rule_id.wave_months, 1))

    def _compute_funnel(self):
        funnels = self.env["cx.feedback.request"]._cx_funnels("wave_id", self.ids)
        for wave in self:
            row = funnels.get(wave.id) or coverage_tools.funnel(0, 0, 0)
            wave.invited_count = row["invited"]
            wave.reminded_count = row["reminded"]
            wave.answered_count = row["answered"]
            wave.response_rate = row["rate"] or 0.0

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_feedback_request_action"
        )
        action["domain"] = [("wave_id", "=", self.id)]
        return action
