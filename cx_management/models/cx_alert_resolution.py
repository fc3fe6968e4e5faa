from odoo import fields, models


class CxAlertResolution(models.Model):
    """How an alert on a detractor or a low score was resolved: a short reference list."""

    _name = "cx.alert.resolution"
    _description = "Alert Resolution"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
