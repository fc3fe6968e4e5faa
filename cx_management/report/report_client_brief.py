from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_date

from ..models.res_partner import _role_stage_values
from ..tools import brief as brief_tools
from ..tools import nps as nps_tools

USER_GROUP = "cx_management.cx_management_group_user"


class ReportClientBrief(models.AbstractModel):
    """The client brief: one page per client for a meeting (report
    cx_management.action_report_client_brief), its figures gathered in a few grouped
    queries per client, as the reader (record rules apply)."""

    _name = "report.cx_management.report_client_brief"
    _description = "Client Brief"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._("Only Customer Experience users can print a client brief.")
            )
        clients = self.env["res.partner"].browse(docids).commercial_partner_id
        today = fields.Date.context_today(self)
        return {
            "doc_ids": clients.ids,
            "doc_model": "res.partner",
            "docs": clients,
            "briefs": {client.id: self._cx_brief(client, today) for client in clients},
            "today": today,
        }

    # ------------------------------------------------------------
    # CLIENT BRIEF
    # ------------------------------------------------------------

    @api.model
    def _cx_brief(self, client, today):
        Dashboard = self.env["cx.dashboard"]
        period = self.env["cx.csi.snapshot"]._csi_settings()[2]
        periods = Dashboard._cx_periods(today, period, brief_tools.TREND_PERIODS)
        year_ago = today - timedelta(days=brief_tools.WINDOW_DAYS)
        contacts = self._cx_brief_heard(client, today)
        _ = self.env._
        subtitle = _("Client brief of %s", format_date(self.env, today))
        if client.user_id:
            subtitle = _(
                "%(brief)s · Salesperson: %(user)s", brief=subtitle, user=client.user_id.name
            )
        # the silence of the settings (Coverage > Silence alerts), as the alerts use it
        days = self.env["res.partner"]._cx_silence_settings()[1]
        return {
            "subtitle": subtitle,
            "trend": self._cx_brief_trend(client, periods),
            "role_stage": self._cx_brief_role_stage(client),
            "complaints": self._cx_brief_complaints(client, year_ago),
            "actions": self._cx_brief_actions(client, today, year_ago),
            "requirements": self._cx_brief_requirements(client, today),
            "contacts": contacts,
            "silence_days": days,
            "silence_note": _(
                "Silences: contacts of the client not heard for more than %(days)s days: "
                "%(count)s (in red).",
                days=days,
                count=contacts["silent"],
            )
            if contacts["silent"]
            else _("Every contact was heard in the last %s days.", days),
        }

    @api.model
    def _cx_brief_trend(self, client, periods):
        """Per period: the client's integral CSI (its company's snapshot) and account NPS."""
        snapshots = {
            date: csi
            for date, csi in self.env["cx.csi.snapshot"]._read_group(
                [
                    ("partner_id", "=", client.id),
                    ("company_id", "=", self.env.company.id),
                    ("insufficient", "=", False),
                    ("date", "in", [p["date_to"] for p in periods]),
                ],
                ["date:day"],
                ["csi:max"],
            )
        }
        Partner = self.env["res.partner"]
        rows = []
        for period in periods:
            nps = Partner._cx_nps_by_client(
                [
                    ("commercial_partner_id", "=", client.id),
                    ("date", ">=", period["date_from"]),
                    ("date", "<=", period["date_to"]),
                ]
            ).get(client.id)
            csi = snapshots.get(fields.Date.to_date(period["date_to"]))
            rows.append({"label": period["label"], "csi": csi, "nps": nps})
        return brief_tools.trend_bars(rows)

    @api.model
    def _cx_brief_role_stage(self, client):
        cells = {}
        for role, stage, csi, count in self.env["cx.feedback"]._read_group(
            [("commercial_partner_id", "=", client.id)],
            ["role_id", "stage_id"],
            ["csi_score:avg", "__count"],
        ):
            cells[role.id, stage.id] = (csi, count)
        if not cells:
            return None
        return _role_stage_values(
            self.env["cx.contact.role"].search([]), self.env["cx.journey.stage"].search([]), cells
        )

    @api.model
    def _cx_brief_complaints(self, client, since):
        """The topics named in most complaints of the last 12 months, with the latest date
        (the general mark *Complaint* left out, as in the Pareto)."""
        rows = [
            row
            for row in self.env["cx.feedback"]._read_group(
                [
                    ("commercial_partner_id", "=", client.id),
                    ("polarity", "=", "complaint"),
                    ("date", ">=", since),
                    ("topic_ids", "!=", False),
                ],
                ["topic_ids"],
                ["__count", "date:max"],
            )
            if not row[0].is_polarity_mark  # "Complaint" alone names no problem
        ]
        rows.sort(key=lambda row: (-row[1], row[0].display_name))
        return [
            {"topic": topic.display_name, "count": count, "last": last}
            for topic, count, last in rows[: brief_tools.TOP_COMPLAINTS]
        ]

    @api.model
    def _cx_brief_actions(self, client, today, since):
        Action = self.env["cx.action"]
        base = [("commercial_partner_id", "=", client.id)]
        running = Action.search(
            base + [("stage_id.is_done", "=", False), ("stage_id.is_cancelled", "=", False)],
            order="date_deadline asc, id",
            limit=brief_tools.OPEN_ACTIONS,
        )
        more = Action.search_count(
            base + [("stage_id.is_done", "=", False), ("stage_id.is_cancelled", "=", False)]
        ) - len(running)
        done = Action.search(
            base + [("stage_id.is_done", "=", True), ("date_done", ">=", since)],
            order="date_done desc, id desc",
            limit=brief_tools.DONE_ACTIONS,
        )
        return {
            "open": [
                {
                    "name": action.name,
                    "stage": action.stage_id.name,
                    "user": action.user_id.name,
                    "deadline": action.date_deadline,
                    "late": bool(action.date_deadline and action.date_deadline < today),
                }
                for action in running
            ],
            "more_note": self.env._("… and %s more open actions.", more) if more else "",
            "done": [
                {"name": action.name, "date": action.date_done, "user": action.user_id.name}
                for action in done
            ],
        }

    @api.model
    def _cx_brief_requirements(self, client, today):
        Requirement = self.env["cx.requirement"]
        requirements = Requirement.search(
            [("partner_id", "=", client.id), *Requirement._valid_domain(today)],
            order="importance desc, id desc",
            limit=brief_tools.REQUIREMENTS,
        )
        return [
            {
                "name": requirement.name,
                "aspect": requirement.aspect,
                "importance": requirement.importance,
                "state": dict(requirement._fields["state"]._description_selection(self.env)).get(
                    requirement.state
                ),
            }
            for requirement in requirements
        ]

    @api.model
    def _cx_last_heard(self, client):
        """{contact id: (last feedback date, answers in all)} of the client's contacts.

        One grouped query over the feedback the reader may see: the stored
        res.partner.cx_date_last_heard counts every company's feedback, the brief only the
        reader's companies'.
        """
        return {
            contact.id: (last, count)
            for contact, last, count in self.env["cx.feedback"]._read_group(
                [("commercial_partner_id", "=", client.id)],
                ["partner_id"],
                ["date:max", "__count"],
            )
        }

    @api.model
    def _cx_brief_heard(self, client, today):
        """Who was heard when: the client's contacts with a role or feedback, the key roles
        first, then the longest silent; silent when not heard for the days of the settings."""
        heard = self._cx_last_heard(client)
        contacts = self.env["res.partner"].search(
            [
                ("id", "child_of", client.id),
                ("is_company", "=", False),
                "|",
                ("cx_role_id", "!=", False),
                ("id", "in", list(heard)),
            ]
        )
        # each contact's NPS over their answers (not the average 0-10 score, which is no NPS)
        answers = defaultdict(list)
        for contact, score, count in self.env["cx.feedback"]._read_group(
            [("partner_id", "in", contacts.ids), ("nps_score", "!=", False)],
            ["partner_id", "nps_score"],
            ["__count"],
        ):
            answers[contact.id] += [score] * count
        scores = defaultdict(lambda: None)
        scores.update({contact: nps_tools.nps(given) for contact, given in answers.items()})
        rows = [
            {
                "name": contact.name,
                "role": contact.cx_role_id.name,
                "role_sequence": contact.cx_role_id.sequence if contact.cx_role_id else 999,
                "last": heard.get(contact.id, (None, 0))[0],
                "count": heard.get(contact.id, (None, 0))[1],
                "nps": scores[contact.id],
            }
            for contact in contacts
        ]
        days = self.env["res.partner"]._cx_silence_settings()[1]
        result = brief_tools.heard_rows(rows, today, days=days)
        result["more_note"] = (
            self.env._("… and %s more contacts.", result["more"]) if result["more"] else ""
        )
        return result
