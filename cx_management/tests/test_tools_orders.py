import datetime

from odoo.tests import BaseCase, tagged

from ..tools import orders

D = datetime.date


def fact(**values):
    base = {
        "date_order": D(2026, 3, 1),
        "window_start": D(2026, 4, 1),
        "window_end": D(2026, 4, 30),
        "expedited": False,
        "ship_complete": False,
        "even_delivery": False,
        "qty_ordered": 100.0,
        "qty_shipped": 100.0,
        "date_shipped": D(2026, 4, 20),
        "qty_rejected": 0.0,
        "purpose_violation": False,
    }
    base.update(values)
    return base


@tagged("at_install", "-post_install")
class TestToolsOrders(BaseCase):
    """The transactional metrics of METHODOLOGY sections 10-11 on plain facts."""

    def test_window_status_and_days_late(self):
        self.assertEqual(orders.window_status(None, D(2026, 4, 1), D(2026, 4, 30)), "open")
        self.assertEqual(orders.window_status(D(2026, 4, 5), None, None), "no_window")
        self.assertEqual(orders.window_status(D(2026, 3, 31), D(2026, 4, 1), None), "early")
        self.assertEqual(
            orders.window_status(D(2026, 4, 30), D(2026, 4, 1), D(2026, 4, 30)), "in_window"
        )
        # 31 days after April 30 is May 31: still "up to a month"; June 1 is 32 days
        self.assertEqual(orders.window_status(D(2026, 5, 31), None, D(2026, 4, 30)), "late_1m")
        self.assertEqual(orders.window_status(D(2026, 6, 1), None, D(2026, 4, 30)), "late_2m")
        self.assertEqual(orders.days_late(D(2026, 5, 10), D(2026, 4, 30)), 10)
        self.assertEqual(orders.days_late(D(2026, 4, 10), D(2026, 4, 30)), 0)

    def test_measures_by_hand(self):
        facts = [
            # in the window, expedited, shipped complete; lead time 50 days
            fact(expedited=True, ship_complete=True),
            # 10 days late, 80 of 100 shipped, 8 rejected, evenness; lead time 66 days
            fact(
                date_order=D(2026, 3, 5),
                date_shipped=D(2026, 5, 10),
                qty_shipped=80.0,
                qty_rejected=8.0,
                even_delivery=True,
            ),
            # 46 days late, expedited, complete, purpose violation; lead time 97 days
            fact(
                date_order=D(2026, 3, 10),
                date_shipped=D(2026, 6, 15),
                qty_ordered=50.0,
                qty_shipped=50.0,
                expedited=True,
                ship_complete=True,
                purpose_violation=True,
            ),
            # early, ship complete but 150 of 200; lead time 24 days
            fact(
                date_order=D(2026, 4, 1),
                window_start=D(2026, 5, 1),
                window_end=D(2026, 5, 31),
                date_shipped=D(2026, 4, 25),
                qty_ordered=200.0,
                qty_shipped=150.0,
                ship_complete=True,
            ),
            # not shipped: counts nowhere
            fact(date_shipped=None, qty_shipped=0.0, expedited=True),
        ]
        expected = {
            "window_expedited": 1 / 2,
            "window_late_1m": 1 / 4,
            "window_late_2m": 1 / 4,
            "window_late": 2 / 4,
            "window_early": 1 / 4,
            "window_outside": 3 / 4,
            "window_evenness": 1 / 4,
            "complete_incomplete": 1 / 3,
            "complete_short_shipment": 0.2,
            "short_orders": 2 / 4,
            "complete_lead_time": (50 + 66 + 97 + 24) / 4,
            "rejects_share": 8 / 380,
            "rejects_purpose": 1 / 4,
        }
        self.assertEqual(set(expected), set(orders.MEASURES))
        for measure, value in expected.items():
            with self.subTest(measure=measure):
                self.assertAlmostEqual(orders.raw_value(measure, facts), value)

    def test_no_orders_no_value(self):
        self.assertIsNone(orders.raw_value("window_late_1m", []))
        # no expedited order: no value for the expedited metric, not 0
        self.assertIsNone(orders.raw_value("window_expedited", [fact()]))
        self.assertEqual(orders.raw_value("window_late_1m", [fact()]), 0.0)

    def test_delivery_window(self):
        self.assertEqual(orders.delivery_window(D(2026, 2, 14)), (D(2026, 2, 1), D(2026, 2, 28)))
        self.assertEqual(
            orders.delivery_window(D(2026, 2, 14), "days", 3), (D(2026, 2, 11), D(2026, 2, 17))
        )
        self.assertEqual(orders.delivery_window(None), (None, None))
