from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.digest_digest import CX_KPIS
from .common import CxCase


@freeze_time("2026-11-15 08:00:00")
@tagged("post_install", "-at_install")
class TestDigest(CxCase):
    """The kpi_cx_* values of Odoo's digest over 1-14 November 2026, by hand.

    In the timeframe: Sibir answers 10 and 9 (account NPS +100), Volga answers 3 (-100):
    mean account NPS 0.0; three feedback created. Before it, on 20 October: Volga 10.
    Alerts: one open due on 10 November (overdue, in the timeframe), one open due on
    20 November (not yet due), one handled due on 5 November. Actions: one done on 3 November,
    one on 20 October. Coverage: Sibir and Volga heard in the timeframe; active clients are
    those two, and Ural with a salesperson and not heard: 2 / 3 = 66.67 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ural = cls._create_client("Ural Tubes", user_id=cls.salesman.id)
        Feedback = cls.env["cx.feedback"].with_context(cx_no_alert=True)
        with freeze_time("2026-10-20"):
            old = Feedback.create(
                {"partner_id": cls.other_economic.id, "nps_score": 10, "date": "2026-10-20"}
            )
        with freeze_time("2026-11-05"):
            rows = [
                Feedback.create({"partner_id": contact.id, "nps_score": score, "date": day})
                for contact, score, day in (
                    (cls.economic, 10, "2026-11-03"),
                    (cls.technical, 9, "2026-11-04"),
                    (cls.other_economic, 3, "2026-11-05"),
                )
            ]
        for feedback, state, deadline in (
            (rows[2], "open", "2026-11-10"),
            (rows[0], "open", "2026-11-20"),
            (rows[1], "handled", "2026-11-05"),
            (old, "escalated", "2026-10-25"),
        ):
            feedback.sudo().write({"alert_state": state, "alert_date_deadline": deadline})
        cls._create_action(date_done="2026-11-03", stage_id=cls.stage_done.id)
        cls._create_action(date_done="2026-10-20", stage_id=cls.stage_done.id)
        cls.digest = cls.env.ref("digest.digest_digest_default")
        cls.digest.company_id = cls.company

    def _values(self, user):
        digest = self.digest.with_user(user).with_context(
            start_datetime=datetime(2026, 11, 1), end_datetime=datetime(2026, 11, 15)
        )
        return {name: digest[f"kpi_cx_{name}_value"] for name in CX_KPIS}

    def test_values(self):
        values = self._values(self.cx_manager)
        self.assertEqual(values["feedback_received"], 3)
        self.assertAlmostEqual(values["account_nps"], 0.0)
        self.assertEqual(values["alerts_overdue"], 1)
        self.assertEqual(values["actions_done"], 1)
        self.assertAlmostEqual(values["coverage"], 200 / 3)

    def test_enabled_and_in_the_mail(self):
        for name in CX_KPIS:
            self.assertTrue(self.digest[f"kpi_cx_{name}"], name)
        kpis = self.digest._compute_kpis(self.company, self.cx_manager)
        names = [kpi["kpi_name"] for kpi in kpis]
        self.assertIn("kpi_cx_feedback_received", names)
        self.assertIn("kpi_cx_coverage", names)
        self.digest._action_send_to_user(self.cx_manager)
        mail = self.env["mail.mail"].sudo().search([], order="id desc", limit=1)
        body = mail.body_html
        self.assertIn("CX Feedback Received", str(body))
        self.assertIn("Clients Heard (%)", str(body))

    def test_not_a_cx_user_skipped(self):
        with self.assertRaises(AccessError):
            self._values(self.employee)["feedback_received"]
