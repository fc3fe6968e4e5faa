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
        # Quality: 2 Defects + 1 Packaging = 3 of 4 mentions (75 %); Praise 1 (100 % cumulative)
        self._create_feedback(csi_score=2, topic_ids=self.topic_defects.ids)
        self._create_feedback(csi_score=1, topic_ids=(self.topic_defects | packaging).ids)
        self._create_feedback(csi_score=5, topic_ids=self.topic_praise.ids)
        self.start_tour(
            "/odoo/action-cx_management.cx_topic_report_action",
            "cx_topic_pareto_tour",
            login=self.salesman.login,
        )
        self.start_tour(
            "/odoo/action-cx_management.cx_topic_report_action",
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
