#!/usr/bin/env python3
"""Accessibility of Motcua's pages, measured with axe-core in headless Chromium.

Usage: python3 scripts/browser/accessibility_check.py --base http://127.0.0.1:PORT --out artifacts/accessibility

axe-core is the copy the `axe-playwright-python` wheel ships (`axe_playwright_python/axe.min.js`,
installed without Playwright: only the file is used). It is injected through the DevTools protocol
into each page, which is then checked against WCAG 2.1 A and AA. Every page is checked in
Vietnamese and English, at phone size (360x800) and desk size (1366x900): the public pages, a
citizen's, a desk officer's, a leader's, a clerk's and the administrator's. A serious or critical
violation fails the check; moderate and minor ones are listed. The focus ring on the red header,
which axe-core does not measure, must have 3:1 against it (WCAG 2.1, 1.4.11). The findings are written to
`<out>/axe.json` with a screenshot of every failing page.

It receives one dossier at Phường Hạc Thành's desk through the API, to open its pages.
"""

import datetime
import importlib.util
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.cdp import Browser  # noqa: E402
from lib.demo import DESKTOP, PHONE, RECEIVER, WARD, WARD_NAME, random_phone  # noqa: E402
from lib.errors import CDPError, StepFailure, expect  # noqa: E402
from lib.http import Http  # noqa: E402
from lib.session import officer_login, officer_logout, officer_token, register_citizen  # noqa: E402
from lib.steps import arguments  # noqa: E402

