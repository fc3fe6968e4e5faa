import uuid

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.res_config_settings import PARAM_PORTAL_LIMIT
from ..tools import feedback_loop
from ..tools.settings import int_setting


class CxFeedbackPortal(CustomerPortal):
    """A client's contact leaves feedback from the portal: checked, limited, then saved."""

    def _cx_feedback_allowed(self):
        """Only the clients' portal users give feedback as a client contact."""
        return request.env.user._is_portal()

    def _cx_feedback_action(self, action_id):
        """The published action the user may see, an empty record for none, or None if refused."""
        Action = request.env["cx.action"]
        if action_id in (None, ""):
            return Action
        try:
            action_sudo = self._document_check_access("cx.action", int(action_id))
        except (AccessError, MissingError, TypeError, ValueError):
            return None
        return action_sudo if action_sudo.portal_published else None

    def _cx_feedback_stages(self):
        partner = request.env.user.partner_id
        role = partner.sudo().cx_role_id
        if role:
            return role._cx_interview_stages()
        return request.env["cx.journey.stage"].sudo().search([])

    def _cx_feedback_limit(self):
        value = request.env["ir.config_parameter"].sudo().get_param(PARAM_PORTAL_LIMIT)
        return int_setting(value, feedback_loop.DEFAULT_PORTAL_LIMIT)

    def _cx_feedback_posts_in_window(self):
        start = feedback_loop.rate_window_start(fields.Datetime.now())
        return (
            request.env["cx.feedback"]
            .sudo()
            .search_count(
                [
                    ("channel", "=", "portal"),
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("create_date", ">=", start),
                ]
            )
        )

    def _cx_feedback_error_messages(self, errors):
        env = request.env
        texts = {
            "csi_score": env._("The CSI score must be a whole number from 1 to 5."),
            "nps_score": env._("The NPS score must be a whole number from 0 to 10."),
            "comment": env._(
                "Your comment is too long: at most %s characters.",
                feedback_loop.COMMENT_MAX_LENGTH,
            )
            if errors.get("comment") != "character"
            else env._("Your comment contains a character that cannot be saved: remove it."),
            "stage_id": env._("Choose a stage of our work together from the list."),
            "form": env._("Give a score or write a comment."),
        }
        return [
            texts[key]
            for key in ("stage_id", "csi_score", "nps_score", "comment", "form")
            if key in errors
        ]

    def _cx_feedback_lock(self):
        """The contact's posts one at a time: limit and token are checked under this lock."""
        request.env["cx.feedback"].sudo()._cx_portal_post_lock(request.env.user.partner_id)

    def _cx_feedback_by_token(self, token):
        """The contact's feedback posted with this form's submission token, if any."""
        if not token:
            return request.env["cx.feedback"]
        return (
            request.env["cx.feedback"]
            .sudo()
            .search(
                [("portal_token", "=", token), ("partner_id", "=", request.env.user.partner_id.id)],
                limit=1,
            )
        )

    def _cx_feedback_render(self, action_sudo, values=None, errors=None, messages=None):
        page = self._prepare_portal_layout_values()
        values = dict(values or {})
        values.setdefault("portal_token", uuid.uuid4().hex)
        page.update(
            {
                "page_name": "cx_feedback",
                "cx_action": action_sudo,
                "stages": self._cx_feedback_stages(),
                "form": values,
                "error": errors or {},
                "error_messages": messages or [],
                "comment_max_length": feedback_loop.COMMENT_MAX_LENGTH,
            }
        )
        return request.render("cx_management.portal_cx_feedback_form", page)

    @http.route("/my/cx/feedback", type="http", auth="user", methods=["GET"], website=True)
    def portal_cx_feedback_form(self, action_id=None, **kw):
        if not self._cx_feedback_allowed():
            return request.redirect("/my")
        action_sudo = self._cx_feedback_action(action_id)
        if action_sudo is None:
            return request.redirect("/my")
        return self._cx_feedback_render(action_sudo)

    @http.route(
        "/my/cx/feedback/submit",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        csrf=True,
    )
    def portal_cx_feedback_submit(self, action_id=None, **post):
        if not self._cx_feedback_allowed():
            return request.redirect("/my")
        action_sudo = self._cx_feedback_action(action_id)
        if action_sudo is None:
            return request.redirect("/my")
        stages = self._cx_feedback_stages()
        values, errors = feedback_loop.check_portal_form(
            post.get("csi_score"),
            post.get("nps_score"),
            post.get("comment"),
            post.get("stage_id"),
            stages.ids,
        )
        keys = ("stage_id", "csi_score", "nps_score", "comment", "portal_token")
        form = {key: post.get(key, "") for key in keys}
        token = feedback_loop.clean_token(post.get("portal_token"))
        form["portal_token"] = token or uuid.uuid4().hex
        if errors:
            return self._cx_feedback_render(
                action_sudo, form, errors, self._cx_feedback_error_messages(errors)
            )
        self._cx_feedback_lock()
        # the same form sent twice (double click, resent request): one feedback
        if existing := self._cx_feedback_by_token(token):
            return request.redirect(self._cx_feedback_thanks_url(existing))
        limit = self._cx_feedback_limit()
        if feedback_loop.rate_exceeded(self._cx_feedback_posts_in_window(), limit):
            message = request.env._(
                "You have already sent %s feedback forms within the last hour. "
                "Please try again later.",
                limit,
            )
            return self._cx_feedback_render(action_sudo, form, {"form": "rate"}, [message])
        partner = request.env.user.partner_id
        client = partner.commercial_partner_id
        feedback = (
            request.env["cx.feedback"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "role_id": partner.sudo().cx_role_id.id,
                    "stage_id": values["stage_id"] or False,
                    "csi_score": False if values["csi_score"] is None else values["csi_score"],
                    "nps_score": False if values["nps_score"] is None else values["nps_score"],
                    "comment": values["comment"] or False,
                    "channel": "portal",
                    "portal_token": token or False,
                    "action_id": action_sudo.id,
                    "company_id": (
                        action_sudo.company_id or client.sudo().company_id or request.env.company
                    ).id,
                }
            )
        )
        # Post/Redirect/Get: reloading the thank-you page does not post again
        return request.redirect(self._cx_feedback_thanks_url(feedback))

    def _cx_feedback_thanks_url(self, feedback):
        return f"/my/cx/feedback/thanks?feedback_id={feedback.id}"

    @http.route("/my/cx/feedback/thanks", type="http", auth="user", methods=["GET"], website=True)
    def portal_cx_feedback_thanks(self, feedback_id=None, **kw):
        """The thank-you page of a feedback the contact posted from the portal."""
        if not self._cx_feedback_allowed():
            return request.redirect("/my")
        try:
            feedback_id = int(feedback_id)
        except (TypeError, ValueError):
            return request.redirect("/my")
        feedback = (
            request.env["cx.feedback"]
            .sudo()
            .search(
                [
                    ("id", "=", feedback_id),
                    ("channel", "=", "portal"),
                    ("partner_id", "=", request.env.user.partner_id.id),
                ],
                limit=1,
            )
        )
        if not feedback:
            return request.redirect("/my")
        action_sudo = feedback.action_id
        if action_sudo and self._cx_feedback_action(action_sudo.id) is None:
            action_sudo = action_sudo.browse()
        page = self._prepare_portal_layout_values()
        page.update({"page_name": "cx_feedback", "cx_action": action_sudo, "feedback": feedback})
        return request.render("cx_management.portal_cx_feedback_thanks", page)
