from odoo import fields, models


class CxFeedback(models.Model):
    """Feedback that came from a survey answer keeps the link to that answer."""

    _inherit = "cx.feedback"

    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        groups="survey.group_survey_user",
        help="The survey participation this feedback was read from.",
    )
    survey_id = fields.Many2one(
        related="survey_user_input_id.survey_id",
        string="Survey",
        store=True,
        index="btree_not_null",
        groups="survey.group_survey_user",
    )

    def action_view_survey_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.survey_user_input_id.id,
            "view_mode": "form",
            "name": self.env._("Survey Answer"),
        }
