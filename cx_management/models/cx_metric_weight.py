from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import csi


class CxMetricWeight(models.Model):
    """How much one metric matters to one client (1-5), from the interviews, as judged by one
    supplier company: a client shared by two companies may weigh their deliveries differently."""

    _name = "cx.metric.weight"
    _inherit = ["cx.sql.guard"]  # refused before the SQL constraints
    _description = "Client Metric Weight"
    _order = "partner_id, metric_id"
    _check_company_auto = True
    _rec_name = "metric_id"
    _sql_constraints = [
        (
            "partner_metric_unique",
            "UNIQUE(partner_id, metric_id, company_id)",
            "A client has one weight per metric and company.",
        ),
    ]

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    metric_id = fields.Many2one("cx.metric", required=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
        help="The supplier company whose CSI of the client uses this weight.",
    )
    block_id = fields.Many2one(related="metric_id.block_id", store=True, string="Block")
    default_weight = fields.Integer(related="metric_id.default_weight")
    weight = fields.Integer(
        required=True, default=3, aggregator=None, help="1 (hardly matters) to 5 (critical)."
    )
    note = fields.Char(help="Why this client weighs the metric so, e.g. from which interview.")

    # REQUIREMENTS
    requirement_id = fields.Many2one(
        "cx.requirement",
        string="Reason",
        ondelete="set null",
        help="The client requirement whose importance set this weight.",
    )
    proposed_weight = fields.Integer(
        help="The weight a client requirement proposes; the CX manager applies it.",
    )
    proposed_requirement_id = fields.Many2one(
        "cx.requirement",
        string="Proposed by",
        ondelete="set null",
        help="The client requirement behind the proposed weight.",
    )

    @api.constrains("weight")
    def _check_weight(self):
        for record in self:
            if not csi.WEIGHT_MIN <= record.weight <= csi.WEIGHT_MAX:
                raise ValidationError(
                    _(
                        "The weight of %(metric)s for %(client)s must be between 1 and 5, "
                        "not %(weight)s.",
                        metric=record.metric_id.name,
                        client=record.partner_id.display_name,
                        weight=record.weight,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        self._prepare_companies(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_company_rights([vals])
        return super().write(vals)

    @api.model
    def _prepare_companies(self, vals_list):
        """The company of new rows: the one given, else the client's own company, else the
        current one; a company the user does not work in is refused."""
        for vals in vals_list:
            if not vals.get("company_id"):
                vals.pop("company_id", None)  # an empty cell of an import: the default
                client = self.env["res.partner"].sudo().browse(vals.get("partner_id"))
                if client.company_id:
                    vals["company_id"] = client.company_id.id
        self._check_company_rights(vals_list)

    @api.model
    def _check_company_rights(self, vals_list):
        """Refuse a company the user does not work in (not among the companies selected in
        the company switcher), naming it; the superuser and the computations may."""
        if self.env.su:
            return
        allowed = set(self.env.companies.ids)
        refused = {
            vals["company_id"]
            for vals in vals_list
            if vals.get("company_id") and vals["company_id"] not in allowed
        }
        if refused:
            names = self.env["res.company"].sudo().browse(sorted(refused)).mapped("name")
            raise ValidationError(
                _(
                    "You may not enter figures for %(companies)s: you do not work in that "
                    "company. Select it in the company switcher, or leave the company empty "
                    "for your current one.",
                    companies=", ".join(names),
                )
            )

    # ------------------------------------------------------------
    # REQUIREMENTS
    # ------------------------------------------------------------
    # A client's weight of a metric can come from a requirement: set, or proposed.

    def action_apply_proposal(self):
        """Take the proposed weight, with its requirement as the reason."""
        with_proposal = self.filtered("proposed_weight")
        if not with_proposal:
            raise UserError(self.env._("There is no proposed weight to apply."))
        for weight in with_proposal:
            requirement = weight.proposed_requirement_id
            weight.write(
                {
                    "weight": weight.proposed_weight,
                    "requirement_id": requirement.id,
                    "note": self.env._(
                        "Requirement: %s", (requirement.name or "").split("\n")[0][:120]
                    )
                    if requirement
                    else weight.note,
                    "proposed_weight": False,
                    "proposed_requirement_id": False,
                }
            )

    def action_reject_proposal(self):
        self.write({"proposed_weight": False, "proposed_requirement_id": False})
