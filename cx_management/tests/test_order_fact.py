import datetime
import io

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open, mute_logger

from ..tools import csi
from ..wizard.cx_workbook import SECTION_FIELDS
from .common import CxCase, CxTestMixin

D = datetime.date
FIELDS = [
    "partner_id",
    "reference",
    "date_order",
    "window_start",
    "window_end",
    "expedited",
    "ship_complete",
    "even_delivery",
    "qty_ordered",
    "qty_shipped",
    "date_shipped",
    "qty_rejected",
    "purpose_violation",
]


class OrderFactCase(CxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fact = cls.env["cx.order.fact"]

    @classmethod
    def _fact(cls, client, reference, **values):
        vals = {
            "partner_id": client.id,
            "reference": reference,
            "date_order": "2026-03-01",
            "window_start": "2026-04-01",
            "window_end": "2026-04-30",
            "qty_ordered": 100.0,
            "qty_shipped": 100.0,
            "date_shipped": "2026-04-20",
        }
        vals.update(values)
        return cls.env["cx.order.fact"].create(vals)


@tagged("post_install", "-at_install")
class TestOrderFact(OrderFactCase):
    """The order facts: checks on save, the import from an ERP export, its template."""

    def test_checks_on_save_all_at_once(self):
        with self.assertRaises(ValidationError) as caught:
            self._fact(
                self.technical,
                "SO-BAD",
                window_start="2026-04-30",
                window_end="2026-04-01",
                qty_shipped=-5,
                qty_rejected=-1,
                date_shipped="2026-02-01",
            )
        message = str(caught.exception)
        for part in (
            "ends (2026-04-01) before it starts",
            "Shipped",
            "Rejected",
            "before it was ordered",
        ):
            self.assertIn(part, message)
        self.assertFalse(self.Fact.search([("reference", "=", "SO-BAD")]))

    def test_contact_filed_under_client_and_status(self):
        fact = self._fact(self.technical, "SO-1", date_shipped="2026-05-10", qty_shipped=80)
        self.assertEqual(fact.partner_id, self.client)
        self.assertEqual(fact.window_status, "late_1m")
        self.assertEqual(fact.days_late, 10)
        self.assertTrue(fact.is_short)
        self.assertEqual(fact.company_id, self.env.company)

    def _rows(self, shipped="100"):
        return [
            ["Sibir Pipe Works", "SO-10", "2026-03-01", "2026-04-01", "2026-04-30", "1", "1", "0",
             "100", shipped, "2026-04-20", "0", "0"],
            ["Volga Bridges", "SO-11", "2026-03-02", "2026-04-01", "2026-04-30", "0", "0", "1",
             "40", "36", "2026-05-12", "2", "0"],
        ]  # fmt: skip

    def test_import_refuses_each_bad_row_named(self):
        rows = self._rows() + [
            ["Sibir Pipe Works", "SO-12", "2026-03-01", "2026-04-30", "2026-04-01", "0", "0", "0",
             "10", "10", "2026-04-20", "0", "0"],
            ["Sibir Pipe Works", "SO-13", "2026-03-01", "", "", "0", "0", "0",
             "-10", "10", "2026-04-20", "0", "0"],
            ["Sibir Pipe Works", "SO-14", "2026-03-01", "", "", "0", "0", "0",
             "10", "10", "2026-02-20", "0", "0"],
            ["Sibir Pipe Works", "SO-15", "not a date", "", "", "0", "0", "0",
             "10", "10", "2026-04-20", "0", "0"],
        ]  # fmt: skip
        with mute_logger("odoo.sql_db", "odoo.models"):
            result = self.Fact.with_context(import_file=True).load(FIELDS, rows)
        self.assertFalse(result["ids"])
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        # the data rows 3 to 6 are the spreadsheet's lines 4 to 7
        for line, part in (
            (4, "before it starts"),
            (5, "is negative"),
            (6, "before it was ordered"),
            (7, "not a date"),
        ):
            self.assertTrue(
                any(e.startswith(f"Line {line}:") and part in e for e in errors), (line, errors)
            )
        self.assertFalse(any(e.startswith(("Line 2:", "Line 3:")) for e in errors), errors)
        self.assertFalse(self.Fact.search([("reference", "like", "SO-1")]))

    def test_import_twice_changes_nothing_next_file_updates(self):
        Fact = self.Fact.with_context(import_file=True)
        result = Fact.load(FIELDS, self._rows())
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        facts = self.Fact.browse(result["ids"])
        self.assertEqual(set(facts.mapped("origin")), {"import"})
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, write_date FROM cx_order_fact WHERE id = ANY(%s) ORDER BY id", [facts.ids]
        )
        before = self.env.cr.fetchall()
        with freeze_time("2030-01-01"):
            again = Fact.load(FIELDS, self._rows())
            self.env.flush_all()
        self.assertEqual(sorted(again["ids"]), sorted(result["ids"]))
        self.env.cr.execute(
            "SELECT id, write_date FROM cx_order_fact WHERE id = ANY(%s) ORDER BY id", [facts.ids]
        )
        self.assertEqual(self.env.cr.fetchall(), before, "a second import changed the facts")
        self.assertEqual(self.Fact.search_count([("reference", "in", ("SO-10", "SO-11"))]), 2)
        # next month's file: the first order is now shipped short
        third = Fact.load(FIELDS, self._rows(shipped="90"))
        self.assertEqual(sorted(third["ids"]), sorted(result["ids"]))
        sibir = facts.filtered(lambda f: f.reference == "SO-10")
        self.assertEqual(sibir.qty_shipped, 90)
        self.assertTrue(sibir.is_short)
        self.assertEqual(self.Fact.search_count([("reference", "in", ("SO-10", "SO-11"))]), 2)

    def test_import_template(self):
        templates = self.Fact.get_import_templates()
        self.assertEqual(len(templates), 1)
        path = templates[0]["template"].lstrip("/")
        with file_open(path, "rb") as template:
            self.assertTrue(template.read(2) == b"PK")  # an xlsx file
        importer = self.env["base_import.import"].create(
            {
                "res_model": "cx.order.fact",
                "file": file_open(path, "rb").read(),
                "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        preview = importer.parse_preview({"has_headers": True})
        self.assertEqual(preview["headers"], FIELDS)
        self.assertFalse(preview.get("error"))


@tagged("post_install", "-at_install")
class TestOrderFactMetrics(OrderFactCase):
    """The metric sources on the facts, by hand (the same facts as TestToolsOrders)."""

    Q_START, Q_END = D(2026, 4, 1), D(2026, 6, 30)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.metrics = {
            m.code: m for m in cls.env["cx.metric"].search([("source", "=", "order_fact")])
        }
        f = cls._fact
        f(cls.client, "S1", expedited=True, ship_complete=True)
        f(
            cls.client,
            "S2",
            date_order="2026-03-05",
            date_shipped="2026-05-10",
            qty_shipped=80,
            qty_rejected=8,
            even_delivery=True,
        )
        f(
            cls.client,
            "S3",
            date_order="2026-03-10",
            date_shipped="2026-06-15",
            qty_ordered=50,
            qty_shipped=50,
            expedited=True,
            ship_complete=True,
            purpose_violation=True,
        )
        f(
            cls.client,
            "S4",
            date_order="2026-04-01",
            window_start="2026-05-01",
            window_end="2026-05-31",
            date_shipped="2026-04-25",
            qty_ordered=200,
            qty_shipped=150,
            ship_complete=True,
        )
        # shipped in the next quarter, and not shipped: count nowhere in Q2
        f(cls.client, "S5", date_shipped="2026-07-05", window_end="2026-04-30")
        f(cls.client, "S6", date_shipped=False, qty_shipped=0, expedited=True)
        # another client: one order in its window, none expedited
        f(cls.other_client, "V1")
        # a client of company A: an order of company B does not count for it
        cls.ural = cls._create_client("Ural Tube", company_id=cls.company.id)
        f(cls.ural, "U1")
        f(cls.ural, "U1", company_id=cls.company_b.id, date_shipped="2026-06-20")
        # claims: two of Sibir in Q2, one in Q1 (not counted)
        for date in ("2026-04-10", "2026-05-10", "2026-03-10"):
            cls._create_feedback(channel="claim", date=date)
        # a client with nothing at all
        cls.silent = cls._create_client("Silent Steel")  # fmt: skip

    EXPECTED = {
        "window_expedited": 1 / 2,
        "window_late_1m": 1 / 4,
        "window_late_2m": 1 / 4,
        "window_early": 1 / 4,
        "window_evenness": 1 / 4,
        "complete_incomplete": 1 / 3,
        "complete_short_shipment": 0.2,
        "complete_lead_time": (50 + 66 + 97 + 24) / 4,
        "rejects_share": 8 / 380,
        "rejects_purpose": 1 / 4,
        "ctl_short_shipment": 2 / 4,
        "ctl_irregular_deliveries": 2 / 4,
        "ctl_delivery_period": 3 / 4,
        "claims_new_items": 2,
    }

    def test_shipped_metrics_read_the_facts(self):
        self.assertEqual(set(self.metrics), set(self.EXPECTED))

    def test_every_measure_by_hand(self):
        for code, expected in self.EXPECTED.items():
            with self.subTest(metric=code):
                raws = self.metrics[code]._read_raw_values(self.Q_START, self.Q_END)
                self.assertAlmostEqual(raws[self.client.id], expected)
                self.assertNotIn(self.silent.id, raws)

    def test_no_orders_no_value_and_companies(self):
        raws = self.metrics["window_expedited"]._read_raw_values(self.Q_START, self.Q_END)
        self.assertNotIn(self.other_client.id, raws)  # no expedited order: no value, not 0
        late = self.metrics["window_late_2m"]._read_raw_values(self.Q_START, self.Q_END)
        self.assertEqual(late[self.other_client.id], 0.0)
        # Ural Tube's order of company B (late by 51 days) is not Ural's company's
        self.assertEqual(late[self.ural.id], 0.0)
        claims = self.metrics["claims_new_items"]._read_raw_values(self.Q_START, self.Q_END)
        self.assertEqual(claims[self.other_client.id], 0)  # served, no claim
        self.assertNotIn(self.silent.id, claims)
        scoped = self.metrics["window_late_1m"]._read_raw_values(
            self.Q_START, self.Q_END, [self.other_client.id]
        )
        self.assertEqual(set(scoped), {self.other_client.id})

    def test_values_computed_for_the_csi(self):
        self.env["cx.csi.snapshot"]._compute_metric_values(self.Q_START, self.Q_END)
        values = self.env["cx.metric.value"].search(
            [("partner_id", "=", self.client.id), ("date", "=", self.Q_END)]
        )
        by_code = {v.metric_id.code: v for v in values}
        self.assertAlmostEqual(by_code["window_expedited"].raw_value, 0.5)
        self.assertAlmostEqual(by_code["window_expedited"].value, 0.5)
        # lead time normalised with the metric's own range 0 - 100 days
        self.assertAlmostEqual(by_code["complete_lead_time"].value, 0.5925)
        # claims: 2 of the range 0 - 20
        self.assertAlmostEqual(by_code["claims_new_items"].value, 0.1)
        self.assertEqual(set(values.mapped("origin")), {"computed"})

    def test_existing_database_switches_manual_metrics_once(self):
        metric = self.metrics["window_early"]
        metric.write({"source": "manual", "fact_measure": False})
        kept = self.metrics["window_late_1m"]
        kept.write({"source": "manual", "fact_measure": False})
        self.env["cx.metric.value"].create(
            {"partner_id": self.client.id, "metric_id": kept.id, "raw_value": 0.1}
        )
        self.env["cx.metric"]._cx_default_fact_sources()
        self.assertEqual((metric.source, metric.fact_measure), ("order_fact", "window_early"))
        # typed values: the metric stays manual, ready to switch
        self.assertEqual((kept.source, kept.fact_measure), ("manual", "window_late_1m"))
        # a metric set back to manual stays manual
        metric.source = "manual"
        self.env["cx.metric"]._cx_default_fact_sources()
        self.assertEqual(metric.source, "manual")

    def test_measure_required(self):
        with self.assertRaises(ValidationError):
            self.env["cx.metric"].create({"name": "Late", "code": "late_x", "source": "order_fact"})


@tagged("post_install", "-at_install")
class TestOrderFactComplaints(OrderFactCase):
    """Complaints raised by late, short or rejected orders: once per fact and kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("cx_management.operation_grace_days", 3)
        f = cls._fact
        # 3 days late: within the grace period; 4 days late: a complaint
        cls.in_grace = f(cls.client, "G1", date_shipped="2026-05-03")
        cls.late = f(cls.client, "L1", date_shipped="2026-05-04")
        # short, its window long over; and short inside its window (a backorder may follow)
        cls.short = f(cls.client, "SH1", qty_shipped=90)
        cls.short_early = f(
            cls.client, "SH2", qty_shipped=90, window_end="2026-06-30", date_shipped="2026-06-01"
        )
        cls.rejected = f(cls.other_client, "R1", qty_rejected=5)
        # shipped long ago: raises nothing
        cls.old = f(cls.client, "OLD", date_order="2025-01-01", window_start="2025-01-01",
                    window_end="2025-01-31", date_shipped="2025-03-01")  # fmt: skip

    @freeze_time("2026-06-10")
    def test_complaints_once_per_fact_and_kind(self):
        Fact = self.env["cx.order.fact"]
        feedback = Fact._cx_raise_complaints()
        raised = {(fb.order_fact_id, fb.operation_kind) for fb in feedback}
        self.assertEqual(
            raised,
            {(self.late, "late"), (self.short, "short"), (self.rejected, "rejected")},
        )
        late = feedback.filtered(lambda fb: fb.operation_kind == "late")
        self.assertEqual(late.channel, "operation")
        self.assertEqual(late.polarity, "complaint")
        self.assertEqual(late.process_id, self.process_delivery)
        self.assertEqual(late.topic_ids, self.env.ref("cx_management.cx_topic_discipline"))
        self.assertEqual(late.commercial_partner_id, self.client)
        self.assertEqual(late.date, D(2026, 5, 4))
        self.assertIn("L1", late.comment)
        self.assertIn("4 days", late.comment)
        rejected = feedback.filtered(lambda fb: fb.operation_kind == "rejected")
        self.assertEqual(rejected.process_id, self.env.ref("cx_management.cx_process_claims"))
        # idempotent: a second run raises nothing
        self.assertFalse(Fact._cx_raise_complaints())
        # the backorder never came: once the window plus grace is over, the complaint
        with freeze_time("2026-07-04"):
            second = Fact._cx_raise_complaints()
        self.assertEqual(second.order_fact_id, self.short_early)
        self.assertEqual(self.late.feedback_ids, late)
        # the fact's form counts its complaints and opens them
        self.assertEqual((self.late.feedback_count, self.in_grace.feedback_count), (1, 0))
        action = self.late.action_view_feedback()
        self.assertEqual(self.env["cx.feedback"].search(action["domain"]), late)

    @freeze_time("2026-06-10")
    def test_complaint_texts_read_as_the_client_writes(self):
        """Dates and quantities in the client's language: 4 May 2026 and 90 of 100 t."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.client.lang = "ru_RU"
        feedback = self.env["cx.order.fact"]._cx_raise_complaints()
        comment = {fb.operation_kind: fb.comment for fb in feedback}
        self.assertIn("04.05.2026", comment["late"])
        self.assertIn("через 4 дн.", comment["late"])
        self.assertIn("90 из 100", comment["short"])
        # the other client writes English: "5 of order R1 (100 shipped)"
        self.assertIn("rejected 5 of order R1 (100 shipped)", comment["rejected"])

    @freeze_time("2026-06-10")
    def test_kinds_switched_off(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.cx_operation_complaint_late)
        settings.cx_operation_complaint_late = False
        settings.cx_operation_complaint_rejected = False
        settings.execute()
        self.assertFalse(self.env["res.config.settings"].create({}).cx_operation_complaint_late)
        feedback = self.env["cx.order.fact"]._cx_raise_complaints()
        self.assertEqual(set(feedback.mapped("operation_kind")), {"short"})

    @freeze_time("2026-06-10")
    def test_cron_batches(self):
        Fact = self.env["cx.order.fact"]
        Fact._cron_cx_raise_complaints(batch_size=2)
        self.assertEqual(self.env["cx.feedback"].search_count([("channel", "=", "operation")]), 2)
        Fact._cron_cx_raise_complaints(batch_size=2)
        self.assertEqual(self.env["cx.feedback"].search_count([("channel", "=", "operation")]), 3)


@tagged("post_install", "-at_install")
class TestOrderDrillDown(OrderFactCase):
    """From a metric value to the orders behind it."""

    def test_value_opens_its_bad_orders(self):
        f = self._fact
        late = f(self.client, "L1", date_shipped="2026-05-10")
        f(self.client, "OK1")
        very_late = f(self.client, "L2", date_shipped="2026-06-15")
        claim = self._create_feedback(channel="claim", date="2026-05-02")
        self.env["cx.csi.snapshot"]._compute_metric_values(D(2026, 4, 1), D(2026, 6, 30))
        values = self.env["cx.metric.value"].search([("partner_id", "=", self.client.id)])
        by_code = {v.metric_id.code: v for v in values}
        for code, expected in (
            ("window_late_1m", late),
            ("window_late_2m", very_late),
            ("ctl_irregular_deliveries", late | very_late),
        ):
            with self.subTest(metric=code):
                action = by_code[code].action_view_order_facts()
                self.assertEqual(action["res_model"], "cx.order.fact")
                self.assertEqual(self.Fact.search(action["domain"]), expected)
        action = by_code["claims_new_items"].action_view_order_facts()
        self.assertEqual(self.env["cx.feedback"].search(action["domain"]), claim)
        self.assertEqual(
            self.client.cx_order_fact_ids, self.Fact.search([("partner_id", "=", self.client.id)])
        )

    def test_workbook_orders_sheet(self):
        f = self._fact
        f(self.client, "W1", date_shipped="2026-05-10", qty_shipped=80, qty_rejected=4)
        f(self.client, "W2")
        f(self.client, "W3", date_shipped="2026-03-20", date_order="2026-03-01")  # out of period
        f(self.other_client, "W4", date_shipped="2026-04-25", window_start="2026-04-26")
        wizard = self.env["cx.workbook"].create(
            {
                "date_from": "2026-04-01",
                "date_to": "2026-06-30",
                # every other sheet off: only the orders sheet is looked at here
                **{field: False for field in SECTION_FIELDS.values()},
                "section_orders": True,
            }
        )
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(book.sheetnames, ["Orders and deliveries"])
        rows = list(book["Orders and deliveries"].iter_rows(min_row=4, values_only=True))
        by_client = {row[0]: row for row in rows}
        # Sibir: 2 orders shipped in Q2, W1 10 days late and short, 4 of 180 rejected
        self.assertEqual(by_client["Sibir Pipe Works"][1:8], (2, 1, 50, 10, 0, 1, 50))
        self.assertAlmostEqual(by_client["Sibir Pipe Works"][10], 100 * 4 / 180)
        # Volga: one early order
        self.assertEqual(by_client["Volga Bridges"][1:6], (1, 0, 0, None, 1))


@tagged("post_install", "-at_install")
class TestOrderDrillTour(CxTestMixin, HttpCase):
    """A CX manager drills from a late-delivery metric of a client to its orders."""

    def test_order_drill_tour(self):
        start, _end = csi.period_bounds(fields.Date.today(), "quarter")
        Fact = self.env["cx.order.fact"]
        common = {"partner_id": self.client.id, "date_order": start, "window_start": start}
        day = datetime.timedelta(days=1)
        Fact.create(
            [
                dict(common, reference="SO-LATE", window_end=start, date_shipped=start + 10 * day),
                dict(
                    common,
                    reference="SO-ONTIME",
                    window_end=start + 20 * day,
                    date_shipped=start + 5 * day,
                ),
            ]
        )
        self.env["ir.config_parameter"].sudo().set_param("cx_management.csi_min_blocks", "1")
        self.env["cx.csi.snapshot"]._compute_csi(partner_ids=self.client.ids)
        self.start_tour(
            f"/odoo/res.partner/{self.client.id}",
            "cx_order_drill_tour",
            login=self.cx_manager.login,
        )
