#!/usr/bin/env python3
"""Online levels and oversight in the browser, at phone (360x800) and desktop (1366x900) size.

Usage: python3 scripts/browser/levels_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/levels-{viewport}

1. A partly online procedure (signature certification) offers online submission and names the
   steps done in person, each with its article.
2. At the counter, birth registration (online-only under Directive 24/CT-TTg) is refused on paper:
   the form turns into the assisted submission, the officer scans the documents and submits online
   on the applicant's behalf; the receipt opens.
3. The province's administrator opens that dossier on the operations centre's read-only page (no
   action offered).

The same rules, with the refusals and the scope of the drill-down, are checked over HTTP on both
databases by Tests/IntegrationTests/Portal/OnlineLevelsTests.swift.
"""

import os
import sys
import tempfile

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, BIRTH_REGISTRATION, DESKTOP, PHONE, RECEIVER  # noqa: E402
from lib.files import save_files, tiny_pdf  # noqa: E402
from lib.session import officer_logout  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PARTLY_ONLINE = "2.000884"  # signature certification: signed before the certifying officer
APPLICANT = {"fullName": "Lê Văn Bình", "idNumber": "038090001234", "phone": "0912345678", "address": "Số 5 Lê Lợi"}


class LevelsJourney(Journey):
    def __init__(self, base, out, viewport, files):
        super().__init__(base, out)
        self.viewport, self.files, self.code = viewport, files, None
        self.size = PHONE if viewport == "phone" else DESKTOP

    def fits(self):
        width = self.browser.evaluate("document.documentElement.scrollWidth")
        self.expect(width is not None and width <= self.size[0], f"the page scrolls sideways at {self.size[0]} px ({width})")
        return width

    def step_partly_online(self):
        b = self.browser
        b.navigate(self.url(f"/thu-tuc/{PARTLY_ONLINE}"))
        b.wait_for("#in-person-steps")
        self.expect(b.has("#submit-online"), "a partly online procedure offers no #submit-online")
        steps = b.evaluate("document.querySelectorAll('#in-person-steps li').length")
        self.expect(steps and steps >= 1, "#in-person-steps lists no step")
        return f"{steps} in-person step(s), level: {b.text('#online-level')!r}, width {self.fits()}"

    def step_paper_refused(self):
        b = self.browser
        b.navigate(self.url("/officer/receive"))
        b.wait_for("#receive-form")
        b.set_value("#procedureCode", BIRTH_REGISTRATION)
        for field, value in APPLICANT.items():
            b.set_value("#" + field, value)
        b.submit("#receive-form", "receiving birth registration on paper")
        b.wait_for("#assisted-form")
        self.expect(b.has("#online-only-notice"), "the refusal does not say why (#online-only-notice)")
        alert = b.text("[role=alert]") or ""
        self.expect("Chỉ thị 24/CT-TTg" in alert, f"the message does not cite the directive: {alert!r}")
        return f"refused: {alert[:80]}..., width {self.fits()}"

    def step_assisted_filled(self):
        b = self.browser
        self.expect(b.evaluate("document.querySelector('#a-fullName').value") == APPLICANT["fullName"],
                    "the assisted form lost the applicant's name")
        b.set_files("#scan-0", self.files["declaration"])
        b.set_files("#scan-1", self.files["birth"])

    def step_assisted_submitted(self):
        b = self.browser
        b.submit("#assisted-form", "submitting online for the applicant")
        path = b.path()
        self.expect(path.startswith("/officer/dossiers/") and path.endswith("/receipt"), f"after the assisted submission: {path}")
        self.code = b.text("#dossier-code")
        self.expect(self.code, "the receipt has no #dossier-code")
        return self.code

    def step_logout(self):
        officer_logout(self.browser)

    def step_drill_down(self):
        b = self.browser
        b.navigate(self.url(f"/officer/dieu-hanh/ho-so/{self.code}"))
        b.wait_for("#read-only-note")
        self.expect(b.text("#dossier-code") == self.code, "the read-only page shows another dossier")
        self.expect(not b.has("form.action-form"), "the read-only page offers an action")
        return f"{b.text('#dossier-state')}, width {self.fits()}"

    def run(self):
        steps = [
            ("a-partly-online-procedure", self.step_partly_online),
            ("b-login-tiepnhan", self.login_step(RECEIVER)),
            ("c-paper-refused-assisted-form", self.step_paper_refused),
            ("d-assisted-scans-chosen", self.step_assisted_filled),
            ("e-assisted-receipt", self.step_assisted_submitted),
            ("f-logout", self.step_logout),
            ("g-login-quantri", self.login_step(ADMIN)),
            ("h-read-only-dossier", self.step_drill_down),
        ]
        return self.run_journey(f"levels-{self.viewport}", {"browser": (self.size, self.viewport == "phone")}, steps,
                                facts=lambda: f"dossier {self.code}")


def main():
    parser = arguments("online levels and oversight journey", "folder for the screenshots; {viewport} becomes phone or "
                       "desktop", "a running development server", out_default="artifacts/screenshots/levels-{viewport}")
    args = parser.parse_args()
    files = save_files(tempfile.mkdtemp(prefix="motcua-levels-"), {
        "declaration": ("to-khai.pdf", tiny_pdf("To khai dang ky khai sinh")),
        "birth": ("giay-chung-sinh.pdf", tiny_pdf("Giay chung sinh")),
    })
    status = 0
    for viewport in ("phone", "desktop"):
        status |= LevelsJourney(args.base, args.out.replace("{viewport}", viewport), viewport, files).run()
    sys.exit(status)


if __name__ == "__main__":
    main()
