from odoo import fields, models


class CxActionStage(models.Model):
    """A column of the improvement-action kanban; flags tell the code what a stage means."""

    _name = "cx.action.stage"
    _description = "Improvement Action Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban", help="Fold this column in the kanban of improvement actions."
    )
    is_in_progress = fields.Boolean(
        string="Work Started",
        help="Entering this stage starts the work: the client's CSI and NPS are kept as the "
        "values before the action.",
    )
    is_done = fields.Boolean(
        string="Done Stage",
        help="Actions in this stage are finished: the done date is set and the effect is "
        "measured later.",
    )
    is_cancelled = fields.Boolean(
        string="Cancelled Stage", help="Actions in this stage were dropped; they are not open."
    )
    description = fields.Text(translate=True, help="What this stage means, shown to the team.")
    active = fields.Boolean(default=True)
