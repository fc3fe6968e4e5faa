"""The cross-company leaks of issue #16, tried the way an attacker tried them."""

import re
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import CxCase, CxTestMixin


@tagged("post_install", "-at_install")
class TestAccessLeaks(CxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        cls.client_a = cls._create_client("Ural Tube", company_id=cls.company.id)
        cls.contact_a = cls._create_contact(cls.client_a, "Lev Tolstykh", cls.role_technical)

    # ---- 1. the workbook export ----

    def _export(self, user):
        wizard = self.env["cx.workbook"].with_user(user).create({"section_csi": True})
        action = wizard.action_export()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        return wizard, self.env["ir.attachment"].browse(attachment_id)

    def test_workbook_belongs_to_its_author_and_their_company_managers(self):
        wizard, attachment = self._export(self.salesman_2)
        # the author and a CX manager of the company read it
        for user in (self.salesman_2, self.cx_manager):
            with self.subTest(user=user.login):
                self.assertTrue(attachment.with_user(user).raw)
        # another salesperson and the second company's manager neither find nor read it
        for user in (self.salesman, self.cx_manager_b):
            with self.subTest(user=user.login):
                Attachment = self.env["ir.attachment"].with_user(user)
                self.assertNotIn(attachment, Attachment.search([("res_model", "=", "cx.workbook")]))
                with self.assertRaises(AccessError):
                    attachment.with_user(user).read(["raw"])
                with self.assertRaises(AccessError):
                    wizard.with_user(user).read(["date_to"])
        self.assertEqual(wizard.company_id, self.company)

    def test_workbook_goes_with_its_attachment_after_an_hour(self):
        wizard, attachment = self._export(self.cx_manager)
        old = fields.Datetime.now() - timedelta(hours=2)
        self.env.cr.execute(
            "UPDATE cx_workbook SET create_date = %s, write_date = %s WHERE id = %s",
            [old, old, wizard.id],
        )
        self.env["cx.workbook"].sudo()._transient_vacuum()
        self.assertFalse(wizard.exists())
        self.assertFalse(attachment.exists(), "the file goes with its export")

    # ---- 2. metric sources ----

    def test_metric_source_reads_only_the_clients_company(self):
        """The exploit: an average over crm.lead.expected_revenue showed company 2's deal."""
        metric = self.env["cx.metric"].create(
            {
                "name": "Deal size",
                "code": "deal_size",
                "source": "average",
                "source_model": "crm.lead",
                "source_field": "expected_revenue",
                "partner_field": "partner_id",
                "date_field": "create_date",
                "value_max": 10_000_000,
            }
        )
        # the client was shared when company 2 made its deal, then became company 1's
        self.client_a.company_id = False
        self._create_lead(self.client_a, expected_revenue=1000, company_id=self.company.id)
        self._create_lead(
            self.client_a,
            "Company 2's deal",
            expected_revenue=7_654_321,
            company_id=self.company_b.id,
        )
        self.client_a.company_id = self.company
        today = date.today()
        raws = metric._read_raw_values(today - timedelta(days=1), today, [self.client_a.id])
        self.assertEqual(raws, {self.client_a.id: 1000.0}, "company 2's deal is not counted")

    def test_metric_source_refuses_technical_models(self):
        for model in ("mail.message", "res.users", "ir.attachment", "bus.bus", "auth_totp.device"):
            if model not in self.env:
                continue
            with (
                self.subTest(model=model),
                self.assertRaisesRegex(ValidationError, "cannot be a metric source"),
            ):
                self.env["cx.metric"].create(
                    {
                        "name": "Oracle",
                        "code": f"oracle_{model}",
                        "source": "ratio",
                        "source_model": model,
                        "partner_field": "partner_id" if model != "res.users" else "partner_id",
                        "date_field": "create_date",
                    }
                )

    def test_metric_source_needs_the_right_to_read_the_model(self):
        # a CX manager without any Sales right cannot base a metric on the opportunities
        self.assertFalse(self.cx_manager.has_group("sales_team.group_sale_salesman"))
        with self.assertRaisesRegex(ValidationError, "not allowed to read"):
            self.env["cx.metric"].with_user(self.cx_manager).create(
                {
                    "name": "Deal size",
                    "code": "deal_size_2",
                    "source": "average",
                    "source_model": "crm.lead",
                    "source_field": "expected_revenue",
                    "partner_field": "partner_id",
                    "date_field": "create_date",
                }
            )

    # ---- 6. the lower items ----

    def test_salesperson_keeps_their_feedback_and_cannot_hand_it_over(self):
        mine = self._create_feedback(user_id=self.salesman.id)
        mine.with_user(self.salesman).write({"comment": "The content is theirs to edit."})
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).write({"user_id": self.salesman_2.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).unlink()
        self.assertEqual(mine.user_id, self.salesman)
        # a CX manager may reassign it
        mine.with_user(self.cx_manager).write({"user_id": self.salesman_2.id})
        self.assertEqual(mine.user_id, self.salesman_2)

    def test_salesperson_cannot_change_the_weight_of_a_value(self):
        metric = self.env["cx.metric"].create({"name": "Claims", "code": "claims_w"})
        value = self._create_metric_value(self.client_a, metric, 0.4)
        self.assertEqual(value.weight, 3)
        with self.assertRaises(AccessError):
            value.with_user(self.salesman).write({"weight": 1})
        with self.assertRaises(AccessError):
            self.env["cx.metric.value"].with_user(self.salesman).create(
                {
                    "partner_id": self.client.id,
                    "metric_id": metric.id,
                    "raw_value": 0.1,
                    "weight": 1,
                }
            )
        value.with_user(self.salesman).write({"raw_value": 0.3})
        self.assertEqual(value.weight, 3)

    def test_csi_fields_need_a_cx_group(self):
        for user in (self.employee, self.portal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.client.with_user(user).read(["cx_csi"])
        self.assertIn("cx_csi", self.client.with_user(self.salesman).read(["cx_csi"])[0])
        # the partner form still opens without the group
        for user in (self.employee, self.portal_user):
            with self.subTest(user=user.login):
                arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])
                self.assertNotIn('name="cx_csi"', arch["views"]["form"]["arch"])

    def test_manager_with_own_documents_exports_the_requirements(self):
        """A CX manager whose Sales right is "own documents only" exports every section."""
        manager = self._create_user(
            "cx_manager_own",
            "sales_team.group_sale_salesman,cx_management.cx_management_group_manager",
            name="Olga Own",
        )
        lead = self._create_lead(self.client_a, "Someone else's deal", user_id=self.salesman_2.id)
        self.env["cx.requirement"].create(
            {
                "name": "Certificates",
                "partner_id": self.client_a.id,
                "topic_id": self.topic_defects.id,
                "lead_id": lead.id,
                "scope": "specification",
            }
        )
        self.env.invalidate_all()  # the deal is read from the database, under the rules
        wizard = self.env["cx.workbook"].with_user(manager).create({})
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_survey_scale_out_of_range_gets_the_form_message(self):
        question = self.env.ref("cx_management.survey_cx_economic_awareness_csi")
        self.assertEqual(question.validate_question("4"), {})
        for answer in ("99", "-3", "abc"):
            with self.subTest(answer=answer):
                self.assertEqual(
                    question.validate_question(answer), {question.id: "Choose a value from 1 to 5."}
                )

    def test_import_errors_name_the_line_and_come_all_at_once(self):
        metric = self.env["cx.metric"].create({"name": "Claims", "code": "claims_imp"})
        fields_ = ["partner_id", "metric_id", "date", "raw_value"]
        rows = [
            ["Ural Tube", "claims_imp", "2026-11-15", "0.2"],  # line 2
            ["Ural Tube", "claims_imp", "not a date", "0.2"],  # line 3
            ["No such client", "claims_imp", "2026-11-15", "0.2"],  # line 4
        ]
        result = self.env["cx.metric.value"].with_context(import_file=True).load(fields_, rows)
        self.assertFalse(result["ids"])
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(any(e.startswith("Line 3:") for e in errors), errors)
        self.assertTrue(any(e.startswith("Line 4:") for e in errors), errors)
        self.assertFalse(self.env["cx.metric.value"].search([("metric_id", "=", metric.id)]))


