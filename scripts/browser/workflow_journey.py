#!/usr/bin/env python3
"""Workflow, agency and report-category administration journey of Motcua (issue 19, "Administration in
the browser", the workflow part): the administrator opens a workflow's state diagram and edits it, edits
an agency and a field-report category's routing, on a phone (360x800) and on a desk (1366x900).

Usage: python3 scripts/browser/workflow_journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/workflows

1. The administrator (quantri) logs in on a phone, opens "Quy trình" from the header and the default
   workflow: the state diagram (an SVG image with a title, one box per state) scrolls inside its labelled
   region while the page itself fits the phone's width; the moves are also a table.
2. On the desk, the administrator renames the "processing" state: the diagram shows the new name at once
   after the save (post/redirect/get with a message); then the name is put back.
3. A paper dossier is received at Phường Hạc Thành's desk (API); ticking "remove" on a state that
   dossiers are in is then refused with a message naming how many dossiers; nothing changes.
4. The administrator opens "Cơ quan", finds the Department of Justice without diacritics, changes its
   English name and puts it back; a short code already used is refused on the page.
5. The administrator opens "Lĩnh vực phản ánh", then street trees, and routes its reports of one commune
   to the Department of Construction; the rule is listed. The category and routing pages fit the phone.

Meant for a fresh demo province (MOTCUA_ENV=development). Needs `chromium` on PATH and `websocket-client`.
"""

import os
import sys

sys.dont_write_bytecode = True  # importing lib/ leaves no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.demo import ADMIN, DESKTOP, PHONE, RECEIVER, WARD, WARD_NAME, random_phone  # noqa: E402
from lib.session import officer_token  # noqa: E402
from lib.steps import Journey, arguments  # noqa: E402

WORKFLOW = "/officer/quan-tri/quy-trinh/ONE_STOP_DEFAULT"
AGENCIES = "/officer/quan-tri/co-quan"
CATEGORIES = "/officer/quan-tri/linh-vuc-phan-anh"
RENAMED = "Đang xử lý, thẩm định (đã sửa)"


