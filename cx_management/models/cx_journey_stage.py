from odoo import fields, models


class CxJourneyStage(models.Model):
    """A stage of the customer journey (METHODOLOGY section 3)."""

    _name = "cx.journey.stage"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Customer Journey Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    process_ids = fields.One2many("cx.process", "stage_id", string="Processes")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a journey stage must be unique."),
    ]
