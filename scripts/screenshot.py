"""Log into a running Odoo as admin and screenshot a page with headless Chromium (DevTools
protocol); how the README's screenshots were taken from `./cx demo`.

usage: python3 scripts/screenshot.py BASE_URL OUT.png PATH [JS_AFTER_LOAD] [WAIT_SELECTOR]
e.g.   python3 scripts/screenshot.py http://127.0.0.1:8069 out.png \
           "/odoo/action-cx_management.cx_action_action"
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

base, out, path = sys.argv[1], sys.argv[2], sys.argv[3]
js_after = sys.argv[4] if len(sys.argv) > 4 else ""
wait_selector = sys.argv[5] if len(sys.argv) > 5 else ".o_form_view"

s = requests.Session()
page = s.get(base + "/web/login").text
csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
credentials = {
    "login": os.environ.get("CX_SHOT_LOGIN", "admin"),
    "password": os.environ.get("CX_SHOT_PASSWORD", "admin"),
}
r = s.post(base + "/web/login", data={**credentials, "csrf_token": csrf, "redirect": ""})
session_id = s.cookies.get("session_id")
assert session_id and "o_login" not in r.url, "login failed"

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
            targets = requests.get(f"http://127.0.0.1:{port}/json").json()
            pages = [t for t in targets if t["type"] == "page"]
            if pages:
                break
        except Exception:
            pass
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
        return call("Runtime.evaluate", expression=expr, returnByValue=True)["result"].get("value")

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
    for _ in range(150):
        if evaluate(f"!!document.querySelector({json.dumps(wait_selector)})"):
            break
        time.sleep(0.2)
    else:
        raise RuntimeError("page did not load " + wait_selector)
    time.sleep(2)
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
