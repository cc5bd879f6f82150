#!/usr/bin/env python3
"""Calendar-years journey of Motcua (issue 18, item 8): the administrator sees which years of the
working calendar are confirmed and which are provisional, and confirms a provisional year from the
decision on its Tết days and the day next to National Day.

Usage: python3 scripts/browser/calendar_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/calendar

1. The administrator (quantri) logs in on a phone (360x800) and opens /officer/lich-lam-viec:
   2027 is marked provisional and holds only the days the Labour Code fixes (no Tết day); 2026 is
   confirmed and cites its notice; the page fits the phone's width.
2. A decision with a Tết day a month after lunar new year is refused with the Vietnamese message
   on the page (400), nothing saved.
3. On the desktop (1366x900) the administrator enters a (test) decision for 2027: the page comes
   back saying the year is confirmed, 2027 lists the five Tết days and 3 September, and the due-date
   API no longer says provisional for a span across Tết 2027.

Meant for a fresh demo province (MOTCUA_ENV=development): step 3 confirms 2027 on the server, so a
second run finds 2027 confirmed and stops at step 1. Needs `chromium` on PATH and the
`websocket-client` package; the browser plumbing is in lib/.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PAGE = "/officer/lich-lam-viec"
TET = ("2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10")


class CalendarJourney(Journey):
    def fill(self, b, tet, citation):
        b.set_value("#citation-2027", citation)
        for index, day in enumerate(tet, start=1):
            b.set_value(f"#confirm-2027 [name=tet{index}]", day)
        b.set_value("#adjacent-2027", "2027-09-03")

    def step_years(self):
        b = self.phone
        b.navigate(self.url(PAGE))
        b.wait_for("#year-2027")
        self.expect(b.has("#year-2027 .badge.provisional"), "2027 is not marked provisional")
        self.expect(b.has("#confirm-2027") and not b.has("#confirm-2026"), "the confirm form is not (only) on 2027")
        dates = b.texts("#year-2027 tbody td:first-child")
        self.expect(not any(d.startswith("2027-02") for d in dates), f"2027 lists a guessed Tết day: {dates}")
        self.expect("12729/VPCP-KGVX" in b.text("#year-2026"), "2026 does not cite its notice")
        return b.fits_width("the calendar years page") + f", 2027 holds {len(dates)} days"

    def step_refused(self):
        b = self.phone
        self.fill(b, TET[:4] + ("2027-03-20",), "Quyết định thử nghiệm (hành trình)")
        b.press("#confirm-2027 [type=submit]", "sending a Tết day outside the window")
        b.wait_for("#calendar-error")
        message = b.text("#calendar-error")
        self.expect("ngày nghỉ Tết" in message, f"the error does not speak of Tết days: {message!r}")
        self.expect(b.has("#confirm-2027"), "2027 is no longer provisional after a refused decision")
        return f"refused: {message[:60]}…"

    def step_confirm(self):
        b = self.desktop
        b.navigate(self.url(PAGE))
        b.wait_for("#confirm-2027")
        self.fill(b, TET, "Quyết định thử nghiệm (hành trình)")
        b.press("#confirm-2027 [type=submit]", "confirming 2027")
        b.wait_for("#calendar-confirmed")
        self.expect(not b.has("#confirm-2027"), "2027 still offers the confirm form")
        dates = b.texts("#year-2027 tbody td:first-child")
        self.expect(all(d in dates for d in TET + ("2027-09-03",)), f"2027 does not list the decided days: {dates}")
        status, _, body = self.http.get("/api/v1/calendar/due-date?from=2027-02-03T09:00:00%2B07:00&workingDays=3")
        self.expect(status == 200, f"due-date API answered {status}")
        due = json.loads(body)
        self.expect(due.get("provisional") is False, f"the due date still says provisional: {due}")
        return b.fits_width("the confirmed year") + f", due date {due.get('dueDate')}"

    def run(self):
        steps = [
            ("1-admin-login-phone", "phone", self.login_step(ADMIN, "phone")),
            ("2-years-on-phone", "phone", self.step_years),
            ("3-refused-decision", "phone", self.step_refused),
            ("4-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("5-confirm-2027", "desktop", self.step_confirm),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("calendar journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("calendar-years journey").parse_args()
    sys.exit(CalendarJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
