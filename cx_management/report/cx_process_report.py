from odoo import _, api, fields, models, tools
from odoo.tools import SQL

from ..fields import NullableFloat
from ..tools import pareto
from .cx_feedback_report_mixin import FEEDBACK_DIMENSIONS

FOCUS_COUNT = 3


class CxProcessReport(models.Model):
    """One row per complaint and process it points at: which processes hurt clients most.

    A complaint (a feedback of polarity complaint) reaches a process through its own
    `process_id` and through each complaint topic's process (the topic's, else its parent's);
    it counts once per process (stored on the feedback: `cx_complaint_process_ids`).
    The shares count as the topic Pareto does (`tools.pareto`): a process's complaints divided
    by the complaints of all processes, a complaint pointing at two processes counting once
    for each (as a feedback naming two main topics), so the shares add up to 100 %.
    A complaint reaching no process is kept with an empty process (the filter "With a
    process", on by default, leaves it out); it has no share.
    """

    _name = "cx.process.report"
    _inherit = ["cx.feedback.report.mixin"]
    _description = "Problem Process Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "process_id"

    process_id = fields.Many2one("cx.process", readonly=True)
    process_stage_id = fields.Many2one("cx.journey.stage", readonly=True)
    feedback_id = fields.Many2one("cx.feedback", string="Complaint", readonly=True)
    mentions = fields.Integer(string="Complaints", aggregator="sum", readonly=True)
    share = fields.Float(
        string="Share of Complaints (%)",
        aggregator="sum",
        readonly=True,
        help="The process's complaints divided by the complaints of all the processes listed: "
        "a complaint pointing at two processes counts once for each, as in the Pareto of "
        "topics, so the shares add up to 100 %.",
    )
    # a complaint given by NPS alone has no CSI: empty, not 0.00 (the average skips it)
    csi_score = NullableFloat(string="Average CSI", aggregator="avg", readonly=True)
    client_count = fields.Integer(
        string="Clients Affected",
        aggregator="sum",
        readonly=True,
        help="Number of different clients with a complaint on this process.",
    )
    rank = fields.Integer(
        aggregator="max",
        readonly=True,
        help="Place of the process by complaints; the first three are the focus processes.",
    )

    def init(self):
        # A row is one complaint on one process. Detail rows carry their process's place
        # (`rank`, ties by journey stage then process, as get_ranking) and the row's share of
        # the company's complaint-process rows (`share`: summed over a process it is the
        # process's share; a row without a process has none); grouped rows are recomputed for
        # the filters in _web_read_group. A row stands
        # for one client (`client_count` 1); summed over a group it counts distinct clients
        # (_read_group_select).
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH complaint AS (
                        SELECT f.id AS feedback_id, l.process_id AS process_id, f.company_id
                          FROM cx_feedback f
                          LEFT JOIN cx_feedback_complaint_process_rel l ON l.feedback_id = f.id
                         WHERE f.polarity = 'complaint'
                    ), total AS (
                        SELECT company_id, COUNT(process_id) AS mentions
                          FROM complaint
                         GROUP BY company_id
                    ), ranked AS (
                        SELECT c.company_id, c.process_id,
                               RANK() OVER (
                                   PARTITION BY c.company_id
                                   ORDER BY COUNT(*) DESC, MIN(stage.sequence), c.process_id
                               ) AS rank
                          FROM complaint c
                          JOIN cx_process p ON p.id = c.process_id
                          JOIN cx_journey_stage stage ON stage.id = p.stage_id
                         GROUP BY c.company_id, c.process_id
                    )
                    SELECT f.id::bigint * 100000 + COALESCE(c.process_id, 0) AS id,
                           c.process_id AS process_id,
                           p.stage_id AS process_stage_id,
                           f.id AS feedback_id,
                           %(dimensions)s,
                           f.csi_score::float AS csi_score,
                           1 AS client_count,
                           1 AS mentions,
                           (CASE WHEN c.process_id IS NULL THEN 0.0
                                 ELSE 100.0 / NULLIF(total.mentions, 0) END)::float AS share,
                           ranked.rank::integer AS rank
                      FROM complaint c
                      JOIN cx_feedback f ON f.id = c.feedback_id
                      JOIN total ON total.company_id = c.company_id
                      LEFT JOIN ranked ON ranked.company_id = c.company_id
                                      AND ranked.process_id = c.process_id
                      LEFT JOIN cx_process p ON p.id = c.process_id
                      LEFT JOIN res_partner client ON client.id = f.commercial_partner_id
                )
                """,
                table=SQL.identifier(self._table),
                dimensions=FEEDBACK_DIMENSIONS,
            )
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Clients affected of a group: its distinct clients, whatever aggregate is asked."""
        if aggregate_spec.split(":")[0] == "client_count":
            partner = self._field_to_sql(self._table, "commercial_partner_id", query)
            return SQL("COUNT(DISTINCT %s)", partner)
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        if not {"share:sum", "rank:max"} & set(fields):
            return super()._web_read_group(domain, fields, groupby, limit, offset, orderby, lazy)
        self.env.flush_all()  # the view reads the feedback tables directly
        fields = list(fields) if "mentions:sum" in fields else [*fields, "mentions:sum"]
        groups = super()._web_read_group(domain, fields, groupby, None, 0, orderby, lazy)
        # the Pareto's shares: of the groups listed; grouped by process, of the processes
        by_process = bool(groupby) and groupby[0] == "process_id"
        counted = [g for g in groups if g.get("process_id")] if by_process else groups
        for group in groups:
            group["share"] = 0.0
        for group, (share, _cumulative) in zip(
            counted,
            pareto.shares_in_order([group.get("mentions") or 0 for group in counted]),
            strict=True,
        ):
            group["share"] = share
        if groupby and groupby[0] == "process_id":
            ranked = sorted(
                (group for group in groups if group.get("process_id")),
                key=lambda group: -(group.get("mentions") or 0),
            )
            for rank, group in enumerate(ranked, start=1):
                group["rank"] = rank
                if rank <= FOCUS_COUNT:
                    process_id, name = group["process_id"]
                    group["process_id"] = (process_id, _("★ %s (focus)", name))
        return groups[offset : offset + limit if limit else None]

    @api.model
    def get_ranking(self, domain=None):
        """Processes by complaints, largest first, with share (of the processes' complaints,
        as the list and the Pareto count it), average CSI, clients affected and the focus flag
        of the first three; complaints without a process are left out."""
        self.env.flush_all()  # the view reads the feedback tables directly
        domain = list(domain or [])
        groups = self._read_group(
            domain + [("process_id", "!=", False)],
            ["process_id"],
            ["mentions:sum", "csi_score:avg", "client_count:count_distinct"],
        )
        rows = []
        ranked = sorted(groups, key=lambda group: (-group[1], group[0].stage_sequence, group[0].id))
        shares = pareto.shares_in_order([group[1] for group in ranked])
        for rank, ((process, mentions, csi, clients), (share, _cumulative)) in enumerate(
            zip(ranked, shares, strict=True), start=1
        ):
            rows.append(
                {
                    "rank": rank,
                    "process": process,
                    "mentions": mentions,
                    "share": share,
                    "csi": csi,
                    "clients": clients,
                    "focus": rank <= FOCUS_COUNT,
                }
            )
        return rows
