from odoo.tests import HttpCase, tagged

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestRequirementTour(CxTestMixin, HttpCase):
    """A salesperson records a requirement from a feedback and meets it on the opportunity."""

    def test_record_requirement_and_see_it_on_the_opportunity(self):
        lead = self._create_lead(
            self.technical, name="Line pipe, 2027 tender", user_id=self.salesman.id
        )
        feedback = self._create_feedback(
            lead_id=lead.id,
            csi_score=2,
            comment="Pipes must come with end caps.",
            topic_ids=self.env.ref("cx_management.cx_topic_quality_packaging").ids,
            user_id=self.salesman.id,
        )
        self.start_tour(
            f"/odoo/action-cx_management.cx_feedback_action/{feedback.id}",
            "cx_requirement_tour",
            login=self.salesman.login,
        )
        requirement = self.env["cx.requirement"].search([("feedback_id", "=", feedback.id)])
        self.assertEqual(len(requirement), 1)
        self.assertEqual(requirement.partner_id, self.client)
        self.assertEqual(requirement.contact_id, self.technical)
        self.assertEqual(requirement.lead_id, lead)
        self.assertEqual(requirement.importance, 5)
        self.assertEqual(requirement.user_id, self.salesman)
        self.assertEqual(lead.cx_requirement_ids, requirement)
