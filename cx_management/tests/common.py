from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class CxCommon(TransactionCase):
    """A client with its three contacts, and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.salesman = mail_new_test_user(
            cls.env,
            login="cx_salesman",
            name="Sergey Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.salesman_2 = mail_new_test_user(
            cls.env,
            login="cx_salesman_2",
            name="Olga Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.cx_manager = mail_new_test_user(
            cls.env,
            login="cx_manager",
            name="Maria Manager",
            groups="base.group_user,cx_management.cx_management_group_manager",
        )
        cls.employee = mail_new_test_user(
            cls.env, login="cx_employee", name="Egor Employee", groups="base.group_user"
        )
        cls.portal_user = mail_new_test_user(
            cls.env, login="cx_portal", name="Pavel Portal", groups="base.group_portal"
        )
        cls.role_economic = cls.env.ref("cx_management.cx_contact_role_economic")
        cls.role_technical = cls.env.ref("cx_management.cx_contact_role_technical")
        cls.role_operator = cls.env.ref("cx_management.cx_contact_role_operator")
        cls.stage_usage = cls.env.ref("cx_management.cx_journey_stage_usage")
        cls.stage_post = cls.env.ref("cx_management.cx_journey_stage_post")
        cls.process_production = cls.env.ref("cx_management.cx_process_production")
        cls.process_delivery = cls.env.ref("cx_management.cx_process_delivery")
        cls.topic_defects = cls.env.ref("cx_management.cx_topic_quality_defects")
        cls.topic_praise = cls.env.ref("cx_management.cx_topic_praise")

        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "Uralneft Drilling", "is_company": True})
        cls.economic, cls.technical, cls.operator = Partner.create(
            [
                {
                    "name": "Ivan Petrov",
                    "parent_id": cls.client.id,
                    "cx_role_id": cls.role_economic.id,
                },
                {
                    "name": "Anna Smirnova",
                    "parent_id": cls.client.id,
                    "cx_role_id": cls.role_technical.id,
                },
                {
                    "name": "Oleg Ivanov",
                    "parent_id": cls.client.id,
                    "cx_role_id": cls.role_operator.id,
                },
            ]
        )
        cls.other_client = Partner.create({"name": "Volga Bridges", "is_company": True})
        cls.other_contact = Partner.create(
            {
                "name": "Nina Orlova",
                "parent_id": cls.other_client.id,
                "cx_role_id": cls.role_economic.id,
            }
        )

    @classmethod
    def _feedback(cls, partner=None, **values):
        vals = {"partner_id": (partner or cls.technical).id, "csi_score": 4}
        vals.update(values)
        return cls.env["cx.feedback"].create(vals)
