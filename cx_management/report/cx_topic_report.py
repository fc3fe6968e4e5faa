from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools import pareto
from .cx_feedback_report_mixin import FEEDBACK_DIMENSIONS


class CxTopicReport(models.Model):
    """One row per topic named in a feedback: the Pareto of topics (METHODOLOGY section 9).

    Each row also carries the topic's top-level ancestor (`root_topic_id`), so grouping by it
    rolls sub-topics up into their parent. Shares are computed on the groups actually read,
    after the user's filters, by `_web_read_group` (see `_with_pareto_shares`).
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
        help="The top-level topic: it counts the mentions of all its sub-topics.",
    )
    topic_polarity = fields.Selection(
        related="topic_id.polarity", string="Topic Polarity", readonly=True
    )
    process_id = fields.Many2one("cx.process", readonly=True)
    polarity = fields.Selection(string="Feedback Polarity")
    csi_score = fields.Float(string="CSI Score", aggregator="avg", readonly=True)
    mentions = fields.Integer(aggregator="sum", readonly=True)
    share = fields.Float(
        string="Share (%)",
        aggregator="sum",
        readonly=True,
        help="Mentions of this group divided by all mentions matching the filters "
        "(inside a main topic: by the main topic's mentions).",
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
                           split_part(t.parent_path, '/', 1)::integer AS root_topic_id,
                           %(dimensions)s,
                           f.process_id AS process_id,
                           f.csi_score::float AS csi_score,
                           1 AS mentions,
                           0.0::float AS share,
                           0.0::float AS cumulative_share
                      FROM cx_feedback_cx_topic_rel rel
                      JOIN cx_feedback f ON f.id = rel.cx_feedback_id
                      JOIN cx_topic t ON t.id = rel.cx_topic_id
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
        fields = list(fields) if "mentions:sum" in fields else [*fields, "mentions:sum"]
        groups = super()._web_read_group(domain, fields, groupby, None, 0, orderby, lazy)
        groups = self._with_pareto_shares(groups)
        return groups[offset : offset + limit if limit else None]

    @api.model
    def _with_pareto_shares(self, groups):
        """Fill share and cumulative share of every group, in the groups' order.

        The groups split the rows of the domain, so their mentions add up to all mentions of
        the domain: the shares stay right with any filter. All groups are read (no paging),
        so the cumulative share counts the earlier pages too.
        """
        counts = [group.get("mentions") or 0 for group in groups]
        for group, (share, cumulative) in zip(groups, pareto.shares_in_order(counts), strict=True):
            group["share"] = share
            group["cumulative_share"] = cumulative
        return groups

    @api.model
    def get_pareto(self, domain=None):
        """[(topic, mentions, share, cumulative share)] of the main topics, then for each
        main topic its sub-topics, as in METHODOLOGY section 9; for the workbook and tests.

        Main topics' shares are of all mentions; a sub-topic's share is of its main topic.
        """
        self.env.flush_all()  # the view reads the feedback tables directly
        domain = domain or []
        by_topic = self._read_group(domain, ["root_topic_id", "topic_id"], ["mentions:sum"])
        root_mentions, children = {}, {}
        for root, topic, mentions in by_topic:
            root_mentions[root] = root_mentions.get(root, 0) + mentions
            # the main topic named directly is listed among its sub-topics, so that they
            # add up to the main topic's mentions
            children.setdefault(root, []).append((topic, mentions))
        rows = []
        for root, mentions, share, cumulative in pareto.pareto(root_mentions.items()):
            rows.append(
                {
                    "topic": root,
                    "level": 0,
                    "mentions": mentions,
                    "share": share,
                    "cumulative_share": cumulative,
                }
            )
            subs = children.get(root, [])
            if len(subs) == 1 and subs[0][0] == root:
                continue  # a main topic without sub-topics named
            for topic, sub_mentions, sub_share, sub_cumulative in pareto.pareto(subs):
                rows.append(
                    {
                        "topic": topic,
                        "level": 1,
                        "mentions": sub_mentions,
                        "share": sub_share,
                        "cumulative_share": sub_cumulative,
                    }
                )
        return rows
