from odoo.addons.mail.tests.common import mail_new_test_user


class CxActionFixtures:
    """Two client companies with contacts and portal users, a CX manager and two CX users."""

    @classmethod
    def _setup_cx_action_fixtures(cls):
        env = cls.env
        cls.Action = env["cx.action"]
        cls.stage_new = env.ref("cx_management.cx_action_stage_new")
        cls.stage_planned = env.ref("cx_management.cx_action_stage_planned")
        cls.stage_progress = env.ref("cx_management.cx_action_stage_in_progress")
        cls.stage_done = env.ref("cx_management.cx_action_stage_done")
        cls.stage_cancelled = env.ref("cx_management.cx_action_stage_cancelled")
        cls.role_economic = env.ref("cx_management.cx_contact_role_economic")
        cls.company = env.company

        cls.manager = mail_new_test_user(
            env,
            login="cx_act_manager",
            password="cx_act_manager",
            name="Marina Manager",
            email="marina.manager@example.com",
            groups="base.group_user,cx_management.cx_management_group_manager",
        )
        cls.owner = mail_new_test_user(
            env,
            login="cx_act_owner",
            password="cx_act_owner",
            name="Oleg Owner",
            email="oleg.owner@example.com",
            groups="base.group_user,cx_management.cx_management_group_user",
        )
        cls.other_user = mail_new_test_user(
            env,
            login="cx_act_other",
            password="cx_act_other",
            name="Olga Other",
            email="olga.other@example.com",
            groups="base.group_user,cx_management.cx_management_group_user",
        )

        Partner = env["res.partner"]
        cls.client_a = Partner.create(
            {"name": "Alpha Pipes", "is_company": True, "email": "office@alpha.example.com"}
        )
        cls.client_b = Partner.create(
            {"name": "Beta Steel", "is_company": True, "email": "office@beta.example.com"}
        )
        cls.contact_a1 = Partner.create(
            {"name": "Anna Alpha", "parent_id": cls.client_a.id, "email": "anna@alpha.example.com"}
        )
        cls.contact_a2 = Partner.create(
            {
                "name": "Boris Alpha",
                "parent_id": cls.client_a.id,
                "email": "boris@alpha.example.com",
                "cx_role_id": cls.role_economic.id,
            }
        )
        cls.contact_a3 = Partner.create(
            {
                "name": "Clara Alpha",
                "parent_id": cls.client_a.id,
                "email": "clara@alpha.example.com",
            }
        )
        cls.contact_b1 = Partner.create(
            {
                "name": "Dmitry Beta",
                "parent_id": cls.client_b.id,
                "email": "dmitry@beta.example.com",
            }
        )

        cls.portal_a = mail_new_test_user(
            env,
            login="cx_portal_a",
            password="cx_portal_a",
            name="Paula Portal Alpha",
            email="paula@alpha.example.com",
            groups="base.group_portal",
        )
        cls.portal_a.partner_id.parent_id = cls.client_a
        cls.portal_b = mail_new_test_user(
            env,
            login="cx_portal_b",
            password="cx_portal_b",
            name="Pavel Portal Beta",
            email="pavel@beta.example.com",
            groups="base.group_portal",
        )
        cls.portal_b.partner_id.parent_id = cls.client_b

        cls.complaint = env["cx.feedback"].create(
            {
                "partner_id": cls.contact_a1.id,
                "channel": "claim",
                "date": "2025-06-10",
                "nps_score": 3,
                "csi_score": 2,
                "comment": "The quality certificates arrive a week after the pipes.",
                "user_id": cls.owner.id,
            }
        )
        cls.feedback_b = env["cx.feedback"].create(
            {
                "partner_id": cls.contact_b1.id,
                "channel": "call",
                "date": "2025-06-11",
                "nps_score": 6,
                "comment": "Deliveries are late.",
                "user_id": cls.owner.id,
            }
        )

    @classmethod
    def _new_action(cls, user=None, **values):
        vals = {"name": "Send certificates with the shipment", "partner_id": cls.client_a.id}
        vals.update(values)
        return cls.env["cx.action"].with_user(user or cls.manager).create(vals)
