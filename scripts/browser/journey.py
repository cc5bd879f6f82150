#!/usr/bin/env python3
"""Browser journey of Motcua: drives a real officer journey through the server's pages in
headless Chromium over the DevTools protocol, then the public tracking page at phone size.

Usage: python3 scripts/browser/journey.py --base http://127.0.0.1:PORT --out artifacts/screenshots/sqlite

Needs `chromium` on PATH and the `websocket-client` package. Every step takes a screenshot
into --out; the first step that does not behave stops the journey with exit status 1 and a
message saying what the page showed.
"""

import argparse
import base64
import json
import os
import random
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

try:
    import websocket  # websocket-client
except ImportError:  # pragma: no cover
    sys.exit("journey: the python package websocket-client is missing (pip install websocket-client)")

PASSWORD = "motcua2026"
DESKTOP = (1366, 900)
PHONE = (360, 800)

APPLICANT = {
    "fullName": "Nguyễn Thị Mai",
    "idNumber": "038195001234",
    "phone": "0912345678",
    "address": "12 Lê Lợi, phường Hạc Thành",
}
PROCEDURE = "1.001193"  # birth registration, commune level
STATE_RETURNED = "Đã trả kết quả"


class StepFailure(Exception):
    pass


class CDPError(Exception):
    pass


class Screenshots:
    """Numbered screenshots of a journey in one folder (emptied of older ones first)."""

    def __init__(self, out):
        self.out, self.count = out, 0
        os.makedirs(out, exist_ok=True)
        for name in os.listdir(out):
            if name.endswith(".png"):
                os.remove(os.path.join(out, name))

    def take(self, browser, name):
        self.count += 1
        path = os.path.join(self.out, f"{self.count:02d}-{name}.png")
        browser.screenshot(path)
        return path


def save_files(folder, contents):
    """Writes `contents` ({key: (file name, bytes)}) into `folder`; returns {key: path} and "dir"."""
    files = {"dir": folder}
    for key, (name, data) in contents.items():
        files[key] = os.path.join(folder, name)
        with open(files[key], "wb") as f:
            f.write(data)
    return files


STEP_ERRORS = (StepFailure, CDPError, websocket.WebSocketException, OSError, KeyError, TypeError, ValueError)


def run_step(label, step, browser, shots):
    """Runs one step and takes its screenshot: True when it behaved; otherwise prints what the page
    showed, with a screenshot, and returns False."""
    began = time.time()
    try:
        detail = step()
        shots.take(browser, label)
    except STEP_ERRORS as error:
        page = browser.describe()
        try:
            shot = shots.take(browser, "FAILED-" + label)
        except Exception as e:  # the page may be gone
            shot = f"(no screenshot: {e})"
        kind = "" if isinstance(error, StepFailure) else type(error).__name__ + ": "
        print(f"FAIL {label} ({time.time() - began:.1f} s): {kind}{error}\n    {page}\n    screenshot: {shot}", flush=True)
        return False
    print(f"ok  {label} ({time.time() - began:.1f} s)" + (f"  {detail}" if detail else ""), flush=True)
    return True


