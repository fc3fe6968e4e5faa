"""The access matrix of every cx.* model: the security design, written down and tried out."""

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CxCase

# What every role may do, per model. Six letters, in this order:
#   s  search: the record turns up in the role's search
#   r  read: the role reads the record
#   c  create: the role creates a record in its own company (for its own company's client)
#   o  create in someone else's name (another owner, or a line on another user's wizard)
#   w  write on the record
#   u  unlink the record
# "y" allowed, "-" refused with an AccessError, "." not applicable (the model has no owner).
# The record tried is always somebody else's: it belongs to company A, was created or is owned
# by a second salesperson, and is about a client of company A that is not the salesperson's.
OPS = ("search", "read", "create", "create_other", "write", "unlink")
ROLES = ("portal", "employee", "salesman", "manager", "manager_b")

REFERENCE = dict(portal="---.--", employee="---.--", salesman="yy-.--", manager="yyy.yy")
REFERENCE["manager_b"] = "yyy.yy"  # configuration is shared by all companies
OWNED = dict(portal="------", employee="------", salesman="yyy---", manager="yyyyyy")
OWNED["manager_b"] = "--yy--"
COMPANY_CONFIG = dict(portal="---.--", employee="---.--", salesman="yy-.--", manager="yyy.yy")
COMPANY_CONFIG["manager_b"] = "--y.--"
COMPUTED = dict(portal="---.--", employee="---.--", salesman="yy-.--", manager="yy-.--")
COMPUTED["manager_b"] = "---.--"
WIZARD = dict(portal="---.--", employee="---.--", salesman="--y.--", manager="--y.--")
WIZARD["manager_b"] = "--y.--"
WIZARD_LINE = dict(portal="------", employee="------", salesman="--y---", manager="--y---")
WIZARD_LINE["manager_b"] = "--y---"

MATRIX = {
    # reference data: read by CX users, kept by CX managers
    "cx.journey.stage": REFERENCE,
    "cx.process": REFERENCE,
    "cx.contact.role": REFERENCE,
    "cx.topic": REFERENCE,
    "cx.value.element": REFERENCE,
    "cx.metric.block": REFERENCE,
    "cx.metric": REFERENCE,
    "cx.churn.band": REFERENCE,
    "cx.alert.resolution": REFERENCE,
    "cx.maturity.question": REFERENCE,
    "cx.maturity.level": REFERENCE,
    "cx.action.stage": dict(REFERENCE, portal="yy-.--"),
    # company data with an owner: salespeople change only their own
    "cx.feedback": OWNED,
    "cx.action": dict(OWNED, portal="yy----"),  # published on the portal user's client
    "cx.requirement": OWNED,
    # company data without an owner (metric values and weights: of a shared client too)
    "cx.metric.weight": COMPANY_CONFIG,
    "cx.metric.value": dict(COMPANY_CONFIG, salesman="yyy.y-"),
    "cx.order.fact": COMPANY_CONFIG,
    "cx.maturity.assessment": COMPANY_CONFIG,
    "cx.maturity.answer": COMPANY_CONFIG,
    "cx.feedback.rule": COMPANY_CONFIG,
    # written by the computations only
    "cx.csi.snapshot": COMPUTED,
    "cx.csi.snapshot.line": COMPUTED,
    # the clients a Recompute queued behind the CSI cron: the computation's only
    "cx.csi.queue": dict(COMPUTED, salesman="---.--", manager="---.--"),
    "cx.feedback.request": dict(COMPUTED, salesman="---.--", manager="yy-.-y"),
    "cx.feedback.wave": dict(COMPUTED, manager="yy-.-y"),
    "cx.topic.report": COMPUTED,
    "cx.process.report": COMPUTED,
    "cx.nps.report": COMPUTED,
    "cx.value.report": COMPUTED,
    "cx.requirement.aspect.report": COMPUTED,
    # movers: salespeople read their own clients' only, CX managers all of their company
    "cx.mover": dict(COMPUTED, salesman="---.--"),
    # the text model: one per database, trained from every company's feedback; its page holds
    # counts and percentages (never a comment), read by every CX manager, written by training
    "cx.text.model": dict(COMPUTED, salesman="---.--", manager_b="yy-.--"),
    "cx.text.model.line": dict(COMPUTED, salesman="---.--", manager_b="yy-.--"),
    # emerging topics: the CX managers' wizard (it reads every untagged complaint they see)
    "cx.topic.emerging": dict(WIZARD, salesman="---.--"),
    # (a group is tried as a copy inside the other manager's search: refused like the rest)
    "cx.topic.emerging.group": dict(
        WIZARD, salesman="---.--", manager="---.--", manager_b="---.--"
    ),
    # wizards: their author's only
    "cx.interview": WIZARD,
    "cx.interview.line": WIZARD_LINE,
    "cx.driver.analysis": WIZARD,
    "cx.driver.analysis.line": WIZARD_LINE,
    "cx.alert.handle": WIZARD,
    # the workbook export: its author's, and read by the CX managers of its company
    "cx.workbook": dict(WIZARD, manager="yyy.--"),
}

