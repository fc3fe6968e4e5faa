import datetime

from odoo.tests import BaseCase, tagged

from ..tools import csi


@tagged("at_install", "-post_install")
class TestToolsCsi(BaseCase):
    """The integral CSI formula of METHODOLOGY section 11, without a database."""

    # (metric, block, X, W, s) exactly as the methodology's table
    TABLE = [
        ("lost_price", 1, 0.20, 4, 0.20),
        ("lost_payment_terms", 1, 0.10, 2, 0.80),
        ("lost_delivery_terms", 1, 0.30, 2, 0.40),
        ("lost_installation", 1, 0.15, 2, 0.70),
        ("lost_assortment", 1, 0.25, 3, 0.25),
        ("window_expedited", 2, 0.20, 5, 0.00),
        ("window_late_1m", 2, 0.10, 3, 0.70),
        ("window_late_2m", 2, 0.30, 3, 0.10),
        ("window_early", 2, 0.15, 2, 0.70),
        ("window_evenness", 2, 0.25, 1, 0.75),
        ("complete_incomplete", 3, 0.20, 1, 0.80),
        ("complete_short_shipment", 3, 0.10, 3, 0.70),
        ("complete_lead_time", 3, 0.30, 5, -0.50),
        ("claims_new_items", 4, 0.15, 4, 0.40),
        ("rejects_share", 5, 0.25, 4, 0.00),
        ("rejects_purpose", 5, 0.15, 2, 0.70),
    ]

    def test_metric_scores_of_the_table(self):
        for metric, _block, x, weight, expected in self.TABLE:
            with self.subTest(metric=metric):
                self.assertAlmostEqual(csi.metric_score(x, weight), expected, places=9)

    def test_worked_example(self):
        result = csi.client_csi([(m, b, x, w) for m, b, x, w, _s in self.TABLE])
        blocks = {key: round(score, 3) for key, (score, _count) in result["blocks"].items()}
        self.assertEqual(blocks, {1: 0.47, 2: 0.45, 3: 0.333, 4: 0.4, 5: 0.35})
        self.assertEqual([count for _s, count in result["blocks"].values()], [5, 5, 3, 1, 2])
        self.assertAlmostEqual(result["mean"], 0.40067, places=5)
        self.assertEqual(round(result["csi"], 1), 3.8)
        self.assertAlmostEqual(result["csi"], 3.8013, places=4)
        self.assertEqual(result["top_metric"], "complete_lead_time")
        self.assertAlmostEqual(result["top_loss"], 1.5, places=9)

    def test_values_left_out(self):
        """A metric without value or block is skipped; a block without values does not count."""
        rows = [("a", 1, 0.5, 2), ("b", 1, None, 5), ("c", None, 1.0, 5), ("d", 2, None, 1)]
        result = csi.client_csi(rows)
        self.assertEqual(result["blocks"], {1: (0.0, 1)})
        self.assertEqual(result["mean"], 0.0)
        self.assertEqual(result["csi"], 3.0)
        self.assertEqual(result["top_metric"], "a")
        self.assertIsNone(csi.client_csi([("b", 1, None, 5)]))
        self.assertIsNone(csi.client_csi([]))

    def test_csi_scale_and_clipping(self):
        self.assertEqual(csi.csi_from_mean(-1), 1.0)
        self.assertEqual(csi.csi_from_mean(1), 5.0)
        self.assertEqual(csi.csi_from_mean(0), 3.0)
        self.assertEqual(csi.csi_from_mean(-4), 1.0)  # X=1, W=5 gives -4: clipped
        self.assertEqual(csi.csi_from_mean(2), 5.0)
        self.assertEqual(csi.csi_from_mean(0.5, lower=0, upper=1), 3.0)
        with self.assertRaises(csi.CsiInputError):
            csi.csi_from_mean(0.5, lower=1, upper=1)

    def test_normalise(self):
        self.assertAlmostEqual(csi.normalise(30, 0, 100), 0.30)
        self.assertAlmostEqual(csi.normalise(3, 0, 20), 0.15)
        self.assertAlmostEqual(csi.normalise(4.5, 1, 5, higher_is_better=True), 0.125)
        self.assertAlmostEqual(csi.normalise(120, 0, 100), 1.2)  # not clipped: the caller decides
        self.assertEqual(csi.clip_share(1.2), 1.0)
        self.assertEqual(csi.clip_share(-0.1), 0.0)
        with self.assertRaises(csi.CsiInputError):
            csi.normalise(1, 5, 5)
        with self.assertRaises(csi.CsiInputError):
            csi.normalise(1, 6, 5)

    def test_bad_scores_refused(self):
        with self.assertRaises(csi.CsiInputError):
            csi.metric_score(1.5, 3)
        with self.assertRaises(csi.CsiInputError):
            csi.metric_score(-0.1, 3)
        with self.assertRaises(csi.CsiInputError):
            csi.metric_score(0.5, 0)
        with self.assertRaises(csi.CsiInputError):
            csi.metric_score(0.5, 6)

    def test_periods(self):
        day = datetime.date(2026, 11, 15)
        self.assertEqual(
            csi.period_bounds(day), (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
        )
        self.assertEqual(
            csi.period_bounds(day, "month"),
            (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)),
        )
        self.assertEqual(
            csi.period_end(datetime.date(2028, 2, 3), "month"), datetime.date(2028, 2, 29)
        )
        self.assertEqual(csi.period_end(datetime.date(2026, 4, 1)), datetime.date(2026, 6, 30))
        self.assertEqual(csi.period_end(datetime.date(2026, 3, 31)), datetime.date(2026, 3, 31))
        with self.assertRaises(csi.CsiInputError):
            csi.period_bounds(day, "week")

    def test_insufficient_data(self):
        """A CSI needs the setting's number of blocks with values (default 3)."""
        self.assertEqual(csi.DEFAULT_MIN_BLOCKS, 3)
        self.assertFalse(csi.is_sufficient(1))
        self.assertFalse(csi.is_sufficient(2))
        self.assertTrue(csi.is_sufficient(3))
        self.assertTrue(csi.is_sufficient(1, needed=1))
        self.assertFalse(csi.is_sufficient(4, needed=5))
        for stored, expected in (("2", 2), (None, 3), (False, 3), ("x", 3), ("0", 3), (5, 5)):
            with self.subTest(stored=stored):
                self.assertEqual(csi.min_blocks(stored), expected)
