from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from ..tools import brief as brief_tools
from .common import CxCase


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestClientBrief(CxCase):
    """The client brief of Sibir, rendered as HTML in English and in Russian.

    Sibir: CSI snapshots Q3 3.0 and Q4 4.0; answers: technical 10 (Q4, complaint on defects),
    operator 6 (Q4, complaint on defects), economic 9 on 2026-02-01 (heard 287 days ago:
    silent, more than 180). One open action past its deadline, one done; a standing
    requirement.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["cx_management"], ["ru_RU"], overwrite=True)
        cls.client.user_id = cls.salesman
        Snapshot = cls.env["cx.csi.snapshot"].sudo()
        for day, csi in (("2026-09-30", 3.0), ("2026-12-31", 4.0)):
            Snapshot.create({"partner_id": cls.client.id, "date": day, "csi": csi, "mean": 0.5})
        Feedback = cls.env["cx.feedback"].with_context(cx_no_alert=True)
        for contact, score, day, polarity in (
            (cls.technical, 10, "2026-10-05", "complaint"),
            (cls.operator, 6, "2026-10-06", "complaint"),
            (cls.economic, 9, "2026-02-01", "neutral"),
        ):
            Feedback.create(
                {
                    "partner_id": contact.id,
                    "nps_score": score,
                    "date": day,
                    "polarity": polarity,
                    "stage_id": cls.stage_usage.id,
                    "topic_ids": [Command.set(cls.topic_defects.ids)]
                    if polarity == "complaint"
                    else [],
                }
            )
        cls._create_action(
            name="Certificates with every shipment",
            user_id=cls.salesman.id,
            date_deadline="2026-11-01",
        )
        cls._create_action(
            name="Even deliveries", stage_id=cls.stage_done.id, date_done="2026-10-20"
        )
        cls.env["cx.requirement"].create(
            {
                "name": "Mill certificate with every lot",
                "partner_id": cls.client.id,
                "topic_id": cls.topic_defects.id,
            }
        )
        cls.report = cls.env.ref("cx_management.action_report_client_brief")

    def _html(self, lang):
        Report = self.env["ir.actions.report"].with_user(self.salesman).with_context(lang=lang)
        html, _type = Report._render_qweb_html(self.report, self.client.ids)
        return html.decode()

    def test_data_by_hand(self):
        values = (
            self.env["report.cx_management.report_client_brief"]
            .with_user(self.salesman)
            ._get_report_values(self.client.ids)
        )
        brief = values["briefs"][self.client.id]
        trend = {row["label"]: row for row in brief["trend"]}
        self.assertEqual(trend["Q4 2026"]["csi"], 4.0)
        self.assertEqual(trend["Q3 2026"]["csi"], 3.0)
        # Q4: 10 and 6 -> (1 - 1) / 2 = 0; Q1: the economic buyer's 9 -> +100
        self.assertAlmostEqual(trend["Q4 2026"]["nps"], 0.0)
        self.assertAlmostEqual(trend["Q1 2026"]["nps"], 100.0)
        self.assertEqual(trend["Q4 2026"]["csi_width"], 75.0)  # (4 - 1) / 4
        self.assertEqual(trend["Q4 2026"]["nps_width"], 50.0)
        self.assertEqual(brief["complaints"][0]["count"], 2)
        self.assertEqual(len(brief["actions"]["open"]), 1)
        self.assertTrue(brief["actions"]["open"][0]["late"])
        self.assertEqual(len(brief["actions"]["done"]), 1)
        contacts = {row["name"]: row for row in brief["contacts"]["rows"]}
        self.assertEqual(contacts["Ivan Petrov"]["days"], 287)
        self.assertTrue(contacts["Ivan Petrov"]["silent"])
        self.assertFalse(contacts["Anna Smirnova"]["silent"])
        self.assertEqual(brief["contacts"]["silent"], 1)
        # each contact's NPS over their one answer: 10 and 9 promoters (+100), 6 a detractor
        nps = {row["name"]: row["nps"] for row in brief["contacts"]["rows"]}
        self.assertEqual(
            (nps[self.technical.name], nps[self.operator.name], nps[self.economic.name]),
            (100.0, -100.0, 100.0),
        )

    def test_rendered_in_english(self):
        html = self._html("en_US")
        for text in (
            "Sibir Pipe Works",
            "CSI and NPS trend",
            "Top complaints (12 months)",
            "Certificates with every shipment",
            "(overdue)",
            "Mill certificate with every lot",
            "Who was heard when",
            "Ivan Petrov",
            "Silences: contacts of the client not heard for more than 180 days: 1",
            "4.00",  # Q4's CSI
        ):
            self.assertIn(text, html)

    def test_rendered_in_russian(self):
        html = self._html("ru_RU")
        for text in (
            "Динамика CSI и NPS",
            "Кого и когда слушали",
            "NPS клиента",
            "просрочено",
            "Молчат",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Who was heard when", html)
        # numbers as a Russian reader writes them: Q4's CSI 4.00 with a decimal comma
        self.assertIn("4,00", html)
        self.assertNotIn("4.00", html)

    def test_trend_bars(self):
        """A bar's length is the figure's place on its scale; an NPS below 0 is drawn red
        (the demo's brief showed -86 and -25 as green bars)."""
        rows = brief_tools.trend_bars(
            [{"csi": 3.0, "nps": -86.0}, {"csi": None, "nps": 0.0}, {"csi": 5.0, "nps": None}]
        )
        self.assertEqual([row["csi_width"] for row in rows], [50.0, None, 100.0])
        self.assertEqual([row["nps_width"] for row in rows], [7.0, 50.0, None])
        self.assertEqual([row["nps_negative"] for row in rows], [True, False, False])

    def test_silence_rule(self):
        today = date(2026, 11, 15)
        self.assertTrue(brief_tools.is_silent(None, today))
        self.assertFalse(brief_tools.is_silent(date(2026, 5, 19), today))
        self.assertTrue(brief_tools.is_silent(date(2026, 5, 18), today))
