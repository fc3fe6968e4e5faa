import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CxCase

TODAY = "2026-03-10"


@tagged("at_install", "-post_install")
class TestFeedbackRequests(CxCase):
    """Survey invitations some days after an operation: delay, roles, rest, blacklist, log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        cls.client.user_id = cls.salesman
        cls.other_client.user_id = cls.salesman_2
        cls.survey = cls.env["survey.survey"].create(
            {"title": "After the deal", "access_mode": "token"}
        )
        cls.question = cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "title": "How was the deal?",
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
                "cx_meaning": "csi",
                "cx_stage_id": cls.env.ref("cx_management.cx_journey_stage_deal").id,
            }
        )
        cls.rule = cls._create_request_rule(
            survey_id=cls.survey.id, roles=cls.role_technical | cls.role_operator
        )
        cls.deal = cls._deal(cls.client, "2026-03-07 10:00:00")

    @classmethod
    def _deal(cls, partner, closed, lead_type="opportunity"):
        lead = cls.env["crm.lead"].create(
            {"name": f"Deal {partner.name} {closed}", "partner_id": partner.id, "type": lead_type}
        )
        lead.date_closed = closed
        return lead

    def _requests(self, **domain):
        return self.env["cx.feedback.request"].search(
            [("rule_id", "=", self.rule.id)] + [(k, "=", v) for k, v in domain.items()]
        )

    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("email_to", "ilike", partner.email)])

    @freeze_time(TODAY)
    def test_sent_after_the_delay_to_the_roles_once(self):
        with freeze_time("2026-03-09"):
            self.assertEqual(self.rule._send_requests()["sent"], 0, "too early")
        self.assertFalse(self._requests())

        stats = self.rule._send_requests()
        self.assertEqual(stats, {"records": 1, "sent": 2, "skipped": 0})
        requests = self._requests()
        self.assertEqual(requests.partner_id, self.technical | self.operator, "roles filter")
        self.assertEqual(set(requests.mapped("state")), {"sent"})
        self.assertEqual(set(requests.mapped("res_id")), {self.deal.id})
        self.assertEqual(requests[0].record_name, self.deal.name)
        self.assertEqual(requests[0].date_sent, datetime.datetime(2026, 3, 10))
        answers = requests.survey_user_input_id
        self.assertEqual(answers.partner_id, self.technical | self.operator)
        self.assertEqual(answers.survey_id, self.survey)
        for contact in self.technical | self.operator:
            mail = self._mails_to(contact)
            self.assertEqual(len(mail), 1)
            answer = answers.filtered(lambda a, c=contact: a.partner_id == c)
            self.assertIn(answer.access_token, mail.body_html, "the personal survey link")
            self.assertIn(self.survey.title, mail.subject)
        self.assertFalse(self._mails_to(self.economic))

        # the next day, and the same day again: nothing twice
        self.assertEqual(self.rule._send_requests()["sent"], 0)
        with freeze_time("2026-03-11"):
            self.assertEqual(self.rule._send_requests(), {"records": 0, "sent": 0, "skipped": 0})
        self.assertEqual(len(self._requests()), 2)
        self.assertEqual(len(self._mails_to(self.technical)), 1)

        # the contact answers: the feedback names the operation
        answer = answers.filtered(lambda a: a.partner_id == self.technical)
        answer._save_lines(self.question, 4)
        answer._mark_done()
        feedback = answer.cx_feedback_ids
        self.assertEqual((feedback.csi_score, feedback.reference), (4, self.deal.name))
        self.assertEqual(self.rule.request_count, 2)

    @freeze_time(TODAY)
    def test_domain_window_and_catch_up(self):
        self._deal(self.other_client, "2026-03-07 10:00:00", lead_type="lead")  # not in the domain
        caught_up = self._deal(self.other_client, "2026-02-28 08:00:00")  # 7 days older: caught up
        self._deal(self.other_client, "2026-02-27 23:00:00")  # 8 days older: out of the window
        self.rule.role_ids = False  # every contact with an e-mail
        self.rule._send_requests()
        requests = self._requests()
        self.assertEqual(
            set(requests.filtered(lambda r: r.res_id != self.deal.id).mapped("res_id")),
            {caught_up.id},
        )
        # the client's contacts with an e-mail: its three buyers and the portal user's contact
        self.assertEqual(
            requests.filtered(lambda r: r.res_id == self.deal.id).partner_id,
            self.economic | self.technical | self.operator | self.portal_user.partner_id,
        )

    @freeze_time(TODAY)
    def test_rest_period_across_rules(self):
        other_rule = self.rule.copy({"name": "After a claim"})
        Request = self.env["cx.feedback.request"]
        Request.create(
            {
                "rule_id": other_rule.id,
                "res_model": "crm.lead",
                "res_id": self._deal(self.client, "2026-01-01 10:00:00").id,
                "partner_id": self.technical.id,
                "state": "sent",
                "date_sent": "2026-02-08 09:00:00",
                "company_id": self.company.id,
            }
        )
        self.rule._send_requests()
        technical = self._requests(partner_id=self.technical.id)
        self.assertEqual((technical.state, technical.skip_reason), ("skipped", "rest"))
        self.assertFalse(technical.survey_user_input_id)
        self.assertFalse(self._mails_to(self.technical))
        self.assertEqual(self._requests(partner_id=self.operator.id).state, "sent")

        # with a 20-day rest period the same contact would be asked
        self.env["ir.config_parameter"].sudo().set_param("cx_management.feedback_rest_days", "20")
        deal = self._deal(self.client, "2026-03-06 10:00:00")
        self.rule._send_requests()
        self.assertEqual(self._requests(partner_id=self.technical.id, res_id=deal.id).state, "sent")
        # the operator was asked today: resting
        self.assertEqual(
            self._requests(partner_id=self.operator.id, res_id=deal.id).skip_reason, "rest"
        )

    @freeze_time(TODAY)
    def test_one_request_per_contact_per_run(self):
        second = self._deal(self.client, "2026-03-06 10:00:00")
        stats = self.rule._send_requests()
        self.assertEqual(stats, {"records": 2, "sent": 2, "skipped": 2})
        skipped = self._requests(state="skipped")
        self.assertEqual(
            set(skipped.mapped("res_id")),
            {self.deal.id, second.id} - set(self._requests(state="sent").mapped("res_id")),
        )
        self.assertEqual(len(self._mails_to(self.technical)), 1)

    @freeze_time(TODAY)
    def test_blacklist_and_missing_email(self):
        self.env["mail.blacklist"].sudo()._add(self.operator.email)
        self.rule.role_ids |= self.role_economic
        self.economic.email = False
        self.rule._send_requests()
        self.assertEqual(self._requests(partner_id=self.operator.id).skip_reason, "blacklisted")
        self.assertEqual(self._requests(partner_id=self.economic.id).skip_reason, "no_email")
        self.assertEqual(self._requests(partner_id=self.technical.id).state, "sent")
        self.assertFalse(self._mails_to(self.operator))

    @freeze_time(TODAY)
    def test_cron_and_settings(self):
        cron = self.env.ref("cx_management.ir_cron_cx_feedback_requests")
        self.assertEqual(cron.model_id.model, "cx.feedback.rule")
        self.assertTrue(cron.active)
        self.env["cx.feedback.rule"]._cron_send_requests()
        self.assertEqual(len(self._requests(state="sent")), 2)
        self.rule.active = False
        deal = self._deal(self.client, "2026-03-07 11:00:00")
        self.env["cx.feedback.rule"]._cron_send_requests()
        self.assertFalse(self._requests(res_id=deal.id), "archived rules send nothing")

        settings = self.env["res.config.settings"].create({"cx_feedback_rest_days": 30})
        settings.execute()
        self.assertEqual(self.env["cx.feedback.rule"]._rest_days(), 30)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"cx_feedback_rest_days": -1}).execute()

    @freeze_time(TODAY)
    def test_cron_one_batch_per_call(self):
        """A cron call sends one batch of whole operations; called again as the runner calls
        it, every contact is asked once, and a second run finds nothing."""
        # every contact with an e-mail: the client's three and its portal user's contact (4),
        # the other client's three (3)
        self.rule.role_ids = False
        other_deal = self._deal(self.other_client, "2026-03-07 11:00:00")
        cron = self.env.ref("cx_management.ir_cron_cx_feedback_requests")
        Rule = self.env["cx.feedback.rule"]

        def run():
            """(operations, done, remaining) of each call until nothing remains."""
            calls = []
            while not calls or calls[-1][2]:
                self.assertLess(len(calls), 10, "the run must end")
                _cron, progress = cron._add_progress()
                stats = Rule.with_context(ir_cron_progress_id=progress.id)._cron_send_requests(
                    batch_size=1
                )
                calls.append((stats["records"], progress.done, progress.remaining))
            return calls

        # a batch of one pair grows to the deal's four: an operation is logged whole; the
        # other deal's three pairs remain for the second call
        self.assertEqual(run(), [(1, 4, 3), (1, 3, 0)])
        requests = self._requests()
        self.assertEqual(
            sorted((r.res_id, r.partner_id.id, r.state) for r in requests),
            sorted(
                [
                    (self.deal.id, c.id, "sent")
                    for c in self.economic
                    | self.technical
                    | self.operator
                    | self.portal_user.partner_id
                ]
                + [
                    (other_deal.id, c.id, "sent")
                    for c in self.other_economic | self.other_technical | self.other_operator
                ]
            ),
        )
        self.assertEqual(run(), [(0, 0, 0)])
        self.assertEqual(self._requests(), requests)

    def test_rule_validation(self):
        Fields = self.env["ir.model.fields"]
        with self.assertRaises(ValidationError):
            self.rule.date_field_id = Fields._get("res.partner", "date")
        with self.assertRaises(ValidationError):
            self.rule.partner_field_id = Fields._get("crm.lead", "user_id")
        with self.assertRaises(ValidationError):
            self.rule.domain = "[('no_such_field', '=', 1)]"
        with self.assertRaises(ValidationError):
            self.rule.domain = "not a domain"
        with self.assertRaises(ValidationError):
            self.rule.delay_days = -2
        with self.assertRaises(ValidationError):
            self.rule.lookback_days = -1

    @freeze_time(TODAY)
    def test_access_rights(self):
        self._deal(self.other_client, "2026-03-07 10:00:00")
        self.rule.role_ids = False
        self.rule._send_requests()
        mine = self._requests(commercial_partner_id=self.client.id)
        theirs = self._requests(commercial_partner_id=self.other_client.id)
        self.assertTrue(mine and theirs)

        # a salesperson reads the log of their own clients only, and changes nothing
        Request = self.env["cx.feedback.request"].with_user(self.salesman)
        self.assertEqual(Request.search([("rule_id", "=", self.rule.id)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["partner_id"])
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).write({"state": "skipped"})
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).unlink()
        self.rule.with_user(self.salesman).read(["name"])
        with self.assertRaises(AccessError):
            self.rule.with_user(self.salesman).write({"delay_days": 1})
        with self.assertRaises(AccessError):
            self.rule.with_user(self.salesman).copy()

        # a CX manager manages the rules and reads the whole log
        manager_rule = self.rule.with_user(self.cx_manager).copy({"name": "After a delivery"})
        manager_rule.write({"delay_days": 5})
        self.assertEqual(
            self.env["cx.feedback.request"]
            .with_user(self.cx_manager)
            .search_count([("rule_id", "=", self.rule.id)]),
            len(mine | theirs),
        )
        # an employee outside Customer Experience sees neither
        with self.assertRaises(AccessError):
            self.env["cx.feedback.request"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.env["cx.feedback.rule"].with_user(self.employee).search([])

    def test_multi_company(self):
        foreign = self.rule.copy({"name": "Elsewhere", "company_id": self.company_b.id})
        Rule = self.env["cx.feedback.rule"]
        self.assertNotIn(foreign, Rule.with_user(self.cx_manager).search([]))
        self.assertIn(foreign, Rule.with_user(self.cx_manager_b).search([]))
