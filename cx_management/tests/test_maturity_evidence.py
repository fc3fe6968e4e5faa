from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CxCase

TODAY = "2026-06-30"


@tagged("at_install", "-post_install")
@freeze_time(TODAY)
class TestMaturityEvidence(CxCase):
    """The levels read from a small database built here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # Only the clients of this test have a salesperson.
        Partner.search([("is_company", "=", True), ("user_id", "!=", False)]).user_id = False
        cls.clients = Partner.create(
            [
                {"name": name, "is_company": True, "user_id": cls.salesman.id}
                for name in ("Sever Tube", "Ural Frames", "Kama Bridges", "Oka Rails")
            ]
        )
        cls.contacts = Partner.create(
            [{"name": f"Buyer of {c.name}", "parent_id": c.id} for c in cls.clients]
        )
        cls.today = fields.Date.to_date(TODAY)

    def _evidence(self):
        return self.company._cx_maturity_evidence()

    def _give(self, index, channel, days_ago=10, **values):
        return self._create_feedback(
            self.contacts[index],
            channel=channel,
            date=self.today - relativedelta(days=days_ago),
            **values,
        )

    def test_collection_levels(self):
        level, text = self._evidence()["collection"]
        self.assertEqual(level, 0)
        self.assertIn("0 of 4", text)
        self._give(0, "claim")
        self.assertEqual(self._evidence()["collection"][0], 0, "claims arrive by themselves")
        self._give(0, "survey")
        self.assertEqual(self._evidence()["collection"][0], 1)
        self._give(1, "meeting", user_id=self.salesman.id)
        level, text = self._evidence()["collection"]
        self.assertEqual(level, 2)
        self.assertIn("2 of 4 (50 %)", text)
        # Outside the window or in another company: not evidence.
        self._give(2, "interview", days_ago=400)
        self._give(3, "interview", company_id=self.company_b.id)
        self.assertEqual(self._evidence()["collection"][0], 2)
        self._give(2, "interview")
        self._give(3, "survey", days_ago=60)
        level, text = self._evidence()["collection"]
        self.assertEqual(level, 3)
        self.assertIn("4 of 4 (100 %)", text)
        # A one-month window loses the client heard two months ago: 3 of 4.
        self.company.cx_maturity_window = 1
        level, text = self._evidence()["collection"]
        self.assertEqual(level, 2)
        self.assertIn("3 of 4 (75 %)", text)

    def test_metrics_from_feedback(self):
        self.assertEqual(self._evidence()["metrics"][0], 0)
        self._give(0, "survey", nps_score=9, csi_score=False)
        self.assertEqual(self._evidence()["metrics"][0], 0, "no CSI yet")
        self._give(1, "survey", nps_score=0, csi_score=2)
        level, text = self._evidence()["metrics"]
        self.assertEqual(level, 1)
        self.assertIn("NPS: 2, with CSI: 1, of 4", text)
        self.assertIn("Needs metrics, not used yet.", text)
        # client weights count as satisfaction on the metrics key to each client
        self._give(2, "survey", nps_score=8, csi_score=3)
        for months_ago in (2, 4, 6):
            self._give(0, "survey", days_ago=30 * months_ago, nps_score=9, csi_score=4)
        self.assertEqual(self._evidence()["metrics"][0], 1, "no client weights yet")
        metric = self.env["cx.metric"].create({"name": "Short shipment", "code": "CX_SHORT"})
        self.env["cx.metric.weight"].create(
            {"partner_id": self.clients[0].id, "metric_id": metric.id, "weight": 5}
        )
        level, text = self._evidence()["metrics"]
        self.assertIn("Clients with their own metric weights: 1.", text)
        self.assertEqual(level, 2)
        self.clients[:2].write({"cx_annual_revenue": 1_000_000})
        self.assertEqual(self._evidence()["metrics"][0], 3)

    def test_parts_not_used_say_so(self):
        """No improvement action recorded yet: the dimensions that need them say so."""
        evidence = self._evidence()
        for dimension in ("analysis", "execution", "correction"):
            level, text = evidence[dimension]
            self.assertIsNone(level, dimension)
            self.assertEqual(text, "Needs improvement actions, not used yet.")
        self.company.invalidate_recordset()
        self.assertIs(self.company.cx_evidence_level, False)
        self.assertIs(self.company.cx_evidence_analysis, False)
        self.assertEqual(self.company.cx_evidence_collection, 0)
        self.assertIn("Needs improvement actions", self.company.cx_evidence_html)
        with self.assertRaisesRegex(UserError, "Finish a maturity assessment first"):
            self.company.with_context(cx_dimension="collection").action_cx_plan_maturity_step()

    def test_company_shows_latest_done_assessment(self):
        Assessment = self.env["cx.maturity.assessment"]
        self.assertFalse(self.company.cx_maturity_assessment_id)
        self.assertIs(self.company.cx_maturity_level, False)
        old, new, draft = Assessment.create(
            [{"date": "2025-01-10"}, {"date": "2026-03-10"}, {"date": "2026-06-01"}]
        )
        for assessment, level in ((old, 2), (new, 1), (draft, 3)):
            for answer in assessment.answer_ids:
                answer.answer = "yes" if answer.level <= level else "no"
        (old | new).action_done()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.cx_maturity_assessment_id, new)
        self.assertEqual(self.company.cx_maturity_level, 1)
        self.assertEqual(self.company.cx_maturity_metrics, 1)
        history = self.company.action_cx_maturity_history()
        self.assertEqual(history["res_model"], "cx.maturity.assessment")
        self.assertIn("graph", history["view_mode"])

    def test_overview(self):
        production, delivery = self.process_production, self.process_delivery
        for _i in range(3):
            self._give(
                0,
                "interview",
                csi_score=1,
                nps_score=3,
                process_id=production.id,
                stage_id=production.stage_id.id,
            )
        self._give(
            1,
            "survey",
            csi_score=2,
            nps_score=10,
            process_id=delivery.id,
            stage_id=delivery.stage_id.id,
        )
        self._give(1, "survey", csi_score=5, nps_score=9, days_ago=500)
        action = self.env["res.company"].with_user(self.cx_manager).action_cx_open_overview()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))
        overview = self.company.with_user(self.cx_manager)
        self.assertEqual(overview.cx_focus_process_ids.ids, [production.id, delivery.id])
        self.assertIn("CSI scores of the feedback", overview.cx_csi_distribution_html)
        # 1 promoter, 3 detractors of 4 answers in the window: NPS -50.
        self.assertIn("(NPS -50)", overview.cx_nps_distribution_html)
        feedback = self.env["cx.feedback"].search(
            overview.action_cx_view_window_feedback()["domain"]
        )
        self.assertEqual(len(feedback), 4)
        self.clients.write({"cx_nps": 0})
        self.company.invalidate_recordset()
        self.assertIn("Clients by account NPS", overview.cx_nps_distribution_html)
        bands = self.company._cx_client_bands(
            "cx_nps", (0, 50), ["|", ("cx_nps", ">", 0), ("cx_nps", "<=", 0)]
        )
        self.assertEqual(dict(bands)["0 - 50"], 4, "an account NPS of 0 is known")
        self.assertEqual(overview.cx_open_action_count, 0)
        self.assertEqual(overview.action_cx_view_open_actions()["res_model"], "cx.action")


@tagged("at_install", "-post_install")
class TestMaturityActionsEvidence(CxCase):
    """Improvement actions as evidence and maturity steps as actions (cx.action, once merged).

    Not frozen in time: the actions' creation date is the database's clock.
    """

    def _done_assessment(self):
        assessment = self.env["cx.maturity.assessment"].create({})
        assessment.answer_ids.answer = "no"
        assessment.action_done()
        return assessment

    def test_plan_next_step(self):
        self._done_assessment()
        company = self.env.company
        with self.assertRaises(UserError):
            company.action_cx_plan_maturity_step()
        action = company.with_context(cx_dimension="metrics").action_cx_plan_maturity_step()
        self.assertEqual(action["res_model"], "cx.action")
        record = self.env["cx.action"].with_context(**action["context"]).create({})
        self.assertEqual(record.origin, "maturity")
        self.assertFalse(record.partner_id)
        self.assertIn("1", record.name)

    def test_next_step_hidden_at_the_top_level(self):
        """Collection at level 3: nothing to plan there; the other dimensions (0) offer it."""
        assessment = self.env["cx.maturity.assessment"].create({})
        for answer in assessment.answer_ids:
            answer.answer = "yes" if answer.dimension == "collection" else "no"
        assessment.action_done()
        company = self.env.company
        self.assertEqual(company.cx_maturity_collection, 3)
        form = self.env.ref("base.view_company_form")
        arch = etree.fromstring(company.get_view(form.id, "form")["arch"])
        buttons = arch.xpath("//button[@name='action_cx_plan_maturity_step']")
        self.assertEqual(len(buttons), 5)
        for button in buttons:
            dimension = safe_eval(button.get("context"))["cx_dimension"]
            name = f"cx_maturity_{dimension}"
            hidden = safe_eval(button.get("invisible") or "False", {name: company[name]})
            self.assertEqual(hidden, dimension == "collection", dimension)

    def test_actions_evidence(self):
        today = fields.Date.context_today(self.env.user)
        done = self.env.ref("cx_management.cx_action_stage_done")
        feedback = self._create_feedback(self.economic, csi_score=2, date=today)
        Action = self.env["cx.action"]
        from_feedback, on_process, _internal = Action.create(
            [
                {
                    "name": "Certificates with the pipes",
                    "partner_id": self.client.id,
                    "feedback_ids": [(6, 0, feedback.ids)],
                    "date_deadline": today + relativedelta(days=5),
                    "portal_published": True,
                    "client_summary": "<p>Certificates travel with your pipes.</p>",
                },
                {
                    "name": "Faster claims",
                    "partner_id": self.other_client.id,
                    "process_id": self.process_delivery.id,
                    "date_deadline": today + relativedelta(days=5),
                },
                {
                    "name": "Internal review",
                    "date_deadline": today - relativedelta(days=5),
                },
            ]
        )
        (from_feedback | on_process).write({"stage_id": done.id})
        evidence = self.env.company._cx_maturity_evidence()
        # 2 of 3 actions linked to feedback or a process
        self.assertEqual(evidence["analysis"][0], 2)
        # 2 of 3 due done on time, 1 of 2 client actions published
        self.assertEqual(evidence["execution"][0], 2)
        # 2 done, 1 answering feedback, none measured
        self.assertEqual(evidence["correction"][0], 1)
        self.assertIn("Actions done: 2", evidence["correction"][1])
