from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CxChurnBand(models.Model):
    """A band of CSI and NPS with the probability that a client in it leaves us.

    The first band (by sequence) whose CSI and NPS ranges hold the client's figures gives the
    probability; lower bounds are included, upper bounds too (so 5 and 100 fall in a band).
    """

    _name = "cx.churn.band"
    _description = "Churn Probability Band"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    csi_min = fields.Float(string="CSI from", default=1.0)
    csi_max = fields.Float(string="CSI to", default=5.0)
    nps_min = fields.Float(string="NPS from", default=-100.0)
    nps_max = fields.Float(string="NPS to", default=100.0)
    probability = fields.Float(
        string="Churn Probability",
        help="Probability, from 0 to 1, that a client in this band leaves within a year.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("csi_min", "csi_max", "nps_min", "nps_max", "probability")
    def _check_bounds(self):
        for band in self:
            if band.csi_min > band.csi_max or band.nps_min > band.nps_max:
                raise ValidationError(_("A band's lower bound must not exceed its upper bound."))
            if not 0.0 <= band.probability <= 1.0:
                raise ValidationError(_("A churn probability lies between 0 and 1."))

    @api.model
    def _bands_table(self):
        """The active bands as plain tuples for tools.revenue.churn_probability."""
        return [
            (band.csi_min, band.csi_max, band.nps_min, band.nps_max, band.probability)
            for band in self.search([])
        ]
