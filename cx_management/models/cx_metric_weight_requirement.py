from odoo import fields, models
from odoo.exceptions import UserError


class CxMetricWeight(models.Model):
    """A client's weight of a metric can come from a requirement: set, or proposed."""

    _inherit = "cx.metric.weight"

    requirement_id = fields.Many2one(
        "cx.requirement",
        string="Reason",
        ondelete="set null",
        help="The client requirement whose importance set this weight.",
    )
    proposed_weight = fields.Integer(
        string="Proposed Weight",
        help="The weight a client requirement proposes; the CX manager applies it.",
    )
    proposed_requirement_id = fields.Many2one(
        "cx.requirement",
        string="Proposed by",
        ondelete="set null",
        help="The client requirement behind the proposed weight.",
    )

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
