import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestCxAction(CxCase):
    """Improvement actions through the ORM: birth, stages, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.salesman_2 = cls._create_second_salesman()
        cls.portal_user_2 = cls._create_second_portal_user()
        cls.complaint = cls._create_claim()
        cls.feedback_b = cls._create_feedback(
            cls.other_economic,
            channel="call",
            date="2025-06-11",
            csi_score=False,
            nps_score=6,
            comment="Deliveries are late.",
            user_id=cls.salesman.id,
        )

    def test_reference_from_sequence(self):
        first = self._create_action()
        second = self._create_action(name="Second")
        self.assertRegex(first.reference, rf"^CXA/{date.today().year}/\d{{4}}$")
        number = int(first.reference.rsplit("/", 1)[1])
        self.assertEqual(second.reference, re.sub(r"\d{4}$", f"{number + 1:04d}", first.reference))
        self.assertEqual(
            first.stage_id, self.stage_new, "a new action starts in the first open stage"
        )
        self.assertEqual(first.access_url, f"/my/cx/actions/{first.id}")

    def test_create_from_feedback_links_all(self):
        second = self.env["cx.feedback"].create(
            {"partner_id": self.economic.id, "nps_score": 5, "comment": "Certificates missing"}
        )
        feedback = (self.complaint | second).with_user(self.salesman)
        result = feedback.action_create_cx_action()
        self.assertEqual(result["res_model"], "cx.action")
        action = (
            self.env["cx.action"]
            .with_user(self.salesman)
            .with_context(**result["context"])
            .create({})
        )
        self.assertEqual(action.feedback_ids, self.complaint | second)
        self.assertEqual(action.partner_id, self.client)
        self.assertEqual(action.origin, "feedback")
        self.assertEqual(action.user_id, self.salesman)
        self.assertTrue(action.name)
        self.assertIn("quality certificates", action.description)
        self.assertEqual(self.complaint.cx_action_count, 1)
        self.assertEqual(self.client.with_user(self.salesman).cx_action_count, 1)

    def test_create_from_feedback_owner_and_contact(self):
        """The client's salesperson owns the action, the one who complained is told."""
        self.client.user_id = self.salesman
        complaint = self._create_feedback(self.operator, csi_score=1, date=date(2026, 3, 2))
        window = complaint.with_user(self.cx_manager).action_create_cx_action()
        action = (
            self.env["cx.action"]
            .with_user(self.cx_manager)
            .with_context(**window["context"])
            .create({})
        )
        self.assertEqual(action.user_id, self.salesman)
        self.assertEqual(action.contact_id, self.operator, "not the economic buyer")
        # a salesperson who is not the client's owns what they plan (they cannot plan for others)
        window = complaint.with_user(self.salesman_2).action_create_cx_action()
        self.assertEqual(window["context"]["default_user_id"], self.salesman_2.id)

    def test_create_from_feedback_of_two_clients_refused(self):
        with self.assertRaises(UserError):
            (self.complaint | self.feedback_b).action_create_cx_action()
        with self.assertRaises(UserError):
            self.env["cx.feedback"].action_create_cx_action()

    def test_plan_for_client_from_a_metric_row(self):
        process = self.env["cx.process"].search([], limit=1)
        window = (
            self.env["cx.action"]
            .with_user(self.cx_manager)
            .action_plan_for_client(
                self.technical, process=process, name="Ship on the planned date"
            )
        )
        action = (
            self.env["cx.action"]
            .with_user(self.cx_manager)
            .with_context(**window["context"])
            .create({})
        )
        self.assertEqual(action.partner_id, self.client)
        self.assertEqual(action.process_id, process)
        self.assertEqual(action.origin, "metric")
        self.assertEqual(action.name, "Ship on the planned date")

    def test_lead_smart_button(self):
        lead = self._create_lead(self.client, name="Pipes 2027")
        action = self._create_action(lead_id=lead.id)
        self.assertEqual(lead.cx_action_count, 1)
        window = lead.action_view_cx_actions()
        self.assertEqual(self.env["cx.action"].search(window["domain"]), action)

    def test_main_contact_is_the_economic_buyer(self):
        action = self._create_action()
        self.assertEqual(action.contact_id, self.economic)
        action.partner_id = self.operator
        self.assertEqual(action.commercial_partner_id, self.client)
        self.assertEqual(action.contact_id, self.economic, "still a contact of the same client")

    def test_lifecycle(self):
        with freeze_time("2026-03-02"):
            self.env["cx.feedback"].create(
                [
                    {"partner_id": self.technical.id, "nps_score": 10, "date": "2026-02-20"},
                    {"partner_id": self.economic.id, "nps_score": 2, "date": "2026-02-21"},
                    {"partner_id": self.operator.id, "nps_score": 9, "date": "2026-02-22"},
                    # too old for the 90-day window, and another client's
                    {"partner_id": self.technical.id, "nps_score": 0, "date": "2025-10-01"},
                    {"partner_id": self.other_economic.id, "nps_score": 0, "date": "2026-02-22"},
                ]
            )
            action = self._create_action(user=self.salesman, date_deadline="2026-04-01")
            # a record is tracked from the transaction after its creation
            self.env.flush_all()
            self.env.cr.precommit.run()
            action.write({"stage_id": self.stage_planned.id, "date_deadline": "2026-04-15"})
            self.assertFalse(action.date_start)
            self.assertIs(action.nps_before, False)
            action.stage_id = self.stage_progress
            self.assertEqual(action.date_start, date(2026, 3, 2))
            # 10, 2 and 9 in the 90 days before: (2 - 1) / 3
            self.assertAlmostEqual(action.nps_before, 33.3, places=1)
            self.assertIs(action.csi_before, False, "no snapshot yet: unknown, not 0")
            self.assertFalse(action.date_done)
        with freeze_time("2026-03-20"):
            action.stage_id = self.stage_done
            self.assertEqual(action.date_done, date(2026, 3, 20))
            self.assertTrue(action.is_done)
        with freeze_time("2026-03-21"):
            action.stage_id = self.stage_progress
            self.assertFalse(action.date_done, "reopening clears the done date")
            self.assertEqual(action.date_start, date(2026, 3, 2), "the start is kept")
            action.stage_id = self.stage_done
            self.assertEqual(action.date_done, date(2026, 3, 21))
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking messages are posted at commit
        tracked = (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.model", "=", "cx.action"),
                    ("mail_message_id.res_id", "=", action.id),
                ]
            )
            .field_id.mapped("name")
        )
        for field_name in ("stage_id", "date_deadline"):
            self.assertIn(field_name, tracked)

    def test_internal_action_cannot_be_published(self):
        action = self._create_action(partner_id=False)
        with self.assertRaises(ValidationError):
            action.portal_published = True

    def test_publishing_needs_what_the_client_reads(self):
        action = self._create_action(name="Squeeze the warehouse team", client_title=" ")
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            action.action_publish()
        message = caught.exception.args[0]
        self.assertIn("Client-Facing Title", message)
        self.assertIn("Client-Facing Summary", message)
        action.client_title = "Certificates travel with your pipes"
        with self.assertRaisesRegex(ValidationError, "Client-Facing Summary"), self.cr.savepoint():
            action.action_publish()
        action.client_summary = "<p><br></p>"  # what an emptied editor leaves
        with self.assertRaisesRegex(ValidationError, "Client-Facing Summary"), self.cr.savepoint():
            action.action_publish()
        self.assertFalse(action.portal_published)
        action.client_summary = "<p>Every waybill carries the quality certificates.</p>"
        action.action_publish()
        self.assertTrue(action.portal_published)
        # the client's e-mails carry the client-facing title, not the internal one
        subject = action._message_compute_subject()
        self.assertEqual(subject, f"{action.reference} Certificates travel with your pipes")
        # the client's title starts as the title and is kept when the title changes
        other = self._create_action(name="Certificates with the waybill")
        self.assertEqual(other.client_title, "Certificates with the waybill")
        other.client_title = "Your certificates arrive with the pipes"
        other.name = "Certificates: escalate to the warehouse director"
        self.assertEqual(other.client_title, "Your certificates arrive with the pipes")

    def test_default_titles_read_as_written_by_a_person(self):
        action_model = self.env["cx.action"].with_user(self.cx_manager)
        values = action_model._prepare_from_feedback(self._create_claim())
        self.assertEqual(values["name"], "The quality certificates arrive a week after the pipes.")
        complaint = self._create_feedback(csi_score=2, topic_ids=self.topic_defects.ids)
        values = action_model._prepare_from_feedback(complaint)
        self.assertEqual(
            values["name"],
            "Resolve the complaint of Sibir Pipe Works about defects and faults",
        )
        self.assertNotIn("Improve:", values["name"])

    def test_access_rights(self):
        mine = self._create_action(user=self.salesman)
        theirs = self._create_action(user=self.cx_manager, user_id=self.salesman_2.id)
        # a CX user sees every action of the company but changes only their own
        self.assertEqual(
            self.env["cx.action"]
            .with_user(self.salesman)
            .search([("id", "in", (mine | theirs).ids)]),
            mine | theirs,
        )
        mine.with_user(self.salesman).write({"date_deadline": "2030-01-01"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).write({"date_deadline": "2030-01-01"})
        with self.assertRaises(AccessError):
            mine.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            self.env["cx.action"].with_user(self.salesman).create(
                {"name": "For someone else", "user_id": self.salesman_2.id}
            )
        # managers do everything
        theirs.with_user(self.cx_manager).write({"stage_id": self.stage_planned.id})
        theirs.with_user(self.cx_manager).unlink()
        # nobody outside the CX groups
        with self.assertRaises(AccessError):
            mine.with_user(self.employee).read(["name"])

    def test_portal_record_rules(self):
        published = self._create_action(portal_published=True)
        unpublished = self._create_action(name="Not yet")
        foreign = self._create_action(
            name="Beta action", partner_id=self.other_client.id, portal_published=True
        )
        as_portal = self.env["cx.action"].with_user(self.portal_user)
        self.assertEqual(as_portal.search([]), published)
        for action in (unpublished, foreign):
            with self.assertRaises(AccessError):
                action.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            published.with_user(self.portal_user).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            published.with_user(self.portal_user).read(["description"])
        self.assertEqual(self.env["cx.action"].with_user(self.portal_user_2).search([]), foreign)
