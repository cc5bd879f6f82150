#!/usr/bin/env python3
"""Citizen journey of Motcua: drives the citizen portal end to end in headless Chromium over the
DevTools protocol, while the officers' part (accept, assign, request a supplement and a payment,
attach and sign the result, return it) goes through the JSON API with bearer tokens. The citizen
answers the supplement request on the dossier page ("Nộp bổ sung": a new file, a document of the
store, a message) and the dossier moves on.

Usage: python3 scripts/browser/citizen_journey.py --base http://127.0.0.1:PORT \
           --out 'artifacts/screenshots/citizen-{viewport}' [--viewport phone|desktop|both]

The whole journey runs once per viewport (phone 360x800, desktop 1366x900), each time with a
fresh browser profile and a freshly registered citizen (random phone 09xxxxxxxx). `{viewport}`
in --out becomes `phone` or `desktop`. The server must run with MOTCUA_ENV=development (the
sandbox payment gateway) on its demo province (demo officers, password motcua2026). Needs
`chromium` and `openssl` on PATH and the `websocket-client` package; the browser plumbing is in
lib/. Every step takes a screenshot into the folder; the first step that does not behave stops the
run with exit status 1 and a message saying what the page showed.

What needs no browser is checked over HTTP on both databases instead: where a visitor is sent, a
refused file, a resubmitted form listed once, a tampered copy, the /dev/messages mailbox
(Tests/IntegrationTests/Portal/CitizenJourneyHTTPTests.swift), the satisfaction figures
(RatingAndNotificationTests.swift), who may answer a supplement request, a retried answer, its
audit line and its SMS (SupplementResponseTests.swift), which messages one dossier's life sends and the
channels' audit line (CitizenMessagesTests.swift), drafts over the profile (DraftAndProfileTests.swift).
"""

import base64
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import (BIRTH_REGISTRATION as PROCEDURE, DESKTOP, LEADER, PASSWORD, PHONE, RECEIVER,  # noqa: E402
                      SPECIALIST, STATE_RETURNED, WARD, random_phone)
from lib.dossiers import transition  # noqa: E402
from lib.files import save_files, tiny_pdf  # noqa: E402
from lib.http import multipart  # noqa: E402
from lib.session import officer_token, register_citizen  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

PROCEDURE_NAME = "Thủ tục đăng ký khai sinh"
FEE = 8000  # one copy of the birth certificate (Circular 281/2016/TT-BTC); the registration itself is free
STATE_NEW = "Mới đăng ký (chờ tiếp nhận)"
STATE_PROCESSING = "Đang xử lý, thẩm định"
STATE_SUPPLEMENT = "Chờ bổ sung hồ sơ"
SUPPLEMENT_REASON = "Thiếu bản sao Giấy chứng sinh có chứng thực; ảnh tờ khai bị mờ, đề nghị chụp lại"


