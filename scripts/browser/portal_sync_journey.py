#!/usr/bin/env python3
"""National-portal sync journey of Motcua (issue 21, item 2): the administrator follows the status records
queued for the national public-service portal and sends a dead-lettered one again.

Usage: python3 scripts/browser/portal_sync_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/portal-sync

1. A dossier is received at the counter through the API: its first status record is queued.
2. The administrator (quantri) logs in on a phone (360x800) and opens /officer/dong-bo-cong-quoc-gia: the
   dossier's record is listed (waiting, or given up when the server's sync endpoint cannot be reached) with its
   national status; the page fits the phone's width.
3. On the desktop (1366x900): when a dead letter is listed (a server started with an unreachable
   NATIONAL_PORTAL_SYNC_URL and NATIONAL_PORTAL_SYNC_MAX_ATTEMPTS=1), "Gửi lại" puts it back in the queue and the
   page says so; otherwise the page is checked as it is.

Needs `chromium` on PATH and the `websocket-client` package; the browser plumbing is in lib/.
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE, RECEIVER, WARD, random_phone  # noqa: E402
from lib.session import officer_token  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PAGE = "/officer/dong-bo-cong-quoc-gia"


class PortalSyncJourney(Journey):
    code = None

    def step_receive(self):
        token, _ = officer_token(self.http, RECEIVER)
        body = {
            "procedureCode": "1.000689", "channel": "counter", "communeCode": WARD,
            "applicant": {"fullName": "Trần Thị Đồng Bộ", "idNumber": "038190001234", "phone": random_phone(),
                          "address": "5 Lê Lợi, phường Hạc Thành"},
        }
        status, data = self.http.api("POST", "/api/v1/dossiers", token, body)
        self.expect(status == 201, f"receiving a dossier answered {status}: {str(data)[:300]}")
        self.code = data["dossier"]["code"]
        time.sleep(2.5)  # a server with an unreachable endpoint gives the record up within a pass or two
        return f"dossier {self.code}"

    def step_page(self):
        b = self.phone
        b.navigate(self.url(PAGE))
        b.wait_for("#portal-sync-counts")
        records = b.texts(".portal-sync-record h3")
        self.expect(any(r.startswith(self.code) for r in records), f"the dossier's record is not listed: {records[:5]}")
        self.expect("Được tiếp nhận" in b.text("#portal-sync-dead") + b.text("#portal-sync-pending"),
                    "the national status is not named")
        return b.fits_width("the national portal sync page") + f", {len(records)} records listed"

    def step_resend(self):
        b = self.desktop
        b.navigate(self.url(PAGE))
        b.wait_for("#portal-sync-counts")
        buttons = b.texts("#portal-sync-dead button")
        if not buttons:
            return b.fits_width("the national portal sync page") + ", no dead letters on this server"
        b.press("#portal-sync-dead form [type=submit]", "sending a dead letter again")
        b.wait_for("#portal-sync-resent")
        return b.fits_width("the page after sending again") + f", {len(buttons)} dead letters before"

    def run(self):
        steps = [
            ("1-receive", "phone", self.step_receive),
            ("2-admin-login-phone", "phone", self.login_step(ADMIN, "phone")),
            ("3-queue-on-phone", "phone", self.step_page),
            ("4-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("5-send-again", "desktop", self.step_resend),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("national portal sync journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("national-portal sync journey").parse_args()
    sys.exit(PortalSyncJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
