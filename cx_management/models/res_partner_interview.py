from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_cx_interview(self):
        """Open the interview grid for this client, or for this contact of its client."""
        self.ensure_one()
        client = self.commercial_partner_id
        context = {"default_client_id": client.id}
        if self != client:
            context["default_contact_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Interview"),
            "res_model": "cx.interview",
            "view_mode": "form",
            "views": [(self.env.ref("cx_management.cx_interview_view_form").id, "form")],
            "target": "new",
            "context": context,
        }
