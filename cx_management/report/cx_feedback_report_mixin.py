from odoo import fields, models
from odoo.tools import SQL

from ..models.cx_topic import POLARITIES

# The feedback's own dimensions every analysis view selects (f = cx_feedback,
# client = the feedback's client company); the mixin below declares them as fields.
FEEDBACK_DIMENSIONS = SQL(
    """f.date AS date,
       f.partner_id AS partner_id,
       f.commercial_partner_id AS commercial_partner_id,
       client.industry_id AS industry_id,
       f.role_id AS role_id,
       f.stage_id AS stage_id,
       f.user_id AS user_id,
       f.company_id AS company_id,
       f.polarity AS polarity,
       COALESCE(f.topics_suggested, FALSE) AS topics_suggested"""
)


class CxFeedbackReportMixin(models.AbstractModel):
    """The feedback dimensions every CX analysis view is filtered and grouped by."""

    _name = "cx.feedback.report.mixin"
    _description = "CX Analysis Dimensions"

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", string="Segment", readonly=True)
    role_id = fields.Many2one("cx.contact.role", string="Contact Role", readonly=True)
    stage_id = fields.Many2one("cx.journey.stage", string="Journey Stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Logged by", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    polarity = fields.Selection(POLARITIES, readonly=True)
    topics_suggested = fields.Boolean(
        string="Machine-tagged",
        readonly=True,
        help="The feedback's topics were set by the text model's bulk action, not by a person.",
    )
