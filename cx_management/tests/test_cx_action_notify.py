from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestCxActionNotify(CxCase):
    """Who at the client is told, and what stays internal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.portal_user_2 = cls._create_second_portal_user()
        cls.complaint = cls._create_claim()
        cls.action = cls._create_action(
            user_id=cls.salesman.id,
            feedback_ids=[(6, 0, cls.complaint.ids)],
            client_summary="<p>Your certificates will travel with the pipes.</p>",
        )

    def _client_messages(self):
        comment = self.env.ref("mail.mt_comment")
        return self.action.message_ids.filtered(lambda m: m.subtype_id == comment)

    def test_unpublished_action_tells_nobody(self):
        self.action.with_user(self.salesman).stage_id = self.stage_planned
        self.assertFalse(self.action.message_partner_ids & self.client.child_ids)
        self.assertFalse(self._client_messages())

    def test_publish_subscribes_feedback_givers_and_main_contact(self):
        self.action.with_user(self.salesman).action_publish()
        followers = self.action.message_partner_ids
        self.assertIn(self.technical, followers, "gave the linked feedback")
        self.assertIn(self.economic, followers, "the client's main contact")
        self.assertNotIn(self.operator, followers)
        self.assertNotIn(self.other_economic, followers)
        self.assertNotIn(self.portal_user_2.partner_id, followers)
        follower = self.action.message_follower_ids.filtered(
            lambda f: f.partner_id == self.technical
        )
        self.assertEqual(follower.subtype_ids, self.env.ref("mail.mt_comment"))

    def test_stage_change_notifies_the_client_only(self):
        self.action.with_user(self.salesman).write(
            {
                "portal_published": True,
                "client_summary": "<p>Certificates travel with the pipes.</p>",
            }
        )
        self.action.with_user(self.salesman).stage_id = self.stage_progress
        message = self._client_messages()
        self.assertEqual(len(message), 1)
        self.assertIn(self.stage_progress.name, message.body)
        self.assertFalse(message.subtype_id.internal)
        notified = message.notified_partner_ids
        self.assertIn(self.technical, notified)
        self.assertIn(self.economic, notified)
        for outsider in (
            self.operator,
            self.other_economic,
            self.portal_user_2.partner_id,
            self.other_client,
        ):
            self.assertNotIn(outsider, notified)
        by_email = message.notification_ids.filtered(lambda n: n.notification_type == "email")
        self.assertEqual(
            set(by_email.res_partner_id.ids) & {self.technical.id, self.economic.id},
            {self.technical.id, self.economic.id},
            "the client's contacts get Odoo's notification mail",
        )
        # a stage change without moving (same stage) says nothing
        self.action.with_user(self.salesman).stage_id = self.stage_progress
        self.assertEqual(len(self._client_messages()), 1)

    def test_internal_notes_stay_internal(self):
        self.action.with_user(self.salesman).action_publish()
        note = self.action.with_user(self.salesman).message_post(
            body="Supplier of the certificates is unreliable", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(note.notified_partner_ids & (self.technical | self.economic))
        self.assertTrue(note.is_internal or note.subtype_id.internal)
        visible = (
            self.env["mail.message"]
            .with_user(self.portal_user)
            .search([("model", "=", "cx.action"), ("res_id", "=", self.action.id)])
        )
        self.assertNotIn(note, visible)
