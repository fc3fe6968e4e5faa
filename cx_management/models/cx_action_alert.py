from odoo import api, models


class CxAction(models.Model):
    """An action linked to feedback answers it: the feedback's alert is handled."""

    _inherit = "cx.action"

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        if any(vals.get("feedback_ids") for vals in vals_list):
            actions.sudo().feedback_ids._cx_alert_handled()
        return actions

    def write(self, vals):
        res = super().write(vals)
        if vals.get("feedback_ids"):
            self.sudo().feedback_ids._cx_alert_handled()
        return res
