from odoo import api, fields, models


class CrmLead(models.Model):
    """The client requirements that apply to the opportunity's specification."""

    _inherit = "crm.lead"

    cx_requirement_ids = fields.Many2many(
        "cx.requirement",
        string="Client Requirements",
        compute="_compute_cx_requirement_ids",
        groups="cx_management.cx_management_group_user",
        help="The client's valid requirements for every order, and this specification's own.",
    )
    cx_requirement_count = fields.Integer(
        string="Requirements",
        compute="_compute_cx_requirement_ids",
        groups="cx_management.cx_management_group_user",
    )
    cx_own_requirement_ids = fields.One2many(
        "cx.requirement",
        "lead_id",
        string="Requirements of this Specification",
        groups="cx_management.cx_management_group_user",
    )

    @api.depends("partner_id", "cx_own_requirement_ids")
    def _compute_cx_requirement_ids(self):
        """One search for all the leads: every requirement of their clients valid today for
        every order or for one of these leads, then split per lead."""
        Requirement = self.env["cx.requirement"]
        leads = self.filtered(lambda lead: lead.partner_id)
        (self - leads).update({"cx_requirement_ids": False, "cx_requirement_count": 0})
        if not leads:
            return
        today = fields.Date.context_today(self)
        lead_ids = [lead.id for lead in leads if isinstance(lead.id, int)]
        found = Requirement.search(
            [
                ("partner_id", "in", leads.partner_id.commercial_partner_id.ids),
                *Requirement._valid_domain(today),
                "|",
                ("scope", "=", "all"),
                ("lead_id", "in", lead_ids),
            ]
        )
        for lead in leads:
            client = lead.partner_id.commercial_partner_id
            applicable = found.filtered(
                lambda r, c=client, lead=lead: (
                    r.partner_id == c and (r.scope == "all" or r.lead_id.id == lead.id)
                )
            )
            lead.cx_requirement_ids = applicable
            lead.cx_requirement_count = len(applicable)

    def action_view_cx_requirements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_requirement_action"
        )
        action["domain"] = [("id", "in", self.cx_requirement_ids.ids)]
        action["context"] = {
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_lead_id": self.id,
            "default_scope": "specification",
        }
        return action
