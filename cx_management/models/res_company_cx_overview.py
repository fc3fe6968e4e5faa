from itertools import pairwise

from markupsafe import Markup

from odoo import _, api, fields, models

from ..tools import maturity

USER = "cx_management.cx_management_group_user"
FOCUS_SIZE = 3


class ResCompany(models.Model):
    """The CX overview of the company for managers: maturity, CSI, NPS, focus, actions."""

    _inherit = "res.company"

    cx_csi_distribution_html = fields.Html(
        string="CSI Distribution",
        compute="_compute_cx_overview",
        sanitize=False,
        groups=USER,
    )
    cx_nps_distribution_html = fields.Html(
        string="NPS Distribution",
        compute="_compute_cx_overview",
        sanitize=False,
        groups=USER,
    )
    cx_focus_process_ids = fields.Many2many(
        "cx.process",
        string="Focus Processes",
        compute="_compute_cx_overview",
        groups=USER,
        help="The processes named in most complaints of the evidence window.",
    )
    cx_open_action_count = fields.Integer(
        string="Open Actions", compute="_compute_cx_overview", groups=USER
    )

    @api.depends_context("cx_maturity_date")
    def _compute_cx_overview(self):
        for company in self:
            date_from, date_to = company._cx_maturity_window_dates()
            window = [
                ("company_id", "=", company.id),
                ("date", ">", date_from),
                ("date", "<=", date_to),
            ]
            Feedback = self.env["cx.feedback"]
            csi = dict(
                Feedback._read_group(window + [("csi_score", ">=", 1)], ["csi_score"], ["__count"])
            )
            rows = [(str(score), csi.get(score, 0)) for score in range(1, 6)]
            html = company._cx_bars_html(_("CSI scores of the feedback"), rows)
            html += company._cx_bars_html(
                _("Clients by integral CSI"),
                company._cx_client_bands("cx_csi", (2, 3, 4), [("cx_csi", ">", 0)]),
            )
            company.cx_csi_distribution_html = html

            categories = dict(
                Feedback._read_group(
                    window + [("nps_score", ">=", 0)], ["nps_category"], ["__count"]
                )
            )
            labels = dict(Feedback._fields["nps_category"]._description_selection(self.env))
            rows = [
                (labels[key], categories.get(key, 0))
                for key in ("promoter", "passive", "detractor")
            ]
            answered = sum(count for _label, count in rows)
            nps = maturity.share(
                categories.get("promoter", 0) - categories.get("detractor", 0), answered
            )
            title = _("NPS answers of the feedback")
            if nps is not None:
                title = _("NPS answers of the feedback (NPS %s)", round(nps * 100))
            html = company._cx_bars_html(title, rows)
            html += company._cx_bars_html(
                _("Clients by account NPS"),
                company._cx_client_bands(
                    "cx_nps", (0, 50), ["|", ("cx_nps", ">", 0), ("cx_nps", "<=", 0)]
                ),
            )
            company.cx_nps_distribution_html = html

            complaints = Feedback._read_group(
                window + [("polarity", "=", "complaint"), ("process_id", "!=", False)],
                ["process_id"],
                ["__count"],
                order="__count desc",
                limit=FOCUS_SIZE,
            )
            company.cx_focus_process_ids = [process.id for process, _count in complaints]
            company.cx_open_action_count = company._cx_open_action_count()

    def _cx_client_bands(self, field_name, bounds, known):
        """[(band label, clients)] of the clients' stored value cut at the bounds, one query.

        :param known: domain of the clients whose value is known (a plain Float stores 0 for
            unknown, a NullableFloat NULL; `!= False` on a number means `!= 0`)
        """
        values = [
            row[field_name]
            for row in self.env["res.partner"]
            .sudo()
            .search_read([("is_company", "=", True), *known], [field_name])
            if row[field_name] is not False
        ]
        edges = [None, *bounds, None]
        rows = []
        for low, high in pairwise(edges):
            count = sum(
                1
                for value in values
                if (low is None or value >= low) and (high is None or value < high)
            )
            if low is None:
                label = _("below %s", high)
            elif high is None:
                label = _("%s and above", low)
            else:
                label = f"{low} - {high}"
            rows.append((label, count))
        return rows

    def _cx_open_action_count(self):
        return self.env["cx.action"].search_count(
            [
                ("company_id", "=", self.id),
                ("stage_id.is_done", "=", False),
                ("stage_id.is_cancelled", "=", False),
            ]
        )

    @api.model
    def _cx_bars_html(self, title, rows):
        total = sum(count for _label, count in rows)
        lines = Markup("").join(
            Markup(
                "<tr><td class='text-nowrap'>%s</td><td class='text-end'>%s</td>"
                "<td style='width: 60%%'><div class='progress'><div class='progress-bar' "
                "role='progressbar' style='width: %s%%'></div></div></td></tr>"
            )
            % (label, count, round(100 * count / total) if total else 0)
            for label, count in rows
        )
        return Markup(
            "<table class='table table-sm table-borderless o_cx_distribution'>"
            "<thead><tr><th colspan='3'>%s</th></tr></thead><tbody>%s</tbody></table>"
        ) % (title, lines)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_cx_open_overview(self):
        """The current company's CX overview."""
        return {
            "type": "ir.actions.act_window",
            "name": _("CX Overview"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("cx_management.res_company_view_form_cx_overview").id,
                    "form",
                )
            ],
            "target": "current",
        }

    def action_cx_view_window_feedback(self):
        self.ensure_one()
        date_from, date_to = self._cx_maturity_window_dates()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action["domain"] = [
            ("company_id", "=", self.id),
            ("date", ">", fields.Date.to_string(date_from)),
            ("date", "<=", fields.Date.to_string(date_to)),
        ]
        return action

    def action_cx_view_open_actions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Open Improvement Actions"),
            "res_model": "cx.action",
            "view_mode": "kanban,list,form",
            "views": [(False, "kanban"), (False, "list"), (False, "form")],
            "domain": [
                ("company_id", "=", self.id),
                ("stage_id.is_done", "=", False),
                ("stage_id.is_cancelled", "=", False),
            ],
            "target": "current",
        }
