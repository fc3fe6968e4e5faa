from odoo.tests import BaseCase, tagged

from ..tools import nps


@tagged("at_install", "-post_install")
class TestNps(BaseCase):
    """The NPS formula and the effect delta, without a database."""

    def test_nps_empty(self):
        self.assertIsNone(nps.nps([]))
        self.assertIsNone(nps.nps(None))
        self.assertIsNone(nps.nps([None, False]))

    def test_nps_shares(self):
        # 2 promoters, 1 passive, 1 detractor out of 4: 50% - 25% = 25
        self.assertAlmostEqual(nps.nps([10, 9, 7, 3]), 25.0)
        self.assertAlmostEqual(nps.nps([9, 10]), 100.0)
        self.assertAlmostEqual(nps.nps([0, 6]), -100.0)
        self.assertAlmostEqual(nps.nps([7, 8]), 0.0)

    def test_nps_zero_is_an_answer(self):
        # 0 is a detractor, the unanswered (False/None) are skipped
        self.assertAlmostEqual(nps.nps([0, False, None, 10]), 0.0)
        self.assertAlmostEqual(nps.nps([0, 9, 9]), 100.0 / 3)

    def test_delta(self):
        self.assertEqual(nps.delta(10.0, 35.0), 25.0)
        self.assertEqual(nps.delta(0.0, -20.0), -20.0)
        self.assertIsNone(nps.delta(False, 5.0))
        self.assertIsNone(nps.delta(5.0, None))
