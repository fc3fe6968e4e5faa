import io

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestUiAnalysis(CxTestMixin, HttpCase):
    """A CX user opens the Pareto of topics and downloads the workbook."""

    def test_topic_pareto_tour(self):
        self.env["cx.feedback"].search([]).unlink()
        packaging = self.env.ref("cx_management.cx_topic_quality_packaging")
        quality = self.env.ref("cx_management.cx_topic_quality")
        discipline = self.env.ref("cx_management.cx_topic_discipline")
        # Quality: 3 feedback (the third names Quality and Defects: once), Discipline 1:
        # 75 % then 100 %; Praise is no problem and not ranked
        self._create_feedback(csi_score=2, topic_ids=self.topic_defects.ids)
        self._create_feedback(csi_score=1, topic_ids=(self.topic_defects | packaging).ids)
        self._create_feedback(csi_score=1, topic_ids=(quality | self.topic_defects).ids)
        self._create_feedback(csi_score=2, topic_ids=discipline.ids)
        self._create_feedback(csi_score=5, topic_ids=self.topic_praise.ids)
        self._create_feedback(csi_score=5, topic_ids=self.topic_praise.ids)
        self.start_tour(
            "/odoo/action-cx_management.cx_topic_pareto_action",
            "cx_topic_pareto_tour",
            login=self.salesman.login,
        )
        self.start_tour(
            "/odoo/action-cx_management.cx_topic_pareto_action",
            "cx_workbook_tour",
            login=self.salesman.login,
        )
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "cx.workbook"), ("create_uid", "=", self.salesman.id)]
        )
        self.assertEqual(len(attachment), 1)
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertIn("Pareto of topics", book.sheetnames)
        self.assertNotIn("Revenue at risk", book.sheetnames)
        self.assertEqual(book["Pareto of topics"]["B4"].value, 3)
