import datetime
import logging
from ast import literal_eval

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import requests as request_tools
from ..tools.settings import int_setting

_logger = logging.getLogger(__name__)

PARAM_REST_DAYS = "cx_management.feedback_rest_days"
BATCH_SIZE = 500


class CxFeedbackRule(models.Model):
    """Ask the client's contacts to answer a survey some days after an operation, or every
    few months in a relationship wave."""

    _name = "cx.feedback.rule"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Feedback Request Rule"
    _order = "sequence, id"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [("operation", "After an operation"), ("wave", "Relationship wave")],
        required=True,
        default="operation",
        help="After an operation: the contacts are asked some days after each operation. "
        "Relationship wave: every contact with a role of the active clients is asked every "
        "few months, spread over some days.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    model_id = fields.Many2one(
        "ir.model",
        string="Operation Model",
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
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), "
        "('store', '=', True)]",
        help="The date of the operation; the request goes out this many days after it.",
    )
    partner_field_id = fields.Many2one(
        "ir.model.fields",
        string="Client Field",
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

    # REMINDERS
    reminder_days = fields.Integer(
        string="Remind after (days)",
        default=request_tools.DEFAULT_REMINDER_DAYS,
        help="A request still unanswered this many days after it was sent gets one reminder, "
        "in the contact's language; 0: no reminder.",
    )

    # RELATIONSHIP WAVES
    wave_months = fields.Integer(
        string="Every (months)",
        default=request_tools.DEFAULT_WAVE_MONTHS,
        help="A new wave starts this many months after the previous one.",
    )
    wave_days = fields.Integer(
        string="Spread over (days)",
        default=request_tools.DEFAULT_WAVE_DAYS,
        help="The invitations of a wave are spread evenly over this many days.",
    )
    daily_cap = fields.Integer(
        string="At most per Day",
        default=request_tools.DEFAULT_DAILY_CAP,
        help="A wave never sends more invitations than this in one day.",
    )
    wave_ids = fields.One2many("cx.feedback.wave", "rule_id", string="Waves")

    _sql_constraints = [
        ("delay_positive", "CHECK(delay_days >= 0)", "The delay cannot be negative."),
        ("lookback_positive", "CHECK(lookback_days >= 0)", "The catch-up cannot be negative."),
    ]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains(
        "delay_days", "lookback_days", "reminder_days", "wave_months", "wave_days", "daily_cap"
    )
    def _check_days(self):
        """Every bad number of the rule named at once."""
        for rule in self:
            errors = []
            if rule.delay_days < 0 or rule.lookback_days < 0:
                errors.append(
                    self.env._("The delay and the catch-up of a rule cannot be negative.")
                )
            if rule.reminder_days < 0:
                errors.append(
                    self.env._("The days before a reminder cannot be negative (0: no reminder).")
                )
            if rule.kind == "wave":
                if rule.wave_months < 1:
                    errors.append(self.env._("There must be one month at least between two waves."))
                if rule.wave_days < 1:
                    errors.append(self.env._("A wave must be spread over one day at least."))
                if rule.daily_cap < 1:
                    errors.append(
                        self.env._("A wave must be allowed one invitation a day at least.")
                    )
            if errors:
                raise ValidationError(
                    self.env._("The rule %(rule)s cannot be saved:\n%(errors)s")
                    % {"rule": rule.name, "errors": "\n".join(errors)}
                )

    @api.constrains("kind", "model_id", "date_field_id", "partner_field_id", "domain")
    def _check_fields_and_domain(self):
        for rule in self.sudo():
            if rule.kind == "wave":
                continue
            if not (rule.model_id and rule.date_field_id and rule.partner_field_id):
                raise ValidationError(
                    self.env._(
                        "The rule %(rule)s asks after an operation: name the operation model, "
                        "its date field and its client field.",
                        rule=rule.name,
                    )
                )
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
        rules = self.sudo().search([])
        waves = rules.filtered(lambda r: r.active and r.kind == "wave")
        # the waves come once no operation is left: one more call is announced for them
        stats, _remaining = rules._send_requests_batch(batch_size, more=1 if waves else 0)
        if stats["records"] or not waves:
            return stats
        wave_stats = waves._send_waves_batch(batch_size)
        return dict(stats, wave_sent=wave_stats["sent"], wave_skipped=wave_stats["skipped"])

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
        for rule in self.filtered(lambda r: r.active and r.kind == "operation"):
            pairs = rule._due_pairs(today)
            stats["records"] += len({pair[0] for pair in pairs})
            for batch in _operation_batches(pairs, batch_size):
                sent, skipped = rule._process_batch(batch, today, rest_days)
                stats["sent"] += sent
                stats["skipped"] += skipped
        _logger.info("Feedback requests: %s", stats)
        return stats

    def _send_requests_batch(self, batch_size=BATCH_SIZE, more=0):
        """Send and log the first batch of the pairs due today of these rules (`more`: what
        else the caller still has to do, added to the remaining work the progress reports).

        :return: (statistics of the batch: records, sent, skipped; pairs still due)
        """
        today = fields.Date.context_today(self)
        plans = [
            (rule, rule._due_pairs(today))
            for rule in self.filtered(lambda r: r.active and r.kind == "operation")
        ]
        plans = [(rule, pairs) for rule, pairs in plans if pairs]
        stats = {"records": 0, "sent": 0, "skipped": 0}
        if not plans:
            self.env["ir.cron"]._notify_progress(done=0, remaining=more)
            return stats, 0
        rule, pairs = plans[0]
        batch = next(_operation_batches(pairs, batch_size))
        sent, skipped = rule._process_batch(batch, today, self._rest_days())
        stats.update(records=len({pair[0] for pair in batch}), sent=sent, skipped=skipped)
        remaining = sum(len(pairs) for _rule, pairs in plans) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining + more)
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
        decisions = self._decide(pairs, today, rest_days)
        return self._invite_and_log(decisions, self.model_id.model)

    def _decide(self, pairs, today, rest_days):
        """For each (record, contact, e-mail): send, or the reason to skip (set-based)."""
        Request = self.env["cx.feedback.request"].sudo()
        contact_ids = list({pair[1] for pair in pairs})
        rest_start = request_tools.rest_start(today, rest_days)
        last_asked = {
            partner.id: date_sent.date()
            for partner, date_sent in Request._read_group(
                [
                    ("partner_id", "in", contact_ids),
                    ("state", "!=", "skipped"),
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
        return request_tools.plan_requests(pairs, last_asked, blacklisted, today, rest_days)

    def _invite_and_log(self, decisions, res_model):
        """Invite the contacts decided "send" and log every decision.

        :return: (sent, skipped)
        """
        self.ensure_one()
        Request = self.env["cx.feedback.request"].sudo()
        to_send = [(record_id, contact_id) for record_id, contact_id, d in decisions if d == "send"]
        answers = self._create_answers([contact_id for _r, contact_id in to_send])
        answer_of = dict(zip(to_send, answers.ids, strict=True))
        if answers:
            self._send_invitations(answers)

        records = self.env[res_model].sudo().browse(list({d[0] for d in decisions}))
        names = {record.id: record.display_name for record in records}
        now = fields.Datetime.now()
        wave = res_model == "cx.feedback.wave"
        Request.create(
            [
                {
                    "rule_id": self.id,
                    "res_model": res_model,
                    "res_id": record_id,
                    "wave_id": record_id if wave else False,
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

    # ------------------------------------------------------------
    # RELATIONSHIP WAVES
    # ------------------------------------------------------------
    # A wave asks every contact with a role of the active clients, every few months, a few
    # a day, the ones heard longest ago first.

    def _send_waves(self, batch_size=BATCH_SIZE):
        """Send today's invitations of these wave rules, batch after batch, in this
        transaction (tests, scripts); safe to re-run.

        :return: statistics: sent, skipped
        """
        stats = {"sent": 0, "skipped": 0}
        while True:
            batch = self._send_waves_batch(batch_size)
            if not batch["sent"] + batch["skipped"]:
                return stats
            stats["sent"] += batch["sent"]
            stats["skipped"] += batch["skipped"]

    def _send_waves_batch(self, batch_size=BATCH_SIZE):
        """One batch of today's wave invitations (of the first wave rule with some left).

        A rule is taken with a row lock that other workers skip, so two workers never split
        one rule's daily quota; the request log's unique key keeps a contact to one
        invitation per wave whatever happens.

        :return: statistics of the batch: sent, skipped, remaining (invitations still due
            today, all rules)
        """
        today = fields.Date.context_today(self)
        rest_days = self._rest_days()
        stats = {"sent": 0, "skipped": 0, "remaining": 0}
        rules = self.filtered(lambda r: r.active and r.kind == "wave")
        for position, rule in enumerate(rules, start=1):
            if not rule._wave_lock():
                continue
            wave = rule._wave_current(today)
            decisions, quota = rule._wave_plan(wave, today, rest_days)
            taken = request_tools.take_wave(decisions, min(quota, batch_size))
            if not taken:
                continue
            sent, skipped = rule._invite_and_log(taken, "cx.feedback.wave")
            left = request_tools.take_wave(decisions[len(taken) :], quota - sent)
            stats.update(
                sent=sent,
                skipped=skipped,
                # the rules after this one may have invitations due: call again to see
                remaining=sum(1 for decision in left if decision[2] == "send")
                + len(rules)
                - position,
            )
            break
        self.env["ir.cron"]._notify_progress(
            done=stats["sent"] + stats["skipped"], remaining=stats["remaining"]
        )
        return stats

    def _wave_lock(self):
        """Lock this rule's row for the transaction, or False when another worker holds it."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cx_feedback_rule WHERE id = %s FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        return bool(self.env.cr.fetchone())

    def _wave_current(self, today):
        """The wave of this rule running today, started when the previous one is over."""
        self.ensure_one()
        Wave = self.env["cx.feedback.wave"].sudo()
        last = Wave.search([("rule_id", "=", self.id)], order="date_start desc", limit=1)
        start = request_tools.wave_start(today, last.date_start or None, self.wave_months)
        if last and last.date_start == start:
            return last
        try:
            with self.env.cr.savepoint():
                return Wave.create({"rule_id": self.id, "date_start": start})
        except psycopg2.errors.UniqueViolation:
            return Wave.search([("rule_id", "=", self.id), ("date_start", "=", start)])

    def _wave_plan(self, wave, today, rest_days):
        """The decisions on the wave's contacts not logged yet, in the order they are asked,
        and how many invitations are still due today."""
        self.ensure_one()
        Request = self.env["cx.feedback.request"].sudo()
        logged = {
            partner.id
            for [partner] in Request._read_group([("wave_id", "=", wave.id)], ["partner_id"])
        }
        contacts = self._wave_contacts()
        pairs = [
            (wave.id, contact.id, contact.email_normalized)
            for contact in contacts
            if contact.id not in logged
        ]
        decisions = self._decide(pairs, today, rest_days) if pairs else []
        day_start = datetime.datetime.combine(today, datetime.time.min)
        sent_today = Request.search_count(
            [("wave_id", "=", wave.id), ("state", "!=", "skipped"), ("date_sent", ">=", day_start)]
        )
        pending = sum(1 for decision in decisions if decision[2] == "send")
        quota = request_tools.wave_quota(
            pending, sent_today, (today - wave.date_start).days, self.wave_days, self.daily_cap
        )
        return decisions, quota

    def _wave_contacts(self):
        """The contacts a wave asks: with one of the rule's roles (any role when none is set)
        at an active client of the rule's company, the ones heard longest ago first."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        clients = Partner._cx_active_client_domain(self.company_id)
        domain = [
            ("is_company", "=", False),
            ("commercial_partner_id", "any", clients),
            ("cx_role_id", "in", self.role_ids.ids)
            if self.role_ids
            else ("cx_role_id", "!=", False),
        ]
        return Partner.search_fetch(
            domain,
            ["email_normalized", "cx_date_last_heard"],
            order="cx_date_last_heard asc nulls first, id",
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
