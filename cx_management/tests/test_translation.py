from odoo.tests import tagged

from .common import CxCase


@tagged("at_install", "-post_install")
class TestRussian(CxCase):
    """Our first users read Russian: reference data, labels and messages come in Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["cx_management"], ["ru_RU"], overwrite=True)
        cls.env_ru = cls.env(context=dict(cls.env.context, lang="ru_RU"))

    def test_reference_data_in_russian(self):
        ref = self.env_ru.ref
        self.assertEqual(ref("cx_management.cx_journey_stage_awareness").name, "Осведомленность")
        self.assertEqual(ref("cx_management.cx_contact_role_operator").name, "Эксплуатант")
        self.assertEqual(
            ref("cx_management.cx_topic_quality_short_shipment").display_name, "Качество / Недогруз"
        )

    def test_labels_and_messages_in_russian(self):
        fields = self.env_ru["cx.feedback"].fields_get(["csi_score", "comment"])
        self.assertEqual(fields["csi_score"]["string"], "Оценка CSI")
        self.assertEqual(fields["comment"]["string"], "Причина")
        feedback = self.env_ru["cx.feedback"].new({"partner_id": self.client.id, "csi_score": 9})
        self.assertEqual(feedback._score_range_error(), "Оценка CSI должна быть от 1 до 5, а не 9.")

    def test_touchpoints_and_requirements_in_russian(self):
        """The questionnaires, the closed loop's mail and states, and the requirements."""
        ref = self.env_ru.ref
        self.assertEqual(
            ref("cx_management.survey_cx_economic").title, "Анкета экономического покупателя"
        )
        template = ref("cx_management.mail_template_cx_feedback_ack")
        self.assertEqual(template.subject, "Мы получили вашу обратную связь")
        self.assertIn("Спасибо за вашу обратную связь", template.body_html)
        states = dict(
            self.env_ru["cx.feedback"].fields_get(["alert_state"])["alert_state"]["selection"]
        )
        self.assertEqual(states["open"], "Ждет ответа")
        fields = self.env_ru["cx.requirement"].fields_get(["importance"])
        self.assertEqual(fields["importance"]["string"], "Важность")
        self.assertEqual(ref("cx_management.cx_requirement_action").name, "Требования клиента")

    def test_templates_in_russian(self):
        """The texts of the back-end QWeb fragments and of the client's stage message."""
        QWeb = self.env_ru["ir.qweb"]
        grid = QWeb._render("cx_management.cx_role_stage_grid", {"stages": [], "rows": []})
        self.assertIn("<th>Роль / этап: средний CSI (обратная связь)</th>", grid)
        evidence = QWeb._render("cx_management.cx_maturity_evidence_table", {"rows": []})
        for header in ("Направление", "Уровень", "Показатели"):
            self.assertIn(f">{header}</th>", evidence)
        message = QWeb._render(
            "cx_management.cx_action_message_stage_change",
            {"paragraphs": ["Готово."], "result": "Сертификаты"},
        )
        self.assertIn("<p>Что сделано:</p>", message)
