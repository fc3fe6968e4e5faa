"""Take the README's two screenshots of improvement actions from a running `./cx demo`: the
kanban by stage as admin, and the first action on the portal of the demo client (login client).

usage: python3 scripts/cx_action_screenshots.py [BASE_URL] [FOLDER]
e.g.   python3 scripts/cx_action_screenshots.py http://127.0.0.1:8069 \
           cx_management/static/description
"""

import os
import re
import sys

from screenshot import login, shoot

KANBAN_READY = "js:document.querySelectorAll('.o_kanban_record:not(.o_kanban_ghost)').length >= 6"
CHATTER_READY = (
    "js:(document.querySelector('#chatterRoot') || {}).shadowRoot"
    " && document.querySelector('#chatterRoot').shadowRoot"
    ".querySelector('.o-mail-Message, .o-mail-Composer')"
)


def main(base="http://127.0.0.1:8069", folder="."):
    os.makedirs(folder, exist_ok=True)
    shoot(
        base,
        os.path.join(folder, "cx_action_kanban.png"),
        "/odoo/action-cx_management.cx_action_action",
        wait=KANBAN_READY,
    )
    session, _session_id = login(base, "client", "client")
    listing = session.get(base + "/my/cx/actions").text
    found = re.search(r"/my/cx/actions/(\d+)", listing)
    assert found, "the demo client sees no published action: is this the ./cx demo database?"
    shoot(
        base,
        os.path.join(folder, "cx_action_portal.png"),
        f"/my/cx/actions/{found.group(1)}",
        wait=CHATTER_READY,
        user="client",
        password="client",
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
