"""Log into a running Odoo and screenshot a page with headless Chromium (DevTools protocol);
how the README's screenshots are taken from `./cx demo`.

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


def shoot(base, out, path, js_after="", wait=".o_form_view", user="admin", password="admin"):
    """Write the PNG of the page at PATH as USER sees it, once WAIT holds."""
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
        ready = _ready_expression(wait)
        for _ in range(300):
            if evaluate(ready):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{path} never got ready: {wait}")
        time.sleep(2)  # avatars and fonts
        if js_after:
            evaluate(js_after)
            time.sleep(2)
        data = call("Page.captureScreenshot", format="png")["data"]
        with open(out, "wb") as f:
            f.write(base64.b64decode(data))
        print("wrote", out)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
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
