from odoo import fields, models


class CxContactRole(models.Model):
    """Who in the client's company judges us: economic, technical buyer or operator."""

    _name = "cx.contact.role"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Client Contact Role"
    _order = "sequence, id"
    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a contact role must be unique."),
        ("weight_positive", "check(weight > 0)", "The weight of a contact role must be positive."),
    ]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(
        default=1.0,
        help="Weight of this role's answers when the account NPS is weighted by contact role.",
    )
    active = fields.Boolean(default=True)

    # INTERVIEW GRID
    stage_ids = fields.Many2many(
        "cx.journey.stage",
        "cx_contact_role_journey_stage_rel",
        "role_id",
        "stage_id",
        string="Relevant Journey Stages",
        help="The journey stages this role is asked about in an interview; none: every stage.",
    )

    # ------------------------------------------------------------
    # INTERVIEW
    # ------------------------------------------------------------
    # Each role is interviewed on the journey stages relevant to it (METHODOLOGY section 4).

    def _cx_interview_stages(self):
        """The stages to ask this role about, in journey order."""
        stages = self.stage_ids.filtered("active")
        if not stages:
            stages = self.env["cx.journey.stage"].search([])
        return stages.sorted(lambda s: (s.sequence, s.id))
