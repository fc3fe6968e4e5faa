import base64
import os
import time

from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser

from .cx_action_common import CxActionFixtures


@tagged("cx_screenshots", "-standard", "post_install", "-at_install")
class TestCxActionScreenshots(CxActionFixtures, HttpCase):
    """Not a check: takes the README's screenshots of the kanban and of the portal page.

    Run with CX_TEST_TAGS=cx_screenshots/cx_management ./cx test; the PNG files land in
    $CX_SCREENSHOT_DIR (default /tmp/cx_screenshots).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cx_action_fixtures()
        gamma = cls.env["res.partner"].create({"name": "Gamma Metals", "is_company": True})
        plan = [
            ("Certificates travel with the pipes", cls.client_a, cls.stage_progress, "2030-06-30"),
            ("Order status by e-mail every Monday", cls.client_a, cls.stage_planned, "2030-07-15"),
            ("Agree the delivery window per order", cls.client_b, cls.stage_new, "2030-08-01"),
            (
                "Pack bundles to the client's standard",
                cls.client_b,
                cls.stage_progress,
                "2030-05-20",
            ),
            ("Claims answered within 5 days", gamma, cls.stage_planned, "2030-09-01"),
            ("Joint quality review every quarter", gamma, cls.stage_new, "2030-10-01"),
            ("Expedited class for urgent orders", cls.client_a, cls.stage_done, "2026-03-01"),
            ("Price list in the client's currency", gamma, cls.stage_cancelled, "2026-02-01"),
        ]
        owners = [cls.owner, cls.manager, cls.other_user]
        cls.actions = cls.env["cx.action"]
        for i, (name, client, stage, deadline) in enumerate(plan):
            cls.actions |= cls._new_action(
                name=name,
                partner_id=client.id,
                stage_id=stage.id,
                date_deadline=deadline,
                user_id=owners[i % 3].id,
                priority="1" if i % 3 == 0 else "0",
                portal_published=i % 2 == 0,
                client_summary="<p>We attach the quality certificates to the waybill of every "
                "shipment, so your acceptance no longer waits for them.</p>",
            )
        cls.portal_action = cls.actions[0]
        cls.portal_action.message_post(
            body="Work started: the warehouse prints the certificates with the waybill.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.manager.partner_id.id,
        )

    def _shoot(self, url, login, ready, filename):
        browser = ChromeBrowser(self, headless=True)
        try:
            self.http_request_key = self.canonical_tag + "_browser_js"
            self.authenticate(login, login, browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride",
                params={"width": 1400, "height": 860, "deviceScaleFactor": 1, "mobile": False},
            )
            browser.navigate_to(self.base_url() + url, wait_stop=True)
            self.assertTrue(browser._wait_ready(ready, timeout=60), f"{url} never got ready")
            time.sleep(2)  # avatars and fonts
            shot = browser._websocket_send("Page.captureScreenshot", with_future=True)
            data = shot.result(timeout=30)["data"]
            folder = os.environ.get("CX_SCREENSHOT_DIR", "/tmp/cx_screenshots")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, filename), "wb") as png:
                png.write(base64.b64decode(data))
        finally:
            browser.stop()
            self._wait_remaining_requests()
            self.http_request_key = self.canonical_tag
            self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key

    def test_screenshots(self):
        self._shoot(
            "/odoo/action-cx_management.cx_action_action",
            "cx_act_manager",
            "document.querySelectorAll('.o_kanban_record:not(.o_kanban_ghost)').length >= 6",
            "cx_action_kanban.png",
        )
        self._shoot(
            f"/my/cx/actions/{self.portal_action.id}",
            "cx_portal_a",
            "!!((document.querySelector('#chatterRoot') || {}).shadowRoot"
            " && document.querySelector('#chatterRoot').shadowRoot"
            ".querySelector('.o-mail-Message'))",
            "cx_action_portal.png",
        )
