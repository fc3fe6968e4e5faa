from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    """A suggested answer may stand for a feedback topic or a B2B element of value."""

    _inherit = "survey.question.answer"

    cx_topic_id = fields.Many2one(
        "cx.topic",
        string="CX Topic",
        ondelete="set null",
        help="Choosing this answer tags the feedback with this topic.",
    )
    cx_value_element_id = fields.Many2one(
        "cx.value.element",
        string="CX Element of Value",
        ondelete="set null",
        help="Choosing this answer tags the feedback with this element of value.",
    )
