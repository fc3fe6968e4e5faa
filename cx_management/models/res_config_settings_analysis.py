from odoo import fields, models

from .res_partner_analysis import NPS_WAY_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_nps_way = fields.Selection(
        [
            ("all", "All responses"),
            ("contact", "Average per contact first"),
            ("role", "Weighted by contact role"),
        ],
        string="Account NPS Method",
        default="all",
        config_parameter=NPS_WAY_PARAM,
        help="All responses: every answer counts once. Average per contact first: each "
        "contact's answers are averaged, then each contact counts once. Weighted by contact "
        "role: each answer counts with its contact role's weight.",
    )

    def set_values(self):
        way_before = self.env["res.partner"]._cx_nps_way()
        super().set_values()
        if self.env["res.partner"]._cx_nps_way() != way_before:
            self.env["res.partner"].sudo()._cx_refresh_all_nps()
