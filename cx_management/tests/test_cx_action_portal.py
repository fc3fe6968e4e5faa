from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestCxActionPortal(CxTestMixin, HttpCase):
    """The client's portal: its own published actions only, and the standard refusal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.complaint = cls._create_claim()
        cls.published = cls._create_action(
            name="Certificates with every shipment",
            portal_published=True,
            date_deadline="2030-06-30",
            client_summary="<p>We attach the certificates to the waybill.</p>",
            description="<p>Warehouse team refuses, escalate to the director.</p>",
            feedback_ids=[(6, 0, cls.complaint.ids)],
        )
        cls.unpublished = cls._create_action(name="Secret price revision")
        cls.foreign = cls._create_action(
            name="Beta delivery windows", partner_id=cls.other_client.id, portal_published=True
        )
        for action in cls.published | cls.unpublished | cls.foreign:
            action._portal_ensure_token()

    def _assert_refused(self, response, *secrets):
        self.assertEqual(response.status_code, 200)
        path = urlparse(response.url).path
        self.assertIn(path, ("/my", "/my/home", "/web/login"), "the standard portal refusal")
        for secret in secrets:
            self.assertNotIn(secret, response.text)

    def test_list_shows_only_own_published(self):
        self.authenticate("cx_portal", "cx_portal")
        response = self.url_open("/my/cx/actions")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.published.name, response.text)
        self.assertIn(self.published.reference, response.text)
        self.assertNotIn(self.unpublished.name, response.text)
        self.assertNotIn(self.foreign.name, response.text)
        for query in (
            "?sortby=deadline&filterby=open",
            "?sortby=stage&filterby=done",
            "?sortby=bogus",
        ):
            response = self.url_open("/my/cx/actions" + query)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(self.foreign.name, response.text)
        self.assertNotIn(self.published.name, self.url_open("/my/cx/actions?filterby=done").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cx_action_count"]})
        self.assertEqual(counters["cx_action_count"], 1)

    def test_page_of_own_action(self):
        self.authenticate("cx_portal", "cx_portal")
        response = self.url_open(f"/my/cx/actions/{self.published.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(urlparse(response.url).path, f"/my/cx/actions/{self.published.id}")
        self.assertIn(self.published.name, response.text)
        self.assertIn("We attach the certificates to the waybill.", response.text)
        self.assertIn("o_cx_action_progress", response.text)
        self.assertIn('id="discussion"', response.text)
        self.assertNotIn("Warehouse team refuses", response.text, "the internal description")

    def test_refusals_for_a_logged_in_client(self):
        self.authenticate("cx_portal", "cx_portal")
        self._assert_refused(
            self.url_open(f"/my/cx/actions/{self.unpublished.id}"), self.unpublished.name
        )
        self._assert_refused(self.url_open(f"/my/cx/actions/{self.foreign.id}"), self.foreign.name)
        missing = self.published.id + 100000
        self._assert_refused(self.url_open(f"/my/cx/actions/{missing}"))
        # the foreign client's token does not open another action, a forged one nothing
        self._assert_refused(
            self.url_open(
                f"/my/cx/actions/{self.unpublished.id}?access_token={self.foreign.access_token}"
            ),
            self.unpublished.name,
        )
        self._assert_refused(
            self.url_open(f"/my/cx/actions/{self.foreign.id}?access_token=forged-token"),
            self.foreign.name,
        )

    def test_tokens_without_login(self):
        ok = self.url_open(
            f"/my/cx/actions/{self.published.id}?access_token={self.published.access_token}"
        )
        self.assertEqual(urlparse(ok.url).path, f"/my/cx/actions/{self.published.id}")
        self.assertIn(self.published.name, ok.text)
        self._assert_refused(
            self.url_open(f"/my/cx/actions/{self.published.id}?access_token=forged"),
            self.published.name,
        )
        self._assert_refused(
            self.url_open(
                f"/my/cx/actions/{self.published.id}?access_token={self.foreign.access_token}"
            ),
            self.published.name,
        )
        # a valid token of an unpublished action opens nothing either
        self._assert_refused(
            self.url_open(
                f"/my/cx/actions/{self.unpublished.id}?access_token={self.unpublished.access_token}"
            ),
            self.unpublished.name,
        )
        self._assert_refused(
            self.url_open(f"/my/cx/actions/{self.published.id}"), self.published.name
        )
        # the chatter follows the same rule: the token opens the published action only
        self.published.message_post(
            body="Shared news", subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        self.unpublished.message_post(
            body="Unpublished news", subtype_xmlid="mail.mt_comment", message_type="comment"
        )
        shared = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "cx.action",
                "thread_id": self.published.id,
                "token": self.published.access_token,
            },
        )
        self.assertIn("Shared news", str(shared["data"]["mail.message"]))
        for action, token in (
            (self.unpublished, self.unpublished.access_token),
            (self.published, "forged"),
        ):
            with self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/mail/chatter_fetch",
                    {"thread_model": "cx.action", "thread_id": action.id, "token": token},
                )

    def test_chatter_hides_internal_notes(self):
        self.published.message_post(
            body="Internal: the warehouse blames sales", subtype_xmlid="mail.mt_note"
        )
        self.published.message_post(
            body="We started on the certificates",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        self.authenticate("cx_portal", "cx_portal")
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "cx.action", "thread_id": self.published.id}
        )
        bodies = " ".join(str(m["body"]) for m in result["data"]["mail.message"])
        self.assertIn("We started on the certificates", bodies)
        self.assertNotIn("the warehouse blames sales", bodies)
        # the client answers in the chatter
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "cx.action",
                "thread_id": self.published.id,
                "post_data": {"body": "Thank you, received them today", "message_type": "comment"},
            },
        )
        reply = self.published.message_ids.filtered(
            lambda m: "received them today" in (m.body or "")
        )
        self.assertEqual(reply.author_id, self.portal_user.partner_id)
        # nothing leaks from another client's action, nor can it be written to
        foreign = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "cx.action", "thread_id": self.foreign.id}
        )
        self.assertFalse(foreign["data"]["mail.message"])
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "cx.action",
                    "thread_id": self.foreign.id,
                    "post_data": {"body": "Intrusion", "message_type": "comment"},
                },
            )
        self.assertFalse(self.foreign.message_ids.filtered(lambda m: "Intrusion" in (m.body or "")))
