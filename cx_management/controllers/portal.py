from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class CxActionPortal(CustomerPortal):
    """The client's improvement actions in its portal; record rules decide what it sees."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cx_action_count" in counters:
            Action = request.env["cx.action"]
            values["cx_action_count"] = (
                Action.search_count(self._cx_action_domain()) if Action.has_access("read") else 0
            )
        return values

    def _cx_action_domain(self):
        """Only published actions, also for employees looking at the portal."""
        return [("portal_published", "=", True)]

    def _cx_action_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "deadline": {"label": _("Deadline"), "order": "date_deadline, id desc"},
            "stage": {"label": _("Stage"), "order": "stage_id, date_deadline, id desc"},
        }

    def _cx_action_searchbar_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {
                "label": _("Open"),
                "domain": [("stage_id.is_done", "=", False), ("stage_id.is_cancelled", "=", False)],
            },
            "done": {"label": _("Done"), "domain": [("stage_id.is_done", "=", True)]},
        }

    @http.route(
        ["/my/cx/actions", "/my/cx/actions/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_cx_actions(self, page=1, sortby=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Action = request.env["cx.action"]
        sortings = self._cx_action_searchbar_sortings()
        filters = self._cx_action_searchbar_filters()
        if sortby not in sortings:
            sortby = "date"
        if filterby not in filters:
            filterby = "all"
        domain = self._cx_action_domain() + filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/cx/actions",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Action.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        actions = Action.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_cx_actions_history"] = actions.ids[:100]
        values.update(
            {
                "actions": actions,
                "page_name": "cx_action",
                "default_url": "/my/cx/actions",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("cx_management.portal_my_cx_actions", values)

    def _cx_client_lang(self, action_sudo):
        """A visitor who opens the action by its link (not logged in, no language chosen) reads
        it in the client's language, as the mail that brought the link was written; a logged-in
        portal user reads the portal in their own language already."""
        if not request.env.user._is_public() or request.cookies.get("frontend_lang"):
            return
        lang = action_sudo.contact_id.lang or action_sudo.partner_id.lang
        if (
            lang
            and lang != request.env.lang
            and lang in request.env["res.lang"]._get_active_by("code")
        ):
            request.update_context(lang=lang)
            request.lang = request.env["res.lang"]._get_data(code=lang)

    @http.route(["/my/cx/actions/<int:action_id>"], type="http", auth="public", website=True)
    def portal_my_cx_action(self, action_id, access_token=None, **kw):
        try:
            action_sudo = self._document_check_access("cx.action", action_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not action_sudo.portal_published:
            # a valid token of an unpublished action opens nothing either
            return request.redirect("/my")
        self._cx_client_lang(action_sudo)
        stages = action_sudo._cx_portal_stages()
        values = {
            "page_name": "cx_action",
            "cx_action": action_sudo,
            "stages": stages,
            "current_index": list(stages).index(action_sudo.stage_id)
            if action_sudo.stage_id in stages
            else -1,
        }
        values = self._get_page_view_values(
            action_sudo, access_token, values, "my_cx_actions_history", False, **kw
        )
        return request.render("cx_management.portal_my_cx_action", values)
