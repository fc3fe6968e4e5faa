from odoo import api, fields, models
from odoo.exceptions import ValidationError

CX_MEANINGS = [
    ("csi", "CSI score (1-5)"),
    ("nps", "NPS score (0-10)"),
    ("reason", "Reason (comment)"),
    ("topics", "Topics"),
    ("value_elements", "Elements of value"),
]


class SurveyQuestion(models.Model):
    """A survey question may feed client feedback: which journey stage and what it measures."""

    _inherit = "survey.question"

    cx_stage_id = fields.Many2one(
        "cx.journey.stage",
        string="CX Journey Stage",
        index="btree_not_null",
        help="Answers to this question become feedback on this journey stage.",
    )
    cx_meaning = fields.Selection(
        CX_MEANINGS,
        string="CX Meaning",
        help="What the answer means in the client feedback; questions without one are ignored.",
    )

    @api.constrains("cx_meaning", "question_type", "scale_min", "scale_max")
    def _check_cx_meaning(self):
        for question in self.filtered("cx_meaning"):
            meaning, qtype = question.cx_meaning, question.question_type
            if meaning == "csi" and (
                qtype != "scale" or (question.scale_min, question.scale_max) != (1, 5)
            ):
                raise ValidationError(
                    self.env._(
                        "The question %(question)s gives a CSI score: it must be a scale "
                        "from 1 to 5.",
                        question=question.title,
                    )
                )
            if meaning == "nps" and (
                qtype != "scale" or (question.scale_min, question.scale_max) != (0, 10)
            ):
                raise ValidationError(
                    self.env._(
                        "The question %(question)s gives an NPS score: it must be a scale "
                        "from 0 to 10.",
                        question=question.title,
                    )
                )
            if meaning == "reason" and qtype not in ("text_box", "char_box"):
                raise ValidationError(
                    self.env._(
                        "The question %(question)s gives the reason: it must be a text answer.",
                        question=question.title,
                    )
                )
            if meaning in ("topics", "value_elements") and qtype not in (
                "simple_choice",
                "multiple_choice",
            ):
                raise ValidationError(
                    self.env._(
                        "The question %(question)s gives topics or elements of value: it must "
                        "be a single or multiple choice.",
                        question=question.title,
                    )
                )

    def _validate_scale(self, answer):
        """An answer outside the scale (posted by hand) gets the form's message, not a crash."""
        errors = super()._validate_scale(answer)
        if errors or answer in (None, "", False):
            return errors
        try:
            value = int(answer)
        except (TypeError, ValueError):
            value = None
        if value is None or not self.scale_min <= value <= self.scale_max:
            return {
                self.id: self.validation_error_msg
                or self.env._(
                    "Choose a value from %(min)s to %(max)s.",
                    min=self.scale_min,
                    max=self.scale_max,
                )
            }
        return errors
