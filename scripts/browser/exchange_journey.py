#!/usr/bin/env python3
"""Document-exchange journey of Motcua (issue 20): the administrator keeps the exchange's peers and watches its outbox.

Usage: python3 scripts/browser/exchange_journey.py --base http://127.0.0.1:PORT --out "artifacts/screenshots/exchange-{viewport}"

1. The administrator (quantri) logs in on a phone (360x800), follows the admin menu's link to the exchange's peers: the
   page fits the phone's width; a peer with an ftp:// endpoint is refused with the Vietnamese message, nothing listed.
2. On the desktop (1366x900) the administrator adds a peer (another province: this server's own certificate, read from
   the identity API, under another identifier), edits its name, opens the outbox (pending, sent, dead letters with
   their counts) and deletes the peer, so that a second run starts from the same page.

Meant for a demo province (MOTCUA_ENV=development, where http:// endpoints are allowed). Needs `chromium` on PATH and
the `websocket-client` package; the browser plumbing is in lib/.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PEERS = "/officer/quan-tri/lien-thong"
PEER = "000.00.00.H42"


class ExchangeJourney(Journey):
    def fill(self, b, endpoint, name):
        status, _, body = self.http.get("/api/v1/documents/exchange/identity")
        self.expect(status == 200, f"identity API answered {status}")
        if not b.has("#xch-id[readonly]"):
            b.set_value("#xch-id", PEER)
        b.set_value("#xch-name", name)
        b.set_value("#xch-endpoint", endpoint)
        b.set_value("#xch-pem", json.loads(body)["certificatePEM"])

    def step_refused(self):
        b = self.phone
        b.navigate(self.url("/officer"))
        b.wait_for("#nav-admin-exchange")
        b.click("#nav-admin-exchange", "the admin menu's exchange link")
        b.wait_for("#xch-peer-form")
        self.fill(b, "ftp://tinh-b.example/packages", "Tỉnh B")
        b.press("#xch-save", "saving a peer with an ftp:// endpoint")
        b.wait_for("#xch-error")
        message = b.text("#xch-error")
        self.expect("https://" in message, f"the error does not ask for https: {message!r}")
        self.expect(not b.has(f"[data-peer='{PEER}']"), "the refused peer is listed")
        return b.fits_width("the peers page with its error") + f", refused: {message[:50]}…"

    def step_add_edit(self):
        b = self.desktop
        b.navigate(self.url(PEERS))
        b.wait_for("#xch-peer-form")
        self.fill(b, self.url("/api/v1/documents/packages"), "Tỉnh B")
        b.press("#xch-save", "adding the peer")
        b.wait_for("#xch-done")
        self.expect(b.has(f"[data-peer='{PEER}']"), "the new peer is not listed")
        b.click(f"[data-peer='{PEER}'] a", "editing the peer")
        b.wait_for("#xch-id[readonly]")
        self.fill(b, self.url("/api/v1/documents/packages"), "Tỉnh B (đã sửa)")
        b.press("#xch-save", "saving the edited peer")
        b.wait_for("#xch-done")
        listed = b.text(f"[data-peer='{PEER}']")
        self.expect("Tỉnh B (đã sửa)" in listed, f"the edited name is not listed: {listed!r}")
        return b.fits_width("the peers page") + ", peer added and edited"

    def step_outbox(self):
        b = self.desktop
        b.click("#xch-outbox-link", "the outbox")
        b.wait_for("#xch-tabs")
        tabs = b.texts("#xch-tabs a")
        self.expect(len(tabs) == 3, f"the outbox does not show three states: {tabs}")
        b.click("#xch-tabs a:last-child", "the dead letters")
        b.wait_for("#xch-tabs [aria-current=page]")
        return b.fits_width("the outbox") + f", tabs {tabs}"

    def step_delete(self):
        b = self.desktop
        b.navigate(self.url(PEERS))
        b.wait_for(f"[data-peer='{PEER}']")
        b.press(f"[data-peer='{PEER}'] button", "deleting the peer")
        b.wait_for("#xch-done")
        self.expect(not b.has(f"[data-peer='{PEER}']"), "the deleted peer is still listed")
        return "peer deleted"

    def run(self):
        steps = [
            ("1-admin-login-phone", "phone", self.login_step(ADMIN, "phone")),
            ("2-refused-peer-on-phone", "phone", self.step_refused),
            ("3-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("4-add-and-edit-peer", "desktop", self.step_add_edit),
            ("5-outbox", "desktop", self.step_outbox),
            ("6-delete-peer", "desktop", self.step_delete),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("exchange journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("document-exchange journey").parse_args()
    sys.exit(ExchangeJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
