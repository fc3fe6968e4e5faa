from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..fields import NullableInteger
from ..tools import scores


class CxInterview(models.TransientModel):
    """A salesperson's fast entry of one contact's interview: a score and a reason per stage."""

    _name = "cx.interview"
    _description = "Client Interview"

    client_id = fields.Many2one("res.partner", required=True, domain="[('is_company', '=', True)]")
    contact_id = fields.Many2one(
        "res.partner",
        required=True,
        domain="[('commercial_partner_id', '=', client_id), ('id', '!=', client_id)]",
        help="The client's contact interviewed; their role decides the stages asked about.",
    )
    role_id = fields.Many2one(
        "cx.contact.role",
        string="Contact Role",
        compute="_compute_role_id",
        store=True,
        readonly=False,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", domain="[('partner_id', 'child_of', client_id)]"
    )
    nps_score = NullableInteger(
        string="NPS Score",
        help="Likelihood to recommend us, from 0 (not at all) to 10 (certainly), asked once "
        "at the end of the interview.",
    )
    nps_comment = fields.Text(string="NPS Reason")
    line_ids = fields.One2many(
        "cx.interview.line",
        "interview_id",
        string="Stages",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("contact_id")
    def _compute_role_id(self):
        for interview in self:
            interview.role_id = interview.contact_id.cx_role_id

    @api.depends("role_id")
    def _compute_line_ids(self):
        for interview in self:
            stages = (
                interview.role_id._cx_interview_stages()
                if interview.role_id
                else (self.env["cx.journey.stage"].search([]))
            )
            interview.line_ids = [Command.clear()] + [
                Command.create({"stage_id": stage.id}) for stage in stages
            ]

    @api.onchange("nps_score")
    def _onchange_nps_score(self):
        """Warn while the grid is filled in; saving refuses the value."""
        message = self.env["cx.feedback"]._cx_score_errors(False, self.nps_score)
        if message:
            return {"warning": {"title": self.env._("Score out of range"), "message": message}}

    @api.onchange("client_id")
    def _onchange_client_id(self):
        if self.contact_id and self.contact_id.commercial_partner_id != self.client_id:
            self.contact_id = False

    def _cx_feedback_values(self):
        """The feedback to create, one per filled row and one for the NPS; raises on bad input."""
        self.ensure_one()
        base = {
            "partner_id": self.contact_id.id,
            "role_id": self.role_id.id,
            "channel": "interview",
            "date": self.date,
            "user_id": self.env.user.id,
            "lead_id": self.lead_id.id,
            "company_id": self.env.company.id,
        }
        errors, vals_list = [], []
        for line in self.line_ids:
            comment = (line.comment or "").strip()
            if not scores.given(line.csi_score) and not comment and not line.topic_ids:
                continue
            if scores.given(line.csi_score) and not (
                scores.CSI_MIN <= line.csi_score <= scores.CSI_MAX
            ):
                errors.append(
                    self.env._(
                        "%(stage)s: the CSI score must be between 1 and 5, not %(score)s.",
                        stage=line.stage_id.name,
                        score=line.csi_score,
                    )
                )
                continue
            if not scores.given(line.csi_score) and not comment:
                errors.append(
                    self.env._("%(stage)s: give a score or a reason.", stage=line.stage_id.name)
                )
                continue
            vals_list.append(
                {
                    **base,
                    "stage_id": line.stage_id.id,
                    "csi_score": line.csi_score,
                    "comment": comment or False,
                    "topic_ids": [Command.set(line.topic_ids.ids)],
                }
            )
        if scores.given(self.nps_score):
            if not scores.NPS_MIN <= self.nps_score <= scores.NPS_MAX:
                errors.append(
                    self.env._("The NPS score must be between 0 and 10, not %s.", self.nps_score)
                )
            else:
                vals_list.append(
                    {
                        **base,
                        "nps_score": self.nps_score,
                        "comment": (self.nps_comment or "").strip() or False,
                    }
                )
        if errors:
            raise UserError("\n".join(errors))
        if not vals_list:
            raise UserError(self.env._("Fill in a score or a reason for at least one stage."))
        return vals_list

    def action_save(self):
        self.ensure_one()
        if self.contact_id.commercial_partner_id != self.client_id.commercial_partner_id:
            raise UserError(self.env._("The contact does not belong to the client."))
        feedback = self.env["cx.feedback"].create(self._cx_feedback_values())
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [("id", "in", feedback.ids)]
        action["context"] = {"create": False}
        action["name"] = self.env._("Interview of %s", self.contact_id.name)
        return action


class CxInterviewLine(models.TransientModel):
    """One journey stage of an interview: the contact's CSI score and its reason."""

    _name = "cx.interview.line"
    _description = "Client Interview Stage"
    _order = "sequence, id"

    interview_id = fields.Many2one("cx.interview", required=True, ondelete="cascade")
    stage_id = fields.Many2one("cx.journey.stage", string="Journey Stage", required=True)
    sequence = fields.Integer(related="stage_id.sequence")
    csi_score = NullableInteger(
        string="CSI Score", help="Satisfaction from 1 (very dissatisfied) to 5 (fully satisfied)."
    )
    comment = fields.Text(string="Reason", help="Why the contact gave this score, in their words.")
    topic_ids = fields.Many2many("cx.topic", string="Topics")
    cx_suggestions = fields.Json(
        string="Suggested Topics",
        compute="_compute_cx_suggestions",
        help="The topics the text model reads in the reason: a click adds one.",
    )

    @api.depends("comment", "topic_ids")
    def _compute_cx_suggestions(self):
        self.env["cx.feedback"]._cx_suggestions_for(self)

    @api.onchange("csi_score")
    def _onchange_csi_score(self):
        """Warn as soon as a stage's score is typed (a CSI of 9), not only on Save."""
        message = self.env["cx.feedback"]._cx_score_errors(self.csi_score, False)
        if message:
            return {"warning": {"title": self.env._("Score out of range"), "message": message}}
