from odoo import fields, models


class CxFeedback(models.Model):
    """A feedback can give birth to a requirement, and a not met requirement is a complaint."""

    _inherit = "cx.feedback"

    requirement_id = fields.Many2one(
        "cx.requirement",
        string="Unmet Requirement",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The client requirement this complaint records as not met.",
    )
    cx_requirement_ids = fields.One2many(
        "cx.requirement", "feedback_id", string="Recorded Requirements"
    )

    def action_record_requirement(self):
        """Open a new requirement prefilled from the feedback: client, contact, role, topic,
        element of value and the reason as the requirement's text."""
        self.ensure_one()
        topics = self.topic_ids
        context = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_contact_id": self.partner_id.id if self.partner_id.parent_id else False,
            "default_role_id": self.role_id.id,
            "default_topic_id": topics[:1].id,
            "default_value_element_id": self.value_element_ids[:1].id,
            "default_name": self.comment or False,
            "default_feedback_id": self.id,
            "default_company_id": self.company_id.id,
        }
        if self.lead_id:
            context.update(
                default_lead_id=self.lead_id.id,
                default_scope="specification",
                default_reference=self.reference or False,
            )
        elif self.reference:
            context.update(default_scope="specification", default_reference=self.reference)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record as Requirement"),
            "res_model": "cx.requirement",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }
