from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError

from ..models.cx_feedback import MANAGER_GROUP


class CxAlertHandle(models.TransientModel):
    """Mark an alert handled: how it was resolved, and optionally what was done."""

    _name = "cx.alert.handle"
    _description = "Handle a Feedback Alert"

    feedback_id = fields.Many2one("cx.feedback", required=True, ondelete="cascade")
    resolution_id = fields.Many2one(
        "cx.alert.resolution",
        required=True,
        help="How the alert was resolved, for the closed-loop analysis.",
    )
    note = fields.Text(help="What was done for the client; logged on the feedback.")

    def action_confirm(self):
        """Log the note, keep the resolution and handle the alert (as the user: their rights
        on the feedback apply)."""
        self.ensure_one()
        feedback = self.feedback_id
        feedback.check_access("read")
        user = self.env.user
        if not (
            feedback.alert_user_id == user
            or user.has_group(MANAGER_GROUP)
            or feedback.has_access("write")
        ):
            raise AccessError(
                self.env._("Only the alert's assignee or a CX manager can mark it handled.")
            )
        feedback.sudo().alert_resolution_id = self.resolution_id
        if self.note:
            feedback.message_post(
                body=Markup("<p>%s</p>") % self.note,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        feedback._cx_alert_handled()
        return {"type": "ir.actions.act_window_close"}
