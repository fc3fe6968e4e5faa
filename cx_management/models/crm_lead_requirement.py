from odoo import fields, models


class CrmLead(models.Model):
    """The client requirements that apply to the opportunity's specification."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "cx.requirement.mixin"]
    _cx_requirement_field = "lead_id"
    _cx_requirement_depends = ("partner_id", "cx_own_requirement_ids")

    cx_own_requirement_ids = fields.One2many(
        "cx.requirement",
        "lead_id",
        string="Requirements of this Specification",
        groups="cx_management.cx_management_group_user",
    )
