#!/usr/bin/env python3
"""Operations-centre journey of Motcua (trung tâm điều hành, issue 5): the figures a leader reads
at the desk and on the big screen of the operations room, checked against the JSON API.

Usage: python3 scripts/browser/operations_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/operations

1. Through the JSON API (bearer tokens) the desk of Phường Hạc Thành receives a few dossiers of
   procedure 1.000689; one goes all the way (forward, assign, submitForApproval, approve,
   returnResult); the province's service centre receives one more, for a department (so the
   index ranks an agency even on a fresh province). The province dashboard JSON (as the
   administrator `quantri`) is read before and polled after (the statistics worker runs every
   STATISTICS_POLL_SECONDS; up to 30 s) until flows.received has grown by the number received;
   the figures are counted from where they stood, so the journey may run again on a server that
   holds other data.
2. The administrator logs in through /officer/login, follows "Điều hành" in the header: the KPI
   tiles show the API's numbers, the trend chart is an inline <svg> with a <title>, its table
   alternative opens, the commune ranking lists Phường Hạc Thành.
3. The unit filter picks Phường Hạc Thành and a period from the picker (periods in words, none
   after the current one); on the current period there is no link to the next; the previous/next
   period links work. The trend chart's y-axis ticks are whole numbers, each written once.
4. The index tab (also at 360x800: no horizontal scrolling, each indicator a labelled block): five groups, the 21 indicators of the annex each with its formula (in words), points and
   citation of Decision 766/QĐ-TTg; in English
   (the header's language link keeps the unit and period) the names are English; the province
   page ranks agencies and communes.
5. The report tab: the table's total row adds up its rows; the page prints to PDF and hides the
   header, the filters and the links in print.
6. The big screen at 1920x1080 (large KPI figures); a commune leader (lanhdao.hacthanh) sees their
   own unit by default.

What needs no browser is checked over HTTP on both databases by
Tests/IntegrationTests/Operations/OperationsJourneyHTTPTests.swift: the report's CSV (text/csv
attachment, byte-order mark, Vietnamese headers, a total row equal to its rows and to the page),
no Refresh header on the desk's dashboard and `Refresh: 60` on the big screen, the commune leader's
Vietnamese 403 page when asking for the province.

Meant for the demo province (demo officers, password motcua2026; MOTCUA_ENV=development seeds
them). The leader's desk is 1366x900; only the big-screen step runs at 1920x1080. Needs
`chromium` on PATH and the `websocket-client` package; the browser plumbing is in lib/. Every step
takes a screenshot into --out (the report's PDF goes there too); the first step that does not
behave stops the journey with exit status 1 and a message saying what the page showed.
"""

import json
import os
import re
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, BIG_SCREEN, DESKTOP, LEADER, PHONE, RECEIVER, SPECIALIST, WARD, WARD_NAME  # noqa: E402
from lib.dossiers import transition  # noqa: E402
from lib.errors import StepFailure  # noqa: E402
from lib.session import api_as, follow_nav, officer_logout, officer_token  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PROCEDURE = "1.000689"
CREATED = 3  # dossiers received at the ward per run; the first goes all the way to returnResult
# One more at the province's service centre, for a department (Sở Xây dựng), so that the agency
# ranking of the index has a row even on a fresh demo province.
PROVINCE_DESK, PROVINCE_PROCEDURE = "tiepnhan.tinh", "2.002288"
FULL_PATH = ("forward", "assign", "submitForApproval", "approve", "returnResult")
WHO = {"forward": RECEIVER, "assign": LEADER, "submitForApproval": SPECIALIST, "approve": LEADER, "returnResult": RECEIVER}
APPLICANTS = ["Lê Văn Bình", "Trịnh Thị Hoa", "Hoàng Văn Nam"]
DASHBOARD_API = "/api/v1/statistics/dashboard"
OPS = "/officer/dieu-hanh"
OPS_INDEX = OPS + "/chi-so-766"
OPS_REPORT = OPS + "/bao-cao"
POLL_SECONDS = 30
NAV_LABEL = "Điều hành"
VIETNAMESE_LETTERS = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
POINTS = re.compile(r"^(—|\d+([.,]\d+)?) / \d+([.,]\d+)?")


