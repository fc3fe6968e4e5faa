import datetime

from odoo.tests import BaseCase, tagged

from ..tools import coverage, feedback_loop, requests, settings

D = datetime.date
T = datetime.datetime


@tagged("at_install", "-post_install")
class TestToolsHearing(BaseCase):
    """Waves, coverage, funnel, silences and closed-loop KPIs, without a database."""

    def test_add_months_and_wave_start(self):
        self.assertEqual(requests.add_months(D(2026, 1, 31), 1), D(2026, 2, 28))
        self.assertEqual(requests.add_months(D(2026, 11, 30), 3), D(2027, 2, 28))
        self.assertEqual(requests.add_months(D(2026, 3, 2), 3), D(2026, 6, 2))
        self.assertEqual(requests.wave_start(D(2026, 7, 15), None, 3), D(2026, 7, 15))
        # 1 March, then 1 June; 1 September is still to come
        self.assertEqual(requests.wave_start(D(2026, 7, 15), D(2026, 3, 1), 3), D(2026, 6, 1))
        self.assertEqual(requests.wave_start(D(2026, 5, 31), D(2026, 3, 1), 3), D(2026, 3, 1))

    def test_wave_quota(self):
        # 45 contacts over 20 days: ceil(45 / 20) = 3 a day
        self.assertEqual(requests.wave_quota(45, 0, 0, 20, 100), 3)
        # the same day again, 3 sent: ceil(48 / 20) = 3, nothing more
        self.assertEqual(requests.wave_quota(42, 3, 0, 20, 100), 0)
        # the next day: ceil(42 / 19) = 3
        self.assertEqual(requests.wave_quota(42, 0, 1, 20, 100), 3)
        # the last day and after it: everything left, within the cap
        self.assertEqual(requests.wave_quota(5, 0, 19, 20, 100), 5)
        self.assertEqual(requests.wave_quota(5, 0, 25, 20, 4), 4)
        self.assertEqual(requests.wave_quota(0, 0, 3, 20, 4), 0)
        for bad in ((5, 0, 0, 0, 4), (5, 0, 0, 20, 0), (5, 0, -1, 20, 4)):
            with self.assertRaises(ValueError):
                requests.wave_quota(*bad)

    def test_take_wave(self):
        decisions = [
            (9, 1, "send"),
            (9, 2, "rest"),
            (9, 3, "send"),
            (9, 4, "blacklisted"),
            (9, 5, "send"),
        ]
        # two sends: the skip met before the second is logged, the one after waits
        self.assertEqual(requests.take_wave(decisions, 2), decisions[:3])
        self.assertEqual(requests.take_wave(decisions, 5), decisions)
        self.assertEqual(requests.take_wave(decisions, 0), [])
        self.assertEqual(requests.take_wave(decisions[1:2], 0), [])

    def test_reminder_due(self):
        self.assertFalse(requests.reminder_due(D(2026, 3, 2), D(2026, 3, 8), 7))
        self.assertTrue(requests.reminder_due(D(2026, 3, 2), D(2026, 3, 9), 7))
        self.assertFalse(requests.reminder_due(D(2026, 3, 2), D(2027, 3, 9), 0), "0: never")

    def test_coverage(self):
        economic, technical, operator = 11, 12, 13
        heard = {1: {economic, technical}, 2: {None}, 5: {economic}}  # 5 is not active
        revenue = {1: 100.0, 2: 50.0, 3: 850.0}
        result = coverage.coverage([1, 2, 3, 4], heard, revenue, [economic, technical, operator])
        # 2 of 4 clients; 150 of 1,000 revenue; the economic buyer heard at 1 of 4 clients
        self.assertEqual((result["active"], result["heard"], result["share"]), (4, 2, 50.0))
        self.assertEqual((result["revenue"], result["revenue_heard"]), (1000.0, 150.0))
        self.assertEqual(result["revenue_share"], 15.0)
        self.assertEqual(result["roles"][economic], {"heard": 1, "share": 25.0})
        self.assertEqual(result["roles"][technical], {"heard": 1, "share": 25.0})
        self.assertEqual(result["roles"][operator], {"heard": 0, "share": 0.0})
        empty = coverage.coverage([], heard)
        self.assertEqual((empty["share"], empty["revenue_share"]), (None, None))

    def test_target_and_funnel(self):
        self.assertTrue(coverage.meets_target(80.0, 80.0))
        self.assertFalse(coverage.meets_target(79.9))
        self.assertIsNone(coverage.meets_target(None))
        self.assertEqual(
            coverage.funnel(10, 4, 6, 2),
            {
                "invited": 10,
                "reminded": 4,
                "answered": 6,
                "answered_after_reminder": 2,
                "rate": 60.0,
            },
        )
        self.assertIsNone(coverage.funnel(0, 0, 0)["rate"])

    def test_silence_cutoff(self):
        # 31 December minus 180 days: 4 July
        self.assertEqual(coverage.silence_cutoff(D(2026, 12, 31), 180), D(2026, 7, 4))
        with self.assertRaises(ValueError):
            coverage.silence_cutoff(D(2026, 12, 31), 0)

    def test_weekday_hours(self):
        # Friday 16:00 to Monday 10:00: 8 hours of Friday, 10 of Monday, no weekend
        self.assertEqual(feedback_loop.weekday_hours(T(2026, 3, 6, 16), T(2026, 3, 9, 10)), 18.0)
        self.assertEqual(feedback_loop.weekday_hours(T(2026, 3, 9), T(2026, 3, 8)), 0.0)

    def test_loop_kpis(self):
        self.assertTrue(feedback_loop.within_target(48.0, 48.0))
        self.assertFalse(feedback_loop.within_target(48.5))
        self.assertIsNone(feedback_loop.within_target(None))

    def test_float_setting(self):
        self.assertEqual(settings.float_setting("48.5", 48.0), 48.5)
        for missing in (None, False, "", "many"):
            self.assertEqual(settings.float_setting(missing, 80.0), 80.0)
