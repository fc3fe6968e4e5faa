from odoo.tests import HttpCase, tagged

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestMaturityUi(CxTestMixin, HttpCase):
    """What a CX manager clicks through to assess the company."""

    def test_fill_assessment_tour(self):
        assessment = self.env["cx.maturity.assessment"].create({"assessor_id": self.cx_manager.id})
        assessment.answer_ids.answer = "no"
        self.start_tour(
            f"/odoo/action-cx_management.cx_maturity_assessment_action/{assessment.id}",
            "cx_maturity_assessment_tour",
            login=self.cx_manager.login,
        )
        self.assertEqual(assessment.state, "done")
        self.assertEqual(assessment.level_collection, 1)
        self.assertEqual(assessment.overall_level, 0)
        level_one = assessment.answer_collection_ids.filtered(lambda a: a.level == 1)
        self.assertEqual(set(level_one.mapped("answer")), {"yes"})
        self.assertIn("Quarterly survey", " ".join(filter(None, level_one.mapped("note"))))
