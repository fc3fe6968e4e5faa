from odoo.tests import BaseCase, tagged

from ..tools import scores


@tagged("at_install", "-post_install")
class TestScores(BaseCase):
    """The answer-reading rules, without a database."""

    def test_nps_category_bounds(self):
        self.assertIsNone(scores.nps_category(None))
        self.assertIsNone(scores.nps_category(False))
        self.assertEqual(scores.nps_category(0), "detractor")
        self.assertEqual(scores.nps_category(6), "detractor")
        self.assertEqual(scores.nps_category(7), "passive")
        self.assertEqual(scores.nps_category(8), "passive")
        self.assertEqual(scores.nps_category(9), "promoter")
        self.assertEqual(scores.nps_category(10), "promoter")

    def test_polarity_topics_first(self):
        self.assertEqual(scores.polarity(["praise", "complaint"], csi_score=5), "complaint")
        self.assertEqual(scores.polarity(["praise", "neutral"], csi_score=1), "praise")

    def test_polarity_from_scores(self):
        self.assertEqual(scores.polarity([], csi_score=4), "praise")
        self.assertEqual(scores.polarity([], csi_score=3), "neutral")
        self.assertEqual(scores.polarity([], csi_score=2), "complaint")
        self.assertEqual(scores.polarity([], nps_score=0), "complaint")
        self.assertEqual(scores.polarity([], nps_score=8), "neutral")
        self.assertEqual(scores.polarity([], nps_score=10), "praise")
        self.assertIsNone(scores.polarity([]))
