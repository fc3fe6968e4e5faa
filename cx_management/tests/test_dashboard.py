from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..tools import csi as csi_tools
from .common import CxCase, CxTestMixin


class DashboardFixtures(CxTestMixin):
    """Two quarters of two clients: the salesman's Sibir and the other salesperson's Volga,
    plus Ural, a client of the other salesperson not heard at all."""

    @classmethod
    def _dashboard_world(cls, today):
        """The fixtures in the quarter holding `today` (Q) and the one before (P)."""
        q_from, q_to = csi_tools.period_bounds(today, "quarter")
        p_from, p_to = csi_tools.period_bounds(q_from - relativedelta(days=1), "quarter")
        cls.q_from, cls.q_to, cls.p_to = q_from, q_to, p_to
        cls.salesman_2 = cls._create_second_salesman()
        cls.client.user_id = cls.salesman
        cls.other_client.user_id = cls.salesman_2
        cls.third_client = cls._create_client("Ural Tubes", user_id=cls.salesman_2.id)
        Snapshot = cls.env["cx.csi.snapshot"].sudo()
        for partner, date, csi in (
            (cls.client, p_to, 3.0),
            (cls.client, q_to, 4.0),
            (cls.other_client, p_to, 4.5),
            (cls.other_client, q_to, 3.5),
        ):
            Snapshot.create({"partner_id": partner.id, "date": date, "csi": csi, "mean": 0.5})
        mine = {"user_id": cls.salesman.id}
        theirs = {"user_id": cls.salesman_2.id}
        rows = [
            # P: Sibir one detractor (NPS -100), Volga one promoter (+100)
            (cls.technical, p_from, 5, "neutral", False, mine),
            (cls.other_economic, p_from, 10, "neutral", False, theirs),
            # Q: Sibir 10, 6, 9 (2 promoters, 1 detractor of 3: NPS 33.33), Volga 3 (-100)
            (cls.technical, q_from, 10, "complaint", cls.process_delivery, mine),
            (cls.operator, q_from, 6, "complaint", cls.process_production, mine),
            (cls.economic, q_from, 9, "neutral", False, mine),
            (cls.other_economic, q_from, 3, "complaint", cls.process_production, theirs),
        ]
        cls.feedback_rows = [
            cls.env["cx.feedback"]
            .with_context(cx_no_alert=True)
            .create(
                dict(
                    values,
                    partner_id=partner.id,
                    date=date,
                    nps_score=nps,
                    csi_score=False,
                    polarity=polarity,
                    process_id=process.id if process else False,
                    stage_id=process.stage_id.id if process else False,
                )
            )
            for partner, date, nps, polarity, process, values in rows
        ]
        # an alert past its deadline on each client, one awaiting its answer in time on Sibir
        cls.feedback_rows[3].sudo().write(
            {"alert_state": "open", "alert_date_deadline": today - relativedelta(days=2)}
        )
        cls.feedback_rows[5].sudo().write(
            {"alert_state": "open", "alert_date_deadline": today - relativedelta(days=2)}
        )
        cls.feedback_rows[2].sudo().write(
            {"alert_state": "open", "alert_date_deadline": today + relativedelta(days=5)}
        )
        late = today - relativedelta(days=3)
        cls.action_late = cls._create_action(user_id=cls.salesman.id, date_deadline=late)
        cls.action_other = cls._create_action(
            name="Even deliveries", partner_id=cls.other_client.id, user_id=cls.salesman_2.id
        )
        cls.action_done = cls._create_action(
            user_id=cls.salesman.id, date_deadline=late, stage_id=cls.stage_done.id
        )


