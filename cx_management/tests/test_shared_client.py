"""A client shared by two supplier companies: each company's figures from its own records.

The fixture's clients have no company (Odoo's default for a partner): both companies of the
fixture work with them. Every expected figure below is computed by hand from what each company
recorded, beside the test.
"""

import datetime
import importlib.util

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import CxCase

TODAY = "2026-11-15"
QUARTER_END = datetime.date(2026, 12, 31)
LOST = ("price", "payment_terms", "delivery_terms", "installation", "assortment")


class SharedClientCase(CxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one block (Lost opportunities) is enough for a CSI in these tests
        cls.env["ir.config_parameter"].sudo().set_param("cx_management.csi_min_blocks", "1")
        cls.Value = cls.env["cx.metric.value"]
        cls.Snapshot = cls.env["cx.csi.snapshot"]
        cls.lost_price = cls.env.ref("cx_management.cx_metric_lost_price")

    def _lead(self, company, outcome, reason="price"):
        lead = self._create_lead(self.technical, name=f"{outcome} {reason}", company_id=company.id)
        if outcome == "won":
            lead.action_set_won()
        else:
            lead.action_set_lost(
                lost_reason_id=self.env.ref(f"cx_management.cx_lost_reason_{reason}").id
            )
        return lead

    def _values(self, user):
        """{metric code: (raw value, weight)} of the client's lost-opportunity metrics (the
        feedback-based trigger metrics get values too) as the user reads them."""
        return {
            value.metric_id.code: (value.raw_value, value.weight)
            for value in self.Value.with_user(user).search(
                [("partner_id", "=", self.client.id), ("date", "=", QUARTER_END)]
            )
            if value.metric_id.code.startswith("lost_")
        }


@tagged("post_install", "-at_install")
class TestSharedClientCsi(SharedClientCase):
    """Metric values, weights, CSI and NPS of a shared client, per company."""

    @freeze_time(TODAY)
    def test_each_company_csi_from_its_own_operations(self):
        self.assertFalse(self.client.company_id, "the fixture's client is shared")
        # company 1: one deal lost on price, one won; company 2: one lost on price, three won
        self._lead(self.company, "lost")
        self._lead(self.company, "won")
        self._lead(self.company_b, "lost")
        for _i in range(3):
            self._lead(self.company_b, "won")
        # company 2 judges price less important for this client than the metric's default 4
        self.env["cx.metric.weight"].with_user(self.cx_manager_b).create(
            {"partner_id": self.client.id, "metric_id": self.lost_price.id, "weight": 2}
        )
        # NPS and interview CSI: one answer each
        self._create_feedback(self.technical, csi_score=5, nps_score=10)
        self._create_feedback(
            self.technical, csi_score=1, nps_score=0, company_id=self.company_b.id
        )
        self.Snapshot._compute_csi()
        self.env["res.partner"]._cx_refresh_all_nps()
        self.env.invalidate_all()

        # by hand, per company: the ratios of lost deals per reason over its closed deals
        #   company 1: price 1/2 = 0.5 at W 4 (default): score 1 - 0.5 * 4 = -1; the four other
        #     reasons 0/2 = 0: score 1; block = (-1 + 4) / 5 = 0.6; CSI = 1 + 4 * (0.6 + 1) / 2
        #     = 4.2. One promoter: NPS 100; interview CSI 5.
        #   company 2: price 1/4 = 0.25 at its own W 2: score 0.5; block = (0.5 + 4) / 5 = 0.9;
        #     CSI = 1 + 4 * 1.9 / 2 = 4.8. One detractor: NPS -100; interview CSI 1.
        # (mixed, as before the fix: price 2/6 for both companies and one CSI)
        others = {f"lost_{reason}": (0.0, None) for reason in LOST[1:]}
        expected = {
            self.cx_manager: ({"lost_price": (0.5, 4), **others}, 4.2, 100.0, 5.0),
            self.cx_manager_b: ({"lost_price": (0.25, 2), **others}, 4.8, -100.0, 1.0),
        }
        for user, (values, csi, nps, interview) in expected.items():
            with self.subTest(user=user.login):
                read = self._values(user)
                self.assertEqual(set(read), set(values), "only its own company's values")
                for code, (raw, weight) in values.items():
                    self.assertAlmostEqual(read[code][0], raw, places=9, msg=code)
                    if weight:
                        self.assertEqual(read[code][1], weight, code)
                snapshot = self.Snapshot.with_user(user).search(
                    [("partner_id", "=", self.client.id)]
                )
                self.assertEqual(len(snapshot), 1)
                self.assertEqual(snapshot.company_id, user.company_id)
                self.assertAlmostEqual(snapshot.csi, csi, places=9)
                self.assertEqual(snapshot.nps, nps)
                self.assertEqual(snapshot.csi_interview, interview)
                client = self.client.with_user(user)
                self.assertAlmostEqual(client.cx_csi, csi, places=9)
                self.assertEqual(client.cx_nps, nps)
                self.assertEqual(client.cx_csi_value_ids.company_id, user.company_id)
                weights = self.env["cx.metric.weight"].with_user(user).search([])
                self.assertEqual(len(weights), 1 if user == self.cx_manager_b else 0)
        value = self.Value.search(
            [("company_id", "=", self.company_b.id), ("metric_id", "=", self.lost_price.id)]
        )
        self.assertAlmostEqual(value.block_score, 0.9, places=9)
        self.assertTrue(value.is_top_detractor)

        # idempotent: a second run changes nothing; company 2's deal lost later changes only
        # company 2's value: price 2/5 = 0.4
        count = self.Value.search_count([])
        self.Snapshot._compute_csi()
        self.assertEqual(self.Value.search_count([]), count)
        self._lead(self.company_b, "lost")
        self.Snapshot._compute_csi()
        self.assertAlmostEqual(self._values(self.cx_manager_b)["lost_price"][0], 0.4)
        self.assertAlmostEqual(self._values(self.cx_manager)["lost_price"][0], 0.5)

    @freeze_time(TODAY)
    def test_manual_values_per_company(self):
        """A value typed in company 2 is company 2's: company 1's CSI and its unique key do
        not see it."""
        metric = self.lost_price
        self._create_metric_value(self.client, metric, 0.5)
        mine = self.Value.with_user(self.cx_manager_b).create(
            {"partner_id": self.technical.id, "metric_id": metric.id, "raw_value": 0.25}
        )
        self.assertEqual(mine.company_id, self.company_b, "the current company by default")
        self.assertEqual(mine.partner_id, self.client)
        self.Snapshot._compute_csi()
        csi = {
            s.company_id: round(s.csi, 9)
            for s in self.Snapshot.search([("partner_id", "=", self.client.id)])
        }
        # company 1: 1 - 0.5 * 4 = -1: CSI 1; company 2: 1 - 0.25 * 4 = 0: CSI 3
        self.assertEqual(csi, {self.company: 1.0, self.company_b: 3.0})
        with self.assertRaises(AccessError):
            mine.with_user(self.cx_manager).read(["raw_value"])
        # a company the user does not work in is refused, by name
        with self.assertRaisesRegex(ValidationError, "CX Steel East"):
            self.Value.with_user(self.cx_manager).create(
                {
                    "partner_id": self.client.id,
                    "metric_id": metric.id,
                    "raw_value": 0.1,
                    "company_id": self.company_b.id,
                    "date": "2026-06-30",
                }
            )
        with self.assertRaisesRegex(ValidationError, "CX Steel East"):
            self.env["cx.metric.weight"].with_user(self.cx_manager).create(
                {
                    "partner_id": self.client.id,
                    "metric_id": metric.id,
                    "weight": 1,
                    "company_id": self.company_b.id,
                }
            )

    def test_import_takes_the_company(self):
        """The import files values under the current company, or the one of the file's column
        when the user works in it; other companies are refused on their lines, all at once."""
        self.cx_manager.company_ids = self.company | self.company_b
        self.env["cx.metric"].create({"name": "Claims", "code": "claims_co"})
        Value = self.Value.with_user(self.cx_manager).with_context(import_file=True)
        fields_ = ["partner_id", "metric_id", "date", "raw_value", "company_id/.id"]
        rows = [
            ["Sibir Pipe Works", "claims_co", "2026-11-15", "0.2", ""],  # line 2
            ["Sibir Pipe Works", "claims_co", "2026-08-15", "0.3", str(self.company_b.id)],
            ["Volga Bridges", "claims_co", "2026-11-15", "0.4", str(self.company_b.id)],
            ["Volga Bridges", "claims_co", "2026-08-15", "0.5", str(self.company.id)],
        ]
        # working in company 1 only: lines 3 and 4 name company 2
        result = Value.with_context(allowed_company_ids=self.company.ids).load(fields_, rows)
        self.assertFalse(result["ids"])
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(
            sorted(e.split(":")[0] for e in errors), ["Line 3", "Line 4"], "each refused line"
        )
        self.assertTrue(all("CX Steel East" in e for e in errors), errors)
        self.assertFalse(self.Value.search([("metric_id.code", "=", "claims_co")]))
        # working in both: every line in, each under its company (line 2: the current one)
        both = Value.with_context(allowed_company_ids=(self.company | self.company_b).ids)
        result = both.load(fields_, rows)
        self.assertEqual(len(result["ids"]), 4, result["messages"])
        values = self.Value.browse(result["ids"])
        self.assertEqual(
            values.mapped("company_id"),
            self.company | self.company_b | self.company_b | self.company,
        )


@tagged("post_install", "-at_install")
class TestSharedClientAlerts(SharedClientCase):
    """Escalations go to the CX managers of the feedback's company only."""

    def test_escalation_to_the_feedback_company_managers(self):
        # no salesperson: the alert goes to a CX manager of the feedback's company first
        with freeze_time("2026-11-30 10:00:00"):
            ours = self._create_feedback(self.technical, csi_score=1, date="2026-11-30")
            theirs = self._create_feedback(
                self.technical, csi_score=1, date="2026-11-30", company_id=self.company_b.id
            )
        self.assertEqual((ours | theirs).mapped("alert_state"), ["open", "open"])
        Feedback = self.env["cx.feedback"]
        with freeze_time("2026-12-10 08:00:00"):
            Feedback._cron_escalate_alerts()
        Activity = self.env["mail.activity"]
        for feedback, manager, other in (
            (ours, self.cx_manager, self.cx_manager_b),
            (theirs, self.cx_manager_b, self.cx_manager),
        ):
            with self.subTest(company=feedback.company_id.name):
                self.assertEqual(feedback.alert_state, "escalated")
                users = Activity.search(
                    [("res_model", "=", "cx.feedback"), ("res_id", "=", feedback.id)]
                ).user_id
                self.assertIn(manager, users)
                self.assertNotIn(other, users, "not a manager of another company")
                self.assertTrue(
                    all(feedback.company_id in user.company_ids for user in users), users
                )


def _migration(name):
    """The module of a migration script of 18.0.1.1.0 (its file name has a dash)."""
    path = file_path(f"cx_management/migrations/18.0.1.1.0/{name}.py")
    spec = importlib.util.spec_from_file_location(f"cx_management_migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrationPerCompany(SharedClientCase):
    """The migration of 18.0.1.0.0 databases, on real records: the schema of the old version
    is rebuilt in the test's transaction, then the migration's functions run on it."""

    def test_companies_of_existing_values_and_weights(self):
        metric = self.lost_price
        by_manager_b = self.Value.with_user(self.cx_manager_b).create(
            {"partner_id": self.client.id, "metric_id": metric.id, "raw_value": 0.2}
        )
        by_root = self._create_metric_value(self.client, metric, 0.3, date="2026-06-30")
        self.other_client.company_id = self.company_b
        of_company_b = self._create_metric_value(self.other_client, metric, 0.4)
        weight = (
            self.env["cx.metric.weight"]
            .with_user(self.cx_manager)
            .create({"partner_id": self.client.id, "metric_id": metric.id, "weight": 2})
        )
        self.env.flush_all()
        cr = self.env.cr
        # 18.0.1.0.0 had no company on them
        for table in ("cx_metric_value", "cx_metric_weight"):
            cr.execute(f"ALTER TABLE {table} ALTER COLUMN company_id DROP NOT NULL")  # noqa: S608
            cr.execute(f"UPDATE {table} SET company_id = NULL")  # noqa: S608
        pre = _migration("pre-migrate")
        self.assertEqual(pre.fill_companies(cr, "cx_metric_value"), 3)
        self.assertEqual(pre.fill_companies(cr, "cx_metric_weight"), 1)
        self.env.invalidate_all()
        # a shared client's value: its creator's company (OdooBot's is the main company); a
        # client of one company: that company, whoever created the value
        self.assertEqual(by_manager_b.company_id, self.company_b)
        self.assertEqual(by_root.company_id, self.env.ref("base.main_company"))
        self.assertEqual(of_company_b.company_id, self.company_b)
        self.assertEqual(weight.company_id, self.cx_manager.company_id)
        self.assertEqual(pre.fill_companies(cr, "cx_metric_value"), 0, "run twice: nothing")

    def test_annual_revenue_becomes_per_company(self):
        self.other_client.company_id = self.company_b
        self.env.flush_all()
        cr = self.env.cr
        # 18.0.1.0.0 kept one figure per client
        cr.execute("ALTER TABLE res_partner RENAME COLUMN cx_annual_revenue TO cx_revenue_new")
        cr.execute("ALTER TABLE res_partner ADD COLUMN cx_annual_revenue numeric")
        cr.execute(
            "UPDATE res_partner SET cx_annual_revenue = CASE id WHEN %s THEN 1000 ELSE 500 END "
            "WHERE id IN %s",
            [self.client.id, (self.client.id, self.other_client.id)],
        )
        self.assertEqual(_migration("pre-migrate").revenue_per_company(cr), 2)
        cr.execute("ALTER TABLE res_partner DROP COLUMN cx_revenue_new")
        self.env.invalidate_all()
        # the shared client's figure was seen by every company: each keeps it; the client of
        # company 2 has it in company 2 only
        for company in self.env["res.company"].search([]):
            with self.subTest(company=company.name):
                self.assertEqual(self.client.with_company(company).cx_annual_revenue, 1000.0)
        self.assertEqual(self.other_client.with_company(self.company_b).cx_annual_revenue, 500.0)
        self.assertFalse(self.other_client.with_company(self.company).cx_annual_revenue)
        self.assertEqual(_migration("pre-migrate").revenue_per_company(cr), 0, "done once")

    @freeze_time(TODAY)
    def test_figures_recomputed_per_company(self):
        self._create_metric_value(self.client, self.lost_price, 0.5)
        self._create_feedback(self.technical, csi_score=5, nps_score=10)
        self.Snapshot._compute_csi()
        # what 18.0.1.0.0 left: a company-2 snapshot and NPS from company 1's figures
        mixed = self.Snapshot.create(
            {
                "partner_id": self.client.id,
                "company_id": self.company_b.id,
                "date": QUARTER_END,
                "csi": 1.0,
                "nps": 100.0,
            }
        )
        self.env["ir.config_parameter"].set_param(
            "cx_management.csi_cron_run", '{"date_to": "2026-12-31", "after": 99999999}'
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET cx_nps = %s, cx_csi = %s WHERE id = %s",
            [
                f'{{"{self.company.id}": 100, "{self.company_b.id}": 100}}',
                f'{{"{self.company.id}": 1, "{self.company_b.id}": 1}}',
                self.client.id,
            ],
        )
        self.env.invalidate_all()
        post = _migration("post-migrate")
        self.assertIn(self.client.id, post.recompute_per_company(self.env))
        self.assertFalse(mixed.exists(), "no value of company 2: its snapshot goes")
        client_b = self.client.with_company(self.company_b)
        self.assertFalse(client_b.cx_csi)
        self.assertFalse(client_b.cx_nps, "company 2 has no answer")
        self.assertEqual(self.client.with_company(self.company).cx_nps, 100.0)
        # company 1: X 0.5 at W 4: score -1, CSI 1 (recomputed from its snapshot)
        self.assertEqual(self.client.with_company(self.company).cx_csi, 1.0)
        self.assertFalse(self.env["ir.config_parameter"].get_param("cx_management.csi_cron_run"))
        snapshot = self._snapshot(self.company)
        self.assertLess(snapshot.write_date, datetime.datetime(2000, 1, 1), "marked stale")
        # the next cron run recomputes every period: the snapshot is written again
        self.Snapshot._cron_compute_csi()
        self.env.invalidate_all()
        self.assertGreater(snapshot.write_date, datetime.datetime(2000, 1, 1))
        self.assertEqual(snapshot.csi, 1.0)

    def test_general_mark_on_the_shipped_topics(self):
        topics = self.env.ref("cx_management.cx_topic_praise") | self.env.ref(
            "cx_management.cx_topic_complaint"
        )
        topics.is_polarity_mark = False  # as an 18.0.1.0.0 database has them
        self.assertEqual(_migration("post-migrate").mark_polarity_topics(self.env), topics)
        self.assertEqual(topics.mapped("is_polarity_mark"), [True, True])

    def _snapshot(self, company):
        return self.Snapshot.search(
            [("partner_id", "=", self.client.id), ("company_id", "=", company.id)]
        )