# the field each model's "write" changes, and the owner field of "create in someone's name"
WRITES = {
    "cx.journey.stage": {"sequence": 77},
    "cx.process": {"sequence": 77},
    "cx.contact.role": {"sequence": 77},
    "cx.topic": {"sequence": 77},
    "cx.value.element": {"sequence": 77},
    "cx.metric.block": {"sequence": 77},
    "cx.metric": {"sequence": 77},
    "cx.churn.band": {"name": "Renamed"},
    "cx.maturity.question": {"sequence": 77},
    "cx.maturity.level": {"name": "Renamed"},
    "cx.action.stage": {"sequence": 77},
    "cx.feedback": {"comment": "Rewritten"},
    "cx.action": {"name": "Rewritten"},
    "cx.requirement": {"name": "Rewritten"},
    "cx.metric.weight": {"weight": 5},
    "cx.metric.value": {"raw_value": 0.5},
    "cx.order.fact": {"qty_shipped": 7.0},
    "cx.maturity.assessment": {"note": "Rewritten"},
    "cx.maturity.answer": {"note": "Rewritten"},
    "cx.feedback.rule": {"name": "Rewritten"},
    "cx.csi.snapshot": {"csi": 1.0},
    "cx.csi.snapshot.line": {"score": 0.1},
    "cx.csi.queue": {"partner_id": False},
    "cx.feedback.request": {"state": "skipped"},
    "cx.feedback.wave": {"date_start": "2026-01-01"},
    "cx.alert.resolution": {"sequence": 77},
    "cx.mover": {"delta": 1.0},
    "cx.topic.report": {"date": "2026-01-01"},
    "cx.process.report": {"date": "2026-01-01"},
    "cx.nps.report": {"nps_score": 1},
    "cx.value.report": {"date": "2026-01-01"},
    "cx.requirement.aspect.report": {"requirement_count": 9},
    "cx.text.model": {"duration": 1.0},
    "cx.text.model.line": {"recall": 1.0},
    "cx.topic.emerging": {"date_from": "2026-01-01"},
    "cx.topic.emerging.group": {"name": "Rewritten"},
    "cx.interview": {"nps_score": 1},
    "cx.interview.line": {"comment": "Rewritten"},
    "cx.driver.analysis": {"note": "Rewritten"},
    "cx.driver.analysis.line": {"name": "Rewritten"},
    "cx.workbook": {"section_csi": False},
    "cx.alert.handle": {"note": "Rewritten"},
}


class _Undo(Exception):  # noqa: N818 - not an error: undoes an allowed try
    def __init__(self, allowed):
        super().__init__()
        self.allowed = allowed