class CitizenJourney(Journey):
    def __init__(self, base, out, viewport, files):
        super().__init__(base, out)
        self.viewport = viewport
        self.size = PHONE if viewport == "phone" else DESKTOP
        self.files = files
        self.code = None
        self.phone = random_phone()
        self.name = "Trần Văn " + random.choice(["An", "Bình", "Cường", "Dũng", "Hải", "Khoa", "Long", "Minh"])
        self.id_number = "038090" + "".join(random.choice("0123456789") for _ in range(6))

    # ---- helpers -----------------------------------------------------------------------------

    def dossier_path(self):
        return "/ho-so-cua-toi/" + urllib.parse.quote(self.code, safe="")

    def fits_width(self, page):
        """Item 10: no horizontal scrolling (phone size matters most; checked at both sizes)."""
        return self.browser.fits_width(page)

    def transition(self, username, action, **extra):
        after = transition(self.http, self.code, username, action, **extra)
        return f"{action} -> {after['status']['name']}"

    def milestones(self):
        """Issue 19 item 4: the plain milestones of the page, as [label, class] pairs."""
        return self.browser.evaluate("""Array.from(document.querySelectorAll('ol.milestones li'))
            .map(li => [li.querySelector('strong').textContent.trim(), li.className.replace('milestone ', '')])""") or []

    def dossier_page(self):
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        self.expect(b.path() == self.dossier_path(), f"{self.dossier_path()} did not open (now at {b.path()})")
        b.wait_for("#dossier-state")
        return b.text("#dossier-state")

    # ---- 1. find the procedure, register on the way ---------------------------------------

    def step_search(self):
        b = self.browser
        b.navigate(self.url("/"))
        b.wait_for("#home-search #q")
        b.set_value("#q", "khai sinh")
        b.press("#home-search [type=submit]", "searching from the home page")
        self.expect(b.path() == "/thu-tuc" and b.query().get("q") == ["khai sinh"],
                    f"the search did not lead to /thu-tuc?q=khai sinh (now at {b.href()})")
        b.wait_for("#procedure-list")
        names = b.texts("#procedure-list a")
        self.expect(PROCEDURE_NAME in (names or []),
                    f"#procedure-list for 'khai sinh' does not list {PROCEDURE_NAME!r} (it lists {names}; "
                    f"the search box now reads {b.value('#q')!r})")
        return f"{len(names)} procedures listed"

    def step_open_procedure(self):
        b = self.browser
        b.click(f'#procedure-list a[href$="/{PROCEDURE}"]', "opening the procedure from the list")
        self.expect(b.path() == f"/thu-tuc/{PROCEDURE}", f"the link led to {b.path()}, not /thu-tuc/{PROCEDURE}")
        self.expect(b.text("h1") == PROCEDURE_NAME, f"the procedure page's h1 reads {b.text('h1')!r}")
        return self.fits_width("the procedure page")

    def step_procedure_free(self):
        """Issue 18 items 4-5: same-day, and on-time birth registration is free (Law on Civil Status art. 11)."""
        b = self.browser
        limit = b.text("#time-limit")
        self.expect(limit == "Trong ngày", f"#time-limit reads {limit!r}, expected 'Trong ngày'")
        b.evaluate("document.getElementById('fees').scrollIntoView()")
        fees = b.texts("#fees li strong") or []
        self.expect(fees[:1] == ["Miễn phí"], f"the registration fee reads {fees[:1]}, expected 'Miễn phí' (all fees: {fees})")
        return f"{limit}; fees {fees}"

    def step_submit_online(self):
        b = self.browser
        b.click("#submit-online", "pressing 'submit online'")
        return b.href()  # where a visitor is sent (/dang-nhap?next=...) is checked by CitizenJourneyHTTPTests

    def step_register_link(self):
        b = self.browser
        b.click("#register-link", "following the register link")
        self.expect(b.path() == "/dang-ky", f"#register-link led to {b.path()}, not /dang-ky")
        b.wait_for("#register-form")

    def step_register(self):
        landed = register_citizen(self.browser, self.name, self.phone, PASSWORD)
        self.expect(landed in (f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen", "/ho-so-cua-toi"),
                    f"after registering the browser is on {landed}, not on the submission form or my dossiers")
        return f"{self.name}, {self.phone} -> {landed}"

    # ---- 2. profile -------------------------------------------------------------------------

    def step_profile(self):
        b = self.browser
        b.click("#nav-account", "opening the account page from the header")
        self.expect(b.path() == "/tai-khoan", f"#nav-account led to {b.path()}")
        b.wait_for("#profile-form")
        b.set_value("#birthDate", "1990-05-01")
        b.set_value("#idNumber", self.id_number)
        b.set_value("#unitCode", WARD)
        b.set_value("#address", "25 Trần Phú, phường Hạc Thành")
        b.press("#profile-form [type=submit]", "saving the profile")
        error = b.text("[role=alert]")
        self.expect(error is None, f"saving the profile was refused: {error}")
        b.wait_for("#profile-saved")
        saved = b.evaluate("['birthDate','idNumber','unitCode'].map(f => document.getElementById(f).value)")
        self.expect(saved == ["1990-05-01", self.id_number, WARD], f"the saved profile reads {saved}")
        return f"id {self.id_number}"

    # ---- 3. an earlier document in the store ------------------------------------------------

    def step_submission_prefilled(self):
        b = self.browser
        b.navigate(self.url(f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen"))
        b.wait_for("#submission-form")
        values = b.evaluate("['fullName','idNumber','phone'].map(f => document.getElementById(f).value)")
        self.expect(values == [self.name, self.id_number, self.phone],
                    f"the form is not pre-filled from the profile: fullName/idNumber/phone read {values}")
        fee = b.text("#submission-fee")
        self.expect(fee == "Miễn phí", f"#submission-fee reads {fee!r}, expected 'Miễn phí' (no copy asked for)")
        self.expect(b.has("#copies"), "the form does not ask how many copies of the certificate are wanted")
        b.evaluate("document.getElementById('submission-fee').scrollIntoView({block: 'center'})")
        return f"fee {fee}; " + self.fits_width("the submission form")

    def step_save_draft(self):
        b = self.browser
        b.set_files("#file-0", self.files["earlier"])
        b.press("#save-draft", "saving the draft")
        error = b.text("#submission-error")
        self.expect(error is None, f"saving the draft was refused: {error}")
        b.wait_for("#draft-saved")
        options = b.evaluate("Array.from(document.querySelectorAll('#doc-0 option')).map(o => [o.value, o.textContent])")
        self.expect(options is not None, "after saving the draft there is no #doc-0 select")
        earlier = [value for value, label in options if value and "giay-to-truoc" in label]
        self.expect(len(earlier) == 1, f"#doc-0 does not list the uploaded giay-to-truoc.pdf once (options: {options})")
        self.earlier_doc = earlier[0]
        return f"document {earlier[0]} in the store"

    # ---- 4. submit, idempotently --------------------------------------------------------------

    def fill_submission(self):
        b = self.browser
        b.wait_for("#doc-0")
        b.set_value("#doc-0", self.earlier_doc)
        self.expect(b.value("#doc-0") == self.earlier_doc,
                    f"#doc-0 offers no document {self.earlier_doc}")
        b.set_files("#file-1", self.files["new"])
        b.set_value("#communeCode", WARD)

    def step_submit(self):
        b = self.browser
        b.navigate(self.url(f"/thu-tuc/{PROCEDURE}/nop-truc-tuyen"))
        self.fill_submission()
        self.shot("submission-filled")
        b.press("#submit-dossier", "submitting the dossier")
        path = b.path()
        error = b.text("#submission-error")
        self.expect(path.startswith("/ho-so-cua-toi/") and b.query().get("submitted") == ["1"],
                    f"submitting led to {b.href()}, not /ho-so-cua-toi/<code>?submitted=1"
                    + (f" (error: {error})" if error else ""))
        self.code = urllib.parse.unquote(path.split("/")[2])
        b.wait_for("#submitted-notice")
        state = b.text("#dossier-state")
        self.expect(state == STATE_NEW, f"#dossier-state reads {state!r}, expected {STATE_NEW!r}")
        docs = b.evaluate("""Array.from(document.querySelectorAll('main section li'))
            .filter(li => li.querySelector('a[href^="/tai-lieu/"]'))
            .map(li => [li.textContent.trim(), !!li.querySelector('.badge')])""")
        self.expect(docs and len(docs) == 2, f"the dossier lists {len(docs or [])} documents, expected 2: {docs}")
        self.expect(docs[0][1] and "dùng lại" in docs[0][0],
                    f"the first document, picked from the store, has no 'dùng lại' badge: {docs[0][0]!r}")
        self.expect(not docs[1][1], f"the freshly uploaded second document is marked reused: {docs[1][0]!r}")
        steps = self.milestones()
        self.expect([label for label, _ in steps] == ["Đã nộp", "Đã tiếp nhận", "Đang giải quyết", "Có kết quả"]
                    and steps[0][1] == "done" and steps[1][1] == "current",
                    f"the dossier's milestones read {steps}, expected Đã nộp (done), Đã tiếp nhận (current), ...")
        self.expect(not b.has(".steps"), "the dossier page still lists the officers' steps")
        return f"{self.code}, {state}, {self.fits_width('the dossier page')}"

    # ---- 5. a supplement request answered on the dossier page ------------------------------

    def step_officers_take_up(self):
        """The desk accepts and forwards the dossier, the leader assigns it to the specialist."""
        _, specialist = officer_token(self.http, SPECIALIST)
        return "; ".join([self.transition(RECEIVER, "accept"), self.transition(RECEIVER, "forward"),
                          self.transition(LEADER, "assign", assigneeId=specialist)])

    def step_officers_request_supplement(self):
        taken = self.step_officers_take_up()
        return taken + "; " + self.transition(SPECIALIST, "requestSupplement", note=SUPPLEMENT_REASON)

    def step_supplement_request(self):
        b = self.browser
        state = self.dossier_page()
        self.expect(state == STATE_SUPPLEMENT, f"#dossier-state reads {state!r}, expected {STATE_SUPPLEMENT!r}")
        b.wait_for("#supplement-request #supplement-form")
        reason = b.text("#supplement-reason")
        self.expect(reason == SUPPLEMENT_REASON, f"#supplement-reason reads {reason!r}, not the officer's reason")
        first = b.evaluate("""(() => {
            const r = document.querySelector('#supplement-request'), s = document.querySelector('#dossier-state');
            return !!(r.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING);
        })()""")
        self.expect(first, "the supplement request is not shown before the dossier's facts")
        return f"{state}: {reason[:40]}…, {self.fits_width('the dossier page with the supplement request')}"

    def step_supplement_empty(self):
        b = self.browser
        b.press("#supplement-submit", "sending the answer with nothing in it")
        error = b.text("#supplement-error")
        self.expect(error and "ít nhất một giấy tờ" in error,
                    f"an empty answer shows {error!r} by the form, not why it was refused")
        self.expect(b.has("#supplement-form"), "after an empty answer the form is gone: the citizen is stuck")
        return f"{error}, {self.fits_width('the refused answer')}"

    def step_supplement_send(self):
        b = self.browser
        b.set_files("#supplement-file-0", self.files["supplement"])
        box = f'#supplement-form input[name=pick][value="{self.earlier_doc}"]'
        self.expect(b.has(box), f"the answer form offers no checkbox for the stored document {self.earlier_doc}")
        b.click(box, "ticking the document of the store", navigates=False)
        self.expect(b.prop(box, "checked"), "clicking the stored document did not tick it")
        b.set_value("#supplement-message", "Xin gửi bản sao giấy chứng sinh và tờ khai chụp lại.")
        self.shot("supplement-filled")
        b.press("#supplement-submit", "sending the supplement (Nộp bổ sung)")
        self.expect(b.path() == self.dossier_path() and b.query().get("supplemented") == ["1"],
                    f"sending the supplement led to {b.href()}, not {self.dossier_path()}?supplemented=1"
                    + (f" (page says: {b.text('main')[:300]!r})" if b.text("main") else ""))
        b.wait_for("#supplemented-notice")
        state = b.text("#dossier-state")
        self.expect(state == STATE_PROCESSING, f"after the supplement #dossier-state reads {state!r}, expected {STATE_PROCESSING!r}")
        self.expect(not b.has("#supplement-form"), "the supplemented dossier still shows the answer form")
        docs = b.texts("main section li") or []
        sent = [d for d in docs if "bo-sung-giay-chung-sinh.pdf" in d]
        self.expect(sent and "Bổ sung lần 1" in sent[0], f"the dossier does not list the file sent as 'Bổ sung lần 1': {docs}")
        return f"{state}, {len(docs)} documents listed, {self.fits_width('the supplemented dossier')}"

    # ---- 6. payment -------------------------------------------------------------------------

    def step_officers_request_payment(self):
        return self.transition(SPECIALIST, "requestPayment", amount=FEE, note="Phí cấp 01 bản sao Giấy khai sinh")

    def step_pay_form(self):
        b = self.browser
        state = self.dossier_page()
        b.wait_for("#pay-form")
        due = b.text("#pay-form strong")
        self.expect(due == "8.000 đ", f"#pay-form asks for {due!r}, expected '8.000 đ'")
        return f"{state}, due {due}, {self.fits_width('the dossier page')}"

    def step_checkout(self):
        b = self.browser
        b.press("#pay-button", "pressing pay")
        self.expect(b.path() == "/sandbox-pay/checkout", f"#pay-button led to {b.path()}, not /sandbox-pay/checkout")
        amount = b.text("#sandbox-amount")
        self.expect(amount == "8.000 đ", f"#sandbox-amount reads {amount!r}, expected '8.000 đ'")
        self.order = b.text("#sandbox-form code")
        return f"order {self.order}, {amount}"

    def step_sandbox_pay(self):
        b = self.browser
        b.press("#sandbox-pay", "paying at the sandbox gateway")
        self.expect(b.path() == self.dossier_path(), f"the gateway returned to {b.path()}, not {self.dossier_path()}")
        failed = b.text("#payment-failed")
        self.expect(failed is None, f"the dossier page says the payment failed: {failed}")
        b.wait_for("#payment-ok")
        state = b.text("#dossier-state")
        self.expect(state == STATE_PROCESSING, f"after paying #dossier-state reads {state!r}, expected {STATE_PROCESSING!r}")
        self.expect(not b.has("#pay-form"), "the paid dossier still shows #pay-form")
        return state

    def step_receipts(self):
        b = self.browser
        b.click("#nav-account", "opening the account page")
        b.wait_for("#receipts")
        rows = b.evaluate("Array.from(document.querySelectorAll('#receipts tbody tr')).map(r => r.innerText.replace(/\\s+/g, ' '))")
        paid = [r for r in rows or [] if self.order in r and "8.000 đ" in r and "Đã thanh toán" in r]
        self.expect(paid, f"#receipts shows no paid 8.000 đ row for order {self.order}: {rows}")
        return paid[0]

    # ---- 7-9. result, verification, rating ----------------------------------------------------

    def step_officers_finish(self):
        token, _ = officer_token(self.http, SPECIALIST)
        body, kind = multipart({"title": "Giấy khai sinh"}, {"file": ("giay-khai-sinh.pdf", self.result_bytes)})
        path = "/officer/dossiers/" + urllib.parse.quote(self.code, safe="") + "/result"
        status, answer = self.http.api("POST", path, token, body, content_type=kind)
        self.expect(status in (200, 302, 303), f"POST {path} (multipart, bearer) answered {status}: {str(answer)[:300]}")
        done = [f"result attached (HTTP {status})", self.transition(SPECIALIST, "submitForApproval"),
                self.transition(LEADER, "approve"), self.transition(RECEIVER, "returnResult")]
        return "; ".join(done)

    def step_result(self):
        b = self.browser
        state = self.dossier_page()
        self.expect(state == STATE_RETURNED, f"#dossier-state reads {state!r}, expected {STATE_RETURNED!r}")
        b.wait_for("#result #result-download")
        b.wait_for("#result #result-verify")
        got = b.evaluate("""(async () => {
            const r = await fetch(document.querySelector('#result-download').href, {credentials: 'same-origin'});
            const bytes = new Uint8Array(await r.arrayBuffer());
            let s = ''; for (const x of bytes) s += String.fromCharCode(x);
            return [r.status, btoa(s)];
        })()""")
        self.expect(got[0] == 200, f"downloading the result through #result-download answered HTTP {got[0]}")
        digest = hashlib.sha256(base64.b64decode(got[1])).hexdigest()
        self.expect(digest == hashlib.sha256(self.result_bytes).hexdigest(),
                    f"the downloaded result's SHA-256 {digest} differs from the attached file's")
        steps = self.milestones()
        self.expect([label for label, _ in steps] == ["Đã nộp", "Đã tiếp nhận", "Đang giải quyết", "Đã trả kết quả"]
                    and all(progress == "done" for _, progress in steps), f"the returned dossier's milestones read {steps}")
        return f"{state}, SHA-256 {digest[:16]}…, {self.fits_width('the dossier page')}"

    def step_tracking(self):
        """Issue 19 items 4 and 7: public tracking finds the code typed in lower case with spaces, in plain milestones."""
        b = self.browser
        b.navigate(self.url("/tra-cuu"))
        b.wait_for("#tracking-form #code")
        b.set_value("#code", "  " + self.code.lower() + " ")
        b.press("#tracking-form [type=submit]", "looking the code up")
        state = b.text("#tracking-state")
        self.expect(state == STATE_RETURNED, f"tracking {self.code.lower()!r} shows state {state!r}, expected {STATE_RETURNED!r}")
        steps = self.milestones()
        self.expect(len(steps) == 4 and steps[-1] == ["Đã trả kết quả", "done"], f"tracking's milestones read {steps}")
        return f"{[label for label, _ in steps]}, {self.fits_width('the tracking page')}"

    def step_verify_valid(self):
        b = self.browser
        b.click("#result-verify", "opening the verification link")
        self.expect(b.path() == "/xac-minh-ket-qua" and b.query().get("code") == [self.code],
                    f"#result-verify led to {b.href()}")
        verdict = b.text("#verdict-text") or ""
        self.expect(verdict.startswith("Hợp lệ"), f"#verdict-text reads {verdict!r}, expected 'Hợp lệ…'")
        return f"{verdict}, {self.fits_width('the verification page')}"

    def step_verify_offline(self):
        path = "/api/v1/results/" + urllib.parse.quote(self.code, safe="") + "/verification"
        status, report = self.http.api("GET", path)
        self.expect(status == 200 and isinstance(report, dict), f"GET {path} answered {status}: {str(report)[:300]}")
        chain, signature = report.get("certificateChain") or [], (report.get("signature") or {}).get("signature")
        self.expect(len(chain) == 2 and signature, f"{path} has no signature or a chain of {len(chain)} certificates")
        folder = tempfile.mkdtemp(prefix="motcua-verify-", dir=self.files["dir"])
        names = {"agency.pem": chain[0].encode(), "ca.pem": chain[1].encode(), "sig.der": base64.b64decode(signature),
                 "result.pdf": self.result_bytes}
        save_files(folder, {name: (name, data) for name, data in names.items()})
        for command in (["openssl", "verify", "-CAfile", "ca.pem", "agency.pem"],
                        ["openssl", "x509", "-in", "agency.pem", "-pubkey", "-noout", "-out", "pub.pem"],
                        ["openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "result.pdf"]):
            run = subprocess.run(command, cwd=folder, capture_output=True, text=True)
            self.expect(run.returncode == 0, f"`{' '.join(command)}` failed: {(run.stdout + run.stderr).strip()}")
        return f"{report.get('outcome')}; openssl: certificate chain OK, signature Verified OK"

    def step_rating(self):
        b = self.browser
        self.dossier_page()
        b.wait_for("#rating-form")
        b.click("#rating-form input[name=score][value=satisfied]", "choosing 'Hài lòng'", navigates=False)
        self.expect(b.prop("#rating-form input[value=satisfied]", "checked"),
                    "clicking 'Hài lòng' did not check it")
        b.set_value("#comment", "Cán bộ giải quyết nhanh, nộp trực tuyến thuận tiện.")
        b.press("#rating-submit", "sending the rating")
        rated = b.text("#rated")
        self.expect(rated and "Hài lòng" in rated, f"after rating #rated reads {rated!r}")
        return rated

    def step_notices(self):
        """Issue 19 item 3: the account lists the messages that mattered (received, supplement, fee, result), and
        the citizen chooses the channels."""
        b = self.browser
        b.navigate(self.url("/tai-khoan"))
        b.click("#notices-link", "opening the messages from the account page")
        self.expect(b.path() == "/tai-khoan/thong-bao", f"#notices-link led to {b.path()}")
        subjects = []
        for _ in range(20):  # the relay passes every 2 s
            subjects = b.texts("li.notice-item strong") or []
            if len(subjects) >= 4:
                break
            time.sleep(0.5)
            b.navigate(self.url("/tai-khoan/thong-bao"))
        wanted = ["đã có kết quả", "cần nộp phí, lệ phí 8.000 đ", "cần bổ sung giấy tờ", "đã được tiếp nhận"]
        self.expect(len(subjects) == 4 and all(w in s for w, s in zip(wanted, subjects)),
                    f"the account lists {subjects}, expected the 4 messages that matter, newest first")
        self.expect(b.prop("#channel-sms", "checked") and b.prop("#channel-email", "checked"), "SMS and e-mail are not on by default")
        b.click("#channel-sms", "turning SMS off", navigates=False)
        b.press("#channels-save", "saving the choice of channels")
        b.wait_for("#channels-saved")
        self.expect(not b.prop("#channel-sms", "checked") and b.prop("#channel-email", "checked"),
                    "after saving, SMS is still on or e-mail is off")
        return f"{len(subjects)} messages; SMS off, e-mail on; {self.fits_width('the messages page')}"

    # ---- runner -----------------------------------------------------------------------------

    def run(self):
        steps = [
            ("01-search", self.step_search), ("01-procedure", self.step_open_procedure),
            ("01-procedure-free", self.step_procedure_free),
            ("01-submit-online", self.step_submit_online), ("01-register-link", self.step_register_link),
            ("01-register", self.step_register), ("02-profile", self.step_profile),
            ("03-submission-prefilled", self.step_submission_prefilled),
            ("03-draft-saved", self.step_save_draft), ("04-submitted", self.step_submit),
            ("05-officers-request-supplement", self.step_officers_request_supplement),
            ("05-supplement-request", self.step_supplement_request),
            ("05-supplement-empty", self.step_supplement_empty), ("05-supplement-sent", self.step_supplement_send),
            ("06-officers-request-payment", self.step_officers_request_payment),
            ("06-pay-form", self.step_pay_form), ("06-sandbox-checkout", self.step_checkout),
            ("06-paid", self.step_sandbox_pay), ("06-receipts", self.step_receipts),
            ("07-officers-finish", self.step_officers_finish), ("08-result", self.step_result),
            ("08-verify-valid", self.step_verify_valid), ("08-verify-offline", self.step_verify_offline),
            ("08-tracking", self.step_tracking), ("09-rating", self.step_rating), ("10-notices", self.step_notices),
        ]
        with open(self.files["result"], "rb") as f:
            self.result_bytes = f.read()
        return self.run_journey(f"citizen journey [{self.viewport}]", {"browser": (self.size, self.viewport == "phone")},
                                [(f"{label} [{self.viewport}]", step) for label, step in steps],
                                f"{self.viewport} {self.size[0]}x{self.size[1]}",
                                lambda: f"citizen {self.phone}, dossier {self.code}")


def write_files(folder):
    """The files the journey uploads: a draft document, a new one and the result."""
    stamp = "%08d" % random.randrange(10 ** 8)
    result = tiny_pdf(f"GIAY KHAI SINH - ket qua {stamp}")
    contents = {"earlier": ("giay-to-truoc.pdf", tiny_pdf(f"Giay to nop truoc {stamp}")),
                "new": ("to-khai-moi.pdf", tiny_pdf(f"To khai moi {stamp}")),
                "supplement": ("bo-sung-giay-chung-sinh.pdf", tiny_pdf(f"Ban sao giay chung sinh {stamp}")),
                "result": ("giay-khai-sinh.pdf", result)}
    return save_files(folder, contents)


def main():
    parser = arguments("citizen-portal journey", "folder for the screenshots; {viewport} becomes phone or desktop",
                       "a running development server", out_default="artifacts/screenshots/citizen-{viewport}")
    parser.add_argument("--viewport", choices=["phone", "desktop", "both"], default="both")
    args = parser.parse_args()
    status = 0
    with tempfile.TemporaryDirectory(prefix="motcua-citizen-") as folder:
        for viewport in (["phone", "desktop"] if args.viewport == "both" else [args.viewport]):
            os.mkdir(os.path.join(folder, viewport))
            files = write_files(os.path.join(folder, viewport))  # each run its own files, so runs stay independent
            status |= CitizenJourney(args.base, args.out.replace("{viewport}", viewport), viewport, files).run()
    sys.exit(status)


if __name__ == "__main__":
    main()
