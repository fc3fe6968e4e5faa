import io

import joblib

from odoo.tests import BaseCase, tagged

from ..tools import topics
from . import text_examples


@tagged("at_install", "-post_install")
class TestTopicTools(BaseCase):
    """Learning topics and polarity from tagged comments, without a database."""

    def test_held_out_comments_well_above_chance(self):
        """Five topics of 14 comments each: a held-out 20 % (14 comments, stratified) is guessed
        by its top suggestion far more often than by always naming the commonest topic (1/5)."""
        model, evaluation = topics.train(text_examples.examples())
        self.assertEqual(evaluation["status"], topics.STATUS_TRAINED)
        self.assertEqual(evaluation["examples"], 70)
        self.assertEqual(evaluation["test"], 14)
        self.assertEqual(evaluation["train"], 56)
        # stratified: 14 held out of 5 equal topics leaves each 2 or 3, the commonest 3 of 14
        self.assertLessEqual(evaluation["chance"], 3 / 14)
        self.assertGreaterEqual(evaluation["top1"], 0.7)
        self.assertGreaterEqual(evaluation["top3"], evaluation["top1"])
        self.assertGreaterEqual(evaluation["top3"], 0.9)
        learned = {row["topic"]: row for row in evaluation["topics"]}
        self.assertEqual(set(learned), set(text_examples.EXAMPLES))
        for row in learned.values():
            self.assertEqual(row["state"], topics.STATE_LEARNED)
            self.assertEqual(row["examples"], 14)
            self.assertIn(row["test"], (2, 3))
            self.assertIsNotNone(row["recall"])
        self.assertIsNotNone(model)

    def test_new_comments_in_both_languages(self):
        """Word forms that never appear in the training set still find their topic."""
        model, _evaluation = topics.train(text_examples.examples())
        suggestions = model.suggest(
            [
                "Доставку снова задержали на неделю",  # «доставку»: no training comment has it
                "Трещины и брак на трубах",
                "Менеджеру невозможно дозвониться",
                "The invoice had errors",
            ]
        )
        self.assertEqual(
            [found[0][0] for found in suggestions], ["delivery", "quality", "manager", "documents"]
        )

    def test_suggestions_sorted_at_most_three(self):
        model, _evaluation = topics.train(text_examples.examples())
        for found in model.suggest(
            ["Дорогая доставка и ошибки в документах, менеджер не отвечает, брак", "price"],
            min_confidence=0.0,
        ):
            self.assertLessEqual(len(found), 3)
            confidences = [confidence for _topic, confidence in found]
            self.assertEqual(confidences, sorted(confidences, reverse=True))
            for confidence in confidences:
                self.assertGreaterEqual(confidence, 0.0)
                self.assertLessEqual(confidence, 1.0)

    def test_unknown_text_suggests_nothing(self):
        """A text sharing no n-gram with the training comments, and an empty one, get []."""
        model, _evaluation = topics.train(text_examples.examples())
        self.assertEqual(model.suggest(["", "   ", "12345", "qqqq zzzz"]), [[], [], [], []])
        self.assertEqual(model.suggest([]), [])

    def test_empty_and_one_topic_say_so(self):
        model, evaluation = topics.train([])
        self.assertIsNone(model)
        self.assertEqual(evaluation["status"], topics.STATUS_EMPTY)
        model, evaluation = topics.train([("Доставка опоздала", [], "complaint")] * 10)
        self.assertIsNone(model)
        self.assertEqual(evaluation["status"], topics.STATUS_EMPTY)
        model, evaluation = topics.train(
            [(text, ["delivery"], None) for text in text_examples.DELIVERY]
        )
        self.assertIsNone(model)
        self.assertEqual(evaluation["status"], topics.STATUS_ONE_TOPIC)
        self.assertEqual(evaluation["examples"], 14)

    def test_sub_topics_roll_up_and_too_few_are_named(self):
        """Three comments of a sub-topic (< 5) train as its main topic; a main topic with four
        comments and no sub-topic is named too few and never suggested."""
        examples = text_examples.examples()
        examples += [
            (text, ["quality/rust"], "complaint")
            for text in ("Ржавчина на листах", "Ржавые трубы", "Rust on the pipes")
        ]
        examples += [
            (text, ["packaging"], "complaint")
            for text in (
                "Упаковка порвана",
                "Пачки развалились",
                "Damaged packaging",
                "Упаковку повредили",
            )
        ]
        parents = {"quality/rust": "quality"}
        model, evaluation = topics.train(examples, parents=parents)
        states = {row["topic"]: (row["label"], row["state"]) for row in evaluation["topics"]}
        self.assertEqual(states["quality/rust"], ("quality", topics.STATE_ROLLED_UP))
        self.assertEqual(states["packaging"], (None, topics.STATE_TOO_FEW))
        self.assertEqual(states["quality"], ("quality", topics.STATE_LEARNED))
        self.assertNotIn("packaging", model.labels)
        self.assertNotIn("quality/rust", model.labels)
        quality = next(row for row in evaluation["topics"] if row["topic"] == "quality")
        self.assertEqual(quality["label_examples"], 14 + 3)

    def test_plan_labels_tree(self):
        """A grandchild with too few joins its parent; the pooled parent (2 + 3 = 5) is enough
        and is learned on its own."""
        plan = topics.plan_labels(
            {"a": {1, 2, 3, 4, 5, 6}, "b": {7, 8}, "c": {9, 10, 11}}, {"b": "a", "c": "b"}
        )
        self.assertEqual(plan["c"], ("b", topics.STATE_ROLLED_UP))
        self.assertEqual(plan["b"], ("b", topics.STATE_LEARNED))
        self.assertEqual(plan["a"], ("a", topics.STATE_LEARNED))
        plan = topics.plan_labels({"b": {7}, "c": {9}}, {"b": "a", "c": "b"})
        self.assertEqual(plan["c"], (None, topics.STATE_TOO_FEW))
        self.assertEqual(plan["a"], (None, topics.STATE_TOO_FEW))

    def test_polarity(self):
        examples = text_examples.examples() + [
            (text, [], "praise") for text in text_examples.PRAISE
        ]
        model, evaluation = topics.train(examples)
        self.assertEqual(evaluation["polarity"]["status"], topics.STATUS_TRAINED)
        self.assertEqual(evaluation["polarity"]["examples"], 80)
        found = model.suggest_polarity(
            ["Спасибо большое, всё отлично", "Брак и трещины на трубах", ""]
        )
        self.assertEqual(found[0][0], "praise")
        self.assertEqual(found[1][0], "complaint")
        self.assertIsNone(found[2])

    def test_dumps_and_loads(self):
        model, _evaluation = topics.train(text_examples.examples())
        again = topics.TextModel.loads(model.dumps())
        text = ["Менеджер не отвечает на звонки"]
        self.assertEqual(again.suggest(text), model.suggest(text))
        with self.assertRaises(ValueError):
            buffer = io.BytesIO()
            joblib.dump({"not": "a model"}, buffer)
            topics.TextModel.loads(buffer.getvalue())

    def test_emerging_groups(self):
        """Comments of two themes the model was never taught fall into two groups named by
        their words."""
        weighing, parking = text_examples.WEIGHING, text_examples.PARKING
        groups = topics.emerging_groups(weighing + parking, max_groups=2, min_group=3)
        self.assertEqual(len(groups), 2)
        members = sorted(sorted(group["members"]) for group in groups)
        self.assertEqual(members, [[0, 1, 2, 3], [4, 5, 6, 7]])
        words = {word for group in groups for word in group["words"]}
        self.assertTrue({"весах", "склада"} <= words, words)
        self.assertEqual(topics.emerging_groups(["один"]), [])
