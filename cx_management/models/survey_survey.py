from odoo import fields, models


class SurveySurvey(models.Model):
    """How much client feedback a survey has produced, with a button to it."""

    _inherit = "survey.survey"

    cx_role_id = fields.Many2one(
        "cx.contact.role",
        string="CX Contact Role",
        help="The contact role this questionnaire is written for.",
    )
    cx_feedback_count = fields.Integer(
        string="Client Feedback Count", compute="_compute_cx_feedback_count"
    )

    def _compute_cx_feedback_count(self):
        counts = dict(
            self.env["cx.feedback"]._read_group(
                [("survey_id", "in", self.ids)], ["survey_id"], ["__count"]
            )
        )
        for survey in self:
            survey.cx_feedback_count = counts.get(survey, 0)

    def action_view_cx_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [("survey_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
