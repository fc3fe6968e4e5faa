from odoo import fields, models, tools
from odoo.tools import SQL

from .cx_feedback_report_mixin import FEEDBACK_DIMENSIONS


class CxNpsReport(models.Model):
    """One row per NPS answer, with 0/100 columns per category.

    The average of `nps` over any group is that group's NPS counting every answer (share of
    promoters minus share of detractors), so the pivot gives NPS per client, segment, role,
    stage and period by plain averaging.
    """

    _name = "cx.nps.report"
    _inherit = ["cx.feedback.report.mixin"]
    _description = "NPS Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "feedback_id"

    feedback_id = fields.Many2one("cx.feedback", readonly=True)
    process_id = fields.Many2one("cx.process", readonly=True)
    nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS Category",
        readonly=True,
    )
    nps_score = fields.Float(string="Average Score", aggregator="avg", readonly=True)
    nps = fields.Float(string="NPS", aggregator="avg", readonly=True)
    promoter_share = fields.Float(string="Promoters (%)", aggregator="avg", readonly=True)
    passive_share = fields.Float(string="Passives (%)", aggregator="avg", readonly=True)
    detractor_share = fields.Float(string="Detractors (%)", aggregator="avg", readonly=True)
    answers = fields.Integer(aggregator="sum", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT f.id AS id,
                           f.id AS feedback_id,
                           %(dimensions)s,
                           f.process_id AS process_id,
                           f.nps_category AS nps_category,
                           f.nps_score::float AS nps_score,
                           CASE WHEN f.nps_score >= 9 THEN 100.0
                                WHEN f.nps_score <= 6 THEN -100.0
                                ELSE 0.0 END::float AS nps,
                           CASE WHEN f.nps_score >= 9 THEN 100.0 ELSE 0.0 END::float
                               AS promoter_share,
                           CASE WHEN f.nps_score IN (7, 8) THEN 100.0 ELSE 0.0 END::float
                               AS passive_share,
                           CASE WHEN f.nps_score <= 6 THEN 100.0 ELSE 0.0 END::float
                               AS detractor_share,
                           1 AS answers
                      FROM cx_feedback f
                      LEFT JOIN res_partner client ON client.id = f.commercial_partner_id
                     WHERE f.nps_score IS NOT NULL
                )
                """,
                table=SQL.identifier(self._table),
                dimensions=FEEDBACK_DIMENSIONS,
            )
        )
