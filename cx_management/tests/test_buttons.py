import ast
from collections import defaultdict

from lxml import etree

from odoo import Command
from odoo.api import call_kw
from odoo.service.model import get_public_method
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.web.controllers.utils import clean_action

from .common import CxCase
from .test_csi import WORKED_EXAMPLE

# The roles, lowest first: a button is pressed by the first one that sees it and may read the
# record (the administrator only for what needs rights no CX role has, e.g. Surveys).
ROLES = ("employee", "salesman", "cx_manager", "admin")
# (An internal user without a CX group reaches only the forms of other apps the addon extends:
# its own views of other models, such as the CX Overview, open from CX menus only.)


@tagged("post_install", "-at_install")
class TestButtons(CxCase):
    """Every object button of every view of the addon, pressed as the web client does.

    The buttons are read from the views' arch in the database (new buttons are covered
    without touching this test): each one is pressed as the lowest role that sees it
    (`groups` of the button, its parents and the view), on each fixture record where it is
    visible (`invisible` of the button and its parents), through the same call as
    /web/dataset/call_button. The window each returns is opened as the web client opens it:
    a form with its defaults (default_get + onchange with the action's context) or the
    existing record, a list by searching its domain. Any error fails, a refusal (UserError)
    included: a button shown on realistic data must work. Every button must be pressed at
    least once, so a new button needs a fixture where it shows.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.admin = ref("base.user_admin")
        cls.client.user_id = cls.salesman
        # ---- feedback: a claim, a complaint on a process, praise with NPS ----
        cls.complaint = cls._create_claim()
        cls.topic_complaint = cls._create_feedback(
            cls.operator,
            csi_score=2,
            topic_ids=cls.topic_defects.ids,
            stage_id=cls.stage_usage.id,
            comment="Two pipes of the last lot had dented ends.",
            user_id=cls.salesman.id,
        )
        cls.praise = cls._create_feedback(
            cls.economic,
            csi_score=5,
            nps_score=10,
            topic_ids=cls.topic_praise.ids,
            user_id=cls.salesman.id,
        )
        # ---- improvement actions of the salesperson: published and not ----
        cls.published = cls._create_action(
            user=cls.salesman,
            name="Certificates travel with the pipes",
            user_id=cls.salesman.id,
            portal_published=True,
            client_summary="<p>Every waybill carries the quality certificates.</p>",
            feedback_ids=[Command.set(cls.complaint.ids)],
        )
        cls.draft_action = cls._create_action(
            user=cls.salesman,
            name="Call before every shipment",
            user_id=cls.salesman.id,
            client_summary="<p>We call you the day before each shipment.</p>",
        )
        # ---- opportunity, CSI metric value, client weight with a proposal ----
        cls.lead = cls._create_lead(cls.client, user_id=cls.salesman.id)
        # the client's metric values of METHODOLOGY section 11, and its CSI computed from them
        for code, raw, *_rest in WORKED_EXAMPLE:
            cls._create_metric_value(cls.client, ref(f"cx_management.cx_metric_{code}"), raw)
        cls.client.action_cx_recompute_csi()
        cls.metric = ref("cx_management.cx_metric_complete_lead_time")
        cls.weight = cls.env["cx.metric.weight"].create(
            {
                "partner_id": cls.client.id,
                "metric_id": cls.metric.id,
                "weight": 3,
                "proposed_weight": 5,
            }
        )
        # ---- requirements: pending on a specification, and not met (a complaint) ----
        Requirement = cls.env["cx.requirement"]
        cls.requirement = Requirement.create(
            {
                "partner_id": cls.client.id,
                "name": "Deliver inside the two-hour window",
                "scope": "specification",
                "reference": "SPEC-2027-01",
                "user_id": cls.salesman.id,  # a user changes the requirements they recorded
                "lead_id": cls.lead.id,
                "topic_id": cls.topic_defects.id,
                "importance": 4,
            }
        )
        cls.requirement_not_met = Requirement.create(
            {
                "partner_id": cls.client.id,
                "name": "Caps on both pipe ends",
                "scope": "specification",
                "reference": "SPEC-2027-02",
                "user_id": cls.salesman.id,
                "topic_id": cls.topic_defects.id,
                "importance": 5,
            }
        )
        cls.requirement_not_met.action_mark_not_met()
        # recorded by the CX manager: the salesperson reads it, but may not record its check,
        # so Met / Not met must not show to them on it (TestAccessMatrix: who may write)
        cls.requirement_of_manager = Requirement.with_user(cls.cx_manager).create(
            {
                "partner_id": cls.client.id,
                "name": "Mill certificate with every bundle",
                "scope": "specification",
                "reference": "SPEC-2027-03",
                "topic_id": cls.topic_defects.id,
                "importance": 3,
            }
        )
        # ---- an order shipped late, with the complaint it raised ----
        cls.late_fact = cls.env["cx.order.fact"].create(
            {
                "partner_id": cls.client.id,
                "reference": "SO-LATE",
                "date_order": "2026-03-01",
                "window_start": "2026-04-01",
                "window_end": "2026-04-30",
                "qty_ordered": 100.0,
                "qty_shipped": 100.0,
                "date_shipped": "2026-05-20",
            }
        )
        cls._create_feedback(
            cls.technical,
            csi_score=False,
            channel="operation",
            polarity="complaint",
            order_fact_id=cls.late_fact.id,
            operation_kind="late",
            comment="Order SO-LATE was shipped 20 days after its delivery window ended.",
        )
        # ---- feedback requests after a won deal ----
        cls.rule = cls._create_request_rule(roles=cls.role_technical)
        cls.env["cx.feedback.request"].create(
            {
                "rule_id": cls.rule.id,
                "res_model": "crm.lead",
                "res_id": cls.lead.id,
                "partner_id": cls.technical.id,
                "company_id": cls.company.id,
            }
        )
        # ---- a relationship wave with its first wave ----
        cls.wave_rule = cls.env["cx.feedback.rule"].create(
            {
                "name": "Quarterly wave",
                "kind": "wave",
                "survey_id": ref("cx_management.survey_cx_economic").id,
            }
        )
        cls.env["cx.feedback.wave"].create(
            {"rule_id": cls.wave_rule.id, "date_start": "2026-06-01"}
        )
        # ---- maturity: one assessment done (level 0 everywhere), one in progress ----
        Assessment = cls.env["cx.maturity.assessment"]
        done = Assessment.create({"assessor_id": cls.cx_manager.id})
        done.answer_ids.answer = "no"
        done.action_done()
        cls.assessment = Assessment.create({"assessor_id": cls.cx_manager.id})
        cls.assessment.answer_ids.answer = "no"
        # ---- a survey answer ----
        cls.user_input = ref("cx_management.survey_cx_economic")._create_answer(
            partner=cls.economic
        )
        cls.praise.survey_user_input_id = cls.user_input
        # ---- a training of the text model (too few tagged comments: it says so) ----
        cls.env["cx.feedback"].cx_learn_topics()

    # ------------------------------------------------------------
    # Reading the buttons
    # ------------------------------------------------------------

    def _views(self):
        data = self.env["ir.model.data"].search(
            [("module", "=", "cx_management"), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(data.mapped("res_id")).exists()
        return views.filtered(lambda v: v.type in ("form", "list", "kanban"))

    def _model_of(self, view, node):
        """The model a button acts on: the view's, or the comodel of the x2many or groupby
        it sits in."""
        model = self.env[view.model]
        chain = [a for a in reversed(list(node.iterancestors())) if a.tag in ("field", "groupby")]
        for parent in chain:
            field = model._fields.get(parent.get("name"))
            if field is not None and field.relational and (parent.tag == "groupby" or len(parent)):
                model = self.env[field.comodel_name]
        return model

    def _buttons(self):
        """(view, model, node, groups, invisible expressions) of every object button."""
        buttons = []
        for view in self._views():
            arch = etree.fromstring(view.arch_db.encode())
            for node in arch.iter("button"):
                if node.get("type") != "object":
                    continue
                lineage = [node, *node.iterancestors()]
                groups = [n.get("groups") for n in lineage if n.get("groups")]
                invisible = [n.get("invisible") for n in lineage if n.get("invisible")]
                buttons.append((view, self._model_of(view, node), node, groups, invisible))
        return buttons

    # ------------------------------------------------------------
    # Who presses, on what
    # ------------------------------------------------------------

    def _user(self, role):
        return self.admin if role == "admin" else getattr(self, role)

    def _sees(self, user, view, groups):
        if user == self.employee and not view.inherit_id and not view.model.startswith("cx."):
            return False
        if view.groups_id and not (view.groups_id & user.groups_id):
            return False
        return all(
            any(user.has_group(group.strip()) for group in spec.split(",")) for spec in groups
        )

    def _records(self, model, user):
        """The fixture records of a model, as the user; wizards are the user's own."""
        env = self.env(user=user)
        if model._name == "cx.interview":
            interview = env["cx.interview"].create(
                {"client_id": self.client.id, "contact_id": self.technical.id}
            )
            interview.line_ids[:1].csi_score = 4
            return interview
        if model._name in ("cx.topic.emerging", "cx.topic.emerging.group"):
            emerging = env["cx.topic.emerging"].create(
                {
                    "group_ids": [
                        Command.create(
                            {
                                "words": "dented, ends",
                                "name": "Dented ends",
                                "feedback_ids": [Command.set(self.topic_complaint.ids)],
                            }
                        )
                    ]
                }
            )
            return emerging if model._name == "cx.topic.emerging" else emerging.group_ids
        if model._name == "cx.driver.analysis":
            return env["cx.driver.analysis"].create({})
        if model._name == "cx.workbook":
            return env["cx.workbook"].create({})
        if model._name == "cx.alert.handle":
            return env["cx.alert.handle"].create(
                {
                    "feedback_id": self.topic_complaint.id,
                    "resolution_id": self.env.ref("cx_management.cx_alert_resolution_fixed").id,
                }
            )
        if model._name == "res.company":
            return env.company
        if model._name == "res.partner":
            return env["res.partner"].browse(self.client.id)
        return env[model._name].search([], limit=10)

    def _visible(self, record, expressions):
        for expression in expressions:
            names = {
                n.id
                for n in ast.walk(ast.parse(expression, mode="eval"))
                if isinstance(n, ast.Name)
            }
            values = {"id": record.id, "context": dict(record.env.context), "uid": record.env.uid}
            for name in names:
                field = record._fields.get(name)
                if field is None:
                    continue
                value = record.sudo()[name]
                if field.type == "many2one":
                    value = value.id
                elif field.type in ("one2many", "many2many"):
                    value = value.ids
                values[name] = value
            try:
                if safe_eval(expression, values):
                    return False
            except ValueError:  # a name we do not simulate (e.g. parent): shown
                continue
        return True

    # ------------------------------------------------------------
    # Pressing, and opening what comes back
    # ------------------------------------------------------------

    def _eval(self, value, record, default):
        if not value:
            return default
        if not isinstance(value, str):
            return value
        return safe_eval(
            value,
            {
                "uid": record.env.uid,
                "active_id": record.id,
                "active_ids": record.ids,
                "active_model": record._name,
                "context": dict(record.env.context),
                "allowed_company_ids": record.env.user.company_ids.ids,
                "current_company_id": record.env.company.id,
            },
        )

    def _press(self, record, node):
        context = dict(record.env.context, **self._eval(node.get("context"), record, {}))
        get_public_method(record, node.get("name"))
        result = call_kw(
            record.with_context(**context), node.get("name"), [record.ids], {"context": context}
        )
        if isinstance(result, dict) and result.get("type") != "":
            self._open(clean_action(result, env=record.env), record)

    def _open(self, action, record):
        kind = action["type"]
        if kind == "ir.actions.client":
            if action.get("params", {}).get("next"):
                self._open(action["params"]["next"], record)
            return
        if kind != "ir.actions.act_window":
            return
        context = dict(record.env.context, **self._eval(action.get("context"), record, {}))
        context.update(active_id=record.id, active_ids=record.ids, active_model=record._name)
        Model = record.env[action["res_model"]].with_context(**context)
        view_id, view_type = action["views"][0]
        if view_type == "form":
            # the form as the web client loads it: the record, or a new one with its defaults
            Form(Model.browse(action.get("res_id") or []), view=view_id or None)
            return
        domain = self._eval(action.get("domain"), record, [])
        arch = Model.get_views([(view_id, view_type)])["views"][view_type]["arch"]
        names = set(etree.fromstring(arch).xpath("/*/field/@name"))
        Model.web_search_read(domain, {name: {} for name in names if name in Model._fields})

    # ------------------------------------------------------------
    # The test
    # ------------------------------------------------------------

    def test_every_object_button(self):
        buttons = self._buttons()
        self.assertGreater(len(buttons), 40, "the addon's buttons are read from its views")
        pressed = defaultdict(int)
        for view, model, node, groups, invisible in buttons:
            label = f"{view.xml_id or view.name}: {model._name}.{node.get('name')}"
            role = next(
                (
                    role
                    for role in ROLES
                    if self._sees(self._user(role), view, groups)
                    and model.with_user(self._user(role)).has_access("read")
                ),
                None,
            )
            if role is None:
                continue  # nobody of the CX roles ever sees it
            with self.subTest(button=label, role=role):
                records = self._records(model, self._user(role))
                for record in records:
                    if not self._visible(record, invisible):
                        continue
                    savepoint = self.env.cr.savepoint()
                    try:
                        self._press(record, node)
                        pressed[label] += 1
                    finally:
                        savepoint.close(rollback=True)
                self.assertTrue(pressed[label], f"no fixture record shows {label} to {role}")
