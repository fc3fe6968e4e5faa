import io

import openpyxl

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestUiAnalysis(HttpCase):
    """A CX user opens the Pareto of topics and downloads the workbook."""

    def test_topic_pareto_tour(self):
        user = mail_new_test_user(
            self.env, login="cx_tour_analyst", groups="sales_team.group_sale_salesman"
        )
        ref = self.env.ref
        self.env["cx.feedback"].search([]).unlink()
        client = self.env["res.partner"].create({"name": "Sibir Pipe Works", "is_company": True})
        contact = self.env["res.partner"].create({"name": "Anna Smirnova", "parent_id": client.id})
        defects = ref("cx_management.cx_topic_quality_defects")
        packaging = ref("cx_management.cx_topic_quality_packaging")
        praise = ref("cx_management.cx_topic_praise")
        # Quality: 2 Defects + 1 Packaging = 3 of 4 mentions (75 %); Praise 1 (100 % cumulative)
        self.env["cx.feedback"].create(
            [
                {"partner_id": contact.id, "csi_score": 2, "topic_ids": defects.ids},
                {"partner_id": contact.id, "csi_score": 1, "topic_ids": (defects | packaging).ids},
                {"partner_id": contact.id, "csi_score": 5, "topic_ids": praise.ids},
            ]
        )
        self.start_tour(
            "/odoo/action-cx_management.cx_topic_report_action",
            "cx_topic_pareto_tour",
            login=user.login,
        )
        self.start_tour(
            "/odoo/action-cx_management.cx_topic_report_action",
            "cx_workbook_tour",
            login=user.login,
        )
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "cx.workbook"), ("create_uid", "=", user.id)]
        )
        self.assertEqual(len(attachment), 1)
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertIn("Pareto of topics", book.sheetnames)
        self.assertNotIn("Revenue at risk", book.sheetnames)
        self.assertEqual(book["Pareto of topics"]["B4"].value, 3)
