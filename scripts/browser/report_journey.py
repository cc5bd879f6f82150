#!/usr/bin/env python3
"""Field-report journey of Motcua (phản ánh hiện trường): a citizen reports a pothole from a phone,
officers of the ward handle it at their desks, the answer shows in public and in the statistics.

Usage: python3 scripts/browser/report_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/reports

Two headless Chromium browsers, as two devices: an anonymous phone (360x800, mobile emulation)
and an officer's desk (1366x900). The phone sends a report without choosing its category (the
classifier suggests one) with its position (the "use my location" button, then typed), a photo
and a contact phone; a second report 20 m away comes up as a possible duplicate. At the desk, the
leader of Phường Hạc Thành's People's Committee accepts the first report, assigns it, merges the
second into it; the specialist answers in public; the leader then hides a name in the public text
and a photo. The phone sees the answer, the history and the list; the statistics page counts the
report once and its link downloads the CSV. Meant for a fresh demo province (demo officers,
password motcua2026), as scripts/test.sh gives it; it may run again on the same server (it counts
the statistics from where they stood).

What needs no browser is checked over HTTP on both databases by
Tests/IntegrationTests/FieldReports/ReportJourneyHTTPTests.swift: the reporter's phone in no format
on the public page, the photo served as sent, a text file posing as a photo refused (415, the
description kept), the status filters, the redacted name gone from the list and Open311, the hidden
photo answering 404, the CSV and the public JSON agreeing with the page without personal data.

Needs `chromium` on PATH and the `websocket-client` package; the browser plumbing is in lib/. Every
step takes a screenshot into --out; the first step that does not behave stops the journey with exit
status 1 and a message saying what the page showed.
"""

import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import DESKTOP, LEADER, PHONE, SPECIALIST, WARD, WARD_NAME, random_phone  # noqa: E402
from lib.downloads import click_download  # noqa: E402
from lib.errors import StepFailure  # noqa: E402
from lib.files import jpeg, save_files  # noqa: E402
from lib.session import officer_login, officer_logout  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

# LEADER and SPECIALIST are of UB14797.H56, where ROADS reports of the ward go.
CATEGORY, CATEGORY_NAME = "ROADS", "Giao thông, đường sá"
UNKNOWN_CATEGORY = "Chưa rõ (hệ thống gợi ý)"
LAT, LON = "19.806600", "105.785200"
LAT_NEAR = "19.806780"  # 0.00018° of latitude north: 20 m away
REPORTER = "Phạm Văn Hùng"  # the name the citizen signs the text with; moderation hides it
DESCRIPTION = (f"Đường Lê Lợi đoạn trước chợ có ổ gà rất to, xe máy đi qua dễ ngã, đề nghị sửa gấp. "
               f"Người phản ánh: {REPORTER}, nhà số 15 gần chợ.")
REDACTED = DESCRIPTION.replace(REPORTER, "P.V.H.")
DESCRIPTION_2 = "Ổ gà lớn trên đường Lê Lợi ngay cổng chợ, trời mưa đọng nước, tối qua có người đi xe máy bị ngã."
ADDRESS = "Đường Lê Lợi, trước cổng chợ"
ANSWER = ("Ngày hôm nay UBND phường Hạc Thành đã cử tổ công tác kiểm tra và vá ổ gà trên đường Lê Lợi trước cổng chợ. "
          "Cảm ơn người dân đã phản ánh.")
STATUS = {"received": "Mới tiếp nhận", "accepted": "Đã tiếp nhận", "assigned": "Đã phân công",
          "answered": "Đã trả lời", "closed": "Đã đóng"}


def pothole(bx, by):
    """A grey road with a dark hole in it (block coordinates of a 96x64 picture)."""
    d = ((bx - 5.5) / 4.0) ** 2 + ((by - 3.5) / 2.5) ** 2
    return 30 if d < 0.5 else 70 if d < 1 else 150 + ((bx * 7 + by * 13) % 5) * 6


