from datetime import date

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CxCase


@tagged("at_install", "-post_install")
class TestFeedback(CxCase):
    """Defaults, constraints and derived values of a feedback."""

    @freeze_time("2026-03-15")
    def test_defaults(self):
        feedback = (
            self.env["cx.feedback"]
            .with_user(self.salesman)
            .create({"partner_id": self.technical.id, "csi_score": 3})
        )
        self.assertEqual(feedback.role_id, self.role_technical)
        self.assertEqual(feedback.commercial_partner_id, self.client)
        self.assertEqual(feedback.user_id, self.salesman)
        self.assertEqual(feedback.date, date(2026, 3, 15))
        self.assertEqual(feedback.company_id, self.env.company)
        self.assertEqual(feedback.channel, "interview")

    def test_role_from_contact_can_be_changed(self):
        feedback = self._create_feedback(self.operator, role_id=self.role_economic.id)
        self.assertEqual(feedback.role_id, self.role_economic)
        form = Form(self.env["cx.feedback"])
        form.partner_id = self.economic
        self.assertEqual(form.role_id, self.role_economic)
        form.partner_id = self.operator
        self.assertEqual(form.role_id, self.role_operator)

    def test_nps_zero_is_an_answer(self):
        feedback = self._create_feedback(csi_score=False, nps_score=0)
        self.assertEqual(feedback.nps_score, 0)
        self.assertEqual(feedback.nps_category, "detractor")
        self.assertEqual(feedback.polarity, "complaint")
        empty = self._create_feedback(csi_score=3)
        self.assertIs(empty.nps_score, False)
        self.assertFalse(empty.nps_category)
        self.env.cr.execute(
            "SELECT nps_score FROM cx_feedback WHERE id IN %s ORDER BY id",
            [(feedback | empty)._ids],
        )
        self.assertEqual(self.env.cr.fetchall(), [(0,), (None,)])

    def test_average_skips_missing_scores(self):
        self._create_feedback(csi_score=2, nps_score=False)
        self._create_feedback(csi_score=False, nps_score=10)
        self._create_feedback(csi_score=4, nps_score=0)
        groups = self.env["cx.feedback"]._read_group(
            [("commercial_partner_id", "=", self.client.id)],
            [],
            ["csi_score:avg", "nps_score:avg", "__count"],
        )
        self.assertEqual(groups, [(3.0, 5.0, 3)])

    def test_out_of_range_scores_refused_on_write(self):
        feedback = self._create_feedback()
        for field, value, message in [
            ("csi_score", 0, "CSI score must be between 1 and 5"),
            ("csi_score", 6, "CSI score must be between 1 and 5"),
            ("nps_score", -1, "NPS score must be between 0 and 10"),
            ("nps_score", 11, "NPS score must be between 0 and 10"),
        ]:
            with self.subTest(field=field, value=value):
                with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
                    feedback.write({field: value})
        self.assertEqual(feedback.csi_score, 4)

    def test_bad_scores_refused_at_once_before_the_database(self):
        """CSI 7 and NPS 11: both named in one error, refused before the SQL checks (no
        "bad query" logged); on write too; the SQL checks stay as the last guard."""
        both = (
            "The CSI score must be between 1 and 5, not 7.",
            "The NPS score must be between 0 and 10, not 11.",
        )
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                self._create_feedback(csi_score=7, nps_score=11)
            for message in both:
                self.assertIn(message, caught.exception.args[0])
            feedback = self._create_feedback()
            with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                feedback.write({"csi_score": 7, "nps_score": 11})
            for message in both:
                self.assertIn(message, caught.exception.args[0])
            with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                self._create_feedback(csi_score=False, comment="   ")
            self.assertIn("at least a score or a comment", caught.exception.args[0])
        self.assertEqual(feedback.csi_score, 4)
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation), self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE cx_feedback SET nps_score = 12 WHERE id = %s", [feedback.id]
            )

    def test_score_or_comment_required(self):
        feedback = self._create_feedback(csi_score=3, comment="   ")
        with (
            self.assertRaisesRegex(ValidationError, "at least a score or a comment"),
            self.cr.savepoint(),
        ):
            feedback.csi_score = False
        with (
            self.assertRaisesRegex(ValidationError, "at least a score or a comment"),
            self.cr.savepoint(),
        ):
            self._create_feedback(csi_score=False, comment="   ")
        feedback = self._create_feedback(csi_score=False, comment="Certificates came late again.")
        self.assertEqual(feedback.polarity, "neutral")

    def test_log_feedback_dialog_confirms_the_save(self):
        lead = self._create_lead(
            self.client, partner_id=self.technical.id, user_id=self.salesman.id
        )
        window = lead.with_user(self.salesman).action_log_cx_feedback()
        Feedback = self.env["cx.feedback"].with_user(self.salesman)
        form = Form(Feedback.with_context(**window["context"]), view=window["views"][0][0])
        form.csi_score = 4
        feedback = form.save()
        result = feedback.action_cx_feedback_saved()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["title"], "Feedback saved")
        self.assertIn("Anna Smirnova", result["params"]["message"])
        self.assertEqual(result["params"]["next"], {"type": "ir.actions.act_window_close"})
        arch = self.env.ref("cx_management.cx_feedback_view_form_quick").arch
        self.assertIn('name="action_cx_feedback_saved"', arch, "the dialog's Save button")

    def test_onchange_warns_on_out_of_range(self):
        feedback = self.env["cx.feedback"].new({"partner_id": self.technical.id, "csi_score": 7})
        result = feedback._onchange_scores()
        self.assertIn("between 1 and 5", result["warning"]["message"])
        self.assertFalse(self.env["cx.feedback"].new({"csi_score": 5})._onchange_scores())

    def test_process_limited_to_stage(self):
        with self.assertRaisesRegex(ValidationError, "belongs to the stage"), self.cr.savepoint():
            self._create_feedback(stage_id=self.stage_usage.id, process_id=self.process_delivery.id)
        feedback = self._create_feedback(
            stage_id=self.stage_post.id, process_id=self.process_delivery.id
        )
        self.assertEqual(feedback.process_id, self.process_delivery)
        form = Form(feedback)
        form.stage_id = self.stage_usage
        self.assertFalse(form.process_id)
        domain = self.env["cx.process"].search([("stage_id", "=?", self.stage_usage.id)])
        self.assertIn(self.process_production, domain)
        self.assertNotIn(self.process_delivery, domain)

    def test_polarity_follows_topics_and_scores(self):
        self.assertEqual(self._create_feedback(csi_score=5).polarity, "praise")
        self.assertEqual(self._create_feedback(csi_score=3).polarity, "neutral")
        complaint = self._create_feedback(csi_score=5, topic_ids=[(6, 0, self.topic_defects.ids)])
        self.assertEqual(complaint.polarity, "complaint")
        manual = self._create_feedback(csi_score=3)
        manual.polarity = "praise"
        self.assertEqual(manual.polarity, "praise")

    def test_commercial_partner_follows_contact(self):
        feedback = self._create_feedback(self.technical)
        self.technical.parent_id = self.other_client
        self.assertEqual(feedback.commercial_partner_id, self.other_client)
