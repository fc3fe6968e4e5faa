"""Hearing every client: relationship waves, reminders, coverage, silences, closed-loop KPIs."""

import datetime
import importlib.util

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.misc import file_path

from .common import CxCase

DT = datetime.datetime


class HearingCommon(CxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        cls.client.user_id = cls.salesman
        cls.other_client.user_id = cls.salesman_2
        # a company without salesperson nor revenue is no active client: never asked
        cls.idle_client = cls._create_client("Idle Metals")
        cls.idle_economic = cls._create_contact(
            cls.idle_client, "Idle Buyer", cls.role_economic, email="idle@idle.example.com"
        )
        cls.survey = cls.env["survey.survey"].create(
            {"title": "How are we doing?", "access_mode": "token"}
        )
        cls.question = cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "title": "How satisfied are you?",
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "cx_meaning": "csi",
                "cx_stage_id": cls.stage_usage.id,
            }
        )
        cls.people = (
            cls.economic
            | cls.technical
            | cls.operator
            | cls.other_economic
            | cls.other_technical
            | cls.other_operator
        )

    @classmethod
    def _wave_rule(cls, **values):
        vals = {
            "name": "Quarterly wave",
            "kind": "wave",
            "survey_id": cls.survey.id,
            "wave_months": 3,
            "wave_days": 3,
            "daily_cap": 10,
        }
        vals.update(values)
        return cls.env["cx.feedback.rule"].create(vals)

    def _requests(self, rule, **domain):
        return self.env["cx.feedback.request"].search(
            [("rule_id", "=", rule.id)] + [(k, "=", v) for k, v in domain.items()]
        )

    def _answer(self, request, score=4):
        answer = request.survey_user_input_id
        answer._save_lines(self.question, score)
        answer._mark_done()


