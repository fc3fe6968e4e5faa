from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools import feedback_loop as loop


@tagged("at_install", "-post_install")
class TestFeedbackLoopRules(BaseCase):
    """The closed loop's rules, without a database."""

    def test_needs_alert(self):
        self.assertTrue(loop.needs_alert(None, 0))
        self.assertTrue(loop.needs_alert(None, 6))
        self.assertFalse(loop.needs_alert(None, 7))
        self.assertFalse(loop.needs_alert(False, False))
        self.assertTrue(loop.needs_alert(2, None))
        self.assertTrue(loop.needs_alert(1, 10))
        self.assertFalse(loop.needs_alert(3, None))
        self.assertTrue(loop.needs_alert(3, None, csi_threshold=3))
        self.assertFalse(loop.needs_alert(1, None, csi_threshold=0))

    def test_fresh_and_acknowledged(self):
        today = date(2026, 11, 27)
        self.assertTrue(loop.is_fresh(today, today))
        self.assertTrue(loop.is_fresh(date(2026, 11, 13), today))
        self.assertFalse(loop.is_fresh(date(2026, 11, 12), today))
        self.assertTrue(loop.acknowledged("portal", "a@b.example"))
        self.assertFalse(loop.acknowledged("portal", "  "))
        self.assertFalse(loop.acknowledged("interview", "a@b.example"))
        self.assertFalse(loop.acknowledged("claim", "a@b.example"))

    def test_working_days(self):
        friday = date(2026, 11, 27)
        self.assertEqual(loop.add_working_days(friday, 0), friday)
        self.assertEqual(loop.add_working_days(friday, 1), date(2026, 11, 30))
        self.assertEqual(loop.add_working_days(friday, 2), date(2026, 12, 1))
        self.assertEqual(loop.add_working_days(date(2026, 11, 28), 1), date(2026, 11, 30))
        self.assertEqual(loop.add_working_days(date(2026, 11, 23), 2), date(2026, 11, 25))
        self.assertEqual(
            loop.add_working_days(friday, 2, holidays=[date(2026, 11, 30)]), date(2026, 12, 2)
        )

    def test_rate_limit(self):
        now = datetime(2026, 11, 27, 12, 30)
        self.assertEqual(loop.rate_window_start(now), datetime(2026, 11, 27, 11, 30))
        self.assertFalse(loop.rate_exceeded(4, 5))
        self.assertTrue(loop.rate_exceeded(5, 5))
        self.assertFalse(loop.rate_exceeded(500, 0))

    def test_portal_form(self):
        values, errors = loop.check_portal_form("4", "9", "  Fine  ", "3", [3, 4])
        self.assertEqual(errors, {})
        self.assertEqual(values, {"csi_score": 4, "nps_score": 9, "comment": "Fine", "stage_id": 3})
        values, errors = loop.check_portal_form("", "0", "", "", [3])
        self.assertEqual(errors, {})
        self.assertEqual(
            (values["csi_score"], values["nps_score"], values["stage_id"]), (None, 0, None)
        )
        _values, errors = loop.check_portal_form("6", "11", "x" * 2001, "99", [3])
        self.assertEqual(
            errors,
            {
                "csi_score": "range",
                "nps_score": "range",
                "comment": "length",
                "stage_id": "unknown",
            },
        )
        _values, errors = loop.check_portal_form("abc", "-1", "", "x", [3])
        self.assertEqual(
            errors, {"csi_score": "number", "nps_score": "range", "stage_id": "unknown"}
        )
        _values, errors = loop.check_portal_form("", "", " ", "", [3])
        self.assertEqual(errors, {"form": "empty"})
