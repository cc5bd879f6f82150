#!/usr/bin/env python3
"""Finding a procedure and reading the dashboard (issue 19, items 11 and 9), in headless Chromium
at phone size (360x800) and at desk size (1366x900).

Usage: python3 scripts/browser/find_journey.py --base http://127.0.0.1:PORT \
           --out 'artifacts/screenshots/find-{viewport}' [--viewport phone|desktop|both]

1. The home page offers life events (birth, marriage, building a house, opening a household
   business) and popular services; the birth event lists its procedures, birth registration first.
2. The procedure list's filters are select boxes of a plain GET form: field "Hộ tịch" and "fully
   online" narrow the list, and stay selected.
3. A search without diacritics ("dang ky khai sinh") finds birth registration; two procedures of
   the same name show their codes and their different agencies.
4. A misspelt search ("khai sinhh") shows no list but the closest names, the popular services and a
   link to the whole list; the first suggestion opens birth registration.
5. The administrator's dashboard: a period picker in words (no typed syntax, no period after the
   current one), no link to the next period, whole y-axis ticks each written once, percents on
   one line; the index page writes its formulas in words.

Every page is checked to fit the width. What needs no browser is checked over HTTP on both
databases by Tests/IntegrationTests/Portal/FindingProcedureTests.swift and
Tests/IntegrationTests/Operations/DashboardReadabilityTests.swift. Meant for the demo province
(MOTCUA_ENV=development). Needs `chromium` on PATH and the `websocket-client` package.
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, BIRTH_REGISTRATION, DESKTOP, PHONE  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

BIRTH_NAME = "Thủ tục đăng ký khai sinh"
EVENTS = ["birth", "marriage", "building-a-house", "household-business"]
LOOK_ALIKES = {"1.115496": "Ủy ban nhân dân cấp xã", "1.115501": "Sở Nông nghiệp và Môi trường"}


class FindJourney(Journey):
    def __init__(self, base, out, viewport):
        super().__init__(base, out)
        self.viewport = viewport
        self.size = PHONE if viewport == "phone" else DESKTOP
        self.all_count = None

    def codes(self):
        return self.browser.evaluate(
            "Array.from(document.querySelectorAll('#procedure-list li[data-code]')).map(e => e.dataset.code)") or []

    def fits(self, page):
        return self.browser.fits_width(page)

    # ---- 1. the home page's guide ----------------------------------------------------------

    def step_home(self):
        b = self.browser
        b.navigate(self.url("/"))
        b.wait_for("#home-events")
        events = [h.split("event=")[-1] for h in b.hrefs("#home-events a") or []]
        self.expect(events == EVENTS, f"#home-events links to {events}, expected {EVENTS}")
        popular = b.hrefs("#home-popular li a") or []
        self.expect(len(popular) >= 4 and f"/thu-tuc/{BIRTH_REGISTRATION}" in popular,
                    f"#home-popular lists {popular}, expected 4 or more with birth registration")
        return f"{len(events)} life events, {len(popular)} popular services; {self.fits('the home page')}"

    def step_life_event(self):
        b = self.browser
        b.click('#home-events a[href$="event=birth"]', "opening the life event 'Sinh con'")
        self.expect(b.path() == "/thu-tuc" and b.query().get("event") == ["birth"], f"the event link led to {b.href()}")
        heading = b.text("#life-event") or ""
        self.expect("Sinh con" in heading, f"#life-event reads {heading!r}")
        codes = self.codes()
        self.expect(codes[:1] == [BIRTH_REGISTRATION] and len(codes) >= 2, f"the birth event lists {codes}")
        return f"{heading!r}: {codes}; {self.fits('the life event list')}"

    # ---- 2. filters ------------------------------------------------------------------------

    def step_filters(self):
        b = self.browser
        b.navigate(self.url("/thu-tuc"))
        b.wait_for("#procedure-list")
        self.all_count = len(self.codes())
        self.expect(self.all_count >= 40, f"the whole list has {self.all_count} procedures")
        self.expect(b.evaluate("document.querySelector('#procedure-search').method") == "get", "the search form is not a GET form")
        b.set_value("#filter-field", "HO_TICH")
        b.set_value("#filter-online", "full")
        b.press("#procedure-search [type=submit]", "filtering by field and online level")
        q = b.query()
        self.expect(q.get("field") == ["HO_TICH"] and q.get("online") == ["full"], f"the filter form sent {b.href()}")
        codes = self.codes()
        self.expect(BIRTH_REGISTRATION in codes and 0 < len(codes) < self.all_count,
                    f"field HO_TICH, fully online lists {len(codes)} of {self.all_count}: {codes}")
        self.expect(b.value("#filter-field") == "HO_TICH" and b.value("#filter-online") == "full",
                    "the chosen filters are no longer selected after the search")
        count = b.text("#procedure-count") or ""
        self.expect(str(len(codes)) in count, f"#procedure-count reads {count!r} for {len(codes)} rows")
        return f"{len(codes)} of {self.all_count} ({count!r}); {self.fits('the filtered list')}"

    # ---- 3. diacritics and look-alikes ------------------------------------------------------

    def step_without_diacritics(self):
        b = self.browser
        b.navigate(self.url("/thu-tuc"))
        b.wait_for("#q")
        b.set_value("#q", "dang ky khai sinh")
        b.press("#procedure-search [type=submit]", "searching without diacritics")
        names = b.texts("#procedure-list li > a") or []
        self.expect(BIRTH_NAME in names, f"'dang ky khai sinh' lists {names}")
        return f"{len(names)} found"

    def step_look_alikes(self):
        b = self.browser
        b.navigate(self.url("/thu-tuc?q=chuyen+muc+dich+su+dung+dat"))
        b.wait_for("#procedure-list")
        for code, agency in LOOK_ALIKES.items():
            row = b.text(f'#procedure-list li[data-code="{code}"]') or ""
            self.expect(code in row and agency in row, f"the row of {code} reads {row!r}, expected its code and {agency!r}")
        return f"{sorted(LOOK_ALIKES)} told apart by agency; {self.fits('the look-alike list')}"

    # ---- 4. nothing found ---------------------------------------------------------------------

    def step_nothing_found(self):
        b = self.browser
        b.navigate(self.url("/thu-tuc"))
        b.wait_for("#q")
        b.set_value("#q", "khai sinhh")
        b.press("#procedure-search [type=submit]", "searching a misspelt name")
        self.expect(not b.has("#procedure-list"), "a misspelt search still shows a list")
        message = b.text("#procedure-empty p") or ""
        self.expect("Không tìm thấy" in message, f"#procedure-empty reads {message!r}")
        closest = b.hrefs("#procedure-suggestions a") or []
        popular = b.hrefs("#procedure-popular a") or []
        self.expect(f"/thu-tuc/{BIRTH_REGISTRATION}" in closest[:3], f"the closest names are {closest}")
        self.expect(len(popular) >= 4, f"the popular services are {popular}")
        self.expect(b.hrefs("#procedure-all") == ["/thu-tuc"], "no link to the whole list")
        return f"{len(closest)} suggestions, {len(popular)} popular; {self.fits('the empty result')}"

    def step_open_suggestion(self):
        b = self.browser
        b.click(f'#procedure-suggestions a[href$="/{BIRTH_REGISTRATION}"]', "opening the suggestion")
        self.expect(b.path() == f"/thu-tuc/{BIRTH_REGISTRATION}" and b.text("h1") == BIRTH_NAME,
                    f"the suggestion led to {b.href()} ({b.text('h1')!r})")
        return b.path()

    # ---- 5. the dashboard ---------------------------------------------------------------------

    def step_dashboard(self):
        b = self.browser
        b.navigate(self.url("/officer/dieu-hanh"))
        b.wait_for("#ops-period")
        self.expect(b.evaluate("document.querySelector('#ops-period').tagName") == "SELECT", "#ops-period is not a select box")
        options = b.evaluate("Array.from(document.querySelectorAll('#ops-period option')).map(o => [o.value, o.text])") or []
        selected = b.value("#ops-period")
        months = [v for v, _ in options if re.fullmatch(r"\d{4}-\d{2}", v)]
        self.expect(months and max(months) == selected, f"the picker's latest month is {max(months or [''])}, the period shown {selected}")
        named = dict(options)
        self.expect(named.get(selected, "").startswith("Tháng "), f"the current month is written {named.get(selected)!r}")
        self.expect(not b.has("#ops-next"), "the current period links to the next one")
        self.expect(not b.has("#ops-period-hint"), "the typed period syntax is still explained")
        ticks = b.evaluate("""Array.from(document.querySelector('#ops-trend').closest('section')
            .querySelectorAll(':scope > svg text[text-anchor=end]')).map(t => t.textContent)""") or []
        self.expect(ticks and all(re.fullmatch(r"\d+", t) for t in ticks) and len(set(ticks)) == len(ticks),
                    f"the y-axis ticks are {ticks}")
        wrapped = b.evaluate("""Array.from(document.querySelectorAll('#ops-kpis .kpi-value')).filter(e =>
            e.getClientRects().length > 1 || e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e).fontSize))
            .map(e => e.textContent)""")
        self.expect(not wrapped, f"figures wrapped over two lines: {wrapped}")
        return f"period {selected!r} ({named.get(selected)}), {len(options)} choices; ticks {ticks}; {self.fits('the dashboard')}"

    def step_index_formulas(self):
        b = self.browser
        b.click("#ops-tab-index", "opening the index tab")
        b.wait_for(".index-group")
        formulas = b.texts('td[id^="formula-"]') or []
        self.expect(formulas and not any("min(" in f or "×" in f for f in formulas), f"formulas: {formulas[:3]}")
        self.expect(not b.has(".index-group code"), "a formula is still written as code")
        return f"{len(formulas)} formulas, e.g. {formulas[0]!r}"

    def run(self):
        steps = [
            ("01-home", self.step_home), ("02-life-event", self.step_life_event), ("03-filters", self.step_filters),
            ("04-without-diacritics", self.step_without_diacritics), ("05-look-alikes", self.step_look_alikes),
            ("06-nothing-found", self.step_nothing_found), ("07-suggestion", self.step_open_suggestion),
            ("08-login", self.login_step(ADMIN)), ("09-dashboard", self.step_dashboard),
            ("10-index-formulas", self.step_index_formulas),
        ]
        return self.run_journey(f"finding journey [{self.viewport}]", {"browser": (self.size, self.viewport == "phone")},
                                [(f"{label} [{self.viewport}]", step) for label, step in steps],
                                f"{self.viewport} {self.size[0]}x{self.size[1]}")


def main():
    parser = arguments("finding-a-procedure and dashboard-reading journey", "folder for the screenshots; {viewport} becomes "
                       "phone or desktop", "a running development server", out_default="artifacts/screenshots/find-{viewport}")
    parser.add_argument("--viewport", choices=["phone", "desktop", "both"], default="both")
    args = parser.parse_args()
    status = 0
    for viewport in (["phone", "desktop"] if args.viewport == "both" else [args.viewport]):
        status |= FindJourney(args.base, args.out.replace("{viewport}", viewport), viewport).run()
    sys.exit(status)


if __name__ == "__main__":
    main()
