from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CxCase


@tagged("at_install", "-post_install")
class TestSecurity(CxCase):
    """Who may read and change feedback and the reference data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        cls.mine = cls._create_feedback(user_id=cls.salesman.id)
        cls.theirs = cls._create_feedback(cls.economic, user_id=cls.salesman_2.id)

    def test_salesperson_is_cx_user(self):
        self.assertTrue(self.salesman.has_group("cx_management.cx_management_group_user"))
        self.assertFalse(self.salesman.has_group("cx_management.cx_management_group_manager"))
        self.assertTrue(self.cx_manager.has_group("cx_management.cx_management_group_user"))

    def test_salesperson_reads_all_and_edits_own(self):
        Feedback = self.env["cx.feedback"].with_user(self.salesman)
        self.assertEqual(
            Feedback.search([("id", "in", (self.mine | self.theirs).ids)]), self.mine | self.theirs
        )
        self.mine.with_user(self.salesman).write({"comment": "Delivered on time."})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.salesman).write({"comment": "Forged."})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.salesman).unlink()
        created = Feedback.create({"partner_id": self.operator.id, "nps_score": 8})
        self.assertEqual(created.user_id, self.salesman)
        with self.assertRaises(AccessError):
            Feedback.create(
                {"partner_id": self.operator.id, "nps_score": 8, "user_id": self.salesman_2.id}
            )

    def test_salesperson_reads_but_cannot_edit_reference_data(self):
        process = self.process_delivery.with_user(self.salesman)
        self.assertTrue(process.name)
        for record in (
            process,
            self.role_operator.with_user(self.salesman),
            self.topic_defects.with_user(self.salesman),
            self.stage_post.with_user(self.salesman),
        ):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.write({"sequence": 99})
        with self.assertRaises(AccessError):
            self.env["cx.topic"].with_user(self.salesman).create(
                {"name": "Forged", "polarity": "praise"}
            )

    def test_manager_does_everything(self):
        self.theirs.with_user(self.cx_manager).write({"comment": "Checked by the CX manager."})
        self.process_delivery.with_user(self.cx_manager).write({"user_id": self.cx_manager.id})
        topic = (
            self.env["cx.topic"]
            .with_user(self.cx_manager)
            .create(
                {
                    "name": "Certificates",
                    "parent_id": self.env.ref("cx_management.cx_topic_quality").id,
                }
            )
        )
        self.assertEqual(topic.complete_name, "Quality / Certificates")
        self.theirs.with_user(self.cx_manager).unlink()
        self.assertFalse(self.theirs.exists())

    def test_outsiders_refused(self):
        for user in (self.employee, self.portal_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["cx.feedback"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.mine.with_user(user).read(["comment"])
                with self.assertRaises(AccessError):
                    self.env["cx.feedback"].with_user(user).create(
                        {"partner_id": self.operator.id, "csi_score": 1}
                    )
        with self.assertRaises(AccessError):
            self.env["cx.process"].with_user(self.portal_user).search([])

    def test_multi_company_isolation(self):
        foreign = self._create_feedback(company_id=self.company_b.id)
        Feedback = self.env["cx.feedback"].with_user(self.cx_manager)
        self.assertNotIn(foreign, Feedback.search([]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.cx_manager).read(["comment"])
        self.cx_manager.write({"company_ids": [(4, self.company_b.id)]})
        both = Feedback.with_context(allowed_company_ids=[self.env.company.id, self.company_b.id])
        self.assertIn(foreign, both.search([]))
