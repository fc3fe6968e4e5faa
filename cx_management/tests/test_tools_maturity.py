from odoo.tests import BaseCase, tagged

from ..tools import maturity


@tagged("at_install", "-post_install")
class TestMaturityLevels(BaseCase):
    """The level rules of an assessment, on hand-made answer sets."""

    # Two questions per level, as the data has at least one per level and dimension.
    QUESTIONS = (1, 1, 2, 2, 3, 3)

    def _answers(self, yes_up_to, below="no"):
        """Yes to every question up to a level, the given answer above it."""
        return [(level, "yes" if level <= yes_up_to else below) for level in self.QUESTIONS]

    def test_every_level_reachable(self):
        for level in maturity.LEVELS:
            with self.subTest(level=level):
                self.assertEqual(maturity.dimension_level(self._answers(level)), level)

    def test_partly_and_empty_are_not_yes(self):
        self.assertEqual(maturity.dimension_level(self._answers(1, below="partly")), 1)
        self.assertEqual(maturity.dimension_level(self._answers(2, below=None)), 2)
        one_partly = [(1, "yes"), (1, "partly"), (2, "yes"), (3, "yes")]
        self.assertEqual(maturity.dimension_level(one_partly), 0)

    def test_a_gap_stops_the_climb(self):
        # Level 3 all yes does not count while level 2 is not.
        answers = [(1, "yes"), (2, "no"), (3, "yes")]
        self.assertEqual(maturity.dimension_level(answers), 1)

    def test_a_level_without_questions_cannot_be_reached(self):
        self.assertEqual(maturity.dimension_level([(1, "yes"), (3, "yes")]), 1)
        self.assertEqual(maturity.dimension_level([]), 0)

    def test_overall_is_the_weakest_dimension(self):
        self.assertEqual(maturity.overall_level([3, 2, 3, 1, 3]), 1)
        self.assertEqual(maturity.overall_level([3, 3, 3, 3, 3]), 3)
        self.assertEqual(maturity.overall_level([0, 3, 3, 3, 3]), 0)
        self.assertEqual(maturity.overall_level([2, None, 3]), 2)
        self.assertEqual(maturity.overall_level([]), 0)

    def test_next_level(self):
        self.assertEqual(maturity.next_level(0), 1)
        self.assertEqual(maturity.next_level(2), 3)
        self.assertIsNone(maturity.next_level(3))


@tagged("at_install", "-post_install")
class TestMaturityEvidenceRules(BaseCase):
    """The evidence rules on plain figures: every level reachable in every dimension."""

    def test_collection(self):
        level = maturity.collection_level
        self.assertEqual(level(10, 0, set(), False), 0)
        self.assertEqual(level(10, 3, {"claim", "other"}, True), 0, "claims arrive by themselves")
        self.assertEqual(level(10, 3, {"survey"}, False), 1)
        self.assertEqual(level(10, 4, {"survey", "meeting"}, True), 1, "under half of the clients")
        self.assertEqual(level(10, 5, {"survey", "meeting"}, True), 2)
        self.assertEqual(level(10, 10, {"meeting"}, True), 2, "no questionnaires")
        self.assertEqual(level(10, 10, {"survey", "interview"}, False), 2, "no staff logging")
        self.assertEqual(level(10, 8, {"survey", "interview"}, True), 2, "not all clients")
        self.assertEqual(level(10, 9, {"survey", "interview"}, True), 3)
        self.assertEqual(level(0, 0, {"survey"}, True), 1, "no active client: no share")

    def test_analysis(self):
        level = maturity.analysis_level
        self.assertIsNone(level(None, None, None, 10, None))
        self.assertEqual(level(0, 0, None, 10, None), 0)
        self.assertEqual(level(10, 4, None, 10, None), 1)
        self.assertEqual(level(10, 5, None, 10, None), 2)
        self.assertEqual(level(10, 10, None, 10, None), 2, "metrics not used: 3 needs them")
        self.assertEqual(level(10, 10, 5, 10, 0), 2, "no trigger")
        self.assertEqual(level(10, 9, 4, 10, 2), 2, "too few weighted clients")
        self.assertEqual(level(10, 9, 5, 10, 2), 3)

    def test_execution(self):
        level = maturity.execution_level
        self.assertIsNone(level(None, None, None, None))
        self.assertEqual(level(4, 0, 4, 4), 0)
        self.assertEqual(level(4, 1, 4, 4), 1)
        self.assertEqual(level(4, 2, 4, 0), 1, "nobody informed")
        self.assertEqual(level(4, 2, 4, 1), 2)
        self.assertEqual(level(10, 9, 10, 8), 2)
        self.assertEqual(level(10, 9, 10, 9), 3)

    def test_metrics(self):
        level = maturity.metrics_level
        self.assertEqual(level(10, 0, 5, 12, 3, 5), 0)
        self.assertEqual(level(10, 5, 0, 12, 3, 5), 0)
        self.assertEqual(level(10, 1, 1, 1, None, None), 1)
        self.assertEqual(level(10, 5, 5, 3, 3, None), 1, "NPS less than quarterly")
        self.assertEqual(level(10, 5, 5, 4, None, None), 1, "metrics not used")
        self.assertEqual(level(10, 5, 5, 4, 1, None), 2)
        self.assertEqual(level(10, 5, 5, 4, 1, 4), 2)
        self.assertEqual(level(10, 5, 5, 4, 1, 5), 3)

    def test_correction(self):
        level = maturity.correction_level
        self.assertIsNone(level(None, None, None, None))
        self.assertEqual(level(0, 0, 0, 0), 0)
        self.assertEqual(level(4, 0, 4, 1), 0, "actions not born from feedback")
        self.assertEqual(level(4, 1, 1, 1), 1)
        self.assertEqual(level(4, 1, 2, 0), 2)
        self.assertEqual(level(4, 1, 2, 1), 3)

    def test_share(self):
        self.assertIsNone(maturity.share(1, 0))
        self.assertEqual(maturity.share(1, 4), 0.25)
