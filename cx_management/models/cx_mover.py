from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import movers as movers_tools
from .res_partner import grouped_rows

PARAM_CSI_DROP = "cx_management.mover_csi_drop"
PARAM_NPS_DROP = "cx_management.mover_nps_drop"
MANAGER_GROUP = "cx_management.cx_management_group_manager"
ALERT_BATCH = 200


class CxMover(models.Model):
    """A client whose integral CSI or account NPS changed between the last two periods, per
    company; a fall of at least the threshold is a drop, alerted once."""

    _name = "cx.mover"
    _description = "CX Mover"
    _order = "date_to desc, abs_delta desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    parent_id = fields.Many2one(related="partner_id.parent_id", string="Parent Company")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    figure = fields.Selection(
        [("csi", "Integral CSI"), ("nps", "Account NPS")], required=True, readonly=True
    )
    date_before = fields.Date(string="Previous Period", required=True, readonly=True)
    date_to = fields.Date(string="Period", required=True, readonly=True)
    value_before = fields.Float(string="Before", readonly=True, digits=(16, 2), aggregator=None)
    value_after = fields.Float(string="After", readonly=True, digits=(16, 2), aggregator=None)
    delta = fields.Float(string="Change", readonly=True, digits=(16, 2), aggregator=None)
    abs_delta = fields.Float(
        string="Size of the Change", readonly=True, digits=(16, 2), aggregator=None
    )
    direction = fields.Selection(
        [("climber", "Climber"), ("faller", "Faller")], required=True, readonly=True
    )
    is_drop = fields.Boolean(
        string="Drop",
        readonly=True,
        help="The figure fell by at least the threshold of the settings: the salesperson and "
        "the CX managers are alerted once.",
    )
    date_alerted = fields.Datetime(string="Alerted On", readonly=True)

    _sql_constraints = [
        (
            "client_figure_period_uniq",
            "unique(partner_id, company_id, figure, date_to)",
            "A client moves once per figure, company and period.",
        )
    ]

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cx_drop_thresholds(self):
        """(CSI drop, NPS drop) of the settings, the defaults when missing or wrong."""
        params = self.env["ir.config_parameter"].sudo()
        csi_drop = movers_tools.float_setting(
            params.get_param(PARAM_CSI_DROP), movers_tools.DEFAULT_CSI_DROP
        )
        nps_drop = movers_tools.float_setting(
            params.get_param(PARAM_NPS_DROP), movers_tools.DEFAULT_NPS_DROP
        )
        errors = movers_tools.threshold_errors(csi_drop, nps_drop)
        return (
            movers_tools.DEFAULT_CSI_DROP if "csi" in errors else csi_drop,
            movers_tools.DEFAULT_NPS_DROP if "nps" in errors else nps_drop,
        )

    @api.model
    def _cx_refresh_movers(self, today=None):
        """Write the movers of every company between its previous and current period: one
        upsert per company and figure (the unique key makes a second run, or a second
        worker, update the same rows), then remove the rows of the period that no longer move
        and were not alerted.

        :return: number of mover rows of the current period
        """
        today = today or fields.Date.context_today(self)
        Dashboard = self.env["cx.dashboard"].sudo()
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        previous, current = Dashboard._cx_periods(today, period, 2)
        thresholds = dict(zip(("csi", "nps"), self._cx_drop_thresholds(), strict=True))
        self.env.flush_all()
        count = 0
        for company, clients in self._cx_clients_by_company().items():
            for figure in ("csi", "nps"):
                was = self._cx_figures(figure, company, previous, clients)
                now = self._cx_figures(figure, company, current, clients)
                rows = movers_tools.changes(was, now)
                count += len(rows)
                self._cx_upsert(company, figure, previous, current, rows, thresholds[figure])
                self._cx_remove_stale(company, figure, current, rows)
        self.invalidate_model()
        return count

    @api.model
    def _cx_clients_by_company(self):
        """{company: client ids}: the clients (companies that are not ours) each company
        keeps figures for (a shared client under every company)."""
        own = self.env["res.company"].sudo().search([])
        self.env.cr.execute(
            "SELECT id, company_id FROM res_partner WHERE is_company AND active AND id != ALL(%s)",
            [own.partner_id.ids],
        )
        rows = self.env.cr.fetchall()
        return {
            company: [pid for pid, cid in rows if not cid or cid == company.id] for company in own
        }

    @api.model
    def _cx_figures(self, figure, company, period, client_ids):
        """{client id: figure} of the company in the period (the dashboard's definitions)."""
        if figure == "csi":
            domain = [
                ("date", "=", period["date_to"]),
                ("company_id", "=", company.id),
                ("partner_id", "in", client_ids),
                ("insufficient", "=", False),
            ]
            return dict(
                grouped_rows(
                    self.env["cx.csi.snapshot"].sudo(),
                    domain,
                    SQL('"cx_csi_snapshot".partner_id, MAX("cx_csi_snapshot".csi)'),
                    SQL('"cx_csi_snapshot".partner_id'),
                )
            )
        return (
            self.env["res.partner"]
            .sudo()
            ._cx_nps_by_client(
                [
                    ("date", ">=", period["date_from"]),
                    ("date", "<=", period["date_to"]),
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", client_ids),
                ]
            )
        )

    @api.model
    def _cx_upsert(self, company, figure, previous, current, rows, threshold):
        """Insert or update the period's rows of one company and figure in one statement."""
        if not rows:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO cx_mover (partner_id, company_id, figure, date_before, date_to,
                       value_before, value_after, delta, abs_delta, direction, is_drop,
                       create_uid, write_uid, create_date, write_date)
                SELECT v.partner_id, %(company)s, %(figure)s, %(before)s, %(to)s,
                       v.before, v.after, v.delta, abs(v.delta),
                       CASE WHEN v.delta > 0 THEN 'climber' ELSE 'faller' END, v.is_drop,
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM unnest(%(ids)s::integer[], %(was)s::float[], %(now)s::float[],
                              %(deltas)s::float[], %(drops)s::boolean[])
                       AS v(partner_id, before, after, delta, is_drop)
                ON CONFLICT (partner_id, company_id, figure, date_to) DO UPDATE
                   SET value_before = EXCLUDED.value_before,
                       value_after = EXCLUDED.value_after,
                       delta = EXCLUDED.delta,
                       abs_delta = EXCLUDED.abs_delta,
                       direction = EXCLUDED.direction,
                       date_before = EXCLUDED.date_before,
                       -- a drop already alerted stays one
                       is_drop = cx_mover.is_drop OR EXCLUDED.is_drop,
                       write_date = EXCLUDED.write_date
                 -- a daily rerun rewrites only the rows that changed
                 WHERE (cx_mover.value_before, cx_mover.value_after, cx_mover.date_before,
                        cx_mover.is_drop OR EXCLUDED.is_drop)
                       IS DISTINCT FROM (EXCLUDED.value_before, EXCLUDED.value_after,
                                         EXCLUDED.date_before, cx_mover.is_drop)
                """,
                company=company.id,
                figure=figure,
                before=previous["date_to"],
                to=current["date_to"],
                uid=self.env.uid,
                ids=[row[0] for row in rows],
                was=[row[1] for row in rows],
                now=[row[2] for row in rows],
                deltas=[row[3] for row in rows],
                drops=[movers_tools.is_drop(row[3], threshold) for row in rows],
            )
        )

    @api.model
    def _cx_remove_stale(self, company, figure, current, rows):
        """Rows of the period whose client no longer moves, unless alerted: the period's rows
        read once, the stale ones deleted by id."""
        self.env.cr.execute(
            SQL(
                """
                SELECT id, partner_id FROM cx_mover
                 WHERE company_id = %s AND figure = %s AND date_to = %s
                   AND date_alerted IS NULL
                """,
                company.id,
                figure,
                current["date_to"],
            )
        )
        moving = {row[0] for row in rows}
        stale = [
            mover_id for mover_id, partner_id in self.env.cr.fetchall() if partner_id not in moving
        ]
        if stale:
            self.env.cr.execute(SQL("DELETE FROM cx_mover WHERE id = ANY(%s)", stale))

    @api.model
    def _cx_pending_drop_ids(self, limit=None, lock=False):
        """Drops not alerted yet, oldest first; locked rows (another worker) skipped."""
        self.flush_model(["is_drop", "date_alerted"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cx_mover WHERE is_drop AND date_alerted IS NULL ORDER BY id %s %s",
                SQL("LIMIT %s", limit) if limit else SQL(""),
                SQL("FOR UPDATE SKIP LOCKED") if lock else SQL(""),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _cx_alert_drops(self):
        """One to-do for the client's salesperson and one for each CX manager of the client's
        company, in their language, then mark the drops alerted."""
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(
                lambda user: (
                    user.active and not user.share and user != self.env.ref("base.user_root")
                )
            )
        )
        today = fields.Date.context_today(self)
        activities = []
        for drop in self:
            company_managers = managers.filtered(
                lambda user, c=drop.company_id: c in user.company_ids
            )
            for user in drop.partner_id.user_id | company_managers:
                activities.append(
                    {
                        "res_model": "res.partner",
                        "res_id": drop.partner_id.id,
                        "activity_type": "mail.mail_activity_data_todo",
                        "user": user,
                        "date_deadline": today,
                        "summary": drop._cx_drop_summary,
                    }
                )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        )._cx_schedule_activities(activities)
        self.write({"date_alerted": fields.Datetime.now()})

    def _cx_drop_summary(self, env):
        """What the alert says, in the language of `env`."""
        self.ensure_one()
        label = env._("CSI") if self.figure == "csi" else env._("NPS")
        digits = 2 if self.figure == "csi" else 0
        drop, before, after = (
            f"{value:.{digits}f}" for value in (-self.delta, self.value_before, self.value_after)
        )
        return env._(
            "%(figure)s dropped by %(drop)s: %(before)s → %(after)s",
            figure=label,
            drop=drop,
            before=before,
            after=after,
        )

    @api.model
    def _cron_detect_movers(self, batch_size=ALERT_BATCH):
        """One batch per call: the movers refreshed when a run starts (no drop waiting), then
        the next drops alerted; a drop is alerted once (its row is marked in the same
        transaction, and rows another worker holds are skipped)."""
        if not self._cx_pending_drop_ids(limit=1):
            self._cx_refresh_movers()
        drops = self.browse(self._cx_pending_drop_ids(limit=batch_size, lock=True))
        drops._cx_alert_drops()
        remaining = len(self._cx_pending_drop_ids()) if drops else 0
        self.env["ir.cron"]._notify_progress(done=len(drops), remaining=remaining)
        return {"alerted": len(drops), "remaining": remaining}

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_open_movers(self):
        """The movers list, refreshed for every company first (set-based: a second or so for
        thousands of clients)."""
        self.sudo()._cx_refresh_movers()
        return self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_mover_action")
