import re
from urllib.parse import urlparse

import psycopg2.errors

from odoo import SUPERUSER_ID, api, sql_db
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import HttpCase, TransactionCase, tagged
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

    def _post(self, token=None, allow_redirects=True, **data):
        values = {"csi_score": "4", "nps_score": "9", "comment": "Fine", "stage_id": ""}
        values.update(data)
        if token is not False:
            values["csrf_token"] = token or self._token()
        return self.url_open("/my/cx/feedback/submit", data=values, allow_redirects=allow_redirects)

    def _form(self, url="/my/cx/feedback"):
        """The form's CSRF token and its submission token, as a browser reads them."""
        response = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        match = re.search(r'name="portal_token" value="([^"]+)"', response.text)
        self.assertTrue(match, "the form carries a submission token")
        return csrf, match.group(1)

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
        self.assertIn(self.published.access_url, response.text, "back to the action")
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

    # ------------------------------------------------------------
    # Post/Redirect/Get, double submit
    # ------------------------------------------------------------

    def test_post_redirects_and_reload_does_not_post_again(self):
        csrf, submission = self._form()
        response = self._post(csrf, allow_redirects=False, portal_token=submission)
        self.assertEqual(response.status_code, 303)
        feedback = self._portal_feedback()
        self.assertEqual(len(feedback), 1)
        thanks = urlparse(response.headers["Location"])
        self.assertEqual(thanks.path, "/my/cx/feedback/thanks")
        for _reload in range(3):  # F5 on the thank-you page is a GET
            page = self.url_open(f"{thanks.path}?{thanks.query}", allow_redirects=False)
            self.assertEqual(page.status_code, 200)
            self.assertIn("Thank you for your feedback", page.text)
        self.assertEqual(self._portal_feedback(), feedback)
        self.assertEqual(feedback.portal_token, submission)
        # another contact does not get this page
        self.authenticate("cx_portal_2", "cx_portal_2")
        self._assert_refused(self.url_open(f"{thanks.path}?{thanks.query}"))

    def test_double_submit_gives_one_feedback(self):
        csrf, submission = self._form()
        first = self._post(csrf, allow_redirects=False, portal_token=submission)
        second = self._post(csrf, allow_redirects=False, portal_token=submission, nps_score="3")
        self.assertEqual((first.status_code, second.status_code), (303, 303))
        self.assertEqual(first.headers["Location"], second.headers["Location"])
        feedback = self._portal_feedback()
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.nps_score, 9, "the first post counts, the resent one not")
        # the next form is a new submission
        csrf, other = self._form()
        self.assertNotEqual(other, submission)
        self._post(csrf, portal_token=other)
        self.assertEqual(len(self._portal_feedback()), 2)

    def test_refused_form_keeps_its_token(self):
        csrf, submission = self._form()
        response = self._post(csrf, portal_token=submission, csi_score="9")
        self.assertIn(f'name="portal_token" value="{submission}"', response.text)
        self.assertFalse(self._portal_feedback())

    def test_scores_are_button_scales(self):
        page = self.url_open("/my/cx/feedback").text
        self.assertNotIn('<select id="cx_csi_score"', page)
        for name, values in (("csi_score", range(1, 6)), ("nps_score", range(0, 11))):
            radios = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
            self.assertEqual(len(radios), len(values) + 1, "every score and 'No answer'")
            self.assertTrue(all('type="radio"' in radio for radio in radios))
            for value in values:
                self.assertIn(f'for="cx_{name}_{value}"', page, "each button has its label")
        self.assertEqual(page.count("<legend"), 2, "each scale names its question")


@tagged("post_install", "-at_install")
class TestPortalPostLock(TransactionCase):
    """The lock the portal takes before counting a contact's posts of the last hour."""

    @mute_logger("odoo.sql_db")  # the refused statement is logged, expected here
    def test_a_post_counting_on_a_stale_snapshot_is_retried(self):
        """Two posts of one contact at once: the second began before the first was committed,
        so its snapshot does not see the first feedback; taking the lock must fail with an
        error Odoo retries (on a fresh snapshot), not let it count on the old one."""
        partner = self.env.ref("base.partner_admin")  # a row committed at install
        db = sql_db.db_connect(self.env.cr.dbname)
        first, second = db.cursor(), db.cursor()
        try:
            second.execute("SELECT COUNT(*) FROM cx_feedback")  # the second post's snapshot
            api.Environment(first, SUPERUSER_ID, {})["cx.feedback"]._cx_portal_post_lock(partner)
            first.commit()  # the first post is saved
            env = api.Environment(second, SUPERUSER_ID, {})
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                env["cx.feedback"]._cx_portal_post_lock(partner)
            self.assertIn(psycopg2.errors.SerializationFailure, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY)
        finally:
            second.close()
            first.close()