@freeze_time("2026-11-15")
class TestDashboard(DashboardFixtures, CxCase):
    """The dashboard's figures, hand-calculated from the fixtures (quarter Q4 2026, P Q3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dashboard_world(fields.Date.to_date("2026-11-15"))

    def _data(self, user, period_end=None):
        return self.env["cx.dashboard"].with_user(user).get_dashboard_data(period_end)

    def test_manager_figures(self):
        data = self._data(self.cx_manager)
        self.assertTrue(data["is_manager"])
        self.assertEqual(data["period"]["label"], "Q4 2026")
        self.assertEqual(data["previous"]["label"], "Q3 2026")
        self.assertEqual(data["periods"][-1]["date_to"], "2026-12-31")
        self.assertEqual(len(data["trend"]), 6)
        q, p = data["trend"][-1], data["trend"][-2]
        # CSI: Q (4.0 + 3.5) / 2, P (3.0 + 4.5) / 2
        self.assertAlmostEqual(q["csi"], 3.75)
        self.assertAlmostEqual(p["csi"], 3.75)
        self.assertEqual(q["csi_clients"], 2)
        # account NPS: Q (100 * (2 - 1) / 3 + -100) / 2 = -33.33, P (-100 + 100) / 2 = 0
        self.assertAlmostEqual(q["nps"], (100 / 3 - 100) / 2)
        self.assertAlmostEqual(p["nps"], 0.0)
        self.assertIsNone(data["trend"][0]["csi"])
        # focus: production named by 2 of the 3 complaints, delivery by 1
        focus = data["focus"]
        self.assertEqual(focus["complaints"], 3)
        self.assertEqual(
            [(row["id"], row["count"]) for row in focus["processes"]],
            [(self.process_production.id, 2), (self.process_delivery.id, 1)],
        )
        self.assertAlmostEqual(focus["processes"][0]["share"], 200 / 3)
        self.assertAlmostEqual(focus["processes"][1]["cumulative"], 100.0)
        # alerts: two past their deadline, three awaiting; actions: one late of two open
        self.assertEqual(data["alerts"]["overdue"]["count"], 2)
        self.assertEqual(data["alerts"]["open"]["count"], 3)
        self.assertEqual(data["actions"]["overdue"]["count"], 1)
        self.assertEqual(data["actions"]["open"]["count"], 2)
        # climbers and fallers: CSI Sibir 3.0 -> 4.0, Volga 4.5 -> 3.5;
        # NPS Sibir -100 -> 33.33 (+133.33), Volga 100 -> -100 (-200)
        movers = data["movers"]
        self.assertEqual(
            [(r["id"], r["delta"]) for r in movers["csi"]["climbers"]], [(self.client.id, 1.0)]
        )
        self.assertEqual(
            [(r["id"], r["delta"]) for r in movers["csi"]["fallers"]],
            [(self.other_client.id, -1.0)],
        )
        self.assertEqual([r["id"] for r in movers["nps"]["climbers"]], [self.client.id])
        self.assertAlmostEqual(movers["nps"]["climbers"][0]["delta"], 100 / 3 + 100)
        self.assertEqual(
            [(r["id"], r["delta"]) for r in movers["nps"]["fallers"]],
            [(self.other_client.id, -200.0)],
        )
        # coverage: Sibir and Volga heard of the three clients with a salesperson
        coverage = data["coverage"]
        self.assertEqual((coverage["heard"], coverage["active"]), (2, 3))
        self.assertAlmostEqual(coverage["share"], 200 / 3)

    def test_figures_open_their_records(self):
        data = self._data(self.cx_manager)
        Feedback = self.env["cx.feedback"].with_user(self.cx_manager)

        def records(target):
            model = self.env[target["res_model"]].with_user(self.cx_manager)
            return model.search(target["domain"])

        production = data["focus"]["processes"][0]["open"]
        self.assertEqual(
            records(production), Feedback.browse([r.id for r in self.feedback_rows[3::2]])
        )
        complaints = self.feedback_rows[2] | self.feedback_rows[3] | self.feedback_rows[5]
        self.assertEqual(records(data["focus"]["open"]), complaints)
        self.assertEqual(
            records(data["trend"][-1]["open_csi"]).partner_id, self.client | self.other_client
        )
        self.assertEqual(len(records(data["trend"][-1]["open_nps"])), 4)
        self.assertEqual(records(data["actions"]["overdue"]["open"]), self.action_late)
        self.assertEqual(
            records(data["alerts"]["overdue"]["open"]),
            self.feedback_rows[3] | self.feedback_rows[5],
        )
        self.assertEqual(records(data["coverage"]["open_silent"]), self.third_client)

    def test_previous_period(self):
        data = self._data(self.cx_manager, "2026-09-30")
        self.assertEqual(data["period"]["label"], "Q3 2026")
        self.assertEqual(data["focus"]["complaints"], 0)
        self.assertEqual((data["coverage"]["heard"], data["coverage"]["active"]), (2, 3))
        # nothing to compare Q3 with: no snapshot nor NPS in Q2
        self.assertEqual(data["movers"]["csi"]["climbers"], [])

    def test_salesperson_sees_only_their_clients(self):
        data = self._data(self.salesman)
        self.assertFalse(data["is_manager"])
        q, p = data["trend"][-1], data["trend"][-2]
        self.assertAlmostEqual(q["csi"], 4.0)
        self.assertAlmostEqual(p["csi"], 3.0)
        self.assertEqual(q["csi_clients"], 1)
        self.assertAlmostEqual(q["nps"], 100 / 3)
        self.assertAlmostEqual(p["nps"], -100.0)
        self.assertEqual(
            {(row["id"], row["count"]) for row in data["focus"]["processes"]},
            {(self.process_delivery.id, 1), (self.process_production.id, 1)},
        )
        self.assertEqual(data["alerts"]["overdue"]["count"], 1)
        self.assertEqual(data["actions"]["overdue"]["count"], 1)
        self.assertEqual(data["actions"]["open"]["count"], 1)
        movers = data["movers"]
        self.assertEqual([r["id"] for r in movers["csi"]["climbers"]], [self.client.id])
        self.assertEqual(movers["csi"]["fallers"], [])
        self.assertEqual(movers["nps"]["fallers"], [])
        self.assertEqual((data["coverage"]["heard"], data["coverage"]["active"]), (1, 1))
        shown = str(data)
        self.assertNotIn(self.other_client.name, shown)
        self.assertNotIn(self.third_client.name, shown)

    def test_period_label(self):
        Snapshot = self.env["cx.csi.snapshot"]
        self.assertEqual(
            Snapshot._cx_period_label(fields.Date.to_date("2026-12-31"), "quarter"), "Q4 2026"
        )
        self.assertEqual(
            Snapshot._cx_period_label(fields.Date.to_date("2026-02-28"), "month"), "February 2026"
        )
        snapshot = Snapshot.search([("partner_id", "=", self.client.id)], limit=1)
        self.assertEqual(snapshot.period_label, "Q4 2026")
        self.assertEqual(snapshot.display_name, "Sibir Pipe Works - Q4 2026")


@tagged("post_install", "-at_install")
class TestDashboardTour(DashboardFixtures, HttpCase):
    """The dashboard and the overview in the browser, and every menu of the addon per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dashboard_world(fields.Date.today())

    def test_dashboard_tour(self):
        self.start_tour("/odoo/cx-dashboard", "cx_dashboard_tour", login=self.cx_manager.login)

    def test_overview_survives_reload(self):
        self.start_tour(
            "/odoo/cx-dashboard", "cx_overview_reload_tour", login=self.cx_manager.login
        )

    def _menus_of(self, user):
        """The addon's menus the user sees that open an action, in menu order."""
        Menu = self.env["ir.ui.menu"].with_user(user)
        visible = Menu._visible_menu_ids()
        ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "cx_management"), ("model", "=", "ir.ui.menu")])
            .mapped("res_id")
        )
        return (
            Menu.browse(sorted(set(ids) & visible))
            .filtered("action")
            .sorted(lambda menu: menu.complete_name)
        )

    def _walk_menus(self, user):
        """One tour per role opens every menu of the addon the user sees, then reloads it."""
        menus = self._menus_of(user)
        self.assertTrue(menus)
        self.start_tour("/odoo/cx-dashboard", "cx_menu_walk_tour", login=user.login, timeout=900)
        return menus

    def test_every_menu_as_cx_manager(self):
        menus = self._walk_menus(self.cx_manager)
        self.assertIn(self.env.ref("cx_management.cx_dashboard_menu"), menus)
        self.assertIn(self.env.ref("cx_management.cx_overview_menu"), menus)

    def test_every_menu_as_salesperson(self):
        menus = self._walk_menus(self.salesman)
        self.assertIn(self.env.ref("cx_management.cx_dashboard_menu"), menus)
        self.assertNotIn(self.env.ref("cx_management.cx_overview_menu"), menus)