class WorkflowJourney(Journey):
    def __init__(self, base, out):
        super().__init__(base, out)
        self.original = None

    def state_input(self, code, field):
        """The selector of field `field` (name, nameEn...) of state `code` in the editing form."""
        index = self.desktop.evaluate(
            f"document.querySelector('#workflow-states input[type=hidden][value=\"{code}\"]').name.split('_')[0]")
        return f"#workflow-states [name={index}_{field}]"

    def step_diagram_phone(self):
        b = self.phone
        b.navigate(self.url("/officer"))
        b.wait_for("#nav-admin-workflows")
        b.click("#nav-admin-workflows", "opening the workflows page")
        b.wait_for("#workflows")
        b.click("#workflows a", "opening the default workflow")
        b.wait_for("#workflow-diagram-region svg")
        boxes = b.evaluate("document.querySelectorAll('#workflow-diagram-region svg g.wf-state').length")
        states = b.evaluate("document.querySelectorAll('#workflow-states input[type=hidden][name$=_code]').length")
        self.expect(boxes == states and boxes > 0, f"the diagram has {boxes} boxes for {states} states")
        self.expect(b.attribute("#workflow-diagram-region svg", "role") == "img", "the diagram is not an image")
        self.expect(b.has("#workflow-diagram-region svg title"), "the diagram has no title")
        inner, outer = b.evaluate(
            "[document.querySelector('#workflow-diagram-region').scrollWidth,"
            " document.querySelector('#workflow-diagram-region').clientWidth]")
        self.expect(inner > outer, f"the diagram does not scroll in its region ({inner} ≤ {outer})")
        moves = b.evaluate("document.querySelectorAll('#workflow-moves tbody tr').length")
        self.expect(moves > 0, "the table of moves is empty")
        b.evaluate("document.querySelector('#workflow-diagram-region').scrollLeft = 400")
        return b.fits_width("the workflow page") + f", {boxes} states, {moves} moves, diagram {inner} px wide in {outer} px"

    def rename(self, name):
        b = self.desktop
        b.navigate(self.url(WORKFLOW))
        b.wait_for("#workflow-edit")
        field = self.state_input("processing", "name")
        if self.original is None:
            self.original = b.value(field)
        b.type_into(field, name)
        b.press("#workflow-save", "saving the workflow")
        b.wait_for("#workflow-done")
        shown = b.text("#workflow-diagram-region svg")
        self.expect(name in shown or name[:20] in shown, f"the diagram does not show {name!r}")
        return b.text("#workflow-done")

    def step_rename(self):
        done = self.rename(RENAMED)
        return f"{done} (diagram shows {RENAMED!r})"

    def step_rename_back(self):
        return self.rename(self.original) + f" (back to {self.original!r})"

    def step_state_in_use(self):
        b = self.desktop
        token, _ = officer_token(self.http, RECEIVER)
        body = {"procedureCode": "2.000635", "channel": "counter", "applicant": {
            "fullName": "Lê Văn Quy Trình", "idNumber": "038090004321", "phone": random_phone(),
            "address": "1 Lê Lợi, " + WARD_NAME, "unitCode": WARD}}
        status, _ = self.http.api("POST", "/api/v1/dossiers", token, body)
        self.expect(status == 201, f"receiving a dossier through the API answered {status}")
        b.navigate(self.url(WORKFLOW))
        b.wait_for("#workflow-edit")
        busy = b.evaluate("""(() => {
            for (const row of document.querySelectorAll('#workflow-states tbody tr')) {
                const n = parseInt(row.children[8].textContent.trim() || '0', 10);
                const box = row.querySelector('[name$=_remove]');
                if (n > 0 && box) return [box.name, n];
            }
            return null;
        })()""")
        self.expect(busy is not None, "no state shows a dossier in it after one was received")
        b.evaluate(f"document.querySelector('[name={busy[0]}]').checked = true")
        b.press("#workflow-save", "removing a state that dossiers are in")
        b.wait_for("#workflow-error")
        message = b.text("#workflow-error")
        self.expect(f"{busy[1]} hồ sơ" in message, f"the refusal says {message!r}")
        return f"refused: {message.strip()}"

    def step_agency(self):
        b = self.desktop
        b.click("#nav-admin-agencies", "opening the agencies page")
        b.wait_for("#agency-search")
        b.type_into("#agency-q", "tu phap")
        b.press("#agency-search [type=submit]", "searching")
        b.wait_for("#agencies a")
        b.click("#agencies a", "opening the Department of Justice")
        b.wait_for("#agency-edit")
        english = b.value("#agency-name-en")
        b.type_into("#agency-name-en", english + " (edited)")
        b.press("#agency-save", "saving the agency")
        b.wait_for("#agency-done")
        self.expect(b.value("#agency-name-en") == english + " (edited)", "the new English name is not shown")
        b.type_into("#agency-short-code", "SXD")
        b.press("#agency-save", "a short code already used")
        b.wait_for("#agency-error")
        refused = b.text("#agency-error").strip()
        self.expect("SXD" in refused, f"the refusal says {refused!r}")
        b.type_into("#agency-short-code", "STP")
        b.type_into("#agency-name-en", english)
        b.press("#agency-save", "putting the English name back")
        b.wait_for("#agency-done")
        return f"renamed and back; refused: {refused}"

    def step_agency_phone(self):
        b = self.phone
        b.navigate(self.url(AGENCIES + "?q=tu+phap"))
        b.wait_for("#agencies a")
        b.click("#agencies a", "opening the agency on the phone")
        b.wait_for("#agency-edit")
        return b.fits_width("the agency page")

    def step_routing(self):
        b = self.desktop
        b.click("#nav-admin-report-categories", "opening the report categories")
        b.wait_for("#report-categories")
        b.navigate(self.url(CATEGORIES + "/TREES"))
        b.wait_for("#report-route-set")
        unit = b.evaluate("[...document.querySelectorAll('#route-unit option')].pop().value")
        place = b.evaluate("[...document.querySelectorAll('#route-unit option')].pop().textContent")
        agency = b.evaluate(
            "[...document.querySelectorAll('#route-agency option')].find(o => o.textContent.startsWith('Sở Xây dựng')).value")
        b.set_value("#route-unit", unit)
        b.set_value("#route-agency", agency)
        b.press("#route-save", "saving the routing rule")
        b.wait_for("#report-category-done")
        rules = b.text("#report-route-rules")
        self.expect(place in rules and "Sở Xây dựng" in rules, f"the rules read {rules!r}")
        return f"street trees of {place} → Sở Xây dựng"

    def step_categories_phone(self):
        b = self.phone
        b.navigate(self.url(CATEGORIES))
        b.wait_for("#report-categories")
        b.fits_width("the report categories page")
        b.navigate(self.url(CATEGORIES + "/TREES"))
        b.wait_for("#report-route-rules")
        return b.fits_width("the category page")

    def run(self):
        steps = [
            ("1-admin-login-phone", "phone", self.login_step(ADMIN, "phone")),
            ("2-workflow-diagram-phone", "phone", self.step_diagram_phone),
            ("3-admin-login-desktop", "desktop", self.login_step(ADMIN, "desktop")),
            ("4-rename-state-desktop", "desktop", self.step_rename),
            ("5-rename-back-desktop", "desktop", self.step_rename_back),
            ("6-state-in-use-desktop", "desktop", self.step_state_in_use),
            ("7-agency-desktop", "desktop", self.step_agency),
            ("8-agency-phone", "phone", self.step_agency_phone),
            ("9-routing-desktop", "desktop", self.step_routing),
            ("10-categories-phone", "phone", self.step_categories_phone),
        ]
        devices = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
        return self.run_journey("workflow administration journey", devices, steps, "phone 360x800, desktop 1366x900")


def main():
    args = arguments("workflow administration journey").parse_args()
    sys.exit(WorkflowJourney(args.base, args.out).run())


if __name__ == "__main__":
    main()
