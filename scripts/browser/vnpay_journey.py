#!/usr/bin/env python3
"""A fee paid through VNPay's protocol in headless Chromium: the citizen journey up to the payment
(register, profile, submit online, the officers request the fee), then the pay button, the gateway's
own page (scripts/vnpay/simulator.py, a local gateway written from VNPay's published protocol), its
IPN settling the dossier and the browser's return showing it paid; the receipts. At phone size
(360x800) and desktop size (1366x900).

Usage: python3 scripts/browser/vnpay_journey.py [--binary .build/debug/motcua]
           [--out 'artifacts/screenshots/vnpay-{viewport}']

Starts its own gateway and its own development server (SQLite in a temporary folder) configured with
PAYMENT_PROVIDER=vnpay, and stops both at the end. Exit status 1 when a step does not behave.
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
from citizen_journey import STATE_PROCESSING, CitizenJourney, write_files  # noqa: E402
from lib.local_server import local_server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
TMN, SECRET = "MOTCUA01", "journey-vnpay-hash-secret-0123456789"


class VNPayJourney(CitizenJourney):
    def step_checkout(self):
        b = self.browser
        b.press("#pay-button", "pressing pay")
        self.expect(b.path() == "/paymentv2/vpcpay.html", f"#pay-button led to {b.path()}, not VNPay's /paymentv2/vpcpay.html")
        amount = b.text("#amount")
        self.expect(amount == "8.000 VND", f"the gateway's #amount reads {amount!r}, expected '8.000 VND'")
        self.order = b.text("#order")
        return f"order {self.order}, {amount}, {self.fits_width('the gateway page')}"

    def step_sandbox_pay(self):
        b = self.browser
        b.press("#pay", "paying at the gateway")
        self.expect(b.path() == self.dossier_path(), f"the gateway returned to {b.path()}, not {self.dossier_path()}")
        b.wait_for("#payment-ok")
        state = b.text("#dossier-state")
        self.expect(state == STATE_PROCESSING, f"after paying #dossier-state reads {state!r}, expected {STATE_PROCESSING!r}")
        self.expect(not b.has("#pay-form"), "the paid dossier still shows #pay-form")
        return state

    def run(self):
        steps = [
            ("01-search", self.step_search), ("01-procedure", self.step_open_procedure),
            ("01-submit-online", self.step_submit_online), ("01-register-link", self.step_register_link),
            ("01-register", self.step_register), ("02-profile", self.step_profile),
            ("03-submission-prefilled", self.step_submission_prefilled),
            ("03-draft-saved", self.step_save_draft), ("04-submitted", self.step_submit),
            ("05-officers-take-up", self.step_officers_take_up),
            ("05-officers-request-payment", self.step_officers_request_payment),
            ("06-pay-form", self.step_pay_form), ("06-vnpay-page", self.step_checkout),
            ("06-paid", self.step_sandbox_pay), ("06-receipts", self.step_receipts),
        ]
        return self.run_journey(f"VNPay journey [{self.viewport}]", {"browser": (self.size, self.viewport == "phone")},
                                [(f"{label} [{self.viewport}]", step) for label, step in steps],
                                f"{self.viewport} {self.size[0]}x{self.size[1]}",
                                lambda: f"citizen {self.phone}, dossier {self.code}")


def main():
    parser = argparse.ArgumentParser(description="VNPay payment journey")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/motcua"))
    parser.add_argument("--out", default="artifacts/screenshots/vnpay-{viewport}")
    args = parser.parse_args()
    gateway = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts/vnpay/simulator.py"), "--tmn", TMN,
                                "--secret", SECRET, "--port", "0", "--exit-with-parent"], stdout=subprocess.PIPE, text=True)
    status = 0
    try:
        gateway_base = "http://127.0.0.1:" + gateway.stdout.readline().split()[1]
        with local_server(args.binary, "motcua-vnpay-", PAYMENT_PROVIDER="vnpay",
                          VNPAY_URL=gateway_base + "/paymentv2/vpcpay.html",
                          VNPAY_API_URL=gateway_base + "/merchant_webapi/api/transaction",
                          VNPAY_TMN_CODE=TMN, VNPAY_HASH_SECRET=SECRET) as server:
            base, folder = server.base, server.folder
            request = urllib.request.Request(gateway_base + "/_sim/config", method="POST",
                                             data=json.dumps({"ipn_url": base + "/api/v1/payments/vnpay/ipn"}).encode(),
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=5).read()
            for viewport in ("phone", "desktop"):
                os.mkdir(os.path.join(folder, viewport))
                files = write_files(os.path.join(folder, viewport))
                status |= VNPayJourney(base, args.out.replace("{viewport}", viewport), viewport, files).run()
            with urllib.request.urlopen(gateway_base + "/_sim/ipn-log", timeout=5) as r:
                answers = [entry["answer"].get("RspCode") for entry in json.loads(r.read())]
            print(f"IPN answers: {answers}", flush=True)
            if answers != ["00", "00"]:
                print("FAIL the gateway's IPNs were not each confirmed once with 00", flush=True)
                status = 1
            if status:
                server.failed()
    finally:
        gateway.terminate()
    sys.exit(status)

if __name__ == "__main__":
    main()
