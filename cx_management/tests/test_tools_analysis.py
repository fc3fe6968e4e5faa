from odoo.tests import BaseCase, tagged

from ..tools import nps, pareto


@tagged("at_install", "-post_install")
class TestToolsAnalysis(BaseCase):
    """Pareto shares and the three account NPS ways, without a database."""

    def test_pareto_sorted_shares(self):
        rows = pareto.pareto(
            [("quality", 62), ("praise", 503), ("service", 48), ("complaint", 328)]
        )
        self.assertEqual([row[0] for row in rows], ["praise", "complaint", "quality", "service"])
        total = 503 + 328 + 62 + 48
        self.assertAlmostEqual(rows[0][2], 100 * 503 / total)
        self.assertAlmostEqual(rows[1][3], 100 * (503 + 328) / total)
        self.assertAlmostEqual(rows[-1][3], 100.0)

    def test_pareto_empty_and_zero(self):
        self.assertEqual(pareto.pareto([]), [])
        self.assertEqual(pareto.pareto([("a", 0)]), [("a", 0, 0.0, 0.0)])
        self.assertEqual(pareto.shares_in_order([1, 1], total=4), [(25.0, 25.0), (25.0, 50.0)])

    def test_topic_pareto_counts_a_feedback_once_per_main_topic(self):
        # f1 Quality + Defects, f2 Defects + Packaging, f3 Quality, f4 Discipline,
        # f5 Discipline + Defects, f6 Service
        rows = pareto.topic_pareto(
            {
                ("quality", "quality"): [1, 3],
                ("quality", "defects"): [1, 2, 5],
                ("quality", "packaging"): [2],
                ("discipline", "discipline"): [4, 5],
                ("service", "service"): [6],
            }
        )
        self.assertEqual(
            [(row["topic"], row["level"], row["mentions"]) for row in rows],
            [
                # Quality: f1, f2, f3, f5 = 4 feedback (counting mentions gave 2 + 3 + 1 = 6)
                ("quality", 0, 4),
                ("defects", 1, 3),
                # Quality itself only for f3: f1 names Defects, so its Quality is implied
                ("quality", 1, 1),
                ("packaging", 1, 1),
                ("discipline", 0, 2),
                ("service", 0, 1),
            ],
        )
        main = [row for row in rows if row["level"] == 0]
        # 4 + 2 + 1 = 7: 4/7, then (4 + 2)/7, then 7/7
        self.assertAlmostEqual(main[0]["share"], 100 * 4 / 7)
        self.assertAlmostEqual(main[1]["cumulative_share"], 100 * 6 / 7)
        self.assertAlmostEqual(main[2]["cumulative_share"], 100.0)
        self.assertEqual(main[0]["feedback"], {1, 2, 3, 5})
        # sub-topics of Quality: 3 + 1 + 1 = 5 -> Defects 60 %, then 80 %, then 100 %
        subs = rows[1:4]
        self.assertAlmostEqual(subs[0]["share"], 60.0)
        self.assertAlmostEqual(subs[1]["cumulative_share"], 80.0)
        self.assertAlmostEqual(subs[2]["cumulative_share"], 100.0)
        self.assertEqual(subs[1]["feedback"], {3})
        self.assertEqual(pareto.topic_pareto({}), [])

    def test_nps_shares(self):
        shares = nps.nps_shares([10, 9, 8, 0, None])
        self.assertEqual(shares["count"], 4)
        self.assertEqual(shares["promoter"], 50.0)
        self.assertEqual(shares["passive"], 25.0)
        self.assertEqual(shares["detractor"], 25.0)
        self.assertIsNone(nps.nps_shares([None, False]))

    def test_account_nps_three_ways(self):
        # contact, score, role weight: economic buyer (weight 3) answered 10 and 6,
        # technical buyer (2) answered 9, operator (1) answered 8.
        answers = [("eco", 10, 3), ("eco", 6, 3), ("tech", 9, 2), ("op", 8, 1)]
        # all answers: 2 promoters, 1 detractor of 4
        self.assertAlmostEqual(nps.account_nps("all", answers), 25.0)
        # per contact: eco averages 8 (passive), tech promoter, op passive: 1 of 3
        self.assertAlmostEqual(nps.account_nps("contact", answers), 100 / 3)
        # weighted: promoters 3 + 2, detractors 3, total weight 9
        self.assertAlmostEqual(nps.account_nps("role", answers), 100 * 2 / 9)
        for way in nps.NPS_WAYS:
            self.assertIsNone(nps.account_nps(way, []))
        with self.assertRaises(ValueError):
            nps.account_nps("median", answers)

    def test_account_nps_grouped_rows(self):
        # the answers of test_account_nps_three_ways as a grouped query gives them: eco 10 twice
        # and 4 once, tech 9, op 8; a row with its count weighs as that many answers
        rows = [("eco", 10, 3, 2), ("eco", 4, 3, 1), ("tech", 9, 2, 1), ("op", 8, 1, 1)]
        answers = [("eco", 10, 3), ("eco", 10, 3), ("eco", 4, 3), ("tech", 9, 2), ("op", 8, 1)]
        for way in nps.NPS_WAYS:
            self.assertAlmostEqual(nps.account_nps(way, rows), nps.account_nps(way, answers))
        # all: 3 promoters, 1 detractor of 5; per contact: eco averages 8 (passive)
        self.assertAlmostEqual(nps.account_nps("all", rows), 40.0)
        self.assertAlmostEqual(nps.account_nps("contact", rows), 100 / 3)
        # weighted: promoters 3 * 2 + 2, detractors 3, total 9 + 2 + 1
        self.assertAlmostEqual(nps.account_nps("role", rows), 100 * 5 / 12)

    def test_zero_is_an_answer(self):
        self.assertEqual(nps.account_nps("all", [("a", 0, 1)]), -100.0)
        self.assertEqual(nps.nps_weighted([(0, 1), (10, 0)]), -100.0)

    def test_key_drivers(self):
        import pandas as pd

        from ..tools import drivers

        frame = pd.DataFrame(
            {
                "nps": [-50, 0, 20, 60, 100],
                "delivery": [1, 2, 3, 4, 5],  # rises with NPS: r = 0.99
                "pricing": [3, 3, 3, 3, 3],  # no spread: no correlation
                "quality": [5, None, 3, 2, None],  # 3 pairs, falls with NPS
            }
        )
        rows = drivers.key_drivers(frame, min_trusted=4)
        self.assertEqual([row["driver"] for row in rows], ["delivery", "quality", "pricing"])
        self.assertTrue(rows[0]["trusted"])
        self.assertEqual(rows[0]["sample"], 5)
        # by hand: dx = -2..2, NPS mean 26 so dy = -76, -26, -6, 34, 74;
        # sum dx*dy = 360, sum dx^2 = 10, sum dy^2 = 13120
        self.assertAlmostEqual(rows[0]["correlation"], 360 / (10 * 13120) ** 0.5)
        self.assertFalse(rows[1]["trusted"])  # 3 pairs < 4
        self.assertLess(rows[1]["correlation"], 0)
        self.assertIsNone(rows[2]["correlation"])
        self.assertEqual(drivers.key_drivers(pd.DataFrame()), [])

    def test_workbook_without_data(self):
        import io

        import openpyxl

        from ..tools import workbook

        with self.assertRaises(ValueError):
            workbook.build_workbook({}, ["no_such_section"])
        labels = {"no_section": "Nothing chosen", "no_data": "Empty", "sheet_pareto": "A/B: [x]"}
        book = openpyxl.load_workbook(io.BytesIO(workbook.build_workbook({}, [], labels)))
        self.assertEqual(book.active["A1"].value, "Nothing chosen")
        # every built-in section writes a valid sheet from an empty payload
        content = workbook.build_workbook({}, list(workbook.SECTIONS), labels)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames[0], "A B   x")  # characters Excel refuses replaced
        self.assertEqual(book.worksheets[0]["A4"].value, "Empty")
        # every sheet prints landscape, one page wide
        for sheet in book.worksheets:
            self.assertEqual(sheet.page_setup.orientation, "landscape", sheet.title)
            # fitToWidth="1" is the file format's default, which openpyxl reads as None
            self.assertIn(sheet.page_setup.fitToWidth, (None, 1), sheet.title)
            self.assertEqual(sheet.page_setup.fitToHeight, 0, sheet.title)
            self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title)
