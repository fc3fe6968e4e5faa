from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CxCase
from .test_dashboard import DashboardFixtures


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestMovers(DashboardFixtures, CxCase):
    """Movers between Q3 and Q4 2026 of the dashboard's fixtures, and their drop alerts.

    By hand: CSI Sibir 3.0 -> 4.0 (+1.0, climber), Volga 4.5 -> 3.5 (-1.0, a drop: at least
    0.5); account NPS Sibir -100 -> 33.33 (+133.33), Volga +100 -> -100 (-200, a drop: at
    least 20). Volga's salesperson is salesman_2, and Maria is the CX manager of company A.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dashboard_world(fields.Date.to_date("2026-11-15"))

    def _movers(self):
        return self.env["cx.mover"].search([("company_id", "=", self.company.id)])

    def _activities(self, client):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", client.id)]
        )

    def test_refresh_writes_hand_computed_movers(self):
        self.env["cx.mover"]._cx_refresh_movers()
        rows = {(m.partner_id, m.figure): m for m in self._movers()}
        self.assertEqual(len(rows), 4)
        sibir_csi = rows[self.client, "csi"]
        self.assertEqual(
            (sibir_csi.value_before, sibir_csi.value_after, sibir_csi.delta), (3.0, 4.0, 1.0)
        )
        self.assertEqual(sibir_csi.direction, "climber")
        self.assertFalse(sibir_csi.is_drop)
        self.assertEqual(str(sibir_csi.date_to), "2026-12-31")
        self.assertEqual(str(sibir_csi.date_before), "2026-09-30")
        volga_nps = rows[self.other_client, "nps"]
        self.assertAlmostEqual(volga_nps.delta, -200.0)
        self.assertTrue(volga_nps.is_drop)
        self.assertTrue(rows[self.other_client, "csi"].is_drop)
        self.assertAlmostEqual(rows[self.client, "nps"].delta, 100 / 3 + 100)
        # a second run writes the same rows, none more
        self.env["cx.mover"]._cx_refresh_movers()
        self.assertEqual(len(self._movers()), 4)

    def test_drop_alerted_once(self):
        Mover = self.env["cx.mover"]
        result = Mover._cron_detect_movers()
        self.assertEqual(result, {"alerted": 2, "remaining": 0})
        activities = self._activities(self.other_client)
        # two drops (CSI, NPS), each to the salesperson and to Maria
        for user in (self.salesman_2, self.cx_manager):
            mine = activities.filtered(lambda a, u=user: a.user_id == u)
            self.assertEqual(len(mine), 2, user.name)
        self.assertFalse(activities.filtered(lambda a: a.user_id == self.cx_manager_b))
        self.assertIn("CSI dropped by 1.00: 4.50 → 3.50", activities.mapped("summary"))
        self.assertIn("NPS dropped by 200: 100 → -100", activities.mapped("summary"))
        self.assertFalse(self._activities(self.client))  # Sibir climbed
        # run again: nothing new, the drops stay alerted
        count = len(activities)
        self.assertEqual(Mover._cron_detect_movers(), {"alerted": 0, "remaining": 0})
        self.assertEqual(len(self._activities(self.other_client)), count)

    def test_threshold_from_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("cx_management.mover_csi_drop", "1.5")
        self.env["cx.mover"]._cx_refresh_movers()
        drops = self._movers().filtered("is_drop")
        # a CSI fall of 1.0 is below 1.5: only the NPS drop remains
        self.assertEqual(drops.mapped("figure"), ["nps"])

    def test_salesperson_sees_own_movers(self):
        self.env["cx.mover"]._cx_refresh_movers()
        seen = self.env["cx.mover"].with_user(self.salesman).search([])
        self.assertEqual(seen.partner_id, self.client)
        seen = self.env["cx.mover"].with_user(self.cx_manager).search([])
        self.assertEqual(seen.partner_id, self.client | self.other_client)

    def test_menu_action_refreshes(self):
        action = self.env["cx.mover"].with_user(self.salesman).action_open_movers()
        self.assertEqual(action["res_model"], "cx.mover")
        self.assertEqual(len(self._movers()), 4)

    def test_bad_thresholds_refused_together(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create(
                {"cx_mover_csi_drop": 0.0, "cx_mover_nps_drop": 250.0}
            )
        message = str(caught.exception)
        self.assertIn("CSI drop", message)
        self.assertIn("NPS drop", message)
