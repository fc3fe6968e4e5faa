from odoo import _, models


class CxProcess(models.Model):
    """Buttons of the problem-process analysis, called from its grouped list."""

    _inherit = "cx.process"

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
            self.env["res.partner"], self, origin="process_analysis"
        )