def patched(bx, by):
    """The same road, patched."""
    d = ((bx - 5.5) / 4.0) ** 2 + ((by - 3.5) / 2.5) ** 2
    return 105 if d < 1 else 150 + ((bx * 7 + by * 13) % 5) * 6


class ReportJourney(Journey):
    def __init__(self, base, out, files):
        super().__init__(base, out)
        self.files = files
        self.phone = None  # the citizen's phone (anonymous)
        self.desk = None  # the officers' desk
        self.contact = random_phone()
        self.first = self.second = None  # report ids
        self.photo_src = None
        self.baseline = self.assignee = None

    # ---- helpers -----------------------------------------------------------------------------

    def fits_width(self, page):
        """No horizontal scrolling on the phone (as the citizen journey checks it)."""
        return self.phone.fits_width(page)

    def statistics(self):
        status, _, body = self.http.get("/api/v1/field-reports/statistics")
        self.expect(status == 200, f"GET /api/v1/field-reports/statistics answered HTTP {status}: {body[:300]!r}")
        return json.loads(body)

    @staticmethod
    def category_row(stats, code=CATEGORY):
        return next((r for r in stats.get("byCategory", []) if r.get("key") == code),
                    {"key": code, "received": 0, "answered": 0})

    def report_path(self, id_):
        return f"/phan-anh/{id_}"

    def officer_path(self, id_):
        return f"/officer/phan-anh/{id_}"

    def status_of(self, b):
        text = b.text("#report-status")
        self.expect(text is not None, "the report page has no #report-status")
        return text

    def open_public(self, id_):
        b = self.phone
        b.navigate(self.url(self.report_path(id_)))
        b.expect_at(self.report_path(id_), f"opening {self.report_path(id_)}")
        return b.html()

    def public_photos(self):
        """The citizen's photos on the public page (not the answer's): their src attributes."""
        return self.phone.evaluate("""Array.from(document.querySelectorAll('.photos img'))
            .filter(i => !i.closest('#report-answer')).map(i => i.getAttribute('src'))""")

    def wait_image(self, b, selector_js, what):
        """Scrolls a (lazy) image into view and waits until it has decoded: its natural size."""
        deadline, size = time.time() + 10, None
        while time.time() < deadline:
            size = b.evaluate(f"""(() => {{
                const i = {selector_js};
                if (!i) return null;
                i.scrollIntoView({{block: 'center'}});
                return [i.complete, i.naturalWidth, i.naturalHeight];
            }})()""")
            if size is None:
                raise StepFailure(f"{what}: no such <img> on the page")
            if size[0] and size[1] > 0:
                return f"{size[1]}x{size[2]}"
            time.sleep(0.2)
        raise StepFailure(f"{what}: the image did not load within 10 s (complete, naturalWidth, naturalHeight: {size})")

    def switch_to(self, username):
        """A step: the officer at the desk logs out, `username` logs in."""
        def step():
            officer_logout(self.desk)
            officer_login(self.desk, self.base, username)
            return username
        return step

    def open_officer(self, id_):
        b = self.desk
        b.navigate(self.url(self.officer_path(id_)))
        b.expect_at(self.officer_path(id_), f"opening {self.officer_path(id_)}")
        b.wait_for("#report-status")

    def act(self, id_, action, prepare=None, expected=None):
        """On the officer's page of report `id_`, presses the button of #report-<action>-form (after
        `prepare` fills it); checks the page comes back without #action-error, in status `expected`."""
        b = self.desk
        if b.path() != self.officer_path(id_):
            self.open_officer(id_)
        form = f"#report-{action}-form"
        before = self.status_of(b)
        if not b.has(form):
            offered = b.evaluate("Array.from(document.querySelectorAll('form.action-form')).map(f => f.id)")
            raise StepFailure(f"{self.officer_path(id_)} has no {form} (status {before!r}; forms offered: {offered})")
        if prepare:
            prepare()
        b.press(f"{form} button[type=submit], {form} button:not([type])", f"pressing {action} on report #{id_}")
        error = b.text("#action-error")
        self.expect(error is None, f"{action} on report #{id_} was refused (HTTP {b.status()}): {error}")
        self.expect(b.path() == self.officer_path(id_),
                    f"after {action} the browser is on {b.path()}, not back on {self.officer_path(id_)} (HTTP {b.status()})")
        after = self.status_of(b)
        if expected is not None:
            self.expect(after == expected, f"after {action} #report-status reads {after!r}, expected {expected!r}")
        return f"{before} -> {after}"

    # ---- 1. a report from a phone -------------------------------------------------------------

    def step_home(self):
        b = self.phone
        self.baseline = self.category_row(self.statistics())
        b.navigate(self.url("/"))
        b.wait_for("#home-report")
        self.expect(not b.has("#logout-form"), "the phone is logged in as an officer")
        return f"{self.fits_width('the home page')}; {CATEGORY} so far: received {self.baseline['received']}"

    def step_form(self):
        b = self.phone
        b.click("#home-report", "pressing #home-report on the home page")
        self.expect(b.path() == "/phan-anh/gui", f"#home-report led to {b.path()}, not /phan-anh/gui")
        b.wait_for("#report-form")
        chosen = b.evaluate("(s => s ? [s.value, s.options[s.selectedIndex].textContent.trim()] : null)"
                            "(document.querySelector('#categoryCode'))")
        self.expect(chosen == ["", UNKNOWN_CATEGORY], f"#categoryCode starts on {chosen}, expected ['', {UNKNOWN_CATEGORY!r}]")
        for field in ("#description", "#unitCode", "#address", "#latitude", "#longitude", "#photo-1", "#phone", "#report-submit"):
            b.wait_for(field, timeout=2)
        return self.fits_width("the report form")

    def step_use_location(self):
        b = self.phone
        origin = urllib.parse.urlsplit(self.base)
        b.send("Browser.grantPermissions", permissions=["geolocation"], origin=f"{origin.scheme}://{origin.netloc}")
        b.send("Emulation.setGeolocationOverride", latitude=float(LAT), longitude=float(LON), accuracy=10)
        b.wait_for("#use-location")
        if b.evaluate("document.querySelector('#use-location').hidden"):
            inline = b.evaluate("Array.from(document.scripts).filter(s => !s.src && s.textContent.trim()).length")
            _, headers, _ = self.http.get("/phan-anh/gui")
            policy = headers.get("Content-Security-Policy") or ""
            blocked = inline and "script-src" in policy and "'unsafe-inline'" not in policy and "nonce-" not in policy
            raise StepFailure(
                "#use-location stays hidden although the browser has navigator.geolocation"
                + (f": the form's script is inline ({inline} inline <script>) and the page's Content-Security-Policy "
                   f"({policy!r}) blocks inline scripts; serve it as a file from 'self' (or give it a nonce)" if blocked else ""))
        b.click("#use-location", "pressing #use-location", navigates=False)
        deadline, got = time.time() + 10, None
        while time.time() < deadline:
            got = b.evaluate("['latitude', 'longitude'].map(f => document.getElementById(f).value)")
            if all(got):
                break
            time.sleep(0.1)
        self.expect(got == [LAT, LON], f"after #use-location #latitude/#longitude read {got}, expected {[LAT, LON]}")
        return f"{got[0]}, {got[1]}"

    def fill(self, description, latitude, category="", photo="photo"):
        b = self.phone
        b.set_value("#categoryCode", category)
        b.type_into("#description", description)
        b.set_value("#unitCode", WARD)
        picked = b.evaluate("(s => s.options[s.selectedIndex].textContent.trim())(document.querySelector('#unitCode'))")
        self.expect(b.value("#unitCode") == WARD and WARD_NAME in picked,
                    f"#unitCode offers no {WARD} ({WARD_NAME}); selected {picked!r}")
        b.type_into("#address", ADDRESS)
        b.type_into("#latitude", latitude)
        b.type_into("#longitude", LON)
        if photo:
            b.set_files("#photo-1", self.files[photo])
        b.type_into("#name", REPORTER)
        b.type_into("#phone", self.contact)

    def step_fill(self):
        self.fill(DESCRIPTION, LAT)
        return f"contact {self.contact}, photo {os.path.getsize(self.files['photo'])} bytes"

    def step_submit(self):
        b = self.phone
        b.press("#report-submit", "sending the report")
        path, query = b.path(), b.query()
        error = b.text("#report-error")
        self.expect(re.fullmatch(r"/phan-anh/\d+", path) and query.get("new") == ["1"],
                    f"sending led to {b.href()} (HTTP {b.status()}), not /phan-anh/<id>?new=1"
                    + (f"; #report-error: {error}" if error else ""))
        self.first = int(path.rsplit("/", 1)[1])
        b.wait_for("#report-received")
        status = self.status_of(b)
        self.expect(status == STATUS["received"], f"#report-status reads {status!r}, expected {STATUS['received']!r}")
        shown = b.evaluate("document.title + ' | ' + document.querySelector('main, body').innerText")
        self.expect(CATEGORY_NAME in shown, f"the new report's page does not name the suggested category {CATEGORY_NAME!r}")
        geo = b.attribute("#map-link", "href")
        self.expect(geo and geo.startswith(f"geo:{LAT},{LON}"), f"#map-link href is {geo!r}, expected geo:{LAT},{LON}…")
        return f"report #{self.first}, {status}, {geo}, {self.fits_width('the new report page')}"

    def step_photo(self):
        b = self.phone
        photos = self.public_photos()
        self.expect(photos and len(photos) == 1, f"the public page shows {len(photos or [])} photos of the report, expected 1: {photos}")
        self.photo_src = photos[0]
        size = self.wait_image(b, f"document.querySelector('.photos img[src=\"{self.photo_src}\"]')", "the report's photo")
        return f"{self.photo_src} {size}"

    # ---- 2. the same pothole, reported again ------------------------------------------------

    def step_second(self):
        b = self.phone
        b.navigate(self.url("/phan-anh"))
        b.click("#new-report", "pressing #new-report on the report list")
        self.expect(b.path() == "/phan-anh/gui", f"#new-report led to {b.path()}")
        b.wait_for("#report-form")
        self.fill(DESCRIPTION_2, LAT_NEAR, category=CATEGORY, photo=None)
        b.press("#report-submit", "sending the second report")
        path, error = b.path(), b.text("#report-error")
        self.expect(re.fullmatch(r"/phan-anh/\d+", path) and b.query().get("new") == ["1"],
                    f"sending the second report led to {b.href()} (HTTP {b.status()})"
                    + (f"; #report-error: {error}" if error else ""))
        self.second = int(path.rsplit("/", 1)[1])
        self.expect(self.second != self.first, "the second report got the first one's id")
        self.expect(b.has("#similar"),
                    f"the second report's page (20 m from #{self.first}, same category) shows no #similar "
                    f"(URL {b.href()})")
        links = b.hrefs("#similar a")
        self.expect(self.report_path(self.first) in (links or []),
                    f"#similar links to {links}, not to the first report {self.report_path(self.first)}"
                    + (" (it shows 5 at most, the oldest first: earlier runs on this server?)" if len(links or []) >= 5 else ""))
        return f"report #{self.second}; #similar links {links}; {self.fits_width('the second report page')}"

    # ---- 4. the officers ----------------------------------------------------------------------

    def step_officer_list(self):
        b = self.desk
        b.navigate(self.url("/officer/phan-anh"))
        b.wait_for("#officer-report-list")
        links = b.hrefs("#officer-report-list a")
        missing = [i for i in (self.first, self.second) if self.officer_path(i) not in (links or [])]
        self.expect(not missing, f"#officer-report-list has no link to report(s) {missing} (links: {links})")
        b.click(f'#officer-report-list a[href="{self.officer_path(self.first)}"]', f"opening report #{self.first}")
        self.expect(b.path() == self.officer_path(self.first), f"the list's link led to {b.path()}")
        return f"{len(links)} reports listed"

    def step_officer_report(self):
        b = self.desk
        suggestion = b.text("#report-suggestion")
        self.expect(suggestion and suggestion.startswith(CATEGORY_NAME),
                    f"#report-suggestion reads {suggestion!r}, expected {CATEGORY_NAME!r} (with a confidence)")
        agency = b.text("#report-agency")
        self.expect(agency and WARD_NAME in agency, f"#report-agency reads {agency!r}, expected the committee of {WARD_NAME}")
        self.expect(self.contact in b.evaluate("document.body.innerText"),
                    f"the officer's page does not show the reporter's phone {self.contact}")
        return f"suggestion {suggestion}; {agency}"

    def step_accept(self):
        return self.act(self.first, "accept", expected=STATUS["accepted"])

    def step_assign(self):
        b = self.desk
        chosen = {}

        def pick():
            options = b.evaluate("Array.from(document.querySelectorAll('#assignee option')).map(o => [o.value, o.textContent.trim()])")
            self.expect(options, "#assignee offers no specialist")
            b.set_value("#assignee", options[0][0])
            chosen["name"] = options[0][1]
        moved = self.act(self.first, "assign", prepare=pick, expected=STATUS["assigned"])
        self.assignee = chosen["name"]
        return f"{moved}, assigned to {self.assignee}"

    def step_merge(self):
        b = self.desk
        self.open_officer(self.second)

        def choose():
            radio = f'#report-merge-form input[name=duplicateOf][value="{self.first}"]'
            if not b.has(radio):
                offered = b.evaluate("document.querySelector('#report-merge-form').innerText.replace(/\\s+/g, ' ')")
                raise StepFailure(f"#report-merge-form of #{self.second} offers no radio for #{self.first}: {offered!r}")
            b.click(radio, f"choosing #{self.first} as the original", navigates=False)
            self.expect(b.prop(radio, "checked"), "clicking the radio did not check it")
        moved = self.act(self.second, "merge", prepare=choose, expected=STATUS["closed"])
        return f"#{self.second}: {moved}"

    def step_answer(self):
        b = self.desk

        def write():
            b.type_into("#note-answer", ANSWER)
            b.set_files("#answer-photo", self.files["answer"])
        moved = self.act(self.first, "answer", prepare=write, expected=STATUS["answered"])
        return moved

    # ---- 5. the answer, in public ------------------------------------------------------------

    def step_public_answer(self):
        b = self.phone
        self.open_public(self.first)
        b.wait_for("#report-answer")
        answer = b.text("#report-answer")
        self.expect(ANSWER in answer, f"#report-answer does not show the answer: {answer!r}")
        status = self.status_of(b)
        self.expect(status == STATUS["answered"], f"#report-status reads {status!r}, expected {STATUS['answered']!r}")
        timeline = b.evaluate("Array.from(document.querySelectorAll('#report-timeline li'))"
                              ".map(li => li.innerText.replace(/\\s+/g, ' '))")
        self.expect(timeline and len(timeline) >= 3,
                    f"#report-timeline has {len(timeline or [])} lines, expected at least 3 (sent, accepted, answered)")
        self.expect(any(ANSWER[:40] in line for line in timeline), f"#report-timeline does not show the answer: {timeline}")
        size = self.wait_image(b, "document.querySelector('#report-answer .photos img')", "the answer's photo")
        html = b.html()
        self.expect(self.contact not in html, "the answered report's public page shows the reporter's phone")
        self.expect(not b.has("#report-answer-form, #report-accept-form"),
                    "the public page shows an officer's action form")
        return f"{status}; {len(timeline)} timeline lines; answer photo {size}; {self.fits_width('the answered report page')}"

    def list_ids(self):
        return self.phone.evaluate("""Array.from(document.querySelectorAll('#report-list a'))
            .map(a => (a.getAttribute('href').match(/^\\/phan-anh\\/(\\d+)$/) || [])[1]).filter(Boolean).map(Number)""")

    def step_public_list(self):
        b = self.phone
        b.navigate(self.url("/phan-anh"))
        b.wait_for("#report-list")
        ids = self.list_ids()
        self.expect(self.first in ids, f"#report-list does not list report #{self.first} (lists {ids})")
        return f"{len(ids)} reports; {self.fits_width('the report list')}"

    def step_public_duplicate(self):
        b = self.phone
        self.open_public(self.second)
        status = self.status_of(b)
        self.expect(status == STATUS["closed"], f"the merged report reads {status!r}, expected {STATUS['closed']!r}")
        link = b.has(f'a[href="{self.report_path(self.first)}"]')
        self.expect(link, f"the merged report's page does not link to the report it duplicates (#{self.first})")
        return status

    # ---- 6. moderation ------------------------------------------------------------------------

    def step_redact(self):
        b = self.desk
        self.open_officer(self.first)
        b.wait_for("details.side-actions")
        b.click("details.side-actions > summary", "opening the side actions", navigates=False)
        self.expect(b.prop("details.side-actions", "open"), "the side actions did not open")

        def rewrite():
            held = b.value("#public-text")
            self.expect(held == DESCRIPTION, f"#public-text starts with {held!r}, expected the report's text")
            b.type_into("#public-text", REDACTED)
            b.type_into("#note-redact", "Che họ tên người phản ánh trước khi công khai.")
        return self.act(self.first, "redact", prepare=rewrite)

    def step_public_redacted(self):
        b = self.phone
        html = self.open_public(self.first)
        text = b.text("#report-description")
        self.expect(text == REDACTED, f"#report-description reads {text!r}, expected the redacted text {REDACTED!r}")
        self.expect(REPORTER not in html, f"the public page still holds the name {REPORTER!r} somewhere in its HTML")
        return "the name is gone from the report page"

    def step_hide_photo(self):
        b = self.desk
        self.open_officer(self.first)
        index = b.evaluate(f"""Array.from(document.querySelectorAll('.photos figure'))
            .findIndex(f => (f.querySelector('img') || {{}}).getAttribute
                && f.querySelector('img').getAttribute('src') === {json.dumps(self.photo_src)})""")
        self.expect(index is not None and index >= 0, f"the officer's page has no figure with the photo {self.photo_src}")
        button = f".photos figure:nth-of-type({index + 1}) button[value=hidePhoto]"
        label = b.text(button)
        self.expect(label == "Ẩn ảnh", f"the photo's button {button} reads {label!r}, expected 'Ẩn ảnh'")
        b.click(button, "pressing 'Ẩn ảnh'")
        error = b.text("#action-error")
        self.expect(error is None, f"hiding the photo was refused (HTTP {b.status()}): {error}")
        self.expect(b.path() == self.officer_path(self.first), f"hiding the photo led to {b.path()}")
        caption = b.text(f".photos figure:nth-of-type({index + 1}) figcaption")
        self.expect(caption and "(đang ẩn)" in caption and "Hiện ảnh" in caption,
                    f"the hidden photo's caption reads {caption!r}, expected '(đang ẩn)' and a 'Hiện ảnh' button")
        return " ".join(caption.split())

    def step_public_photo_hidden(self):
        b = self.phone
        self.open_public(self.first)
        photos = self.public_photos()
        self.expect(self.photo_src not in (photos or []), f"the public page still shows the hidden photo {self.photo_src}")
        self.wait_image(b, "document.querySelector('#report-answer .photos img')", "the answer's photo (not hidden)")
        return f"{len(photos or [])} citizen photos shown"

    # ---- 7. statistics ---------------------------------------------------------------------------

    def step_statistics(self):
        b = self.desk
        b.navigate(self.url("/officer/phan-anh/thong-ke"))
        b.expect_at("/officer/phan-anh/thong-ke", "opening /officer/phan-anh/thong-ke")
        b.wait_for("#statistics-byCategory")
        rows = b.rows("#statistics-byCategory")
        row = next((r for r in rows or [] if r[0] == CATEGORY_NAME), None)
        self.expect(row, f"#statistics-byCategory has no {CATEGORY_NAME!r} row: {rows}")
        received, answered = int(row[1]), int(row[2])
        self.expect(received == self.baseline["received"] + 1,
                    f"#statistics-byCategory counts {received} {CATEGORY} reports received, expected "
                    f"{self.baseline['received'] + 1} (before: {self.baseline['received']}; +1 report, its merged duplicate not counted)")
        self.expect(answered == self.baseline["answered"] + 1,
                    f"#statistics-byCategory counts {answered} {CATEGORY} reports answered, expected {self.baseline['answered'] + 1}")
        total = b.text("#statistics-total")
        numbers = [int(n) for n in re.findall(r":\s*(\d+)", total or "")]
        self.expect(len(numbers) >= 3, f"#statistics-total reads {total!r}: no received/answered/overdue counts")
        return f"{CATEGORY_NAME}: received {received}, answered {answered}, on time {row[3]}; total: {total}"

    def step_statistics_csv(self):
        """Pressing the link downloads the CSV file (its content, against the page and the JSON, is
        checked by ReportJourneyHTTPTests)."""
        b = self.desk
        href = b.attribute("#statistics-csv", "href")
        self.expect(href, "the statistics page has no #statistics-csv link")
        name, data = click_download(b, "#statistics-csv", tempfile.mkdtemp(prefix="csv-", dir=self.files["dir"]))
        self.expect(name.endswith(".csv") and data, f"pressing #statistics-csv downloaded {name!r}, {len(data)} bytes")
        return f"{name} ({href}), {len(data)} bytes"

    # ---- runner -----------------------------------------------------------------------------

    def run(self):
        phone, desk = "phone", "desk"
        steps = [
            ("1-home", phone, self.step_home), ("1-report-form", phone, self.step_form),
            ("1-use-location", phone, self.step_use_location), ("1-form-filled", phone, self.step_fill),
            ("1-report-sent", phone, self.step_submit), ("1-photo-shown", phone, self.step_photo),
            ("2-nearby-report-similar", phone, self.step_second),
            ("4-login-lanhdao", desk, self.login_step(LEADER, "desk")), ("4-officer-list", desk, self.step_officer_list),
            ("4-officer-report", desk, self.step_officer_report), ("4-accept", desk, self.step_accept),
            ("4-assign", desk, self.step_assign), ("4-merge-duplicate", desk, self.step_merge),
            ("4-login-chuyenvien", desk, self.switch_to(SPECIALIST)), ("4-answer", desk, self.step_answer),
            ("5-public-answer", phone, self.step_public_answer), ("5-public-list", phone, self.step_public_list),
            ("5-public-duplicate", phone, self.step_public_duplicate),
            ("6-login-lanhdao", desk, self.switch_to(LEADER)), ("6-redact", desk, self.step_redact),
            ("6-public-redacted", phone, self.step_public_redacted), ("6-hide-photo", desk, self.step_hide_photo),
            ("6-public-photo-hidden", phone, self.step_public_photo_hidden),
            ("7-statistics", desk, self.step_statistics), ("7-statistics-csv", desk, self.step_statistics_csv),
        ]
        return self.run_journey("field-report journey", {phone: (PHONE, True), desk: (DESKTOP, False)},
                                [(f"{label}-{where}", where, step) for label, where, step in steps],
                                f"phone {PHONE[0]}x{PHONE[1]}, desk {DESKTOP[0]}x{DESKTOP[1]}",
                                lambda: f"reports #{self.first} and #{self.second}, contact {self.contact}")


def write_files(folder):
    """The files the journey uploads: the pothole's photo and the answer's photo."""
    contents = {"photo": ("o-ga-le-loi.jpg", jpeg(96, 64, pothole)),
                "answer": ("da-va-o-ga.jpg", jpeg(96, 64, patched))}
    return save_files(folder, contents)


def main():
    args = arguments("field-report journey").parse_args()
    folder = tempfile.mkdtemp(prefix="motcua-reports-")
    try:
        status = ReportJourney(args.base, args.out, write_files(folder)).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
