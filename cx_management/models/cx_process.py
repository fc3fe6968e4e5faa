from odoo import _, api, fields, models


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

    # ------------------------------------------------------------
    # ANALYSIS
    # ------------------------------------------------------------
    # Buttons of the problem-process analysis, called from its grouped list.

    def action_view_cx_complaints(self):
        """The complaints reaching this process, by the same rules as the analysis."""
        self.ensure_one()
        feedback_ids = (
            self.env["cx.process.report"].search([("process_id", "=", self.id)]).feedback_id.ids
        )
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action.update(
            name=_("Complaints: %s", self.name),
            domain=[("id", "in", feedback_ids)],
            context={"default_process_id": self.id, "default_stage_id": self.stage_id.id},
        )
        return action

    def action_view_cx_metrics(self):
        """The metric tree of this process: the metrics that watch it for early warnings."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_metric_action")
        action.update(
            name=_("Metrics: %s", self.name),
            domain=[("process_id", "=", self.id)],
            context={"default_process_id": self.id, "search_default_group_kind": 1},
        )
        return action

    def action_plan_cx_action(self):
        """A new improvement action on this process, from the process analysis."""
        self.ensure_one()
        return self.env["cx.action"].action_plan_for_client(
            self.env["res.partner"], self, origin="process"
        )
