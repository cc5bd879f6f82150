#!/usr/bin/env python3
"""Administration journey of Motcua (issue 19, "Administration in the browser"): the administrator
creates an officer who then logs in with the temporary password shown once, and adds a holiday
(citing its source) that moves due dates at once, then removes it.

Usage: python3 scripts/browser/admin_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/admin

1. The administrator (quantri) logs in on a phone (360x800), opens "Cán bộ" from the header, and
   creates an officer of an agency with the specialist role: the page shows the temporary password
   once; the page fits the phone's width. On the officer's page a new temporary password is issued.
2. On the desktop (1366x900) the new officer logs in with that password and lands on the password change
   page, which says why (a password an administrator set is changed at the first login); they choose their
   own and go on to their queue.
3. The administrator opens the year at a glance (12 month grids) of a working week two weeks ahead,
   tries a make-up working day on a weekday (refused, 400, message on the page), then adds a holiday
   on that week's Tuesday: the due date of three working days from that Monday moves one working
   day later (due-date API, the same calendar dossiers use).
4. The administrator removes the holiday and the due date is back.
5. On the phone the administrator opens "Thủ tục", finds the birth registration typed without diacritics
   ("dang ky khai sinh"), opens it and changes the copy fee without citing its basis: refused (400), the
   message on the page and the typed amount kept.
6. On the desktop the administrator changes the copy fee citing its article: the portal's procedure page
   shows the new amount and its basis at once; then the fee is set back (citing the journey), as found.
7. On the phone the administrator issues an API key for the national portal (shown once); the national
   portal's inbound endpoint accepts it. On the desktop the administrator revokes it: the next hand-over
   with it is refused (401) at once.

Meant for a fresh demo province (MOTCUA_ENV=development); each run creates a new officer and leaves
the calendar as it found it. Needs `chromium` on PATH and the `websocket-client` package.
"""

import datetime
import json
import os
import random
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE  # noqa: E402
from lib.errors import expect  # noqa: E402
from lib.session import fill_login, officer_logout  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

OFFICERS = "/officer/quan-tri/can-bo"
BIRTH = "1.001193"
PROCEDURE = "/officer/quan-tri/thu-tuc/" + BIRTH


class AdminJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.username = "canbo" + "".join(random.choice("0123456789") for _ in range(6))
        self.password = None
        monday = datetime.date.today() + datetime.timedelta(days=14)
        self.monday = monday - datetime.timedelta(days=monday.weekday())
        self.tuesday = self.monday + datetime.timedelta(days=1)
        self.original = None
        self.key = None

    def due(self):
        start = f"{self.monday.isoformat()}T09:00:00%2B07:00"
        status, _, body = self.http.get(f"/api/v1/calendar/due-date?from={start}&workingDays=3")
        expect(status == 200, f"due-date API answered {status}")
        return json.loads(body)["dueDate"]

    def step_create(self):
        b = self.phone
        b.navigate(self.url("/officer"))
        b.wait_for("#nav-admin-officers")
        b.click("#nav-admin-officers", "opening the officers page")
        b.wait_for("#officer-create")
        self.expect(b.has("#officers") and "quantri" in b.text("#officers"), "the officers list does not show quantri")
        b.type_into("#new-username", self.username)
        b.type_into("#new-full-name", "Cán Bộ Hành Trình")
        agency = b.evaluate("document.querySelector('#new-agency option[value]:not([value=\"\"])').value")
        b.set_value("#new-agency", agency)
        b.evaluate("document.querySelector('#officer-create [name=role_specialist]').checked = true")
        b.press("#officer-create [type=submit]", "creating the officer")
        b.wait_for("#temporary-password")
        self.password = b.text("#temporary-password").strip()
        self.expect(len(self.password) == 12, f"the temporary password is {self.password!r}")
        return b.fits_width("the officers page") + f", created {self.username} at {agency}"

    def step_reset(self):
        b = self.phone
        b.click("#officer-created a", "opening the new officer's page")
        b.wait_for("#officer-reset-password")
        b.press("#officer-reset-password [type=submit]", "issuing a new temporary password")
        b.wait_for("#temporary-password")
        password = b.text("#temporary-password").strip()
        self.expect(password != self.password and len(password) == 12, f"the new temporary password is {password!r}")
        self.password = password
        return b.fits_width("the officer's page") + ", a new temporary password shown once"

    def step_newcomer(self):
        b = self.desktop
        fill_login(b, self.base, self.username, self.password)
        b.press("#login-form [type=submit]", f"logging in as {self.username}")
        self.expect(b.path() == "/officer/security/password", f"the new officer lands on {b.path()}: {b.text('[role=alert]')}")
        self.expect(b.has("#password-required"), "the change page does not say why the password must be changed")
        b.navigate(self.url("/officer"))
        self.expect(b.path() == "/officer/security/password", f"the queue opened before the password was changed: {b.path()}")
        return f"{self.username} logged in with the temporary password: sent to the change page, " + b.fits_width("the change page")

    def step_own_password(self):
        b = self.desktop
        own = "Hanh-trinh-" + self.password
        b.type_into("#current", self.password)
        b.type_into("#password", own)
        b.type_into("#passwordConfirm", own)
        b.press("#password-form [type=submit]", "choosing their own password")
        b.wait_for("#password-changed")
        b.click("#password-continue", "going on to the queue")
        self.expect(b.path() == "/officer", f"after the change the officer lands on {b.path()}")
        self.expect("Cán Bộ Hành Trình" in b.text("header"), "the header does not name the new officer")
        officer_logout(b)
        return f"{self.username} chose their own password and works"

    def glance(self):
        return f"/officer/lich-lam-viec/nam/{self.tuesday.year}"

    def step_holiday(self):
        b = self.desktop
        before = self.due()
        b.navigate(self.url(self.glance()))
        b.wait_for("#calendar-day-form")
        months = len(b.texts("#calendar-months caption"))
        self.expect(months == 12, f"the year shows {months} months")
        b.set_value("#day-date", self.tuesday.isoformat())
        b.set_value("#day-kind", "swapWorkingDay")
        b.type_into("#day-name", "Ngày nghỉ hành trình")
        b.type_into("#day-citation", "Quyết định thử nghiệm (hành trình quản trị)")
        b.press("#calendar-day-form [type=submit]", "a make-up working day on a weekday")
        b.wait_for("#calendar-error")
        self.expect("cuối tuần" in b.text("#calendar-error"), f"the refusal says {b.text('#calendar-error')!r}")
        self.expect(b.evaluate("document.querySelector('#day-citation').value").startswith("Quyết định"),
                    "the refused form lost the citation")
        b.set_value("#day-kind", "holiday")
        b.press("#calendar-day-form [type=submit]", "adding the holiday")
        b.wait_for("#calendar-done")
        after = self.due()
        self.expect(after > before, f"the due date did not move: {before} then {after}")
        self.expect(self.tuesday.isoformat() in b.text("#calendar-days"), "the holiday is not listed")
        return b.fits_width("the year at a glance") + f", due date {before} → {after}"

    def step_remove(self):
        b = self.desktop
        label = f"[aria-label$='{self.tuesday.isoformat()}']"
        b.press(f"#calendar-days button{label}", "removing the holiday")
        b.wait_for("#calendar-done")
        due = self.due()
        self.expect(self.tuesday.isoformat() not in b.text("#calendar-days"), "the holiday is still listed")
        return f"removed; due date {due}"

    def copy_fee(self):
        """The copy fee of the birth registration, from the catalogue API."""
        status, _, body = self.http.get(f"/api/v1/procedures/{BIRTH}")
        expect(status == 200, f"procedure API answered {status}")
        return next(f["amount"] for f in json.loads(body)["fees"] if f.get("per") == "copy")

    def step_find_procedure(self):
        b = self.phone
        b.click("#nav-admin-procedures", "opening the catalogue")
        b.wait_for("#catalogue-search")
        b.type_into("#catalogue-q", "dang ky khai sinh")
        b.press("#catalogue-search [type=submit]", "searching without diacritics")
        self.expect("Thủ tục đăng ký khai sinh" in b.text("#procedures"), "the search does not find the birth registration")
        fits = b.fits_width("the catalogue")
        b.click(f"#procedures a[href='{PROCEDURE}']", "opening the birth registration")
        b.wait_for("#procedure-edit")
        self.original = self.copy_fee()
        b.type_into("#fee-1-amount", "12.000")
        b.set_value("#fee-1-basis", "")
        b.press("#procedure-save", "saving a new amount without its basis")
        b.wait_for("#catalogue-error")
        self.expect("căn cứ" in b.text("#catalogue-error"), f"the refusal says {b.text('#catalogue-error')!r}")
        self.expect(b.value("#fee-1-amount") == "12.000", "the refused form lost the typed amount")
        return fits + ", " + b.fits_width("the procedure's edit page") + ", an uncited amount refused"

    def set_copy_fee(self, amount, basis):
        b = self.desktop
        b.navigate(self.url(PROCEDURE))
        b.wait_for("#procedure-edit")
        b.type_into("#fee-1-amount", str(amount))
        b.type_into("#fee-1-basis", basis)
        b.press("#procedure-save", f"saving the copy fee {amount}")
        b.wait_for("#catalogue-done")
        b.click("#portal-link", "opening the portal's procedure page")
        b.wait_for("#fees")
        shown = f"{amount:,}".replace(",", ".") + " đ"
        self.expect(shown in b.text("#fees") and basis in b.text("#fees"), f"the portal shows {b.text('#fees')!r}")
        return shown

    def step_edit_fee(self):
        new = self.original + 1000 * random.randint(1, 9)
        shown = self.set_copy_fee(new, "Thông tư 281/2016/TT-BTC, Điều 3 (hành trình quản trị)")
        self.expect(self.copy_fee() == new, "the API does not give the new amount")
        return f"copy fee {self.original} → {new}: the portal shows {shown} at once"

    def step_restore_fee(self):
        shown = self.set_copy_fee(self.original, "Thông tư 281/2016/TT-BTC (khôi phục sau hành trình)")
        return f"copy fee back to {shown}"

    def hand_over(self, key):
        """Hands a birth registration over on the national portal's endpoint with `key`; the answer's status."""
        code = "G22.99-" + "".join(random.choice("0123456789") for _ in range(10))
        body = {
            "nationalCode": code, "procedureCode": BIRTH, "communeCode": "14797",
            "applicant": {"fullName": "Nguyễn Thị Hành Trình", "idNumber": "038190001234", "phone": "0912000111",
                          "address": "12 Lê Lợi"},
            "documents": [{"requirement": i, "name": f"giay-to-{i}.pdf", "url": f"https://dichvucong.gov.vn/files/{code}/{i}"}
                          for i in (0, 1)],
        }
        status, _, _ = self.http.request("POST", "/api/v1/national-portal/dossiers",
                                         {"Content-Type": "application/json", "X-API-Key": key}, json.dumps(body).encode())
        return status

    def step_issue_key(self):
        b = self.phone
        b.click("#nav-admin-api-keys", "opening the API keys")
        b.wait_for("#api-key-create")
        b.type_into("#api-key-client", "Cổng Dịch vụ công quốc gia (hành trình)")
        b.evaluate("document.querySelector('#api-key-create [name=\"scope_national-portal.inbound\"]').checked = true")
        b.press("#api-key-create [type=submit]", "issuing a key")
        b.wait_for("#api-key-secret")
        self.key = b.text("#api-key-secret").strip()
        fits = b.fits_width("the API keys page")
        status = self.hand_over(self.key)
        self.expect(status == 201, f"the inbound endpoint answered {status} to the new key")
        b.navigate(self.url("/officer/quan-tri/khoa-api"))
        b.wait_for("#api-keys")
        self.expect(self.key not in b.html(), "the whole key is shown again")
        return fits + f", key {self.key[:14]}… accepted (201), not shown again"

    def step_revoke_key(self):
        b = self.desktop
        b.navigate(self.url("/officer/quan-tri/khoa-api"))
        b.wait_for("#api-keys")
        b.press(f"#api-keys button[aria-label$='{self.key[:14]}']", "revoking the key")
        b.wait_for("#api-key-done")
        status = self.hand_over(self.key)
        self.expect(status == 401, f"the inbound endpoint answered {status} to the revoked key")
        return b.fits_width("the API keys page") + ", revoked: the next hand-over is refused (401)"

    def run(self):
        steps = [
            ("1-admin-login-phone", "phone", self.login_step(ADMIN, "phone")),
            ("2-create-officer-phone", "phone", self.step_create),
            ("3-reset-password-phone", "phone", self.step_reset),
            ("4-new-officer-login-desktop", "desktop", self.step_newcomer),
            ("4b-new-officer-own-password-desktop", "desktop", self.step_own_password),
            ("5-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("6-holiday-desktop", "desktop", self.step_holiday),
            ("7-remove-holiday-desktop", "desktop", self.step_remove),
            ("8-catalogue-phone", "phone", self.step_find_procedure),
            ("9-edit-fee-desktop", "desktop", self.step_edit_fee),
            ("10-restore-fee-desktop", "desktop", self.step_restore_fee),
            ("11-issue-api-key-phone", "phone", self.step_issue_key),
            ("12-revoke-api-key-desktop", "desktop", self.step_revoke_key),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("administration journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("administration journey").parse_args()
    sys.exit(AdminJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
