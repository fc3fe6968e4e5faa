from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

from ..demo import demo_data


class CxTestMixin:
    """Every test's fixtures: one user per role, two clients with a contact of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        ref = cls.env.ref
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "CX Steel East"})

        # ---- reference data ----
        cls.role_economic = ref("cx_management.cx_contact_role_economic")
        cls.role_technical = ref("cx_management.cx_contact_role_technical")
        cls.role_operator = ref("cx_management.cx_contact_role_operator")
        cls.stage_usage = ref("cx_management.cx_journey_stage_usage")
        cls.stage_post = ref("cx_management.cx_journey_stage_post")
        cls.process_production = ref("cx_management.cx_process_production")
        cls.process_delivery = ref("cx_management.cx_process_delivery")
        cls.topic_defects = ref("cx_management.cx_topic_quality_defects")
        cls.topic_praise = ref("cx_management.cx_topic_praise")
        cls.stage_new = ref("cx_management.cx_action_stage_new")
        cls.stage_planned = ref("cx_management.cx_action_stage_planned")
        cls.stage_progress = ref("cx_management.cx_action_stage_in_progress")
        cls.stage_done = ref("cx_management.cx_action_stage_done")
        cls.stage_cancelled = ref("cx_management.cx_action_stage_cancelled")

        # ---- clients: a contact of each role ----
        cls.client = cls._create_client("Sibir Pipe Works")
        cls.economic = cls._create_contact(
            cls.client, "Ivan Petrov", cls.role_economic, email="ivan.petrov@sibir.example.com"
        )
        cls.technical = cls._create_contact(
            cls.client,
            "Anna Smirnova",
            cls.role_technical,
            email="anna.smirnova@sibir.example.com",
        )
        cls.operator = cls._create_contact(
            cls.client, "Oleg Ivanov", cls.role_operator, email="oleg.ivanov@sibir.example.com"
        )
        cls.other_client = cls._create_client("Volga Bridges")
        cls.other_economic = cls._create_contact(
            cls.other_client,
            "Nina Orlova",
            cls.role_economic,
            email="nina.orlova@volga.example.com",
        )
        cls.other_technical = cls._create_contact(
            cls.other_client,
            "Dmitry Sokolov",
            cls.role_technical,
            email="dmitry.sokolov@volga.example.com",
        )
        cls.other_operator = cls._create_contact(
            cls.other_client,
            "Pyotr Volkov",
            cls.role_operator,
            email="pyotr.volkov@volga.example.com",
        )

        # ---- one user per role ----
        cls.portal_user = cls._create_user(
            "cx_portal",
            "base.group_portal",
            client=cls.client,
            name="Pavel Portal",
            email="pavel.portal@sibir.example.com",
        )
        cls.employee = cls._create_user(
            "cx_employee", "base.group_user", name="Egor Employee", email="egor@cx.example.com"
        )
        cls.salesman = cls._create_user(
            "cx_salesman",
            "sales_team.group_sale_salesman",
            name="Sergey Salesman",
            email="sergey@cx.example.com",
        )
        cls.cx_manager = cls._create_user(
            "cx_manager",
            "base.group_user,cx_management.cx_management_group_manager",
            name="Maria Manager",
            email="maria@cx.example.com",
        )
        cls.cx_manager_b = cls._create_user(
            "cx_manager_b",
            "base.group_user,cx_management.cx_management_group_manager",
            name="Boris Manager",
            email="boris@east.example.com",
            company_id=cls.company_b.id,
        )

    # ------------------------------------------------------------
    # FACTORIES
    # ------------------------------------------------------------

    @classmethod
    def _create_user(cls, login, groups, client=None, **values):
        """A user whose password is its login; a portal user belongs to the given client."""
        user = mail_new_test_user(cls.env, login=login, groups=groups, password=login, **values)
        if client:
            user.partner_id.parent_id = client
        return user

    @classmethod
    def _create_client(cls, name, **values):
        return cls.env["res.partner"].create(dict(values, name=name, is_company=True))

    @classmethod
    def _make_demo_clients(cls, clients):
        """Make ``clients`` the first demo clients: the demo loader knows them by their keys in
        demo_data.COMPANIES."""
        cls.env["ir.model.data"].create(
            [
                {
                    "module": "cx_management",
                    "model": "res.partner",
                    "res_id": partner.id,
                    "name": f"res_partner_{row[0]}_demo",
                    "noupdate": True,
                }
                for row, partner in zip(demo_data.COMPANIES, clients, strict=False)
            ]
        )

    @classmethod
    def _create_contact(cls, client, name, role=None, **values):
        return cls.env["res.partner"].create(
            dict(values, name=name, parent_id=client.id, cx_role_id=role.id if role else False)
        )

    @classmethod
    def _create_feedback(cls, partner=None, **values):
        vals = {"partner_id": (partner or cls.technical).id, "csi_score": 4}
        vals.update(values)
        return cls.env["cx.feedback"].create(vals)

    @classmethod
    def _create_claim(cls):
        """The technical buyer's claim the improvement-action tests answer (a detractor)."""
        return cls._create_feedback(
            channel="claim",
            date="2025-06-10",
            nps_score=3,
            csi_score=2,
            comment="The quality certificates arrive a week after the pipes.",
            user_id=cls.salesman.id,
        )

    @classmethod
    def _create_second_salesman(cls):
        """A salesperson who is not the one who logged the fixtures' feedback."""
        return cls._create_user(
            "cx_salesman_2", "sales_team.group_sale_salesman", name="Olga Salesman"
        )

    @classmethod
    def _create_second_portal_user(cls):
        """The portal user of the other client."""
        return cls._create_user(
            "cx_portal_2", "base.group_portal", client=cls.other_client, name="Paula Portal"
        )

    @classmethod
    def _create_action(cls, user=None, **values):
        vals = {"name": "Send certificates with the shipment", "partner_id": cls.client.id}
        if values.get("portal_published"):  # publishing needs what the client reads
            vals["client_summary"] = "<p>We are working on it and keep you informed here.</p>"
        vals.update(values)
        return cls.env["cx.action"].with_user(user or cls.cx_manager).create(vals)

    @classmethod
    def _create_metric_value(cls, client, metric, raw_value, date=False, **values):
        """A metric value; no date files it in the current period."""
        vals = {"partner_id": client.id, "metric_id": metric.id, "raw_value": raw_value}
        if date:
            vals["date"] = date
        vals.update(values)
        return cls.env["cx.metric.value"].create(vals)

    @classmethod
    def _create_request_rule(cls, model="crm.lead", date_field="date_closed", roles=None, **values):
        """A rule of feedback requests: by default the economic survey 3 days after a won deal,
        catching up 7 days back; `roles` limits the contacts asked."""
        Fields = cls.env["ir.model.fields"]
        vals = {
            "name": "After a won deal",
            "model_id": cls.env["ir.model"]._get_id(model),
            "domain": "[('type', '=', 'opportunity')]" if model == "crm.lead" else "[]",
            "date_field_id": Fields._get(model, date_field).id,
            "partner_field_id": Fields._get(model, "partner_id").id,
            "delay_days": 3,
            "lookback_days": 7,
            "survey_id": cls.env.ref("cx_management.survey_cx_economic").id,
        }
        if roles:
            vals["role_ids"] = [Command.set(roles.ids)]
        vals.update(values)
        return cls.env["cx.feedback.rule"].create(vals)

    @classmethod
    def _create_lead(cls, partner, name="Casing pipes 2027", **values):
        vals = {"name": name, "type": "opportunity", "partner_id": partner.id}
        vals.update(values)
        return cls.env["crm.lead"].create(vals)


class CxCase(CxTestMixin, TransactionCase):
    """The fixture base on a TransactionCase."""
