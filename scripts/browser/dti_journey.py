#!/usr/bin/env python3
"""Digital-transformation assessment journey of Motcua (đánh giá chuyển đổi số, issue 6): a whole
assessment year in the browser, from opening the round to a published, printable ranking.

Usage: python3 scripts/browser/dti_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/dti

1. The appraiser of the Department of Science and Technology (chuyenvien.skhcn) logs in, follows
   "Chuyển đổi số" in the header and opens the communes' round for the first year from this one
   that has none (so the journey may run again on the same server); the round's page lists
   Phường Hạc Thành with nothing declared.
2. The ward's leader (lanhdao.hacthanh) logs in, finds their unit's self-assessment, declares the
   steering committee (sub-index 1.1, yes) with a PDF chosen in the file input, then a ratio
   sub-index.
3. The appraiser accepts 1.1 and adjusts the ratio with a reason; the unit's total becomes what
   the JSON API says, and the history lists every step.
4. The appraiser publishes: the ranking puts the ward first with that total, the digital-commune
   box counts the recognised communes, print hides the header and the links and Page.printToPDF
   gives a PDF.
5. The appraiser sets the ward a target for the year (recognised as a digital commune); the
   administrator sees it, with its status, on the operations dashboard of that year.

What needs no browser is checked over HTTP on both databases by
Tests/IntegrationTests/DTI/DTIJourneyHTTPTests.swift: a numerator above its denominator refused
through the form (HTTP 400, the Vietnamese message), the evidence served as the PDF uploaded, the
ranking's CSV (text/csv, byte-order mark, header, one row per commune, the ward first), the ranking
page in English.

Meant for the demo province (demo officers, password motcua2026). Desktop 1366x900. Needs
`chromium` on PATH and the `websocket-client` package; the browser plumbing is in lib/. Every step
takes a screenshot into --out; the first step that does not behave stops the journey with exit
status 1 and a message saying what the page showed.
"""

import datetime
import os
import re
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, LEADER, PHONE, WARD, WARD_NAME  # noqa: E402
from lib.files import tiny_pdf  # noqa: E402
from lib.session import api_as, follow_nav, officer_login  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

APPRAISER = "chuyenvien.skhcn"
HOME = "/officer/chuyen-doi-so"
NAV_LABEL = "Chuyển đổi số"


def sub_selector(code):
    return f'[id="s-{code}"]'


class DTIJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.round_id = None
        self.year = None
        self.ratio_code = None

    # ---- helpers -----------------------------------------------------------------------------

    def api(self, method, path, username):
        return api_as(self.http, username, method, path)

    def text(self, selector):
        return re.sub(r"\s+", " ", self.browser.text(selector) or "").strip()

    def login(self, username):
        """Logs `username` in (after whoever was logged in) and follows the header's DTI link."""
        officer_login(self.browser, self.base, username)
        follow_nav(self.browser, "#nav-dti", NAV_LABEL, HOME)

    def unit_path(self):
        return f"{HOME}/dot/{self.round_id}/don-vi/{WARD}"

    def unit_api(self, username):
        return self.api("GET", f"/api/v1/dti/rounds/{self.round_id}/units/{WARD}", username)

    # ---- 1. the appraiser opens the round ---------------------------------------------------------

    def step_login_appraiser(self):
        self.login(APPRAISER)
        self.expect(self.browser.has("#dti-open-form"),
                    f"{APPRAISER} (the appraising department) has no #dti-open-form on {HOME}")
        rounds = self.api("GET", "/api/v1/dti/rounds", APPRAISER)["items"]
        taken = {r["year"] for r in rounds if r["group"] == "commune"}
        self.year = next(y for y in range(datetime.date.today().year, 2100) if y not in taken)
        set_ = self.api("GET", "/api/v1/dti/frameworks", APPRAISER)
        commune = next(f for f in set_["frameworks"] if f["group"] == "commune")
        subs = [s for p in commune["nodes"] for s in p["children"]]
        self.max = {s["code"]: s["maxPoints"] for s in subs}
        self.ratio_code = next(s["code"] for s in subs if s["unit"] == "ratio")
        return f"commune round for {self.year}; ratio sub-index {self.ratio_code}"

    def step_open_round(self):
        b = self.browser
        b.set_value("#dti-open-form [name=year]", str(self.year))
        b.set_value("#dti-open-form [name=group]", "commune")
        b.set_value("#dti-open-form [name=deadline]", f"{self.year}-12-31")
        b.press("#dti-open-form [type=submit]", "opening the round")
        m = re.fullmatch(rf"{HOME}/dot/(\d+)", b.path())
        self.expect(m and b.status() == 200, f"opening the round led to {b.path()} (HTTP {b.status()}): {self.text('[role=alert]')}")
        self.round_id = m.group(1)
        row = b.evaluate(f"(r => r ? r.textContent : null)(document.querySelector('#dti-units tr[data-unit=\"{WARD}\"]'))")
        self.expect(row and WARD_NAME in row, f"the round's units table has no row for {WARD_NAME}: {row!r}")
        return f"round {self.round_id}: {self.text('h1')}"

    # ---- 2. the ward assesses itself ------------------------------------------------------------

    def step_login_leader(self):
        self.login(LEADER)
        own = self.text("#dti-own-unit")
        self.expect(WARD_NAME in own, f"{LEADER}'s DTI page names {own!r}, not {WARD_NAME}")
        link = f"a.own-link[href='{self.unit_path()}']"
        self.expect(self.browser.has(link),
                    f"{LEADER} has no link to their self-assessment {self.unit_path()}")
        self.browser.click(link, "opening the self-assessment")
        self.expect(self.browser.path() == self.unit_path(), f"the link led to {self.browser.path()}")
        b = self.browser
        # Sections, one save each, a progress count and no answer given by default.
        forms = b.evaluate("document.querySelectorAll('form.dti-declare').length")
        sections = b.evaluate("document.querySelectorAll('details.dti-section').length")
        self.expect(0 < forms <= sections, f"the self-assessment shows {forms} forms for {sections} sections")
        progress = self.text("#dti-progress")
        self.expect(progress.startswith("Đã trả lời 0/"), f"#dti-progress reads {progress!r}")
        chosen = b.evaluate("Array.from(document.querySelectorAll('select[name^=\"value:\"]')).filter(s => s.value !== '').length")
        self.expect(chosen == 0, f"{chosen} yes/no answers are chosen before the unit answered anything")
        height = b.evaluate("document.documentElement.scrollHeight")
        return f"{sections} sections, {forms} forms, {progress}; page {height} px high"

    def step_declare_with_evidence(self):
        b = self.browser
        fields = sub_selector("1.1")
        # Chromium takes files by absolute path only (the journey may be given a relative --out).
        path = os.path.abspath(os.path.join(self.out, "quyet-dinh-ban-chi-dao.pdf"))
        with open(path, "wb") as f:
            f.write(tiny_pdf("Quyet dinh thanh lap Ban chi dao chuyen doi so"))
        b.set_value(fields + ' [name="value:1.1"]', "1")
        b.set_value(fields + ' [name="comment:1.1"]', "Quyết định 12/QĐ-UBND ngày 10/01")
        b.set_files(fields + ' [name="evidence:1.1"]', path)
        b.press("#dti-section-1 [type=submit]", "saving section 1 with 1.1 and its evidence")
        self.expect(b.path() == self.unit_path() and b.status() == 200, f"saving 1.1 led to {b.path()} (HTTP {b.status()})")
        entry = self.text(sub_selector("1.1"))
        self.expect("Chờ thẩm định" in entry and "Có" in entry, f"1.1 after saving reads {entry[:300]!r}")
        self.expect(b.has(sub_selector("1.1") + ' a[href*="minh-chung"]'),
                    "1.1 shows no evidence link after the upload")
        progress = self.text("#dti-progress")
        self.expect(progress.startswith("Đã trả lời 1/"), f"#dti-progress reads {progress!r} after answering 1.1")
        return f"{progress}; {entry[:100]}"

    def step_declare_ratio(self):
        b = self.browser
        b.navigate(self.url(self.unit_path()))
        fields = sub_selector(self.ratio_code)
        b.wait_for(fields + f' [name="value:{self.ratio_code}"]')
        b.set_value(fields + f' [name="value:{self.ratio_code}"]', "3")
        b.set_value(fields + f' [name="denominator:{self.ratio_code}"]', "4")
        section = self.ratio_code.split(".")[0]
        b.press(f"#dti-section-{section} [type=submit]", f"saving section {section} with {self.ratio_code} = 3 / 4")
        declared = self.text("#dti-declared-total")
        api = self.unit_api(LEADER)["score"]
        # Declared values, plus what the platform's own figures give the ward this year.
        platform = sum(s["points"] for s in api["subIndices"] if s["source"] == "platform")
        expected = self.max["1.1"] + self.max[self.ratio_code] * 0.75 + platform
        self.expect(abs(api["declaredTotal"] - expected) < 0.01,
                    f"the API's declared total is {api['declaredTotal']}, expected {expected}")
        self.expect(declared.replace(",", ".") == f"{api['declaredTotal']:g}",
                    f"the page's declared total {declared!r} is not the API's {api['declaredTotal']}")
        return f"declared total {declared}"

    def step_phone_sections(self):
        """The sections at phone size: the progress count on top, every section within the screen (the
        history table's overflow at 360 px is issue 19 item 12's)."""
        b = self.browser
        b.viewport(*PHONE, mobile=True)
        b.navigate(self.url(self.unit_path()))
        b.wait_for("#dti-progress")
        progress = self.text("#dti-progress")
        self.expect("2/" in progress, f"the progress count reads {progress!r} after two answers")
        self.shot("phone-progress")
        right = b.evaluate("Math.ceil(Math.max(...[...document.querySelectorAll('.dti-section, .dti-section *')]"
                           ".map(e => e.getBoundingClientRect().right)))")
        b.evaluate("document.querySelector('#p-1 summary').scrollIntoView()")
        self.shot("phone-section")
        b.viewport(*DESKTOP, mobile=False)
        self.expect(right is not None and right <= PHONE[0], f"a section reaches {right} px at {PHONE[0]} px")
        return f"{progress}; sections' right edge {right} px"

    # ---- 3. the appraiser reviews ---------------------------------------------------------------

    def step_review(self):
        b = self.browser
        self.login(APPRAISER)
        b.navigate(self.url(f"{HOME}/dot/{self.round_id}"))
        b.click(f"#dti-units tr[data-unit='{WARD}'] a", f"opening {WARD_NAME} from the round")
        self.expect(b.path() == self.unit_path(), f"the unit link led to {b.path()}")
        accept = sub_selector("1.1") + " form.dti-review"
        b.set_value(accept + " [name=decision]", "accept")
        b.press(accept + " [type=submit]", "accepting 1.1")
        self.expect("Chấp nhận" in self.text(sub_selector("1.1")), f"1.1 after accepting reads {self.text(sub_selector('1.1'))[:200]!r}")
        adjust = sub_selector(self.ratio_code) + " form.dti-review"
        b.set_value(adjust + " [name=decision]", "adjust")
        b.set_value(adjust + " [name=value]", "2")
        b.set_value(adjust + " [name=denominator]", "4")
        b.set_value(adjust + " [name=reason]", "Một hệ thống chưa kết nối, chưa tính")
        b.press(adjust + " [type=submit]", f"adjusting {self.ratio_code}")
        sub = self.text(sub_selector(self.ratio_code))
        self.expect("Điều chỉnh" in sub and "chưa kết nối" in sub, f"{self.ratio_code} after adjusting reads {sub[:300]!r}")
        score = self.unit_api(APPRAISER)["score"]
        self.expected_total = self.max["1.1"] + self.max[self.ratio_code] * 0.5 + sum(
            s["points"] for s in score["subIndices"] if s["source"] == "platform")
        self.expect(abs(score["total"] - self.expected_total) < 0.01, f"API total {score['total']}, expected {self.expected_total}")
        total = self.text("#dti-total")
        self.expect(total.replace(",", ".") == f"{score['total']:g}", f"the page's total {total!r} is not the API's {score['total']}")
        history = self.browser.evaluate("Array.from(document.querySelectorAll('#dti-history tr')).map(r => r.textContent)")
        for action in ("Mở đợt", "Tự đánh giá", "Tải minh chứng", "Chấp nhận", "Điều chỉnh"):
            self.expect(any(action in h for h in history), f"the history has no {action!r} line: {history[:8]}")
        return f"total {total}; {len(history)} history lines"

    # ---- 4. publication ---------------------------------------------------------------------------

    def step_publish(self):
        b = self.browser
        b.navigate(self.url(f"{HOME}/dot/{self.round_id}"))
        b.press("#dti-publish-form [type=submit]", "publishing")
        self.expect(b.path() == f"{HOME}/dot/{self.round_id}/xep-hang", f"publishing led to {b.path()}")
        self.expect(not b.has("#dti-provisional"), "the published ranking still says provisional")
        first = b.evaluate("""(r => r ? {unit: r.dataset.unit, rank: r.querySelector('.rank').textContent.trim(),
            total: r.querySelector('.total').textContent.trim()} : null)(document.querySelector('#dti-ranking-table tbody tr'))""")
        self.expect(first and first["unit"] == WARD and first["rank"] == "1", f"the ranking's first row is {first}")
        self.expect(first["total"].replace(",", ".") == f"{self.expected_total:g}", f"{WARD_NAME}'s total is {first['total']}")
        count = self.text("#dti-recognised-count")
        ranking = self.api("GET", f"/api/v1/dti/rounds/{self.round_id}/ranking", LEADER)
        self.expect(count == str(ranking["recognised"]), f"the page counts {count} recognised communes, the API {ranking['recognised']}")
        self.rows = len(ranking["items"])
        return f"{WARD_NAME} first with {first['total']}; {count} recognised of {self.rows}"

    def step_print(self):
        b = self.browser
        with b.print_media():
            shown = b.shown({"header": ".site-header", "csv": "#dti-csv", "table": "#dti-ranking-table"})
            self.shot("ranking-print-media")
        self.expect(shown["header"] == "none" and shown["csv"] == "none" and shown["table"].startswith("shown"),
                    f"in print: {shown}")
        pdf = b.print_pdf(os.path.join(self.out, "dti-ranking.pdf"))
        return f"{len(pdf)} bytes"

    # ---- 5. targets ---------------------------------------------------------------------------------

    def step_target(self):
        b = self.browser
        b.navigate(self.url(f"{HOME}/chi-tieu?year={self.year}"))
        b.set_value("#dti-target-form [name=unit]", f"commune|{WARD}")
        b.set_value("#dti-target-form [name=kind]", "recognised")
        b.set_value("#dti-target-form [name=note]", "Kế hoạch 25/KH-UBND")
        b.press("#dti-target-form [type=submit]", "setting the target")
        rows = b.evaluate("Array.from(document.querySelectorAll('#dti-targets-table tbody tr')).map(r => r.textContent)")
        mine = [r for r in rows if WARD_NAME in r]
        self.expect(mine, f"the targets table has no row for {WARD_NAME}: {rows}")
        recognised = any(i["unit"] == WARD and i.get("recognised") for i in
                         self.api("GET", f"/api/v1/dti/rounds/{self.round_id}/ranking", LEADER)["items"])
        status = "Đã đạt" if recognised else "Không đạt"
        self.expect(status in mine[0], f"the target's row reads {mine[0]!r}, expected {status!r}")
        self.target_status = status
        return re.sub(r"\s+", " ", mine[0]).strip()

    def step_dashboard(self):
        b = self.browser
        self.login(ADMIN)
        b.navigate(self.url(f"/officer/dieu-hanh?period={self.year}"))
        section = self.text("#ops-dti-targets")
        self.expect(WARD_NAME in section and self.target_status in section, f"the dashboard's targets read {section[:300]!r}")
        return section[:160]

    def run(self):
        steps = [
            ("1-login-appraiser", self.step_login_appraiser), ("1-open-round", self.step_open_round),
            ("2-login-ward-leader", self.step_login_leader), ("2-declare-with-evidence", self.step_declare_with_evidence),
            ("2-declare-ratio", self.step_declare_ratio), ("2-phone-sections", self.step_phone_sections),
            ("3-review", self.step_review),
            ("4-publish-ranking", self.step_publish), ("4-ranking-print", self.step_print),
            ("5-target", self.step_target), ("5-dashboard-targets", self.step_dashboard),
        ]
        return self.run_journey("DTI journey", {"browser": (DESKTOP, False)}, steps, f"desk {DESKTOP[0]}x{DESKTOP[1]}",
                                lambda: f"round {self.round_id}, year {self.year}")


def main():
    args = arguments("digital-transformation assessment journey", "folder for the screenshots (and the ranking's PDF)").parse_args()
    sys.exit(DTIJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
