from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestCsiTour(HttpCase):
    """A salesperson types a metric value on a client and recomputes its CSI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mail_new_test_user(
            cls.env,
            login="cx_csi_tour_salesman",
            groups="base.group_user,base.group_partner_manager,sales_team.group_sale_salesman",
        )
        cls.client = cls.env["res.partner"].create({"name": "Kama Tubes", "is_company": True})
        cls.env["cx.metric.value"].create(
            {
                "partner_id": cls.client.id,
                "metric_id": cls.env.ref("cx_management.cx_metric_lost_price").id,
                "raw_value": 0.1,
            }
        )

    def test_client_csi_tour(self):
        self.start_tour(
            f"/odoo/res.partner/{self.client.id}",
            "cx_csi_client_tour",
            login="cx_csi_tour_salesman",
        )
        self.client.invalidate_recordset()
        self.assertEqual(self.client.cx_csi, 1.0)
        self.assertEqual(
            self.client.cx_csi_top_metric_id, self.env.ref("cx_management.cx_metric_lost_price")
        )
