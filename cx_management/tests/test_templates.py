from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.tests import BaseCase, tagged

from ..tools import csi
from .common import CxCase

TODAY = "2026-06-30"
EVIL = "<b>x</b>"


def _table(markup):
    """[[cell text, ...], ...] of the rows of the HTML table(s), header rows included."""
    return [
        [cell.text_content().strip() for cell in row.xpath("./th|./td")]
        for row in lxml_html.fragment_fromstring(str(markup), create_parent="div").xpath("//tr")
    ]


def _styles(markup, xpath):
    root = lxml_html.fragment_fromstring(str(markup), create_parent="div")
    return [element.get("style") for element in root.xpath(xpath)]


@tagged("at_install", "-post_install")
class TestToolsCsiColour(BaseCase):
    """The background ramp of a CSI average, without a database."""

    def test_ramp_red_amber_green(self):
        self.assertEqual(csi.csi_colour(1), "rgb(230, 90, 110)")
        self.assertEqual(csi.csi_colour(2), "rgb(230, 155, 110)")
        self.assertEqual(csi.csi_colour(3), "rgb(230, 200, 110)")
        self.assertEqual(csi.csi_colour(4), "rgb(155, 200, 110)")
        self.assertEqual(csi.csi_colour(5), "rgb(80, 200, 110)")

    def test_outside_the_scale_is_clipped(self):
        self.assertEqual(csi.csi_colour(0.2), csi.csi_colour(1))
        self.assertEqual(csi.csi_colour(7), csi.csi_colour(5))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestTemplates(CxCase):
    """The back-end HTML fragments rendered by QWeb: their figures, and user data as text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_evil = cls.env["cx.contact.role"].create({"name": EVIL, "code": "evil"})
        cls.stage_evil = cls.env["cx.journey.stage"].create(
            {"name": "<i>y</i>", "code": "evil", "sequence": 99}
        )
        Partner = cls.env["res.partner"]
        cls.evil_contact = Partner.create(
            {"name": "<i>Ivan</i>", "parent_id": cls.client.id, "cx_role_id": cls.role_evil.id}
        )
        cls.other_buyer = Partner.create({"name": "Nina Orlova", "parent_id": cls.other_client.id})
        cls.third_client = Partner.create({"name": "Kama Rails", "is_company": True})

    @classmethod
    def _give(cls, partner, **values):
        return cls.env["cx.feedback"].create({"partner_id": partner.id, **values})

    # ------------------------------------------------------------
    # Role x stage grid
    # ------------------------------------------------------------

    def test_role_stage_grid(self):
        self._give(self.operator, csi_score=4, stage_id=self.stage_usage.id)
        self._give(self.operator, csi_score=2, stage_id=self.stage_usage.id)
        self._give(self.technical, nps_score=9, stage_id=self.stage_usage.id)
        self._give(self.evil_contact, csi_score=5, stage_id=self.stage_evil.id)
        markup = self.client.with_user(self.salesman).cx_role_stage_html
        rows = _table(markup)
        head = rows[0]
        self.assertEqual(head[0], "Role / Stage: average CSI (feedback)")
        stages = self.env["cx.journey.stage"].search([])
        self.assertEqual(head[1:], stages.mapped("name"))
        grid = {row[0]: dict(zip(head[1:], row[1:], strict=True)) for row in rows[1:]}
        self.assertEqual(list(grid), self.env["cx.contact.role"].search([]).mapped("name"))
        usage, evil = self.stage_usage.name, self.stage_evil.name
        # 4 and 2: average 3.0 of 2 feedback, amber
        self.assertEqual(grid[self.role_operator.name][usage], "3.0 (2)")
        # one feedback without a CSI score: its count only
        self.assertEqual(grid[self.role_technical.name][usage], "(1)")
        self.assertEqual(grid[self.role_technical.name][evil], "-")
        self.assertEqual(grid[EVIL][evil], "5.0 (1)")
        self.assertCountEqual(
            _styles(markup, "//td[@style]"),
            ["background-color: rgb(230, 200, 110)", "background-color: rgb(80, 200, 110)"],
        )
        # the names are text, not markup
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", str(markup))
        self.assertIn("&lt;i&gt;y&lt;/i&gt;", str(markup))
        self.assertNotIn(EVIL, str(markup))
        self.assertFalse(self.other_client.cx_role_stage_html, "no feedback, no grid")
        self.assertFalse(self.operator.cx_role_stage_html, "a contact has no grid")

    # ------------------------------------------------------------
    # Overview distributions
    # ------------------------------------------------------------

    def test_csi_and_nps_distributions(self):
        for score, nps in ((1, 10), (1, 9), (2, 7), (5, 3)):
            self._give(self.operator, csi_score=score, nps_score=nps, date="2026-06-01")
        self._give(self.other_buyer, csi_score=5, nps_score=0, date="2025-01-10")
        (self.client | self.other_client | self.third_client).sudo().write(
            {"cx_csi": 1.5, "cx_nps": -20}
        )
        self.other_client.sudo().write({"cx_csi": 3.5, "cx_nps": 0})
        self.third_client.sudo().write({"cx_csi": 4.2, "cx_nps": 60})
        overview = self.env.company.with_user(self.cx_manager)
        # the feedback of the 12-month window only: scores 1, 1, 2, 5
        csi_rows = _table(overview.cx_csi_distribution_html)
        self.assertEqual(
            csi_rows,
            [
                ["CSI scores of the feedback"],
                ["1", "2", ""],
                ["2", "1", ""],
                ["3", "0", ""],
                ["4", "0", ""],
                ["5", "1", ""],
                ["Clients by integral CSI"],
                ["below 2", "1", ""],
                ["2 - 3", "0", ""],
                ["3 - 4", "1", ""],
                ["4 and above", "1", ""],
            ],
        )
        self.assertEqual(
            _styles(overview.cx_csi_distribution_html, "//div[@role='progressbar']"),
            [f"width: {share}%" for share in (50, 25, 0, 0, 25, 33, 0, 33, 33)],
        )
        # 2 promoters, 1 passive, 1 detractor of 4 answers: NPS (2 - 1) / 4 = 25
        nps_rows = _table(overview.cx_nps_distribution_html)
        self.assertEqual(
            nps_rows,
            [
                ["NPS answers of the feedback (NPS 25)"],
                ["Promoter", "2", ""],
                ["Passive", "1", ""],
                ["Detractor", "1", ""],
                ["Clients by account NPS"],
                ["below 0", "1", ""],
                ["0 - 50", "1", ""],
                ["50 and above", "1", ""],
            ],
        )
        self.assertEqual(
            _styles(overview.cx_nps_distribution_html, "//div[@role='progressbar']"),
            [f"width: {share}%" for share in (50, 25, 25, 33, 33, 33)],
        )

    def test_distribution_labels_are_text(self):
        markup = self.env["res.company"]._cx_bars_html((EVIL, [("<i>y</i>", 1)]), ("Empty", []))
        self.assertEqual(_table(markup), [[EVIL], ["<i>y</i>", "1", ""], ["Empty"]])
        self.assertNotIn(EVIL, str(markup))
        self.assertEqual(_styles(markup, "//div[@role='progressbar']"), ["width: 100%"])

    # ------------------------------------------------------------
    # Maturity evidence
    # ------------------------------------------------------------

    def test_maturity_evidence_table(self):
        company = self.env.company.with_user(self.cx_manager)
        evidence = {
            "collection": (2, f"Clients heard: 2 of 4 (50 %), {EVIL}"),
            "analysis": (None, "Needs improvement actions, not used yet."),
            "execution": (0, "Actions done: 0"),
        }
        labels = dict(
            self.env["cx.maturity.level"]._fields["dimension"]._description_selection(self.env)
        )
        markup = company._cx_evidence_table(evidence)
        self.assertEqual(
            _table(markup),
            [
                ["Dimension", "Level", "Figures"],
                [labels["collection"], "2", f"Clients heard: 2 of 4 (50 %), {EVIL}"],
                [labels["analysis"], "-", "Needs improvement actions, not used yet."],
                [labels["execution"], "0", "Actions done: 0"],
            ],
        )
        self.assertNotIn(EVIL, str(markup))
        rows = _table(company.cx_evidence_html)
        self.assertEqual([row[0] for row in rows], ["Dimension", *labels.values()])

    # ------------------------------------------------------------
    # Improvement actions
    # ------------------------------------------------------------

    def test_action_description_from_feedback(self):
        feedback = self._give(self.evil_contact, csi_score=1, comment=f"{EVIL} late")
        feedback |= self._give(self.operator, csi_score=2, comment="Certificates missing")
        feedback |= self._give(self.operator, csi_score=3)
        values = self.env["cx.action"].with_user(self.salesman)._prepare_from_feedback(feedback)
        description = values["description"]
        evil, operator = self.evil_contact.display_name, self.operator.display_name
        paragraphs = lxml_html.fragment_fromstring(str(description), create_parent="div")
        self.assertEqual(
            [(p.findtext("b"), p.text_content()) for p in paragraphs.xpath("//p")],
            [
                (evil, f"{evil}: {EVIL} late"),
                (operator, f"{operator}: Certificates missing"),
            ],
        )
        self.assertEqual(evil, f"{self.client.name}, <i>Ivan</i>", "the client, then the contact")
        self.assertNotIn(EVIL, str(description))
        quiet = self._give(self.operator, csi_score=4)
        self.assertFalse(self.env["cx.action"]._prepare_from_feedback(quiet)["description"].strip())

    def test_stage_change_message(self):
        action = self.env["cx.action"].create(
            {
                "name": f"Certify {EVIL}",
                "partner_id": self.client.id,
                "contact_id": self.operator.id,
                "date_deadline": "2026-07-15",
                "client_result": "<p>Certificates travel with the pipes.</p>",
            }
        )
        action.stage_id = self.env.ref("cx_management.cx_action_stage_in_progress")
        action._cx_notify_stage_change()
        action.stage_id = self.env.ref("cx_management.cx_action_stage_done")
        action._cx_notify_stage_change()
        comment = self.env.ref("mail.mt_comment")
        done, progress = action.message_ids.filtered(lambda m: m.subtype_id == comment)[:2]
        texts = [
            p.text_content()
            for p in lxml_html.fragment_fromstring(progress.body, create_parent="div").xpath("//p")
        ]
        self.assertEqual(len(texts), 2)
        self.assertIn(f"Certify {EVIL}", texts[0])
        self.assertIn("In progress", texts[0])
        self.assertIn("Planned completion: 07/15/2026.", texts[1])
        self.assertNotIn(EVIL, progress.body)
        texts = [
            p.text_content()
            for p in lxml_html.fragment_fromstring(done.body, create_parent="div").xpath("//p")
        ]
        self.assertEqual(len(texts), 3, "no planned completion once done")
        self.assertEqual(texts[1:], ["What was done:", "Certificates travel with the pipes."])
