from odoo import fields, models, tools
from odoo.tools import SQL

from .cx_process_report import FEEDBACK_DIMENSIONS
from ..models.cx_value_element import LEVELS


class CxValueReport(models.Model):
    """One row per element of value named in a feedback: score and complaints per element
    and per level of the B2B pyramid (METHODOLOGY section 6)."""

    _name = "cx.value.report"
    _description = "Elements of Value Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "value_element_id"

    feedback_id = fields.Many2one("cx.feedback", string="Feedback", readonly=True)
    value_element_id = fields.Many2one("cx.value.element", string="Element of Value", readonly=True)
    level = fields.Selection(LEVELS, readonly=True)
    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", string="Segment", readonly=True)
    role_id = fields.Many2one("cx.contact.role", string="Contact Role", readonly=True)
    stage_id = fields.Many2one("cx.journey.stage", string="Journey Stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Logged by", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    polarity = fields.Selection(
        [("praise", "Praise"), ("complaint", "Complaint"), ("neutral", "Neutral")],
        readonly=True,
    )
    csi_score = fields.Float(string="Average CSI", aggregator="avg", readonly=True)
    complaints = fields.Integer(aggregator="sum", readonly=True)
    mentions = fields.Integer(aggregator="sum", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT f.id::bigint * 1000 + e.id AS id,
                           f.id AS feedback_id,
                           e.id AS value_element_id,
                           e.level AS level,
                           %(dimensions)s,
                           f.csi_score::float AS csi_score,
                           CASE WHEN f.polarity = 'complaint' THEN 1 ELSE 0 END AS complaints,
                           1 AS mentions
                      FROM cx_feedback_cx_value_element_rel rel
                      JOIN cx_feedback f ON f.id = rel.cx_feedback_id
                      JOIN cx_value_element e ON e.id = rel.cx_value_element_id
                      LEFT JOIN res_partner client ON client.id = f.commercial_partner_id
                )
                """,
                table=SQL.identifier(self._table),
                dimensions=FEEDBACK_DIMENSIONS,
            )
        )
