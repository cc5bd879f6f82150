#!/usr/bin/env python3
"""Two-factor journey of Motcua: an officer turns on two-factor authentication from a phone and
logs in with a code computed by pyotp, an implementation of RFC 6238 we did not write.

Usage: python3 scripts/browser/totp_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/totp

One headless Chromium at phone size (360x800, mobile emulation). The specialist of Phường Quang
Phú (an officer no other journey uses) logs in with the password, opens "Account security" from
the header, reads the secret as the page shows it (the otpauth:// link and the base32 text, which
must agree), types pyotp's code, and keeps the recovery codes. Logging in again, the password
leads to the code page, not the queue; pyotp's code for the next step opens the session. Last, a
recovery code turns two-factor off again, so the journey may run again on the same server and the
demo officer keeps logging in with the password alone. Every page must fit the phone's width.

The refusals (a wrong code, a replayed code, a reused recovery code, a role that must enrol
first) are checked over HTTP on both databases by Tests/IntegrationTests/Accounts/OfficerTwoFactorTests.swift.

Needs `chromium` on PATH and the `websocket-client` and `pyotp` packages; the browser plumbing is in lib/.
"""

import os
import sys
import time
import urllib.parse

import pyotp

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import PASSWORD, PHONE  # noqa: E402
from lib.session import fill_login, officer_logout  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

OFFICER = "chuyenvien.quangphu"


class TOTPJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.totp = None
        self.recovery = []

    def password(self, lands):
        """Logs in with the password; the browser must land on `lands`."""
        b = self.browser
        if b.has("#logout-form"):
            officer_logout(b)
        fill_login(b, self.base, OFFICER, PASSWORD)
        b.press("#login-form [type=submit]", f"logging in as {OFFICER}")
        b.expect_at(lands, "the password")
        return b.fits_width(lands)

    def step_security_page(self):
        b = self.browser
        b.click("#nav-security", "following 'Account security' in the header")
        b.expect_at("/officer/security", "the header's security link")
        b.wait_for("#totp-enrol")
        uri = b.attribute("#totp-uri", "href")
        shown = "".join(b.text("#totp-secret").split())
        parsed = pyotp.parse_uri(uri)
        self.expect(isinstance(parsed, pyotp.TOTP), f"{uri!r} is not a TOTP URI for pyotp")
        self.expect(parsed.secret == shown, f"the URI's secret {parsed.secret!r} differs from the text shown {shown!r}")
        query = urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)
        self.expect(query.get("algorithm") == ["SHA1"] and query.get("digits") == ["6"] and query.get("period") == ["30"],
                    f"the URI does not say SHA1, 6 digits, 30 s: {uri}")
        self.expect(parsed.name == OFFICER and parsed.issuer == "Motcua", f"label {parsed.name!r}, issuer {parsed.issuer!r}")
        self.totp = pyotp.TOTP(shown)
        return b.fits_width("the security page")

    def step_enrol(self):
        b = self.browser
        b.type_into("#totp-enrol-form #code", self.totp.now())
        b.press("#totp-enrol-form [type=submit]", "confirming the first code")
        b.wait_for("#recovery-codes")
        self.recovery = [c.strip() for c in b.texts("#recovery-codes code")]
        self.expect(len(self.recovery) == 10 and len(set(self.recovery)) == 10, f"recovery codes: {self.recovery}")
        return b.fits_width("the recovery codes") + f", {len(self.recovery)} recovery codes"

    def step_code(self):
        b = self.browser
        # The enrolment used this step's code; the next step's is within the one-step tolerance.
        b.type_into("#code", self.totp.at(time.time() + 30))
        b.press("#totp-code-form [type=submit]", "sending pyotp's code")
        b.expect_at("/officer", "the code")
        self.expect(b.has("#logout-form"), "after the code the page has no #logout-form")
        return "logged in with pyotp's code"

    def step_turn_off(self):
        b = self.browser
        b.navigate(self.url("/officer/security"))
        b.wait_for("#totp-disable-form")
        b.type_into("#disable-code", self.recovery[0])
        b.press("#totp-disable-form [type=submit]", "turning two-factor off with a recovery code")
        b.expect_at("/officer/security", "turning off")
        self.expect(b.has("#totp-enrol"), "after turning off, the page does not offer enrolment again")
        return "two-factor off again"

    def run(self):
        steps = [
            ("1-password", lambda: self.password("/officer")),
            ("2-security-page", self.step_security_page),
            ("3-enrol-with-pyotp", self.step_enrol),
            ("4-password-asks-code", lambda: self.password("/officer/login/code")),
            ("5-code-from-pyotp", self.step_code),
            ("6-turn-off", self.step_turn_off),
            ("7-password-alone", lambda: self.password("/officer")),
        ]
        return self.run_journey("two-factor journey", {"browser": (PHONE, True)}, steps, f"phone {PHONE[0]}x{PHONE[1]}")


def main():
    args = arguments("two-factor journey").parse_args()
    sys.exit(TOTPJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
