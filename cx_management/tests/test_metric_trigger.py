from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCase


@tagged("at_install", "-post_install")
@freeze_time("2026-11-20 10:00:00")
class TestMetricTrigger(CxCase):
    """A trigger metric over its threshold gets one answer per client and period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        cls.env["ir.config_parameter"].sudo().set_param("cx_management.csi_period", "quarter")
        cls.process_production.user_id = cls.salesman_2
        cls.metric = cls.env["cx.metric"].create(
            {
                "name": "Answer speed",
                "code": "trg_test_answer_speed",
                "kind": "trigger",
                "process_id": cls.process_production.id,
                "source": "manual",
                "value_min": 0,
                "value_max": 10,
                "threshold": 0.5,
            }
        )
        cls.Value = cls.env["cx.metric.value"]
        cls.Snapshot = cls.env["cx.csi.snapshot"]

    def _value(self, client, raw, day="2026-11-20", metric=None):
        return self.Value.create(
            {
                "partner_id": client.id,
                "metric_id": (metric or self.metric).id,
                "raw_value": raw,
                "date": day,
            }
        )

    def _activities(self, client):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", client.id),
                ("summary", "=", "Trigger metric: Answer speed"),
            ]
        )

    def test_activity_once_per_client_and_period(self):
        high = self._value(self.client, 8)
        self._value(self.other_client, 2)  # X 0.2: below the threshold
        self.assertTrue(high.is_triggered)
        self.Snapshot._compute_csi()
        activity = self._activities(self.client)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman_2, "the owner of the metric's process")
        self.assertIn("Answer speed", str(activity.note))
        self.assertTrue(high.trigger_done)
        self.assertFalse(self._activities(self.other_client))
        # the next run, or the value changing within the period, does not repeat it
        self.Snapshot._compute_csi()
        high.raw_value = 9
        self.Snapshot._compute_csi(all_periods=True)
        self.assertEqual(len(self._activities(self.client)), 1)
        # the previous quarter's late value is still answered, history is not
        previous = self._value(self.client, 7, day="2026-08-15")
        old = self._value(self.client, 9, day="2025-05-15")
        self.Snapshot._compute_csi(all_periods=True)
        self.assertEqual(len(self._activities(self.client)), 2)
        self.assertTrue(previous.trigger_done)
        self.assertFalse(old.trigger_done)

    def test_owner_fallback_is_the_cx_manager(self):
        self.process_production.user_id = False
        self.env["ir.config_parameter"].sudo().set_param(
            "cx_management.alert_manager_id", self.cx_manager.id
        )
        self._value(self.client, 8)
        self.Snapshot._compute_csi()
        self.assertEqual(self._activities(self.client).user_id, self.cx_manager)

    def test_draft_action_once(self):
        self.metric.trigger_response = "action"
        value = self._value(self.client, 6)
        self.Snapshot._compute_csi()
        action = value.trigger_action_id
        self.assertEqual(len(action), 1)
        self.assertEqual(action.partner_id, self.client)
        self.assertEqual(action.metric_id, self.metric)
        self.assertEqual(action.process_id, self.process_production)
        self.assertEqual(action.origin, "metric")
        self.assertEqual(action.user_id, self.salesman_2)
        self.assertEqual(action.stage_id, self.env.ref("cx_management.cx_action_stage_new"))
        self.assertFalse(self._activities(self.client))
        self.Snapshot._compute_csi(all_periods=True)
        self.assertEqual(
            self.env["cx.action"].search_count([("metric_id", "=", self.metric.id)]), 1
        )

    def test_computed_metrics_never_trigger(self):
        self.metric.kind = "computed"
        value = self._value(self.client, 10)
        self.Snapshot._compute_csi()
        self.assertFalse(value.trigger_done)
        self.assertFalse(self._activities(self.client))
        self.assertEqual(value.date, date(2026, 12, 31))
