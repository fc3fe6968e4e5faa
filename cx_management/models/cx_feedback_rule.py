import datetime
import logging
from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import requests as request_tools
from ..tools.settings import int_setting

_logger = logging.getLogger(__name__)

PARAM_REST_DAYS = "cx_management.feedback_rest_days"
BATCH_SIZE = 500


class CxFeedbackRule(models.Model):
    """Ask the client's contacts to answer a survey some days after an operation."""

    _name = "cx.feedback.rule"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Feedback Request Rule"
    _order = "sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    model_id = fields.Many2one(
        "ir.model",
        string="Operation Model",
        required=True,
        ondelete="cascade",
        domain=[("transient", "=", False)],
        help="The records that are operations with the client: orders, deliveries, actions...",
    )
    model_name = fields.Char(related="model_id.model", string="Model Name")
    domain = fields.Char(
        default="[]",
        required=True,
        help="Which records of the model count as the operation (for example: done ones).",
    )
    date_field_id = fields.Many2one(
        "ir.model.fields",
        string="Operation Date Field",
        required=True,
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), "
        "('store', '=', True)]",
        help="The date of the operation; the request goes out this many days after it.",
    )
    partner_field_id = fields.Many2one(
        "ir.model.fields",
        string="Client Field",
        required=True,
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', '=', 'many2one'), "
        "('relation', '=', 'res.partner'), ('store', '=', True)]",
        help="The field of the record that names the client (or one of its contacts).",
    )
    delay_days = fields.Integer(
        string="Delay (days)",
        default=3,
        help="Days between the operation and the request.",
    )
    lookback_days = fields.Integer(
        string="Catch-up (days)",
        default=request_tools.DEFAULT_LOOKBACK_DAYS,
        help="Operations up to this many days older are still asked about, so that a day the "
        "scheduled action did not run is caught up. Each operation is asked about once.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        ondelete="restrict",
        help="The questionnaire sent with the survey's own invitation e-mail.",
    )
    role_ids = fields.Many2many(
        "cx.contact.role",
        string="Contact Roles",
        help="The client's contacts with these roles receive the request; empty: every contact "
        "of the client with an e-mail address.",
    )
    request_ids = fields.One2many("cx.feedback.request", "rule_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = [
        ("delay_positive", "CHECK(delay_days >= 0)", "The delay cannot be negative."),
        ("lookback_positive", "CHECK(lookback_days >= 0)", "The catch-up cannot be negative."),
    ]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("delay_days", "lookback_days")
    def _check_days(self):
        for rule in self:
            if rule.delay_days < 0 or rule.lookback_days < 0:
                raise ValidationError(
                    self.env._("The delay and the catch-up of a rule cannot be negative.")
                )

    @api.constrains("model_id", "date_field_id", "partner_field_id", "domain")
    def _check_fields_and_domain(self):
        for rule in self.sudo():
            if rule.date_field_id.model_id != rule.model_id or rule.date_field_id.ttype not in (
                "date",
                "datetime",
            ):
                raise ValidationError(
                    self.env._(
                        "The operation date field must be a date field of %(model)s.",
                        model=rule.model_id.name,
                    )
                )
            if (
                rule.partner_field_id.model_id != rule.model_id
                or rule.partner_field_id.relation != "res.partner"
            ):
                raise ValidationError(
                    self.env._(
                        "The client field must be a link to a contact on %(model)s.",
                        model=rule.model_id.name,
                    )
                )
            try:
                domain = literal_eval(rule.domain or "[]")
                self.env[rule.model_id.model].sudo()._search(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The domain of the rule %(rule)s is not valid: %(error)s",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------
    # COMPUTES / ONCHANGES
    # ------------------------------------------------------------

    def _compute_request_count(self):
        counts = dict(
            self.env["cx.feedback.request"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.request_count = counts.get(rule, 0)

    @api.onchange("model_id")
    def _onchange_model_id(self):
        if self.date_field_id.model_id != self.model_id:
            self.date_field_id = False
        if self.partner_field_id.model_id != self.model_id:
            self.partner_field_id = self.env["ir.model.fields"].search(
                [
                    ("model_id", "=", self.model_id.id),
                    ("name", "=", "partner_id"),
                    ("relation", "=", "res.partner"),
                ],
                limit=1,
            )
        self.domain = "[]"

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_feedback_request_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    # ------------------------------------------------------------
    # SCHEDULED ACTION
    # ------------------------------------------------------------

    @api.model
    def _cron_send_requests(self, batch_size=BATCH_SIZE):
        """One batch of the daily invitations per call; the cron runner commits and calls
        again while progress reports pairs remaining.

        What is left is read from the database at each call: the request log keeps every
        operation asked about out of the due pairs, and a batch holds whole operations, so
        each call logs at least one operation for good and a run ends.
        """
        stats, _remaining = self.sudo().search([])._send_requests_batch(batch_size)
        return stats

    def _send_requests(self, batch_size=BATCH_SIZE):
        """Send (and log) the requests of these rules that are due today, every batch in this
        transaction (tests, scripts; the cron sends one batch a call); safe to re-run.

        Each rule's due pairs are read once, then sent batch after batch: reading them again
        for every batch would cost a year's catch-up a full read per batch.

        :return: statistics: records, sent, skipped
        """
        today = fields.Date.context_today(self)
        rest_days = self._rest_days()
        stats = {"records": 0, "sent": 0, "skipped": 0}
        for rule in self.filtered("active"):
            pairs = rule._due_pairs(today)
            stats["records"] += len({pair[0] for pair in pairs})
            for batch in _operation_batches(pairs, batch_size):
                sent, skipped = rule._process_batch(batch, today, rest_days)
                stats["sent"] += sent
                stats["skipped"] += skipped
        _logger.info("Feedback requests: %s", stats)
        return stats

    def _send_requests_batch(self, batch_size=BATCH_SIZE):
        """Send and log the first batch of the pairs due today of these rules.

        :return: (statistics of the batch: records, sent, skipped; pairs still due)
        """
        today = fields.Date.context_today(self)
        plans = [(rule, rule._due_pairs(today)) for rule in self.filtered("active")]
        plans = [(rule, pairs) for rule, pairs in plans if pairs]
        stats = {"records": 0, "sent": 0, "skipped": 0}
        if not plans:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return stats, 0
        rule, pairs = plans[0]
        batch = next(_operation_batches(pairs, batch_size))
        sent, skipped = rule._process_batch(batch, today, self._rest_days())
        stats.update(records=len({pair[0] for pair in batch}), sent=sent, skipped=skipped)
        remaining = sum(len(pairs) for _rule, pairs in plans) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return stats, remaining

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _rest_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_REST_DAYS)
        return max(int_setting(value, request_tools.DEFAULT_REST_DAYS), 0)

    def _due_pairs(self, today):
        """The (record id, contact id, e-mail) pairs this rule asks about today, not yet logged.

        Set-based: one search on the model, one on the log, one on the contacts.
        """
        self.ensure_one()
        Model = self.env[self.model_id.model].sudo()
        date_field = self.date_field_id.name
        partner_field = self.partner_field_id.name
        first, last = request_tools.date_window(today, self.delay_days, self.lookback_days)
        if self.date_field_id.ttype == "datetime":
            first = datetime.datetime.combine(first, datetime.time.min)
            last_domain = (
                date_field,
                "<",
                datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min),
            )
        else:
            last_domain = (date_field, "<=", last)
        domain = [
            *literal_eval(self.domain or "[]"),
            (date_field, ">=", first),
            last_domain,
            (partner_field, "!=", False),
        ]
        if "company_id" in Model._fields:
            domain.append(("company_id", "in", [self.company_id.id, False]))
        records = Model.search_fetch(domain, [partner_field], order=f"{date_field}, id")
        if not records:
            return []
        logged = {
            res_id
            for [res_id] in self.env["cx.feedback.request"]
            .sudo()
            ._read_group(
                [
                    ("rule_id", "=", self.id),
                    ("res_model", "=", self.model_id.model),
                    ("res_id", "in", records.ids),
                ],
                ["res_id"],
            )
        }
        client_of = {
            record.id: record[partner_field].commercial_partner_id.id
            for record in records
            if record.id not in logged
        }
        if not client_of:
            return []
        contact_domain = [
            ("commercial_partner_id", "in", list(set(client_of.values()))),
            ("is_company", "=", False),
        ]
        if self.role_ids:
            contact_domain.append(("cx_role_id", "in", self.role_ids.ids))
        else:
            contact_domain.append(("email", "!=", False))
        contacts = (
            self.env["res.partner"]
            .sudo()
            .search_fetch(contact_domain, ["commercial_partner_id", "email_normalized"], order="id")
        )
        contacts_of = {}
        for contact in contacts:
            contacts_of.setdefault(contact.commercial_partner_id.id, []).append(
                (contact.id, contact.email_normalized)
            )
        return [
            (record_id, contact_id, email)
            for record_id, client_id in client_of.items()
            for contact_id, email in contacts_of.get(client_id, [])
        ]

    def _process_batch(self, pairs, today, rest_days):
        """Decide, invite and log one batch of (record, contact) pairs: set-based."""
        self.ensure_one()
        Request = self.env["cx.feedback.request"].sudo()
        contact_ids = list({pair[1] for pair in pairs})
        rest_start = request_tools.rest_start(today, rest_days)
        last_asked = {
            partner.id: date_sent.date()
            for partner, date_sent in Request._read_group(
                [
                    ("partner_id", "in", contact_ids),
                    ("state", "=", "sent"),
                    ("date_sent", ">=", datetime.datetime.combine(rest_start, datetime.time.min)),
                ],
                ["partner_id"],
                ["date_sent:max"],
            )
        }
        emails = {pair[2] for pair in pairs if pair[2]}
        blacklisted_emails = (
            set(
                self.env["mail.blacklist"]
                .sudo()
                .search_fetch([("email", "in", list(emails))], ["email"])
                .mapped("email")
            )
            if emails
            else set()
        )
        blacklisted = {pair[1] for pair in pairs if pair[2] in blacklisted_emails}
        decisions = request_tools.plan_requests(pairs, last_asked, blacklisted, today, rest_days)

        to_send = [(record_id, contact_id) for record_id, contact_id, d in decisions if d == "send"]
        answers = self._create_answers([contact_id for _r, contact_id in to_send])
        answer_of = dict(zip(to_send, answers.ids, strict=True))
        if answers:
            self._send_invitations(answers)

        records = self.env[self.model_id.model].sudo().browse(list({pair[0] for pair in pairs}))
        names = {record.id: record.display_name for record in records}
        now = fields.Datetime.now()
        Request.create(
            [
                {
                    "rule_id": self.id,
                    "res_model": self.model_id.model,
                    "res_id": record_id,
                    "record_name": names.get(record_id),
                    "partner_id": contact_id,
                    "state": "sent" if decision == "send" else "skipped",
                    "skip_reason": False if decision == "send" else decision,
                    "survey_user_input_id": answer_of.get((record_id, contact_id), False),
                    "date_sent": now if decision == "send" else False,
                    "company_id": self.company_id.id,
                }
                for record_id, contact_id, decision in decisions
            ]
        )
        sent = len(to_send)
        return sent, len(decisions) - sent

    def _create_answers(self, contact_ids):
        """One survey participation per contact, with the values survey._create_answer sets.

        Created in one batch; the participation is a partner's, so the invitation link is
        personal (its access token).
        """
        self.ensure_one()
        survey = self.survey_id.sudo()
        if not contact_ids:
            return self.env["survey.user_input"].sudo()
        contacts = self.env["res.partner"].sudo().browse(contact_ids)
        UserInput = self.env["survey.user_input"].sudo()
        limited = survey.is_attempts_limited and survey.access_mode != "public"
        return UserInput.create(
            [
                {
                    "survey_id": survey.id,
                    "partner_id": contact.id,
                    "email": contact.email,
                    "nickname": contact.name,
                    **({"invite_token": UserInput._generate_invite_token()} if limited else {}),
                }
                for contact in contacts
            ]
        )

    def _send_invitations(self, answers):
        """Queue the survey's own invitation e-mail for each participation, rendered in batch."""
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        if not template:
            _logger.warning("The survey invitation template is missing: no request sent.")
            return self.env["mail.mail"]
        return template.sudo().send_mail_batch(
            answers.ids, email_layout_xmlid="mail.mail_notification_light"
        )


def _operation_batches(pairs, batch_size):
    """Batches of about batch_size (record, contact, e-mail) pairs, each completed with the
    rest of its last operation's pairs: an operation is logged at once, so none of its
    contacts may be left for the next batch."""
    batch = []
    for pair in pairs:
        if batch and pair[0] != batch[-1][0] and len(batch) >= batch_size:
            yield batch
            batch = []
        batch.append(pair)
    if batch:
        yield batch
