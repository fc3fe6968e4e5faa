from odoo import api, fields, models


class CxProcess(models.Model):
    """A business process that creates the client's experience in one journey stage."""

    _name = "cx.process"
    _description = "Experience-Creating Process"
    _order = "stage_sequence, sequence, id"
    _rec_names_search = ["name", "stage_id.name"]

    name = fields.Char(required=True, translate=True)
    stage_id = fields.Many2one("cx.journey.stage", required=True, ondelete="restrict", index=True)
    stage_sequence = fields.Integer(
        related="stage_id.sequence", store=True, string="Stage Sequence"
    )
    user_id = fields.Many2one("res.users", string="Owner", help="Who answers for this process.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.depends("name", "stage_id")
    @api.depends_context("cx_process_with_stage")
    def _compute_display_name(self):
        with_stage = self.env.context.get("cx_process_with_stage")
        for process in self:
            if with_stage and process.stage_id:
                process.display_name = f"{process.stage_id.name} / {process.name}"
            else:
                process.display_name = process.name
