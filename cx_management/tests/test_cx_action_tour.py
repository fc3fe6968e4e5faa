from odoo.tests import HttpCase, tagged

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestCxActionTour(CxTestMixin, HttpCase):
    """The two flows a person clicks through: the CX manager and the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.complaint = cls._create_claim()

    def test_manager_creates_and_publishes_action_from_complaint(self):
        self.start_tour(
            f"/odoo/action-cx_management.cx_feedback_action/{self.complaint.id}",
            "cx_action_manager_tour",
            login=self.cx_manager.login,
        )
        action = self.env["cx.action"].search([("feedback_ids", "in", self.complaint.ids)])
        self.assertEqual(len(action), 1)
        self.assertEqual(action.name, "Certificates travel with the pipes")
        self.assertEqual(action.partner_id, self.client)
        self.assertEqual(action.origin, "feedback")
        self.assertTrue(action.portal_published)
        self.assertIn("quality certificates to every waybill", action.client_summary)
        self.assertIn(self.technical, action.message_partner_ids)

    def test_client_opens_action_and_replies(self):
        action = self._create_action(
            name="Certificates with every shipment",
            portal_published=True,
            stage_id=self.stage_progress.id,
            client_summary="<p>We attach the certificates to the waybill.</p>",
        )
        self.start_tour("/my/cx/actions", "cx_action_portal_tour", login=self.portal_user.login)
        reply = action.message_ids.filtered(lambda m: "came with today" in (m.body or ""))
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.author_id, self.portal_user.partner_id)
        self.assertFalse(reply.subtype_id.internal)