@tagged("at_install", "-post_install")
class TestFeedbackWaves(HearingCommon):
    """Who a wave asks, and when."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # heard before: the economic buyer of Sibir in December, Volga's operator in January
        cls._create_feedback(cls.economic, date="2025-12-01")
        cls._create_feedback(cls.other_operator, date="2026-01-10")
        cls.rule = cls._wave_rule()

    def test_last_heard_is_stored(self):
        self.assertEqual(self.economic.cx_date_last_heard, datetime.date(2025, 12, 1))
        self.assertEqual(self.client.cx_date_last_heard, datetime.date(2025, 12, 1))
        self.assertEqual(self.other_client.cx_date_last_heard, datetime.date(2026, 1, 10))
        self.assertFalse(self.technical.cx_date_last_heard)
        self._create_feedback(self.technical, date="2026-02-01")
        self.assertEqual(self.technical.cx_date_last_heard, datetime.date(2026, 2, 1))
        self.assertEqual(self.client.cx_date_last_heard, datetime.date(2026, 2, 1))

    def test_spread_over_the_days_heard_longest_ago_first(self):
        # six contacts over three days: ceil(6 / 3) = 2, then ceil(4 / 2) = 2, then 2; never
        # heard first (by id), then the economic buyer heard in December, then the operator
        never = self.technical | self.operator | self.other_economic | self.other_technical
        order = never.sorted("id") | self.economic | self.other_operator
        days = {}
        for day in ("2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"):
            with freeze_time(day):
                stats = self.rule._send_waves()
                again = self.rule._send_waves()
                self.assertEqual(again, {"sent": 0, "skipped": 0}, "run twice: nothing twice")
                days[day] = (stats, self._requests(self.rule, date_sent=f"{day} 00:00:00"))
        self.assertEqual([stats["sent"] for stats, _r in days.values()], [2, 2, 2, 0])
        asked = [
            requests.sorted(lambda r: order.ids.index(r.partner_id.id)).partner_id
            for _s, requests in days.values()
        ]
        self.assertEqual(asked[0], order[:2])
        self.assertEqual(asked[1], order[2:4])
        self.assertEqual(asked[2], order[4:6])
        wave = self.rule.wave_ids
        self.assertEqual(len(wave), 1)
        self.assertEqual(wave.date_start, datetime.date(2026, 3, 2))
        self.assertEqual(wave.date_end, datetime.date(2026, 3, 4))
        self.assertEqual(wave.date_next, datetime.date(2026, 6, 2))
        self.assertEqual(wave.invited_count, 6)
        requests = self._requests(self.rule)
        self.assertEqual(requests.partner_id, self.people, "every role of the active clients")
        self.assertNotIn(self.idle_economic, requests.partner_id)
        self.assertNotIn(self.portal_user.partner_id, requests.partner_id, "no role: not asked")
        self.assertEqual(set(requests.mapped("res_model")), {"cx.feedback.wave"})
        self.assertEqual(requests.wave_id, wave)
        self.assertEqual(len(self.env["mail.mail"].search([("email_to", "ilike", "sibir")])), 3)

        # three months after the start, a new wave asks everyone again (the rest period of
        # 90 days from 2 June began on 4 March: asked on the 2nd and 3rd, free again)
        with freeze_time("2026-06-02"):
            stats = self.rule._send_waves()
        self.assertEqual(stats["sent"], 2)
        self.assertEqual(len(self.rule.wave_ids), 2)
        newest = self.rule.wave_ids.sorted("date_start")[-1]
        self.assertEqual(newest.date_start, datetime.date(2026, 6, 2))
        self.assertEqual(self._requests(self.rule, wave_id=newest.id).partner_id, order[:2])

    @freeze_time("2026-03-02")
    def test_daily_cap_roles_rest_and_blacklist(self):
        self.rule.daily_cap = 1
        self.assertEqual(self.rule._send_waves()["sent"], 1, "the cap")
        self.assertEqual(self._requests(self.rule).partner_id, self.technical)

        rule = self._wave_rule(name="Operators", role_ids=[(6, 0, self.role_operator.ids)])
        self.env["mail.blacklist"].create({"email": self.other_operator.email})
        stats = rule._send_waves()
        # Oleg (never heard) then Pyotr (blacklisted): ceil(1 send / 3 days) = 1
        self.assertEqual(stats, {"sent": 1, "skipped": 0})
        with freeze_time("2026-03-03"):
            stats = rule._send_waves()
        self.assertEqual(stats, {"sent": 0, "skipped": 0}, "nothing left to send")
        requests = self._requests(rule)
        self.assertEqual(requests.partner_id, self.operator)

        # a contact asked after an operation within the rest period is skipped by the wave
        economic_rule = self._wave_rule(name="Economic", role_ids=[(6, 0, self.role_economic.ids)])
        self.env["cx.feedback.request"].create(
            {
                "rule_id": rule.id,
                "res_model": "res.partner",
                "res_id": self.other_client.id,
                "partner_id": self.other_economic.id,
                "state": "sent",
                "date_sent": "2026-02-20 09:00:00",
                "company_id": self.company.id,
            }
        )
        economic_rule.wave_days = 1
        stats = economic_rule._send_waves()
        self.assertEqual(stats, {"sent": 1, "skipped": 1})
        skipped = self._requests(economic_rule, state="skipped")
        self.assertEqual((skipped.partner_id, skipped.skip_reason), (self.other_economic, "rest"))

    @freeze_time("2026-03-02")
    def test_one_invitation_per_wave_and_contact(self):
        self.rule._send_waves()
        wave = self.rule._wave_current(datetime.date(2026, 3, 2))
        self.assertEqual(wave, self.rule.wave_ids, "the same wave, not a second")
        request = self._requests(self.rule)[:1]
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                request.copy({"survey_user_input_id": False})
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                self.env["cx.feedback.wave"].create(
                    {"rule_id": self.rule.id, "date_start": "2026-03-02"}
                )

    def test_bad_settings_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._wave_rule(name="Bad", wave_days=-1, daily_cap=0, reminder_days=-2)
        message = str(caught.exception)
        for part in (
            "A wave must be spread over one day at least.",
            "A wave must be allowed one invitation a day at least.",
            "The days before a reminder cannot be negative",
        ):
            self.assertIn(part, message)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.rule.wave_months = 0
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["cx.feedback.rule"].create(
                {"name": "No operation", "kind": "operation", "survey_id": self.survey.id}
            )
        self.assertEqual(self.rule.daily_cap, 10, "nothing changed")

    def test_cron_step_reports_progress(self):
        """The scheduled action: one batch a call, the runner calls again while some remain;
        six contacts on one day in batches of four."""
        cron = self.env.ref("cx_management.ir_cron_cx_feedback_requests")
        Rule = self.env["cx.feedback.rule"]
        self.rule.wave_days = 1
        calls = []
        with freeze_time("2026-03-02"):
            while not calls or calls[-1][1]:
                self.assertLess(len(calls), 5, "the run must end")
                _cron, progress = cron._add_progress()
                Rule.with_context(ir_cron_progress_id=progress.id)._cron_send_requests(batch_size=4)
                calls.append((progress.done, progress.remaining))
        self.assertEqual(calls, [(4, 2), (2, 0)])
        self.assertEqual(len(self._requests(self.rule)), 6)


@tagged("at_install", "-post_install")
class TestFeedbackReminders(HearingCommon):
    """One reminder to an unanswered request, in the contact's language; then expiry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._wave_rule(wave_days=1, reminder_days=7)

    def _reminders_to(self, partner, word="reminder"):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("subject", "ilike", word)]
        )

    def test_one_reminder_answer_after_it_and_expiry(self):
        with freeze_time("2026-03-02"):
            self.assertEqual(self.rule._send_waves()["sent"], 6)
        requests = self._requests(self.rule)
        by_contact = {request.partner_id: request for request in requests}
        with freeze_time("2026-03-05"):
            self._answer(by_contact[self.technical])
        self.assertEqual(by_contact[self.technical].state, "answered")
        self.assertEqual(self.technical.cx_date_last_heard, datetime.date(2026, 3, 5))

        Request = self.env["cx.feedback.request"]
        with freeze_time("2026-03-08 23:00:00"):
            self.assertEqual(Request._send_reminders()["reminded"], 0, "6 days: too early")
        with freeze_time("2026-03-09 08:00:00"):
            self.assertEqual(Request._send_reminders()["reminded"], 5)
            self.assertEqual(Request._send_reminders()["reminded"], 0, "run twice: one reminder")
        with freeze_time("2026-03-20"):
            self.assertEqual(Request._send_reminders()["reminded"], 0, "never a second one")
        self.assertEqual(len(self._reminders_to(self.operator)), 1)
        self.assertFalse(self._reminders_to(self.technical), "answered: not reminded")
        reminder = self._reminders_to(self.operator)
        answer = by_contact[self.operator].survey_user_input_id
        self.assertIn(answer.access_token, reminder.body_html, "the personal link")
        self.assertEqual(by_contact[self.operator].state, "reminded")
        self.assertEqual(by_contact[self.operator].date_reminded, DT(2026, 3, 9, 8))

        with freeze_time("2026-03-11"):
            self._answer(by_contact[self.operator])
        self.assertEqual(by_contact[self.operator].state, "answered")
        funnel = Request._cx_funnels("rule_id", self.rule.ids)[self.rule.id]
        # 6 invited, 5 reminded, 2 answered (one after the reminder): 2 / 6 = 33.3 %
        self.assertEqual((funnel["invited"], funnel["reminded"], funnel["answered"]), (6, 5, 2))
        self.assertEqual(funnel["answered_after_reminder"], 1)
        self.assertAlmostEqual(funnel["rate"], 100 * 2 / 6)

        # 30 days after sending (2 March): the 4 still unanswered expire; a late answer counts
        with freeze_time("2026-04-01"):
            self.assertEqual(Request._send_reminders()["expired"], 0, "29 days: still open")
        with freeze_time("2026-04-02"):
            self.assertEqual(Request._send_reminders()["expired"], 4)
        self.assertEqual(by_contact[self.economic].state, "expired")
        with freeze_time("2026-04-03"):
            self._answer(by_contact[self.economic])
        self.assertEqual(by_contact[self.economic].state, "answered")

    def test_reminder_in_the_contact_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search([("name", "=", "cx_management")])._update_translations(
            "ru_RU"
        )
        self.operator.lang = "ru_RU"
        with freeze_time("2026-03-02"):
            self.rule._send_waves()
        with freeze_time("2026-03-09"):
            self.env["cx.feedback.request"]._send_reminders()
        mail = self._reminders_to(self.operator, "Напоминание")
        self.assertEqual(len(mail), 1, "the operator's reminder is in Russian")
        self.assertEqual(len(self._reminders_to(self.technical)), 1, "the others' in English")

    def test_no_reminder_when_zero(self):
        self.rule.reminder_days = 0
        with freeze_time("2026-03-02"):
            self.rule._send_waves()
        with freeze_time("2026-03-20"):
            self.assertEqual(self.env["cx.feedback.request"]._send_reminders()["reminded"], 0)


