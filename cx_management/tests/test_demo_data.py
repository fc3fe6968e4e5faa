import datetime
from collections import Counter

from odoo import fields
from odoo.tests import tagged

from ..demo import demo_data
from .common import CxCase

TODAY = datetime.date(2026, 3, 18)


@tagged("at_install", "-post_install")
class TestDemoData(CxCase):
    """The demo world: its shape as plain data, and the records the demo loader creates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = demo_data.generate(TODAY)

    def _ref(self, kind, code):
        return self.env.ref(f"cx_management.{kind}_{code}")

    def test_generator_deterministic(self):
        self.assertEqual(demo_data.generate(TODAY), self.data)
        shift = datetime.timedelta(days=30)
        later = demo_data.generate(TODAY + shift)
        self.assertEqual(
            [f["date"] for f in later["feedback"]],
            [f["date"] + shift for f in self.data["feedback"]],
        )
        self.assertNotEqual(demo_data.generate(TODAY, seed=1)["feedback"], self.data["feedback"])

    def test_generator_companies(self):
        companies = self.data["companies"]
        self.assertGreaterEqual(len(companies), 12)
        self.assertEqual(len({c["name"] for c in companies}), len(companies))
        self.assertGreaterEqual(
            {c["industry"] for c in companies},
            {"oil_gas", "construction", "machine_building", "energy"},
        )
        for company in companies:
            self.assertEqual(
                sorted(c["role"] for c in company["contacts"]),
                ["economic", "operator", "technical"],
                company["name"],
            )
            self.assertGreaterEqual(len(company["deals"]), 2, company["name"])
            self.assertIn(company["user"], ("admin", "demo"))
        names = [c["name"] for company in companies for c in company["contacts"]]
        self.assertEqual(len(set(names)), len(names))

    def test_generator_feedback_spread(self):
        feedback = self.data["feedback"]
        self.assertGreaterEqual(len(feedback), 400)
        oldest = TODAY - datetime.timedelta(days=365)
        for record in feedback:
            self.assertTrue(oldest < record["date"] <= TODAY, record)
            self.assertTrue(record["comment"].strip())
            self.assertNotIn("{", record["comment"])
        self.assertEqual({f["role"] for f in feedback}, set(demo_data.ROLES))
        self.assertEqual({f["stage"] for f in feedback}, {"awareness", "deal", "usage", "post"})
        self.assertGreaterEqual(len({f["channel"] for f in feedback}), 6)
        self.assertGreaterEqual(len({f["process"] for f in feedback}), 20)
        self.assertGreaterEqual(len({f["date"].month for f in feedback}), 12)
        self.assertTrue(any(f["value_elements"] for f in feedback))
        per_client = Counter(f["company"] for f in feedback)
        self.assertEqual(len(per_client), len(self.data["companies"]))

    def test_generator_topic_shape(self):
        """Topic counts ordered as in METHODOLOGY section 9, quality led by defects."""
        counts = demo_data.topic_counts(self.data["feedback"])
        order = ["praise", "complaint", "discipline", "deterioration", "quality", "service"]
        values = [counts.get(topic, 0) for topic in order]
        self.assertEqual(
            values, sorted(values, reverse=True), dict(zip(order, values, strict=True))
        )
        self.assertEqual(len(set(values)), len(values), "no ties between the top topics")
        quality_subs = {t: n for t, n in counts.items() if t.startswith("quality_")}
        self.assertEqual(sum(quality_subs.values()), counts["quality"])
        self.assertEqual(max(quality_subs, key=quality_subs.get), "quality_defects")

    def test_generator_scores_agree_with_topics(self):
        for record in self.data["feedback"]:
            csi, nps, topics = record["csi"], record["nps"], record["topics"]
            self.assertTrue(csi is not None or nps is not None, record)
            if "praise" in topics:
                self.assertTrue(csi is None or csi >= 4, record)
                self.assertTrue(nps is None or nps >= 7, record)
            elif topics:
                self.assertTrue(csi is None or csi <= 3, record)
                self.assertTrue(nps is None or nps <= 6, record)
            else:
                self.assertEqual(csi, 3, record)

    def test_generator_codes_match_reference_data(self):
        """Every process belongs to the feedback's stage; every code names a record."""
        feedback = self.data["feedback"]
        stages = {
            code: self._ref("cx_journey_stage", code) for code in {f["stage"] for f in feedback}
        }
        for record in feedback:
            process = self._ref("cx_process", record["process"])
            self.assertEqual(process.stage_id, stages[record["stage"]], record)
            for topic in record["topics"]:
                self._ref("cx_topic", topic)
            for element in record["value_elements"]:
                self._ref("cx_value_element", element)
        for topic in demo_data.TOPIC_QUOTAS:
            if topic != "neutral":
                self.assertTrue(self._ref("cx_topic", topic))
        complaint_topics = {t for f in feedback for t in f["topics"] if t != "praise"}
        for topic in complaint_topics:
            self.assertEqual(self._ref("cx_topic", topic).polarity, "complaint")

    def test_generate_demo_records(self):
        """The loader creates the world in bulk, fast, once."""
        Feedback = self.env["cx.feedback"]
        before = Feedback.search_count([])
        created = self.env["cx.demo"]._generate_feedback()

        companies = self.env["res.partner"].browse(
            self.env.ref(f"cx_management.res_partner_{key}_demo").id
            for key, *_rest in demo_data.COMPANIES
        )
        self.assertGreaterEqual(len(companies), 12)
        self.assertTrue(all(companies.mapped("is_company")))
        self.assertTrue(all(companies.mapped("industry_id")))
        oil_gas = self.env.ref("cx_management.res_partner_industry_oil_gas_demo")
        self.assertIn(oil_gas, companies.industry_id)
        roles = self.env["cx.contact.role"].search([("code", "in", demo_data.ROLES)])
        for company in companies:
            self.assertEqual(company.child_ids.cx_role_id, roles, company.name)
            self.assertGreaterEqual(
                self.env["crm.lead"].search_count([("partner_id", "=", company.id)]), 2
            )

        self.assertEqual(Feedback.search_count([]) - before, len(created))
        self.assertGreaterEqual(len(created), 400)
        self.assertEqual(created.commercial_partner_id, companies)
        self.assertEqual(created.role_id, roles)
        self.assertEqual(len(created.stage_id), 4)
        for feedback in created:
            self.assertEqual(feedback.process_id.stage_id, feedback.stage_id)
            self.assertEqual(feedback.role_id, feedback.partner_id.cx_role_id)
        today = fields.Date.context_today(Feedback)
        self.assertLessEqual(max(created.mapped("date")), today)
        self.assertGreater(min(created.mapped("date")), today - datetime.timedelta(days=366))
        polarity = Counter(created.mapped("polarity"))
        self.assertGreater(polarity["praise"], polarity["complaint"] / 2)
        self.assertTrue(created.filtered("lead_id"))
        by_count = dict(
            Feedback._read_group([("id", "in", created.ids)], ["topic_ids"], ["__count"])
        )
        praise = self.env.ref("cx_management.cx_topic_praise")
        complaint = self.env.ref("cx_management.cx_topic_complaint")
        quality = self.env.ref("cx_management.cx_topic_quality")
        self.assertGreater(by_count[praise], by_count[complaint])
        self.assertGreater(by_count[complaint], by_count[quality])

        self.assertEqual(self.env.ref("cx_management.cx_feedback_1_demo"), created[:1])
        self.assertFalse(self.env["cx.demo"]._generate_feedback(), "a second call creates nothing")
        revenue = dict(zip(companies, (c["annual_revenue"] for c in self.generated()), strict=True))
        for company in companies:
            self.assertEqual(company.cx_annual_revenue, revenue[company])
            self.assertGreater(company.cx_annual_revenue, 0)

    def generated(self):
        return demo_data.generate(fields.Date.context_today(self.env["cx.feedback"]))["companies"]

    def test_generator_actions(self):
        """Two actions per client at most, on processes the client complained about."""
        feedback = self.data["feedback"]
        actions = self.data["actions"]
        self.assertEqual(len({a["key"] for a in actions}), len(actions))
        self.assertEqual(set(demo_data.ACTION_STAGES), {a["stage"] for a in actions})
        for company in self.data["companies"]:
            own = [a for a in actions if a["company"] == company["key"]]
            self.assertLessEqual(len(own), 2)
            self.assertEqual(len({a["process"] for a in own}), len(own))
        for action in actions:
            self.assertTrue(action["feedback"])
            for index in action["feedback"]:
                record = feedback[index]
                self.assertEqual(record["company"], action["company"])
                self.assertEqual(record["process"], action["process"])
                self.assertNotIn(record["topics"], ([], ["praise"]))
            self.assertEqual(action["published"], action["stage"] != "new")
            if action["stage"] == "done":
                self.assertLessEqual(action["date_done"], TODAY - datetime.timedelta(days=100))
                self.assertLess(action["date_start"], action["date_done"])
            else:
                self.assertFalse(action["date_done"])
                self.assertGreater(action["date_deadline"], TODAY)
            # the work has started (and the 'before' values are kept) in progress and done only
            self.assertEqual(bool(action["date_start"]), action["stage"] in ("in_progress", "done"))

    def test_generate_demo_actions(self):
        """Actions in every stage with their complaints, the effect of the done ones measured,
        and a portal user who sees exactly its own client's published actions."""
        Action = self.env["cx.action"]
        Demo = self.env["cx.demo"]
        self.assertFalse(Demo._generate_actions(), "no demo client, nothing to do")
        Demo._generate_feedback()
        created = Demo._generate_actions()
        self.assertEqual(len(created), len(self.data["actions"]))
        done_stage = self.env.ref("cx_management.cx_action_stage_done")
        self.assertEqual(
            set(created.stage_id.mapped("name")),
            {"New", "Planned", "In progress", "Done"},
        )
        for action in created:
            self.assertTrue(action.feedback_ids)
            self.assertEqual(action.feedback_ids.commercial_partner_id, action.partner_id)
            self.assertEqual(action.feedback_ids.process_id, action.process_id)
            self.assertEqual(action.portal_published, action.stage_id.name != "New")
        done = created.filtered(lambda a: a.stage_id == done_stage)
        self.assertTrue(done)
        self.assertTrue(all(done.mapped("date_effect")), "the effect of done actions is measured")
        self.assertTrue(all(done.mapped("date_start")))
        planned = created.filtered(lambda a: a.stage_id.name in ("New", "Planned"))
        self.assertFalse(any(planned.mapped("date_start")))

        client = self.env.ref("cx_management.user_client_demo")
        self.assertTrue(client._is_portal())
        self.assertEqual(client.login, "client")
        company = client.partner_id.commercial_partner_id
        self.assertEqual(company, self.env.ref("cx_management.res_partner_yamal_gas_demo"))
        seen = Action.with_user(client).search([])
        self.assertTrue(seen)
        self.assertEqual(
            seen, created.filtered(lambda a: a.partner_id == company and a.portal_published)
        )
        self.assertFalse(Demo._generate_actions(), "a second call creates nothing")
