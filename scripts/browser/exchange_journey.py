#!/usr/bin/env python3
"""Document-exchange journey of Motcua (issue 20): the administrator keeps the exchange's peers and watches its outbox.

Usage: python3 scripts/browser/exchange_journey.py --base http://127.0.0.1:PORT --out "artifacts/screenshots/exchange-{viewport}"

0. Before the peer exists, a specialist drafts a letter to province B (000.00.00.H42) and the leader signs and issues it:
   the recipient is left to send, with no button (province B is not a peer yet).
1. The administrator (quantri) logs in on a phone (360x800), follows the admin menu's link to the exchange's peers: the
   page fits the phone's width; a peer with an ftp:// endpoint is refused with the Vietnamese message, nothing listed.
2. On the desktop (1366x900) the administrator adds a peer (another province: this server's own certificate, read from
   the identity API, under another identifier), edits its name, opens the outbox (pending, sent, dead letters with
   their counts); the leader opens the issued letter, whose line for province B now offers "Gửi liên thông", sends it
   (the line then reads sent, with the peer's status); the administrator deletes the peer, so a rerun starts afresh.

Meant for a demo province (MOTCUA_ENV=development, where http:// endpoints are allowed). Needs `chromium` on PATH and
the `websocket-client` package; the browser plumbing is in lib/.
"""

import json
import os
import random
import re
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE  # noqa: E402
from lib.files import save_files, tiny_pdf  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PEERS = "/officer/quan-tri/lien-thong"
PEER = "000.00.00.H42"
OUT, DRAFTER, LEADER = "/officer/van-ban-di", "chuyenvien.ubnd", "lanhdao.ubnd"


class ExchangeJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.files, self.outgoing = None, None

    def text(self, b, selector):
        return re.sub(r"\s+", " ", b.text(selector) or "").strip()

    def step_draft(self):
        b = self.desktop
        b.navigate(self.url(OUT + "/soan"))
        b.wait_for("#others")
        b.set_value("#typeCode", "CV")
        b.type_into("#summary", f"V/v trao đổi văn bản liên thông (đợt {random.randint(100, 999_999)})")
        b.type_into("#others", f"Tỉnh B | {PEER}")
        b.set_files("#file", self.files["letter"])
        b.press("#out-submit", "saving the draft")
        m = re.fullmatch(rf"{OUT}/(\d+)", b.path())
        self.expect(m is not None, f"saving led to {b.path()}: {self.text(b, '[role=alert]')}")
        self.outgoing = m.group(1)
        b.press("#out-submit-review", "submitting the draft")
        return f"draft {self.outgoing}"

    def step_issue(self):
        b = self.desktop
        b.navigate(self.url(f"{OUT}/{self.outgoing}"))
        b.wait_for("#out-approve")
        b.press("#out-approve", "approving the draft")
        b.press("#out-sign-submit", "signing the document")
        b.press("#out-issue-submit", "issuing the document")
        line = self.text(b, "#out-recipient-0")
        self.expect("Chờ gửi qua trục liên thông" in line, f"province B's line after the issue: {line!r}")
        self.expect(not b.has("#out-send-0"), "a send button is offered before province B is a peer")
        return f"issued as {self.text(b, '#out-number')}; {line}"

    def step_send(self):
        b = self.desktop
        b.navigate(self.url(f"{OUT}/{self.outgoing}"))
        b.wait_for("#out-send-0")
        b.press("#out-send-0", "sending to province B by the exchange")
        line = self.text(b, "#out-recipient-0")
        self.expect("Đã gửi qua trục liên thông" in line and b.has("#out-exchange-0"), f"province B's line after sending: {line!r}")
        self.expect(not b.has("#out-send-0"), "the send button is still offered after sending")
        return b.fits_width("the sent document") + f"; {line}"

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
        self.files = save_files(os.path.abspath(self.out), {"letter": ("cong-van.pdf", tiny_pdf("Cong van lien thong"))})
        steps = [
            ("0-drafter-login-desktop", "desktop", self.login_step(DRAFTER, "desktop")),
            ("0-draft-to-province-b", "desktop", self.step_draft),
            ("0-leader-login-desktop", "desktop", self.login_step(LEADER, "desktop")),
            ("0-issue-left-to-send", "desktop", self.step_issue),
            ("1-admin-login-phone", "phone", self.login_step(ADMIN, "phone")),
            ("2-refused-peer-on-phone", "phone", self.step_refused),
            ("3-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("4-add-and-edit-peer", "desktop", self.step_add_edit),
            ("5-outbox", "desktop", self.step_outbox),
            ("5-leader-login-desktop", "desktop", self.login_step(LEADER, "desktop")),
            ("5-send-by-button", "desktop", self.step_send),
            ("5-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("6-delete-peer", "desktop", self.step_delete),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("exchange journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("document-exchange journey").parse_args()
    sys.exit(ExchangeJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
