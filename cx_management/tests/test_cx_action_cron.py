from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestCxActionCron(CxCase):
    """The effect measured after N days, and the overdue reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.cron_effect = cls.env.ref("cx_management.ir_cron_cx_action_effect")
        cls.cron_remind = cls.env.ref("cx_management.ir_cron_cx_action_remind")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _nps_answer(self, contact, score, on):
        return self._create_feedback(contact, csi_score=False, nps_score=score, date=on)

    def test_effect_measured_after_the_delay(self):
        self.env["ir.config_parameter"].sudo().set_param("cx_management.action_effect_delay", 30)
        # before: 2 detractors, 1 promoter -> -33.3
        self._nps_answer(self.technical, 3, "2026-01-05")
        self._nps_answer(self.economic, 4, "2026-01-06")
        self._nps_answer(self.operator, 10, "2026-01-07")
        # after, within 30 days of done: 2 promoters, 1 passive -> 66.7
        self._nps_answer(self.technical, 9, "2026-02-20")
        self._nps_answer(self.economic, 10, "2026-02-25")
        self._nps_answer(self.operator, 8, "2026-03-05")
        # outside the window, or another client: ignored
        self._nps_answer(self.technical, 0, "2026-04-01")
        self._nps_answer(self.other_economic, 0, "2026-02-20")
        Snapshot = self.env["cx.csi.snapshot"]
        Snapshot.create({"partner_id": self.client.id, "date": "2025-12-31", "csi": 3.1})
        Snapshot.create({"partner_id": self.other_client.id, "date": "2026-03-31", "csi": 1.5})
        with freeze_time("2026-01-10"):
            action = self._create_action(user_id=self.salesman.id, stage_id=self.stage_progress.id)
            self.assertAlmostEqual(action.nps_before, -33.3, places=1)
            # the quarter just begun has no snapshot yet: the latest one counts
            self.assertAlmostEqual(action.csi_before, 3.1)
        # the client's first-quarter CSI, computed later in the quarter
        Snapshot.create({"partner_id": self.client.id, "date": "2026-03-31", "csi": 3.6})
        with freeze_time("2026-02-10"):
            action.stage_id = self.stage_done
            self.assertEqual(action.date_done, date(2026, 2, 10))
        with freeze_time("2026-03-11"):  # 29 days: too early
            self.cron_effect.method_direct_trigger()
            self.assertFalse(action.date_effect)
            self.assertIs(action.effect, False)
        with freeze_time("2026-03-12"):
            self.cron_effect.method_direct_trigger()
        self.assertEqual(action.date_effect, date(2026, 3, 12))
        self.assertAlmostEqual(action.nps_after, 66.7, places=1)
        self.assertAlmostEqual(action.effect, 100.0, places=1)
        self.assertAlmostEqual(action.csi_after, 3.6)
        self.assertAlmostEqual(action.effect_csi, 0.5)
        # measured once: a later run changes nothing
        self._nps_answer(self.economic, 0, "2026-03-01")
        with freeze_time("2026-04-01"):
            self.cron_effect.method_direct_trigger()
        self.assertEqual(action.date_effect, date(2026, 3, 12))
        self.assertAlmostEqual(action.nps_after, 66.7, places=1)

    def test_effect_without_answers_stays_unknown(self):
        with freeze_time("2026-01-10"):
            action = self._create_action(stage_id=self.stage_progress.id)
            action.stage_id = self.stage_done
        with freeze_time("2026-06-01"):
            self.cron_effect.method_direct_trigger()
        self.assertEqual(action.date_effect, date(2026, 6, 1))
        self.assertIs(action.nps_before, False)
        self.assertIs(action.nps_after, False)
        self.assertIs(action.effect, False)

    def test_effect_report_groups(self):
        with freeze_time("2026-01-10"):
            action = self._create_action(stage_id=self.stage_progress.id, origin="feedback")
        action.write({"nps_before": -10.0, "nps_after": 30.0, "date_effect": "2026-05-01"})
        groups = self.env["cx.action"]._read_group(
            [("date_effect", "!=", False)], ["origin"], ["effect:avg"]
        )
        self.assertEqual(groups, [("feedback", 40.0)])

    def _activities(self, actions):
        return self.env["mail.activity"].search(
            [("res_model", "=", "cx.action"), ("res_id", "in", actions.ids)]
        )

    def test_reminder_once_per_overdue_action(self):
        with freeze_time("2026-05-01"):
            overdue = self._create_action(user_id=self.salesman.id, date_deadline="2026-04-20")
            on_time = self._create_action(user_id=self.salesman.id, date_deadline="2026-05-20")
            finished = self._create_action(
                user_id=self.salesman.id, date_deadline="2026-04-01", stage_id=self.stage_done.id
            )
            dropped = self._create_action(
                user_id=self.salesman.id,
                date_deadline="2026-04-01",
                stage_id=self.stage_cancelled.id,
            )
            self.cron_remind.method_direct_trigger()
            activity = self._activities(overdue)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.salesman)
            self.assertEqual(activity.activity_type_id, self.todo)
            self.assertFalse(self._activities(on_time | finished | dropped))
            # second run: no duplicate, even once the first activity is done
            self.cron_remind.method_direct_trigger()
            self.assertEqual(len(self._activities(overdue)), 1)
            activity.action_feedback(feedback="Called the client")
            self.cron_remind.method_direct_trigger()
            self.assertFalse(self._activities(overdue))
            # a new deadline that is missed again reminds again
            overdue.date_deadline = "2026-04-28"
            self.cron_remind.method_direct_trigger()
            self.assertEqual(len(self._activities(overdue)), 1)
