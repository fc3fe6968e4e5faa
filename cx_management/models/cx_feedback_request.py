from odoo import fields, models

SKIP_REASONS = [
    ("no_email", "No e-mail address"),
    ("blacklisted", "E-mail address blacklisted"),
    ("rest", "Asked within the rest period"),
    ("duplicate", "Already asked in the same run"),
]


class CxFeedbackRequest(models.Model):
    """The log of feedback requests: what was sent or skipped, so nothing is sent twice."""

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
        [("sent", "Sent"), ("skipped", "Skipped")], required=True, default="sent", index=True
    )
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
