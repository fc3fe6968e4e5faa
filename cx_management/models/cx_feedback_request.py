import datetime
import logging

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import coverage as coverage_tools
from ..tools import requests as request_tools
from ..tools.settings import int_setting

_logger = logging.getLogger(__name__)

PARAM_EXPIRY_DAYS = "cx_management.feedback_expiry_days"
BATCH_SIZE = 500

SKIP_REASONS = [
    ("no_email", "No e-mail address"),
    ("blacklisted", "E-mail address blacklisted"),
    ("rest", "Asked within the rest period"),
    ("duplicate", "Already asked in the same run"),
]


class CxFeedbackRequest(models.Model):
    """The log of feedback requests: what was sent, reminded, answered, expired or skipped, so
    nothing is sent twice."""

    _name = "cx.feedback.request"
    _description = "Feedback Request"
    _order = "id desc"
    _rec_name = "record_name"

    rule_id = fields.Many2one("cx.feedback.rule", required=True, index=True, ondelete="cascade")
    res_model = fields.Char(string="Operation Model", required=True, index=True)
    res_id = fields.Many2oneReference(
        string="Operation ID", model_field="res_model", required=True, index=True
    )
    record_name = fields.Char(string="Operation")
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, ondelete="cascade"
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Client", store=True, index=True
    )
    role_id = fields.Many2one(related="partner_id.cx_role_id", string="Contact Role")
    survey_id = fields.Many2one(related="rule_id.survey_id", string="Survey")
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        index="btree_not_null",
        ondelete="set null",
        groups="survey.group_survey_user",
    )
    answer_state = fields.Selection(
        related="survey_user_input_id.state",
        string="Answer Status",
        groups="survey.group_survey_user",
    )
    date_sent = fields.Datetime(string="Sent On", index=True)
    state = fields.Selection(
        [
            ("sent", "Sent"),
            ("reminded", "Reminded"),
            ("answered", "Answered"),
            ("expired", "Expired"),
            ("skipped", "Skipped"),
        ],
        required=True,
        default="sent",
        index=True,
        help="Sent: waiting for the answer. Reminded: still unanswered, one reminder went out. "
        "Answered: the questionnaire was completed (after the reminder when it has a reminder "
        "date). Expired: not answered in time. Skipped: not sent, see the reason.",
    )
    # REMINDERS
    date_reminded = fields.Datetime(string="Reminded On", readonly=True, copy=False)
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    # RELATIONSHIP WAVES
    wave_id = fields.Many2one("cx.feedback.wave", index="btree_not_null", ondelete="cascade")
    skip_reason = fields.Selection(SKIP_REASONS, string="Reason Skipped")
    company_id = fields.Many2one("res.company", required=True, index=True)

    _sql_constraints = [
        (
            "rule_record_contact_uniq",
            "unique(rule_id, res_model, res_id, partner_id)",
            "A contact is asked about one operation once per rule.",
        ),
    ]

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # REMINDERS
    # ------------------------------------------------------------
    # One reminder to a request still unanswered after the rule's days; then it expires.

    @api.model
    def _cron_send_reminders(self, batch_size=BATCH_SIZE):
        """One batch of reminders (then of expiries) per call, with progress."""
        done, remaining = self._send_reminders_batch(batch_size)
        if not done:
            done, remaining = self._expire_batch(batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _send_reminders(self, batch_size=BATCH_SIZE):
        """Every reminder and expiry due now, in this transaction (tests, scripts)."""
        reminded = expired = 0
        while done := self._send_reminders_batch(batch_size)[0]:
            reminded += done
        while done := self._expire_batch(batch_size)[0]:
            expired += done
        return {"reminded": reminded, "expired": expired}

    @api.model
    def _reminder_domain(self, now):
        """The requests due a reminder now: sent, never reminded, the survey not finished, and
        sent at least their rule's reminder days ago."""
        rules = self.env["cx.feedback.rule"].sudo().search([("reminder_days", ">", 0)])
        by_days = {}
        for rule in rules:
            by_days.setdefault(rule.reminder_days, []).append(rule.id)
        if not by_days:
            return None
        parts = [
            [("rule_id", "in", ids), ("date_sent", "<=", now - datetime.timedelta(days=days))]
            for days, ids in by_days.items()
        ]
        age = ["|"] * (len(parts) - 1) + [term for part in parts for term in ["&", *part]]
        return [
            ("state", "=", "sent"),
            ("date_reminded", "=", False),
            ("survey_user_input_id", "!=", False),
            ("survey_user_input_id.state", "!=", "done"),
            *age,
        ]

    @api.model
    def _locked(self, ids):
        """Those of these requests no other worker holds, locked for this transaction."""
        if not ids:
            return self.browse()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cx_feedback_request WHERE id IN %s ORDER BY id "
                "FOR UPDATE SKIP LOCKED",
                tuple(ids),
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _send_reminders_batch(self, batch_size=BATCH_SIZE):
        """Remind one batch: one mail each, in the contact's language; never a second one.

        :return: (reminded, still due)
        """
        Request = self.sudo()
        domain = Request._reminder_domain(fields.Datetime.now())
        if domain is None:
            return 0, 0
        requests = Request._locked(
            Request.search(domain, order="date_sent, id", limit=batch_size).ids
        )
        requests = requests.filtered(lambda r: r.state == "sent" and not r.date_reminded)
        if not requests:
            return 0, 0
        template = self.env.ref("cx_management.mail_template_cx_feedback_reminder")
        template.sudo().send_mail_batch(
            requests.ids, email_layout_xmlid="mail.mail_notification_light"
        )
        requests.write({"state": "reminded", "date_reminded": fields.Datetime.now()})
        return len(requests), Request.search_count(domain)

    @api.model
    def _expiry_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_EXPIRY_DAYS)
        return max(int_setting(value, request_tools.DEFAULT_EXPIRY_DAYS), 1)

    @api.model
    def _expire_batch(self, batch_size=BATCH_SIZE):
        """Expire one batch of the requests unanswered the expiry days after being sent.

        :return: (expired, still due)
        """
        limit = fields.Datetime.now() - datetime.timedelta(days=self._expiry_days())
        domain = [("state", "in", ("sent", "reminded")), ("date_sent", "<", limit)]
        Request = self.sudo()
        requests = Request._locked(
            Request.search(domain, order="date_sent, id", limit=batch_size).ids
        )
        requests = requests.filtered(lambda r: r.state in ("sent", "reminded"))
        if not requests:
            return 0, 0
        requests.write({"state": "expired"})
        return len(requests), Request.search_count(domain)

    @api.model
    def _cx_mark_answered(self, user_inputs):
        """The requests of these finished participations are answered (even after expiry)."""
        requests = self.sudo().search(
            [
                ("survey_user_input_id", "in", user_inputs.ids),
                ("state", "in", ("sent", "reminded", "expired")),
            ]
        )
        requests.write({"state": "answered", "date_answered": fields.Datetime.now()})
        return requests

    # ------------------------------------------------------------
    # COVERAGE
    # ------------------------------------------------------------

    @api.model
    def _cx_funnels(self, group_field, ids, domain=None):
        """{id of `group_field`: tools.coverage.funnel} of the requests sent (one query)."""
        counts = {}
        for record, state, count, reminded in self.sudo()._read_group(
            [(group_field, "in", ids), ("state", "!=", "skipped"), *(domain or [])],
            [group_field, "state"],
            ["__count", "date_reminded:count"],
        ):
            entry = counts.setdefault(record.id, [0, 0, 0, 0])
            entry[0] += count
            entry[1] += reminded
            if state == "answered":
                entry[2] += count
                entry[3] += reminded
        return {key: coverage_tools.funnel(*entry) for key, entry in counts.items()}
