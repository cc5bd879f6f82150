#!/usr/bin/env python3
"""Browser journey of Motcua: drives a real officer journey through the server's pages in
headless Chromium over the DevTools protocol, then the public tracking page at phone size.

Usage: python3 scripts/browser/journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/sqlite

What needs no browser (the wrong password, /officer asking for a login, the control slip's code,
the tracking page's state without personal data) is checked over HTTP on both databases by
Tests/IntegrationTests/OfficerJourneyHTTPTests.swift.

Needs `chromium` on PATH and the `websocket-client` package; the browser plumbing is in lib/. Every
step takes a screenshot into --out; the first step that does not behave stops the journey with exit
status 1 and a message saying what the page showed.
"""

import json
import os
import sys
import urllib.parse

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import DESKTOP, LEADER, PHONE, RECEIVER, SPECIALIST, STATE_RETURNED  # noqa: E402
from lib.errors import StepFailure  # noqa: E402
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

    def act(self, action, assignee=None):
        """Opens the dossier page and submits the form of `action`; returns "before -> after" states."""
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#dossier-state")
        before = b.text("#dossier-state")
        form = f'form.action-form[data-action="{action}"]'
        if not b.has(form):
            available = b.evaluate("Array.from(document.querySelectorAll('form.action-form')).map(f => f.dataset.action)")
            raise StepFailure(f"no {form} on the dossier page (state {before!r}; actions offered: {available})")
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
        b.submit(form, f"submitting {action}")
        self.expect(b.path() == self.dossier_path(), f"after {action} the browser is not back on the dossier page")
        error = b.text("#action-error")
        self.expect(error is None, f"{action} was refused: {error}")
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
        return f"{code}, appointment {appointment}, commune {commune}"

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
            ("c-forward", lambda: self.act("forward")),
            ("c-logout", self.step_logout),
            ("d-login-lanhdao", self.login_step(LEADER)),
            ("d-assign-ngo-thi-ho", lambda: self.act("assign", assignee=ASSIGNEE)),
            ("d-logout", self.step_logout),
            ("e-login-chuyenvien", self.login_step(SPECIALIST)),
            ("e-submit-for-approval", lambda: self.act("submitForApproval")),
            ("e-logout", self.step_logout),
            ("f-login-lanhdao", self.login_step(LEADER)),
            ("f-approve", lambda: self.act("approve")),
            ("f-logout", self.step_logout),
            ("g-login-tiepnhan", self.login_step(RECEIVER)),
            ("g-return-result", self.step_return_result),
            ("g-control-slip", self.step_control_slip),
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
