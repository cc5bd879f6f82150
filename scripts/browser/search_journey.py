#!/usr/bin/env python3
"""Finding dossiers (issue 19) in headless Chromium, at phone and desktop size.

1. On the phone (360x800) the Hạc Thành desk officer follows "Tìm hồ sơ" in the header: the page
   explains what to type (empty state); a name typed without marks and in lower case finds the dossier
   received for "Nguyễn Thị Hành Trình"; a search that matches nothing offers suggestions, and, with a
   filter set, a link that clears the filters; a bad phone number is refused on the page (400). No page
   scrolls sideways.
2. On the desktop (1366x900) the province administrator finds the same dossier by the beginning of its
   code typed in lower case and opens it: the read-only oversight page, as the province's scope allows.
3. On the phone a new citizen's "Hồ sơ của tôi" offers the search and the status filter, and a search
   that matches none of their dossiers says so with a link back to the whole list.

Meant for a fresh demo province (MOTCUA_ENV=development). Needs `chromium` on PATH and `websocket-client`.
"""

import os
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE, RECEIVER, random_phone  # noqa: E402
from lib.session import follow_nav, officer_logout, officer_token, register_citizen  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

SEARCH = "/officer/tim-ho-so"


class SearchJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.phone_number = random_phone()
        self.code = None

    def step_receive(self):
        token, _ = officer_token(self.http, RECEIVER)
        body = {"procedureCode": "2.000635", "channel": "counter",
                "applicant": {"fullName": "Nguyễn Thị Hành Trình", "idNumber": "038190007777", "phone": self.phone_number,
                              "address": "Số 1 Lê Lợi, phường Hạc Thành"}}
        status, data = self.http.api("POST", "/api/v1/dossiers", token, body)
        self.expect(status == 201, f"receiving the dossier answered {status}: {str(data)[:200]}")
        self.code = data["dossier"]["code"]
        return f"received {self.code}"

    def step_empty(self):
        b = self.phone
        follow_nav(b, "#nav-search", "Tìm hồ sơ", SEARCH)
        self.expect(b.has("#search-empty"), "the search page shows no explanation before a search")
        return b.fits_width("the search page")

    def step_by_name(self):
        b = self.phone
        b.type_into("#search-name", "nguyen thi hanh trinh")
        b.press("#search-submit", "searching by name")
        b.wait_for("#search-results")
        self.expect(self.code in b.text("#search-results"), f"{self.code} is not among the results")
        return b.fits_width("the results") + f", {self.code} found by its applicant's name without marks"

    def step_nothing(self):
        b = self.phone
        b.navigate(self.url(SEARCH + "?name=khong+co+ai&channel=online"))
        b.wait_for("#search-none")
        self.expect(b.has("#search-unfilter"), "no link clears the filters")
        b.click("#search-unfilter", "clearing the filters")
        self.expect(b.has("#search-none") and not b.has("#search-unfilter"), "the filters were not cleared")
        b.type_into("#search-phone", "12345")
        b.set_value("#search-name", "")
        b.press("#search-submit", "searching by a bad phone number")
        self.expect(b.status() == 400 and b.has("#search-error"), f"a bad phone answered {b.status()} without a message")
        return b.fits_width("the refused search") + ", suggestions and a clear-filters link; a bad phone is a 400 on the page"

    def step_admin_code(self):
        b = self.desktop
        b.navigate(self.url(SEARCH))
        b.type_into("#search-code", self.code[:-5].lower())
        b.press("#search-submit", "searching by the code's beginning")
        b.wait_for("#search-results")
        b.click(f"#search-results a[href$='{self.code}']", "opening the dossier found")
        b.expect_at(f"/officer/dieu-hanh/ho-so/{self.code}", "the administrator's result link")
        return f"{self.code} found by its code's beginning and opened read-only"

    def step_citizen(self):
        b = self.phone
        officer_logout(b)
        b.navigate(self.url("/dang-ky"))
        b.wait_for("#register-form")
        register_citizen(b, "Trần Văn Tìm", random_phone(), "hanh-trinh-2026")
        b.navigate(self.url("/ho-so-cua-toi?q=khai+sinh&status=open"))
        self.expect(b.has("#my-dossiers-search") and b.has("#my-status"), "the list offers no search")
        self.expect(b.has("#my-dossiers-nomatch"), "a search matching nothing says nothing")
        return b.fits_width("the citizen's list")

    def run(self):
        steps = [
            ("0-receive", "phone", self.step_receive),
            ("1-desk-login-phone", "phone", self.login_step(RECEIVER, "phone")),
            ("2-search-page-phone", "phone", self.step_empty),
            ("3-by-name-phone", "phone", self.step_by_name),
            ("4-nothing-found-phone", "phone", self.step_nothing),
            ("5-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("6-admin-by-code-desktop", "desktop", self.step_admin_code),
            ("7-citizen-list-phone", "phone", self.step_citizen),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("search journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("search journey").parse_args()
    sys.exit(SearchJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
