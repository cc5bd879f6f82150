#!/usr/bin/env python3
"""Sign-in through OpenID Connect (VNeID) in headless Chromium: the login page's VNeID button, the
provider's own consent page (scripts/oidc/provider.py, a local OpenID Provider built on authlib with
its own RSA keys), the callback landing on the citizen's account with the verified ID number linked
and the identity level shown, then the logout through the provider's end-session endpoint. At phone
size (360x800), then at desktop size (1366x900) for the same person, whose account is found again.

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
        steps = [("01-login-page", self.step_login_page), ("02-provider", self.step_provider),
                 ("03-account", self.step_account), ("04-logged-out", self.step_logout)]
        return self.run_journey(f"OpenID Connect journey [{self.viewport}]", {"browser": (self.size, self.viewport == "phone")},
                                [(f"{label} [{self.viewport}]", step) for label, step in steps],
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
