import json
import logging
import random
import time
from collections import defaultdict
from functools import partial

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.service.model import (
    MAX_TRIES_ON_CONCURRENCY_FAILURE,
    PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
)
from odoo.tools import SQL, split_every
from odoo.tools.misc import format_date

from ..tools import csi
from .cx_metric import SourceError

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000

PARAM_LOWER = "cx_management.csi_lower"

PARAM_UPPER = "cx_management.csi_upper"

PARAM_PERIOD = "cx_management.csi_period"

PARAM_RUN = "cx_management.csi_cron_run"

PARAM_MIN_BLOCKS = "cx_management.csi_min_blocks"

# the advisory lock of the CSI computation ("cx.csi" as a number): a scheduled computation
# holds it alone, a Recompute shared (see _cx_run_locked and _cx_recompute)
CSI_LOCK = int.from_bytes(b"cx.csi", "big")

# faults of the transaction, not of a metric's source: they go to Odoo's retry
TRANSACTION_ERRORS = (
    *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
    pg_errors.TransactionRollbackError,
    pg_errors.InFailedSqlTransaction,
)


class CxCsiSnapshot(models.Model):
    """The integral CSI of one client for one period and company, with its block scores and
    top detractor.

    Written only by the computation (set-based SQL, see ``_compute_csi``), never by hand. A
    client shared by several companies (no company on the client) gets one snapshot per
    company: the interview CSI and the NPS of each come from that company's feedback only.
    """

    _name = "cx.csi.snapshot"
    _description = "CSI Snapshot"
    _order = "date desc, partner_id"
    _rec_name = "partner_id"
    _sql_constraints = [
        (
            "partner_date_unique",
            "UNIQUE(partner_id, company_id, date)",
            "A client has one CSI snapshot per company and period.",
        ),
    ]

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
        help="The company whose feedback the interview CSI and the NPS are computed from.",
    )
    date = fields.Date(required=True, index=True, readonly=True, help="The period's last day.")
    line_ids = fields.One2many("cx.csi.snapshot.line", "snapshot_id", string="Block Scores")
    mean = fields.Float(
        string="Mean Block Score", readonly=True, aggregator="avg", help="Mean of the block scores."
    )
    csi = fields.Float(
        string="CSI", readonly=True, aggregator="avg", help="The integral CSI on the 5-point scale."
    )
    top_metric_id = fields.Many2one(
        "cx.metric",
        string="Top Detractor",
        readonly=True,
        ondelete="set null",
        help="The metric with the largest loss X * W: the first thing to improve.",
    )
    top_loss = fields.Float(readonly=True, help="X * W of the top detractor.")
    metric_count = fields.Integer(string="Metrics", readonly=True)
    csi_interview = fields.Float(
        string="Interview CSI",
        readonly=True,
        aggregator="avg",
        help="Average CSI score of the client's feedback in the period.",
    )
    nps = fields.Float(
        string="NPS",
        readonly=True,
        aggregator="avg",
        help="Account NPS of the client's feedback in the period (-100 to 100), counted in the "
        "way chosen in the settings.",
    )
    period_label = fields.Char(
        string="Period", compute="_compute_period_label", help="The CSI period, e.g. Q4 2026."
    )

    block_count = fields.Integer(
        string="Blocks with Values", readonly=True, help="Metric blocks with at least one value."
    )
    insufficient = fields.Boolean(
        string="Insufficient Data",
        readonly=True,
        help="Too few blocks have values (see the settings): the CSI is kept here but is not "
        "the client's CSI and is left out of distributions, averages and churn bands.",
    )
    insufficient_note = fields.Char(
        string="Why No CSI", compute="_compute_insufficient_note", compute_sudo=True
    )

    @api.depends("insufficient", "block_count")
    def _compute_insufficient_note(self):
        min_blocks = self._csi_min_blocks()
        for snapshot in self:
            snapshot.insufficient_note = (
                self.env._(
                    "Insufficient data: %(count)s of %(min)s blocks with values",
                    count=snapshot.block_count,
                    min=min_blocks,
                )
                if snapshot.insufficient
                else False
            )

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for snapshot in self:
            snapshot.display_name = " - ".join(
                part for part in (snapshot.partner_id.name, snapshot.period_label) if part
            )

    @api.depends("date")
    @api.depends_context("lang")
    def _compute_period_label(self):
        period = self._csi_settings()[2]
        for snapshot in self:
            snapshot.period_label = snapshot.date and self._cx_period_label(snapshot.date, period)

    @api.model
    def _cx_period_label(self, day, period):
        """The period holding `day` as people name it: "Q4 2026" or "December 2026"."""
        if period == "quarter":
            return self.env._(
                "Q%(quarter)s %(year)s", quarter=(day.month - 1) // 3 + 1, year=day.year
            )
        return format_date(self.env, day, date_format="LLLL y").capitalize()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        self.flush_model()
        self._update_partners(partners.ids)
        return result

    # ------------------------------------------------------------
    # SETTINGS
    # ------------------------------------------------------------

    @api.model
    def _csi_settings(self):
        """(L, U, period) from the settings; the defaults when a stored value is unusable."""
        params = self.env["ir.config_parameter"].sudo()
        try:
            lower = float(params.get_param(PARAM_LOWER, csi.DEFAULT_LOWER))
            upper = float(params.get_param(PARAM_UPPER, csi.DEFAULT_UPPER))
        except (TypeError, ValueError):
            lower, upper = csi.DEFAULT_LOWER, csi.DEFAULT_UPPER
        if lower >= upper:
            _logger.warning("CSI bounds %s >= %s: using the defaults", lower, upper)
            lower, upper = csi.DEFAULT_LOWER, csi.DEFAULT_UPPER
        period = params.get_param(PARAM_PERIOD, csi.DEFAULT_PERIOD)
        if period not in csi.PERIODS:
            period = csi.DEFAULT_PERIOD
        return lower, upper, period

    @api.model
    def _csi_min_blocks(self):
        """Blocks with values a CSI needs (tools.csi.min_blocks): the setting or the default."""
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_MIN_BLOCKS)
        return csi.min_blocks(value)

    @api.model
    def _apply_min_blocks(self):
        """Mark every snapshot sufficient or not by the current setting, in one UPDATE, and
        refresh the clients whose mark changed."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE cx_csi_snapshot SET insufficient = block_count < %(needed)s
             WHERE insufficient IS DISTINCT FROM (block_count < %(needed)s)
         RETURNING partner_id
            """,
            {"needed": self._csi_min_blocks()},
        )
        partners = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_model(["insufficient"])
        if partners:
            self._update_partners(partners)

    # ------------------------------------------------------------
    # COMPUTATION
    # ------------------------------------------------------------

    @api.model
    def _cron_compute_csi(self, batch_size=BATCH_SIZE):
        """The scheduled action: one batch (see _cron_compute_csi_batch), alone (see
        _cx_run_locked); a direct call (tests, scripts, benchmarks) computes the batch in the
        caller's transaction."""
        if not self.env.context.get("cron_id"):
            return self._cron_compute_csi_batch(batch_size)
        return self._cx_run_locked(partial(self._cron_compute_csi_batch, batch_size))

    @api.model
    def _cron_compute_csi_queue(self, batch_size=BATCH_SIZE):
        """The queue's scheduled action, triggered by a Recompute that met a scheduled
        computation: one batch of the queued clients (see _compute_csi_queue), alone."""
        if not self.env.context.get("cron_id"):
            return self._compute_csi_queue(batch_size)
        # shared, as the Recomputes it stands for: an exclusive hold would make every
        # Recompute pressed while it runs queue again, and trigger it again
        return self._cx_run_locked(partial(self._compute_csi_queue, batch_size), shared=True)

    @api.model
    def _cx_run_locked(self, compute, shared=False):
        """Run compute() as a scheduled action's call: alone (shared: beside the Recomputes),
        on the database as it is once no Recompute (shared: no CSI cron call) runs, retried on
        a concurrency error.

        Two computations of the same client at once fail under REPEATABLE READ: the later
        commit's rows cannot be written by the other (bench_load.py: with Recompute pressed
        every half second, the cron exhausted its retries and its run failed). So the call
        waits for the CSI lock, alone, while the Recompute transactions running now end
        (those that start meanwhile queue their clients, see _cx_recompute). The lock is the
        session's: it outlives the rollback that follows, and the new transaction's snapshot,
        taken with the lock held, holds every Recompute's work. It is released when the
        runner commits or rolls back the call.

        Odoo's cron runner does not retry a concurrency error (the job fails, the work waits
        a day): one met anyway (a person's edit on a client being computed) rolls the call
        back and runs it again, up to Odoo's 5 tries, as Odoo retries an RPC call. Nothing is
        committed here: the runner committed its progress record before the call and commits
        after it.
        """
        cr = self.env.cr
        lock = "pg_advisory_lock_shared" if shared else "pg_advisory_lock"
        cr.execute(SQL("SELECT %s(%s)", SQL.identifier(lock), CSI_LOCK))
        try:
            for attempt in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
                # a transaction of its own, begun with the lock held
                cr.rollback()
                self.env.clear()
                try:
                    result = compute()
                    self.env.flush_all()
                    break
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                    if attempt == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                        raise
                    wait = random.uniform(0.0, 2**attempt)
                    _logger.info(
                        "CSI cron: %s, batch retried in %.2f s", type(error).__name__, wait
                    )
                    time.sleep(wait)
        except BaseException:
            cr.rollback()
            _unlock_csi(cr, shared)
            raise
        cr.postcommit.add(partial(_unlock_csi, cr, shared))
        cr.postrollback.add(partial(_unlock_csi, cr, shared))
        return result

    @api.model
    def _cx_recompute(self, partner_ids):
        """Recompute these clients now, every period, or queue them when a scheduled
        computation holds the CSI lock (or waits for it): the queue's scheduled action
        computes them once it ends. Several Recomputes run at once (a conflict between two of
        them is retried by Odoo as any RPC call).

        :return: True when computed, False when queued
        """
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", [CSI_LOCK])
        if cr.fetchone()[0]:
            self._compute_csi(partner_ids=partner_ids, all_periods=True)
            return True
        self.env["cx.csi.queue"].sudo().create([{"partner_id": pid} for pid in partner_ids])
        self.env.ref("cx_management.ir_cron_cx_compute_csi_queue").sudo()._trigger()
        return False

    @api.model
    def _compute_csi_queue(self, batch_size=BATCH_SIZE):
        """Compute every period of the first batch_size queued clients and take them off the
        queue (a client queued again meanwhile stays for the next call).

        :return: the statistics of _compute_csi, and the queued clients remaining
        """
        self = self.sudo()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """
            DELETE FROM cx_csi_queue
             WHERE partner_id IN (SELECT DISTINCT partner_id FROM cx_csi_queue
                                   ORDER BY partner_id LIMIT %s)
         RETURNING partner_id
            """,
            [batch_size],
        )
        partner_ids = sorted({row[0] for row in cr.fetchall()})
        stats = {"clients": 0, "snapshots": 0, "rows": 0, "batches": []}
        if partner_ids:
            stats = self._compute_csi(partner_ids=partner_ids, all_periods=True)
        cr.execute("SELECT count(DISTINCT partner_id) FROM cx_csi_queue")
        stats["remaining"] = cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(partner_ids), remaining=stats["remaining"])
        return stats

    @api.model
    def _cron_compute_csi_batch(self, batch_size=BATCH_SIZE):
        """One batch of the daily computation per call; the cron runner commits and calls
        again while progress reports clients remaining.

        The run is marked in the parameter PARAM_RUN: {"date_to": current period end, "after":
        last client id done}. A call without a marker of this period starts the run (metric
        values of the current period, current weights, orphan snapshots); every call then
        reads from the database the clients after the marker with a period to compute (the
        current one always, the others when stale), computes the first batch_size of them and
        moves the marker past them, or removes it when none is left. The marker only moves
        forward over a finite list of client ids, so a run ends; a call repeated after a
        rollback recomputes the same batch.
        """
        self = self.sudo()
        params = self.env["ir.config_parameter"]
        lower, upper, period = self._csi_settings()
        date_from, date_to = csi.period_bounds(fields.Date.context_today(self), period)
        try:
            run = json.loads(params.get_param(PARAM_RUN) or "{}")
        except ValueError:
            run = {}
        if run.get("date_to") == fields.Date.to_string(date_to):
            after = int(run.get("after") or 0)
        else:
            after = 0
            self._update_partners(self._prepare_period(date_from, date_to))
        pairs = self._stale_pairs(date_to, after=after)
        clients = sorted(pairs)
        batch = clients[:batch_size]
        stats = {"clients": len(batch), "snapshots": 0, "rows": 0, "batches": []}
        if batch:
            self._compute_batches(stats, [batch], pairs, lower, upper, period)
        remaining = len(clients) - len(batch)
        marker = (
            {"date_to": fields.Date.to_string(date_to), "after": batch[-1]} if remaining else {}
        )
        params.set_param(PARAM_RUN, json.dumps(marker) if marker else False)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        stats["remaining"] = remaining
        return stats

    @api.model
    def _compute_csi(self, partner_ids=None, all_periods=False, batch_size=BATCH_SIZE):
        """Compute metric values of the current period and CSI snapshots, every batch in this
        transaction (buttons, tests, scripts; the cron runs one batch a call); safe to re-run.

        :param partner_ids: limit to these clients (None: every client with data)
        :param all_periods: recompute every period of those clients, not only the stale ones
        :return: statistics: clients, snapshots, value rows, and per batch its clients, value
            rows, queries and seconds
        """
        lower, upper, period = self._csi_settings()
        date_from, date_to = csi.period_bounds(fields.Date.context_today(self), period)
        orphans = self._prepare_period(date_from, date_to, partner_ids)
        pairs = self._stale_pairs(date_to, partner_ids, all_periods)
        clients = sorted(set(pairs) | set(orphans))
        stats = {"clients": len(clients), "snapshots": 0, "rows": 0, "batches": []}
        self._compute_batches(
            stats, split_every(batch_size, clients, list), pairs, lower, upper, period
        )
        return stats

    @api.model
    def _prepare_period(self, date_from, date_to, partner_ids=None):
        """Values of the current period at the current weights; orphan snapshots deleted.

        :return: the clients whose orphan snapshots went
        """
        self.env.flush_all()
        self._compute_metric_values(date_from, date_to, partner_ids)
        self._refresh_current_weights(date_to, partner_ids)
        return self._delete_orphan_snapshots(partner_ids)

    @api.model
    def _compute_batches(self, stats, batches, pairs, lower, upper, period):
        """Compute these batches of clients, adding their figures to stats."""
        cr = self.env.cr
        for batch in batches:
            queries, start = cr.sql_log_count, time.perf_counter()
            snapshots, rows = self._compute_batch(batch, pairs, lower, upper, period)
            stats["snapshots"] += snapshots
            stats["rows"] += rows
            stats["batches"].append(
                {
                    "clients": len(batch),
                    "rows": rows,
                    "queries": cr.sql_log_count - queries,
                    "seconds": time.perf_counter() - start,
                }
            )
        self.env.invalidate_all()

    @api.model
    def _compute_metric_values(self, date_from, date_to, partner_ids=None):
        """Values of every metric with a source, for all clients of the period at once, per
        company: each company's values from the source records that company may see.

        A metric whose source is broken gets the error written on it and is skipped.
        Manual and imported values of the period are kept: they win over computed ones.
        A concurrency error (serialization failure, lock, deadlock) is no fault of a source:
        it propagates, so that Odoo retries the whole transaction (RPC call or cron job).
        """
        metrics = self.env["cx.metric"].sudo().search([("source", "!=", "manual")])
        companies = self.env["res.company"].sudo().search([])
        for metric in metrics:
            for company in companies:
                if not self._compute_metric_company(
                    metric.with_company(company), date_from, date_to, partner_ids
                ):
                    break
            else:
                if metric.source_error:
                    metric.source_error = False
                if partner_ids is None:
                    # "Last Computed" is the computation of every client: a Recompute of a few
                    # clients leaves the metric's row alone, so that it never waits for the row
                    # lock of a scheduled computation in progress (nor it for the button)
                    metric.date_computed = fields.Datetime.now()
        self.env.flush_all()
        self.env["cx.metric.value"].invalidate_model()

    @api.model
    def _compute_metric_company(self, metric, date_from, date_to, partner_ids):
        """Store the values of one metric for the clients of the metric's env company.

        :return: False when the source is broken (marked on the metric), True otherwise
        """
        cr = self.env.cr
        company = metric.env.company
        # what the previous metric wrote is flushed outside the source's savepoint: a
        # concurrent update of it is the transaction's fault, not this source's
        self.env.flush_all()
        try:
            with cr.savepoint():
                raws = metric._read_raw_values(date_from, date_to, partner_ids)
        except SourceError as error:
            self._mark_broken(metric, str(error))
            return False
        except TRANSACTION_ERRORS:
            raise
        except Exception as error:  # a broken source must not stop the others
            _logger.warning("CSI: metric %s skipped", metric.code, exc_info=True)
            self._mark_broken(metric, str(error))
            return False
        clients = list(raws)
        shares = [metric._to_share(raws[client]) for client in clients]
        cr.execute(
            """
            INSERT INTO cx_metric_value AS v (
                partner_id, metric_id, company_id, block_id, date, raw_value, value, weight,
                score, origin, create_uid, create_date, write_uid, write_date)
            SELECT t.partner_id, %(metric)s, %(company)s, %(block)s, %(date)s, t.raw, t.x,
                   wt.w, 1 - t.x * wt.w, 'computed', %(uid)s, now() at time zone 'UTC',
                   %(uid)s, now() at time zone 'UTC'
              FROM unnest(%(clients)s::int[], %(raws)s::float8[], %(shares)s::float8[])
                   AS t(partner_id, raw, x)
             CROSS JOIN LATERAL (
                   SELECT COALESCE(
                       (SELECT w.weight FROM cx_metric_weight w
                         WHERE w.partner_id = t.partner_id AND w.metric_id = %(metric)s
                           AND w.company_id = %(company)s),
                       %(default)s) AS w) wt
            ON CONFLICT (partner_id, metric_id, date, company_id) DO UPDATE
               SET raw_value = EXCLUDED.raw_value, value = EXCLUDED.value,
                   weight = EXCLUDED.weight, score = EXCLUDED.score,
                   write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
             WHERE v.origin = 'computed'
               AND (v.raw_value, v.weight)
                   IS DISTINCT FROM (EXCLUDED.raw_value, EXCLUDED.weight)
            """,
            {
                "metric": metric.id,
                "company": company.id,
                "block": metric.block_id.id or None,
                "date": date_to,
                "uid": self.env.uid,
                "clients": clients,
                "raws": [raws[client] for client in clients],
                "shares": shares,
                "default": metric.default_weight,
            },
        )
        # a computed value whose records are gone in the period goes too
        cr.execute(
            """
            DELETE FROM cx_metric_value
             WHERE metric_id = %(metric)s AND date = %(date)s AND origin = 'computed'
               AND company_id = %(company)s
               AND partner_id <> ALL(%(clients)s::int[])
               AND (%(scope)s::int[] IS NULL OR partner_id = ANY(%(scope)s::int[]))
            """,
            {
                "metric": metric.id,
                "company": company.id,
                "date": date_to,
                "clients": clients,
                "scope": list(partner_ids) if partner_ids is not None else None,
            },
        )
        return True

    def _mark_broken(self, metric, message):
        metric.write({"source_error": message[:500], "date_computed": fields.Datetime.now()})

    @api.model
    def _refresh_current_weights(self, date_to, partner_ids=None):
        """The current period follows the weights as they are now; past periods keep theirs."""
        self.env.cr.execute(
            """
            UPDATE cx_metric_value v
               SET weight = n.w, score = 1 - v.value * n.w
              FROM (SELECT v2.id, COALESCE(w.weight, m.default_weight) AS w
                      FROM cx_metric_value v2
                      JOIN cx_metric m ON m.id = v2.metric_id
                 LEFT JOIN cx_metric_weight w
                        ON w.partner_id = v2.partner_id AND w.metric_id = v2.metric_id
                       AND w.company_id = v2.company_id
                     WHERE v2.date = %(date)s
                       AND (%(scope)s::int[] IS NULL OR v2.partner_id = ANY(%(scope)s::int[]))
                   ) n
             WHERE v.id = n.id AND v.weight IS DISTINCT FROM n.w
            """,
            {"date": date_to, "scope": list(partner_ids) if partner_ids is not None else None},
        )
        self.env["cx.metric.value"].invalidate_model(["weight", "score"])

    @api.model
    def _stale_pairs(self, date_to, partner_ids=None, all_periods=False, after=0):
        """{client id: [period dates]} to (re)compute: the current period, and any other whose
        values of a company changed after that company's snapshot or that has none; of
        clients with an id > after."""
        self.env.cr.execute(
            """
            SELECT v.partner_id, v.date
              FROM cx_metric_value v
         LEFT JOIN cx_csi_snapshot s ON s.partner_id = v.partner_id AND s.date = v.date
                                    AND s.company_id = v.company_id
             WHERE (%(all)s OR v.date = %(date)s OR s.id IS NULL OR v.write_date > s.write_date)
               AND (%(scope)s::int[] IS NULL OR v.partner_id = ANY(%(scope)s::int[]))
               AND v.partner_id > %(after)s
          GROUP BY v.partner_id, v.date
            """,
            {
                "all": bool(all_periods),
                "date": date_to,
                "scope": list(partner_ids) if partner_ids is not None else None,
                "after": after,
            },
        )
        pairs = defaultdict(list)
        for partner_id, date in self.env.cr.fetchall():
            pairs[partner_id].append(date)
        return pairs

    @api.model
    def _delete_orphan_snapshots(self, partner_ids=None):
        """Snapshots of periods without any value of their company left go; returns their
        clients."""
        self.env.cr.execute(
            """
            DELETE FROM cx_csi_snapshot s
             WHERE NOT EXISTS (SELECT 1 FROM cx_metric_value v
                                WHERE v.partner_id = s.partner_id AND v.date = s.date
                                  AND v.company_id = s.company_id)
               AND (%(scope)s::int[] IS NULL OR s.partner_id = ANY(%(scope)s::int[]))
         RETURNING s.partner_id
            """,
            {"scope": list(partner_ids) if partner_ids is not None else None},
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _client_companies(self, partner_ids):
        """{client id: [company ids]}: the client's company, or every company for a client
        shared by all of them (no company set), in one query."""
        self.env.cr.execute(
            """
            SELECT p.id, CASE WHEN p.company_id IS NOT NULL THEN ARRAY[p.company_id]
                              ELSE (SELECT array_agg(c.id ORDER BY c.id) FROM res_company c
                                     WHERE c.active) END
              FROM res_partner p
             WHERE p.id = ANY(%s::int[])
            """,
            [list(partner_ids)],
        )
        return {partner: companies or [] for partner, companies in self.env.cr.fetchall()}

    @api.model
    def _compute_batch(self, partner_ids, pairs, lower, upper, period):
        """Snapshots of a batch of clients in a fixed number of queries (plus one per period
        and company for the NPS).

        Each (client, company) snapshot comes from that company's data only: the block scores
        from its metric values (at its weights), the interview CSI and the NPS from its
        feedback.

        :return: (snapshots written, metric value rows read)
        """
        cr = self.env.cr
        needed = self._csi_min_blocks()
        companies = self._client_companies(partner_ids)
        periods = [(partner, date) for partner in partner_ids for date in pairs.get(partner, ())]
        keys = [
            (partner, company, date)
            for partner, date in periods
            for company in companies.get(partner, ())
        ]
        key_partners = [partner for partner, _company, _date in keys]
        key_companies = [company for _partner, company, _date in keys]
        key_dates = [date for _partner, _company, date in keys]
        key_starts = [csi.period_bounds(date, period)[0] for date in key_dates]

        cr.execute(
            """
            SELECT v.partner_id, v.company_id, v.date, v.metric_id,
                   CASE WHEN b.active THEN m.block_id END, v.value, v.weight
              FROM unnest(%s::int[], %s::date[]) AS k(partner_id, date)
              JOIN cx_metric_value v ON v.partner_id = k.partner_id AND v.date = k.date
              JOIN cx_metric m ON m.id = v.metric_id AND m.active
         LEFT JOIN cx_metric_block b ON b.id = m.block_id
             WHERE v.partner_id = ANY(%s::int[])
          ORDER BY v.partner_id, v.company_id, v.date, b.sequence, b.id, m.sequence, m.id
            """,
            [[key[0] for key in periods], [key[1] for key in periods], partner_ids],
        )
        rows = defaultdict(list)
        fetched = cr.fetchall()
        for partner, company, date, metric, block, value, weight in fetched:
            rows[(partner, company, date)].append((metric, block, value, weight))

        cr.execute(
            """
            SELECT k.partner_id, k.company_id, k.date, AVG(f.csi_score)
              FROM unnest(%s::int[], %s::int[], %s::date[], %s::date[])
                   AS k(partner_id, company_id, date, date_from)
              JOIN cx_feedback f
                ON f.commercial_partner_id = k.partner_id AND f.company_id = k.company_id
               AND f.date >= k.date_from AND f.date <= k.date
          GROUP BY k.partner_id, k.company_id, k.date
            """,
            [key_partners, key_companies, key_dates, key_starts],
        )
        interviews = {
            (partner, company, date): float(avg_csi)
            for partner, company, date, avg_csi in cr.fetchall()
            if avg_csi is not None
        }
        # the account NPS in the way chosen in the settings: one query per period and company
        windows = defaultdict(list)
        for partner, company, date, start in zip(
            key_partners, key_companies, key_dates, key_starts, strict=True
        ):
            windows[(start, date, company)].append(partner)
        account_nps = {}
        for (start, end, company), partners in windows.items():
            by_client = (
                self.env["res.partner"]
                .sudo()
                ._cx_nps_by_client(
                    [
                        ("commercial_partner_id", "in", partners),
                        ("company_id", "=", company),
                        ("date", ">=", start),
                        ("date", "<=", end),
                    ]
                )
            )
            account_nps.update({(client, company, end): nps for client, nps in by_client.items()})

        snapshots, lines = [], {}
        for key in keys:
            result = csi.client_csi(rows.get(key, ()), lower, upper)
            if result is None:
                continue
            block_count = len(result["blocks"])
            snapshots.append(
                (
                    *key,
                    result["mean"],
                    result["csi"],
                    result["top_metric"],
                    result["top_loss"],
                    sum(count for _score, count in result["blocks"].values()),
                    interviews.get(key),
                    account_nps.get(key),
                    block_count,
                    not csi.is_sufficient(block_count, needed),
                )
            )
            lines[key] = result["blocks"]
        columns = list(zip(*snapshots, strict=True)) if snapshots else [[]] * 12

        # snapshots of these periods that are no longer computed (no value counts, or the
        # client's company changed) go
        cr.execute(
            """
            DELETE FROM cx_csi_snapshot s
             USING unnest(%s::int[], %s::date[]) AS k(partner_id, date)
             WHERE s.partner_id = k.partner_id AND s.date = k.date
               AND (s.partner_id, s.company_id, s.date) NOT IN (
                   SELECT * FROM unnest(%s::int[], %s::int[], %s::date[]))
            """,
            [
                [key[0] for key in periods],
                [key[1] for key in periods],
                list(columns[0]),
                list(columns[1]),
                list(columns[2]),
            ],
        )
        cr.execute(
            """
            INSERT INTO cx_csi_snapshot AS s (
                partner_id, company_id, date, mean, csi, top_metric_id, top_loss, metric_count,
                csi_interview, nps, block_count, insufficient,
                create_uid, create_date, write_uid, write_date)
            SELECT t.*, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
              FROM unnest(%s::int[], %s::int[], %s::date[], %s::float8[], %s::float8[],
                          %s::int[], %s::float8[], %s::int[], %s::float8[], %s::float8[],
                          %s::int[], %s::bool[]) AS t
            ON CONFLICT (partner_id, company_id, date) DO UPDATE
               SET mean = EXCLUDED.mean, csi = EXCLUDED.csi,
                   top_metric_id = EXCLUDED.top_metric_id, top_loss = EXCLUDED.top_loss,
                   metric_count = EXCLUDED.metric_count,
                   csi_interview = EXCLUDED.csi_interview, nps = EXCLUDED.nps,
                   block_count = EXCLUDED.block_count, insufficient = EXCLUDED.insufficient,
                   write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
         RETURNING s.id, s.partner_id, s.company_id, s.date
            """,
            [self.env.uid, self.env.uid, *(list(column) for column in columns)],
        )
        snapshot_ids = {
            (partner, company, date): sid for sid, partner, company, date in cr.fetchall()
        }

        cr.execute(
            "DELETE FROM cx_csi_snapshot_line WHERE snapshot_id = ANY(%s::int[])",
            [list(snapshot_ids.values())],
        )
        line_rows = [
            (snapshot_ids[key], key[1], block, score, count)
            for key, blocks in lines.items()
            for block, (score, count) in blocks.items()
        ]
        line_columns = list(zip(*line_rows, strict=True)) if line_rows else [[]] * 5
        cr.execute(
            """
            INSERT INTO cx_csi_snapshot_line (
                snapshot_id, company_id, block_id, score, metric_count,
                create_uid, create_date, write_uid, write_date)
            SELECT t.*, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::float8[], %s::int[]) AS t
            """,
            [self.env.uid, self.env.uid, *(list(column) for column in line_columns)],
        )
        self._update_partners(partner_ids)
        # trigger metrics: the batch's clients answer their triggered metric values
        self.env["cx.metric.value"].sudo()._cx_respond_to_triggers(periods, period)
        return len(snapshots), len(fetched)

    @api.model
    def _update_partners(self, partner_ids):
        """The client's CSI of its latest period, that period and the change against the
        previous one, per company (company-dependent fields), in one query.

        An insufficient snapshot leaves the CSI and its change empty (its period is kept: the
        client's CX tab says why there is no CSI).
        """
        self.env.cr.execute(
            """
            WITH latest AS (
                SELECT DISTINCT ON (partner_id, company_id) partner_id, company_id, date, csi,
                       csi - LAG(csi) OVER (PARTITION BY partner_id, company_id ORDER BY date)
                       AS delta
                  FROM (SELECT partner_id, company_id, date,
                               CASE WHEN insufficient IS NOT TRUE THEN csi END AS csi
                          FROM cx_csi_snapshot
                         WHERE partner_id = ANY(%(ids)s::int[])) s
              ORDER BY partner_id, company_id, date DESC
            ), figures AS (
                SELECT partner_id,
                       jsonb_object_agg(company_id::text, csi) AS csi,
                       jsonb_object_agg(company_id::text, date) AS date,
                       jsonb_object_agg(company_id::text, delta) AS delta
                  FROM latest
              GROUP BY partner_id
            )
            UPDATE res_partner p
               SET cx_csi = f.csi, cx_csi_date = f.date, cx_csi_delta = f.delta
              FROM unnest(%(ids)s::int[]) AS i(id)
         LEFT JOIN figures f ON f.partner_id = i.id
             WHERE p.id = i.id
               AND (p.cx_csi, p.cx_csi_date, p.cx_csi_delta)
                   IS DISTINCT FROM (f.csi, f.date, f.delta)
            """,
            {"ids": list(partner_ids)},
        )
        self.env["res.partner"].invalidate_model(["cx_csi", "cx_csi_date", "cx_csi_delta"])


def _unlock_csi(cr, shared):
    """Release the CSI lock this session holds (see CxCsiSnapshot._cx_run_locked)."""
    unlock = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
    cr.execute(SQL("SELECT %s(%s)", SQL.identifier(unlock), CSI_LOCK))
