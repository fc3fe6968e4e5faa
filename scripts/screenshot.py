"""Log into a running Odoo and screenshot a page with headless Chromium (DevTools protocol);
how the README's screenshots are taken from `./cx demo`.

Every picture of the README and USAGE at once, from a running demo (English or Russian: the
demo's language decides which set, the Russian files end in _ru):
       python3 scripts/screenshot.py readme BASE_URL [FOLDER]
e.g.   python3 scripts/screenshot.py readme http://127.0.0.1:8069 cx_management/static/description

One page:
usage: python3 scripts/screenshot.py BASE_URL OUT.png PATH [JS_AFTER_LOAD] [WAIT]
e.g.   python3 scripts/screenshot.py http://127.0.0.1:8069 out.png \
           "/odoo/action-cx_management.cx_action_action"
WAIT is a CSS selector to wait for (default .o_form_view), or `js:` and a JavaScript
expression that turns true when the page is ready (for what a selector cannot reach, such as
the portal chatter's shadow root).
Another user: CX_SHOT_LOGIN=client CX_SHOT_PASSWORD=client \
           python3 scripts/screenshot.py ... "/my" "" "main"
"""

import base64
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import requests
import websocket


def login(base, user, password):
    """An Odoo session of the user: the requests session and its session_id cookie."""
    session = requests.Session()
    page = session.get(base + "/web/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        base + "/web/login",
        data={"login": user, "password": password, "csrf_token": csrf, "redirect": ""},
    )
    session_id = session.cookies.get("session_id")
    assert session_id and "o_login" not in response.url, f"login of {user} failed"
    return session, session_id


def _ready_expression(wait):
    if wait.startswith("js:"):
        return f"!!({wait[3:]})"
    return f"!!document.querySelector({json.dumps(wait)})"


