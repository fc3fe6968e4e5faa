from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..fields import NullableFloat
from ..models.cx_topic import POLARITIES
from ..tools import pareto
from .cx_feedback_report_mixin import FEEDBACK_DIMENSIONS


class CxTopicReport(models.Model):
    """One row per topic named in a feedback: the Pareto of topics (METHODOLOGY section 9).

    Each row carries the topic's main topic (`root_topic_id`): its top-level ancestor, or,
    under a general mark (`cx.topic.is_polarity_mark`: the method's Praise and Complaint), the
    ancestor right below the mark. A general mark named alone has no row: it names no problem.
    `mentions` counts different feedback (`count_distinct`), so a feedback tagged with a main
    topic and one of its sub-topics counts once for the main topic. The Pareto itself (order,
    shares, cumulative share) is `tools.pareto.topic_pareto()`, read by `get_pareto()` for the
    chart, the workbook and the tests.
    """

    _name = "cx.topic.report"
    _inherit = ["cx.feedback.report.mixin"]
    _description = "Topic Frequency Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "topic_id"

    feedback_id = fields.Many2one("cx.feedback", readonly=True)
    topic_id = fields.Many2one("cx.topic", readonly=True)
    root_topic_id = fields.Many2one(
        "cx.topic",
        string="Main Topic",
        readonly=True,
        help="The top-level topic (below a general mark such as Complaint: the topic under "
        "it); it counts the feedback of all its sub-topics.",
    )
    topic_polarity = fields.Selection(POLARITIES, readonly=True)
    process_id = fields.Many2one("cx.process", readonly=True)
    polarity = fields.Selection(string="Feedback Polarity")
    csi_score = NullableFloat(string="CSI Score", aggregator="avg", readonly=True)
    mentions = fields.Integer(
        aggregator="count_distinct",
        readonly=True,
        help="Different feedback naming the topic: a feedback counts once per main topic, "
        "however many of its sub-topics it names.",
    )
    share = fields.Float(
        string="Share (%)",
        aggregator="sum",
        readonly=True,
        help="Mentions of this group divided by the mentions of all groups of the list.",
    )
    cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        aggregator="sum",
        readonly=True,
        help="Running total of the shares, in the order of the list (largest first).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT f.id::bigint * 100000 + t.id AS id,
                           f.id AS feedback_id,
                           t.id AS topic_id,
                           main.id AS root_topic_id,
                           t.polarity AS topic_polarity,
                           %(dimensions)s,
                           f.process_id AS process_id,
                           f.csi_score::float AS csi_score,
                           f.id AS mentions,
                           0.0::float AS share,
                           0.0::float AS cumulative_share
                      FROM cx_feedback_cx_topic_rel rel
                      JOIN cx_feedback f ON f.id = rel.cx_feedback_id
                      JOIN cx_topic t ON t.id = rel.cx_topic_id
                      JOIN cx_topic root
                        ON root.id = split_part(t.parent_path, '/', 1)::integer
                      -- below a general mark, the main topic is the one under the mark;
                      -- the mark itself has none, so its row is left out
                      JOIN cx_topic main ON main.id = CASE
                           WHEN root.is_polarity_mark
                           THEN NULLIF(split_part(t.parent_path, '/', 2), '')::integer
                           ELSE root.id END
                      LEFT JOIN res_partner client ON client.id = f.commercial_partner_id
                )
                """,
                table=SQL.identifier(self._table),
                dimensions=FEEDBACK_DIMENSIONS,
            )
        )

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        if not {"share:sum", "cumulative_share:sum"} & set(fields):
            return super()._web_read_group(domain, fields, groupby, limit, offset, orderby, lazy)
        self.env.flush_all()  # the view reads the feedback tables directly
        # mentions are different feedback, whatever aggregate was asked for
        fields = [spec for spec in fields if spec.split(":")[0] != "mentions"]
        fields.append("mentions:count_distinct")
        groups = super()._web_read_group(domain, fields, groupby, None, 0, orderby, lazy)
        groups = self._with_pareto_shares(groups)
        return groups[offset : offset + limit if limit else None]

    @api.model
    def _with_pareto_shares(self, groups):
        """Fill share and cumulative share of every group, in the groups' order.

        All groups are read (no paging), so the cumulative share counts the earlier pages
        too; it ends at 100 on the last group.
        """
        counts = [group.get("mentions") or 0 for group in groups]
        for group, (share, cumulative) in zip(groups, pareto.shares_in_order(counts), strict=True):
            group["share"] = share
            group["cumulative_share"] = cumulative
        return groups

    # ------------------------------------------------------------
    # THE PARETO
    # ------------------------------------------------------------

    @api.model
    def get_pareto(self, domain=None, polarity="complaint"):
        """The rows of `tools.pareto.topic_pareto()`: main topics, largest first, each followed
        by its sub-topics, as in METHODOLOGY section 9 (topics are records).

        :param polarity: the topics ranked: complaint topics (the Pareto of problems, the
            default), praise topics, or all with None
        """
        self.env.flush_all()  # the view reads the feedback tables directly
        domain = list(domain or [])
        if polarity:
            domain.append(("topic_polarity", "=", polarity))
        groups = self._read_group(domain, ["root_topic_id", "topic_id"], ["feedback_id:array_agg"])
        return pareto.topic_pareto({(main, topic): ids for main, topic, ids in groups})

    @api.model
    def get_pareto_chart(self, domain=None):
        """The bars of the web client's Pareto chart: the main topics of the rows matching
        `domain` (the search view's: complaint topics by default), largest first."""
        rows = self.get_pareto(domain, polarity=None)
        return [
            {
                "topic_id": row["topic"].id,
                "name": row["topic"].display_name,
                "mentions": row["mentions"],
                "share": row["share"],
                "cumulative_share": row["cumulative_share"],
            }
            for row in rows
            if row["level"] == 0
        ]

    @api.model
    def action_view_pareto_feedback(self, domain, topic_id):
        """The feedback behind one bar of the Pareto chart."""
        topic = self.env["cx.topic"].browse(topic_id)
        rows = self.get_pareto(list(domain or []) + [("root_topic_id", "=", topic.id)], None)
        feedback_ids = sorted(rows[0]["feedback"]) if rows else []
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action.update(
            {
                "name": topic.display_name,
                "display_name": topic.display_name,
                "domain": [("id", "in", feedback_ids)],
                "context": {"create": False},
            }
        )
        return action
