from odoo import fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "cx.requirement.mixin"]
    _cx_requirement_field = "lead_id"
    _cx_requirement_depends = ("partner_id", "cx_own_requirement_ids")

    # FEEDBACK
    cx_feedback_ids = fields.One2many(
        "cx.feedback",
        "lead_id",
        string="Client Feedback",
        groups="cx_management.cx_management_group_user",
    )
    cx_feedback_count = fields.Integer(
        string="Feedback Count",
        compute="_compute_cx_feedback_count",
        groups="cx_management.cx_management_group_user",
    )

    # IMPROVEMENT ACTIONS
    cx_action_ids = fields.One2many(
        "cx.action",
        "lead_id",
        string="Improvement Actions",
        groups="cx_management.cx_management_group_user",
    )
    cx_action_count = fields.Integer(
        string="Improvement Action Count",
        compute="_compute_cx_action_count",
        groups="cx_management.cx_management_group_user",
    )

    # REQUIREMENTS
    cx_own_requirement_ids = fields.One2many(
        "cx.requirement",
        "lead_id",
        string="Requirements of this Specification",
        groups="cx_management.cx_management_group_user",
    )

    # ------------------------------------------------------------
    # FEEDBACK
    # ------------------------------------------------------------

    def _compute_cx_feedback_count(self):
        counts = self._cx_count_per_lead("cx.feedback")
        for lead in self:
            lead.cx_feedback_count = counts.get(lead, 0)

    def _cx_count_per_lead(self, model):
        """{lead: number of `model` records linked to it by their lead_id}, one query."""
        return dict(
            self.env[model]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )

    def action_view_cx_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = self._cx_feedback_defaults()
        return action

    def action_log_cx_feedback(self):
        """Open the quick feedback form with the opportunity's client, contact and salesperson."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Feedback"),
            "res_model": "cx.feedback",
            "view_mode": "form",
            "views": [(self.env.ref("cx_management.cx_feedback_view_form_quick").id, "form")],
            "target": "new",
            "context": self._cx_feedback_defaults(),
        }

    def _cx_feedback_defaults(self):
        return {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_user_id": (self.user_id or self.env.user).id,
            "default_company_id": (self.company_id or self.env.company).id,
        }

    # ------------------------------------------------------------
    # IMPROVEMENT ACTIONS
    # ------------------------------------------------------------

    def _compute_cx_action_count(self):
        counts = self._cx_count_per_lead("cx.action")
        for lead in self:
            lead.cx_action_count = counts.get(lead, 0)

    def action_view_cx_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_action_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_user_id": (self.user_id or self.env.user).id,
        }
        return action
