from odoo import fields, models


class CxContactRole(models.Model):
    """Each role is interviewed on the journey stages relevant to it (METHODOLOGY section 4)."""

    _inherit = "cx.contact.role"

    stage_ids = fields.Many2many(
        "cx.journey.stage",
        "cx_contact_role_journey_stage_rel",
        "role_id",
        "stage_id",
        string="Relevant Journey Stages",
        help="The journey stages this role is asked about in an interview; none: every stage.",
    )

    def _cx_interview_stages(self):
        """The stages to ask this role about, in journey order."""
        stages = self.stage_ids.filtered("active")
        if not stages:
            stages = self.env["cx.journey.stage"].search([])
        return stages.sorted(lambda s: (s.sequence, s.id))