FAILING = {"serious", "critical"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
YEAR = datetime.date.today().year
PAPER_PROCEDURE = "2.000635"  # still received on paper (birth registration is online-only, Directive 24/CT-TTg)


def axe_source():
    """The text of axe.min.js from the installed wheel (its package is never imported: it needs Playwright)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("axe-playwright-python is not installed (pip install --no-deps axe-playwright-python)")
    with open(os.path.join(spec.submodule_search_locations[0], "axe.min.js"), encoding="utf-8") as f:
        return f.read()


def luminance(rgb):
    channels = [c / 255 for c in rgb[:3]]
    channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def pages(code):
    """(who, [paths]) in the order they are visited; `who` is None (nobody), "citizen" or an officer."""
    dossier = f"/officer/dossiers/{code}"
    return [
        (None, ["/", "/thu-tuc", "/thu-tuc/1.001193", "/tra-cuu", f"/tra-cuu?code={code}",
                "/phan-anh", "/phan-anh/gui", "/dang-ky", "/dang-nhap", "/quen-mat-khau", "/xac-minh-ket-qua",
                "/khong-co-trang-nay", "/officer/login"]),
        ("citizen", ["/tai-khoan", "/tai-khoan/thong-bao", "/tai-khoan/van-ban", "/ho-so-cua-toi", "/ho-so-cua-toi?q=khai+sinh&status=open",
                     "/thu-tuc/1.001193/nop-truc-tuyen"]),
        ("tiepnhan.hacthanh", ["/officer", "/officer/receive", dossier, dossier + "/receipt", "/officer/so-theo-doi-ho-so",
                               "/officer/phan-anh", "/officer/phan-anh/tiep-nhan", "/officer/security", "/officer/tim-ho-so",
                               f"/officer/tim-ho-so?code={code}", "/officer/tim-ho-so?name=khong+co+ai&channel=online"]),
        ("lanhdao.hacthanh", ["/officer/dieu-hanh", "/officer/dieu-hanh/chi-so-766", "/officer/dieu-hanh/bao-cao",
                              "/officer/chuyen-doi-so", "/officer/phan-anh/thong-ke"]),
        ("vanthu.ubnd", ["/officer/van-ban", "/officer/van-ban/vao-so", f"/officer/so-van-ban/den/{YEAR}"]),
        ("quantri", ["/officer/lich-lam-viec", f"/officer/lich-lam-viec/nam/{YEAR}", "/officer/quan-tri/can-bo",
                     "/officer/dong-bo-cong-quoc-gia", f"/officer/dieu-hanh/ho-so/{code}",
                     "/officer/quan-tri/quy-trinh", "/officer/quan-tri/quy-trinh/ONE_STOP_DEFAULT", "/officer/quan-tri/co-quan",
                     "/officer/quan-tri/co-quan/000.00.09.H56", "/officer/quan-tri/linh-vuc-phan-anh",
                     "/officer/quan-tri/linh-vuc-phan-anh/TREES", "/officer/quan-tri/thu-tuc",
                     "/officer/quan-tri/thu-tuc/1.001193", "/officer/quan-tri/khoa-api",
                     "/officer/quan-tri/lien-thong", "/officer/quan-tri/lien-thong/hang-doi"]),
    ]


class Check:
    def __init__(self, base, out):
        self.base = base.rstrip("/")
        self.out = out
        self.axe = axe_source()
        self.findings = []  # one per page, language and size
        self.http = Http(self.base)
        self.code = None
        self.ring_ok = False

    def new_dossier(self):
        """A paper dossier (copies of civil status extracts) received at Phường Hạc Thành's desk through the API, so the officer's
        dossier page and the public tracking page have something to show; returns its code."""
        token, _ = officer_token(self.http, RECEIVER)
        body = {"procedureCode": PAPER_PROCEDURE, "channel": "counter", "applicant": {
            "fullName": "Lê Văn Kiểm", "idNumber": "038090001234", "phone": random_phone(),
            "address": "1 Lê Lợi, " + WARD_NAME, "unitCode": WARD}}
        status, data = self.http.api("POST", "/api/v1/dossiers", token, body)
        expect(status == 201 and isinstance(data, dict), f"receiving a dossier through the API answered {status}: {str(data)[:300]}")
        return data["dossier"]["code"]

    def check(self, browser, size, path, language):
        sep = "&" if "?" in path else "?"
        browser.navigate(f"{self.base}{path}{sep}lang={language}")
        browser.evaluate(self.axe + "\n;true")
        options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        found = browser.evaluate(
            f"axe.run(document, {options}).then(r => r.violations.map(v => ({{id: v.id, impact: v.impact, "
            "help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))")
        failing = [v for v in found or [] if v["impact"] in FAILING]
        self.findings.append({"path": path, "language": language, "size": size, "violations": found or []})
        if failing:
            name = f"{size}-{language}-{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}.png"
            browser.screenshot(os.path.join(self.out, name))
        mark = "FAIL" if failing else "ok  "
        other = len(found or []) - len(failing)
        print(f"{mark} {size:7} {language} {path}" + (f"  ({other} moderate or minor)" if other else ""), flush=True)
        for v in failing:
            print(f"       {v['impact']}: {v['id']} ({v['nodes']}): {v['help']} at {v['targets']}", flush=True)

    def focus_ring(self, browser):
        """Tabs from the top of the home page to the first link of the red header: the ring the browser
        draws must have 3:1 against the header (WCAG 2.1, 1.4.11), which axe-core does not measure."""
        browser.navigate(self.base + "/?lang=vi")
        for _ in range(4):
            for kind in ("keyDown", "keyUp"):
                browser.send("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab", windowsVirtualKeyCode=9)
            found = browser.evaluate(
                "(() => { const e = document.activeElement; const h = e && e.closest('.site-header');"
                " if (!h || e.classList.contains('skip')) return null;"
                " const rgb = c => c.match(/[0-9.]+/g).map(Number);"
                " return [e.textContent.trim(), rgb(getComputedStyle(e).outlineColor),"
                " rgb(getComputedStyle(h).backgroundColor), e.matches(':focus-visible')]; })()")
            if found:
                name, ring, header, visible = found
                ratio = contrast(ring, header)
                print(f"{'ok  ' if visible and ratio >= 3 else 'FAIL'} focus ring on the header link '{name}': "
                      f"{ratio:.1f}:1 against the header" + ("" if visible else " (no :focus-visible)"), flush=True)
                return visible and ratio >= 3
        print("FAIL no header link took the focus after four presses of Tab", flush=True)
        return False

    def run_size(self, size, viewport, mobile):
        browser = Browser()
        try:
            browser.connect()
            browser.viewport(*viewport, mobile=mobile)
            if self.code is None:
                self.code = self.new_dossier()
                self.ring_ok = self.focus_ring(browser)
            for who, paths in pages(self.code):
                if who == "citizen":
                    browser.navigate(self.base + "/dang-ky")
                    register_citizen(browser, "Lê Thị Kiểm Tra", random_phone(), "kiem-tra-truy-cap-2026")
                elif who:
                    officer_login(browser, self.base, who)
                for path in paths:
                    for language in ("vi", "en"):
                        self.check(browser, size, path, language)
                if who == "citizen":
                    browser.submit("form[action='/dang-xuat']", "the citizen logging out")
                elif who:
                    officer_logout(browser)
        finally:
            browser.close()

    def run(self):
        os.makedirs(self.out, exist_ok=True)
        started = time.time()
        try:
            self.run_size("phone", PHONE, True)
            self.run_size("desktop", DESKTOP, False)
        except (StepFailure, CDPError, OSError) as error:
            print(f"FAIL the accessibility check could not go on: {error}", flush=True)
            return 1
        with open(os.path.join(self.out, "axe.json"), "w", encoding="utf-8") as f:
            json.dump(self.findings, f, ensure_ascii=False, indent=1)
        failing = sum(1 for page in self.findings if any(v["impact"] in FAILING for v in page["violations"]))
        print(f"accessibility: {len(self.findings)} page checks ({len(self.findings) // 4} pages x 2 languages x 2 sizes), "
              f"{failing} with serious or critical violations, {time.time() - started:.1f} s", flush=True)
        return 1 if failing or not self.ring_ok else 0


def main():
    args = arguments("accessibility check with axe-core", out="folder for axe.json and screenshots").parse_args()
    sys.exit(Check(args.base, args.out).run())


if __name__ == "__main__":
    main()
