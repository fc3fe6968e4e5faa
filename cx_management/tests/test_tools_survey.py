from odoo.tests import BaseCase, tagged

from ..tools import survey


@tagged("at_install", "-post_install")
class TestGroupAnswers(BaseCase):
    """Mapped answers grouped into feedback values, without a database."""

    def test_one_group_per_participation_and_stage(self):
        rows = [
            (1, 10, "csi", 2),
            (1, 10, "reason", "  late delivery "),
            (1, 10, "topics", 7),
            (1, 10, "topics", 5),
            (1, 10, "topics", 7),
            (1, 20, "csi", 5),
            (1, None, "nps", 0),
            (2, 10, "csi", 4),
            (2, 10, "value_elements", 3),
        ]
        groups = survey.group_answers(rows)
        self.assertEqual(set(groups), {(1, 10), (1, 20), (1, None), (2, 10)})
        self.assertEqual(
            groups[1, 10],
            {
                "csi_score": 2,
                "nps_score": None,
                "comment": "late delivery",
                "topic_ids": [5, 7],
                "value_element_ids": [],
            },
        )
        self.assertEqual(groups[1, None]["nps_score"], 0)
        self.assertEqual(groups[2, 10]["value_element_ids"], [3])

    def test_reasons_joined_and_empty_groups_dropped(self):
        rows = [
            (1, 10, "reason", "first"),
            (1, 10, "reason", ""),
            (1, 10, "reason", "second"),
            (1, 20, "topics", 4),  # topics alone: no score, no reason, no feedback
            (1, 30, "csi", False),  # Odoo's empty value
        ]
        groups = survey.group_answers(rows)
        self.assertEqual(list(groups), [(1, 10)])
        self.assertEqual(groups[1, 10]["comment"], "first\nsecond")
        self.assertIsNone(groups[1, 10]["csi_score"])

    def test_stage_false_is_no_stage(self):
        groups = survey.group_answers([(1, False, "nps", 9), (1, None, "reason", "good")])
        self.assertEqual(
            groups,
            {
                (1, None): {
                    "csi_score": None,
                    "nps_score": 9,
                    "comment": "good",
                    "topic_ids": [],
                    "value_element_ids": [],
                }
            },
        )
