#!/usr/bin/env python3
"""Official documents journey of Motcua (quản lý văn bản, issue 20): the clerk registers a scanned
incoming document, the leader assigns it, the lead unit closes it; a specialist drafts an outgoing
document, the leader reviews, signs and issues it, the recipient agency has it at once; on a desk and on a phone.

Usage: python3 scripts/browser/documents_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/documents

1. The provincial People's Committee's clerk (vanthu.ubnd) logs in at the desk (1366x900), follows
   "Văn bản" in the header to /officer/van-ban, follows "Vào sổ văn bản đến", fills the form as copied from a paper Quyết định
   (number and symbol, type, date, issuing body, summary, urgency) with its scan chosen in the file
   input, and registers it: the page shows the arrival number the register gave.
2. The register of the year, searched without diacritics ("quyet dinh ... <symbol>"), lists it.
3. The leader (lanhdao.ubnd) logs in on a phone (360x800, no horizontal scrolling), finds it among
   the documents awaiting assignment and assigns it
   to the Department of Justice, with the Department of Construction coordinating, an instruction
   and 5 working days: the page shows "Đang xử lý", the lead unit and the deadline.
4. The same on the other devices: the clerk registers a second document on the phone, the leader
   assigns it at the desk.
5. The Department of Justice's specialist (chuyenvien.stp) finds the first document among what
   the unit must handle and follows "Dự thảo văn bản trả lời": the drafting form is prefilled (an official letter,
   "Trả lời văn bản số <symbol> …", the issuing body as recipient); with the PDF attached the reply is saved and
   submitted. The department's leader (lanhdao.stp, phone) approves, signs and issues it (`N/STP`). The specialist
   sees the reply's number and link on the incoming document and closes it with the note that cites the reply:
   "Đã xử lý xong".
6. Outgoing: the provincial People's Committee's specialist (chuyenvien.ubnd) drafts an official
   letter on the phone (type, summary, the Department of Justice ticked, the Ministry of Home Affairs
   by name and identifier, a person by citizen ID number, the PDF), then submits it to the head of unit.
7. The leader (lanhdao.ubnd) at the desk finds it awaiting review, approves it, signs it with the
   agency's certificate and issues it: the page shows the number and symbol the outgoing register
   gave (`N/UBND`), the Department of Justice "entered in its incoming register", the ministry
   "to send through the exchange" and the person, who has no account with a verified identity, "no account"
   (the delivery to a verified account is walked through by scripts/browser/oidc_journey.py).
8. The Department of Justice's leader (lanhdao.stp) finds it at once among the documents awaiting assignment.
9. Work dossier: the specialist (chuyenvien.ubnd, phone) follows "Hồ sơ công việc" from the documents'
   page, opens a dossier, files the issued letter in it and closes it: "handled fully online".
10. The leader (lanhdao.ubnd, desk) sees on the operations dashboard the committee's share of work
   dossiers handled fully online against its 90% target, and the late documents' table.

What needs no browser is checked over HTTP on both databases by
Tests/IntegrationTests/OfficialDocuments/OfficialDocumentHTTPTests.swift (numbers without gap under
concurrency, the CSV's byte-order mark, bad input, wrong roles).

Meant for the demo province (demo officers, password motcua2026); it may run again on the same
server (each run's symbols are new). Needs `chromium` on PATH and the `websocket-client` package.
"""

import os
import random
import re
import sys
import urllib.parse

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import DESKTOP, PHONE  # noqa: E402
from lib.files import save_files, tiny_pdf  # noqa: E402
from lib.session import follow_nav, officer_login  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

CLERK, LEADER, SPECIALIST = "vanthu.ubnd", "lanhdao.ubnd", "chuyenvien.stp"
HOME = "/officer/van-ban"
OUT, DRAFTER = "/officer/van-ban-di", "chuyenvien.ubnd"
WORK = "/officer/ho-so-cong-viec"
LEAD_NAME, COORDINATING_NAME = "Tư pháp", "Xây dựng"


class DocumentsJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.files = None
        run = random.randint(100, 999_999)
        self.symbols = [f"{run}/QĐ-BNV", f"{run + 1}/SNV-VP"]
        self.ids = [None, None]
        self.outgoing, self.out_number = None, None
        self.reply, self.reply_number = None, None
        self.out_summary = f"V/v phối hợp rà soát thủ tục hành chính (đợt {run})"
        self.person = f"0380{random.randint(0, 99):02d}{run % 1_000_000:06d}"

    def text(self, browser, selector):
        return re.sub(r"\s+", " ", browser.text(selector) or "").strip()

    def switch_to(self, device, username):
        return lambda: officer_login(getattr(self, device), self.base, username)

    def register(self, device, index, summary):
        """The clerk follows "Văn bản" in the header, fills the registration form on `device` and sends it with the scan."""
        def step():
            b = getattr(self, device)
            follow_nav(b, "#nav-documents", "Văn bản", HOME)
            self.shot(f"documents-home-{device}", b)
            b.click("#doc-new", "following the registration link")
            self.expect(b.path() == HOME + "/vao-so", f"the link led to {b.path()}")
            b.type_into("#numberSymbol", self.symbols[index])
            b.set_value("#typeCode", "QĐ" if index == 0 else "CV")
            b.type_into("#issuer", "Bộ Nội vụ" if index == 0 else "Sở Nội vụ tỉnh Thanh Hóa")
            b.type_into("#summary", summary)
            b.type_into("#signer", "Nguyễn Văn Hùng")
            b.set_value("#urgency", "urgent")
            b.set_files("#scan", self.files["scan"])
            if device == "phone":
                b.fits_width("the registration form")
            self.shot(f"form-filled-{device}", b)
            b.press("#doc-submit", "registering the document")
            m = re.fullmatch(rf"{HOME}/(\d+)", b.path())
            self.expect(m and b.status() == 200 and b.has("#doc-registered"),
                        f"registering led to {b.path()} (HTTP {b.status()}): {self.text(b, '[role=alert]')}")
            self.ids[index] = m.group(1)
            self.expect(b.has("a.doc-file"), "the registered document shows no link to its scan")
            if device == "phone":
                b.fits_width("the registered document")
            return f"document {self.ids[index]}, arrival number {self.text(b, '#doc-number')}"
        return step

    def assign(self, device, index):
        """The leader follows "Văn bản" in the header on `device`, opens the document from the list
        awaiting assignment and assigns it."""
        def step():
            b = getattr(self, device)
            follow_nav(b, "#nav-documents", "Văn bản", HOME)
            link = f"#doc-awaiting a[href='{HOME}/{self.ids[index]}']"
            self.expect(b.has(link), f"{LEADER}'s documents awaiting assignment have no link to {self.ids[index]}")
            self.shot(f"awaiting-{device}", b)
            b.click(link, "opening the document to assign")
            self.expect(b.has("#doc-assign"), f"{LEADER} sees no assignment form on document {self.ids[index]}")
            lead = b.evaluate(f"""[...document.querySelectorAll('#leadAgencyId option')]
                .find(o => o.textContent.includes({LEAD_NAME!r}))?.value""")
            self.expect(lead, f"the lead unit list has no {LEAD_NAME}")
            b.set_value("#leadAgencyId", lead)
            box = b.evaluate(f"""[...document.querySelectorAll('#doc-assign label.check')]
                .find(l => l.textContent.includes({COORDINATING_NAME!r}))?.querySelector('input')?.name""")
            self.expect(box, f"the coordinating units have no {COORDINATING_NAME}")
            b.click(f"#doc-assign input[name='{box}']", "ticking the coordinating unit", navigates=False)
            b.type_into("#instruction", "Giao Sở Tư pháp chủ trì, phối hợp Sở Xây dựng tham mưu văn bản trả lời.")
            b.type_into("#workingDays", "5")
            if device == "phone":
                b.fits_width("the assignment form")
            b.press("#doc-assign-submit", "assigning the document")
            status, lead_shown = self.text(b, "#doc-status"), self.text(b, "#doc-lead")
            self.expect(b.status() == 200 and status == "Đang xử lý" and LEAD_NAME in lead_shown,
                        f"after assigning: HTTP {b.status()}, status {status!r}, lead {lead_shown!r}: {self.text(b, '[role=alert]')}")
            if device == "phone":
                b.fits_width("the assigned document")
            return f"lead {lead_shown}, deadline {self.text(b, '#doc-deadline')}"
        return step

    def step_search(self):
        b = self.desk
        b.navigate(self.url(HOME))
        b.click("#doc-current-register", "opening this year's register")
        query = "quyet dinh " + self.symbols[0].split("/")[0]
        b.navigate(self.url(b.path() + "?q=" + urllib.parse.quote_plus(query)))
        rows = self.text(b, "#doc-register tbody")
        with b.print_media():
            printed = b.shown({"search": "#doc-search", "header": ".site-header", "table": "#doc-register"})
            self.expect(printed["search"] == printed["header"] == "none" and printed["table"].startswith("shown"),
                        f"printing the register shows {printed}")
        self.expect(self.symbols[0] in rows and self.symbols[1] not in rows, f"searching {query!r} lists {rows[:300]!r}")
        self.expect(b.has("#doc-csv"), "the register has no CSV link")
        return self.text(b, "#doc-count")

    def step_inbox(self):
        b = self.desk
        b.navigate(self.url(HOME))
        link = f"#doc-assigned a[href='{HOME}/{self.ids[0]}']"
        self.expect(b.has(link), f"{SPECIALIST}'s list of documents to handle has no link to {self.ids[0]}")
        b.click(link, "opening the document to handle")
        self.expect(b.has("#doc-close"), f"{SPECIALIST} has no closing form")
        return self.text(b, "#doc-instruction")[:100]

    def step_reply(self):
        b = self.desk
        b.click("#doc-reply", "following the link to draft a reply")
        self.expect(b.path() == OUT + "/soan", f"the reply link led to {b.path()}")
        summary, others = b.evaluate("document.querySelector('#summary').value"), b.evaluate("document.querySelector('#others').value")
        self.expect(summary.startswith(f"Trả lời văn bản số {self.symbols[0]}") and "Bộ Nội vụ" in others,
                    f"the reply form is not prefilled: summary {summary!r}, other recipients {others!r}")
        b.set_files("#file", self.files["reply"])
        self.shot("reply-form-desk", b)
        b.press("#out-submit", "saving the reply")
        m = re.fullmatch(rf"{OUT}/(\d+)", b.path())
        self.expect(m and b.status() == 200, f"saving led to {b.path()} (HTTP {b.status()}): {self.text(b, '[role=alert]')}")
        self.reply = m.group(1)
        b.press("#out-submit-review", "submitting the reply to the head of unit")
        return f"reply {self.reply}: {self.text(b, '#out-status')}"

    def step_sign_reply(self):
        b = self.phone
        b.navigate(self.url(OUT))
        link = f"#out-inReview a[href='{OUT}/{self.reply}']"
        self.expect(b.has(link), f"the Department of Justice leader's drafts awaiting review have no link to {self.reply}")
        b.click(link, "opening the reply to review")
        b.press("#out-approve", "approving the reply")
        b.press("#out-sign-submit", "signing the reply")
        self.expect(b.has("#out-issue-submit"), f"after signing the reply: {self.text(b, '[role=alert]')}")
        b.fits_width("the signed reply")
        self.shot("reply-signed-phone", b)
        b.press("#out-issue-submit", "issuing the reply")
        number = self.text(b, "#out-number")
        self.expect(re.fullmatch(r"\d+/STP", number or ""),
                    f"after issuing the reply its number reads {number!r}: {self.text(b, '[role=alert]')}")
        self.reply_number = number
        return f"reply issued as {number}"

    def step_replied(self):
        b = self.desk
        b.navigate(self.url(f"{HOME}/{self.ids[0]}"))
        replies = self.text(b, "#doc-replies")
        self.expect(self.reply_number in replies and b.has(f"#doc-replies a[href='{OUT}/{self.reply}']"),
                    f"the incoming document does not show its reply {self.reply_number}: {replies!r}")
        note = b.evaluate("document.querySelector('#note').value")
        self.expect(self.reply_number in note, f"the closing note does not cite the reply: {note!r}")
        self.shot("incoming-replied-desk", b)
        return replies

    def step_close(self):
        b = self.desk
        b.press("#doc-close-submit", "closing the document citing its reply")
        status = self.text(b, "#doc-status")
        self.expect(status == "Đã xử lý xong", f"after closing the status reads {status!r}: {self.text(b, '[role=alert]')}")
        return status

    def step_draft(self):
        b = self.phone
        b.navigate(self.url(OUT))
        self.shot("outgoing-home-phone", b)
        b.click("#out-new", "following the drafting link")
        self.expect(b.path() == OUT + "/soan", f"the link led to {b.path()}")
        b.set_value("#typeCode", "CV")
        b.type_into("#summary", self.out_summary)
        box = b.evaluate(f"""[...document.querySelectorAll('#out-agencies label.check')]
            .find(l => l.textContent.includes({LEAD_NAME!r}))?.querySelector('input')?.name""")
        self.expect(box, f"the recipient agencies have no {LEAD_NAME}")
        b.click(f"#out-agencies input[name='{box}']", "ticking the recipient agency", navigates=False)
        b.type_into("#others", "Bộ Nội vụ | 000.00.00.G12")
        b.type_into("#people", f"Nguyễn Văn Dân | {self.person}")
        b.set_files("#file", self.files["letter"])
        b.fits_width("the drafting form")
        self.shot("outgoing-form-phone", b)
        b.press("#out-submit", "saving the draft")
        m = re.fullmatch(rf"{OUT}/(\d+)", b.path())
        self.expect(m and b.status() == 200, f"saving led to {b.path()} (HTTP {b.status()}): {self.text(b, '[role=alert]')}")
        self.outgoing = m.group(1)
        b.press("#out-submit-review", "submitting the draft to the head of unit")
        status = self.text(b, "#out-status")
        self.expect(status == "Chờ lãnh đạo đơn vị duyệt", f"after submitting the status reads {status!r}: {self.text(b, '[role=alert]')}")
        b.fits_width("the submitted draft")
        return f"draft {self.outgoing}: {status}"

    def step_sign_issue(self):
        b = self.desk
        b.navigate(self.url(OUT))
        link = f"#out-inReview a[href='{OUT}/{self.outgoing}']"
        self.expect(b.has(link), f"{LEADER}'s drafts awaiting review have no link to {self.outgoing}")
        b.click(link, "opening the draft to review")
        b.type_into("#review-comment", "Đồng ý nội dung.")
        b.press("#out-approve", "approving the draft")
        b.press("#out-sign-submit", "signing the document")
        signer = self.text(b, "#out-signer")
        self.expect(b.has("#out-issue-submit") and signer.startswith("Lê Văn Chỉ"),
                    f"after signing: signer {signer!r}: {self.text(b, '[role=alert]')}")
        self.shot("outgoing-signed-desk", b)
        b.press("#out-issue-submit", "numbering and issuing the document")
        number, status, recipients = self.text(b, "#out-number"), self.text(b, "#out-status"), self.text(b, "#out-recipients")
        self.expect(status == "Đã ban hành" and re.fullmatch(r"\d+/UBND", number or "")
                    and "Đã vào sổ văn bản đến" in recipients and "Chờ gửi qua trục liên thông" in recipients
                    and "Chưa có tài khoản" in recipients,
                    f"after issuing: {status!r}, number {number!r}, recipients {recipients!r}: {self.text(b, '[role=alert]')}")
        self.out_number = number
        return f"issued as {number}; {recipients}"

    def step_delivered(self):
        b = self.desk
        b.navigate(self.url(HOME))
        awaiting = self.text(b, "#doc-awaiting")
        self.expect(self.out_number in awaiting and self.out_summary in awaiting,
                    f"the Department of Justice's documents awaiting assignment lack {self.out_number}: {awaiting[:300]!r}")
        return f"{self.out_number} awaiting assignment at the Department of Justice"

    def step_work_dossier(self):
        b = self.phone
        b.navigate(self.url(HOME))
        b.click("#doc-work-dossiers", "following the work dossiers link")
        self.expect(b.path() == WORK, f"the link led to {b.path()}")
        b.type_into("#title", f"Rà soát thủ tục hành chính (đợt {self.out_number})")
        b.press("#wd-open-submit", "opening the work dossier")
        self.expect(re.fullmatch(rf"{WORK}/\d+", b.path()) and b.status() == 200,
                    f"opening led to {b.path()} (HTTP {b.status()}): {self.text(b, '[role=alert]')}")
        choice = b.evaluate(f"""[...document.querySelectorAll('#documentId option')]
            .find(o => o.textContent.startsWith({self.out_number!r}))?.value""")
        self.expect(choice, f"the documents to file have no {self.out_number}")
        b.set_value("#documentId", choice)
        b.press("#wd-add-submit", "filing the issued letter")
        b.fits_width("the work dossier")
        self.shot("work-dossier-phone", b)
        b.press("#wd-close-submit", "closing the work dossier")
        status = self.text(b, "#wd-status")
        self.expect(status == "Đã đóng, xử lý hoàn toàn trên mạng", f"after closing the status reads {status!r}: {self.text(b, '[role=alert]')}")
        return status

    def step_dashboard(self):
        b = self.desk
        b.navigate(self.url("/officer/dieu-hanh"))
        self.expect(b.status() == 200 and b.has("#ops-online-work") and b.has("#ops-online-work-source"),
                    f"the dashboard (HTTP {b.status()}) shows no work dossiers' table")
        self.expect(b.has("#ops-late-documents") or b.has("#ops-no-late-documents"), "the dashboard has no late documents' section")
        b.evaluate("document.querySelector('#ops-online-work').scrollIntoView()")
        self.shot("dashboard-work-desk", b)
        return self.text(b, "#ops-online-work tbody")[:200]

    def run(self):
        self.files = save_files(os.path.abspath(self.out), {
            "scan": ("quyet-dinh.pdf", tiny_pdf("Quyet dinh 123/QD-BNV")),
            "letter": ("cong-van.pdf", tiny_pdf(f"Cong van {self.symbols[0]}")),
            "reply": ("tra-loi.pdf", tiny_pdf(f"Tra loi van ban {self.symbols[0]}")),
        })
        steps = [
            ("1-login-clerk", "desk", self.switch_to("desk", CLERK)),
            ("1-register", "desk", self.register("desk", 0, "Quyết định về việc giao chỉ tiêu biên chế công chức năm 2026")),
            ("2-search", "desk", self.step_search),
            ("3-login-leader", "phone", self.switch_to("phone", LEADER)), ("3-assign", "phone", self.assign("phone", 0)),
            ("4-login-clerk", "phone", self.switch_to("phone", CLERK)),
            ("4-register", "phone", self.register("phone", 1, "Về việc cử cán bộ dự hội nghị trực tuyến")),
            ("4-login-leader", "desk", self.switch_to("desk", LEADER)), ("4-assign", "desk", self.assign("desk", 1)),
            ("5-login-specialist", "desk", self.switch_to("desk", SPECIALIST)), ("5-inbox", "desk", self.step_inbox),
            ("5-reply", "desk", self.step_reply),
            ("5-login-signer", "phone", self.switch_to("phone", "lanhdao.stp")), ("5-sign-reply", "phone", self.step_sign_reply),
            ("5-replied", "desk", self.step_replied), ("5-close", "desk", self.step_close),
            ("6-login-specialist", "phone", self.switch_to("phone", DRAFTER)), ("6-draft", "phone", self.step_draft),
            ("7-login-leader", "desk", self.switch_to("desk", LEADER)), ("7-sign-issue", "desk", self.step_sign_issue),
            ("8-login-recipient", "desk", self.switch_to("desk", "lanhdao.stp")), ("8-delivered", "desk", self.step_delivered),
            ("9-work-dossier", "phone", self.step_work_dossier),
            ("10-login-leader", "desk", self.switch_to("desk", LEADER)), ("10-dashboard", "desk", self.step_dashboard),
        ]
        return self.run_journey("official documents journey", {"desk": (DESKTOP, False), "phone": (PHONE, True)},
                                [(f"{label}-{where}", where, step) for label, where, step in steps],
                                f"desk {DESKTOP[0]}x{DESKTOP[1]}, phone {PHONE[0]}x{PHONE[1]}",
                                lambda: f"documents {self.ids}, symbols {self.symbols}, reply {self.reply} {self.reply_number}, "
                                f"outgoing {self.outgoing} {self.out_number}")


def main():
    args = arguments("official documents journey").parse_args()
    sys.exit(DocumentsJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
