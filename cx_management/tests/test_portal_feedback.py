import re
from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestPortalFeedback(CxTestMixin, HttpCase):
    """The portal's feedback button: checked, limited, and saved as the contact's feedback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.portal_user_2 = cls._create_second_portal_user()
        cls.published = cls._create_action(
            name="Certificates with every shipment", portal_published=True
        )
        cls.unpublished = cls._create_action(name="Secret price revision")
        cls.foreign = cls._create_action(
            name="Beta delivery windows", partner_id=cls.other_client.id, portal_published=True
        )

    def setUp(self):
        super().setUp()
        self.authenticate("cx_portal", "cx_portal")

    def _portal_feedback(self):
        return self.env["cx.feedback"].search([("channel", "=", "portal")])

    def _token(self, url="/my/cx/feedback"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, "the form carries Odoo's CSRF token")
        return match.group(1)

    def _post(self, token=None, **data):
        values = {"csi_score": "4", "nps_score": "9", "comment": "Fine", "stage_id": ""}
        values.update(data)
        if token is not False:
            values["csrf_token"] = token or self._token()
        return self.url_open("/my/cx/feedback/submit", data=values)

    def _assert_refused(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertIn(urlparse(response.url).path, ("/my", "/my/home"))

    def test_entries_on_home_and_action_page(self):
        home = self.url_open("/my")
        self.assertIn('href="/my/cx/feedback"', home.text)
        page = self.url_open(f"/my/cx/actions/{self.published.id}")
        self.assertIn(f"/my/cx/feedback?action_id={self.published.id}", page.text)

    def test_good_post_from_an_action_page(self):
        token = self._token(f"/my/cx/feedback?action_id={self.published.id}")
        response = self._post(
            token,
            action_id=str(self.published.id),
            stage_id=str(self.stage_post.id),
            csi_score="2",
            nps_score="5",
            comment="  The certificates still come late.  ",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your feedback", response.text)
        feedback = self._portal_feedback()
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.partner_id, self.portal_user.partner_id)
        self.assertEqual(feedback.commercial_partner_id, self.client)
        self.assertEqual(feedback.action_id, self.published)
        self.assertEqual(feedback.stage_id, self.stage_post)
        self.assertEqual((feedback.csi_score, feedback.nps_score), (2, 5))
        self.assertEqual(feedback.comment, "The certificates still come late.")
        self.assertFalse(self.published.feedback_ids & feedback, "rating an action is no answer")
        self.assertEqual(feedback.alert_state, "open", "a detractor raises an alert")

    def test_post_without_action_and_nps_zero(self):
        self._post(csi_score="", nps_score="0", comment="")
        feedback = self._portal_feedback()
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.nps_score, 0)
        self.assertFalse(feedback.csi_score)
        self.assertFalse(feedback.action_id)

    @mute_logger("odoo.http")  # the refusals are logged as warnings, expected here
    def test_forged_or_missing_token(self):
        self._token()  # a session with a form open
        self.assertEqual(self._post("forged-token").status_code, 400)
        self.assertEqual(self._post(False).status_code, 400)
        self.assertFalse(self._portal_feedback())

    def test_out_of_range_values(self):
        cases = [
            ({"csi_score": "6"}, "The CSI score must be a whole number from 1 to 5."),
            ({"csi_score": "0"}, "The CSI score must be a whole number from 1 to 5."),
            ({"csi_score": "abc"}, "The CSI score must be a whole number from 1 to 5."),
            ({"nps_score": "11"}, "The NPS score must be a whole number from 0 to 10."),
            ({"nps_score": "-1"}, "The NPS score must be a whole number from 0 to 10."),
            ({"stage_id": "999999"}, "Choose a stage of our work together from the list."),
            (
                {"csi_score": "", "nps_score": "", "comment": " "},
                "Give a score or write a comment.",
            ),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self._post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("o_cx_feedback_form", response.text, "the form is shown again")
        self.assertFalse(self._portal_feedback())

    def test_too_long_comment(self):
        response = self._post(comment="x" * 2001)
        self.assertIn("Your comment is too long: at most 2000 characters.", response.text)
        self.assertFalse(self._portal_feedback())
        self._post(comment="x" * 2000)
        self.assertEqual(len(self._portal_feedback()), 1)

    def test_other_clients_or_unpublished_action(self):
        for action_id in (self.foreign.id, self.unpublished.id, self.published.id + 100000, "x"):
            with self.subTest(action_id=action_id):
                self._assert_refused(self.url_open(f"/my/cx/feedback?action_id={action_id}"))
                self._assert_refused(self._post(action_id=str(action_id)))
        self.assertFalse(self._portal_feedback())

    def test_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("cx_management.portal_feedback_limit", 2)
        self._post()
        self._post(nps_score="10")
        response = self._post(nps_score="8")
        self.assertIn("You have already sent 2 feedback forms within the last hour.", response.text)
        self.assertEqual(len(self._portal_feedback()), 2)
        # another contact has a limit of its own
        self.authenticate("cx_portal_2", "cx_portal_2")
        self._post()
        self.assertEqual(len(self._portal_feedback()), 3)

    def test_internal_users_are_sent_home(self):
        self.authenticate("cx_salesman", "cx_salesman")
        self._assert_refused(self.url_open("/my/cx/feedback"))
        self.assertFalse(self._portal_feedback())
