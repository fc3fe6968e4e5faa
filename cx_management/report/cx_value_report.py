from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.cx_value_element import LEVELS
from .cx_feedback_report_mixin import FEEDBACK_DIMENSIONS


class CxValueReport(models.Model):
    """One row per element of value named in a feedback: score and complaints per element
    and per level of the B2B pyramid (METHODOLOGY section 6)."""

    _name = "cx.value.report"
    _inherit = ["cx.feedback.report.mixin"]
    _description = "Elements of Value Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "value_element_id"

    feedback_id = fields.Many2one("cx.feedback", readonly=True)
    value_element_id = fields.Many2one("cx.value.element", string="Element of Value", readonly=True)
    level = fields.Selection(LEVELS, readonly=True)
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
