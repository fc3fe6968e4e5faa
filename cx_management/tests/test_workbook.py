import io
import zipfile
from datetime import date, datetime

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_analysis import AnalysisCommon


@tagged("post_install", "-at_install")
class TestWorkbook(AnalysisCommon):
    """The CX workbook, opened back with openpyxl."""

    def _export(self, **values):
        wizard = self.env["cx.workbook"].with_user(self.user).create(values)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        return attachment.raw

    @staticmethod
    def _rows(sheet):
        return [row for row in sheet.iter_rows(values_only=True)]

    def test_workbook_sheets_and_cells(self):
        self.client.cx_annual_revenue = 1_000_000
        self.other_client.cx_annual_revenue = 500_000
        (self.client | self.other_client)._cx_refresh_analysis(date_to=date(2026, 6, 30))
        content = self._export(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames,
            [
                "Integral CSI by client",
                "Pareto of topics",
                "Focus processes",
                "Role x stage, average CSI",
                "NPS by account",
                "NPS by role",
                "NPS by stage",
                "Revenue at risk",
                "Elements of value",
                "Value pyramid levels",
                "Improvement actions",
                "Requirements",
                "Orders and deliveries",
                "Coverage",
                "Spend x NPS",
            ],
        )
        pareto = book["Pareto of topics"]
        self.assertEqual(pareto["A1"].value, "Pareto of topics")
        self.assertEqual(
            [c.value for c in pareto[3][:4]],
            ["Topic", "Feedback", "Share, %", "Cumulative share, %"],
        )
        # complaint topics; the 2025 Discipline complaint is outside the period: Quality
        # (f1, f2, f5) alone, 100 %, then Defects, Packaging and Quality itself
        self.assertEqual(pareto["A4"].value, self.topic_quality.name)
        self.assertEqual(pareto["B4"].value, 3)
        self.assertAlmostEqual(pareto["C4"].value, 100.0)
        self.assertTrue(pareto["A5"].value.strip().endswith(self.topic_defects.name))
        self.assertEqual(pareto.freeze_panes, "B4")
        self.assertEqual(pareto.auto_filter.ref, "A3:D7")
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.assertIn("xl/charts/chart1.xml", archive.namelist())

        processes = book["Focus processes"]
        self.assertEqual(processes["D3"].value, "Complaints", "as Problem Processes says")
        self.assertEqual(processes["B4"].value, self.process_production.name)
        self.assertEqual(processes["D4"].value, 2)
        # the complaints of 2026 (f1, f2, f5, f6, f7, the NPS answer 6) point 5 times at a
        # process: Production f1 f2, Internal logistics f2, Claims f7, Quality improvement f5;
        # Production's share is 2 of these 5, as Problem Processes and the Pareto count
        self.assertAlmostEqual(processes["E4"].value, 100 * 2 / 5)
        self.assertEqual(processes["H4"].value, "Yes")

        matrix = book["Role x stage, average CSI"]
        header = [c.value for c in matrix[3]]
        self.assertIn(self.stage_post.name, header)
        economic_row = next(row for row in self._rows(matrix) if row[0] == self.role_economic.name)
        self.assertAlmostEqual(economic_row[header.index(self.stage_post.name)], 2.0)  # f7
        self.assertTrue(matrix.conditional_formatting)

        accounts = {row[0]: row for row in self._rows(book["NPS by account"])[3:]}
        self.assertAlmostEqual(accounts[self.client.display_name][1], 25.0)

        revenue = book["Revenue at risk"]
        self.assertEqual(revenue["A4"].value, self.other_client.display_name)  # 200,000 first
        self.assertAlmostEqual(revenue["F4"].value, 200_000)
        self.assertEqual(revenue["A6"].value, "Total")
        self.assertEqual(revenue["F6"].value, "=SUM(F4:F5)")
        self.assertEqual(revenue["F4"].number_format, "#,##0.00")

    def test_workbook_bad_input(self):
        with self.assertRaises(UserError):
            self._export(
                section_pareto=False,
                section_processes=False,
                section_role_stage=False,
                section_nps=False,
                section_revenue=False,
                section_elements=False,
                section_csi=False,
                section_actions=False,
                section_requirements=False,
                section_orders=False,
                section_coverage=False,
                section_spend=False,
            )
        with self.assertRaises(UserError):
            self._export(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
        # a period without data: every sheet valid, with its header and a note
        content = self._export(date_from=date(2010, 1, 1), date_to=date(2010, 12, 31))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book["Pareto of topics"]["A4"].value, "No data for this selection.")
        self.assertEqual(book["Focus processes"]["A4"].value, "No data for this selection.")
        self.assertEqual(book["NPS by role"]["A4"].value, "No data for this selection.")
        # one client without feedback
        lonely = self.env["res.partner"].create({"name": "Silent Client", "is_company": True})
        content = self._export(partner_ids=lonely.ids, section_revenue=False)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book["Elements of value"]["F4"].value, "Yes")  # nothing said: neglected

    def test_workbook_dates_stages_and_revenue_csi(self):
        """Dates are Excel dates; an action's journey stage is its process's (else its
        feedback's) and its kanban stage has a column of its own; the revenue sheet's CSI
        header says which CSI it is."""
        planned = self._create_action(
            name="Certificates with the shipment",
            process_id=self.process_production.id,  # journey stage of the process
            stage_id=self.stage_planned.id,
            date_deadline=date(2026, 5, 15),
        )
        done = self._create_action(
            name="Claims answered in five days",
            feedback_ids=[(6, 0, self.f7.ids)],  # no process: the feedback's stage (post)
            stage_id=self.stage_done.id,
            client_result="<p>Answered within five days.</p>",
        )
        self.assertTrue(done.date_done)
        self.client.cx_annual_revenue = 1_000_000
        self.client._cx_refresh_analysis(date_to=date(2026, 6, 30))
        requirement = self.env["cx.requirement"].create(
            {
                "partner_id": self.client.id,
                "name": "Deliver inside the two-hour window",
                "topic_id": self.topic_defects.id,
                "importance": 4,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        content = self._export(
            **{
                f"section_{name}": False
                for name in ("csi", "pareto", "processes", "role_stage", "nps", "elements")
            }
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book["Improvement actions"]
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(header[4:8], ["Journey stage", "Action stage", "Deadline", "Done on"])
        rows = {row[1].value: row for row in sheet.iter_rows(min_row=4)}
        row = rows[planned.name]
        self.assertEqual(row[4].value, self.process_production.stage_id.name)
        self.assertEqual(row[5].value, self.stage_planned.name)
        self.assertTrue(row[6].is_date)
        self.assertEqual(row[6].value, datetime(2026, 5, 15))
        self.assertIsNone(row[7].value)  # not done: an empty cell, not ""
        row = rows[done.name]
        self.assertEqual(row[4].value, self.stage_post.name)
        self.assertEqual(row[5].value, self.stage_done.name)
        self.assertTrue(row[7].is_date)
        self.assertEqual(row[7].value.date(), done.date_done)
        self.assertIsNone(row[6].value)
        sheet = book["Requirements"]
        header = [cell.value for cell in sheet[3]]
        row = next(row for row in sheet.iter_rows(min_row=4) if row[3].value == requirement.name)
        for label, day in (("Valid from", date(2026, 1, 1)), ("Valid to", date(2026, 12, 31))):
            cell = row[header.index(label)]
            self.assertTrue(cell.is_date)
            self.assertEqual(cell.value.date(), day)
        sheet = book["Revenue at risk"]
        header = [cell.value for cell in sheet[3]]
        self.assertNotIn("Average CSI", header)
        self.assertIn("CSI (integral; else the feedback average of 12 months)", header)

    def test_workbook_csi_and_actions(self):
        """The client's CSI breakdown as in section 11's table, and actions with their effect."""
        # a CSI of two blocks counts when the settings ask for two
        self.env["ir.config_parameter"].sudo().set_param("cx_management.csi_min_blocks", "2")
        Value = self.env["cx.metric.value"]
        lost_price = self.env.ref("cx_management.cx_metric_lost_price")
        lead_time = self.env.ref("cx_management.cx_metric_complete_lead_time")
        Value.create(
            [
                {
                    "partner_id": self.client.id,
                    "metric_id": lost_price.id,
                    "date": date(2026, 2, 1),
                    "raw_value": 0.2,
                },
                {
                    "partner_id": self.client.id,
                    "metric_id": lead_time.id,
                    "date": date(2026, 2, 1),
                    "raw_value": 30,
                },
            ]
        )
        self.client.action_cx_recompute_csi()
        snapshot = self.env["cx.csi.snapshot"].search(
            [("partner_id", "=", self.client.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(snapshot), 1)
        action = self.env["cx.action"].create(
            {
                "name": "Ship within the window",
                "partner_id": self.client.id,
                "user_id": self.user.id,
            }
        )
        action.write({"csi_before": 3.1, "csi_after": 3.6, "nps_before": -10.0, "nps_after": 30.0})
        content = self._export(
            **{
                f"section_{name}": False
                for name in (
                    "pareto",
                    "processes",
                    "role_stage",
                    "nps",
                    "revenue",
                    "elements",
                    "requirements",
                    "orders",
                    "coverage",
                    "spend",
                )
            }
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, ["Integral CSI by client", "Improvement actions"])
        rows = self._rows(book["Integral CSI by client"])
        self.assertEqual(
            list(rows[2]),
            [
                "Client",
                "Period",
                "Block",
                "Metric",
                "X",
                "W",
                "s = 1 - X*W",
                "Block score",
                "Client's CSI",
            ],
        )
        by_metric = {row[3]: row for row in rows[3:]}
        self.assertEqual(set(by_metric), {lost_price.name, lead_time.name})
        # by hand (section 11): lead time 30 days on 0-100 days: X = 0.3, W 5, s = 1 - 1.5 =
        # -0.5, alone in its block; price losses X 0.2, W 4, s = 0.2; mean of the two blocks
        # -0.15, CSI = 1 + 4 * (-0.15 + 1) / 2 = 2.7; February is filed at the quarter's end
        row = by_metric[lead_time.name]
        self.assertEqual(row[0], self.client.display_name)
        self.assertEqual(row[1], datetime(2026, 3, 31))  # an Excel date, not text
        self.assertAlmostEqual(row[4], 0.3)
        self.assertEqual(row[5], 5)
        self.assertAlmostEqual(row[6], -0.5)
        self.assertAlmostEqual(row[7], -0.5)
        self.assertAlmostEqual(row[8], 2.7)
        self.assertAlmostEqual(by_metric[lost_price.name][6], 0.2)
        self.assertAlmostEqual(snapshot.csi, 2.7)
        actions = self._rows(book["Improvement actions"])
        self.assertEqual(actions[3][1], "Ship within the window")
        self.assertEqual(actions[3][2], self.client.display_name)
        self.assertAlmostEqual(actions[3][10], 0.5)  # effect on CSI
        self.assertAlmostEqual(actions[3][13], 40.0)  # effect on NPS
