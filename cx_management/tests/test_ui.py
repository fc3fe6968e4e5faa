from odoo.tests import HttpCase, tagged

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestUi(CxTestMixin, HttpCase):
    """What a salesperson clicks through."""

    def test_log_feedback_tour(self):
        lead = self._create_lead(
            self.technical, name="Line pipe, 2027 tender", user_id=self.salesman.id
        )
        self.start_tour(
            f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}",
            "cx_log_feedback_tour",
            login=self.salesman.login,
        )
        feedback = self.env["cx.feedback"].search([("lead_id", "=", lead.id)])
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.commercial_partner_id, self.client)
        self.assertEqual(feedback.role_id.code, "technical")
        self.assertEqual(feedback.csi_score, 2)
        self.assertEqual(feedback.user_id, self.salesman)
