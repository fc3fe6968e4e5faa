from odoo import fields, models


class CxContactRole(models.Model):
    """Who in the client's company judges us: economic, technical buyer or operator."""

    _name = "cx.contact.role"
    _description = "Client Contact Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(
        default=1.0,
        help="Weight of this role's answers when the account NPS is weighted by contact role.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a contact role must be unique."),
        ("weight_positive", "check(weight > 0)", "The weight of a contact role must be positive."),
    ]
