from odoo import models

from .cx_feedback import ACTIVITY_TYPE


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """An alert marked done by its assignee is handled (with the escalations it caused)."""
        alert_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        feedback_ids = [
            a.res_id
            for a in self
            if alert_type and a.res_model == "cx.feedback" and a.activity_type_id == alert_type
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if feedback_ids:
            self.env["cx.feedback"].browse(feedback_ids).exists()._cx_alert_handled()
        return result
