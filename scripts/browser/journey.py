#!/usr/bin/env python3
"""Browser journey of Motcua: drives a real officer journey through the server's pages in
headless Chromium over the DevTools protocol, then the public tracking page at phone size.

Usage: python3 scripts/browser/journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/sqlite

What needs no browser (the wrong password, /officer asking for a login, the control slip's code,
the tracking page's state without personal data) is checked over HTTP on both databases by
Tests/IntegrationTests/OfficerJourneyHTTPTests.swift.

The receipt's QR code is read from a screenshot by `zbarimg` (zbar-tools): it must hold the printed
tracking address, which must open the dossier's tracking page.

Needs `chromium` and `zbarimg` on PATH and the `websocket-client` package; the browser plumbing is in lib/. Every
step takes a screenshot into --out; the first step that does not behave stops the journey with exit
status 1 and a message saying what the page showed.
"""

import json
import os
import re
import subprocess
import tempfile
import sys
import urllib.parse

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import DESKTOP, LEADER, PHONE, RECEIVER, SPECIALIST, STATE_RETURNED  # noqa: E402
from lib.errors import StepFailure  # noqa: E402
from lib.files import save_files, tiny_pdf  # noqa: E402
from lib.session import officer_logout  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

APPLICANT = {
    "fullName": "Nguyễn Thị Mai",
    "idNumber": "038195001234",
    "phone": "0912345678",
    "address": "12 Lê Lợi, phường Hạc Thành",
}
ASSIGNEE = "Ngô Thị Hồ"  # chuyenvien.hacthanh
# Copies of civil status extracts, received on paper (birth registration is online-only since Directive
# 24/CT-TTg; its assisted submission at the counter is walked by levels_journey.py).
PAPER_PROCEDURE = "2.000635"


class OfficerJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.code = None

    def dossier_path(self, suffix=""):
        return "/officer/dossiers/" + urllib.parse.quote(self.code, safe="") + suffix

    def act(self, action, assignee=None, note=None):
        """Opens the dossier page and submits the form of `action`; returns "before -> after" states."""
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#dossier-state")
        before = b.text("#dossier-state")
        form = f'form.action-form[data-action="{action}"]'
        if not b.has(form):
            available = b.evaluate("Array.from(document.querySelectorAll('form.action-form')).map(f => f.dataset.action)")
            raise StepFailure(f"no {form} on the dossier page (state {before!r}; actions offered: {available})")
        if note is not None:
            b.set_value(form + " textarea[name=note]", note)
        if assignee is not None:
            picked = b.evaluate(f"""(() => {{
                const s = document.querySelector({json.dumps(form + ' select[name=assigneeId]')});
                if (!s) return 'no select[name=assigneeId] in the form';
                const o = Array.from(s.options).find(o => o.textContent.includes({json.dumps(assignee)}));
                if (!o) return 'no option containing ' + {json.dumps(assignee)} + ' among ' +
                    JSON.stringify(Array.from(s.options).map(o => o.textContent));
                s.value = o.value;
                s.dispatchEvent(new Event('change', {{bubbles: true}}));
                return 'ok';
            }})()""")
            self.expect(picked == "ok", f"choosing the assignee: {picked}")
        # The workflow's main next step is the page's one primary button, with no reason box; a step that
        # needs a reason (a supplement request, a refusal) is a secondary one with its reason box.
        primary = b.evaluate("Array.from(document.querySelectorAll('form.action-primary')).map(f => f.dataset.action)")
        if note is None:
            self.expect(primary == [action], f"the primary action is {primary}, expected [{action!r}]")
            self.expect(not b.has(form + " textarea"), f"{action} needs no reason, yet its form has a reason box")
        else:
            self.expect(action not in (primary or []), f"{action} needs a reason, yet it is the primary action")
        b.submit(form, f"submitting {action}")
        error = b.text("#action-error")
        self.expect(error is None, f"{action} was refused: {error}")
        # Post, redirect, get: back on the queue with a confirmation naming the dossier.
        self.expect(b.path() == "/officer", f"after {action} the browser is on {b.path()}, not on the queue /officer")
        flash = b.text("#flash") or ""
        self.expect(self.code in flash, f"the queue's confirmation #flash reads {flash!r}, without {self.code}")
        self.shot(f"{action}-confirmed")
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#dossier-state")
        after = b.text("#dossier-state")
        self.expect(after is not None and after != before,
                    f"after {action} #dossier-state did not change (still {after!r})")
        return f"{before} -> {after}"

    def history_rows(self):
        return self.browser.evaluate("document.querySelectorAll('table.history tbody tr').length")

    # ---- the steps -------------------------------------------------------------------------

    def step_logout(self):
        officer_logout(self.browser)

    def step_receive(self):
        b = self.browser
        b.navigate(self.url("/officer/receive"))
        b.wait_for("#receive-form")
        has_option = b.evaluate("Array.from(document.querySelectorAll('#procedureCode option'))"
                                f".some(o => o.value === {json.dumps(PAPER_PROCEDURE)})")
        self.expect(has_option, f"#procedureCode offers no procedure {PAPER_PROCEDURE}")
        b.set_value("#procedureCode", PAPER_PROCEDURE)
        checklist = f'fieldset[data-procedure="{PAPER_PROCEDURE}"]'
        self.expect(b.evaluate(f"!document.querySelector({json.dumps(checklist)}).hidden"),
                    f"choosing {PAPER_PROCEDURE} does not show its checklist {checklist}")
        ticked = b.evaluate(f"Array.from(document.querySelectorAll({json.dumps(checklist + ' .checklist-row')}))"
                            ".map(r => [r.querySelector('input[type=checkbox]').checked, !!r.querySelector('.badge')])")
        self.expect(ticked and all(t == (not conditional) for t, conditional in ticked),
                    f"the checklist should tick the required components only: {ticked}")
        self.required = sum(1 for _, conditional in ticked if not conditional)
        commune = b.evaluate("(document.querySelector('#communeCode') || {}).value || ''")
        self.expect(commune, "#communeCode has no default value (expected the desk's ward)")
        for field, value in APPLICANT.items():
            b.set_value("#" + field, value)
        self.shot("receive-form-filled")
        b.submit("#receive-form", "submitting the receive form")
        path = b.path()
        self.expect(path.startswith("/officer/dossiers/") and path.endswith("/receipt"),
                    f"after receiving, the browser is on {path}, not on /officer/dossiers/<code>/receipt")
        code = b.text("#dossier-code")
        appointment = b.text("#appointment")
        self.expect(code, "the receipt page has no #dossier-code text")
        self.expect(appointment, "the receipt page has no #appointment text")
        self.expect(urllib.parse.unquote(path.split("/")[3]) == code,
                    f"#dossier-code {code!r} does not match the URL {path}")
        self.code = code
        scanned = self.scan_receipt_qr(b)
        return f"{code}, appointment {appointment}, commune {commune}, QR {scanned}"

    def scan_receipt_qr(self, b):
        """Reads the receipt's QR code from a screenshot with zbarimg (zbar, another project's decoder):
        it must hold the tracking address the receipt prints, which opens this dossier's tracking page."""
        self.expect(b.evaluate("!document.querySelector('#print-receipt').hidden"),
                    "the receipt's print button stays hidden (print.js did not run)")
        with tempfile.TemporaryDirectory() as folder:
            image = os.path.join(folder, "receipt.png")
            b.screenshot(image)
            decoded = subprocess.run(["zbarimg", "-q", "--raw", image], capture_output=True, text=True)
        printed = b.text("#tracking-address")
        self.expect(decoded.returncode == 0 and decoded.stdout.strip() == printed,
                    f"zbarimg read {decoded.stdout.strip()!r} (exit {decoded.returncode}) from the receipt's QR code, "
                    f"which should hold {printed!r}")
        status, _, body = self.http.get(urllib.parse.urlsplit(printed)._replace(scheme="", netloc="").geturl())
        self.expect(status == 200 and self.code.encode() in body, f"the QR code's address answered {status} without the code")
        return "read by zbarimg"

    def step_receipt_components(self):
        b = self.browser
        items = b.evaluate("Array.from(document.querySelectorAll('#receipt-documents li')).map(li => li.textContent)")
        self.expect(items is not None and len(items) == self.required,
                    f"the receipt lists {items}, expected only the {self.required} required components ticked at the counter")
        self.expect(not any("ủy quyền" in i for i in items), f"the receipt lists a component not received: {items}")
        return f"{len(items)} components on the receipt"

    def step_supplement_slip(self):
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#dossier-slips a")
        link = b.evaluate("document.querySelector('#dossier-slips a').getAttribute('href')")
        b.navigate(self.url(link))
        b.wait_for("#slip-title")
        title, form = b.text("#slip-title"), b.text("#slip-form")
        self.expect(title == "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", f"#slip-title reads {title!r}")
        self.expect(form and form.startswith("Mẫu số 02"), f"#slip-form reads {form!r}")
        # On A4 paper: the site's header and the links are left out, every field the form requires is printed.
        fields = {k: "#slip-" + k for k in ("issuer", "number", "form", "title", "applicant", "reason", "signer")}
        with b.print_media():
            shown = b.shown({"header": ".site-header", "back": "p.no-print", "code": "#dossier-code", **fields})
            self.shot("supplement-slip-print-media")
        self.expect(shown["header"] == "none" and shown["back"] == "none", f"in print, the header or links show: {shown}")
        missing = [k for k in ("code", *fields) if shown[k] in ("none", "missing")]
        self.expect(not missing, f"in print, the slip does not show {missing}: {shown}")
        path = os.path.join(self.out, "supplement-slip.pdf")
        pdf = b.print_pdf(path, preferCSSPageSize=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        self.expect(pages == 1, f"the supplement slip prints on {pages} A4 pages, expected 1")
        # On a phone: nothing wider than the screen.
        b.viewport(*PHONE, mobile=True)
        b.navigate(self.url(link))
        b.wait_for("#slip-title")
        width = b.evaluate("document.documentElement.scrollWidth")
        self.shot("supplement-slip-phone")
        b.viewport(*DESKTOP, mobile=False)
        self.expect(width <= PHONE[0], f"the slip is {width}px wide on a {PHONE[0]}px phone")
        return f"{title} ({form}); A4: 1 page, {len(pdf)} bytes; phone: scrollWidth {width}"

    def step_tracking_book(self):
        b = self.browser
        b.navigate(self.url("/officer/so-theo-doi-ho-so"))
        b.wait_for("#tracking-book")
        codes = b.evaluate("Array.from(document.querySelectorAll('#tracking-book tbody tr td:nth-child(2)')).map(t => t.textContent)")
        self.expect(codes and self.code in codes, f"the tracking book does not list {self.code}: {codes}")
        return f"{len(codes)} dossiers in this month's book"

    def step_attach_result(self):
        """The specialist is warned that no result is attached, attaches a PDF and the warning goes."""
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#dossier-state")
        warning = b.text("#result-notice-submitForApproval")
        self.expect(warning, "no #result-notice-submitForApproval warning while no result is attached")
        files = save_files(os.path.join(self.out, "files"), {"result": ("trich-luc-khai-sinh.pdf", tiny_pdf("Trich luc khai sinh"))})
        b.set_files("#result-file", files["result"])
        b.submit("#attach-result-form", "attaching the result")
        b.wait_for("#result-preview")
        self.expect(not b.has("#result-notice-submitForApproval"), "the warning stays after the result was attached")
        return f"warned ({warning}), attached"

    def step_result_preview(self):
        """The leader sees the result inline before signing; the preview is served inline and sandboxed."""
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#result-preview iframe")
        src = b.evaluate("document.querySelector('#result-preview iframe').getAttribute('src')")
        headers = b.evaluate(f"""fetch({json.dumps(src)}).then(r => [r.status, r.headers.get('content-type'),
            r.headers.get('content-disposition'), r.headers.get('content-security-policy')])""")
        self.expect(headers and headers[0] == 200 and headers[1] == "application/pdf", f"the preview {src} answered {headers}")
        self.expect(headers[2].startswith("inline;") and headers[3].startswith("sandbox"), f"the preview's headers: {headers}")
        b.evaluate("document.querySelector('#result-preview').scrollIntoView()")
        return f"{src}: {headers[1]}, {headers[2].split(';')[0]}, CSP {headers[3].split(';')[0]}"

    def step_phone_dossier(self):
        """The actions and the preview at phone size: the primary button first, the preview within the screen."""
        b = self.browser
        b.viewport(*PHONE, mobile=True)
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#result-preview")
        b.evaluate("document.querySelector('#actions-title').scrollIntoView()")
        self.shot("phone-actions")
        right = b.evaluate("Math.ceil(document.querySelector('#result-preview').getBoundingClientRect().right)")
        self.expect(right is not None and right <= PHONE[0], f"the result preview reaches {right} px at {PHONE[0]} px")
        b.evaluate("document.querySelector('#result-preview').scrollIntoView()")
        self.shot("phone-result-preview")
        b.viewport(*DESKTOP, mobile=False)
        return f"preview right edge {right} px"

    def step_return_result(self):
        moved = self.act("returnResult")
        after = self.browser.text("#dossier-state")
        self.expect(after == STATE_RETURNED, f"#dossier-state reads {after!r}, expected {STATE_RETURNED!r}")
        rows = self.history_rows()
        self.expect(rows is not None and rows >= 6, f"table.history has {rows} rows in tbody, expected at least 6")
        return f"{moved}, {rows} history rows"

    def step_control_slip(self):
        b = self.browser
        b.navigate(self.url(self.dossier_path("/control-slip")))
        self.expect(b.path() == self.dossier_path("/control-slip"), "the control slip did not open")
        b.wait_for("#dossier-code")  # its text and the tracking page's are checked by OfficerJourneyHTTPTests
        return f"{self.history_rows()} history rows"

    def step_phone_tracking_form(self):
        b = self.browser
        b.viewport(*PHONE, mobile=True)
        b.navigate(self.url("/tra-cuu"))
        b.wait_for("#tracking-form")
        self.expect(not b.has("#logout-form"), "the tracking page shows #logout-form: the browser is still logged in")
        b.set_value("#code", self.code)

    def step_phone_tracking_result(self):
        b = self.browser
        b.submit("#tracking-form", "submitting the tracking form")
        self.expect(b.path() == "/tra-cuu", "the tracking form did not lead back to /tra-cuu")
        b.wait_for("#tracking-state")
        state = b.text("#tracking-state")
        width = b.evaluate("document.documentElement.scrollWidth")
        self.expect(width is not None and width <= PHONE[0],
                    f"the tracking page scrolls horizontally at {PHONE[0]} px (scrollWidth {width})")
        return f"{state}, scrollWidth {width}"

    # ---- runner ------------------------------------------------------------------------------

    def run(self):
        steps = [
            ("a-login-tiepnhan", self.login_step(RECEIVER)),
            ("b-receive-dossier", self.step_receive),
            ("b-receipt-components", self.step_receipt_components),
            ("b-request-supplement", lambda: self.act("requestSupplementAtReception", note="Bổ sung bản sao giấy chứng sinh")),
            ("b-supplement-slip", self.step_supplement_slip),
            ("b-supplemented", lambda: self.act("supplement")),
            ("c-forward", lambda: self.act("forward")),
            ("c-logout", self.step_logout),
            ("d-login-lanhdao", self.login_step(LEADER)),
            ("d-assign-ngo-thi-ho", lambda: self.act("assign", assignee=ASSIGNEE)),
            ("d-logout", self.step_logout),
            ("e-login-chuyenvien", self.login_step(SPECIALIST)),
            ("e-attach-result", self.step_attach_result),
            ("e-submit-for-approval", lambda: self.act("submitForApproval")),
            ("e-logout", self.step_logout),
            ("f-login-lanhdao", self.login_step(LEADER)),
            ("f-result-preview", self.step_result_preview),
            ("f-phone-dossier", self.step_phone_dossier),
            ("f-approve", lambda: self.act("approve")),
            ("f-logout", self.step_logout),
            ("g-login-tiepnhan", self.login_step(RECEIVER)),
            ("g-return-result", self.step_return_result),
            ("g-control-slip", self.step_control_slip),
            ("g-tracking-book", self.step_tracking_book),
            ("g-logout", self.step_logout),
            ("h-phone-tracking-form", self.step_phone_tracking_form),
            ("h-phone-tracking-result", self.step_phone_tracking_result),
        ]
        return self.run_journey("journey", {"browser": (DESKTOP, False)}, steps, facts=lambda: f"dossier {self.code}")


def main():
    args = arguments("browser journey").parse_args()
    sys.exit(OfficerJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
