from odoo import fields, models

TRIGGER_RESPONSES = [("activity", "Activity"), ("action", "Draft improvement action")]


class CxMetric(models.Model):
    """What a trigger metric does when a client's value crosses its threshold."""

    _inherit = "cx.metric"

    trigger_response = fields.Selection(
        TRIGGER_RESPONSES,
        string="When Triggered",
        default="activity",
        help="For trigger metrics: a to-do activity on the client, or a draft improvement "
        "action, for the owner of the metric's process, once per client and period.",
    )
