from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CxCase

FRIDAY = "2026-11-27 09:00:00"


@tagged("at_install", "-post_install")
@freeze_time(FRIDAY)
class TestFeedbackAlert(CxCase):
    """A detractor or a low score is answered in time by the salesperson, or escalated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.alert_type = cls.env.ref("cx_management.mail_activity_type_cx_alert")
        cls.client.user_id = cls.salesman
        cls.operator.email = False  # the contact who cannot be thanked by mail
        cls.env["ir.config_parameter"].sudo().set_param(
            "cx_management.alert_manager_id", cls.cx_manager.id
        )

    def _new(self, partner=None, user=None, **values):
        vals = {"partner_id": (partner or self.technical).id, "date": date(2026, 11, 27)}
        vals.update(values)
        Feedback = self.env["cx.feedback"].with_user(user or self.salesman)
        return Feedback.create(vals).sudo()

    def _alerts(self, feedback):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "cx.feedback"),
                ("res_id", "in", feedback.ids),
                ("activity_type_id", "=", self.alert_type.id),
            ]
        )

    def _acks(self, feedback):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "cx.feedback"), ("res_id", "in", feedback.ids)])
        )

    def test_detractor_alerts_the_salesperson(self):
        feedback = self._new(nps_score=3, comment="Deliveries late again.", channel="call")
        activity = self._alerts(feedback)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(feedback.alert_state, "open")
        self.assertEqual(feedback.alert_user_id, self.salesman)
        # Friday + 2 working days of the company's calendar: Tuesday
        self.assertEqual(activity.date_deadline, date(2026, 12, 1))
        self.assertEqual(feedback.alert_date_deadline, date(2026, 12, 1))
        self.assertFalse(self._acks(feedback), "nobody thanks a contact for a phone call by mail")

    def test_no_alert_for_good_or_old_feedback(self):
        good = self._new(nps_score=7, csi_score=3)
        old = self._new(nps_score=0, date=date(2026, 10, 1))
        self.assertEqual((good.alert_state, old.alert_state), ("none", "none"))
        self.assertFalse(self._alerts(good | old))

    def test_csi_threshold_setting(self):
        low = self._new(csi_score=2)
        self.assertEqual(low.alert_state, "open")
        self.env["ir.config_parameter"].sudo().set_param("cx_management.alert_csi_threshold", 3)
        three = self._new(csi_score=3)
        self.assertEqual(three.alert_state, "open")
        self.assertEqual(self._new(csi_score=4).alert_state, "none")

    def test_client_without_salesperson_goes_to_the_cx_manager(self):
        feedback = self._new(partner=self.other_economic, csi_score=1)
        self.assertEqual(self._alerts(feedback).user_id, self.cx_manager)
        self.env["ir.config_parameter"].sudo().set_param("cx_management.alert_manager_id", "")
        feedback = self._new(partner=self.other_economic, csi_score=1)
        # nobody named: the first CX manager, admin (the group's data gives it OdooBot, who is
        # no person, and admin)
        first_manager = self.env.ref("base.user_admin")
        self.assertEqual(self._alerts(feedback).user_id, first_manager)
        for value in ("not-a-number", str(self.portal_user.id)):
            self.env["ir.config_parameter"].sudo().set_param(
                "cx_management.alert_manager_id", value
            )
            feedback = self._new(partner=self.other_economic, csi_score=1)
            self.assertEqual(self._alerts(feedback).user_id, first_manager)

    def test_deadline_skips_the_weekend_and_holidays(self):
        calendar = self.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": calendar.id,
                "date_from": "2026-11-30 00:00:00",
                "date_to": "2026-11-30 23:59:59",
            }
        )
        feedback = self._new(nps_score=5)
        self.assertEqual(feedback.alert_date_deadline, date(2026, 12, 2))
        with freeze_time("2026-11-24 10:00:00"):
            feedback = self._new(nps_score=5, date=date(2026, 11, 24))
        self.assertEqual(feedback.alert_date_deadline, date(2026, 11, 26))

    def test_acknowledgement_mail(self):
        portal = self._new(nps_score=2, channel="portal", comment="Nobody answers the phone.")
        mail = self._acks(portal)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.technical)
        self.assertIn("Thank you for your feedback", str(mail.body_html))
        no_email = self._new(partner=self.operator, nps_score=2, channel="portal")
        self.assertFalse(self._acks(no_email))
        survey = self.env["cx.feedback"].create(
            [
                {"partner_id": self.other_economic.id, "channel": "survey", "csi_score": 1},
                {"partner_id": self.other_economic.id, "channel": "survey", "nps_score": 3},
            ]
        )
        self.assertEqual(len(self._acks(survey)), 1, "one mail for one questionnaire")
        praise = self._new(nps_score=10, channel="portal")
        self.assertFalse(self._acks(praise), "only feedback that raises an alert is acknowledged")

    def test_escalation_once(self):
        feedback = self._new(nps_score=1)
        self.assertEqual(feedback.alert_state, "open")
        Feedback = self.env["cx.feedback"]
        with freeze_time("2026-12-01 20:00:00"):
            Feedback._cron_escalate_alerts()
        self.assertEqual(feedback.alert_state, "open", "not overdue on its deadline day")
        with freeze_time("2026-12-02 08:00:00"):
            Feedback._cron_escalate_alerts()
            self.assertEqual(feedback.alert_state, "escalated")
            activities = self._alerts(feedback)
            managers = Feedback._cx_alert_managers(feedback.company_id)
            self.assertIn(self.cx_manager, managers)
            self.assertNotIn(self.cx_manager_b, managers, "another company's manager")
            self.assertEqual(activities.user_id, self.salesman | managers)
            self.assertEqual(len(activities), 1 + len(managers))
            Feedback._cron_escalate_alerts()
        self.assertEqual(len(self._alerts(feedback)), 1 + len(managers), "escalated once")

    def test_handled_by_an_action(self):
        feedback = self._new(csi_score=1, comment="Certificates missing.")
        action = (
            self.env["cx.action"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Certificates with every shipment",
                    "partner_id": self.client.id,
                    "feedback_ids": [(6, 0, feedback.ids)],
                }
            )
        )
        self.assertEqual(feedback.alert_state, "handled")
        self.assertFalse(self._alerts(feedback))
        later = self._new(csi_score=2)
        action.with_user(self.salesman).write({"feedback_ids": [(4, later.id)]})
        self.assertEqual(later.alert_state, "handled")
        # from the feedback's side too
        third = self._new(nps_score=0)
        third.with_user(self.salesman).write({"cx_action_ids": [(4, action.id)]})
        self.assertEqual(third.alert_state, "handled")
        self.assertFalse(self._alerts(third))

    def test_handled_by_a_reply_after_escalation(self):
        feedback = self._new(nps_score=4)
        with freeze_time("2026-12-03 08:00:00"):
            self.env["cx.feedback"]._cron_escalate_alerts()
        self.assertEqual(feedback.alert_state, "escalated")
        # a message from the client's side is no answer
        feedback.message_post(
            body="Answered by the client", message_type="comment", author_id=self.technical.id
        )
        self.assertEqual(feedback.alert_state, "escalated")
        feedback.with_user(self.salesman).message_post(
            body="Called Anna: the certificates go out tomorrow.", message_type="comment"
        )
        self.assertEqual(feedback.alert_state, "handled")
        self.assertFalse(self._alerts(feedback))

    def test_handled_when_the_assignee_marks_it_done(self):
        feedback = self._new(nps_score=4)
        self._alerts(feedback).with_user(self.salesman).action_feedback(feedback="Called back.")
        self.assertEqual(feedback.alert_state, "handled")

    def test_portal_users_only_through_the_controller(self):
        with self.assertRaises(AccessError):
            self.env["cx.feedback"].with_user(self.portal_user).create(
                {"partner_id": self.technical.id, "nps_score": 0, "channel": "portal"}
            )
        feedback = self._new(nps_score=2)
        with self.assertRaises(AccessError):
            feedback.with_user(self.portal_user).read(["alert_state"])

    def test_alerts_menu_for_cx_managers(self):
        action = self.env.ref("cx_management.cx_feedback_action_alerts")
        menu = self.env.ref("cx_management.cx_feedback_menu_alerts")
        self.assertEqual(menu.action, action)
        visible = self.env["ir.ui.menu"].with_user(self.cx_manager)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        )
        views = (
            self.env["cx.feedback"]
            .with_user(self.cx_manager)
            .get_views([(action.view_id.id, "list"), (False, "search")])
        )
        self.assertIn("alert_date_deadline", views["views"]["list"]["arch"])
        self.assertIn('name="alert_escalated"', views["views"]["search"]["arch"])
        open_ = self._new(nps_score=1)
        self._new(nps_score=9)
        self.assertEqual(self.env["cx.feedback"].search(safe_eval(action.domain)), open_)

    def test_alert_settings_are_checked(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"cx_alert_delay_days": 0})
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"cx_alert_csi_threshold": 6})
