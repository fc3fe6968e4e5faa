from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import csi


class CxMetricValue(models.Model):
    """A triggered value gets one answer: an activity or a draft action for the process owner."""

    _inherit = "cx.metric.value"

    trigger_done = fields.Boolean(
        string="Trigger Answered",
        readonly=True,
        copy=False,
        help="An activity or a draft action was created for this triggered value.",
    )
    trigger_action_id = fields.Many2one(
        "cx.action",
        string="Trigger Action",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model
    def _cx_respond_to_triggers(self, keys, period):
        """Answer the triggered values of these (client id, period end) keys, once each.

        Only the current and the previous period are answered: history loaded later is not news.
        """
        if not keys:
            return self.browse()
        today = fields.Date.context_today(self)
        current_start = csi.period_bounds(today, period)[0]
        since = csi.period_bounds(current_start - timedelta(days=1), period)[0]
        self.flush_model(["partner_id", "date", "value", "metric_id", "trigger_done"])
        self.env["cx.metric"].flush_model(["kind", "threshold", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT v.id
                  FROM unnest(%s::int[], %s::date[]) AS k(partner_id, date)
                  JOIN cx_metric_value v ON v.partner_id = k.partner_id AND v.date = k.date
                  JOIN cx_metric m ON m.id = v.metric_id
                 WHERE m.active AND m.kind = 'trigger' AND v.value >= m.threshold
                   AND v.trigger_done IS NOT TRUE AND v.date >= %s
                 ORDER BY v.id
                """,
                [partner for partner, _date in keys],
                [date for _partner, date in keys],
                since,
            )
        )
        values = self.browse([row[0] for row in self.env.cr.fetchall()]).sudo()
        if not values:
            return values
        fallback = self.env["cx.feedback"]._cx_alert_manager()
        by_action = values.filtered(lambda v: v.metric_id.trigger_response == "action")
        by_activity = values - by_action

        if by_activity:
            todo = self.env.ref("mail.mail_activity_data_todo")
            model_id = self.env["ir.model"]._get_id("res.partner")
            activity_vals = []
            for value in by_activity:
                owner = value.metric_id.process_id.user_id or fallback
                if not owner:
                    continue
                env = self.with_context(lang=owner.lang or self.env.lang).env
                activity_vals.append(
                    {
                        "res_model_id": model_id,
                        "res_id": value.partner_id.id,
                        "activity_type_id": todo.id,
                        "user_id": owner.id,
                        "summary": env._("Trigger metric: %s", value.metric_id.name),
                        "note": value._cx_trigger_note(env),
                        "date_deadline": today,
                    }
                )
            self.env["mail.activity"].sudo().create(activity_vals)

        actions = self.env["cx.action"]
        if by_action:
            actions = (
                self.env["cx.action"]
                .sudo()
                .create(
                    [
                        {
                            "name": self.env._("Improve: %s", value.metric_id.name),
                            "partner_id": value.partner_id.id,
                            "process_id": value.metric_id.process_id.id,
                            "metric_id": value.metric_id.id,
                            "origin": "metric",
                            "user_id": (value.metric_id.process_id.user_id or fallback).id,
                            "company_id": (value.partner_id.company_id or self.env.company).id,
                            "description": value._cx_trigger_note(self.env),
                        }
                        for value in by_action
                    ]
                )
            )
        # SQL, not write(): write_date marks a period stale for the CSI computation
        self.env.cr.execute(
            SQL(
                """
                UPDATE cx_metric_value v
                   SET trigger_done = TRUE, trigger_action_id = t.action_id
                  FROM unnest(%s::int[], %s::int[]) AS t(value_id, action_id)
                 WHERE v.id = t.value_id
                """,
                by_activity.ids + by_action.ids,
                [None] * len(by_activity) + actions.ids,
            )
        )
        values.invalidate_recordset(["trigger_done", "trigger_action_id"])
        return values

    def _cx_trigger_note(self, env):
        self.ensure_one()
        return Markup("<p>%s</p>") % env._(
            "%(metric)s of %(client)s for the period ending %(date)s: X = %(value)s, "
            "at or above the threshold %(threshold)s.",
            metric=self.metric_id.name,
            client=self.partner_id.display_name,
            date=fields.Date.to_string(self.date),
            value=round(self.value, 3),
            threshold=self.metric_id.threshold,
        )
