from odoo import api, fields, models

from .cx_maturity_question import DIMENSIONS

ANSWERS = [("yes", "Yes"), ("partly", "Partly"), ("no", "No")]


class CxMaturityAnswer(models.Model):
    """The answer to one question in one assessment; keeps the question's dimension and level."""

    _name = "cx.maturity.answer"
    _description = "Maturity Answer"
    _order = "dimension_sequence, level, sequence, id"

    assessment_id = fields.Many2one(
        "cx.maturity.assessment", required=True, index=True, ondelete="cascade"
    )
    question_id = fields.Many2one("cx.maturity.question", required=True, ondelete="restrict")
    # Copied at creation: editing a question later does not change a finished assessment.
    dimension = fields.Selection(DIMENSIONS, readonly=True)
    dimension_sequence = fields.Integer(readonly=True, string="Dimension Order")
    level = fields.Integer(readonly=True)
    sequence = fields.Integer(readonly=True)
    answer = fields.Selection(ANSWERS)
    note = fields.Char(help="Who answered, what supports the answer, what is missing.")
    company_id = fields.Many2one(related="assessment_id.company_id", store=True, index=True)
    state = fields.Selection(related="assessment_id.state", string="Assessment Status")

    _sql_constraints = [
        (
            "assessment_question_unique",
            "UNIQUE(assessment_id, question_id)",
            "A question is answered once per assessment.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        questions = self.env["cx.maturity.question"].browse(
            [vals["question_id"] for vals in vals_list if vals.get("question_id")]
        )
        by_id = {question.id: question for question in questions.with_context(active_test=False)}
        for vals in vals_list:
            question = by_id.get(vals.get("question_id"))
            if question:
                vals.update(
                    dimension=question.dimension,
                    dimension_sequence=question.dimension_sequence,
                    level=question.level,
                    sequence=question.sequence,
                )
        answers = super().create(vals_list)
        answers.assessment_id._check_draft()
        return answers

    def write(self, vals):
        self.assessment_id._check_draft()
        return super().write(vals)

    def unlink(self):
        self.assessment_id._check_draft()
        return super().unlink()
