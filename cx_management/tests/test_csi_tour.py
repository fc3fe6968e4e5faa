from odoo.tests import HttpCase, tagged

from .common import CxTestMixin


@tagged("post_install", "-at_install")
class TestCsiTour(CxTestMixin, HttpCase):
    """A salesperson types a metric value on a client and recomputes its CSI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman.groups_id += cls.env.ref("base.group_partner_manager")  # edits the client
        cls.lost_price = cls.env.ref("cx_management.cx_metric_lost_price")
        cls._create_metric_value(cls.client, cls.lost_price, 0.1)
        # the tour's CSI has one block: it counts when the settings ask for one
        cls.env["ir.config_parameter"].sudo().set_param("cx_management.csi_min_blocks", "1")

    def test_client_csi_tour(self):
        self.start_tour(
            f"/odoo/res.partner/{self.client.id}",
            "cx_csi_client_tour",
            login=self.salesman.login,
        )
        self.client.invalidate_recordset()
        # the tour types 0.5 for the price losses (W 4): s = 1 - 0.5 * 4 = -1, the scale's 1.0
        self.assertEqual(self.client.cx_csi, 1.0)
        self.assertEqual(self.client.cx_csi_top_metric_id, self.lost_price)
