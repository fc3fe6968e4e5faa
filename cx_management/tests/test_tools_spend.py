from odoo.tests import BaseCase

from ..tools import holdings, spend


class TestToolsSpend(BaseCase):
    """Revenue bands, NPS groups and the spend x NPS grid, by hand."""

    def test_parse_bounds(self):
        self.assertEqual(spend.parse_bounds("1000000, 10 000 000"), ((1e6, 1e7), None))
        self.assertEqual(spend.parse_bounds("5; 2"), (None, "ascending"))
        self.assertEqual(spend.parse_bounds("a, 2"), (None, "number"))
        self.assertEqual(spend.parse_bounds("-1"), (None, "positive"))
        self.assertEqual(spend.parse_bounds(""), (None, "count"))
        self.assertEqual(spend.parse_bounds("1,2,3,4,5,6"), (None, "count"))
        self.assertEqual(spend.bounds_or_default("x"), spend.DEFAULT_BOUNDS)

    def test_bands(self):
        bounds = (1e6, 1e7)
        self.assertEqual(spend.band(0, bounds), "0")
        self.assertEqual(spend.band(None, bounds), "0")
        self.assertEqual(spend.band(999_999, bounds), "1")
        self.assertEqual(spend.band(1e6, bounds), "2")  # a bound starts its band
        self.assertEqual(spend.band(5e7, bounds), "3")
        self.assertEqual(spend.band_keys(bounds), ["0", "1", "2", "3"])
        self.assertEqual(spend.band_range("1", bounds), (None, 1e6))
        self.assertEqual(spend.band_range("2", bounds), (1e6, 1e7))
        self.assertEqual(spend.band_range("3", bounds), (1e7, None))

    def test_nps_groups(self):
        self.assertEqual(spend.nps_group(30.0), "promoter")
        self.assertEqual(spend.nps_group(29.9), "passive")
        self.assertEqual(spend.nps_group(0.0), "passive")
        self.assertEqual(spend.nps_group(-0.1), "detractor")
        self.assertIsNone(spend.nps_group(None))

    def test_grid(self):
        cells = spend.grid(
            [(1, 2e7, 50.0), (2, 3e7, -20.0), (3, 1.5e7, 40.0), (4, 5e5, None)], (1e6, 1e7)
        )
        self.assertEqual(cells["3", "promoter"], {"ids": [1, 3], "count": 2, "revenue": 3.5e7})
        self.assertEqual(cells["3", "detractor"]["ids"], [2])
        self.assertEqual(cells["1", None]["count"], 1)


class TestToolsHoldings(BaseCase):
    """A holding of three companies, by hand.

    Revenues 6, 3, 1 (M): weights 0.6, 0.3, 0.1. CSI 4.0, 3.0, 2.0: 0.6*4 + 0.3*3 + 0.1*2 =
    3.5. NPS 50, unknown, -50: (0.6*50 + 0.1*-50) / 0.7 = 25 / 0.7 = 35.714...; at risk
    0.3 + 0.6 + 0.5 = 1.4 (M).
    """

    def test_roll_up(self):
        result = holdings.roll_up(
            [("a", 6e6, 4.0, 50.0, 3e5), ("b", 3e6, 3.0, None, 6e5), ("c", 1e6, 2.0, -50.0, 5e5)]
        )
        self.assertAlmostEqual(result["revenue"], 1e7)
        self.assertEqual(result["weights"], {"a": 0.6, "b": 0.3, "c": 0.1})
        self.assertAlmostEqual(result["csi"], 3.5)
        self.assertAlmostEqual(result["nps"], 25 / 0.7)
        self.assertAlmostEqual(result["at_risk"], 1.4e6)

    def test_no_revenue_plain_mean(self):
        result = holdings.roll_up([("a", 0.0, 4.0, None, 0.0), ("b", None, 2.0, None, None)])
        self.assertEqual(result["weights"], {"a": 0.0, "b": 0.0})
        self.assertAlmostEqual(result["csi"], 3.0)
        self.assertIsNone(result["nps"])
        self.assertEqual(result["at_risk"], 0.0)