def shoot(
    base, out, path, js_after="", wait=".o_form_view", user="admin", password="admin", then=""
):
    """Write the PNG of the page at PATH as USER sees it, once WAIT holds (and, after
    JS_AFTER, once THEN holds: a selector or a `js:` expression, as WAIT)."""
    _session, session_id = login(base, user, password)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    profile = tempfile.mkdtemp()
    proc = subprocess.Popen(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1400,900",
            "--hide-scrollbars",
            f"--remote-debugging-port={port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=5).json()
                pages = [t for t in targets if t["type"] == "page"]
                if pages:
                    break
            except requests.RequestException:
                time.sleep(0.2)  # Chromium is not listening yet
                continue
            time.sleep(0.2)
        ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        counter = [0]

        def call(method, **params):
            counter[0] += 1
            ws.send(json.dumps({"id": counter[0], "method": method, "params": params}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("id") == counter[0]:
                    if "error" in msg:
                        raise RuntimeError(msg["error"])
                    return msg.get("result", {})

        def evaluate(expr):
            result = call("Runtime.evaluate", expression=expr, returnByValue=True)
            return result["result"].get("value")

        call("Network.enable")
        host = re.match(r"https?://([^:/]+)", base).group(1)
        call("Network.setCookie", name="session_id", value=session_id, domain=host, path="/")
        call(
            "Emulation.setDeviceMetricsOverride",
            width=1400,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        call("Page.enable")
        call("Page.navigate", url=base + path)

        def wait_for(expression, what):
            ready = _ready_expression(expression)
            for _ in range(300):
                if evaluate(ready):
                    return
                time.sleep(0.2)
            raise RuntimeError(f"{path} never got ready{what}: {expression}")

        wait_for(wait, "")
        time.sleep(2)  # avatars and fonts
        if js_after:
            evaluate(js_after)
            time.sleep(2)
        if then:
            wait_for(then, " after the script")
            time.sleep(1)
        data = call("Page.captureScreenshot", format="png")["data"]
        with open(out, "wb") as f:
            f.write(base64.b64decode(data))
        print("wrote", out)
    finally:
        proc.terminate()
        proc.wait(10)


def rpc(session, base, model, method, *args, **kwargs):
    """A JSON-RPC call as the logged-in user (the web client's call_kw)."""
    response = session.post(
        f"{base}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
        },
        timeout=60,
    ).json()
    if "error" in response:
        raise RuntimeError(response["error"]["data"]["message"])
    return response.get("result")  # Odoo leaves out a result of None


def first_id(session, base, model, domain, order="id"):
    found = rpc(session, base, model, "search", domain, limit=1, order=order)
    assert found, f"the demo has no {model} matching {domain}: is this a ./cx demo database?"
    return found[0]


def pdf_picture(session, base, path, out, resolution=80):
    """The first page of a PDF report as a PNG (Debian's poppler-utils: pdftoppm)."""
    response = session.get(base + path, timeout=300)
    if not response.content.startswith(b"%PDF"):
        raise RuntimeError(f"{path} gave no PDF: {response.text[:200]}")
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "report.pdf")
        with open(source, "wb") as f:
            f.write(response.content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-singlefile", source]
            + [out[: -len(".png")]],
            check=True,
        )
    print("wrote", out)


def richest_client(session, base):
    """The demo client with the largest annual revenue: the one the brief's picture shows."""
    return first_id(
        session,
        base,
        "res.partner",
        [("is_company", "=", True), ("cx_annual_revenue", ">", 0)],
        order="cx_annual_revenue desc, id",
    )


def finished_assessment(session, base):
    """A finished maturity assessment: the demo has none, so one is answered as a company
    early on the road would (levels 1-2 yes, 3 partly, 4-5 no) and finished."""
    done = rpc(session, base, "cx.maturity.assessment", "search", [("state", "=", "done")], limit=1)
    if done:
        return done[0]
    [assessment] = rpc(session, base, "cx.maturity.assessment", "create", [{}])
    answers = rpc(
        session,
        base,
        "cx.maturity.answer",
        "search_read",
        [("assessment_id", "=", assessment)],
        ["level"],
    )
    for answer, levels in (("yes", (1, 2)), ("partly", (3,)), ("no", (4, 5))):
        ids = [a["id"] for a in answers if a["level"] in levels]
        if ids:
            rpc(session, base, "cx.maturity.answer", "write", ids, {"answer": answer})
    rpc(session, base, "cx.maturity.assessment", "action_done", [assessment])
    return assessment


LIST_READY = "js:document.querySelectorAll('.o_data_row').length >= 3"
CLICK_TAB = (
    "[...document.querySelectorAll('.o_notebook .nav-link')]"
    ".find(a => a.getAttribute('name') === %r).click()"
)


def order_drill_picture(session, base, out):
    """The orders behind the worked example client's "2+ months late" value: its Integral CSI
    tab, then Orders on that metric's row."""
    [data] = rpc(
        session,
        base,
        "ir.model.data",
        "search_read",
        [("module", "=", "cx_management"), ("name", "=", "res_partner_yamal_gas_demo")],
        ["res_id"],
    )
    [metric] = rpc(
        session, base, "cx.metric", "search_read", [("code", "=", "window_late_2m")], ["name"]
    )
    click_orders = (
        CLICK_TAB % "cx_management_csi" + ";setTimeout(() => [...document.querySelectorAll("
        "\"div[name='cx_csi_value_ids'] .o_data_row\")]"
        f".find(r => r.textContent.includes({json.dumps(metric['name'])}))"
        ".querySelector(\"button[name='action_view_order_facts']\").click(), 1500)"
    )
    shoot(
        base,
        out,
        f"/odoo/contacts/{data['res_id']}",
        js_after=click_orders,
        then="js:document.querySelector('.o_list_view .o_data_row')"
        " && !document.querySelector('.o_form_view')",
    )


def readme_pictures(base, folder="."):
    """Every picture the README and USAGE show, from the running demo at BASE.

    The English demo gives the English pictures, the Russian one (CX_DEMO_LANG=ru_RU) the
    Russian pictures the docs show (file names ending in _ru).
    """
    # the sibling script imports this one: imported here, once both are loaded
    from cx_action_screenshots import CHATTER_READY  # noqa: PLC0415
    from cx_action_screenshots import main as action_pictures  # noqa: PLC0415

    session, _session_id = login(base, "admin", "admin")
    lang = session.post(
        base + "/web/session/get_session_info", json={"params": {}}, timeout=60
    ).json()["result"]["user_context"]["lang"]
    os.makedirs(folder, exist_ok=True)

    def out(name):
        return os.path.join(folder, f"{name}.png")

    if lang.startswith("ru"):
        shoot(
            base,
            out("cx_dashboard_ru"),
            "/odoo/cx-dashboard",
            wait=".o_cx_dashboard_focus",
            user="demo",
            password="demo",
        )
        portal = login(base, "client", "client")[0]
        action = re.search(r"/my/cx/actions/(\d+)", portal.get(base + "/my/cx/actions").text)
        assert action, "the demo client sees no published action"
        shoot(
            base,
            out("cx_action_portal_ru"),
            f"/my/cx/actions/{action.group(1)}",
            wait=CHATTER_READY,
            user="client",
            password="client",
        )
        pdf_picture(
            session,
            base,
            f"/report/pdf/cx_management.report_client_brief/{richest_client(session, base)}",
            out("client_brief_ru"),
        )
        return
    claim = first_id(
        session,
        base,
        "cx.feedback",
        [("channel", "=", "claim"), ("topic_ids", "!=", False), ("process_id", "!=", False)],
        order="date desc",
    )
    shoot(base, out("feedback_form"), f"/odoo/action-cx_management.cx_feedback_action/{claim}")
    client = rpc(session, base, "cx.feedback", "read", [claim], ["commercial_partner_id"])[0]
    shoot(
        base,
        out("client_cx_tab"),
        f"/odoo/contacts/{client['commercial_partner_id'][0]}",
        js_after=CLICK_TAB % "cx_management",
    )
    order_drill_picture(session, base, out("order_drill"))
    shoot(base, out("cx_dashboard"), "/odoo/cx-dashboard", wait=".o_cx_dashboard_focus")
    shoot(base, out("cx_overview"), "/odoo/cx-overview")
    shoot(
        base,
        out("maturity_assessment"),
        "/odoo/action-cx_management.cx_maturity_assessment_action/"
        f"{finished_assessment(session, base)}",
    )
    shoot(
        base,
        out("analysis_pareto"),
        "/odoo/action-cx_management.cx_topic_pareto_action",
        wait=".o_cx_pareto_table tbody tr",
    )
    shoot(
        base,
        out("analysis_processes"),
        "/odoo/action-cx_management.cx_process_report_action",
        wait=".o_group_header",
    )
    [requirement] = rpc(
        session,
        base,
        "cx.requirement",
        "search_read",
        [("lead_id", "!=", False)],
        ["lead_id"],
        limit=1,
    )
    shoot(
        base,
        out("requirements_opportunity"),
        f"/odoo/crm/{requirement['lead_id'][0]}",
        js_after=CLICK_TAB % "cx_requirements",
    )
    action_pictures(base, folder)
    shoot(
        base,
        out("portal_feedback"),
        "/my/cx/feedback",
        wait="form",
        user="client",
        password="client",
    )
    shoot(base, out("spend_nps"), "/odoo/cx-spend-nps", wait=".o_pivot table")
    pdf_picture(
        session,
        base,
        f"/report/pdf/cx_management.report_client_brief/{richest_client(session, base)}",
        out("client_brief"),
    )


if __name__ == "__main__":
    if sys.argv[1] == "readme":
        readme_pictures(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ".")
        sys.exit(0)
    base_url, out_file, page_path = sys.argv[1], sys.argv[2], sys.argv[3]
    shoot(
        base_url,
        out_file,
        page_path,
        js_after=sys.argv[4] if len(sys.argv) > 4 else "",
        wait=sys.argv[5] if len(sys.argv) > 5 else ".o_form_view",
        user=os.environ.get("CX_SHOT_LOGIN", "admin"),
        password=os.environ.get("CX_SHOT_PASSWORD", "admin"),
    )
