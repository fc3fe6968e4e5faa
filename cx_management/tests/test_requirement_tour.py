from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestRequirementTour(HttpCase):
    """A salesperson records a requirement from a feedback and meets it on the opportunity."""

    def test_record_requirement_and_see_it_on_the_opportunity(self):
        salesman = mail_new_test_user(
            self.env, login="cx_req_salesman", groups="sales_team.group_sale_salesman"
        )
        client = self.env["res.partner"].create({"name": "Sibir Pipe Works", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Anna Smirnova", "parent_id": client.id})
        lead = self.env["crm.lead"].create(
            {
                "name": "Line pipe, 2027 tender",
                "type": "opportunity",
                "partner_id": contact.id,
                "user_id": salesman.id,
            }
        )
        feedback = self.env["cx.feedback"].create(
            {
                "partner_id": contact.id,
                "lead_id": lead.id,
                "csi_score": 2,
                "comment": "Pipes must come with end caps.",
                "topic_ids": self.env.ref("cx_management.cx_topic_quality_packaging").ids,
                "user_id": salesman.id,
            }
        )
        self.start_tour(
            f"/odoo/action-cx_management.cx_feedback_action/{feedback.id}",
            "cx_requirement_tour",
            login=salesman.login,
        )
        requirement = self.env["cx.requirement"].search([("feedback_id", "=", feedback.id)])
        self.assertEqual(len(requirement), 1)
        self.assertEqual(requirement.partner_id, client)
        self.assertEqual(requirement.contact_id, contact)
        self.assertEqual(requirement.lead_id, lead)
        self.assertEqual(requirement.importance, 5)
        self.assertEqual(requirement.user_id, salesman)
        self.assertEqual(lead.cx_requirement_ids, requirement)
