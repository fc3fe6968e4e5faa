from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import CxCase, CxTestMixin


@tagged("at_install", "-post_install")
class TestInterview(CxCase):
    """The interview grid: the contact role's stages as rows, one feedback per filled row."""

    def _wizard(self, contact=None, user=None):
        Interview = self.env["cx.interview"].with_user(user or self.salesman)
        return Interview.create(
            {"client_id": self.client.id, "contact_id": (contact or self.technical).id}
        )

    def _count(self):
        return self.env["cx.feedback"].search_count(
            [("commercial_partner_id", "=", self.client.id)]
        )

    def test_rows_follow_the_role(self):
        stages = self.env["cx.journey.stage"]
        ref = self.env.ref
        self.assertEqual(
            self._wizard(self.technical).line_ids.stage_id,
            ref("cx_management.cx_journey_stage_deal") | self.stage_usage | self.stage_post,
        )
        self.assertEqual(
            self._wizard(self.operator).line_ids.stage_id, self.stage_usage | self.stage_post
        )
        nobody = self.env["res.partner"].create({"name": "No Role", "parent_id": self.client.id})
        self.assertEqual(self._wizard(nobody).line_ids.stage_id, stages.search([]))

    def test_grid_warns_on_a_score_out_of_range(self):
        """A CSI of 9 typed in a stage's row is signalled at once, not only on Save."""
        interview = self._wizard()
        line = interview.line_ids[0]
        line.csi_score = 9
        warning = line._onchange_csi_score()["warning"]
        self.assertEqual(warning["message"], "The CSI score must be between 1 and 5, not 9.")
        line.csi_score = 4
        self.assertFalse(line._onchange_csi_score())
        interview.nps_score = 11
        warning = interview._onchange_nps_score()["warning"]
        self.assertEqual(warning["message"], "The NPS score must be between 0 and 10, not 11.")

    def test_refused_roles(self):
        for user in (self.employee, self.portal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user=user)

    def test_action_from_the_client(self):
        action = self.client.with_user(self.salesman).action_cx_interview()
        self.assertEqual(action["res_model"], "cx.interview")
        self.assertEqual(action["context"], {"default_client_id": self.client.id})
        action = self.operator.with_user(self.salesman).action_cx_interview()
        self.assertEqual(action["context"]["default_contact_id"], self.operator.id)

    def test_save_one_feedback_per_filled_row(self):
        wizard = self._wizard()
        deal, usage, post = wizard.line_ids
        usage.write(
            {
                "csi_score": 2,
                "comment": "Order status is a guess.",
                "topic_ids": [(6, 0, self.topic_defects.ids)],
            }
        )
        post.write({"comment": "Claims take a month."})
        wizard.write({"nps_score": 6, "nps_comment": "Too many surprises."})
        before = self._count()
        action = wizard.action_save()
        feedback = self.env["cx.feedback"].search(action["domain"])
        self.assertEqual(self._count(), before + 3)
        self.assertEqual(len(feedback), 3)
        self.assertEqual(set(feedback.mapped("channel")), {"interview"})
        self.assertEqual(feedback.partner_id, self.technical)
        self.assertEqual(feedback.role_id, self.role_technical)
        self.assertEqual(feedback.user_id, self.salesman)
        by_stage = {f.stage_id: f for f in feedback}
        self.assertNotIn(deal.stage_id, by_stage, "an empty row is skipped")
        self.assertEqual(by_stage[self.stage_usage].csi_score, 2)
        self.assertEqual(by_stage[self.stage_usage].topic_ids, self.topic_defects)
        self.assertFalse(by_stage[self.stage_post].csi_score)
        nps = by_stage[self.env["cx.journey.stage"]]
        self.assertEqual(nps.nps_score, 6, "the NPS is asked once: one feedback without a stage")
        self.assertEqual(nps.comment, "Too many surprises.")
        self.assertFalse(by_stage[self.stage_usage].nps_score)

    def test_bad_input_creates_nothing(self):
        before = self._count()
        wizard = self._wizard()
        wizard.line_ids[0].csi_score = 4
        wizard.line_ids[1].csi_score = 7
        with self.assertRaisesRegex(UserError, "between 1 and 5, not 7"):
            wizard.action_save()
        wizard.line_ids[1].csi_score = 3
        wizard.nps_score = 11
        with self.assertRaisesRegex(UserError, "between 0 and 10"):
            wizard.action_save()
        wizard.nps_score = False
        wizard.line_ids[2].topic_ids = self.topic_defects
        with self.assertRaisesRegex(UserError, "give a score or a reason"):
            wizard.action_save()
        with self.assertRaisesRegex(UserError, "at least one stage"):
            self._wizard().action_save()
        other = self._wizard()
        other.client_id = self.other_client
        other.line_ids[0].csi_score = 4
        with self.assertRaisesRegex(UserError, "does not belong"):
            other.action_save()
        self.assertEqual(self._count(), before)


@tagged("post_install", "-at_install")
class TestInterviewTour(CxTestMixin, HttpCase):
    def test_interview_tour(self):
        self.client.user_id = self.salesman
        self.start_tour(
            f"/odoo/res.partner/{self.client.id}", "cx_interview_tour", login=self.salesman.login
        )
        feedback = self.env["cx.feedback"].search(
            [("partner_id", "=", self.technical.id), ("channel", "=", "interview")]
        )
        self.assertEqual(len(feedback), 2)
        by_stage = {f.stage_id.code: f for f in feedback}
        self.assertEqual(by_stage["deal"].csi_score, 2)
        self.assertEqual(by_stage["deal"].comment, "Offers take two weeks.")
        self.assertEqual(by_stage["usage"].csi_score, 5)
        self.assertEqual(feedback.user_id, self.salesman)
