from odoo.tests import TransactionCase, tagged

from .cx_action_common import CxActionFixtures


@tagged("post_install", "-at_install")
class TestCxActionNotify(CxActionFixtures, TransactionCase):
    """Who at the client is told, and what stays internal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cx_action_fixtures()
        cls.action = cls._new_action(user_id=cls.owner.id, feedback_ids=[(6, 0, cls.complaint.ids)])

    def _client_messages(self):
        comment = self.env.ref("mail.mt_comment")
        return self.action.message_ids.filtered(lambda m: m.subtype_id == comment)

    def test_unpublished_action_tells_nobody(self):
        self.action.with_user(self.owner).stage_id = self.stage_planned
        self.assertFalse(self.action.message_partner_ids & self.client_a.child_ids)
        self.assertFalse(self._client_messages())

    def test_publish_subscribes_feedback_givers_and_main_contact(self):
        self.action.with_user(self.owner).action_publish()
        followers = self.action.message_partner_ids
        self.assertIn(self.contact_a1, followers, "gave the linked feedback")
        self.assertIn(self.contact_a2, followers, "the client's main contact")
        self.assertNotIn(self.contact_a3, followers)
        self.assertNotIn(self.contact_b1, followers)
        self.assertNotIn(self.portal_b.partner_id, followers)
        follower = self.action.message_follower_ids.filtered(
            lambda f: f.partner_id == self.contact_a1
        )
        self.assertEqual(follower.subtype_ids, self.env.ref("mail.mt_comment"))

    def test_stage_change_notifies_the_client_only(self):
        self.action.with_user(self.owner).write(
            {
                "portal_published": True,
                "client_summary": "<p>Certificates travel with the pipes.</p>",
            }
        )
        self.action.with_user(self.owner).stage_id = self.stage_progress
        message = self._client_messages()
        self.assertEqual(len(message), 1)
        self.assertIn(self.stage_progress.name, message.body)
        self.assertFalse(message.subtype_id.internal)
        notified = message.notified_partner_ids
        self.assertIn(self.contact_a1, notified)
        self.assertIn(self.contact_a2, notified)
        for outsider in (self.contact_a3, self.contact_b1, self.portal_b.partner_id, self.client_b):
            self.assertNotIn(outsider, notified)
        by_email = message.notification_ids.filtered(lambda n: n.notification_type == "email")
        self.assertEqual(
            set(by_email.res_partner_id.ids) & {self.contact_a1.id, self.contact_a2.id},
            {self.contact_a1.id, self.contact_a2.id},
            "the client's contacts get Odoo's notification mail",
        )
        # a stage change without moving (same stage) says nothing
        self.action.with_user(self.owner).stage_id = self.stage_progress
        self.assertEqual(len(self._client_messages()), 1)

    def test_internal_notes_stay_internal(self):
        self.action.with_user(self.owner).action_publish()
        note = self.action.with_user(self.owner).message_post(
            body="Supplier of the certificates is unreliable", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(note.notified_partner_ids & (self.contact_a1 | self.contact_a2))
        self.assertTrue(note.is_internal or note.subtype_id.internal)
        visible = (
            self.env["mail.message"]
            .with_user(self.portal_a)
            .search([("model", "=", "cx.action"), ("res_id", "=", self.action.id)])
        )
        self.assertNotIn(note, visible)