def run_steps(journey, steps, make_browser, viewport):
    """Starts Chromium at `viewport` as `journey.browser`, runs `steps` ((label, callable), with
    screenshots into `journey.shots`) until one does not behave, closes the browser; returns
    (steps passed, 1 when one failed else 0)."""
    passed, failed, current = 0, 0, "start-chromium"
    try:
        journey.browser = make_browser()
        journey.browser.connect()
        journey.browser.viewport(*viewport, mobile=False)
        for current, step in steps:
            if not run_step(current, step, journey.browser, journey.shots):
                failed = 1
                break
            passed += 1
    except (StepFailure, CDPError, websocket.WebSocketException, OSError) as error:
        failed = 1
        print(f"FAIL {current}: {error}", flush=True)
    finally:
        if journey.browser is not None:
            journey.browser.close()
    return passed, failed


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Chromium:
    """A headless Chromium process with one page, driven over the DevTools protocol."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="motcua-chromium-")
        self.port = free_port()
        self.log_path = os.path.join(self.profile, "chromium.log")
        self.log = open(self.log_path, "wb")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if binary is None:
            raise StepFailure("chromium is not installed (apt-get install chromium fonts-noto-core)")
        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
             "--hide-scrollbars",
             f"--remote-debugging-port={self.port}", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as a whole at the end
        )
        self.ws = None
        self.next_id = 0
        self.events = []
        self.documents = []  # (url, status) of main-document responses, newest last

    def _log_tail(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-1500:].decode("utf-8", "replace")
        except OSError:
            return ""

    def connect(self):
        deadline = time.time() + 30
        url = None
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise StepFailure(f"chromium exited with status {self.proc.returncode}:\n{self._log_tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=2) as r:
                    targets = json.load(r)
                pages = [t for t in targets if t.get("type") == "page" and t.get("webSocketDebuggerUrl")]
                if pages:
                    url = pages[0]["webSocketDebuggerUrl"]
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        if url is None:
            raise StepFailure(f"chromium's DevTools endpoint did not come up within 30 s:\n{self._log_tail()}")
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True, enable_multithread=False)
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Network.enable")

    def _handle_event(self, message):
        method = message.get("method")
        if method == "Network.responseReceived":
            params = message.get("params", {})
            if params.get("type") == "Document":
                response = params.get("response", {})
                self.documents.append((response.get("url"), response.get("status")))
        elif method == "Runtime.consoleAPICalled" or method == "Runtime.exceptionThrown":
            pass
        # Keep the last events for diagnostics only.
        self.events.append(method)
        del self.events[:-50]

    def send(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                raise CDPError(f"{method}: no answer from chromium within 60 s")
            message = json.loads(raw)
            if message.get("id") == ident:
                if "error" in message:
                    raise CDPError(f"{method}: {message['error'].get('message')} {message['error'].get('data', '')}".strip())
                return message.get("result", {})
            if "method" in message:
                self._handle_event(message)

    # ---- page helpers -------------------------------------------------------------------

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"script error: {text}")
        return result.get("result", {}).get("value")

    def viewport(self, width, height, mobile):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)

    def mark(self):
        """Tags the current document so a later wait can tell a new document has replaced it."""
        token = "".join(random.choice(string.ascii_letters) for _ in range(16))
        try:
            self.evaluate(f"window.__journeyMark = {json.dumps(token)}; true")
        except CDPError:
            pass
        return token

    def wait_document(self, token, what, timeout=30):
        """Waits until a new document (without `token`) is fully loaded; returns its URL."""
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                last = self.evaluate("[window.__journeyMark || null, document.readyState, location.href]")
                if last and last[0] != token and last[1] == "complete":
                    return last[2]
            except CDPError:
                pass  # the execution context went away mid-navigation: try again
            time.sleep(0.1)
        raise StepFailure(f"{what}: no new page loaded within {timeout} s (still at {last and last[2]})")

    def navigate(self, url):
        token = self.mark()
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise StepFailure(f"could not open {url}: {result['errorText']}")
        return self.wait_document(token, f"opening {url}")

    def wait_for(self, selector, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.evaluate(f"document.querySelector({json.dumps(selector)}) !== null"):
                    return
            except CDPError:
                pass
            time.sleep(0.1)
        raise StepFailure(f"no element {selector} on the page after {timeout} s")

    def text(self, selector):
        return self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); return e ? e.textContent.trim() : null }})()")

    def set_value(self, selector, value):
        ok = self.evaluate(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            if (!el) return false;
            el.value = {json.dumps(value)};
            el.dispatchEvent(new Event('input', {{bubbles: true}}));
            el.dispatchEvent(new Event('change', {{bubbles: true}}));
            return true;
        }})()""")
        if not ok:
            raise StepFailure(f"no field {selector} on the page")

    def submit(self, form_selector, what):
        """Submits the form with requestSubmit (so HTML validation runs) and waits for the next page."""
        token = self.mark()
        state = self.evaluate(f"""(() => {{
            const f = document.querySelector({json.dumps(form_selector)});
            if (!f) return 'missing';
            if (!f.checkValidity()) {{
                const bad = Array.from(f.elements).filter(e => e.willValidate && !e.checkValidity())
                    .map(e => (e.id || e.name) + ': ' + e.validationMessage);
                return 'invalid: ' + bad.join('; ');
            }}
            setTimeout(() => f.requestSubmit(), 0);
            return 'submitted';
        }})()""")
        if state == "missing":
            raise StepFailure(f"{what}: no form {form_selector} on the page")
        if state != "submitted":
            raise StepFailure(f"{what}: the browser refused to submit {form_selector} ({state})")
        return self.wait_document(token, what)

    def path(self):
        return urllib.parse.urlsplit(self.evaluate("location.href")).path

    def describe(self):
        """What the page shows, for failure messages."""
        try:
            info = self.evaluate("""(() => ({
                url: location.href,
                title: document.title,
                h1: (document.querySelector('h1') || {}).textContent || null,
                alerts: Array.from(document.querySelectorAll('[role=alert]')).map(e => e.textContent.trim()),
                body: (document.body ? document.body.innerText : '').replace(/\\s+/g, ' ').slice(0, 600)
            }))()""")
        except Exception as e:  # the page or the browser may be gone
            return f"(page not readable: {e})"
        status = self.documents[-1][1] if self.documents else "?"
        lines = [f"url: {info['url']} (last document HTTP status {status})", f"title: {info['title']}"]
        if info.get("h1"):
            lines.append(f"h1: {info['h1'].strip()}")
        if info.get("alerts"):
            lines.append(f"alerts: {info['alerts']}")
        lines.append(f"text: {info['body']}")
        return "\n    ".join(lines)

    def screenshot(self, path):
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics.get("contentSize")
        view = metrics.get("cssLayoutViewport") or metrics.get("layoutViewport")
        width = max(1, int(view["clientWidth"]))
        height = max(int(view["clientHeight"]), min(int(size["height"]), 6000))
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            if self.ws is not None:
                self.ws.close()
        except Exception:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait(timeout=5)
        # Chromium's helpers share its process group; make sure none is left behind.
        deadline = time.time() + 3
        while time.time() < deadline:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                break  # the group is empty
            time.sleep(0.1)
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Journey:
    def __init__(self, base, out):
        self.base = base.rstrip("/")
        self.out = out
        self.browser = None
        self.passed = 0
        self.shots = None
        self.code = None
        self.current = None

    def url(self, path):
        return self.base + path

    def shot(self, name):
        return self.shots.take(self.browser, name)

    def expect(self, condition, message):
        if not condition:
            raise StepFailure(message)

    # ---- building blocks -----------------------------------------------------------------

    def login(self, username):
        b = self.browser
        b.navigate(self.url("/officer/login"))
        b.wait_for("#login-form")
        b.set_value("#username", username)
        b.set_value("#password", PASSWORD)
        b.submit("#login-form", f"logging in as {username}")
        self.expect(b.path() == "/officer", f"after logging in as {username} the browser is not on /officer")
        self.expect(b.evaluate("!!document.querySelector('h1') && document.querySelector('h1').textContent.trim().length > 0"),
                    "the queue page has no h1")
        self.expect(b.evaluate("document.querySelector('#logout-form') !== null"),
                    f"logged in as {username} but the page has no #logout-form")

    def logout(self):
        b = self.browser
        b.wait_for("#logout-form")
        b.submit("#logout-form", "logging out")
        self.expect(b.evaluate("document.querySelector('#logout-form') === null"),
                    "after logging out the page still shows #logout-form")

    def dossier_path(self, suffix=""):
        return "/officer/dossiers/" + urllib.parse.quote(self.code, safe="") + suffix

    def act(self, action, assignee=None):
        """Opens the dossier page and submits the form of `action`; returns (before, after) states."""
        b = self.browser
        b.navigate(self.url(self.dossier_path()))
        b.wait_for("#dossier-state")
        before = b.text("#dossier-state")
        form = f'form.action-form[data-action="{action}"]'
        if not b.evaluate(f"document.querySelector({json.dumps(form)}) !== null"):
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
        return before, after

    # ---- the steps -------------------------------------------------------------------------

    def step_login_receiver(self):
        self.login("tiepnhan.hacthanh")

    def step_receive(self):
        b = self.browser
        b.navigate(self.url("/officer/receive"))
        b.wait_for("#receive-form")
        has_option = b.evaluate(f"Array.from(document.querySelectorAll('#procedureCode option')).some(o => o.value === {json.dumps(PROCEDURE)})")
        self.expect(has_option, f"#procedureCode offers no procedure {PROCEDURE}")
        b.set_value("#procedureCode", PROCEDURE)
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

    def step_forward(self):
        before, after = self.act("forward")
        return f"{before} -> {after}"

    def step_logout(self):
        self.logout()

    def step_login_leader(self):
        self.login("lanhdao.hacthanh")

    def step_assign(self):
        before, after = self.act("assign", assignee="Ngô Thị Hồ")
        return f"{before} -> {after}"

    def step_login_specialist(self):
        self.login("chuyenvien.hacthanh")

    def step_submit_for_approval(self):
        before, after = self.act("submitForApproval")
        return f"{before} -> {after}"

    def step_approve(self):
        before, after = self.act("approve")
        return f"{before} -> {after}"

    def step_return_result(self):
        b = self.browser
        before, after = self.act("returnResult")
        self.expect(after == STATE_RETURNED, f"#dossier-state reads {after!r}, expected {STATE_RETURNED!r}")
        rows = b.evaluate("document.querySelectorAll('table.history tbody tr').length")
        self.expect(rows is not None and rows >= 6, f"table.history has {rows} rows in tbody, expected at least 6")
        return f"{before} -> {after}, {rows} history rows"

    def step_control_slip(self):
        b = self.browser
        b.navigate(self.url(self.dossier_path("/control-slip")))
        self.expect(b.path() == self.dossier_path("/control-slip"), "the control slip did not open")
        shown = b.text("#dossier-code")
        self.expect(shown == self.code, f"the control slip shows code {shown!r}, expected {self.code!r}")
        rows = b.evaluate("document.querySelectorAll('table.history tbody tr').length")
        return f"{rows} history rows"

    def step_phone_tracking_form(self):
        b = self.browser
        b.viewport(*PHONE, mobile=True)
        b.navigate(self.url("/tra-cuu"))
        b.wait_for("#tracking-form")
        self.expect(b.evaluate("document.querySelector('#logout-form') === null"),
                    "the tracking page shows #logout-form: the browser is still logged in")
        b.set_value("#code", self.code)

    def step_phone_tracking_result(self):
        b = self.browser
        b.submit("#tracking-form", "submitting the tracking form")
        self.expect(b.path() == "/tra-cuu", "the tracking form did not lead back to /tra-cuu")
        state = b.text("#tracking-state")
        self.expect(state == STATE_RETURNED, f"#tracking-state reads {state!r}, expected {STATE_RETURNED!r}")
        page = b.evaluate("document.documentElement.outerHTML + '\\n' + document.body.innerText")
        for label, secret in (("applicant's name", APPLICANT["fullName"]), ("id number", APPLICANT["idNumber"])):
            self.expect(secret not in page, f"the public tracking page shows the {label} {secret!r}")
        width = b.evaluate("document.documentElement.scrollWidth")
        self.expect(width is not None and width <= PHONE[0],
                    f"the tracking page scrolls horizontally at {PHONE[0]} px (scrollWidth {width})")
        return f"{state}, scrollWidth {width}"

    def step_wrong_password(self):
        b = self.browser
        b.viewport(*DESKTOP, mobile=False)
        b.navigate(self.url("/officer/login"))
        b.wait_for("#login-form")
        b.set_value("#username", "tiepnhan.hacthanh")
        b.set_value("#password", "sai-mat-khau")
        b.submit("#login-form", "logging in with a wrong password")
        self.expect(b.path() == "/officer/login", "a wrong password did not keep the browser on /officer/login")
        alert = b.text("[role=alert]")
        self.expect(alert, "a wrong password shows no [role=alert] element")
        self.expect(b.evaluate("document.querySelector('#logout-form') === null"), "a wrong password logged in")
        return alert

    def step_queue_requires_login(self):
        b = self.browser
        b.navigate(self.url("/officer"))
        self.expect(b.path() == "/officer/login", "/officer, logged out, did not redirect to /officer/login")
        b.wait_for("#login-form")

    # ---- runner ------------------------------------------------------------------------------

    def run(self):
        steps = [
            ("a-login-tiepnhan", self.step_login_receiver),
            ("b-receive-dossier", self.step_receive),
            ("c-forward", self.step_forward),
            ("c-logout", self.step_logout),
            ("d-login-lanhdao", self.step_login_leader),
            ("d-assign-ngo-thi-ho", self.step_assign),
            ("d-logout", self.step_logout),
            ("e-login-chuyenvien", self.step_login_specialist),
            ("e-submit-for-approval", self.step_submit_for_approval),
            ("e-logout", self.step_logout),
            ("f-login-lanhdao", self.step_login_leader),
            ("f-approve", self.step_approve),
            ("f-logout", self.step_logout),
            ("g-login-tiepnhan", self.step_login_receiver),
            ("g-return-result", self.step_return_result),
            ("g-control-slip", self.step_control_slip),
            ("g-logout", self.step_logout),
            ("h-phone-tracking-form", self.step_phone_tracking_form),
            ("h-phone-tracking-result", self.step_phone_tracking_result),
            ("i-wrong-password", self.step_wrong_password),
            ("i-officer-requires-login", self.step_queue_requires_login),
        ]
        self.shots = Screenshots(self.out)
        failed = 0
        try:
            self.browser = Chromium()
            self.browser.connect()
            self.browser.viewport(*DESKTOP, mobile=False)
            for name, step in steps:
                self.current = name
                if not run_step(name, step, self.browser, self.shots):
                    failed = 1
                    break
                self.passed += 1
        except (StepFailure, CDPError, websocket.WebSocketException, OSError) as error:
            failed = 1
            print(f"FAIL {self.current or 'start-chromium'}: {error}", flush=True)
        finally:
            if self.browser is not None:
                self.browser.close()
        print(f"journey: {self.passed} passed, {failed} failed", flush=True)
        return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description="Motcua browser journey (headless Chromium over DevTools)")
    parser.add_argument("--base", required=True, help="base URL of a running server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    args = parser.parse_args()
    sys.exit(Journey(args.base, args.out).run())


if __name__ == "__main__":
    main()
