from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_role_id = fields.Many2one(
        "cx.contact.role",
        string="CX Contact Role",
        help="How this contact judges us: economic buyer, technical buyer or operator.",
    )
    cx_feedback_ids = fields.One2many(
        "cx.feedback",
        "commercial_partner_id",
        string="Client Feedback",
        groups="cx_management.cx_management_group_user",
    )
    cx_feedback_count = fields.Integer(
        string="Feedback Count",
        compute="_compute_cx_feedback_count",
        groups="cx_management.cx_management_group_user",
    )

    def _compute_cx_feedback_count(self):
        """A company counts its contacts' feedback too; a person counts what they said."""
        Feedback = self.env["cx.feedback"]
        companies = self.filtered("is_company")
        people = self - companies
        by_client = dict(
            Feedback._read_group(
                [("commercial_partner_id", "in", companies.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        by_contact = dict(
            Feedback._read_group([("partner_id", "in", people.ids)], ["partner_id"], ["__count"])
        )
        for partner in companies:
            partner.cx_feedback_count = by_client.get(partner, 0)
        for partner in people:
            partner.cx_feedback_count = by_contact.get(partner, 0)

    def action_view_cx_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        if self.is_company:
            action["domain"] = [("commercial_partner_id", "=", self.id)]
        else:
            action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    cx_action_count = fields.Integer(
        string="Improvement Action Count",
        compute="_compute_cx_action_count",
        groups="cx_management.cx_management_group_user",
    )

    def _compute_cx_action_count(self):
        """A company counts the actions for it; a contact those of its main contact."""
        Action = self.env["cx.action"]
        companies = self.filtered("is_company")
        people = self - companies
        by_client = dict(
            Action._read_group(
                [("commercial_partner_id", "in", companies.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        by_contact = dict(
            Action._read_group([("contact_id", "in", people.ids)], ["contact_id"], ["__count"])
        )
        for partner in companies:
            partner.cx_action_count = by_client.get(partner, 0)
        for partner in people:
            partner.cx_action_count = by_contact.get(partner, 0)

    def action_view_cx_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_action_action")
        if self.is_company:
            action["domain"] = [("commercial_partner_id", "=", self.id)]
        else:
            action["domain"] = [("contact_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