@tagged("at_install", "-post_install")
class TestCoverage(HearingCommon):
    """Coverage on the dashboard and in the workbook, per role; the salesperson sees theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("cx_management.csi_period", "month")
        cls.client.cx_annual_revenue = 1000.0
        cls.other_client.cx_annual_revenue = 300.0
        # no salesperson but a revenue: active
        cls.third = cls._create_client("Kama Rolling", cx_annual_revenue=700.0)
        cls._create_contact(cls.third, "Kama Buyer", cls.role_economic)
        cls._create_feedback(cls.economic, date="2026-03-03")
        cls._create_feedback(cls.technical, date="2026-03-04")
        cls._create_feedback(cls.other_economic, date="2026-03-05")
        cls._create_feedback(cls.other_operator, date="2026-02-05")  # the month before

    def _roles(self, data):
        return {row["id"]: row["share"] for row in data["coverage"]["roles"]}

    @freeze_time("2026-03-20")
    def test_dashboard_coverage(self):
        data = self.env["cx.dashboard"].with_user(self.cx_manager).get_dashboard_data()
        coverage = data["coverage"]
        # active: Sibir, Volga, Kama (Idle has no salesperson and no revenue); heard in March:
        # Sibir and Volga, 2 of 3; revenue 1,300 of 2,000 = 65 %
        self.assertEqual((coverage["heard"], coverage["active"]), (2, 3))
        self.assertAlmostEqual(coverage["share"], 200 / 3)
        self.assertAlmostEqual(coverage["revenue_share"], 65.0)
        self.assertEqual(coverage["target"], 80.0)
        self.assertFalse(coverage["meets_target"])
        roles = self._roles(data)
        self.assertAlmostEqual(roles[self.role_economic.id], 200 / 3)
        self.assertAlmostEqual(roles[self.role_technical.id], 100 / 3)
        self.assertEqual(roles[self.role_operator.id], 0.0, "Volga's operator: February")

        data = self.env["cx.dashboard"].with_user(self.salesman).get_dashboard_data()
        coverage = data["coverage"]
        self.assertEqual((coverage["heard"], coverage["active"]), (1, 1), "Sibir only")
        self.assertEqual(coverage["revenue_share"], 100.0)
        self.assertTrue(coverage["meets_target"])
        roles = self._roles(data)
        self.assertEqual(roles[self.role_technical.id], 100.0)
        self.assertEqual(roles[self.role_operator.id], 0.0)

    def _order_complaint(self):
        """The complaint Kama's late order raised by itself on 10 March."""
        return self._create_feedback(
            self.third,
            csi_score=False,
            channel="operation",
            polarity="complaint",
            date="2026-03-10",
            comment="Order 26-00042 was shipped 12 days after its delivery window ended.",
        )

    @freeze_time("2026-03-20")
    def test_a_complaint_raised_by_an_order_is_not_hearing_the_client(self):
        """Nobody spoke to Kama in March: the complaint its late order raised by itself does
        not make it heard, on the dashboard, in the workbook's coverage or as its last date."""
        self._order_complaint()
        coverage = (
            self.env["cx.dashboard"].with_user(self.cx_manager).get_dashboard_data()["coverage"]
        )
        self.assertEqual((coverage["heard"], coverage["active"]), (2, 3), "still Sibir, Volga")
        self.assertFalse(self.third.cx_date_last_heard)
        self.assertNotIn(self.third.id, self.env["res.partner"]._cx_heard_roles([]))

    def test_migration_recomputes_last_heard(self):
        """A database of 18.0.1.1.0 stored the date of a complaint raised by an order as the
        client's Last Heard; the migration computes it again without it."""
        self._order_complaint()
        self.env.flush_all()
        # as the old version stored it
        self.env.cr.execute(
            "UPDATE res_partner SET cx_date_last_heard = '2026-03-10' WHERE id = %s",
            [self.third.id],
        )
        self.env.invalidate_all()
        path = file_path("cx_management/migrations/18.0.1.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("cx_management_migration_1_2", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.assertIn(self.third, migration.recompute_last_heard(self.env))
        self.env.invalidate_all()
        self.assertFalse(self.third.cx_date_last_heard)
        self.assertEqual(self.client.cx_date_last_heard, datetime.date(2026, 3, 4))

    @freeze_time("2026-03-20")
    def test_dashboard_funnel_is_the_users(self):
        rule = self._wave_rule(wave_days=1)
        rule._send_waves()
        manager = self.env["cx.dashboard"].with_user(self.cx_manager).get_dashboard_data()
        funnel = {row["id"]: row for row in manager["coverage"]["funnel"]}
        self.assertEqual(funnel[rule.id]["invited"], 6, "Kama's buyer has no e-mail")
        salesman = self.env["cx.dashboard"].with_user(self.salesman).get_dashboard_data()
        funnel = {row["id"]: row for row in salesman["coverage"]["funnel"]}
        self.assertEqual(funnel[rule.id]["invited"], 3, "Sibir's three")

    def test_workbook_sheet(self):
        import io

        import openpyxl

        wizard = (
            self.env["cx.workbook"]
            .with_user(self.cx_manager)
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31"})
        )
        content = wizard._build_workbook(["coverage"])
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Coverage"]
        rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
        summary = {row[0]: row[1] for row in rows[2:7]}
        self.assertAlmostEqual(summary["Active clients"], 200 / 3)
        self.assertAlmostEqual(summary["Revenue"], 65.0)
        header = next(row for row in rows if row[0] == "Client")
        kama = next(row for row in rows if row[0] == "Kama Rolling")
        sibir = dict(
            zip(header, next(row for row in rows if row[0] == "Sibir Pipe Works"), strict=False)
        )
        self.assertEqual(sibir["Heard in the period"], "Yes")
        self.assertEqual(sibir["Technical buyer heard"], "Yes")
        self.assertEqual(sibir["Operator heard"], "No")
        self.assertEqual(sibir["Economic buyer last heard"], DT(2026, 3, 3))
        self.assertEqual(dict(zip(header, kama, strict=False))["Heard in the period"], "No")


@tagged("at_install", "-post_install")
class TestSilenceAlerts(HearingCommon):
    """A key contact of a large client not heard for too long: one activity per silence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("cx_management.silence_revenue", "500")
        cls.client.cx_annual_revenue = 1000.0
        cls.other_client.cx_annual_revenue = 300.0  # below the threshold
        cls._create_feedback(cls.economic, date="2026-01-05")
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = '2025-01-01' WHERE id IN %s",
            [tuple(cls.people.ids)],
        )
        cls.env.invalidate_all()
        rule = cls._wave_rule()
        cls.env["cx.feedback.request"].create(
            {
                "rule_id": rule.id,
                "res_model": "res.partner",
                "res_id": cls.client.id,
                "partner_id": cls.economic.id,
                "state": "sent",
                "date_sent": "2026-06-20 09:00:00",
                "company_id": cls.company.id,
            }
        )

    def _silences(self):
        return self.env["mail.activity"].search(
            [
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("cx_management.mail_activity_type_cx_silence").id,
                ),
            ]
        )

    def test_one_alert_per_silence(self):
        Partner = self.env["res.partner"]
        # 1 July minus 180 days is 2 January: heard on 5 January, not silent yet
        with freeze_time("2026-07-01"):
            self.assertEqual(Partner._cron_cx_silence_alerts(), 0)
        # 5 July minus 180 days is 6 January: silent
        with freeze_time("2026-07-05"):
            self.assertEqual(Partner._cron_cx_silence_alerts(), 1)
            self.assertEqual(Partner._cron_cx_silence_alerts(), 0, "run twice: once")
        with freeze_time("2026-08-01"):
            self.assertEqual(Partner._cron_cx_silence_alerts(), 0, "the same silence")
        activity = self._silences()
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", self.client.id))
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("Ivan Petrov", activity.summary)
        self.assertIn("last heard on 2026-01-05", activity.note)
        self.assertIn("open feedback requests: 1", activity.note)
        self.assertEqual(self.economic.cx_date_silence_alert, datetime.date(2026, 7, 5))
        self.assertNotIn(self.other_client.id, self._silences().mapped("res_id"), "below 500")

        # heard again on 10 July, silent again 180 days later: a new silence, a new activity
        self._create_feedback(self.economic, date="2026-07-10")
        with freeze_time("2027-01-05"):
            self.assertEqual(Partner._cron_cx_silence_alerts(), 0, "heard 179 days ago")
        with freeze_time("2027-01-07"):
            self.assertEqual(Partner._cron_cx_silence_alerts(), 1)
        self.assertEqual(len(self._silences()), 2)

    def test_dashboard_silences_per_role(self):
        with freeze_time("2026-07-05"):
            self.env["res.partner"]._cron_cx_silence_alerts()
            manager = self.env["cx.dashboard"].with_user(self.cx_manager).get_dashboard_data()
            mine = self.env["cx.dashboard"].with_user(self.salesman_2).get_dashboard_data()
        self.assertEqual(manager["coverage"]["silences"]["count"], 1)
        self.assertEqual(mine["coverage"]["silences"]["count"], 0, "not Volga's")

    def test_bad_settings_refused(self):
        settings = self.env["res.config.settings"].create(
            {"cx_silence_days": 0, "cx_silence_revenue": -1, "cx_feedback_expiry_days": 0}
        )
        with self.assertRaises(ValidationError) as caught:
            settings.execute()
        message = str(caught.exception)
        self.assertIn("A silence must last one day at least.", message)
        self.assertIn("cannot be negative", message)
        self.assertIn("Feedback requests must stay open one day at least.", message)
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("cx_management.silence_revenue"), "500", "unchanged")


@tagged("at_install", "-post_install")
class TestAlertKpis(HearingCommon):
    """Working hours to the first answer of an alert, on time or not, per owner and month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Mill office",
                "tz": "UTC",
                "attendance_ids": [(5, 0, 0)]
                + [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        },
                    )
                    for day in range(5)
                    for start, end in ((8, 12), (13, 17))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.resolution = cls.env.ref("cx_management.cx_alert_resolution_fixed")

    def _alert(self, when):
        with freeze_time(when):
            feedback = self._create_feedback(
                self.technical,
                csi_score=False,
                nps_score=3,
                date=when[:10],
                user_id=self.salesman.id,
            )
        self.assertEqual(feedback.alert_state, "open")
        return feedback

    def test_working_hours_target_and_resolution(self):
        # Mon 2 March 10:00 -> Tue 3 March 15:00: 2 + 4 on Monday, 4 + 2 on Tuesday = 12 h
        first = self._alert("2026-03-02 10:00:00")
        # Fri 6 March 16:00 -> Thu 12 March 16:00: 1 + 8 + 8 + 8 + 7 = 32 h
        second = self._alert("2026-03-06 16:00:00")
        # Mon 2 March 08:00 -> Tue 10 March 09:00: 5 days x 8 + 8 + 1 = 49 h, over 48
        third = self._alert("2026-03-02 08:00:00")
        # April: not answered yet
        fourth = self._alert("2026-04-06 09:00:00")
        self.assertEqual(first.alert_date_raised, DT(2026, 3, 2, 10))
        with freeze_time("2026-03-03 15:00:00"):
            first.message_post(
                body="We called the client.",
                message_type="comment",
                author_id=self.salesman.partner_id.id,
            )
        with freeze_time("2026-03-12 16:00:00"):
            second._cx_alert_handled()
        with freeze_time("2026-03-10 09:00:00"):
            action = third.with_user(self.salesman).action_cx_alert_handle()
            self.assertEqual((action["res_model"], action["target"]), ("cx.alert.handle", "new"))
            Handle = self.env["cx.alert.handle"].with_user(self.salesman)
            self.assertTrue(Handle._fields["resolution_id"].required, "a resolution is asked")
            self.assertEqual(third.alert_state, "open", "not handled yet")
            wizard = Handle.with_context(**action["context"]).create(
                {"resolution_id": self.resolution.id, "note": "Replaced two pipes."}
            )
            wizard.action_confirm()
        self.assertEqual(third.alert_state, "handled")
        self.assertEqual(third.alert_resolution_id, self.resolution)
        self.assertTrue(any("Replaced two pipes." in message.body for message in third.message_ids))
        # another salesperson may not handle it
        other = self.env["cx.alert.handle"].with_user(self.salesman_2)
        with self.assertRaises(AccessError):
            other.create(
                {"feedback_id": fourth.id, "resolution_id": self.resolution.id}
            ).action_confirm()
        self.assertEqual(
            [first.alert_response_hours, second.alert_response_hours, third.alert_response_hours],
            [12.0, 32.0, 49.0],
        )
        self.assertEqual(
            [first.alert_on_time, second.alert_on_time, third.alert_on_time], [100.0, 100.0, 0.0]
        )
        self.assertFalse(fourth.alert_response_hours)
        self.assertEqual(first.alert_date_answered, DT(2026, 3, 3, 15))

        # per owner and month: March (12 + 32 + 49) / 3 = 31 h, 2 of 3 on time
        groups = (
            self.env["cx.feedback"]
            .with_user(self.cx_manager)
            ._read_group(
                [
                    ("alert_date_raised", "!=", False),
                    ("id", "in", (first | second | third | fourth).ids),
                ],
                ["alert_user_id", "alert_date_raised:month"],
                ["alert_response_hours:avg", "alert_on_time:avg", "__count"],
            )
        )
        rows = {
            (user, month.month): (hours, share, count)
            for user, month, hours, share, count in groups
        }
        hours, share, count = rows[self.salesman, 3]
        self.assertEqual(count, 3)
        self.assertAlmostEqual(hours, 31.0)
        self.assertAlmostEqual(share, 200 / 3)
        self.assertFalse(rows[self.salesman, 4][0], "April: not answered, no average")
        by_resolution = dict(
            self.env["cx.feedback"]._read_group(
                [("alert_resolution_id", "!=", False)], ["alert_resolution_id"], ["__count"]
            )
        )
        self.assertEqual(by_resolution, {self.resolution: 1})

    def test_target_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("cx_management.alert_target_hours", "10")
        first = self._alert("2026-03-02 10:00:00")
        with freeze_time("2026-03-03 15:00:00"):
            first._cx_alert_handled()
        self.assertEqual((first.alert_response_hours, first.alert_on_time), (12.0, 0.0))
