from contextlib import contextmanager

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestRefusedBeforeTheDatabase(CxCase):
    """A save the SQL constraints would refuse is refused first by Python (issue #12 item 10).

    Each refused input below raises a clear ValidationError, writes nothing and logs no
    `ERROR odoo.sql_db: bad query` (which the database's refusal would): the SQL constraints
    stay the last guard only. Without `cx.sql.guard`, every case logs one.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.lost_price = ref("cx_management.cx_metric_lost_price")
        cls.lead_time = ref("cx_management.cx_metric_complete_lead_time")
        cls.value = cls._create_metric_value(cls.client, cls.lost_price, 0.2, date="2026-09-30")
        cls.value_q4 = cls._create_metric_value(cls.client, cls.lost_price, 0.3, date="2026-12-31")
        cls.weight = cls.env["cx.metric.weight"].create(
            {"partner_id": cls.client.id, "metric_id": cls.lead_time.id, "weight": 3}
        )
        cls.requirement = cls.env["cx.requirement"].create(
            {
                "partner_id": cls.client.id,
                "name": "Caps on both pipe ends",
                "topic_id": cls.topic_defects.id,
                "importance": 4,
            }
        )

    @contextmanager
    def assertRefused(self, *messages):
        """Refused with a ValidationError naming each message, no SQL error logged."""
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
                yield
        for message in messages:
            self.assertIn(message, caught.exception.args[0])

    def test_metric_values(self):
        Value = self.env["cx.metric.value"]
        with self.assertRefused("one value per metric, period and company"):
            self._create_metric_value(self.client, self.lost_price, 0.4, date="2026-09-30")
        with self.assertRefused("one value per metric, period and company"):
            # two new values of one period in one save: they clash with each other
            Value.create(
                [
                    {
                        "partner_id": self.other_client.id,
                        "metric_id": self.lost_price.id,
                        "raw_value": 0.1,
                        "date": "2026-09-30",
                    },
                    {
                        "partner_id": self.other_client.id,
                        "metric_id": self.lost_price.id,
                        "raw_value": 0.2,
                        "date": "2026-09-30",
                    },
                ]
            )
        with self.assertRefused("one value per metric, period and company"):
            self.value_q4.date = "2026-09-30"
        with self.assertRefused("required"):
            Value.create({"metric_id": self.lost_price.id, "raw_value": 0.2})
        with self.assertRefused("between 1 and 5"):
            self.value.with_user(self.cx_manager).weight = 0
        self.assertEqual(self.value_q4.date.isoformat(), "2026-12-31")
        self.assertEqual(Value.search_count([("partner_id", "=", self.other_client.id)]), 0)

    def test_metric_value_import(self):
        """An import refused on a duplicate period and a missing client: both reported, on
        their lines, nothing imported, no SQL error logged."""
        fields_ = ["partner_id", "metric_id", "date", "raw_value"]
        rows = [
            ["Volga Bridges", "lost_price", "2026-09-30", "0.2"],  # line 2
            ["Sibir Pipe Works", "lost_price", "2026-09-30", "0.5"],  # line 3: exists
            ["", "lost_price", "2026-09-30", "0.5"],  # line 4: no client
        ]
        Value = self.env["cx.metric.value"].with_context(import_file=True)
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            result = Value.load(fields_, rows)
        self.assertFalse(result["ids"])
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(any(e.startswith("Line 3:") for e in errors), errors)
        self.assertTrue(any(e.startswith("Line 4:") for e in errors), errors)
        self.assertFalse(Value.search([("partner_id", "=", self.other_client.id)]))

    def test_client_weights(self):
        Weight = self.env["cx.metric.weight"]
        with self.assertRefused("one weight per metric"):
            Weight.create({"partner_id": self.client.id, "metric_id": self.lead_time.id})
        with self.assertRefused("between 1 and 5"):
            Weight.create(
                {"partner_id": self.other_client.id, "metric_id": self.lead_time.id, "weight": 0}
            )
        self.assertEqual(self.weight.weight, 3)

    def test_requirements(self):
        Requirement = self.env["cx.requirement"]
        base = {"partner_id": self.client.id, "name": "Deliver on Mondays"}
        with self.assertRefused("between 1 and 5"):
            Requirement.create(dict(base, topic_id=self.topic_defects.id, importance=6))
        with self.assertRefused("metric, a topic or an element of value"):
            Requirement.create(base)
        with self.assertRefused("start before it ends"):
            Requirement.create(
                dict(
                    base,
                    topic_id=self.topic_defects.id,
                    date_from="2026-05-01",
                    date_to="2026-04-01",
                )
            )
        with self.assertRefused("between 1 and 5"):
            self.requirement.importance = 0
        self.assertEqual(self.requirement.importance, 4)

    def test_reference_data_and_settings(self):
        with self.assertRefused("cannot be negative"):
            self._create_request_rule(delay_days=-1)
        with self.assertRefused("must be unique"):
            self.env["cx.contact.role"].create({"name": "Buyer again", "code": "economic"})
        with self.assertRefused("must be unique"):
            self.env["cx.journey.stage"].create({"name": "Usage again", "code": "usage"})
        with self.assertRefused("level 1, 2 or 3"):
            self.env["cx.maturity.question"].create(
                {"name": "Do you measure?", "dimension": "collection", "level": 0}
            )
        with self.assertRefused("at least one month"):
            self.company.cx_maturity_window = 0
        self.assertEqual(self.company.cx_maturity_window, 12)
