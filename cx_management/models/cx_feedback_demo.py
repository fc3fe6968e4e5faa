from odoo import api, fields, models
from odoo.fields import Command

from ..tools import demo_data


class CxFeedback(models.Model):
    """The demo world's loader, kept apart from the feedback's own logic."""

    _inherit = "cx.feedback"

    @api.model
    def _cx_generate_demo(self):
        """Create the demo clients, contacts, opportunities and a year of feedback in bulk.

        Called from demo/cx_demo.xml; does nothing when the demo clients already exist.
        """
        env = self.env
        module = "cx_management"
        if env.ref(f"{module}.res_partner_{demo_data.COMPANIES[0][0]}_demo", False):
            return False
        data = demo_data.generate(fields.Date.context_today(self))
        quiet = {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
        }
        IrData = env["ir.model.data"]

        def ref(xml_id):
            return env.ref(xml_id, raise_if_not_found=False)

        admin = ref("base.user_admin") or env.user
        users = {"admin": admin, "demo": ref("base.user_demo") or admin}

        industries = {}
        missing = {}
        for key, industry in data["industries"].items():
            record = ref(industry["xml_id"])
            if record:
                industries[key] = record
            elif industry.get("name"):
                missing[key] = industry
        if missing:
            created = env["res.partner.industry"].create(
                [{"name": i["name"], "full_name": i["full_name"]} for i in missing.values()]
            )
            industries.update(zip(missing, created, strict=True))
            IrData._update_xmlids(
                [
                    {"xml_id": i["xml_id"], "record": record, "noupdate": True}
                    for i, record in zip(missing.values(), created, strict=True)
                ]
            )

        Partner = env["res.partner"].with_context(**quiet)
        country = ref("base.ru")
        companies = Partner.create(
            [
                {
                    "name": c["name"],
                    "is_company": True,
                    "industry_id": industries.get(c["industry"], Partner.industry_id).id,
                    "street": c["street"],
                    "city": c["city"],
                    "country_id": country.id if country else False,
                    "email": c["email"],
                    "website": c["website"],
                    "user_id": users[c["user"]].id,
                    "cx_annual_revenue": c["annual_revenue"],
                }
                for c in data["companies"]
            ]
        )
        company_by_key = dict(zip((c["key"] for c in data["companies"]), companies, strict=True))
        roles = {code: env.ref(f"{module}.cx_contact_role_{code}") for code in demo_data.ROLES}
        contact_data = [(c, contact) for c in data["companies"] for contact in c["contacts"]]
        contacts = Partner.create(
            [
                {
                    "name": contact["name"],
                    "parent_id": company_by_key[c["key"]].id,
                    "type": "contact",
                    "function": contact["function"],
                    "email": contact["email"],
                    "phone": contact["phone"],
                    "cx_role_id": roles[contact["role"]].id,
                    "user_id": users[c["user"]].id,
                }
                for c, contact in contact_data
            ]
        )
        contact_by_key = dict(
            zip((contact["key"] for _c, contact in contact_data), contacts, strict=True)
        )

        deal_data = [(c, deal) for c in data["companies"] for deal in c["deals"]]
        leads = (
            env["crm.lead"]
            .with_context(**quiet)
            .create(
                [
                    {
                        "name": deal["name"],
                        "type": "opportunity",
                        "partner_id": company_by_key[c["key"]].id,
                        "user_id": users[c["user"]].id,
                        "expected_revenue": deal["expected_revenue"],
                        "date_deadline": deal["date_deadline"],
                        "priority": deal["priority"],
                        **({"stage_id": stage.id} if (stage := ref(deal["stage"])) else {}),
                    }
                    for c, deal in deal_data
                ]
            )
        )
        lead_by_key = dict(zip((deal["key"] for _c, deal in deal_data), leads, strict=True))

        IrData._update_xmlids(
            [
                {"xml_id": f"{module}.res_partner_{key}_demo", "record": rec, "noupdate": True}
                for key, rec in company_by_key.items()
            ]
            + [
                {"xml_id": f"{module}.res_partner_{key}_demo", "record": rec, "noupdate": True}
                for key, rec in contact_by_key.items()
            ]
            + [
                {"xml_id": f"{module}.crm_lead_{key}_demo", "record": rec, "noupdate": True}
                for key, rec in lead_by_key.items()
            ]
        )

        def ids_by_code(prefix, key):
            codes = set()
            for record in data["feedback"]:
                value = record[key]
                codes.update(value if isinstance(value, list) else [value])
            return {code: env.ref(f"{module}.{prefix}{code}").id for code in codes}

        stages = ids_by_code("cx_journey_stage_", "stage")
        processes = ids_by_code("cx_process_", "process")
        topics = ids_by_code("cx_topic_", "topics")
        elements = ids_by_code("cx_value_element_", "value_elements")
        feedback = self.with_context(**quiet).create(
            [
                {
                    "partner_id": contact_by_key[f["contact"]].id,
                    "role_id": roles[f["role"]].id,
                    "stage_id": stages[f["stage"]],
                    "process_id": processes[f["process"]],
                    "channel": f["channel"],
                    "date": f["date"],
                    "user_id": users[f["user"]].id,
                    "lead_id": lead_by_key[f["deal"]].id if f["deal"] else False,
                    "csi_score": f["csi"] if f["csi"] is not None else False,
                    "nps_score": f["nps"] if f["nps"] is not None else False,
                    "topic_ids": [Command.set([topics[t] for t in f["topics"]])],
                    "value_element_ids": [Command.set([elements[v] for v in f["value_elements"]])],
                    "comment": f["comment"],
                    "reference": f["reference"] or False,
                    "company_id": env.company.id,
                }
                for f in data["feedback"]
            ]
        )
        # Own xml ids, so that uninstalling deletes the feedback before the contacts it points to.
        IrData._update_xmlids(
            [
                {"xml_id": f"{module}.cx_feedback_{number}_demo", "record": rec, "noupdate": True}
                for number, rec in enumerate(feedback, 1)
            ]
        )
        return feedback
