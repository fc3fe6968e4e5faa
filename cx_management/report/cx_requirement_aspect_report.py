from odoo import fields, models, tools
from odoo.tools import SQL


class CxRequirementAspectReport(models.Model):
    """One row per aspect (metric, topic, element of value) and company: how often its
    requirements were not met after delivery, sorted with the most often not met first."""

    _name = "cx.requirement.aspect.report"
    _description = "Requirement Aspects Not Met"
    _auto = False
    _order = "not_met_count desc, met_share, requirement_count desc"

    metric_id = fields.Many2one("cx.metric", readonly=True)
    topic_id = fields.Many2one("cx.topic", readonly=True)
    value_element_id = fields.Many2one("cx.value.element", string="Element of Value", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    requirement_count = fields.Integer(string="Requirements", readonly=True)
    checked_count = fields.Integer(string="Checked", readonly=True)
    not_met_count = fields.Integer(string="Not Met", readonly=True)
    met_share = fields.Float(
        string="Share Met (%)",
        aggregator="avg",
        readonly=True,
        help="Met requirements of the aspect divided by the checked ones.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT row_number() OVER (
                               ORDER BY r.company_id, r.metric_id, r.topic_id, r.value_element_id
                           ) AS id,
                           r.metric_id, r.topic_id, r.value_element_id, r.company_id,
                           COUNT(*) AS requirement_count,
                           COUNT(*) FILTER (WHERE r.state != 'pending') AS checked_count,
                           COUNT(*) FILTER (WHERE r.state = 'not_met') AS not_met_count,
                           COALESCE(100.0 * COUNT(*) FILTER (WHERE r.state = 'met')
                               / NULLIF(COUNT(*) FILTER (WHERE r.state != 'pending'), 0), 0
                           )::float AS met_share
                      FROM cx_requirement r
                     WHERE r.active
                  GROUP BY r.company_id, r.metric_id, r.topic_id, r.value_element_id
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
