from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CxCase


@tagged("at_install", "-post_install")
class TestSurveyBridge(CxCase):
    """A finished survey answer becomes feedback per journey stage, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {"title": "Quarterly check", "access_mode": "public", "questions_layout": "one_page"}
        )
        Question = cls.env["survey.question"]

        def question(title, qtype, meaning=False, stage=False, **values):
            return Question.create(
                {
                    "survey_id": cls.survey.id,
                    "title": title,
                    "question_type": qtype,
                    "cx_meaning": meaning,
                    "cx_stage_id": stage.id if stage else False,
                    **values,
                }
            )

        cls.q_usage_csi = question(
            "Usage score", "scale", "csi", cls.stage_usage, scale_min=1, scale_max=5
        )
        cls.q_usage_reason = question("Usage reason", "text_box", "reason", cls.stage_usage)
        cls.q_usage_topics = question(
            "What went wrong?",
            "multiple_choice",
            "topics",
            cls.stage_usage,
            suggested_answer_ids=[
                (0, 0, {"value": "Defects", "cx_topic_id": cls.topic_defects.id}),
                (0, 0, {"value": "Great people", "cx_topic_id": cls.topic_praise.id}),
                (0, 0, {"value": "Something else"}),
            ],
        )
        cls.q_post_csi = question(
            "Post-purchase score", "scale", "csi", cls.stage_post, scale_min=1, scale_max=5
        )
        cls.q_nps = question("Recommend?", "scale", "nps", scale_min=0, scale_max=10)
        cls.q_unmapped_text = question("Your city", "char_box")
        cls.q_unmapped_scale = question("Weather today", "scale", scale_min=1, scale_max=5)

    def _answer(self, partner=None, email=False, nps=3):
        user_input = self.survey._create_answer(partner=partner or False, email=email)
        defects, _praise, other = self.q_usage_topics.suggested_answer_ids
        user_input._save_lines(self.q_usage_csi, 2)
        user_input._save_lines(self.q_usage_reason, "Two rejected batches in March.")
        user_input._save_lines(self.q_usage_topics, [defects.id, other.id])
        user_input._save_lines(self.q_post_csi, 5)
        user_input._save_lines(self.q_nps, nps)
        user_input._save_lines(self.q_unmapped_text, "Perm")
        user_input._save_lines(self.q_unmapped_scale, 1)
        return user_input

    def test_feedback_per_stage_created_once(self):
        user_input = self._answer(partner=self.technical, nps=3)
        user_input._mark_done()
        feedback = user_input.sudo().cx_feedback_ids
        self.assertEqual(len(feedback), 3, "usage, post-purchase and the stage-less NPS")
        self.assertEqual(set(feedback.mapped("channel")), {"survey"})
        self.assertEqual(feedback.partner_id, self.technical)
        self.assertEqual(feedback.role_id, self.role_technical)
        usage = feedback.filtered(lambda f: f.stage_id == self.stage_usage)
        self.assertEqual(usage.csi_score, 2)
        self.assertEqual(usage.comment, "Two rejected batches in March.")
        self.assertEqual(usage.topic_ids, self.topic_defects)
        self.assertEqual(usage.polarity, "complaint")
        self.assertIs(usage.nps_score, False)
        post = feedback.filtered(lambda f: f.stage_id == self.stage_post)
        self.assertEqual(post.csi_score, 5)
        self.assertFalse(post.comment)
        overall = feedback.filtered(lambda f: not f.stage_id)
        self.assertEqual(overall.nps_score, 3)
        self.assertEqual(overall.nps_category, "detractor")
        self.assertIs(overall.csi_score, False)
        # the unmapped questions left no trace: no 1 from the weather, no city in a reason
        self.assertNotIn(1, feedback.mapped("csi_score"))
        self.assertFalse(any("Perm" in (f.comment or "") for f in feedback))

        # finishing again, or processing again, creates nothing more
        user_input._mark_done()
        self.assertFalse(user_input._cx_create_feedback())
        self.assertEqual(
            self.env["cx.feedback"].search_count([("survey_user_input_id", "=", user_input.id)]), 3
        )
        self.assertEqual(self.survey.cx_feedback_count, 3)
        self.assertEqual(user_input.cx_feedback_count, 3)
        action = usage.action_view_survey_answer()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("survey.user_input", user_input.id)
        )

    def test_zero_nps_is_an_answer(self):
        user_input = self._answer(partner=self.technical, nps=0)
        user_input._mark_done()
        overall = user_input.sudo().cx_feedback_ids.filtered(lambda f: not f.stage_id)
        self.assertEqual(overall.nps_score, 0)

    def test_participant_found_by_email(self):
        user_input = self._answer(email="Anna.Smirnova@Sibir.example.com")
        self.assertFalse(user_input.partner_id)
        user_input._mark_done()
        self.assertEqual(user_input.sudo().cx_feedback_ids.partner_id, self.technical)

    def test_unknown_participant_and_unfinished_answer_give_nothing(self):
        anonymous = self._answer(email="nobody@elsewhere.example.com")
        anonymous._mark_done()
        self.assertFalse(anonymous.sudo().cx_feedback_ids)
        unfinished = self._answer(partner=self.operator)
        self.assertFalse(unfinished._cx_create_feedback())

    def test_unmapped_survey_gives_nothing(self):
        survey = self.env["survey.survey"].create({"title": "Lunch menu"})
        question = self.env["survey.question"].create(
            {"survey_id": survey.id, "title": "Soup?", "question_type": "char_box"}
        )
        user_input = survey._create_answer(partner=self.operator)
        user_input._save_lines(question, "Borscht")
        user_input._mark_done()
        self.assertFalse(self.env["cx.feedback"].search([("partner_id", "=", self.operator.id)]))

    def test_meaning_needs_a_matching_question(self):
        with self.assertRaises(ValidationError):
            self.q_unmapped_scale.write({"scale_min": 0, "scale_max": 10, "cx_meaning": "csi"})
        with self.assertRaises(ValidationError):
            self.q_usage_csi.write({"cx_meaning": "nps"})
        with self.assertRaises(ValidationError):
            self.q_unmapped_text.write({"question_type": "scale", "cx_meaning": "reason"})
        with self.assertRaises(ValidationError):
            self.q_usage_reason.write({"cx_meaning": "topics"})

    def test_shipped_questionnaires(self):
        """One per role, every question mapped, a score and a reason per stage, NPS last."""
        for role in (self.role_economic, self.role_technical, self.role_operator):
            survey = self.env.ref(f"cx_management.survey_cx_{role.code}")
            self.assertEqual(survey.cx_role_id, role)
            questions = survey.question_ids.sorted("sequence")
            self.assertTrue(questions)
            self.assertTrue(all(questions.mapped("cx_meaning")), survey.title)
            stages = questions.filtered(lambda q: q.cx_meaning == "csi").cx_stage_id
            self.assertGreaterEqual(len(stages), 2)
            # the stages the role lives through (the interview grid uses the same)
            self.assertEqual(stages, role.stage_ids, survey.title)
            for stage in stages:
                meanings = questions.filtered(lambda q, s=stage: q.cx_stage_id == s).mapped(
                    "cx_meaning"
                )
                self.assertEqual(sorted(meanings), ["csi", "reason"])
            self.assertEqual(questions.filtered(lambda q: q.cx_meaning == "nps"), questions[-2])

            # answered in full, the questionnaire gives one feedback per stage plus the NPS
            contact = self.env["res.partner"].create(
                {"name": f"Contact {role.code}", "parent_id": self.client.id, "cx_role_id": role.id}
            )
            user_input = survey._create_answer(partner=contact)
            for question in questions:
                if question.cx_meaning == "csi":
                    user_input._save_lines(question, 4)
                elif question.cx_meaning == "nps":
                    user_input._save_lines(question, 9)
                else:
                    user_input._save_lines(question, f"Because of {question.id}")
            user_input._mark_done()
            feedback = user_input.sudo().cx_feedback_ids
            self.assertEqual(feedback.stage_id, stages)
            self.assertEqual(len(feedback), len(stages) + 1)
            self.assertEqual(feedback.role_id, role)
            self.assertEqual(feedback.filtered(lambda f: not f.stage_id).nps_score, 9)
            self.assertTrue(all(feedback.mapped("comment")))
