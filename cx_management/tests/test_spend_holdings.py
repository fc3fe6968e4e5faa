import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CxCase


@freeze_time("2026-11-15")
@tagged("post_install", "-at_install")
class TestSpendNps(CxCase):
    """Clients by revenue band and NPS group, bounds 5 M, 20 M and 50 M (the defaults).

    Sibir: 20 M, NPS answers 10 and 9 -> +100, promoter, band 3 (20 M to 50 M: a bound
    starts its band). Volga: 5 M, answers 3 and 10 -> (1 - 1) / 2 = 0, passive, band 2.
    Ural: 0.5 M, answer 2 -> -100, detractor, band 1. Kama: no revenue, nobody answered.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.cx_annual_revenue = 20e6
        cls.other_client.cx_annual_revenue = 5e6
        cls.client.user_id = cls.salesman
        cls.ural = cls._create_client("Ural Tubes", cx_annual_revenue=5e5)
        cls.ural_buyer = cls._create_contact(cls.ural, "Lev Uralov", cls.role_economic)
        cls.kama = cls._create_client("Kama Steel")
        Feedback = cls.env["cx.feedback"].with_context(cx_no_alert=True)
        for contact, score in (
            (cls.economic, 10),
            (cls.technical, 9),
            (cls.other_economic, 3),
            (cls.other_technical, 10),
            (cls.ural_buyer, 2),
        ):
            Feedback.create({"partner_id": contact.id, "nps_score": score, "date": "2026-10-01"})
        # the clients' own refresh (the Sales bridge's daily one would recompute the revenue)
        (cls.client | cls.other_client | cls.ural | cls.kama)._cx_refresh_analysis()

    def test_bands_and_groups(self):
        self.assertEqual(
            [
                (c.cx_spend_band, c.cx_nps_group)
                for c in (self.client, self.other_client, self.ural)
            ],
            [("3", "promoter"), ("2", "passive"), ("1", "detractor")],
        )
        self.assertFalse(self.kama.cx_nps_group)

    def test_grid_and_pivot_cells(self):
        grid = self.env["res.partner"]._cx_spend_grid([("id", "in", self._ids())])
        self.assertEqual(grid["3", "promoter"]["ids"], [self.client.id])
        self.assertEqual(grid["2", "passive"]["revenue"], 5e6)
        self.assertEqual(grid["1", "detractor"]["count"], 1)
        self.assertEqual(grid["0", None]["ids"], [self.kama.id])
        # the pivot groups the stored fields the same way
        groups = self.env["res.partner"]._read_group(
            [("id", "in", self._ids())], ["cx_spend_band", "cx_nps_group"], ["__count"]
        )
        self.assertIn(("3", "promoter", 1), groups)
        self.assertIn(("1", "detractor", 1), groups)

    def _ids(self):
        return (self.client | self.other_client | self.ural | self.kama).ids

    def test_bounds_setting_moves_bands(self):
        self.env["res.config.settings"].create({"cx_spend_bands": "10000000, 25000000"}).execute()
        self.env.invalidate_all()
        # Sibir 20 M is now in the middle band, Volga 5 M and Ural 0.5 M in the first
        self.assertEqual(
            [c.cx_spend_band for c in (self.client, self.other_client, self.ural, self.kama)],
            ["2", "1", "1", "0"],
        )
        labels = dict(self.env["res.partner"]._cx_spend_band_selection())
        self.assertEqual(len(labels), 4)

    def test_workbook_sheet(self):
        wizard = (
            self.env["cx.workbook"]
            .with_user(self.cx_manager)
            .create({"partner_ids": [(6, 0, self._ids())]})
        )
        action = wizard.action_export()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        book = openpyxl.load_workbook(
            io.BytesIO(self.env["ir.attachment"].browse(attachment_id).raw)
        )
        rows = [row for row in book["Spend x NPS"].iter_rows(values_only=True)]
        header = rows[2]
        self.assertEqual(
            header[:6],
            ("Revenue band", "Promoters", "Passives", "Detractors", "Not heard", "Total"),
        )
        # largest band first: 50 M and more: nobody; 20-50 M: Sibir a promoter; 5-20 M:
        # Volga passive; below 5 M: Ural a detractor; no revenue: Kama not heard
        self.assertEqual(rows[3][1:6], (0, 0, 0, 0, 0))
        self.assertEqual(rows[4][1:6], (1, 0, 0, 0, 1))
        self.assertEqual(rows[5][1:6], (0, 1, 0, 0, 1))
        self.assertEqual(rows[6][1:6], (0, 0, 1, 0, 1))
        self.assertEqual(rows[7][1:6], (0, 0, 0, 1, 1))
        cells = [cell for row in rows for cell in row]
        self.assertIn("Sibir Pipe Works", cells)
        self.assertIn(20e6, cells)

    def test_bad_bounds_refused(self):
        for text in ("10, 5", "abc", "-3", ""):
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"cx_spend_bands": text})

    def test_salesperson_sees_own_clients(self):
        action = self.env["res.partner"].with_user(self.salesman).action_cx_open_spend_nps()
        seen = self.env["res.partner"].with_user(self.salesman).search(action["domain"])
        self.assertEqual(seen, self.client)


@tagged("post_install", "-at_install")
class TestHoldings(CxCase):
    """A holding with two subsidiaries and a grandchild, figures set by hand.

    Revenues: holding 6 M, Sibir 3 M, Volga (under Sibir) 1 M: weights 0.6, 0.3, 0.1.
    CSI 4.0, 3.0, 2.0 -> 3.5; NPS 50, none, -50 -> (30 - 5) / 0.7 = 35.71; at risk 0.3 +
    0.6 + 0.5 = 1.4 M. The person contacts below them are not companies and do not count.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.holding = cls._create_client("Metall Holding", cx_annual_revenue=6e6)
        cls.client.write({"parent_id": cls.holding.id, "cx_annual_revenue": 3e6})
        cls.other_client.write({"parent_id": cls.client.id, "cx_annual_revenue": 1e6})
        company = str(cls.env.company.id)
        for partner, csi, nps, at_risk in (
            (cls.holding, 4.0, 50.0, 3e5),
            (cls.client, 3.0, None, 6e5),
            (cls.other_client, 2.0, -50.0, 5e5),
        ):
            cls.env.cr.execute(
                "UPDATE res_partner SET cx_csi = %s, cx_nps = %s, cx_revenue_at_risk = %s "
                "WHERE id = %s",
                [
                    f'{{"{company}": {csi}}}',
                    f'{{"{company}": {"null" if nps is None else nps}}}',
                    f'{{"{company}": {at_risk}}}',
                    partner.id,
                ],
            )
        cls.env.invalidate_all()

    def test_roll_up(self):
        holding = self.holding.with_user(self.salesman)
        self.assertEqual(holding.cx_subsidiary_count, 2)
        self.assertAlmostEqual(holding.cx_holding_revenue, 10e6)
        self.assertAlmostEqual(holding.cx_holding_csi, 3.5)
        self.assertAlmostEqual(holding.cx_holding_nps, 35.7)  # 35.714..., one decimal kept
        self.assertAlmostEqual(holding.cx_holding_revenue_at_risk, 1.4e6)
        html = str(holding.cx_holding_html)
        for text in ("Volga Bridges", "60.0 %", "30.0 %", "10.0 %", "3.50", "35.7"):
            self.assertIn(text, html)

    def test_middle_company_rolls_up_its_own_branch(self):
        # Sibir holds Volga: 3 M and 1 M -> weights 0.75, 0.25; CSI 0.75*3 + 0.25*2 = 2.75
        self.assertEqual(self.client.cx_subsidiary_count, 1)
        self.assertAlmostEqual(self.client.cx_holding_csi, 2.75)
        self.assertAlmostEqual(self.client.cx_holding_nps, -50.0)
        self.assertEqual(self.other_client.cx_subsidiary_count, 0)
        self.assertFalse(self.other_client.cx_holding_html)
