from odoo.tests import HttpCase, tagged

from ..models import cx_text_model
from . import text_examples
from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestSuggestionChipsTour(CxTestMixin, HttpCase):
    """Issue #15: a suggested topic is one click in the feedback form, in the browser."""

    def test_click_a_suggested_topic(self):
        Topic = self.env["cx.topic"]
        topics = {
            key: Topic.create({"name": f"Test {key}", "polarity": "complaint"})
            for key in text_examples.EXAMPLES
        }
        Feedback = self.env["cx.feedback"].with_context(cx_no_alert=True)
        partners = [self.technical, self.other_technical]
        Feedback.create(
            [
                {
                    "partner_id": partners[index % 2].id,
                    "csi_score": 2,
                    "comment": text,
                    "topic_ids": [(6, 0, topics[key].ids)],
                }
                for key, texts in text_examples.EXAMPLES.items()
                for index, text in enumerate(texts)
            ]
        )
        cx_text_model._LOADED.clear()
        self.env["cx.feedback"].with_user(self.cx_manager).cx_learn_topics()
        feedback = self._create_feedback(
            comment="Доставку снова задержали, сертификатов нет", user_id=self.salesman.id
        )
        self.assertFalse(feedback.topic_ids)
        offered = feedback.with_user(self.salesman).cx_suggestions["topics"]
        self.assertIn(topics["delivery"].id, [chip["id"] for chip in offered])
        self.start_tour(
            f"/odoo/action-cx_management.cx_feedback_action/{feedback.id}",
            "cx_suggestion_chips_tour",
            login=self.salesman.login,
        )
        self.assertIn(topics["delivery"], feedback.topic_ids)
