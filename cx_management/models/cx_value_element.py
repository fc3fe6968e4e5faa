from odoo import fields, models

LEVELS = [
    ("table_stakes", "Table stakes"),
    ("functional", "Functional value"),
    ("ease", "Ease of doing business value"),
    ("individual", "Individual value"),
    ("inspirational", "Inspirational value"),
]


class CxValueElement(models.Model):
    """One of the 40 B2B elements of value (METHODOLOGY section 6)."""

    _name = "cx.value.element"
    _description = "B2B Element of Value"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    level = fields.Selection(LEVELS, required=True)
    group = fields.Char(translate=True, help="The group inside the level, e.g. Productivity.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
