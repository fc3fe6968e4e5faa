from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    """The integral CSI on the client: latest value, change, breakdown and history."""

    _inherit = "res.partner"

    cx_csi = fields.Float(
        string="CSI",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The client's integral CSI (1-5) of its latest computed period.",
    )
    cx_csi_date = fields.Date(
        string="CSI Period", readonly=True, copy=False, help="The last day of the CSI's period."
    )
    cx_csi_delta = fields.Float(
        string="CSI Change",
        readonly=True,
        copy=False,
        help="Change of the CSI against the client's previous period.",
    )
    cx_csi_snapshot_ids = fields.One2many(
        "cx.csi.snapshot",
        "partner_id",
        string="CSI History",
        groups="cx_management.cx_management_group_user",
    )
    cx_metric_value_ids = fields.One2many(
        "cx.metric.value",
        "partner_id",
        string="Metric Values",
        groups="cx_management.cx_management_group_user",
    )
    cx_metric_weight_ids = fields.One2many(
        "cx.metric.weight",
        "partner_id",
        string="Metric Weights",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_value_ids = fields.Many2many(
        "cx.metric.value",
        string="CSI Breakdown",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_line_ids = fields.Many2many(
        "cx.csi.snapshot.line",
        string="CSI Block Scores",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )
    cx_csi_top_metric_id = fields.Many2one(
        "cx.metric",
        string="Top Detractor",
        compute="_compute_cx_csi_breakdown",
        groups="cx_management.cx_management_group_user",
    )

    @api.depends("cx_csi_date")
    def _compute_cx_csi_breakdown(self):
        """The values and block scores of the latest CSI period, in the methodology's order."""
        clients = self.filtered("cx_csi_date")
        values = self.env["cx.metric.value"].search(
            [
                ("partner_id", "in", clients.ids),
                ("date", "in", list(set(clients.mapped("cx_csi_date")))),
            ]
        )
        snapshots = self.env["cx.csi.snapshot"].search(
            [
                ("partner_id", "in", clients.ids),
                ("date", "in", list(set(clients.mapped("cx_csi_date")))),
            ]
        )
        by_snapshot = {(s.partner_id.id, s.date): s for s in snapshots}
        for partner in self:
            own = values.filtered(
                lambda v, p=partner: v.partner_id == p and v.date == p.cx_csi_date
            ).sorted(
                lambda v: (v.block_id.sequence, v.block_id.id, v.metric_id.sequence, v.metric_id.id)
            )
            snapshot = by_snapshot.get((partner.id, partner.cx_csi_date))
            partner.cx_csi_value_ids = own
            partner.cx_csi_line_ids = snapshot.line_ids if snapshot else False
            partner.cx_csi_top_metric_id = snapshot.top_metric_id if snapshot else False

    def action_cx_plan_top_detractor(self):
        """Plan an improvement action on the metric that drags this client's CSI down most."""
        self.ensure_one()
        metric = self.cx_csi_top_metric_id
        if not metric:
            raise UserError(_("%s has no CSI detractor to act on yet.", self.display_name))
        return self.env["cx.action"].action_plan_for_client(
            self,
            metric.process_id,
            origin="metric",
            name=_("Improve: %s", metric.name),
            metric_id=metric.id,
        )

    def action_cx_recompute_csi(self):
        """Recompute the metric values and every CSI period of these clients now."""
        if not self.env.user.has_group("cx_management.cx_management_group_user"):
            raise AccessError(_("Only Customer Experience users can recompute the CSI."))
        clients = self.commercial_partner_id
        self.env["cx.csi.snapshot"].sudo()._compute_csi(partner_ids=clients.ids, all_periods=True)
        return True

    def action_view_cx_csi_snapshots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_csi_snapshot_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action
