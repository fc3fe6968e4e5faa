from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    """What a salesperson clicks through."""

    def test_log_feedback_tour(self):
        salesman = mail_new_test_user(
            self.env, login="cx_tour_salesman", groups="sales_team.group_sale_salesman"
        )
        client = self.env["res.partner"].create({"name": "Sibir Pipe Works", "is_company": True})
        contact = self.env["res.partner"].create(
            {
                "name": "Anna Smirnova",
                "parent_id": client.id,
                "cx_role_id": self.env.ref("cx_management.cx_contact_role_technical").id,
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Line pipe, 2027 tender",
                "type": "opportunity",
                "partner_id": contact.id,
                "user_id": salesman.id,
            }
        )
        self.start_tour(
            f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}",
            "cx_log_feedback_tour",
            login=salesman.login,
        )
        feedback = self.env["cx.feedback"].search([("lead_id", "=", lead.id)])
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.commercial_partner_id, client)
        self.assertEqual(feedback.role_id.code, "technical")
        self.assertEqual(feedback.csi_score, 2)
        self.assertEqual(feedback.user_id, salesman)
