#!/usr/bin/env python3
"""Sign-in through OpenID Connect (VNeID) in headless Chromium: the login page's VNeID button, the
provider's own consent page (scripts/oidc/provider.py, a local OpenID Provider built on authlib with
its own RSA keys), the callback landing on the citizen's account with the verified ID number linked
and the identity level shown, then the logout through the provider's end-session endpoint. At phone
size (360x800), then at desktop size (1366x900) for the same person, whose account is found again.
On the phone run, officers at a desk draft, sign and issue an official letter addressed to that
person's ID number: it is delivered to the verified account, which lists it under "Văn bản nhận
được" with its signed PDF (downloaded) and the verification link, at both sizes.

Usage: python3 scripts/browser/oidc_journey.py [--binary .build/debug/motcua]
           [--out 'artifacts/screenshots/oidc-{viewport}']

Starts its own provider and its own development server (SQLite in a temporary folder) configured with
OIDC_*, and stops both at the end. The refusals (a tampered token, a wrong audience, an expired token,
a replayed nonce) are checked over HTTP on both databases by
Tests/IntegrationTests/Portal/OpenIDSignInTests.swift. Exit status 1 when a step does not behave.
"""

import argparse
import json
import os
import subprocess
import sys
import urllib.request

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from lib.chromium import free_port  # noqa: E402
from lib.demo import DESKTOP, PHONE  # noqa: E402
from lib.files import save_files, tiny_pdf  # noqa: E402
from lib.session import officer_login  # noqa: E402
from lib.steps import Journey  # noqa: E402
from lib.local_server import local_server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
CLIENT_ID, CLIENT_SECRET = "motcua-portal", "motcua-test-op-client-secret-2026"
ID_NUMBER, NAME = "038190001234", "Lê Thị Hoa"