def period_name(period):
    """A month period as the pages write it in Vietnamese: 2026-11 -> 'Tháng 11/2026'."""
    year, month = period.split("-")
    return f"Tháng {month}/{year}"


class OperationsJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.codes = []
        self.baseline = None  # the province's flows before this run
        self.figures = None  # {"province": flows, "commune": flows} once the statistics have caught up
        self.period = None  # the current period, as the API names it (2026-11)
        self.kpi_px = None  # the KPI figures' font size on the desk's dashboard
        self.vi_indicators = {}
        self.commune_before = None
        self.department = None  # the agency handling the provincial dossier

    # ---- helpers -----------------------------------------------------------------------------

    def dashboard(self, query=""):
        data = api_as(self.http, ADMIN, "GET", DASHBOARD_API + query)
        self.expect(isinstance(data, dict) and isinstance(data.get("flows"), dict),
                    f"GET {DASHBOARD_API}{query} as {ADMIN} answered no flows: {str(data)[:300]}")
        return data

    def commune_query(self, period=None):
        return f"?scope=commune&unit={WARD}&period={period or self.period}"

    def with_cookies(self, path):
        """GET `path` with the browser's cookies (its officer session): (status, headers, bytes)."""
        return self.http.with_cookies(self.browser, path)

    def table(self, selector):
        """The text of each body row's cells."""
        return self.browser.rows(selector) or []

    def kpi(self, key):
        text = self.browser.text(f"[data-kpi={key}]")
        self.expect(text is not None, f"the dashboard has no [data-kpi={key}] tile")
        return text

    def heading(self):
        return re.sub(r"\s+", " ", self.browser.text("h1") or "")

    def opened(self, path, what):
        self.browser.expect_at(path, what)

    def query(self):
        return {k: v[0] for k, v in self.browser.query().items()}

    def follow_nav(self):
        follow_nav(self.browser, "#nav-operations", NAV_LABEL, OPS)
        self.browser.wait_for("#ops-dashboard")

    def open_details(self, summary):
        """Clicks a <details>' summary and checks it opened."""
        b = self.browser
        b.click(summary, f"opening {summary}", navigates=False)
        is_open = b.evaluate(f"document.querySelector({json.dumps(summary)}).parentElement.open")
        self.expect(is_open, f"clicking {summary} did not open its <details>")

    # ---- 1. dossiers through the API, the statistics catch up ------------------------------

    def receive(self, username, body, what):
        """Receives a dossier at `username`'s counter through the API; returns the dossier."""
        token, _ = officer_token(self.http, username)
        status, data = self.http.api("POST", "/api/v1/dossiers", token, {"channel": "counter", **body})
        self.expect(status in (200, 201) and isinstance(data, dict) and data.get("dossier", {}).get("code"),
                    f"POST /api/v1/dossiers ({what}) answered {status}: {str(data)[:300]}")
        self.codes.append(data["dossier"]["code"])
        return data["dossier"]

    def step_api_dossiers(self):
        before = self.dashboard()
        self.baseline, self.period = before["flows"], before["period"]
        self.commune_before = self.dashboard(self.commune_query())["flows"]
        for i, name in enumerate(APPLICANTS[:CREATED]):
            self.receive(RECEIVER, {"procedureCode": PROCEDURE, "communeCode": WARD, "applicant": {
                "fullName": name, "idNumber": "0380900%05d" % (int(time.time()) % 100000 + i),
                "phone": "0912345678", "address": "Số 5 Lê Lợi, phường Hạc Thành"}}, f"{PROCEDURE} at {WARD_NAME}")
        dossier = self.receive(PROVINCE_DESK, {"procedureCode": PROVINCE_PROCEDURE, "applicant": {
            "fullName": "Công ty TNHH Vận tải Hạc Thành", "idNumber": "038090012345",
            "phone": "0912345679", "address": "Số 9 Lê Lợi, phường Hạc Thành"}}, f"{PROVINCE_PROCEDURE} at {PROVINCE_DESK}")
        self.department = dossier["handlingAgencyId"]
        code = self.codes[0]
        done = []
        for action in FULL_PATH:
            extra = {"assigneeId": officer_token(self.http, SPECIALIST)[1]} if action == "assign" else {}
            done.append(transition(self.http, code, WHO[action], action, **extra)["status"]["code"])
        self.expect(done[-1] == "returned", f"after returnResult {code} is {done[-1]!r}, not 'returned'")
        return f"received {', '.join(self.codes)}; {code}: {' -> '.join(done)}"

    def step_api_statistics(self):
        began, want = time.time(), self.baseline["received"] + len(self.codes)
        flows = self.baseline
        while True:
            flows = self.dashboard()["flows"]
            if flows["received"] >= want and flows["returned"] >= self.baseline["returned"] + 1:
                break
            if time.time() - began > POLL_SECONDS:
                raise StepFailure(f"after {POLL_SECONDS} s {DASHBOARD_API} counts received {flows['received']}, returned "
                                  f"{flows['returned']} (before: {self.baseline['received']}, {self.baseline['returned']}; "
                                  f"{len(self.codes)} dossiers received, 1 returned): the statistics worker did not catch up")
            time.sleep(0.5)
        commune = self.dashboard(self.commune_query())["flows"]
        self.expect(commune["received"] >= self.commune_before["received"] + CREATED,
                    f"{DASHBOARD_API}{self.commune_query()} counts {commune['received']} received at {WARD_NAME}, expected at "
                    f"least {self.commune_before['received'] + CREATED} (before: {self.commune_before['received']})")
        self.expect(flows["resolved"] >= self.baseline["resolved"] + 1,
                    f"the province counts {flows['resolved']} resolved, expected at least {self.baseline['resolved'] + 1}")
        self.figures = {"province": flows, "commune": commune}
        return (f"{time.time() - began:.1f} s to catch up; province received {self.baseline['received']} -> {flows['received']}, "
                f"returned {self.baseline['returned']} -> {flows['returned']}; {WARD_NAME} received "
                f"{self.commune_before['received']} -> {commune['received']} ({self.period})")

    # ---- 2. the province dashboard --------------------------------------------------------

    def step_dashboard(self):
        b = self.browser
        self.follow_nav()
        heading = self.heading()
        self.expect(heading.startswith("Bảng điều hành") and period_name(self.period) in heading,
                    f"the dashboard's h1 reads {heading!r}, expected 'Bảng điều hành: Toàn tỉnh · {period_name(self.period)}'")
        shown = self.kpi("received")
        now = self.dashboard()["flows"]["received"]
        self.expect(shown in (str(self.figures["province"]["received"]), str(now)),
                    f"[data-kpi=received] shows {shown!r}; {DASHBOARD_API} counts {now}")
        tiles = b.evaluate("Array.from(document.querySelectorAll('#ops-kpis [data-kpi]')).map(e => e.dataset.kpi)")
        for key in ("received", "pending", "resolved", "returned", "onTime", "online"):
            self.expect(key in tiles, f"#ops-kpis has no [data-kpi={key}] tile (tiles: {tiles})")
        self.kpi_px = b.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-kpi=received]')).fontSize)")
        # What the page's script (operations.js) refreshes the tiles from: the page itself, read again
        # with the session cookie, whose tiles it swaps in.
        fresh = b.evaluate("""(async () => {
            const script = document.querySelector('script[src*="/static/operations.js?v="]');
            if (!script) return {script: false};
            const r = await fetch(location.href, {credentials: 'same-origin', headers: {Accept: 'text/html'}});
            const page = new DOMParser().parseFromString(await r.text(), 'text/html');
            const tile = page.querySelector('#ops-kpis [data-kpi=received]');
            const s = await fetch(script.src);
            return {status: r.status, received: tile ? tile.textContent.trim() : null, script: s.status};
        })()""")
        self.expect(fresh.get("script") == 200, f"the dashboard's operations.js does not load: {fresh}")
        self.expect(fresh["status"] == 200 and fresh["received"] == shown,
                    f"the refresh script's source (the page, with the session cookie) answered HTTP {fresh['status']}, "
                    f"received {fresh['received']}; the tile shows {shown}")
        return f"h1 {heading!r}; received {shown} (API {now}); {len(tiles)} tiles, figures {self.kpi_px:.0f} px"

    def step_trend(self):
        b = self.browser
        chart = b.evaluate("""(() => {
            const card = document.querySelector('#ops-trend').closest('section');
            const svg = card.querySelector(':scope > svg');
            if (!svg) return null;
            const title = svg.querySelector(':scope > title');
            return {ns: svg.namespaceURI, title: title ? title.textContent : null,
                    labelled: svg.getAttribute('aria-labelledby'), role: svg.getAttribute('role'),
                    rects: svg.querySelectorAll('rect').length, width: svg.getBoundingClientRect().width}
        })()""")
        self.expect(chart, "the trend card (around #ops-trend) has no inline <svg>")
        self.expect(chart["ns"] == "http://www.w3.org/2000/svg", f"the trend chart is not an SVG element ({chart['ns']})")
        self.expect(chart["title"], f"the trend <svg> has no <title>: {chart}")
        self.expect(chart["role"] == "img" and chart["labelled"], f"the trend <svg> is not labelled for screen readers: {chart}")
        self.expect(chart["width"] > 200 and chart["rects"] > 0, f"the trend <svg> draws nothing: {chart}")
        ticks = b.evaluate("""Array.from(document.querySelector('#ops-trend').closest('section')
            .querySelectorAll(':scope > svg text[text-anchor=end]')).map(t => t.textContent)""") or []
        self.expect(len(ticks) >= 2 and all(re.fullmatch(r"\d+", t) for t in ticks) and len(set(ticks)) == len(ticks),
                    f"the trend's y-axis ticks are not whole numbers each written once: {ticks}")
        self.expect(not b.evaluate("document.querySelector('#ops-trend').checkVisibility()"),
                    "the trend table #ops-trend shows before its <details> is opened")
        summary = "#ops-dashboard details:has(#ops-trend) > summary"
        self.open_details(summary)
        self.expect(b.evaluate("document.querySelector('#ops-trend').checkVisibility()"),
                    "after opening its <details> the trend table #ops-trend is still hidden")
        rows = self.table("#ops-trend")
        self.expect(rows, "the trend table #ops-trend has no rows")
        total = sum(int(r[1]) for r in rows)
        shown = int(self.kpi("received"))
        self.expect(total == shown, f"the trend table's 'received' column adds up to {total}, the tile shows {shown}")
        return f"<title> {chart['title']!r}, {chart['rects']} rects; table: {len(rows)} rows adding up to {total}"

    def step_commune_ranking(self):
        b = self.browser
        self.expect(b.has("#ops-communes"), "the province dashboard has no #ops-communes")
        self.open_details("#ops-dashboard details:has(#ops-communes) > summary")
        b.evaluate("document.querySelector('#ops-communes').scrollIntoView({block: 'center'})")
        rows = self.table("#ops-communes")
        row = next((r for r in rows if r[0] == WARD_NAME), None)
        self.expect(row, f"#ops-communes does not list {WARD_NAME!r} (it lists {[r[0] for r in rows][:15]})")
        received = int(row[1])
        self.expect(received >= self.figures["commune"]["received"],
                    f"#ops-communes counts {received} received at {WARD_NAME}; the API counted {self.figures['commune']['received']}")
        bars = b.evaluate("""(() => { const t = document.querySelector('#ops-communes').closest('section');
            const svg = t.querySelector(':scope > svg');
            return svg ? Array.from(svg.querySelectorAll('rect > title')).map(e => e.textContent) : null })()""")
        self.expect(bars and any(WARD_NAME in t for t in bars),
                    f"the commune ranking's chart has no bar for {WARD_NAME}: {bars and bars[:10]}")
        return f"{len(rows)} communes; {WARD_NAME}: received {row[1]}, resolved {row[2]}, on time {row[4]}"

    # ---- 3. the unit filter, previous and next periods ------------------------------------

    def step_filter_commune(self):
        b = self.browser
        value = f"commune|{WARD}"
        options = b.evaluate("Array.from(document.querySelectorAll('#ops-unit option')).map(o => [o.value, o.textContent.trim()])")
        option = next((o for o in options or [] if o[0] == value), None)
        self.expect(option, f"#ops-unit offers no {value!r} (it offers {[o[0] for o in options or []][:20]})")
        self.expect(options[0][0] == "province|", f"#ops-unit's first option is {options[0]}, expected the province")
        periods = b.evaluate("Array.from(document.querySelectorAll('#ops-period option')).map(o => [o.value, o.textContent.trim()])")
        self.expect([self.period, period_name(self.period)] in (periods or []),
                    f"#ops-period offers no {self.period!r} written {period_name(self.period)!r}: {periods}")
        future = [o for o in periods if re.fullmatch(r"\d{4}-\d{2}", o[0]) and o[0] > self.period]
        self.expect(not future, f"#ops-period offers periods after {self.period}: {future}")
        self.expect(not b.has("#ops-next"), f"on the current period {self.period} there is a link to the next one")
        b.set_value("#ops-unit", value)
        b.set_value("#ops-period", self.period)
        b.press("#ops-filters button[type=submit]", "showing the commune")
        self.opened(OPS, "the filter form")
        q = self.query()
        self.expect(q.get("unitChoice") == value and q.get("period") == self.period,
                    f"the filter form sent {q}, expected unitChoice={value}, period={self.period}")
        name = b.text("#ops-unit-name")
        self.expect(name == WARD_NAME, f"#ops-unit-name reads {name!r}, expected {WARD_NAME!r} (h1: {self.heading()!r})")
        self.expect(b.value("#ops-unit") == value,
                    "after the filter, #ops-unit no longer has the commune selected")
        self.expect(not b.has("#ops-communes"),
                    "the commune's dashboard still shows the province's commune ranking")
        shown = self.kpi("received")
        api = self.dashboard(self.commune_query())["flows"]["received"]
        self.expect(shown in (str(self.figures["commune"]["received"]), str(api)),
                    f"[data-kpi=received] for {WARD_NAME} shows {shown!r}; {DASHBOARD_API}{self.commune_query()} counts {api}")
        return f"h1 {self.heading()!r}; received {shown} (option {option[1]!r})"

    def step_previous_next(self):
        b = self.browser
        year, month = map(int, self.period.split("-"))
        previous = f"{year - (month == 1)}-{12 if month == 1 else month - 1:02d}"
        b.click("#ops-previous", "following the previous-period link")
        self.opened(OPS, "#ops-previous")
        q = self.query()
        self.expect(q.get("period") == previous and q.get("scope") == "commune" and q.get("unit") == WARD,
                    f"#ops-previous led to {b.href()}, expected period={previous} for commune {WARD}")
        heading = self.heading()
        self.expect(period_name(previous) in heading and WARD_NAME in heading, f"after #ops-previous the h1 reads {heading!r}")
        self.expect(b.value("#ops-period") == previous,
                    f"after #ops-previous #ops-period reads {b.value('#ops-period')!r}")
        earlier = self.kpi("received")
        api = self.dashboard(self.commune_query(previous))["flows"]["received"]
        self.expect(earlier == str(api), f"{previous}: [data-kpi=received] shows {earlier!r}, the API counts {api}")
        self.shot("previous-period")
        b.click("#ops-next", "following the next-period link")
        self.opened(OPS, "#ops-next")
        q = self.query()
        self.expect(q.get("period") == self.period and q.get("unit") == WARD,
                    f"#ops-next led to {b.href()}, expected period={self.period} for commune {WARD}")
        shown = self.kpi("received")
        self.expect(int(shown) >= self.figures["commune"]["received"],
                    f"back on {self.period}: [data-kpi=received] shows {shown!r}, the API counted {self.figures['commune']['received']}")
        return f"{previous}: received {earlier}; back to {self.period}: received {shown}"

    # ---- 4. the service-quality index --------------------------------------------------------

    def indicators(self):
        return self.browser.evaluate("""Array.from(document.querySelectorAll('.index-group tr[id^="ind-"]')).map(r => ({
            id: r.id, name: r.cells[0].textContent.trim(), formula: (r.querySelector('td[id^="formula-"]') || {}).textContent || '',
            points: ((r.querySelector('td[id^="points-"]') || {}).textContent || '').trim(),
            citation: ((r.querySelector('td[id^="citation-"]') || {}).textContent || '').trim()}))""") or []

    def step_index(self):
        b = self.browser
        b.click("#ops-tab-index", "opening the index tab")
        self.opened(OPS_INDEX, "#ops-tab-index")
        q = self.query()
        self.expect(q.get("unit") == WARD and q.get("period") == self.period,
                    f"the index tab lost the commune or the period: {b.href()}")
        groups = b.texts(".index-group h2")
        self.expect(len(groups or []) == 5, f"the index page has {len(groups or [])} groups, expected 5: {groups}")
        rows = self.indicators()
        self.expect(rows, "the index page has no indicator rows (tr[id^=ind-])")
        for row in rows:
            self.expect(row["formula"].strip() and "min(" not in row["formula"],
                        f"indicator {row['id']} ({row['name']}) shows no formula in words: {row['formula']!r}")
            self.expect(POINTS.match(row["points"]), f"indicator {row['id']} ({row['name']}) shows points {row['points']!r}")
            self.expect(row["citation"].startswith("QĐ 766/QĐ-TTg"),
                        f"indicator {row['id']} ({row['name']}) cites {row['citation']!r}, not the annex of Decision 766/QĐ-TTg")
        self.expect(len(rows) == 21, f"the index page lists {len(rows)} indicators, the annex has 21")
        total = re.sub(r"\s+", " ", b.text("#ops-index-total") or "")
        self.expect("/ 100" in total, f"#ops-index-total reads {total!r}")
        self.expect(WARD_NAME in self.heading(), f"the index page's h1 reads {self.heading()!r}")
        self.vi_indicators = {r["id"]: r["name"] for r in rows}
        return f"{len(groups)} groups, {len(rows)} indicators; {total}"

    def step_index_english(self):
        b = self.browser
        b.click("#lang-switch", "switching to English")
        self.opened(OPS_INDEX, "the English switch")
        self.expect(b.evaluate("document.documentElement.lang") == "en", "after ?lang=en the page's <html lang> is not 'en'")
        q = self.query()
        self.expect(q.get("lang") == "en" and q.get("unit") == WARD, f"the language switch dropped the page's filters: {q}")
        heading = self.heading()
        self.expect(heading.startswith("Service-quality index"), f"the English index page's h1 reads {heading!r}")
        rows = self.indicators()
        self.expect({r["id"] for r in rows} == set(self.vi_indicators),
                    f"the English page lists indicators {sorted(r['id'] for r in rows)}, the Vietnamese one {sorted(self.vi_indicators)}")
        for row in rows:
            self.expect(row["name"] != self.vi_indicators[row["id"]] and not VIETNAMESE_LETTERS.search(row["name"]),
                        f"indicator {row['id']} is not in English: {row['name']!r}")
        groups = b.texts(".index-group h2")
        bad = [g for g in groups if VIETNAMESE_LETTERS.search(g)]
        self.expect(not bad, f"group headings not in English: {bad}")
        return f"h1 {heading!r}; e.g. {rows[0]['id']}: {rows[0]['name']!r}"

    def step_index_rankings(self):
        b = self.browser
        if self.query().get("scope", "province") != "province":  # the switch kept the commune: go to the province
            b.set_value("#ops-unit", "province|")
            b.press("#ops-filters button[type=submit]", "showing the province")
        self.expect(b.has("#ops-index-agencies"),
                    f"the province's index page ({b.href()}) has no #ops-index-agencies")
        found = {}
        for table in ("#ops-index-agencies", "#ops-index-communes"):
            rows = self.table(table)
            self.expect(rows, f"{table} has no rows")
            ranks = []
            for r in rows:
                self.expect(re.fullmatch(r"\d+", r[0] or ""), f"{table}: a row without a rank: {r}")
                ranks.append(int(r[0]))
            self.expect(ranks[0] == 1 and ranks == sorted(ranks) and ranks[-1] <= len(ranks),
                        f"{table}'s ranks are not 1, 2, ... in order: {ranks}")
            found[table] = rows
        links = b.evaluate("Array.from(document.querySelectorAll('#ops-index-agencies tbody a')).map(a => a.href)")
        self.expect(any(f"unit={urllib.parse.quote(self.department)}" in link for link in links or []),
                    f"#ops-index-agencies does not rank {self.department}, which received a dossier: {links}")
        ward = next((r for r in found["#ops-index-communes"] if r[1] == WARD_NAME), None)
        self.expect(ward, f"#ops-index-communes does not rank {WARD_NAME}: {[r[1] for r in found['#ops-index-communes']][:15]}")
        for table in ("#ops-index-agencies", "#ops-index-communes"):  # each ranked unit links to its own index page
            link = b.evaluate(f"(a => a ? a.href : null)(document.querySelector({json.dumps(table + ' tbody a')}))")
            status, _, page = self.with_cookies(link[len(self.base):])
            self.expect(status == 200 and b'id="ops-index"' in page, f"{table}'s first link {link} answered HTTP {status}")
        b.evaluate("document.querySelector('#ops-index-communes').scrollIntoView({block: 'center'})")
        return (f"{len(found['#ops-index-agencies'])} agencies, {len(found['#ops-index-communes'])} communes ranked; "
                f"{WARD_NAME}: rank {ward[0]}, score {ward[2]}")

    def step_back_to_vietnamese(self):
        b = self.browser
        b.click("#lang-switch", "switching back to Vietnamese")
        self.expect(b.evaluate("document.documentElement.lang") == "vi", "after ?lang=vi the page's <html lang> is not 'vi'")
        heading = self.heading()
        self.expect(heading.startswith("Chỉ số phục vụ"), f"back in Vietnamese the index page's h1 reads {heading!r}")
        return heading

    # ---- 5. the periodic report: table, CSV, print ------------------------------------------

    def step_index_phone(self):
        """The index at 360x800: no horizontal scrolling; each indicator a block whose figures are labelled."""
        b = self.browser
        b.viewport(*PHONE, mobile=True)
        try:
            b.navigate(self.url(OPS_INDEX + "?" + urllib.parse.urlencode({"scope": "commune", "unit": WARD, "period": self.period})))
            b.wait_for("#points-G2\\.1")
            width = b.fits_width("the index page on a phone")
            label = b.evaluate("getComputedStyle(document.getElementById('points-G2.1'), '::before').content") or ""
            self.expect("Điểm" in label, f"on a phone the points of G2.1 carry the label {label!r}, expected 'Điểm'")
            display = b.evaluate("getComputedStyle(document.getElementById('ind-G2.1')).display")
            self.expect(display == "block", f"on a phone an indicator row is displayed as {display!r}, expected a block")
            self.shot("index-phone")
        finally:
            b.viewport(*DESKTOP, mobile=False)
        return f"{width}; points labelled {label}"

    def step_report(self):
        b = self.browser
        b.click("#ops-tab-report", "opening the report tab")
        self.opened(OPS_REPORT, "#ops-tab-report")
        b.wait_for("#ops-report-table")
        scope = self.query().get("scope", "province")
        rows = self.table("#ops-report-table")
        total = b.texts("#ops-report-total > *")
        self.expect(total, "#ops-report-table has no total row #ops-report-total")
        self.expect(rows, "#ops-report-table has no rows although dossiers were received this period")
        # Columns: agency, procedure, carried, received, ...; the total row: its label spans the first two.
        received = sum(int(r[3]) for r in rows)
        self.expect(int(total[2]) == received,
                    f"#ops-report-total counts {total[2]} received; the rows add up to {received}")
        for column, index in (("carried", 2), ("resolved", 5), ("late", 8), ("pendingEnd", 10)):
            added = sum(int(r[index]) for r in rows)
            self.expect(int(total[index - 1]) == added, f"#ops-report-total's {column} is {total[index - 1]}; the rows add up to {added}")
        want = self.dashboard(f"?scope={scope}&period={self.period}" + (f"&unit={WARD}" if scope == "commune" else ""))
        self.expect(int(total[2]) == want["flows"]["received"],
                    f"the report counts {total[2]} received in {self.period}; {DASHBOARD_API} counts {want['flows']['received']}")
        ours = [r for r in rows if r[1].endswith(PROCEDURE)]
        self.expect(ours, f"#ops-report-table has no row of procedure {PROCEDURE}")
        return f"{scope}, {len(rows)} rows, total received {total[2]} (API {want['flows']['received']})"

    def step_report_print(self):
        b = self.browser
        with b.print_media():
            shown = b.shown({"header": ".site-header", "filters": "#ops-filters", "csv": "#ops-report-csv",
                             "tabs": ".ops-tabs", "table": "#ops-report-table", "title": "#ops-report h1"})
            self.shot("report-print-media")
        for key in ("header", "filters", "csv", "tabs"):
            self.expect(shown[key] == "none", f"in print, the {key} is {shown[key]!r}, expected hidden: {shown}")
        for key in ("table", "title"):
            self.expect(shown[key] not in ("none", "missing"), f"in print, the report's {key} is not displayed: {shown}")
        path = os.path.join(self.out, "report.pdf")
        pdf = b.print_pdf(path, preferCSSPageSize=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        return f"print hides header, filters, tabs and CSV link; {path}: {len(pdf)} bytes, {pages} page(s)"

    # ---- 6. the big screen, a commune leader --------------------------------------------------

    def step_big_screen(self):
        b = self.browser
        b.click("#ops-tab-dashboard", "opening the dashboard tab")
        self.opened(OPS, "#ops-tab-dashboard")
        href = b.attribute("#ops-big-screen", "href")
        self.expect(href, "the dashboard has no #ops-big-screen link")
        b.viewport(*BIG_SCREEN, mobile=False)
        b.click("#ops-big-screen", "opening the big screen")
        self.opened(OPS, "#ops-big-screen")
        self.expect(self.query().get("screen") == "big", f"#ops-big-screen led to {b.href()}")
        self.expect(b.has("#ops-dashboard.big-screen"),
                    "the big screen's #ops-dashboard has no big-screen class")
        self.expect(not b.has("#ops-filters"), "the big screen shows the filters")
        size = b.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-kpi=received]')).fontSize)")
        self.expect(size >= 36 and size >= 1.5 * self.kpi_px,
                    f"the big screen's KPI figures are {size:.0f} px (desk: {self.kpi_px:.0f} px); expected large ones")
        width = b.fits_width("the big screen")
        shown = self.kpi("received")
        return f"KPI figures {size:.0f} px (desk {self.kpi_px:.0f} px); received {shown}; {width}"

    def step_logout(self):
        self.browser.viewport(*DESKTOP, mobile=False)
        officer_logout(self.browser)

    def step_leader_dashboard(self):
        b = self.browser
        self.follow_nav()
        q = self.query()
        self.expect(not q, f"the header's link carries a query: {q}")
        heading, name = self.heading(), b.text("#ops-unit-name") or ""
        self.expect("Hạc Thành" in name, f"{LEADER}'s dashboard shows {name!r} by default (h1 {heading!r}), not their own unit")
        options = b.evaluate("Array.from(document.querySelectorAll('#ops-unit option')).map(o => o.value)") or []
        self.expect(options and all(not o.startswith("province") for o in options) and f"commune|{WARD}" in options,
                    f"{LEADER}'s unit picker offers {options}: expected their agency and commune, not the province")
        self.expect(not b.has("#ops-communes"), f"{LEADER} sees the province's commune ranking")
        return f"h1 {heading!r}; picker {options}; received {self.kpi('received')}"

    # ---- runner -----------------------------------------------------------------------------

    def run(self):
        steps = [
            ("1-api-dossiers", self.step_api_dossiers), ("1-api-statistics", self.step_api_statistics),
            ("2-login-quantri", self.login_step(ADMIN)), ("2-dashboard", self.step_dashboard),
            ("2-trend-chart-table", self.step_trend), ("2-commune-ranking", self.step_commune_ranking),
            ("3-filter-commune", self.step_filter_commune), ("3-previous-next", self.step_previous_next),
            ("4-index", self.step_index), ("4-index-english", self.step_index_english),
            ("4-index-rankings", self.step_index_rankings), ("4-back-to-vietnamese", self.step_back_to_vietnamese),
            ("4-index-phone", self.step_index_phone),
            ("5-report", self.step_report), ("5-report-print", self.step_report_print),
            ("6-big-screen-1920", self.step_big_screen), ("6-logout", self.step_logout),
            ("6-login-lanhdao", self.login_step(LEADER)), ("6-leader-dashboard", self.step_leader_dashboard),
        ]
        return self.run_journey("operations journey", {"browser": (DESKTOP, False)}, steps,
                                f"desk {DESKTOP[0]}x{DESKTOP[1]}, big screen {BIG_SCREEN[0]}x{BIG_SCREEN[1]}",
                                lambda: f"dossiers {', '.join(self.codes)}", also=(".pdf",))


def main():
    args = arguments("operations-centre journey", "folder for the screenshots (and the report's PDF)").parse_args()
    sys.exit(OperationsJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
