from odoo import api, fields, models


class ResPartner(models.Model):
    """The client's standing requirements, and the hook that refreshes its annual revenue."""

    _inherit = "res.partner"

    cx_requirement_ids = fields.One2many(
        "cx.requirement",
        "partner_id",
        string="Standing Requirements",
        domain=[("scope", "=", "all")],
        help="The client's requirements for every order.",
        groups="cx_management.cx_management_group_user",
    )
    cx_requirement_count = fields.Integer(
        string="Requirement Count",
        compute="_compute_cx_requirement_count",
        groups="cx_management.cx_management_group_user",
    )

    def _compute_cx_requirement_count(self):
        """Valid requirements of the client (a contact: of its company)."""
        Requirement = self.env["cx.requirement"]
        counts = dict(
            Requirement._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    *Requirement._valid_domain(fields.Date.context_today(self)),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cx_requirement_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_cx_requirements(self):
        self.ensure_one()
        client = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_requirement_action"
        )
        action["domain"] = [("partner_id", "=", client.id)]
        action["context"] = {"default_partner_id": client.id, "search_default_valid": 1}
        return action

    # ------------------------------------------------------------
    # ANNUAL REVENUE
    # ------------------------------------------------------------

    @api.model
    def _cx_refresh_annual_revenue(self, date_to=None):
        """Refresh every client's annual revenue from where it comes.

        Here it is typed on the client, so nothing happens; the Sales bridge
        (cx_management_sale) sums the confirmed sales orders of the last 12 months.
        """
        return False

    @api.model
    def _cx_refresh_all_nps(self, commit=False):
        """The annual revenue first, so that the revenue at risk uses the current one."""
        self._cx_refresh_annual_revenue()
        return super()._cx_refresh_all_nps(commit=commit)
