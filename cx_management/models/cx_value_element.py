from collections import defaultdict

from odoo import api, fields, models

from ..tools import value as value_tools

LEVELS = [
    ("table_stakes", "Table stakes"),
    ("functional", "Functional value"),
    ("ease", "Ease of doing business value"),
    ("individual", "Individual value"),
    ("inspirational", "Inspirational value"),
]


class CxValueElement(models.Model):
    """One of the 40 B2B elements of value (METHODOLOGY section 6)."""

    _name = "cx.value.element"
    _description = "B2B Element of Value"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    level = fields.Selection(LEVELS, required=True)
    group = fields.Char(translate=True, help="The group inside the level, e.g. Productivity.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    # ANALYSIS
    cx_feedback_count = fields.Integer(
        string="Feedback", compute="_compute_cx_value_analysis", compute_sudo=False
    )
    cx_complaint_count = fields.Integer(string="Complaints", compute="_compute_cx_value_analysis")
    cx_avg_csi = fields.Float(
        string="Average CSI", digits=(16, 2), compute="_compute_cx_value_analysis"
    )
    cx_neglected = fields.Boolean(
        string="Neglected",
        compute="_compute_cx_value_analysis",
        help="No feedback at all, or at least 3 complaints making at least half of its feedback.",
    )

    # ------------------------------------------------------------
    # ANALYSIS
    # ------------------------------------------------------------
    # Satisfaction and complaints per B2B element of value, to find the neglected ones.

    def _compute_cx_value_analysis(self):
        stats = self._cx_value_stats(self.env.context.get("cx_feedback_domain") or [])
        for element in self:
            count, complaints, csi_sum, csi_count = stats.get(element.id, (0, 0, 0, 0))
            element.cx_feedback_count = count
            element.cx_complaint_count = complaints
            element.cx_avg_csi = csi_sum / csi_count if csi_count else 0.0
            element.cx_neglected = value_tools.neglected(count, complaints)

    @api.model
    def _cx_value_stats(self, feedback_domain):
        """{element id: [feedback, complaints, CSI sum, CSI answers]} from one grouped query."""
        Feedback = self.env["cx.feedback"]
        stats = defaultdict(lambda: [0, 0, 0, 0])
        for element, polarity, csi, csi_count, count in Feedback._read_group(
            list(feedback_domain) + [("value_element_ids", "!=", False)],
            ["value_element_ids", "polarity"],
            ["csi_score:sum", "csi_score:count", "__count"],
        ):
            row = stats[element.id]
            row[0] += count
            if polarity == "complaint":
                row[1] += count
            row[2] += csi or 0
            row[3] += csi_count
        return stats

    @api.model
    def get_value_analysis(self, feedback_domain=None):
        """Rows per element and per pyramid level (bottom to top), for the workbook and tests."""
        elements = self.search([])
        stats = self._cx_value_stats(feedback_domain or [])
        levels = dict(LEVELS)
        level_names = dict(self._fields["level"]._description_selection(self.env))
        element_rows, per_level = [], {code: [0, 0, 0.0, 0] for code in levels}
        for element in elements:
            count, complaints, csi_sum, csi_count = stats.get(element.id, (0, 0, 0, 0))
            element_rows.append(
                {
                    "element": element.name,
                    "level": level_names.get(element.level, element.level),
                    "feedback": count,
                    "complaints": complaints,
                    "csi": csi_sum / csi_count if csi_count else None,
                    "neglected": value_tools.neglected(count, complaints),
                }
            )
            level = per_level[element.level]
            level[0] += count
            level[1] += complaints
            level[2] += csi_sum
            level[3] += csi_count
        level_rows = [
            {
                "level": level_names[code],
                "feedback": per_level[code][0],
                "complaints": per_level[code][1],
                "csi": per_level[code][2] / per_level[code][3] if per_level[code][3] else None,
            }
            for code in levels
        ]
        return element_rows, level_rows
