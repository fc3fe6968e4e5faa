from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CxCase


class AnalysisCommon(CxCase):
    """Hand-checked feedback: topics, complaints on processes, NPS answers of one account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.topic_quality = ref("cx_management.cx_topic_quality")
        cls.topic_packaging = ref("cx_management.cx_topic_quality_packaging")
        cls.topic_discipline = ref("cx_management.cx_topic_discipline")
        cls.industry = cls.env["res.partner.industry"].create({"name": "Oil and gas"})
        cls.client.industry_id = cls.industry
        cls.role_economic.weight = 3
        cls.role_technical.weight = 2
        cls.role_operator.weight = 1
        day = date(2026, 3, 10)
        # 5 feedback with topics: 6 mentions, Quality 4 (Defects 2, Packaging 1, itself 1)
        cls.f1 = cls._create_feedback(
            cls.technical, csi_score=2, date=day, topic_ids=cls.topic_defects.ids
        )
        cls.f2 = cls._create_feedback(
            cls.other_economic,
            csi_score=1,
            date=day,
            topic_ids=(cls.topic_defects | cls.topic_packaging).ids,
        )
        cls.f3 = cls._create_feedback(
            cls.economic, csi_score=5, date=day, topic_ids=cls.topic_praise.ids
        )
        cls.f4 = cls._create_feedback(
            cls.operator,
            csi_score=3,
            date=date(2025, 6, 1),
            stage_id=cls.stage_post.id,
            process_id=cls.process_delivery.id,
            topic_ids=cls.topic_discipline.ids,
        )
        cls.f5 = cls._create_feedback(
            cls.technical, csi_score=4, date=day, topic_ids=cls.topic_quality.ids
        )
        # complaints without topics: one with no process, one on its own process
        cls.f6 = cls._create_feedback(cls.economic, csi_score=1, date=day)
        cls.process_claims = ref("cx_management.cx_process_claims")
        cls.f7 = cls._create_feedback(
            cls.economic,
            csi_score=2,
            date=day,
            stage_id=cls.stage_post.id,
            process_id=cls.process_claims.id,
        )
        # NPS answers: economic 10 and 6, technical 9, operator 8; other client 8
        cls.nps_answers = cls.env["cx.feedback"].create(
            [
                {"partner_id": cls.economic.id, "nps_score": 10, "date": day},
                {"partner_id": cls.economic.id, "nps_score": 6, "date": day},
                {"partner_id": cls.technical.id, "nps_score": 9, "date": day},
                {"partner_id": cls.operator.id, "nps_score": 8, "date": day},
                {"partner_id": cls.other_economic.id, "nps_score": 8, "date": day},
            ]
        )
        cls.user = cls.env["res.users"].browse(cls.salesman.id)


@tagged("post_install", "-at_install")
class TestAnalysis(AnalysisCommon):
    """Topic Pareto, problem processes, role x stage, NPS, elements of value, key drivers and
    revenue at risk on the hand-checked data."""

    # ------------------------------------------------------------
    # Topic Pareto
    # ------------------------------------------------------------

    def test_topic_pareto_rolls_up_sub_topics(self):
        rows = self.env["cx.topic.report"].get_pareto()
        main = [row for row in rows if row["level"] == 0]
        # complaint topics only: Quality (f1, f2, f5) and Discipline (f4); Praise is not a
        # problem. 3 + 1 = 4 feedback.
        self.assertEqual(
            [row["topic"] for row in main], [self.topic_quality, self.topic_discipline]
        )
        self.assertEqual(main[0]["mentions"], 3)
        self.assertAlmostEqual(main[0]["share"], 75.0)
        self.assertAlmostEqual(main[0]["cumulative_share"], 75.0)
        self.assertAlmostEqual(main[-1]["cumulative_share"], 100.0)
        # sub-topics right under their main topic: Defects f1, f2; Packaging f2; Quality
        # itself f5 -> 2 + 1 + 1 = 4, Defects 50 %
        subs = rows[1:4]
        self.assertEqual([row["level"] for row in subs], [1, 1, 1])
        self.assertEqual(subs[0]["topic"], self.topic_defects)
        self.assertEqual(subs[0]["mentions"], 2)
        self.assertAlmostEqual(subs[0]["share"], 50.0)
        self.assertAlmostEqual(subs[-1]["cumulative_share"], 100.0)
        # praise on its own
        praise = self.env["cx.topic.report"].get_pareto(polarity="praise")
        self.assertEqual(praise, [])  # f3 names only the general mark Praise

    def test_topic_pareto_counts_a_feedback_once_per_main_topic(self):
        """The issue's case: a feedback tagged Quality and a Quality sub-topic is one."""
        f8 = self._create_feedback(
            self.operator,
            csi_score=2,
            date=date(2026, 3, 10),
            topic_ids=(self.topic_quality | self.topic_defects).ids,
        )
        rows = self.env["cx.topic.report"].get_pareto()
        quality = rows[0]
        self.assertEqual(quality["topic"], self.topic_quality)
        # f1, f2, f5, f8: 4 feedback (counting each topic named gave 1 + 2 + 1 + 2 = 6)
        self.assertEqual(quality["mentions"], 4)
        self.assertEqual(quality["feedback"], {self.f1.id, self.f2.id, self.f5.id, f8.id})
        # 4 of 4 + 1 (Discipline) = 80 %
        self.assertAlmostEqual(quality["share"], 80.0)
        by_topic = {row["topic"]: row for row in rows if row["level"] == 1}
        # f8's Quality is implied by its Defects: Defects f1, f2, f8; Quality itself only f5
        self.assertEqual(by_topic[self.topic_defects]["mentions"], 3)
        self.assertEqual(by_topic[self.topic_quality]["mentions"], 1)
        # the pivot counts different feedback too
        Report = self.env["cx.topic.report"]
        groups = Report.read_group(
            [("topic_polarity", "=", "complaint")], ["mentions"], ["root_topic_id"]
        )
        by_root = {group["root_topic_id"][0]: group["mentions"] for group in groups}
        self.assertEqual(by_root, {self.topic_quality.id: 4, self.topic_discipline.id: 1})

    def test_topic_pareto_general_marks(self):
        """Complaint and Praise only say the polarity: never ranked; their sub-topics are."""
        complaint = self.env.ref("cx_management.cx_topic_complaint")
        service = self.env.ref("cx_management.cx_topic_service")
        fast = self.env["cx.topic"].create(
            {"name": "Fast answers", "parent_id": self.topic_praise.id, "polarity": "praise"}
        )
        day = date(2026, 3, 10)
        self._create_feedback(self.economic, csi_score=1, date=day, topic_ids=complaint.ids)
        self._create_feedback(
            self.economic, csi_score=1, date=day, topic_ids=(complaint | service).ids
        )
        self._create_feedback(
            self.economic, csi_score=5, date=day, topic_ids=(self.topic_praise | fast).ids
        )
        Report = self.env["cx.topic.report"]
        main = [row["topic"] for row in Report.get_pareto() if row["level"] == 0]
        self.assertEqual(main, [self.topic_quality, self.topic_discipline, service])
        self.assertNotIn(complaint, main)
        praise = Report.get_pareto(polarity="praise")
        self.assertEqual([(row["topic"], row["mentions"]) for row in praise], [(fast, 1)])
        bars = Report.get_pareto_chart([("topic_polarity", "=", "complaint")])
        self.assertEqual([bar["topic_id"] for bar in bars], [row.id for row in main])
        self.assertEqual([bar["mentions"] for bar in bars], [3, 1, 1])
        # a bar opens the feedback behind it
        action = Report.with_user(self.user).action_view_pareto_feedback(
            [("topic_polarity", "=", "complaint")], self.topic_quality.id
        )
        self.assertEqual(
            set(self.env["cx.feedback"].search(action["domain"]).ids),
            {self.f1.id, self.f2.id, self.f5.id},
        )

    def test_topic_list_shares_follow_filters(self):
        Report = self.env["cx.topic.report"].with_user(self.user)
        fields = ["mentions:count_distinct", "share:sum", "cumulative_share:sum"]
        complaints = [("topic_polarity", "=", "complaint")]
        groups = Report.web_read_group(
            complaints, fields, ["root_topic_id"], orderby="mentions desc"
        )
        by_topic = {group["root_topic_id"][0]: group for group in groups["groups"]}
        self.assertAlmostEqual(by_topic[self.topic_quality.id]["share"], 75.0)
        self.assertAlmostEqual(groups["groups"][-1]["cumulative_share"], 100.0)
        # only the technical buyer: f1 (Defects) and f5 (Quality itself) -> Quality is 100 %
        groups = Report.web_read_group(
            [("role_id", "=", self.role_technical.id)], fields, ["root_topic_id"]
        )["groups"]
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["mentions"], 2)
        self.assertAlmostEqual(groups[0]["share"], 100.0)
        # period: March 2026 leaves out the Discipline complaint of 2025
        groups = Report.web_read_group(
            complaints + [("date", ">=", "2026-03-01"), ("date", "<=", "2026-03-31")],
            fields,
            ["root_topic_id"],
            orderby="mentions desc",
        )["groups"]
        self.assertEqual(len(groups), 1)
        self.assertAlmostEqual(groups[0]["share"], 100.0)
        # segment and client (rows: one per topic named; the general mark Praise has none)
        self.assertEqual(Report.search_count([("industry_id", "=", self.industry.id)]), 3)
        self.assertEqual(
            Report.search_count([("commercial_partner_id", "=", self.other_client.id)]), 2
        )

    def test_overview_focus_processes_are_the_ranking(self):
        """The CX overview's focus processes are those of Problem Processes: complaints reach
        a process through their topics too (f1 and f2 reach Production through Defects)."""
        ranking = self.env["cx.process.report"].get_ranking()
        self.assertEqual(ranking[0]["process"], self.process_production)
        company = self.env.company.with_user(self.cx_manager)
        with freeze_time("2026-04-01"):
            company.invalidate_recordset()
            focus = company.with_context(cx_maturity_date="2026-04-01").cx_focus_process_ids
        self.assertIn(self.process_production, focus)

    # ------------------------------------------------------------
    # Problem processes
    # ------------------------------------------------------------

    def test_process_ranking(self):
        Report = self.env["cx.process.report"].with_user(self.user)
        rows = Report.get_ranking()
        production = rows[0]
        self.assertEqual(production["process"], self.process_production)
        self.assertEqual(production["mentions"], 2)  # f1 and f2 through Defects
        # 7 complaints (f1, f2, f4, f5, f6, f7 and the NPS answer 6, a detractor) point 6 times
        # at a process: Production f1 f2, Internal logistics f2 (Packaging), Delivery f4,
        # Claims f7, Quality improvement f5 (f6 and the NPS answer reach none); counted as the
        # Pareto counts, Production is 2 of the 6
        self.assertAlmostEqual(production["share"], 100 * 2 / 6)
        self.assertAlmostEqual(sum(row["share"] for row in rows), 100.0)
        self.assertAlmostEqual(production["csi"], 1.5)
        self.assertEqual(production["clients"], 2)
        self.assertTrue(production["focus"])
        by_process = {row["process"]: row for row in rows}
        # f4 names Delivery twice (own process and Discipline's): one complaint
        self.assertEqual(by_process[self.process_delivery]["mentions"], 1)
        self.assertEqual(by_process[self.process_claims]["mentions"], 1)
        # Quality's own process reached through f5
        quality_process = self.env.ref("cx_management.cx_process_quality_improvement")
        self.assertEqual(by_process[quality_process]["mentions"], 1)
        self.assertEqual([row["focus"] for row in rows], [True] * 3 + [False] * (len(rows) - 3))
        self.assertEqual(len(rows), 5)
        # the manager points Packaging at claims handling: f2 now also counts there
        self.topic_packaging.with_user(self.cx_manager).process_id = self.process_claims
        by_process = {row["process"]: row for row in Report.get_ranking()}
        self.assertEqual(by_process[self.process_claims]["mentions"], 2)
        self.assertNotIn(self.env.ref("cx_management.cx_process_internal_logistics"), by_process)

    def test_process_list_groups(self):
        Report = self.env["cx.process.report"].with_user(self.user)
        groups = Report.web_read_group(
            [],
            ["mentions:sum", "share:sum", "rank:max", "csi_score:avg"],
            ["process_id"],
            orderby="mentions desc",
        )["groups"]
        # production ties with the complaints without a process (2 each): rank it among processes
        first = next(group for group in groups if group["process_id"])
        self.assertEqual(first["process_id"][0], self.process_production.id)
        self.assertEqual(first["rank"], 1)
        self.assertIn(self.process_production.name, first["process_id"][1])
        no_process = [group for group in groups if not group["process_id"]]
        self.assertEqual(no_process[0]["mentions"], 2)  # f6 and the NPS answer 6
        self.assertFalse(no_process[0]["rank"])

    def test_process_shares_count_as_the_pareto(self):
        """Problem Processes counts as the topic Pareto: one complaint once per process it
        points at, shares of the processes' complaints adding up to 100, the complaints
        reaching no process without a share (hand count in test_process_ranking: 2, 1, 1, 1, 1
        of 6); the Pareto of complaint topics on the same feedback: Quality 3 (f1, f2, f5,
        f2 once though it names two sub-topics), Discipline 1 (f4), of 4."""
        Report = self.env["cx.process.report"].with_user(self.user)
        groups = Report.web_read_group(
            [], ["mentions:sum", "share:sum"], ["process_id"], orderby="mentions desc"
        )["groups"]
        shares = {g["process_id"][0] if g["process_id"] else False: g["share"] for g in groups}
        self.assertAlmostEqual(shares[self.process_production.id], 100 * 2 / 6)
        self.assertAlmostEqual(shares[self.process_delivery.id], 100 / 6)
        self.assertEqual(shares[False], 0.0, "no process, no share")
        self.assertAlmostEqual(sum(shares.values()), 100.0)
        # the default filter "With a process": the same figures
        with_process = Report.web_read_group(
            [("process_id", "!=", False)], ["mentions:sum", "share:sum"], ["process_id"]
        )["groups"]
        self.assertEqual(
            {g["process_id"][0]: round(g["share"], 6) for g in with_process},
            {key: round(share, 6) for key, share in shares.items() if key},
        )
        # the Pareto: a feedback once per main topic, shares of the main topics' counts
        pareto = self.env["cx.topic.report"].get_pareto()
        main = {row["topic"]: row for row in pareto if row["level"] == 0}
        self.assertEqual(main[self.topic_quality]["mentions"], 3)
        self.assertAlmostEqual(main[self.topic_quality]["share"], 75.0)
        self.assertAlmostEqual(sum(row["share"] for row in main.values()), 100.0)
        # grouped otherwise, the shares are of the groups listed (the Pareto's rule)
        by_role = Report.web_read_group(
            [("process_id", "!=", False)], ["mentions:sum", "share:sum"], ["role_id"]
        )["groups"]
        self.assertAlmostEqual(sum(g["share"] for g in by_role), 100.0)

    def test_process_detail_rows(self):
        """Opened, a process shows its complaints: one client each, the process's place and
        each row's share of the 6 complaint-process rows (summing to the process's share)."""
        Report = self.env["cx.process.report"].with_user(self.user)
        rows = Report.search_read(
            [("process_id", "=", self.process_production.id)],
            ["feedback_id", "client_count", "rank", "share"],
        )
        self.assertEqual({row["feedback_id"][0] for row in rows}, {self.f1.id, self.f2.id})
        for row in rows:
            self.assertEqual(row["client_count"], 1)
            self.assertEqual(row["rank"], 1)
            self.assertAlmostEqual(row["share"], 100 / 6)
        # the group: 2 clients (Sibir's technical buyer, Volga's economic buyer), 2/7
        groups = Report.web_read_group(
            [], ["client_count:sum", "share:sum", "rank:max", "mentions:sum"], ["process_id"]
        )["groups"]
        [group] = [
            g
            for g in groups
            if g["process_id"] and g["process_id"][0] == self.process_production.id
        ]
        self.assertEqual(group["client_count"], 2)
        self.assertAlmostEqual(group["share"], 100 * 2 / 6)
        # a process of one complaint ranks after production; no process, no place
        claims = Report.search_read([("process_id", "=", self.process_claims.id)], ["rank"])
        self.assertGreater(claims[0]["rank"], 1)
        self.assertFalse(Report.search_read([("process_id", "=", False)], ["rank"])[0]["rank"])
        # the NPS answer 6 is a complaint without a CSI: its row shows none, not 0.00
        [nps_only] = Report.search_read(
            [("feedback_id", "=", self.nps_answers[1].id)], ["csi_score", "share"]
        )
        self.assertIs(nps_only["csi_score"], False)
        self.assertEqual(nps_only["share"], 0.0, "no process, no share")
        [(clients,)] = Report._read_group([], aggregates=["client_count:sum"])
        self.assertEqual(clients, 2)

    def test_process_buttons(self):
        action = self.process_production.with_user(self.user).action_view_cx_complaints()
        self.assertEqual(
            set(self.env["cx.feedback"].search(action["domain"]).ids), {self.f1.id, self.f2.id}
        )
        watching = self.env["cx.metric"].create(
            {
                "name": "Rejects found at acceptance",
                "code": "T_REJECTS",
                "process_id": self.process_production.id,
            }
        )
        elsewhere = self.env["cx.metric"].create(
            {"name": "Late answers", "code": "T_LATE", "process_id": self.process_delivery.id}
        )
        action = self.process_production.with_user(self.user).action_view_cx_metrics()
        self.assertEqual(action["res_model"], "cx.metric")
        found = self.env["cx.metric"].search(action["domain"])
        self.assertIn(watching, found)
        self.assertNotIn(elsewhere, found)
        self.assertEqual(found.process_id, self.process_production)
        # Plan action (CX managers only): the form opens with its defaults, as the web client
        # loads it, and saves an action of origin "Process analysis" on the process
        manager = self.cx_manager
        action = self.process_production.with_user(manager).action_plan_cx_action()
        self.assertEqual(action["res_model"], "cx.action")
        form = Form(self.env["cx.action"].with_user(manager).with_context(**action["context"]))
        self.assertEqual(form.process_id, self.process_production)
        form.name = "Check the coating line before shipment"
        planned = form.save()
        self.assertEqual(planned.origin, "process")
        self.assertEqual(planned.process_id, self.process_production)
        labels = dict(self.env["cx.action"]._fields["origin"]._description_selection(self.env))
        self.assertEqual(labels[planned.origin], "Process analysis")

    # ------------------------------------------------------------
    # Role x stage, NPS
    # ------------------------------------------------------------

    def test_role_stage_grid(self):
        self._create_feedback(self.operator, csi_score=4, stage_id=self.stage_usage.id)
        self._create_feedback(self.operator, csi_score=2, stage_id=self.stage_usage.id)
        html = str(self.client.with_user(self.user).cx_role_stage_html)
        self.assertIn("3.0 (2)", html)
        self.assertIn(self.stage_usage.name, html)
        self.assertIn(self.role_operator.name, html)
        self.assertFalse(self.economic.cx_role_stage_html)

    def test_feedback_averages_keep_decimals_and_nps_is_nps(self):
        Feedback = self.env["cx.feedback"].with_user(self.user)
        described = Feedback.fields_get(
            ["csi_score", "nps_score", "csi_average", "nps"], ["type", "aggregator", "digits"]
        )
        # the whole-number answers are no measures; their averages are floats of 2 decimals
        self.assertFalse(described["csi_score"].get("aggregator"))
        self.assertFalse(described["nps_score"].get("aggregator"))
        self.assertEqual(described["csi_average"]["type"], "float")
        self.assertEqual(described["csi_average"]["aggregator"], "avg")
        self.assertEqual(tuple(described["csi_average"]["digits"]), (16, 2))
        self.assertEqual(described["nps"]["type"], "float")
        # the economic buyer: CSI 5, 1 and 2 -> 8 / 3 = 2.67, not 3; NPS answers 10 and 6: one
        # promoter and one detractor of two -> NPS 0 (their average score, 8, is no NPS)
        [group] = Feedback.web_read_group(
            [("partner_id", "=", self.economic.id)], ["csi_average:avg", "nps:avg"], ["partner_id"]
        )["groups"]
        self.assertAlmostEqual(group["csi_average"], 8 / 3)
        self.assertAlmostEqual(group["nps"], 0.0)
        # the client: 10, 6, 9 and 8 -> (2 promoters - 1 detractor) / 4 = 25
        [group] = Feedback.web_read_group(
            [("commercial_partner_id", "=", self.client.id)], ["nps:avg"], ["commercial_partner_id"]
        )["groups"]
        self.assertAlmostEqual(group["nps"], 25.0)

    def test_averaged_measures_of_every_pivot_are_floats(self):
        """Every measure an analysis view averages is a float: an integer average is shown
        rounded to a whole number."""
        views = self.env["ir.ui.view"].search(
            [("type", "in", ("pivot", "graph")), ("model", "=like", "cx.%")]
        )
        self.assertTrue(views)
        for view in views:
            Model = self.env[view.model]
            measures = etree.fromstring(Model.get_view(view.id)["arch"]).xpath(
                "//field[@type='measure']/@name"
            )
            for name, description in Model.fields_get(measures, ["type", "aggregator"]).items():
                if description.get("aggregator") == "avg":
                    with self.subTest(view=view.name, measure=name):
                        self.assertIn(description["type"], ("float", "monetary"))

    def test_account_nps_three_ways(self):
        config = self.env["ir.config_parameter"].sudo()
        clients = self.client | self.other_client
        # economic (weight 3) 10 and 6, technical (2) 9, operator (1) 8:
        # all: promoters 10, 9, detractor 6 of 4 answers: 100 * (2 - 1) / 4 = 25
        # contact: economic averages 8 (passive), technical promoter, operator passive: 100 / 3
        # role: promoters 3 + 2, detractors 3, total weight 3 + 3 + 2 + 1: 100 * 2 / 9
        expected = {"all": 25.0, "contact": 100 / 3, "role": 100 * 2 / 9}
        for way, value in expected.items():
            config.set_param("cx_management.nps_way", way)
            clients._cx_compute_nps(date_to=date(2026, 6, 30))
            self.assertAlmostEqual(self.client.cx_nps, value, msg=way)
            self.assertAlmostEqual(self.other_client.cx_nps, 0.0, msg=way)
        # a year later nobody answered: unknown, not 0
        clients._cx_compute_nps(date_to=date(2027, 6, 30))
        self.assertIs(self.client.cx_nps, False)

    @freeze_time("2026-06-30")
    def test_settings_recompute_nps(self):
        self.env["res.partner"]._cx_refresh_all_nps()
        self.assertAlmostEqual(self.client.cx_nps, 25.0)
        settings = self.env["res.config.settings"].create({"cx_nps_way": "role"})
        settings.execute()
        self.assertEqual(self.env["res.partner"]._cx_nps_way(), "role")
        # recomputed in the new way: promoters 3 + 2, detractors 3, total weight 9 (see above)
        self.assertAlmostEqual(self.client.cx_nps, 100 * 2 / 9)

    def test_nps_report(self):
        Report = self.env["cx.nps.report"].with_user(self.user)
        [(nps, promoters, passives, detractors, answers)] = Report._read_group(
            [("commercial_partner_id", "=", self.client.id)],
            aggregates=[
                "nps:avg",
                "promoter_share:avg",
                "passive_share:avg",
                "detractor_share:avg",
                "answers:sum",
            ],
        )
        self.assertAlmostEqual(nps, 25.0)
        self.assertAlmostEqual(promoters, 50.0)
        self.assertAlmostEqual(passives, 25.0)
        self.assertAlmostEqual(detractors, 25.0)
        self.assertEqual(answers, 4)
        by_role = dict(Report._read_group([], ["role_id"], ["nps:avg"]))
        self.assertAlmostEqual(by_role[self.role_economic], 0.0)  # 10 and 6
        self.assertAlmostEqual(by_role[self.role_technical], 100.0)

    # ------------------------------------------------------------
    # Access
    # ------------------------------------------------------------

    def test_access(self):
        self.f3.value_element_ids = self.env.ref("cx_management.cx_value_element_acceptable_price")
        for model in ("cx.topic.report", "cx.process.report", "cx.nps.report", "cx.value.report"):
            self.assertTrue(self.env[model].with_user(self.user).search_count([]))
            self.assertTrue(self.env[model].with_user(self.cx_manager).search_count([]))
            for refused in (self.employee, self.portal_user):
                with self.assertRaises(AccessError, msg=f"{model} {refused.login}"):
                    self.env[model].with_user(refused).search_count([])

    # ------------------------------------------------------------
    # Elements of value
    # ------------------------------------------------------------

    def test_value_elements(self):
        ref = self.env.ref
        specs = ref("cx_management.cx_value_element_meeting_specifications")
        price = ref("cx_management.cx_value_element_acceptable_price")
        compliance = ref("cx_management.cx_value_element_regulatory_compliance")
        for feedback in self.f1 | self.f2 | self.f6:  # three complaints, CSI 2, 1, 1
            feedback.value_element_ids = specs
        self.f3.value_element_ids = price  # praise, CSI 5
        elements = (specs | price | compliance).with_user(self.user)
        self.assertEqual(elements.mapped("cx_feedback_count"), [3, 1, 0])
        self.assertEqual(elements.mapped("cx_complaint_count"), [3, 0, 0])
        self.assertAlmostEqual(elements[0].cx_avg_csi, 4 / 3, places=2)
        self.assertEqual(elements.mapped("cx_neglected"), [True, False, True])
        rows, levels = self.env["cx.value.element"].get_value_analysis()
        self.assertEqual(len(rows), 40)
        table_stakes = levels[0]
        self.assertEqual(table_stakes["feedback"], 4)
        self.assertEqual(table_stakes["complaints"], 3)
        self.assertAlmostEqual(table_stakes["csi"], (2 + 1 + 1 + 5) / 4)
        [(csi, complaints)] = (
            self.env["cx.value.report"]
            .with_user(self.user)
            ._read_group(
                [("level", "=", "table_stakes")], aggregates=["csi_score:avg", "complaints:sum"]
            )
        )
        self.assertAlmostEqual(csi, 9 / 4)
        self.assertEqual(complaints, 3)

    # ------------------------------------------------------------
    # Key drivers, revenue at risk
    # ------------------------------------------------------------

    def test_key_drivers(self):
        Partner = self.env["res.partner"]
        day = date(2024, 1, 10)
        # usage CSI 1..4 against NPS answers 0, 7, 9, 10 -> account NPS -100, 0, 100, 100
        for index, (csi, score) in enumerate([(1, 0), (2, 7), (3, 9), (4, 10)]):
            client = Partner.create({"name": f"Driver client {index}", "is_company": True})
            contact = Partner.create({"name": f"Driver contact {index}", "parent_id": client.id})
            self._create_feedback(contact, csi_score=csi, stage_id=self.stage_usage.id, date=day)
            self._create_feedback(contact, csi_score=False, nps_score=score, date=day)
        analysis = (
            self.env["cx.driver.analysis"]
            .with_user(self.user)
            .create({"date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)})
        )
        analysis.action_compute()
        self.assertEqual(analysis.display_name, "Key Drivers", "the breadcrumb, not a record id")
        self.assertEqual(analysis.client_count, 4)
        [line] = analysis.line_ids
        self.assertEqual(line.name, self.stage_usage.name)
        self.assertEqual(line.sample, 4)
        # by hand: sum dx*dy = 350, sum dx^2 = 5, sum dy^2 = 27500
        self.assertAlmostEqual(line.correlation, 350 / (5 * 27500) ** 0.5, places=2)
        self.assertFalse(line.trusted)
        self.assertIn("20", analysis.note)
        # a period without data: an explanation, no line
        empty = self.env["cx.driver.analysis"].create(
            {"date_from": date(2020, 1, 1), "date_to": date(2020, 2, 1)}
        )
        empty.action_compute()
        self.assertFalse(empty.line_ids)
        self.assertTrue(empty.note)
        with self.assertRaises(UserError):
            self.env["cx.driver.analysis"].create(
                {"date_from": date(2024, 2, 1), "date_to": date(2024, 1, 1)}
            ).action_compute()

    @freeze_time("2026-06-30")
    def test_cron_refresh_one_batch_per_call(self):
        """Called again and again as the runner calls it, the NPS cron refreshes every client
        once, as the full refresh does, and a second run changes nothing."""
        self.client.cx_annual_revenue = 1_000_000
        self.other_client.cx_annual_revenue = 500_000
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("cx_management.nps_way", "all")
        Partner = self.env["res.partner"]
        clients = self.client | self.other_client
        ids = Partner._cx_nps_client_ids()
        self.assertLessEqual(set(clients.ids), set(ids))
        cron = self.env.ref("cx_management.ir_cron_cx_compute_nps")

        def run():
            calls = 0
            while True:
                self.assertLess(calls, len(ids), "the run must end")
                _cron, progress = cron._add_progress()
                Partner.with_context(ir_cron_progress_id=progress.id)._cron_compute_cx_nps(
                    batch_size=1
                )
                calls += 1
                self.assertEqual(progress.done, 1)
                if not progress.remaining:
                    self.assertFalse(params.get_param("cx_management.nps_cron_run"))
                    return calls

        def state():
            return [(p.cx_nps, p.cx_churn_probability, p.cx_revenue_at_risk) for p in clients]

        self.assertEqual(run(), len(ids))
        self.assertAlmostEqual(self.client.cx_nps, 25.0)
        # the annual revenue is the cron's too (typed here, from the orders with Sales)
        for client, probability in ((self.client, 0.1), (self.other_client, 0.4)):
            self.assertAlmostEqual(client.cx_churn_probability, probability)
            self.assertAlmostEqual(
                client.cx_revenue_at_risk, client.cx_annual_revenue * probability
            )
        after_cron = state()
        Partner._cx_refresh_all_nps()
        self.assertEqual(state(), after_cron, "the same as the full refresh")
        self.assertEqual(run(), len(ids))
        self.assertEqual(state(), after_cron)

    def test_revenue_at_risk(self):
        self.client.cx_annual_revenue = 1_000_000
        self.other_client.cx_annual_revenue = 500_000
        self.env["ir.config_parameter"].sudo().set_param("cx_management.nps_way", "all")
        (self.client | self.other_client)._cx_refresh_analysis(date_to=date(2026, 6, 30))
        # client: CSI (2 + 5 + 4 + 1 + 2) / 5 = 2.8 (the 2025 feedback is older than a year),
        # NPS 25 -> band "Watch", 10 %
        self.assertAlmostEqual(self.client.cx_churn_probability, 0.1)
        self.assertAlmostEqual(self.client.cx_revenue_at_risk, 100_000)
        # other client: CSI 1 -> "Critical", 40 %
        self.assertAlmostEqual(self.other_client.cx_churn_probability, 0.4)
        self.assertAlmostEqual(self.other_client.cx_revenue_at_risk, 200_000)
        # a band edited by the manager moves the figure at the next refresh
        self.env.ref("cx_management.cx_churn_band_watch").with_user(
            self.cx_manager
        ).probability = 0.2
        self.client._cx_refresh_analysis(date_to=date(2026, 6, 30))
        self.assertAlmostEqual(self.client.cx_revenue_at_risk, 200_000)
        with self.assertRaises(AccessError):
            self.env.ref("cx_management.cx_churn_band_watch").with_user(self.user).probability = 0.3
        # no answers a year later: unknown probability, nothing at risk
        self.client._cx_refresh_analysis(date_to=date(2028, 1, 1))
        self.assertIs(self.client.cx_churn_probability, False)
        self.assertEqual(self.client.cx_revenue_at_risk, 0)
