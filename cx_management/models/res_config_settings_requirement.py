from odoo import fields, models

from .cx_requirement import WEIGHT_MODE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_requirement_weight_mode = fields.Selection(
        [
            ("set", "Set the client's weight"),
            ("propose", "Propose it to the CX manager"),
        ],
        string="Requirement Importance",
        default="propose",
        config_parameter=WEIGHT_MODE_PARAM,
        help="A requirement on a metric either sets that client's weight of the metric from "
        "its importance at once, or proposes it on the client weights list, where a CX "
        "manager applies it.",
    )
