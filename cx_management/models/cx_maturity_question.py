from odoo import api, fields, models

DIMENSIONS = [
    ("collection", "Collection of feedback"),
    ("analysis", "Analysis and planning"),
    ("execution", "Execution and informing"),
    ("metrics", "Metrics"),
    ("correction", "Correction"),
]


class CxMaturityQuestion(models.Model):
    """A question of the feedback-process review; a yes evidences one level of one dimension."""

    _name = "cx.maturity.question"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Maturity Question"
    _order = "dimension_sequence, level, sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    dimension = fields.Selection(DIMENSIONS, required=True, index=True)
    dimension_sequence = fields.Integer(
        compute="_compute_dimension_sequence", store=True, string="Dimension Order"
    )
    level = fields.Integer(
        required=True,
        default=1,
        help="The level (1-3) a yes to this question evidences in its dimension.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "level_range",
            "CHECK(level >= 1 AND level <= 3)",
            "A question evidences level 1, 2 or 3.",
        ),
    ]

    @api.depends("dimension")
    def _compute_dimension_sequence(self):
        order = {code: index for index, (code, _label) in enumerate(DIMENSIONS)}
        for question in self:
            question.dimension_sequence = order.get(question.dimension, 0)
