import logging
import os
import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Command

from ..tools import csi, feedback_loop
from . import demo_data

_logger = logging.getLogger(__name__)

MODULE = "cx_management"

# calendar hours from an alert to its first answer in the demo, taken in turn
ANSWER_DELAYS = (4, 26, 240, 50, 8, 30, 96, 3, 170, 20)
LANG_ENV = "CX_DEMO_LANG"  # the language of the demo world, e.g. ru_RU (set by `./cx demo`)
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


class CxDemo(models.AbstractModel):
    """The loaders of the demo world, called from the demo XML files; no production code."""

    _name = "cx.demo"
    _description = "Demo Data Loader"

    def _demo_users(self):
        admin = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        return {"admin": admin, "demo": self.env.ref("base.user_demo", False) or admin}

    # ------------------------------------------------------------
    # LANGUAGE
    # ------------------------------------------------------------

    @api.model
    def _demo_lang(self, lang=None):
        """The language of the demo world: `lang`, else the environment variable CX_DEMO_LANG
        (`CX_DEMO_LANG=ru_RU ./cx demo`); a code of res.lang (ru_RU) or its short form (ru).
        False for English, or for a language Odoo does not know (with a warning)."""
        wanted = (lang or os.environ.get(LANG_ENV) or "").strip()
        if not wanted or wanted in ("en", "en_US"):
            return False
        Lang = self.env["res.lang"].with_context(active_test=False)
        record = Lang.search([("code", "=", wanted)], limit=1) or Lang.search(
            [("iso_code", "=", wanted)], limit=1
        )
        if not record:
            _logger.warning(
                "%s=%s is not a language Odoo knows: the demo is in English.", LANG_ENV, wanted
            )
            return False
        return record.code

    @api.model
    def _demo_set_lang(self, lang, users, partners):
        """Activate `lang` and make it the language of the demo users and partners (the
        company's, the users', the clients' and their contacts'), so that the back end, the
        portal and the mails to clients speak it."""
        if not lang:
            return
        self.env["res.lang"]._activate_lang(lang)
        users = users.sudo()
        (users.partner_id | partners | self.env.company.partner_id).write({"lang": lang})
        users.write({"lang": lang})

    # ------------------------------------------------------------
    # FEEDBACK
    # ------------------------------------------------------------

    @api.model
    def _generate_feedback(self, lang=None):
        """Create the demo clients, contacts, opportunities and a year of feedback in bulk, in
        the language of :meth:`_demo_lang` (English by default).

        Called from demo/cx_demo.xml; does nothing when the demo clients already exist. Demo
        feedback raises its alerts, but mails no demo contact.
        """
        env = self.with_context(cx_no_acknowledgement=True).env
        if env.ref(f"{MODULE}.res_partner_{demo_data.COMPANIES[0][0]}_demo", False):
            return False
        lang = self._demo_lang(lang)
        if lang:
            env["res.lang"]._activate_lang(lang)
            env = env(context=dict(env.context, lang=lang))
        data = demo_data.generate(fields.Date.context_today(self), lang=lang)
        IrData = env["ir.model.data"]

        def ref(xml_id):
            return env.ref(xml_id, raise_if_not_found=False)

        users = self._demo_users()

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

        Partner = env["res.partner"].with_context(**QUIET)
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
                    **({"lang": lang} if lang else {}),
                }
                for c in data["companies"]
            ]
        )
        company_by_key = dict(zip((c["key"] for c in data["companies"]), companies, strict=True))
        roles = {code: env.ref(f"{MODULE}.cx_contact_role_{code}") for code in demo_data.ROLES}
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
                    **({"lang": lang} if lang else {}),
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
            .with_context(**QUIET)
            .create(
                [
                    {
                        "name": deal["name"],
                        "type": "opportunity",
                        # a person with a role, so that Log Feedback knows the role
                        "partner_id": contact_by_key[deal["contact"]].id,
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
        self._demo_set_lang(lang, users["admin"] | users["demo"], companies | contacts)

        IrData._update_xmlids(
            [
                {"xml_id": f"{MODULE}.res_partner_{key}_demo", "record": rec, "noupdate": True}
                for key, rec in company_by_key.items()
            ]
            + [
                {"xml_id": f"{MODULE}.res_partner_{key}_demo", "record": rec, "noupdate": True}
                for key, rec in contact_by_key.items()
            ]
            + [
                {"xml_id": f"{MODULE}.crm_lead_{key}_demo", "record": rec, "noupdate": True}
                for key, rec in lead_by_key.items()
            ]
        )

        def ids_by_code(prefix, key):
            codes = set()
            for record in data["feedback"]:
                value = record[key]
                codes.update(value if isinstance(value, list) else [value])
            return {code: env.ref(f"{MODULE}.{prefix}{code}").id for code in codes}

        stages = ids_by_code("cx_journey_stage_", "stage")
        processes = ids_by_code("cx_process_", "process")
        topics = ids_by_code("cx_topic_", "topics")
        elements = ids_by_code("cx_value_element_", "value_elements")
        feedback = (
            env["cx.feedback"]
            .with_context(**QUIET)
            .create(
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
                        "value_element_ids": [
                            Command.set([elements[v] for v in f["value_elements"]])
                        ],
                        "comment": f["comment"],
                        "reference": f["reference"] or False,
                        "company_id": env.company.id,
                    }
                    for f in data["feedback"]
                ]
            )
        )
        # Own xml ids, so that uninstalling deletes the feedback before the contacts it points to.
        IrData._update_xmlids(
            [
                {"xml_id": f"{MODULE}.cx_feedback_{number}_demo", "record": rec, "noupdate": True}
                for number, rec in enumerate(feedback, 1)
            ]
        )
        return feedback

    # ------------------------------------------------------------
    # METRIC VALUES
    # ------------------------------------------------------------

    @api.model
    def _demo_clients(self):
        """(the demo client companies in the order they were created, {client id: mood})."""
        moods = {f"res_partner_{key}_demo": mood for key, *_rest, mood in demo_data.COMPANIES}
        client_data = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "=", "res.partner"), ("name", "in", list(moods))],
            order="id",
        )
        clients = self.env["res.partner"].browse(client_data.mapped("res_id"))
        return clients, {data.res_id: moods[data.name] for data in client_data}

    @api.model
    def _generate_metric_values(self):
        """Metric values and weights for the demo clients, then their CSI.

        The first demo client gets the methodology's worked example (CSI 3.8) in the current
        period; the others get a year of deterministic values, as good as the client's mood
        (the one that also decides its feedback), so that its CSI and account NPS agree. Does
        nothing without demo clients or when they already have values.
        """
        Value = self.env["cx.metric.value"]
        clients, mood_of = self._demo_clients()
        if not clients or Value.search_count([("partner_id", "in", clients.ids)], limit=1):
            return False
        metrics = self.env["cx.metric"].search([("block_id", "!=", False)])
        Snapshot = self.env["cx.csi.snapshot"]
        period = Snapshot._csi_settings()[2]
        today = fields.Date.context_today(self)
        periods, day = [], today
        for _i in range(4):
            start, end = csi.period_bounds(day, period)
            periods.append((start, end))
            day = start - relativedelta(days=1)
        dates = [end for _start, end in periods]
        facts = self._generate_order_facts(clients, mood_of, periods)
        # the metrics the order facts feed are computed from them, not typed
        metrics = metrics.filtered(lambda m: m.source != "order_fact" or m.fact_measure == "claims")
        example = {  # METHODOLOGY section 11: raw values of the worked example
            "lost_price": 0.20,
            "lost_payment_terms": 0.10,
            "lost_delivery_terms": 0.30,
            "lost_installation": 0.15,
            "lost_assortment": 0.25,
            "window_expedited": 0.20,
            "window_late_1m": 0.10,
            "window_late_2m": 0.30,
            "window_early": 0.15,
            "window_evenness": 0.25,
            "complete_incomplete": 0.20,
            "complete_short_shipment": 0.10,
            "complete_lead_time": 30,
            "claims_new_items": 3,
            "rejects_share": 0.25,
            "rejects_purpose": 0.15,
        }
        rng = random.Random(20261127)
        values, weights = [], []
        for index, client in enumerate(clients):
            for metric in metrics:
                if index and rng.random() < 0.2:
                    weight = rng.randint(1, 5)
                    if weight != metric.default_weight:
                        weights.append(
                            {"partner_id": client.id, "metric_id": metric.id, "weight": weight}
                        )
                # the client's mood sets how good its metrics are (demo_data.metric_level)
                level = demo_data.metric_level(mood_of[client.id]) + rng.uniform(-0.06, 0.06)
                for age, date in enumerate(dates):
                    if index == 0 and age == 0:
                        raw = example[metric.code]
                    elif metric.source not in ("manual", "order_fact") and age == 0:
                        # the current period's ratios come from the CRM; the claims are
                        # imported figures, which win over the computed ones
                        continue
                    else:
                        share = min(1.0, max(0.0, level + rng.uniform(-0.08, 0.08) + 0.02 * age))
                        raw = metric.value_min + round(share, 2) * (
                            metric.value_max - metric.value_min
                        )
                    values.append(
                        {
                            "partner_id": client.id,
                            "metric_id": metric.id,
                            "date": date,
                            "raw_value": raw,
                            "origin": "import",
                        }
                    )
        self.env["cx.metric.weight"].create(weights)
        Value.create(values)
        # the past periods' values of the order facts (a CSI computation makes the current one's)
        for start, end in periods[1:]:
            Snapshot._compute_metric_values(start, end, clients.ids)
        Snapshot._compute_csi(partner_ids=clients.ids, all_periods=True)
        # the late, short and rejected orders of the last weeks raise their complaints now,
        # not at the scheduled action's first run
        facts._cx_raise_complaints(limit=None)
        # the account NPS and the churn figures at once, not at the next night's refresh
        clients._cx_refresh_analysis()
        return True

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    @api.model
    def _generate_order_facts(self, clients, mood_of, periods):
        """The demo clients' orders of the CSI periods, as imported from the ERP: the first
        client's current period is the worked example's (demo_data.worked_example_orders), the
        others' orders are as good as the client's mood."""
        today = fields.Date.context_today(self)
        rng = random.Random(20261202)
        rows = []
        for index, client in enumerate(clients):
            level = demo_data.metric_level(mood_of[client.id])
            lot = demo_data.lot_size(client.cx_annual_revenue)
            for age, (start, end) in enumerate(periods):
                if index == 0 and age == 0:
                    orders = demo_data.worked_example_orders(start, end, today, lot=lot)
                else:
                    orders = demo_data.client_orders(rng, level, start, end, today, lot=lot)
                rows.extend((order, client) for order in orders)
        # numbered in the order they were placed, as the ERP numbers them
        rows.sort(key=lambda row: (row[0]["date_order"], row[1].id))
        vals_list = []
        for number, (order, client) in enumerate(rows, 1):
            order.pop("status")
            vals_list.append(
                {
                    **order,
                    "partner_id": client.id,
                    "reference": f"{order['date_order']:%y}-{number:05d}",
                    "origin": "import",
                }
            )
        return self.env["cx.order.fact"].create(vals_list)

    # ------------------------------------------------------------
    # IMPROVEMENT ACTIONS
    # ------------------------------------------------------------

    @api.model
    def _generate_actions(self, lang=None):
        """Create the demo actions (every stage, most published), their 'before' values and,
        for the done ones, their measured effect; and the portal user `client` (password
        `client`), a contact of the first demo client.

        Called from demo/cx_action_demo.xml after the feedback demo; does nothing twice.
        """
        env = self.env
        Action = env["cx.action"]
        if not env.ref(f"{MODULE}.res_partner_{demo_data.COMPANIES[0][0]}_demo", False):
            return False
        if env.ref(f"{MODULE}.user_client_demo", False):
            return False
        today = fields.Date.context_today(self)
        lang = self._demo_lang(lang)
        data = demo_data.generate(today, lang=lang)
        quiet = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
        users = self._demo_users()
        stages = {
            code: env.ref(f"{MODULE}.cx_action_stage_{code}")
            for code in {a["stage"] for a in data["actions"]}
        }
        processes = {
            code: env.ref(f"{MODULE}.cx_process_{code}").id
            for code in {a["process"] for a in data["actions"]}
        }
        feedback_ids = {
            index: env.ref(f"{MODULE}.cx_feedback_{index + 1}_demo").id
            for a in data["actions"]
            for index in a["feedback"]
        }
        actions = Action.with_context(**quiet).create(
            [
                {
                    "name": a["name"],
                    "partner_id": env.ref(f"{MODULE}.res_partner_{a['company']}_demo").id,
                    "contact_id": env.ref(f"{MODULE}.res_partner_{a['contact']}_demo").id,
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
        Action._cron_measure_effect()

        contact = env.ref(f"{MODULE}.res_partner_{data['companies'][0]['key']}_economic_demo")
        client_user = (
            env["res.users"]
            .with_context(no_reset_password=True, **quiet)
            .create(
                {
                    "login": "client",
                    "password": "client",
                    "partner_id": contact.id,
                    "groups_id": [Command.set([env.ref("base.group_portal").id])],
                    **({"lang": lang} if lang else {}),
                }
            )
        )
        env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"{MODULE}.cx_action_{a['key']}_demo", "record": rec, "noupdate": True}
                for a, rec in zip(data["actions"], actions, strict=True)
            ]
            + [{"xml_id": f"{MODULE}.user_client_demo", "record": client_user, "noupdate": True}]
        )
        return actions

    @api.model
    def _demo_alert_timings(self):
        """Give the demo's answered alerts a year's timings.

        Demo feedback is created at install, so its alerts were raised and answered within the
        same second: the closed-loop KPIs read 0.0 hours and 100 % on time. Each answered alert
        is raised on its feedback's day (working hours) and first answered some hours or days
        later (never after now), and timed in working hours as a real answer is, against the
        target. Deterministic; an alert already timed is left alone.

        Called from demo/cx_action_demo.xml after the actions (which answer the alerts).
        """
        Feedback = self.env["cx.feedback"].sudo()
        demo = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "=", "cx.feedback")]
        )
        answered = (
            Feedback.browse(demo.mapped("res_id"))
            .exists()
            .filtered(
                lambda f: (
                    f.alert_date_answered
                    and f.alert_date_raised
                    and (f.alert_date_answered - f.alert_date_raised).total_seconds() < 60
                )
            )
        )
        rng = random.Random(20261202)
        now = fields.Datetime.now()
        target = Feedback._cx_alert_target_hours()
        for index, feedback in enumerate(answered.sorted("id")):
            raised = fields.Datetime.to_datetime(feedback.date) + timedelta(
                hours=9, minutes=rng.randint(0, 7 * 60)
            )
            # calendar hours to the first answer, in turn: the same day, a day or two, and
            # now and then ten days (beyond the 48 working hours of the default target)
            later = ANSWER_DELAYS[index % len(ANSWER_DELAYS)]
            answered_at = min(raised + timedelta(hours=later), now)
            raised = min(raised, answered_at)
            hours = Feedback._cx_working_hours(feedback.company_id, raised, answered_at)
            feedback.write(
                {
                    "alert_date_raised": raised,
                    "alert_date_answered": answered_at,
                    "alert_response_hours": hours,
                    "alert_on_time": 100.0 if feedback_loop.within_target(hours, target) else 0.0,
                }
            )
        return answered

    # ------------------------------------------------------------
    # REQUIREMENTS
    # ------------------------------------------------------------

    @api.model
    def _translate_demo_records(self, lang=None):
        """Give the demo records of the XML files (requirements, the feedback request rule) the
        texts of the demo's language: "records" of the texts file, {xml id: {field: text}}.

        Called last from demo/cx_requirement_demo.xml; does nothing in English.
        """
        lang = self._demo_lang(lang)
        if not lang:
            return False
        records = demo_data.load_texts(lang).get("records", {})
        for xml_id, values in records.items():
            record = self.env.ref(f"{MODULE}.{xml_id}", raise_if_not_found=False)
            if record:
                record.with_context(**QUIET).write(values)
        return True
