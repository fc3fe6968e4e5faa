from odoo import fields, models
from odoo.tools import email_normalize

from ..tools import survey as survey_tools


class SurveyUserInput(models.Model):
    """A finished participation in a mapped survey becomes client feedback."""

    _inherit = "survey.user_input"

    cx_feedback_ids = fields.One2many(
        "cx.feedback", "survey_user_input_id", string="Client Feedback", readonly=True
    )
    cx_feedback_count = fields.Integer(
        string="Client Feedback Count", compute="_compute_cx_feedback_count"
    )

    def _compute_cx_feedback_count(self):
        counts = dict(
            self.env["cx.feedback"]
            .sudo()
            ._read_group(
                [("survey_user_input_id", "in", self.ids)], ["survey_user_input_id"], ["__count"]
            )
        )
        for user_input in self:
            user_input.cx_feedback_count = counts.get(user_input, 0)

    def _mark_done(self):
        res = super()._mark_done()
        self._cx_create_feedback()
        self.env["cx.feedback.request"]._cx_mark_answered(self)
        return res

    def action_view_cx_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [("survey_user_input_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _cx_create_feedback(self):
        """Create the feedback of the finished participations that have none yet.

        One feedback per participation and journey stage, from the questions mapped to a CX
        meaning; unmapped questions are ignored. Safe to call again: a participation that
        already has feedback is skipped.
        :return: the created feedback
        """
        Feedback = self.env["cx.feedback"].sudo()
        inputs = self.sudo().filtered(lambda ui: ui.state == "done")
        if not inputs:
            return Feedback
        processed = {
            user_input.id
            for [user_input] in Feedback._read_group(
                [("survey_user_input_id", "in", inputs.ids)], ["survey_user_input_id"]
            )
        }
        inputs = inputs.filtered(lambda ui: ui.id not in processed)
        partners = self._cx_participant_partners(inputs)
        inputs = inputs.filtered(lambda ui: ui.id in partners)
        if not inputs:
            return Feedback
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search(
                [
                    ("user_input_id", "in", inputs.ids),
                    ("question_id.cx_meaning", "!=", False),
                    ("skipped", "=", False),
                ]
            )
        )
        rows = []
        for line in lines:
            question = line.question_id
            meaning = question.cx_meaning
            if line.answer_type == "scale":
                value = line.value_scale
            elif line.answer_type in ("text_box", "char_box"):
                value = line.value_text_box or line.value_char_box
                if meaning in ("topics", "value_elements"):
                    meaning = "reason"  # the comment of a choice question explains the choice
            elif line.answer_type == "suggestion":
                answer = line.suggested_answer_id
                value = (
                    answer.cx_topic_id if meaning == "topics" else answer.cx_value_element_id
                ).id
            else:
                continue
            rows.append((line.user_input_id.id, question.cx_stage_id.id, meaning, value))
        groups = survey_tools.group_answers(rows)
        by_id = {ui.id: ui for ui in inputs}
        # the operation a feedback request asked about becomes the feedback's reference
        references = {
            request.survey_user_input_id.id: request.record_name
            for request in self.env["cx.feedback.request"]
            .sudo()
            .search_fetch(
                [("survey_user_input_id", "in", inputs.ids)],
                ["survey_user_input_id", "record_name"],
            )
        }
        vals_list = []
        for (input_id, stage_id), values in groups.items():
            user_input = by_id[input_id]
            partner = partners[input_id]
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "stage_id": stage_id or False,
                    "channel": "survey",
                    "date": fields.Date.context_today(
                        self, user_input.end_datetime or fields.Datetime.now()
                    ),
                    "user_id": (
                        partner.commercial_partner_id.user_id or user_input.survey_id.user_id
                    ).id,
                    "csi_score": values["csi_score"] if values["csi_score"] is not None else False,
                    "nps_score": values["nps_score"] if values["nps_score"] is not None else False,
                    "comment": values["comment"] or False,
                    "topic_ids": [fields.Command.set(values["topic_ids"])],
                    "value_element_ids": [fields.Command.set(values["value_element_ids"])],
                    "survey_user_input_id": input_id,
                    "reference": references.get(input_id) or False,
                    "company_id": (partner.company_id or self.env.company).id,
                }
            )
        return Feedback.create(vals_list)

    def _cx_participant_partners(self, inputs):
        """{user_input id: contact}: the participant's partner, or the contact with its e-mail."""
        result = {ui.id: ui.partner_id for ui in inputs if ui.partner_id}
        normalized = {
            ui.id: email_normalize(ui.email) for ui in inputs if not ui.partner_id and ui.email
        }
        wanted = {email for email in normalized.values() if email}
        if wanted:
            by_email = {}
            partners = (
                self.env["res.partner"]
                .sudo()
                .search(
                    [("email_normalized", "in", list(wanted)), ("is_company", "=", False)],
                    order="id",
                )
            )
            for partner in partners:
                by_email.setdefault(partner.email_normalized, partner)
            result.update(
                (input_id, by_email[email])
                for input_id, email in normalized.items()
                if email in by_email
            )
        return result
