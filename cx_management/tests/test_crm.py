from odoo.tests import Form, tagged

from .common import CxCase


@tagged("at_install", "-post_install")
class TestCrmIntegration(CxCase):
    """Smart buttons and the "Log feedback" quick form on clients and opportunities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._create_lead(cls.technical, user_id=cls.salesman.id)

    def test_counts(self):
        self._create_feedback(self.economic)
        self._create_feedback(self.technical, lead_id=self.lead.id)
        self._create_feedback(self.operator, lead_id=self.lead.id)
        self._create_feedback(self.other_economic)
        partners = (self.client | self.technical | self.other_client).with_user(self.salesman)
        self.assertEqual(partners.mapped("cx_feedback_count"), [3, 1, 1])
        self.assertEqual(self.lead.with_user(self.salesman).cx_feedback_count, 2)
        self.assertEqual(len(self.client.cx_feedback_ids), 3)

    def test_smart_button_actions(self):
        fb = self._create_feedback(self.operator, lead_id=self.lead.id)
        other = self._create_feedback(self.other_economic)
        action = self.client.with_user(self.salesman).action_view_cx_feedback()
        found = self.env["cx.feedback"].search(action["domain"])
        self.assertIn(fb, found)
        self.assertNotIn(other, found)
        action = self.lead.with_user(self.salesman).action_view_cx_feedback()
        self.assertEqual(self.env["cx.feedback"].search(action["domain"]), fb)

    def test_log_feedback_prefilled(self):
        action = self.lead.with_user(self.salesman).action_log_cx_feedback()
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["res_model"], "cx.feedback")
        Feedback = (
            self.env["cx.feedback"].with_user(self.salesman).with_context(**action["context"])
        )
        form = Form(Feedback, view="cx_management.cx_feedback_view_form_quick")
        self.assertEqual(form.partner_id, self.technical)
        self.assertEqual(form.commercial_partner_id, self.client)
        self.assertEqual(form.role_id, self.role_technical)
        self.assertEqual(form.user_id, self.salesman)
        form.stage_id = self.stage_usage
        form.csi_score = 2
        form.comment = "The specification lost our packaging requirement."
        feedback = form.save()
        self.assertEqual(feedback.lead_id, self.lead)
        self.assertEqual(self.lead.cx_feedback_count, 1)
