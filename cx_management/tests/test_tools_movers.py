from odoo.tests import BaseCase

from ..tools import movers


class TestToolsMovers(BaseCase):
    """Climbers, fallers and drops on plain figures, by hand."""

    def test_changes_rank_and_skip_unknown(self):
        before = {1: 3.0, 2: 4.5, 3: 4.0, 4: None, 5: 2.0}
        after = {1: 4.0, 2: 3.5, 3: 4.0, 4: 3.0, 6: 5.0}
        # 1: +1.0; 2: -1.0; 3 unchanged (left out); 4 unknown before; 5, 6 in one period only
        self.assertEqual(movers.changes(before, after), [(1, 3.0, 4.0, 1.0), (2, 4.5, 3.5, -1.0)])

    def test_movers_sides_limit_and_ties_by_name(self):
        before = {1: 0.0, 2: 0.0, 3: 0.0, 4: 50.0, 5: 50.0}
        after = {1: 20.0, 2: 20.0, 3: 10.0, 4: -50.0, 5: 40.0}
        names = {1: "Zeta", 2: "Alpha"}
        result = movers.movers(before, after, limit=2, names=names)
        # climbers: Alpha and Zeta +20 (tie: by name), then 3 (+10) cut by the limit
        self.assertEqual([row[0] for row in result["climbers"]], [2, 1])
        # fallers: 4 (-100) first, then 5 (-10)
        self.assertEqual([(row[0], row[3]) for row in result["fallers"]], [(4, -100.0), (5, -10.0)])

    def test_is_drop_at_and_below_threshold(self):
        self.assertTrue(movers.is_drop(-0.5, 0.5))  # exactly the threshold
        self.assertTrue(movers.is_drop(4.1 - 4.6, 0.5))  # -0.4999999999999991 in floats
        self.assertFalse(movers.is_drop(-0.49, 0.5))
        self.assertFalse(movers.is_drop(1.0, 0.5))
        self.assertFalse(movers.is_drop(None, 0.5))
        self.assertTrue(movers.is_drop(-20.0, 20.0))

    def test_threshold_errors(self):
        self.assertEqual(movers.threshold_errors(0.5, 20.0), [])
        self.assertEqual(movers.threshold_errors(0.0, 20.0), ["csi"])
        self.assertEqual(movers.threshold_errors(4.5, -1.0), ["csi", "nps"])
        self.assertEqual(movers.threshold_errors(4.0, 200.0), [])
        self.assertEqual(movers.threshold_errors(None, 201.0), ["csi", "nps"])

    def test_float_setting(self):
        self.assertEqual(movers.float_setting("0.75", 0.5), 0.75)
        self.assertEqual(movers.float_setting(False, 0.5), 0.5)
        self.assertEqual(movers.float_setting("abc", 20.0), 20.0)
