import os
import re

import polib
from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from .common import CxCase, CxTestMixin

# What a native reader stumbles on (issue 12, item 14): calques of the English and plurals in
# parentheses; each pattern is matched in every msgstr of both addons' ru.po
CALQUES = {
    "Окно подтверждений": r"окн[оа] подтверждени",
    "Подтверждения зрелости": r"подтверждени[яе] зрелости",
    "Упущен (neglected)": r"\bупущен\b",
    "NPS аккаунта": r"аккаунт",
    "Эксплуатант": r"эксплуатант",
    "Постпокупочный опыт": r"постпокупочн",
    "Роль x этап": r"рол[ьи] [xх×] этап",
}
PARENTHETICAL_PLURAL = r"[а-яё]\((?:я|ов|ев|и|ы|а|ей|ий|е|ь)\)"


@tagged("at_install", "-post_install")
class TestRussian(CxCase):
    """Our first users read Russian: reference data, labels and messages come in Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["cx_management"], ["ru_RU"], overwrite=True)
        cls.env_ru = cls.env(context=dict(cls.env.context, lang="ru_RU"))

    def test_requirement_named_in_the_readers_language(self):
        """A requirement's name (breadcrumb, links) names its aspect in Russian for a Russian
        reader, though it was recorded by an English-speaking user."""
        requirement = self.env["cx.requirement"].create(
            {"partner_id": self.client.id, "name": "Caps", "topic_id": self.topic_defects.id}
        )
        topic_ru = self.env_ru["cx.topic"].browse(self.topic_defects.id).display_name
        self.assertNotEqual(topic_ru, self.topic_defects.display_name)
        self.assertEqual(
            self.env_ru["cx.requirement"].browse(requirement.id).display_name,
            f"{self.client.name} - {topic_ru}",
        )

    def test_requirement_aspect_in_the_readers_language(self):
        """The stored aspect (the lists and the pivot group by it) reads in each reader's
        language, whoever saved the requirement (issue #12: English topics in the Russian
        demo's lists)."""
        requirement = self.env_ru["cx.requirement"].create(
            {"partner_id": self.client.id, "name": "Caps", "topic_id": self.topic_defects.id}
        )
        topic_en = self.topic_defects.with_context(lang="en_US").display_name
        topic_ru = self.env_ru["cx.topic"].browse(self.topic_defects.id).display_name
        self.assertNotEqual(topic_ru, topic_en)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(requirement.aspect, topic_ru)
        self.assertEqual(requirement.with_context(lang="en_US").aspect, topic_en)
        groups = self.env_ru["cx.requirement"].read_group(
            [("id", "=", requirement.id)], ["aspect"], ["aspect"]
        )
        self.assertEqual([group["aspect"] for group in groups], [topic_ru])
        # a renamed topic renames the aspect in the language of the rename only
        self.topic_defects.with_context(lang="en_US").name = "Surface defects"
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertIn("Surface defects", requirement.with_context(lang="en_US").aspect)
        self.assertEqual(requirement.aspect, topic_ru)
        # computed before the Russian terms were loaded (the demo's requirements at install,
        # an 18.0.1.0.0 database's at upgrade): loading them computes the aspect again
        self.env.cr.execute(
            "UPDATE cx_requirement SET aspect = jsonb_build_object('en_US', 'Defects') "
            "WHERE id = %s",
            [requirement.id],
        )
        self.env.invalidate_all()
        self.assertEqual(requirement.aspect, "Defects", "read in English: no Russian stored")
        self.env["ir.module.module"]._load_module_terms(["cx_management"], ["ru_RU"])
        self.env.invalidate_all()
        self.assertEqual(requirement.aspect, topic_ru)

    def test_reference_data_in_russian(self):
        ref = self.env_ru.ref
        self.assertEqual(ref("cx_management.cx_journey_stage_awareness").name, "Осведомленность")
        self.assertEqual(
            ref("cx_management.cx_contact_role_operator").name, "Пользователь продукции"
        )
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

    def test_no_calques_nor_parenthetical_plurals(self):
        """No msgstr of either addon holds a calque of the issue or a plural in parentheses
        ("требование(я)"): Russian plurals are phrased, not bracketed."""
        found = []
        for addon in ("cx_management", "cx_management_sale"):
            path = get_module_path(addon)
            if not path:
                continue
            for entry in polib.pofile(os.path.join(path, "i18n", "ru.po")):
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
                for text in texts:
                    for name, pattern in CALQUES.items():
                        if re.search(pattern, text, re.IGNORECASE):
                            found.append(f"{addon}: {name}: {entry.msgid!r} -> {text!r}")
                    if re.search(PARENTHETICAL_PLURAL, text, re.IGNORECASE):
                        found.append(f"{addon}: plural in parentheses: {text!r}")
        self.assertFalse(found, "\n".join(found))

    def test_action_stages_agree(self):
        """The stages of an improvement action (мероприятие, neuter) read as one series."""
        codes = ("new", "planned", "in_progress", "done", "cancelled")
        names = [self.env_ru.ref(f"cx_management.cx_action_stage_{code}").name for code in codes]
        self.assertEqual(names, ["Новое", "Запланировано", "В работе", "Выполнено", "Отменено"])


@tagged("post_install", "-at_install")
class TestRussianPortal(CxTestMixin, HttpCase):
    """The portal speaks the client's language: to its logged-in portal user, and to whoever
    opens an action from the link of a mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["cx_management"], ["ru_RU"], overwrite=True)
        (cls.client | cls.client.child_ids).write({"lang": "ru_RU"})
        cls.portal_user.lang = "ru_RU"
        cls.action = cls._create_action(
            name="Сертификаты с каждой отгрузкой",
            contact_id=cls.economic.id,
            portal_published=True,
            date_deadline="2030-06-30",
            client_summary="<p>Сертификаты прикладываем к накладной.</p>",
        )
        cls.action._portal_ensure_token()

    def _assert_russian(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.action.name, response.text)
        self.assertIn("<strong>Этап:</strong>", response.text)
        self.assertNotIn("<strong>Stage:</strong>", response.text)

    def test_portal_user_reads_own_language(self):
        self.authenticate("cx_portal", "cx_portal")
        self._assert_russian(self.url_open(f"/my/cx/actions/{self.action.id}"))

    def test_link_of_the_mail_opens_in_client_language(self):
        """Not logged in, by the action's tokened link, as the client's mail gives it."""
        self._assert_russian(self.url_open(self.action.get_portal_url()))


# The list view's fixed column widths (web/static/src/views/list/column_width_hook.js
# FIELD_WIDTHS: the widget's, else the field type's) and what a header needs: about 7 px a Latin
# letter and 8 px a Cyrillic one at the list's 14 px, and 8 px for the sort arrow (the widths
# are of the content: the cell's padding comes on top).
FIXED_WIDTHS = {
    "integer": 71,
    "float": 93,
    "monetary": 105,
    "boolean": 100,
    # the web client sizes a date column to its widest date (74 px in English and Russian at
    # 14 px, measured in Chromium; a datetime's about 140): 80 leaves the formula's margin
    "date": 80,
    "datetime": 140,
}
FREE_WIDGETS = {"badge", "priority", "handle", "boolean_toggle", "percentage", "remaining_days"}


def _header_width(label):
    return 8 + sum(8 if "\u0400" <= char <= "\u04ff" else 7 for char in label)


@tagged("at_install", "-post_install")
class TestListHeadersFit(CxCase):
    """No list column of the addon cuts its header (issue #12, items 1 and 14), in English and
    in Russian: a column of fixed width (numbers, booleans, or an explicit `width`) is wide
    enough for its label, as Odoo's own lists shorten their labels (`string=`) or widen the
    column (`width=`)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["cx_management"], ["ru_RU"], overwrite=True)

    def _list_columns(self, lang):
        """(view, field, label, width) of every column of fixed width of the addon's lists."""
        env = self.env(context=dict(self.env.context, lang=lang))
        data = env["ir.model.data"].search(
            [("module", "=", "cx_management"), ("model", "=", "ir.ui.view")]
        )
        views = env["ir.ui.view"].browse(data.mapped("res_id")).exists()
        roots = views.filtered(lambda v: v.type in ("list", "form") and not v.inherit_id)
        archs = [
            (view, etree.fromstring(env[view.model].get_view(view.id, view.type)["arch"]))
            for view in roots
        ]
        # the lists the addon adds to Odoo's forms (the client's Customer Experience tab: its
        # one2many fields of cx_management), in the model's form as the web client gets it
        extended = set(views.filtered(lambda v: v.type == "form" and v.inherit_id).mapped("model"))
        for model_name in sorted(extended):
            form = env[model_name].get_view(view_type="form")
            archs.append((env["ir.ui.view"].browse(form["id"]), etree.fromstring(form["arch"])))
        for view, arch in archs:
            lists = arch.iter("list") if arch.tag == "form" else [arch]
            for node in lists:
                model = env[view.model]
                parent = node.getparent()
                if parent is not None and parent.tag == "field":
                    field = model._fields[parent.get("name")]
                    if view not in roots and field._module != "cx_management":
                        continue
                    model = env[field.comodel_name]
                elif view not in roots:
                    continue
                for column in node.iterchildren("field"):
                    name = column.get("name")
                    if column.get("column_invisible") in ("1", "True", "true"):
                        continue
                    field = model._fields[name]
                    widget = column.get("widget")
                    width = column.get("width")
                    if width:
                        width = int(width.removesuffix("px"))
                    elif widget in FREE_WIDGETS:
                        continue
                    else:
                        width = FIXED_WIDTHS.get(widget or field.type)
                    if not width:
                        continue
                    label = column.get("string") or model.fields_get([name])[name]["string"]
                    yield view, name, label, width

    def test_fixed_width_columns_fit_their_headers(self):
        for lang in ("en_US", "ru_RU"):
            cut = [
                f"{view.xml_id} {name}: «{label}» needs {_header_width(label)} px of {width}"
                for view, name, label, width in self._list_columns(lang)
                if _header_width(label) > width
            ]
            with self.subTest(lang=lang):
                self.assertFalse(cut, "\n".join(cut))