class TestListsAndForms(CxCase):
    """Lists and forms read as Odoo's own: groups open on figures that mean something."""

    def test_metric_tree_opens_expanded_without_sums_of_weights(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_metric_action")
        self.assertNotIn("search_default_group_kind", action["context"])
        arch = self.env["cx.metric"].get_view(view_type="list")["arch"]
        self.assertIn('expand="1"', arch)
        for model, field_name in (
            ("cx.metric", "default_weight"),
            ("cx.metric", "threshold"),
            ("cx.metric.weight", "weight"),
            ("cx.metric.weight", "default_weight"),
        ):
            description = self.env[model].fields_get([field_name])[field_name]
            self.assertFalse(description.get("aggregator"), f"{model}.{field_name} is summed")

    def test_key_figures_before_the_feedback_on_the_cx_tab(self):
        arch = self.env["res.partner"].get_view(self.env.ref("base.view_partner_form").id, "form")[
            "arch"
        ]
        page = arch[arch.index('name="cx_management"') :]
        self.assertLess(page.index('name="cx_analysis"'), page.index('name="cx_feedback_ids"'))
        self.assertLess(page.index('name="cx_csi"'), page.index('name="cx_feedback_ids"'))

    def test_client_csi_period_is_named(self):
        self.client.sudo().write({"cx_csi_date": "2026-12-31"})
        self.assertEqual(self.client.cx_csi_period, "Q4 2026")
