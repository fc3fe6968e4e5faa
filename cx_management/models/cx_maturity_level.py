from odoo import api, fields, models

from .cx_maturity_question import DIMENSIONS


class CxMaturityLevel(models.Model):
    """What one level (0-3) means in one dimension: a cell of the method's maturity table."""

    _name = "cx.maturity.level"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Maturity Level"
    _order = "dimension_sequence, level"

    dimension = fields.Selection(DIMENSIONS, required=True, index=True)
    dimension_sequence = fields.Integer(
        compute="_compute_dimension_sequence", store=True, string="Dimension Order"
    )
    level = fields.Integer(required=True)
    name = fields.Char(string="Level Name", required=True, translate=True)
    description = fields.Text(required=True, translate=True)

    _sql_constraints = [
        (
            "level_range",
            "CHECK(level >= 0 AND level <= 3)",
            "A maturity level is 0, 1, 2 or 3.",
        ),
        (
            "dimension_level_unique",
            "UNIQUE(dimension, level)",
            "Each level of a dimension is described once.",
        ),
    ]

    @api.depends("dimension")
    def _compute_dimension_sequence(self):
        order = {code: index for index, (code, _label) in enumerate(DIMENSIONS)}
        for level in self:
            level.dimension_sequence = order.get(level.dimension, 0)

    @api.depends("level", "name", "dimension")
    def _compute_display_name(self):
        labels = dict(self._fields["dimension"]._description_selection(self.env))
        for level in self:
            level.display_name = f"{labels.get(level.dimension, '')} {level.level}: {level.name}"

    @api.model
    def _cx_descriptions(self):
        """{(dimension, level): description} of the whole table, in one query."""
        return {(cell.dimension, cell.level): cell.description for cell in self.search([])}
