from odoo import api, fields, models
from odoo.fields import Command

from ..tools import demo_data


class CxAction(models.Model):
    """The demo world's improvement actions and the client contact who follows them in the
    portal."""

    _inherit = "cx.action"

    @api.model
    def _cx_generate_demo(self):
        """Create the demo actions (every stage, most published), their 'before' values and,
        for the done ones, their measured effect; and the portal user `client` (password
        `client`), a contact of the first demo client.

        Called from demo/cx_action_demo.xml after the feedback demo; does nothing twice.
        """
        env = self.env
        module = "cx_management"
        if not env.ref(f"{module}.res_partner_{demo_data.COMPANIES[0][0]}_demo", False):
            return False
        if env.ref(f"{module}.user_client_demo", False):
            return False
        today = fields.Date.context_today(self)
        data = demo_data.generate(today)
        quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}

        def ref(xml_id):
            return env.ref(xml_id, raise_if_not_found=False)

        admin = ref("base.user_admin") or env.user
        users = {"admin": admin, "demo": ref("base.user_demo") or admin}
        stages = {
            code: env.ref(f"{module}.cx_action_stage_{code}")
            for code in {a["stage"] for a in data["actions"]}
        }
        processes = {
            code: env.ref(f"{module}.cx_process_{code}").id
            for code in {a["process"] for a in data["actions"]}
        }
        feedback_ids = {
            index: env.ref(f"{module}.cx_feedback_{index + 1}_demo").id
            for a in data["actions"]
            for index in a["feedback"]
        }
        actions = self.with_context(**quiet).create(
            [
                {
                    "name": a["name"],
                    "partner_id": env.ref(f"{module}.res_partner_{a['company']}_demo").id,
                    "contact_id": env.ref(f"{module}.res_partner_{a['contact']}_demo").id,
                    "user_id": users[a["user"]].id,
                    "process_id": processes[a["process"]],
                    "stage_id": stages[a["stage"]].id,
                    "priority": a["priority"],
                    "date_deadline": a["date_deadline"],
                    "date_done": a["date_done"] or False,
                    "client_summary": a["summary"],
                    "portal_published": a["published"],
                    "origin": "process",
                    "feedback_ids": [Command.set([feedback_ids[i] for i in a["feedback"]])],
                }
                for a in data["actions"]
            ]
        )
        for action, values in zip(actions, data["actions"], strict=True):
            if values["date_start"]:
                action._cx_keep_before(values["date_start"])
        self._cron_measure_effect()

        contact = env.ref(f"{module}.res_partner_{data['companies'][0]['key']}_economic_demo")
        client_user = (
            env["res.users"]
            .with_context(no_reset_password=True, **quiet)
            .create(
                {
                    "login": "client",
                    "password": "client",
                    "partner_id": contact.id,
                    "groups_id": [Command.set([env.ref("base.group_portal").id])],
                }
            )
        )
        env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"{module}.cx_action_{a['key']}_demo", "record": rec, "noupdate": True}
                for a, rec in zip(data["actions"], actions, strict=True)
            ]
            + [{"xml_id": f"{module}.user_client_demo", "record": client_user, "noupdate": True}]
        )
        return actions
