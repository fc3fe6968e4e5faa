from odoo import api, fields, models


class CxFeedback(models.Model):
    """The processes a complaint points at, stored so the process analysis is one join."""

    _inherit = "cx.feedback"

    cx_complaint_process_ids = fields.Many2many(
        "cx.process",
        "cx_feedback_complaint_process_rel",
        "feedback_id",
        "process_id",
        string="Complaint Processes",
        compute="_compute_cx_complaint_process_ids",
        store=True,
        help="For a complaint: its own process and the process of each complaint topic "
        "(the topic's, else its parent topic's).",
    )

    @api.depends(
        "polarity",
        "process_id",
        "topic_ids.polarity",
        "topic_ids.process_id",
        "topic_ids.parent_id.process_id",
    )
    def _compute_cx_complaint_process_ids(self):
        for feedback in self:
            if feedback.polarity != "complaint":
                feedback.cx_complaint_process_ids = False
                continue
            processes = feedback.process_id
            for topic in feedback.topic_ids.filtered(lambda t: t.polarity == "complaint"):
                processes |= topic.process_id or topic.parent_id.process_id
            feedback.cx_complaint_process_ids = processes
