import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..wizard.cx_workbook import SECTION_FIELDS
from .common import CxCase


@tagged("post_install", "-at_install")
class TestRequirement(CxCase):
    """Client requirements: scopes, validity, weights, the check after delivery, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        ref = cls.env.ref
        cls.metric_window = ref("cx_management.cx_metric_window_expedited")  # default weight 5
        cls.metric_evenness = ref("cx_management.cx_metric_window_evenness")
        cls.metric_trigger = ref("cx_management.cx_metric_trg_claims")  # threshold 0.3
        cls.topic_packaging = ref("cx_management.cx_topic_quality_packaging")
        cls.industry = cls.env["res.partner.industry"].create({"name": "Pipelines"})
        cls.client.industry_id = cls.industry
        cls.lead = cls._create_lead(
            cls.technical, name="Casing pipes, spec 17", user_id=cls.salesman.id
        )
        cls.other_lead = cls._create_lead(cls.economic, name="Tubing, spec 18")
        cls.Requirement = cls.env["cx.requirement"]

    def _requirement(self, **values):
        vals = {
            "partner_id": self.client.id,
            "name": "Deliver inside the two-hour window",
            "topic_id": self.topic_packaging.id,
            "importance": 4,
        }
        vals.update(values)
        return self.Requirement.create(vals)

    def _set_mode(self, mode):
        self.env["ir.config_parameter"].sudo().set_param(
            "cx_management.requirement_weight_mode", mode
        )

    # ---- fields and constraints ----

    def test_client_role_and_bad_input(self):
        requirement = self._requirement(partner_id=self.technical.id, contact_id=self.technical.id)
        self.assertEqual(
            requirement.partner_id, self.client, "a contact is replaced by its company"
        )
        self.assertEqual(
            requirement.role_id, self.role_technical, "the role comes from the contact"
        )
        with self.assertRaises(ValidationError):
            self._requirement(importance=6)
        with self.assertRaises(ValidationError):
            self._requirement(topic_id=False)
        with self.assertRaises(ValidationError):
            self._requirement(date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))
        with self.assertRaises(ValidationError):
            self._requirement(scope="specification")
        with self.assertRaises(ValidationError):
            requirement.importance = 0
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE cx_requirement SET importance = 9 WHERE id = %s", [requirement.id]
            )
        self.assertEqual(requirement.importance, 4)

    @freeze_time("2026-06-15")
    def test_scopes_validity_and_applicable(self):
        standing = self._requirement()
        expired = self._requirement(name="Old packaging rule", date_to=date(2026, 1, 31))
        future = self._requirement(name="From next year", date_from=date(2027, 1, 1))
        archived = self._requirement(name="Archived", active=False)
        spec = self._requirement(
            name="Certificates with the pipes",
            scope="specification",
            lead_id=self.lead.id,
            reference="SP-17",
        )
        other_spec = self._requirement(
            name="Other specification", scope="specification", lead_id=self.other_lead.id
        )
        other_client = self._requirement(partner_id=self.other_client.id, name="Not ours")
        applicable = self.Requirement._applicable(self.technical, lead=self.lead)
        self.assertEqual(applicable, standing | spec)
        self.assertEqual(self.Requirement._applicable(self.client), standing)
        self.assertEqual(
            self.Requirement._applicable(self.client, date=date(2026, 1, 15)), standing | expired
        )
        self.assertEqual(
            self.Requirement._applicable(self.client, date=date(2027, 2, 1)), standing | future
        )
        self.assertTrue(standing.is_valid)
        self.assertFalse(expired.is_valid)
        self.assertFalse(archived.is_valid)
        self.assertEqual(
            self.Requirement.search(
                [
                    ("is_valid", "=", True),
                    ("id", "in", (standing | expired | future | archived | spec).ids),
                ]
            ),
            standing | spec,
        )
        # the opportunity shows what applies to it, with the count behind the banner
        self.assertEqual(self.lead.cx_requirement_ids, standing | spec)
        self.assertEqual(self.lead.cx_requirement_count, 2)
        self.assertEqual(self.other_lead.cx_requirement_ids, standing | other_spec)
        # the client's CX tab lists the standing ones; the smart button counts the valid ones
        self.assertIn(standing, self.client.cx_requirement_ids)
        self.assertNotIn(spec, self.client.cx_requirement_ids)
        self.assertEqual(self.client.cx_requirement_count, 3)  # standing, spec, other_spec
        self.assertNotIn(other_client, self.lead.cx_requirement_ids)

    def test_record_from_feedback(self):
        feedback = self._create_feedback(
            self.operator,
            csi_score=2,
            lead_id=self.lead.id,
            reference="SP-17",
            topic_ids=self.topic_packaging.ids,
            comment="The pipes arrived without end caps.",
        )
        action = feedback.with_user(self.salesman).action_record_requirement()
        self.assertEqual(action["res_model"], "cx.requirement")
        requirement = (
            self.Requirement.with_user(self.salesman).with_context(**action["context"]).create({})
        )
        self.assertEqual(requirement.partner_id, self.client)
        self.assertEqual(requirement.contact_id, self.operator)
        self.assertEqual(requirement.role_id, self.role_operator)
        self.assertEqual(requirement.topic_id, self.topic_packaging)
        self.assertEqual(requirement.name, "The pipes arrived without end caps.")
        self.assertEqual(requirement.scope, "specification")
        self.assertEqual(requirement.lead_id, self.lead)
        self.assertEqual(requirement.feedback_id, feedback)
        self.assertEqual(requirement.user_id, self.salesman)

    # ---- importance feeds the CSI weights ----

    def test_weight_set_and_update(self):
        self._set_mode("set")
        requirement = self._requirement(metric_id=self.metric_evenness.id, importance=5)
        weight = self.env["cx.metric.weight"].search(
            [("partner_id", "=", self.client.id), ("metric_id", "=", self.metric_evenness.id)]
        )
        self.assertEqual(weight.weight, 5)
        self.assertEqual(weight.requirement_id, requirement)
        self.assertFalse(weight.proposed_weight)
        requirement.importance = 2
        self.assertEqual(weight.weight, 2, "a new importance updates the weight")
        # the metric value of the client uses the weight the requirement set
        value = self.env["cx.metric.value"].create(
            {
                "partner_id": self.client.id,
                "metric_id": self.metric_evenness.id,
                "raw_value": 0.5,
                "date": date(2026, 3, 31),
            }
        )
        self.assertEqual(value.weight, 2)

    def test_weight_proposed_then_applied(self):
        self._set_mode("propose")
        requirement = self._requirement(metric_id=self.metric_window.id, importance=2)
        weight = self.env["cx.metric.weight"].search(
            [("partner_id", "=", self.client.id), ("metric_id", "=", self.metric_window.id)]
        )
        self.assertEqual(weight.weight, 5, "a proposal keeps the metric's default weight")
        self.assertEqual(weight.proposed_weight, 2)
        self.assertEqual(weight.proposed_requirement_id, requirement)
        requirement.importance = 3
        self.assertEqual(weight.proposed_weight, 3, "a new importance updates the proposal")
        # salespeople record requirements but cannot apply weights
        with self.assertRaises(AccessError):
            weight.with_user(self.salesman).action_apply_proposal()
        weight.with_user(self.cx_manager).action_apply_proposal()
        self.assertEqual(weight.weight, 3)
        self.assertEqual(weight.requirement_id, requirement)
        self.assertFalse(weight.proposed_weight)
        with self.assertRaises(UserError):
            weight.with_user(self.cx_manager).action_apply_proposal()

    def test_weight_mode_setting(self):
        settings = self.env["res.config.settings"].create({"cx_requirement_weight_mode": "set"})
        settings.execute()
        self.assertEqual(self.Requirement._weight_mode(), "set")
        self.env["ir.config_parameter"].sudo().set_param(
            "cx_management.requirement_weight_mode", "nonsense"
        )
        self.assertEqual(self.Requirement._weight_mode(), "propose")

    # ---- after delivery ----

    def test_met_not_met_feeds_the_analysis(self):
        spec = self._requirement(
            scope="specification", lead_id=self.lead.id, contact_id=self.technical.id
        )
        other = self._requirement(scope="specification", reference="SP-20", name="Even deliveries")
        standing = self._requirement(name="Standing")
        Topic = self.env["cx.topic.report"]
        before = Topic.search_count([("topic_id", "=", self.topic_packaging.id)])
        with self.assertRaises(UserError):
            standing.action_mark_not_met()
        other.with_user(self.cx_manager).action_mark_met()
        self.assertEqual(other.state, "met")
        self.assertEqual(other.met_share, 100.0)
        self.assertEqual(other.state_user_id, self.cx_manager)
        self.assertFalse(other.complaint_id)
        spec.action_mark_not_met()
        self.assertEqual(spec.met_share, 0.0)
        complaint = spec.complaint_id
        self.assertEqual(complaint.polarity, "complaint")
        self.assertEqual(complaint.topic_ids, self.topic_packaging)
        self.assertEqual(complaint.partner_id, self.technical)
        self.assertEqual(complaint.requirement_id, spec)
        self.assertEqual(complaint.lead_id, self.lead)
        self.env.flush_all()
        self.assertEqual(
            Topic.search_count([("topic_id", "=", self.topic_packaging.id)]), before + 1
        )
        self.assertTrue(
            self.env["cx.process.report"].search_count([("feedback_id", "=", complaint.id)])
        )
        # share met of the client's checked requirements: 1 of 2
        (share,) = self.Requirement._read_group(
            [("partner_id", "=", self.client.id)], [], ["met_share:avg"]
        )[0]
        self.assertAlmostEqual(share, 50.0)
        ranking = self.env["cx.requirement.aspect.report"].search(
            [("topic_id", "=", self.topic_packaging.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual((ranking.not_met_count, ranking.checked_count), (1, 2))
        self.assertAlmostEqual(ranking.met_share, 50.0)
        # plan an action on the client from the not met requirement
        action = spec.action_plan_action()
        self.assertEqual(action["res_model"], "cx.action")
        self.assertEqual(action["context"]["default_partner_id"], self.client.id)
        self.assertEqual(action["context"]["default_lead_id"], self.lead.id)
        # back to pending: the complaint goes away
        spec.action_reset_pending()
        self.assertFalse(complaint.exists())
        self.assertEqual(Topic.search_count([("topic_id", "=", self.topic_packaging.id)]), before)

    def test_trigger_metric_marks_not_met(self):
        fired = self._requirement(
            metric_id=self.metric_trigger.id,
            name="Claims answered in 3 days",
            date_from=date(2026, 1, 1),
        )
        not_yet = self._requirement(
            partner_id=self.other_client.id,
            metric_id=self.metric_trigger.id,
            name="Claims answered in 3 days",
        )
        expired = self._requirement(
            metric_id=self.metric_trigger.id, name="Old rule", date_to=date(2025, 12, 31)
        )
        Value = self.env["cx.metric.value"]
        Value.create(
            {
                "partner_id": self.client.id,
                "metric_id": self.metric_trigger.id,
                "raw_value": 0.5,
                "date": date(2026, 3, 31),
            }
        )
        Value.create(
            {
                "partner_id": self.other_client.id,
                "metric_id": self.metric_trigger.id,
                "raw_value": 0.1,
                "date": date(2026, 3, 31),
            }
        )
        self.Requirement._cron_check_trigger_metrics()
        self.assertEqual(fired.state, "not_met")
        self.assertTrue(fired.complaint_id)
        self.assertEqual(not_yet.state, "pending")
        self.assertEqual(expired.state, "pending")

    # ---- access ----

    def test_access(self):
        mine = self._requirement(user_id=self.salesman.id).with_user(self.salesman)
        theirs = self._requirement(user_id=self.salesman_2.id)
        # salespeople read every requirement of their company and change their own
        self.assertTrue(theirs.with_user(self.salesman).name)
        mine.importance = 5
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).write({"importance": 1})
        theirs.with_user(self.cx_manager).write({"importance": 1})
        created = self.Requirement.with_user(self.salesman).create(
            {
                "partner_id": self.client.id,
                "name": "Documents in Russian",
                "topic_id": self.topic_packaging.id,
            }
        )
        self.assertEqual(created.user_id, self.salesman)
        # portal users and plain employees see nothing
        for user in (self.portal_user, self.employee):
            with self.assertRaises(AccessError):
                self.Requirement.with_user(user).search([])
            with self.assertRaises(AccessError):
                theirs.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["cx.requirement.aspect.report"].with_user(user).search([])
        # another company's requirements are hidden
        foreign = self._requirement(company_id=self.company_b.id)
        self.assertNotIn(foreign, self.Requirement.with_user(self.cx_manager).search([]))

    # ---- workbook ----

    def test_workbook_sheet(self):
        spec = self._requirement(scope="specification", reference="SP-17", name="Even deliveries")
        spec.action_mark_not_met()
        self._requirement(name="Packed on pallets", importance=5)
        self._requirement(partner_id=self.other_client.id, name="Other client")
        wizard = (
            self.env["cx.workbook"]
            .with_user(self.cx_manager)
            .create(
                {
                    "partner_ids": self.client.ids,
                    # every other sheet off: only the requirements sheet is looked at here
                    **{field: False for field in SECTION_FIELDS.values()},
                    "section_requirements": True,
                }
            )
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(book.sheetnames, ["Requirements"])
        rows = list(book["Requirements"].iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Requirements")
        self.assertEqual(rows[2][:5], ("Client", "Segment", "Aspect", "Requirement", "Importance"))
        self.assertEqual(rows[3][3], "Packed on pallets")  # importance 5 first
        self.assertEqual(rows[3][1], "Pipelines")
        self.assertEqual(rows[4][3], "Even deliveries")
        self.assertEqual(rows[4][9], "Not met")
        self.assertEqual(len([r for r in rows if r[0] == self.client.display_name]), 2)
        not_met = next(i for i, r in enumerate(rows) if r[0] == "Aspects most often not met")
        self.assertEqual(rows[not_met + 3][0], self.topic_packaging.display_name)
        self.assertEqual(rows[not_met + 3][1], 1)