OWNER_FIELDS = {"cx.feedback": "user_id", "cx.action": "user_id", "cx.requirement": "user_id"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(CxCase):
    """Every cx.* model, every role, every operation, against the matrix above."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman_2 = cls._create_second_salesman()
        cls.client_a = cls._create_client(
            "Ural Tube", company_id=cls.company.id, user_id=cls.salesman_2.id
        )
        cls.contact_a = cls._create_contact(cls.client_a, "Lev Tolstykh", cls.role_technical)
        cls.client_b = cls._create_client("Amur Steel", company_id=cls.company_b.id)
        cls.contact_b = cls._create_contact(cls.client_b, "Yuri Amurov", cls.role_technical)
        cls.users = {
            "portal": cls.portal_user,
            "employee": cls.employee,
            "salesman": cls.salesman,
            "manager": cls.cx_manager,
            "manager_b": cls.cx_manager_b,
        }
        cls.records = cls._matrix_records()

    @classmethod
    def _matrix_records(cls):
        """Somebody else's record of every model, in company A."""
        env = cls.env
        first = {
            name: env[name].search([], limit=1)
            for name in (
                "cx.value.element",
                "cx.metric.block",
                "cx.churn.band",
                "cx.maturity.question",
                "cx.maturity.level",
            )
        }
        metric = env["cx.metric"].search([("source", "=", "manual")], limit=1) or env[
            "cx.metric"
        ].create({"name": "Claims", "code": "matrix_claims"})
        element = first["cx.value.element"]
        feedback = cls._create_feedback(
            cls.contact_a,
            user_id=cls.salesman_2.id,
            company_id=cls.company.id,
            channel="claim",
            csi_score=2,
            nps_score=3,
            stage_id=cls.stage_post.id,
            process_id=cls.process_delivery.id,
            topic_ids=[Command.set(cls.topic_defects.ids)],
            value_element_ids=[Command.set(element.ids)],
            date="2026-06-10",
        )
        action = env["cx.action"].create(
            {
                "name": "Certificates with the pipes",
                "partner_id": cls.client.id,
                "user_id": cls.salesman_2.id,
                "client_summary": "<p>Certificates now travel with every shipment.</p>",
                "portal_published": True,
            }
        )
        requirement = env["cx.requirement"].create(
            {
                "name": "Certificates with every shipment",
                "partner_id": cls.client_a.id,
                "topic_id": cls.topic_defects.id,
                "user_id": cls.salesman_2.id,
            }
        )
        assessment = env["cx.maturity.assessment"].create({"company_id": cls.company.id})
        answer = assessment.answer_ids[:1]
        snapshot = env["cx.csi.snapshot"].create(
            {"partner_id": cls.client_a.id, "date": "2026-06-30", "csi": 3.0}
        )
        line = env["cx.csi.snapshot.line"].create(
            {"snapshot_id": snapshot.id, "block_id": first["cx.metric.block"].id, "score": 0.5}
        )
        rule = cls._create_request_rule(
            model="cx.feedback", date_field="date", name="After a claim", company_id=cls.company.id
        )
        request = env["cx.feedback.request"].create(
            {
                "rule_id": rule.id,
                "res_model": "cx.feedback",
                "res_id": feedback.id,
                "partner_id": cls.contact_a.id,
                "company_id": cls.company.id,
            }
        )
        as_other = env(user=cls.salesman_2)
        interview = as_other["cx.interview"].create(
            {"client_id": cls.client_a.id, "contact_id": cls.contact_a.id}
        )
        analysis = as_other["cx.driver.analysis"].create({})
        text_model = env["cx.text.model"].create(
            {
                "date_trained": "2026-01-01 00:00:00",
                "status": "trained",
                "line_ids": [
                    Command.create(
                        {"topic_id": cls.topic_defects.id, "state": "learned", "example_count": 5}
                    )
                ],
            }
        )
        manager_2 = cls._create_user(
            "cx_manager_2",
            "base.group_user,cx_management.cx_management_group_manager",
            name="Marat Manager",
        )
        emerging = env(user=manager_2)["cx.topic.emerging"].create(
            {"group_ids": [Command.create({"words": "весы, вес", "name": "Весы"})]}
        )
        records = {
            "cx.journey.stage": cls.stage_usage,
            "cx.process": cls.process_delivery,
            "cx.contact.role": cls.role_operator,
            "cx.topic": cls.topic_praise,
            "cx.metric": metric,
            "cx.action.stage": cls.stage_new,
            "cx.feedback": feedback,
            "cx.action": action,
            "cx.requirement": requirement,
            # company A's weight and value of a client shared by both companies (no company
            # on the client): company B's manager must not find them either
            "cx.metric.weight": env["cx.metric.weight"].create(
                {"partner_id": cls.client.id, "metric_id": metric.id, "weight": 2}
            ),
            "cx.metric.value": cls._create_metric_value(cls.client, metric, 0.2),
            "cx.order.fact": env["cx.order.fact"].create(
                {
                    "partner_id": cls.client_a.id,
                    "reference": "SO-MATRIX",
                    "date_order": "2026-06-01",
                    "qty_ordered": 10.0,
                    "company_id": cls.company.id,
                }
            ),
            "cx.maturity.assessment": assessment,
            "cx.maturity.answer": answer,
            "cx.feedback.rule": rule,
            "cx.csi.snapshot": snapshot,
            "cx.csi.snapshot.line": line,
            "cx.csi.queue": env["cx.csi.queue"].create({"partner_id": cls.client_a.id}),
            "cx.feedback.request": request,
            "cx.feedback.wave": env["cx.feedback.wave"].create(
                {"rule_id": rule.id, "date_start": "2026-06-01"}
            ),
            "cx.alert.resolution": env.ref("cx_management.cx_alert_resolution_explained"),
            "cx.mover": env["cx.mover"].create(
                {
                    "partner_id": cls.client_a.id,
                    "company_id": cls.company.id,
                    "figure": "csi",
                    "date_before": "2026-03-31",
                    "date_to": "2026-06-30",
                    "value_before": 4.0,
                    "value_after": 3.0,
                    "delta": -1.0,
                    "direction": "faller",
                }
            ),
            "cx.interview": interview,
            "cx.interview.line": interview.line_ids[:1],
            "cx.driver.analysis": analysis,
            "cx.driver.analysis.line": as_other["cx.driver.analysis.line"].create(
                {"analysis_id": analysis.id, "name": "Delivery"}
            ),
            "cx.workbook": as_other["cx.workbook"].create({}),
            "cx.alert.handle": as_other["cx.alert.handle"].create(
                {
                    "feedback_id": feedback.id,
                    "resolution_id": env.ref("cx_management.cx_alert_resolution_fixed").id,
                }
            ),
            "cx.text.model": text_model,
            "cx.text.model.line": text_model.line_ids,
            "cx.topic.emerging": emerging,
            "cx.topic.emerging.group": emerging.group_ids,
            **first,
        }
        env.flush_all()
        for name in (
            "cx.topic.report",
            "cx.process.report",
            "cx.nps.report",
            "cx.value.report",
            "cx.requirement.aspect.report",
        ):
            records[name] = env[name].search([("company_id", "=", cls.company.id)], limit=1)
        return records

    # ------------------------------------------------------------
    # What each operation tries
    # ------------------------------------------------------------

    def _create_vals(self, model, user):
        """A new record as the role would make it: in its company, for its company's client."""
        company = user.company_id
        client, contact = (
            (self.client_b, self.contact_b)
            if company == self.company_b
            else (self.client_a, self.contact_a)
        )
        record = self.records[model]
        if model in ("cx.interview.line", "cx.driver.analysis.line"):
            parent_model = "cx.interview" if model == "cx.interview.line" else "cx.driver.analysis"
            parent = self.env(user=user)[parent_model].sudo(False)
            vals = (
                {"client_id": client.id, "contact_id": contact.id} if "interview" in model else {}
            )
            try:
                own = parent.create(vals)
            except AccessError:
                own = parent.sudo().create(vals)  # what is tried is the line
            if model == "cx.interview.line":
                return {"interview_id": own.id, "stage_id": self.stage_usage.id}
            return {"analysis_id": own.id, "name": "Delivery"}
        if model == "cx.interview":
            return {"client_id": client.id, "contact_id": contact.id}
        if model in ("cx.driver.analysis", "cx.workbook"):
            return {}
        vals = self._copied_vals(record, company, client, contact)
        self._adapt_vals(model, vals, user, company)
        if model in OWNER_FIELDS:
            vals[OWNER_FIELDS[model]] = user.id
        return vals

    def _copied_vals(self, record, company, client, contact):
        """The record's own values, moved to the role's company and client."""
        vals = record.sudo().copy_data()[0]
        for name, value in list(vals.items()):
            field = record._fields[name]
            if field.type == "one2many" or (
                field.type == "many2many" and name == "message_follower_ids"
            ):
                vals.pop(name)
            elif name == "company_id":
                vals[name] = company.id
            elif field.type == "many2one" and field.comodel_name == "res.partner":
                vals[name] = (contact if value == self.contact_a.id else client).id
        return vals

    def _adapt_vals(self, model, vals, user, company):
        """What must differ from the copied record: codes, unique keys, a parent."""
        if vals.get("code"):
            vals["code"] = f"{vals['code']}_{user.login}"
        if model in ("cx.metric.weight", "cx.metric.value"):
            vals["metric_id"] = (
                self.env["cx.metric"]
                .create({"name": f"Matrix {user.login}", "code": f"matrix_w_{user.login}"})
                .id
            )
        if model == "cx.order.fact":
            vals["reference"] = f"SO-{user.login}"
        if model == "cx.metric.value":
            vals.pop("weight", None)
            vals["date"] = fields.Date.to_string(fields.Date.today())
        if model == "cx.maturity.level":
            # one level per dimension and number: the new one takes the place of the old
            Level = self.env["cx.maturity.level"]
            Level.search(
                [("dimension", "=", vals["dimension"]), ("level", "=", vals["level"])]
            ).unlink()
        if model == "cx.maturity.answer":
            # a new assessment of the role's company, without the answer about to be created
            assessment = self.env["cx.maturity.assessment"].create({"company_id": company.id})
            assessment.answer_ids.filtered(
                lambda a: a.question_id.id == vals["question_id"]
            ).unlink()
            vals["assessment_id"] = assessment.id
        if model == "cx.feedback.rule":
            vals["company_id"] = company.id

    def _try(self, model, op, user):
        """True when the role may, False when refused with an AccessError, None if n/a.

        Every try is undone, allowed or not: the next one finds the same records.
        """
        try:
            with self.env.cr.savepoint():
                allowed = self._do(model, op, user)
                self.env.flush_all()
                raise _Undo(allowed)
        except _Undo as undo:
            return undo.allowed
        except AccessError:
            return False
        except Exception as error:  # noqa: BLE001 - shown in the matrix, not a crash
            self._errors.append(f"{model} {op} as {user.login}: {error!r}")
            return "!"
        finally:
            self.env.invalidate_all()

    def _do(self, model, op, user):
        record = self.records[model].with_user(user)
        Model = self.env[model].with_user(user)
        if op == "search":
            return record in Model.search([("id", "=", record.id)])
        if op == "read":
            record.read(list(WRITES[model]))
        elif op == "create":
            Model.create(self._create_vals(model, user))
        elif op == "create_other":
            if model in OWNER_FIELDS:
                vals = dict(self._create_vals(model, user))
                vals[OWNER_FIELDS[model]] = self.salesman_2.id
            elif model == "cx.interview.line":
                vals = {
                    "interview_id": self.records["cx.interview"].id,
                    "stage_id": self.stage_usage.id,
                }
            elif model == "cx.driver.analysis.line":
                vals = {"analysis_id": self.records["cx.driver.analysis"].id, "name": "Forged"}
            else:
                return None
            Model.create(vals)
        elif op == "write":
            record.write(WRITES[model])
        elif op == "unlink":
            if MATRIX[model]["manager_b"] == REFERENCE["manager_b"]:
                # reference data in use cannot go: a fresh record of it is tried
                record = self.env[model].create(self._create_vals(model, self.env.user))
                record = record.with_user(user)
            record.unlink()
        return True

    # ------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------

    def test_matrix_covers_every_cx_model(self):
        models = self.env["ir.model"].search([("model", "=like", "cx.%")])
        names = {m.model for m in models if not self.env[m.model]._abstract}
        self.assertEqual(names - set(MATRIX), set(), "every cx.* model is in the matrix")
        for name, record in self.records.items():
            self.assertTrue(record, f"the matrix has a record of {name}")

    def test_access_matrix(self):
        self._errors = []
        for model, expected in MATRIX.items():
            for role in ROLES:
                user = self.users[role]
                got = "".join(
                    {True: "y", False: "-", None: ".", "!": "!"}[self._try(model, op, user)]
                    for op in OPS
                )
                with self.subTest(model=model, role=role):
                    self.assertEqual(got, expected[role], f"{model} for {role} ({' '.join(OPS)})")
        self.assertFalse(self._errors, "an operation failed for another reason than access")

    def test_requirement_check_shown_to_who_may_write(self):
        """Met / Not met / Back to Pending (can_edit) show exactly to the roles the matrix
        lets write the requirement: its author and the CX managers; a salesperson sees a
        colleague's requirement without them (pressing them would be refused)."""
        requirement = self.records["cx.requirement"]
        requirement.write({"scope": "specification", "reference": "SPEC-MATRIX-1"})
        for role in ("salesman", "manager"):
            user = self.users[role]
            with self.subTest(role=role):
                may_write = self._try("cx.requirement", "write", user)
                as_user = requirement.with_user(user)
                self.assertEqual(as_user.can_edit, may_write)
                self.assertEqual(as_user.sudo().can_edit, may_write, "read through sudo too")
                self.assertEqual(may_write, role == "manager")
        own = self.env["cx.requirement"].with_user(self.salesman_2).browse(requirement.id)
        self.assertTrue(own.can_edit, "the author may record the check")
        own.action_mark_met()
        self.assertEqual(requirement.state, "met")