class OIDCJourney(Journey):
    def __init__(self, base, out, viewport, provider):
        super().__init__(base, out)
        self.viewport, self.provider = viewport, provider
        self.size = PHONE if viewport == "phone" else DESKTOP
        self.letter = None

    def step_issue_to_citizen(self):
        """At the desk: the specialist drafts a letter to the person by ID number, the leader approves, signs and issues it."""
        d = self.desk
        pdf = save_files(os.path.abspath(self.out), {"letter": ("thong-bao.pdf", tiny_pdf("Thong bao gui ca nhan"))})["letter"]
        officer_login(d, self.base, "chuyenvien.ubnd")
        d.navigate(self.url("/officer/van-ban-di/soan"))
        d.set_value("#typeCode", "TB")
        d.type_into("#summary", "Thông báo kết quả rà soát hồ sơ đất đai của bà Lê Thị Hoa")
        d.type_into("#people", f"{NAME} | {ID_NUMBER}")
        d.set_files("#file", pdf)
        d.press("#out-submit", "saving the draft")
        self.expect(d.path().startswith("/officer/van-ban-di/") and d.status() == 200,
                    f"saving led to {d.path()} (HTTP {d.status()}): {d.text('[role=alert]')}")
        letter = d.path()
        d.press("#out-submit-review", "submitting the draft")
        officer_login(d, self.base, "lanhdao.ubnd")
        d.navigate(self.url(letter))
        d.press("#out-approve", "approving the draft")
        d.press("#out-sign-submit", "signing the letter")
        d.press("#out-issue-submit", "numbering and issuing the letter")
        self.letter, recipients = d.text("#out-number"), d.text("#out-recipients") or ""
        self.expect(self.letter and "Đã gửi vào tài khoản" in recipients,
                    f"after issuing: number {self.letter!r}, recipients {recipients!r}: {d.text('[role=alert]')}")
        self.shot("issued-to-citizen-desk", d)
        return f"{self.letter}: {recipients.strip()}"

    def step_received(self):
        """The citizen follows "Văn bản nhận được" from the account, finds the letter and downloads its signed PDF."""
        b = self.browser
        b.navigate(self.url("/tai-khoan"))
        b.click("#received-link", "following the received documents' link")
        b.expect_at("/tai-khoan/van-ban", "the received documents' link")
        items = b.text("#received-list") or ""
        self.expect(b.has("#received-list li .received-file") and "Thông báo kết quả rà soát" in items
                    and (self.letter is None or self.letter in items), f"the received documents read {items[:300]!r}")
        self.expect(b.has("#received-list li a.received-verify[href='/xac-minh-ket-qua']"), "no link to verify the signature")
        got = b.evaluate("""fetch(document.querySelector('#received-list .received-file').href)
            .then(r => r.status + ' ' + r.headers.get('content-type'))""")
        self.expect(got == "200 application/pdf", f"downloading the signed PDF answered {got!r}")
        return f"{b.fits_width('the received documents')}; download {got}"

    def step_login_page(self):
        b = self.browser
        b.navigate(self.url("/dang-nhap?next=/tai-khoan"))
        b.expect_at("/dang-nhap", "the citizen login page")
        b.wait_for("#vneid-form")
        self.expect(b.has("#citizen-login-form"), "the password form is gone although LOCAL_PASSWORD_SIGNIN is on")
        return b.fits_width("the login page")

    def step_provider(self):
        b = self.browser
        b.click("#vneid-consent", "ticking the consent", navigates=False)
        b.press("#vneid-button", "pressing 'Sign in with VNeID'")
        b.expect_at("/authorize", "the VNeID button")
        self.expect(self.provider in b.href(), f"the button led to {b.href()}, not the provider {self.provider}")
        query = b.query()
        self.expect(query.get("code_challenge_method") == ["S256"], f"no PKCE S256 in {b.href()}")
        self.expect(NAME in b.text("#op-user"), f"the provider shows {b.text('#op-user')!r}")
        return b.fits_width("the provider's page")

    def step_account(self):
        b = self.browser
        b.press("#approve", "approving at the provider")
        b.expect_at("/tai-khoan", "the provider's callback")
        number = b.value("#idNumber")
        self.expect(number == ID_NUMBER, f"#idNumber reads {number!r}, expected the verified {ID_NUMBER}")
        self.expect(b.has("#identity-level"), "the account does not show the verified identity level")
        level = b.text("#identity-level")
        self.expect(level.strip().endswith("2"), f"#identity-level reads {level!r}, expected level 2")
        return f"ID number {number}, {level.strip()!r}, {b.fits_width('the account')}"

    def step_logout(self):
        b = self.browser
        b.press("header form[action='/dang-xuat'] button", "logging out")
        b.expect_at("/", "the logout (through the provider's end-session endpoint)")
        self.expect(b.has("#nav-citizen-login"), "after logging out the header still shows a citizen")
        with urllib.request.urlopen(self.provider + "/_op/log", timeout=5) as r:
            log = json.loads(r.read())
        self.expect(any("logout" in entry for entry in log), "the provider's end-session endpoint was not visited")
        return "logged out locally and at the provider"

    def run(self):
        steps = [("01-login-page", "browser", self.step_login_page), ("02-provider", "browser", self.step_provider),
                 ("03-account", "browser", self.step_account)]
        if self.viewport == "phone":
            steps.append(("04-issue-to-citizen", "desk", self.step_issue_to_citizen))
        steps += [("05-received", "browser", self.step_received), ("06-logged-out", "browser", self.step_logout)]
        devices = {"browser": (self.size, self.viewport == "phone"), "desk": (DESKTOP, False)}
        return self.run_journey(f"OpenID Connect journey [{self.viewport}]", devices,
                                [(f"{label} [{self.viewport}]", where, step) for label, where, step in steps],
                                f"{self.viewport} {self.size[0]}x{self.size[1]}")


def main():
    parser = argparse.ArgumentParser(description="OpenID Connect (VNeID) sign-in journey")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/motcua"))
    parser.add_argument("--out", default="artifacts/screenshots/oidc-{viewport}")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    provider = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/oidc/provider.py"), "--port", "0",
                                 "--redirect-uri", base + "/dang-nhap/vneid/callback", "--exit-with-parent"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    status = 0
    try:
        issuer = "http://127.0.0.1:" + provider.stdout.readline().split()[1]
        with local_server(args.binary, "motcua-oidc-", port=port, OIDC_ISSUER=issuer, OIDC_CLIENT_ID=CLIENT_ID,
                          OIDC_CLIENT_SECRET=CLIENT_SECRET, OIDC_REDIRECT_URI=base + "/dang-nhap/vneid/callback") as server:
            for viewport in ("phone", "desktop"):
                status |= OIDCJourney(base, args.out.replace("{viewport}", viewport), viewport, issuer).run()
            if status:
                server.failed()
    finally:
        provider.terminate()
    sys.exit(status)

if __name__ == "__main__":
    main()