@tagged("post_install", "-at_install")
class TestAccessPortalInput(CxTestMixin, HttpCase):
    """Hostile input on the portal form: a clean, translated form error."""

    def test_nul_byte_in_the_comment(self):
        self._create_action(name="Certificates with every shipment", portal_published=True)
        self.authenticate("cx_portal", "cx_portal")
        page = self.url_open("/my/cx/feedback")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/my/cx/feedback/submit",
            data={"csrf_token": token, "csi_score": "4", "comment": "Fine\x00 indeed"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your comment contains a character that cannot be saved", response.text)
        self.assertIn("o_cx_feedback_form", response.text, "the form is shown again")
        self.assertFalse(self.env["cx.feedback"].search([("channel", "=", "portal")]))


@tagged("post_install", "-at_install")
class TestAccessImportFile(CxCase):
    """The import of a file of metric values, as the Import button runs it."""

    def test_wrong_date_does_not_hide_the_other_errors(self):
        self.env["cx.metric"].create({"name": "Claims", "code": "claims_file"})
        content = (
            "Client,Metric,Date,Raw Value\n"  # line 1
            "Sibir Pipe Works,claims_file,2026-11-15,0.2\n"  # line 2
            "Volga Bridges,claims_file,15.13.2026,0.2\n"  # line 3: no such date
            "No such client,claims_file,2026-11-15,0.2\n"  # line 4
        )
        wizard = self.env["base_import.import"].create(
            {"res_model": "cx.metric.value", "file": content.encode(), "file_type": "text/csv"}
        )
        result = wizard.execute_import(
            ["partner_id", "metric_id", "date", "raw_value"],
            ["Client", "Metric", "Date", "Raw Value"],
            {
                "has_headers": True,
                "separator": ",",
                "quoting": '"',
                "date_format": "%Y-%m-%d",
                "encoding": "utf-8",
            },
            dryrun=True,
        )
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(any(e.startswith("Line 3:") and "15.13.2026" in e for e in errors), errors)
        self.assertTrue(
            any(e.startswith("Line 4:") and "No such client" in e for e in errors), errors
        )
        self.assertFalse(result["ids"])
