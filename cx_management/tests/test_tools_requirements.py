import datetime

from odoo.tests import BaseCase, tagged

from ..tools import requirements as req


@tagged("at_install", "-post_install")
class TestToolsRequirements(BaseCase):
    """Importance to weight, validity, share met and the not met ranking, without a database."""

    def test_importance_to_weight_linear(self):
        self.assertEqual([req.importance_to_weight(i) for i in range(1, 6)], [1, 2, 3, 4, 5])
        for bad in (0, 6, -1, 2.5, None, True):
            with self.assertRaises(req.RequirementInputError):
                req.importance_to_weight(bad)

    def test_is_valid(self):
        day = datetime.date(2026, 5, 10)
        self.assertTrue(req.is_valid(None, None, day))
        self.assertTrue(req.is_valid(day, day, day))
        self.assertFalse(req.is_valid(datetime.date(2026, 5, 11), None, day))
        self.assertFalse(req.is_valid(None, datetime.date(2026, 5, 9), day))

    def test_met_value_and_share(self):
        self.assertEqual(req.met_value("met"), 100.0)
        self.assertEqual(req.met_value("not_met"), 0.0)
        self.assertIsNone(req.met_value("pending"))
        with self.assertRaises(req.RequirementInputError):
            req.met_value("maybe")
        self.assertIsNone(req.share_met(["pending"]))
        self.assertAlmostEqual(req.share_met(["met", "not_met", "not_met", "pending"]), 100 / 3)

    def test_not_met_ranking(self):
        rows = [
            ("Packaging", "met"),
            ("Window", "not_met"),
            ("Window", "met"),
            ("Documents", "not_met"),
            ("Documents", "not_met"),
            ("Evenness", "pending"),
        ]
        self.assertEqual(
            req.not_met_ranking(rows),
            [
                ("Documents", 2, 2, 0.0),
                ("Window", 1, 2, 50.0),
                ("Packaging", 0, 1, 100.0),
                ("Evenness", 0, 0, None),
            ],
        )
