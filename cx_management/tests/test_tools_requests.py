import datetime

from odoo.tests import BaseCase, tagged

from ..tools import requests

D = datetime.date


@tagged("at_install", "-post_install")
class TestRequestPlanning(BaseCase):
    """When and whom to ask after an operation, without a database."""

    def test_date_window(self):
        self.assertEqual(
            requests.date_window(D(2026, 3, 10), 3, 7), (D(2026, 2, 28), D(2026, 3, 7))
        )
        self.assertEqual(
            requests.date_window(D(2026, 3, 10), 0, 0), (D(2026, 3, 10), D(2026, 3, 10))
        )
        with self.assertRaises(ValueError):
            requests.date_window(D(2026, 3, 10), -1)
        with self.assertRaises(ValueError):
            requests.date_window(D(2026, 3, 10), 1, -1)

    def test_rest_start(self):
        self.assertEqual(requests.rest_start(D(2026, 3, 10)), D(2025, 12, 10))
        self.assertEqual(requests.rest_start(D(2026, 3, 10), 0), D(2026, 3, 10))

    def test_plan_requests(self):
        today = D(2026, 3, 10)
        candidates = [
            (1, 10, "a@x.example"),  # never asked: send
            (1, 11, False),  # no e-mail
            (1, 12, "b@x.example"),  # blacklisted
            (1, 13, "c@x.example"),  # asked 30 days ago: rest
            (1, 14, "d@x.example"),  # asked 91 days ago: send
            (2, 10, "a@x.example"),  # same contact, second operation: once per run
            (2, 15, "e@x.example"),  # asked exactly 90 days ago: still resting
        ]
        last_asked = {13: D(2026, 2, 8), 14: D(2025, 12, 9), 15: D(2025, 12, 10)}
        plan = requests.plan_requests(candidates, last_asked, {12}, today, 90)
        self.assertEqual(
            [decision for _r, _c, decision in plan],
            ["send", "no_email", "blacklisted", "rest", "send", "duplicate", "rest"],
        )
        self.assertEqual([(r, c) for r, c, _d in plan], [(r, c) for r, c, _e in candidates])
        # no rest period: only the same-run duplicate is held back
        plan = requests.plan_requests(candidates, last_asked, set(), today, 0)
        self.assertEqual(
            [decision for _r, _c, decision in plan],
            ["send", "no_email", "send", "send", "send", "duplicate", "send"],
        )
