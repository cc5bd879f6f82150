"""Browser: the one Chromium DevTools client of the journeys. It opens pages and waits for them, reads
them (reading.py), fills and submits forms, clicks with the mouse, types as a keyboard does, puts
files into file inputs, goes back in the history, takes screenshots and prints."""

import base64
import contextlib
import json
import os
import random
import string
import sys
import time

from .chromium import ChromiumProcess
from .errors import CDPError, StepFailure
from .reading import PageReading

try:
    import websocket  # websocket-client
except ImportError:  # pragma: no cover
    sys.exit("journey: the python package websocket-client is missing (pip install websocket-client)")

CONNECTION_ERRORS = (websocket.WebSocketException, OSError)

# A form's fields that fail the browser's own validation, as "id: message" (JavaScript, of a form `f`).
INVALID_FIELDS = """Array.from(f.elements).filter(e => e.willValidate && !e.checkValidity())
    .map(e => (e.id || e.name) + ': ' + e.validationMessage)"""


class Browser(PageReading):
    """A headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self):
        self.process = ChromiumProcess()
        self.ws = None
        self.next_id = 0
        self.documents = []  # (url, status) of main-document responses, newest last
        self.width = None

    # ---- the protocol ---------------------------------------------------------------------

    def connect(self):
        url = self.process.page_websocket()
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True, enable_multithread=False)
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Network.enable")

    def _handle_event(self, message):
        if message.get("method") == "Network.responseReceived":
            params = message.get("params", {})
            if params.get("type") == "Document":
                response = params.get("response", {})
                self.documents.append((response.get("url"), response.get("status")))

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
                    error = message["error"]
                    raise CDPError(f"{method}: {error.get('message')} {error.get('data', '')}".strip())
                return message.get("result", {})
            if "method" in message:
                self._handle_event(message)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise CDPError(f"script error: {text}")
        return result.get("result", {}).get("value")

    def viewport(self, width, height, mobile):
        self.width = width
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)

    def close(self):
        try:
            if self.ws is not None:
                self.ws.close()
        except Exception:
            pass
        self.process.stop()

    # ---- documents ------------------------------------------------------------------------

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

    def back(self, what):
        history = self.send("Page.getNavigationHistory")
        index = history["currentIndex"]
        if index < 1:
            raise StepFailure(f"{what}: no earlier page in the history")
        token = self.mark()
        self.send("Page.navigateToHistoryEntry", entryId=history["entries"][index - 1]["id"])
        return self.wait_document(token, what)

    def wait_for(self, selector, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.has(selector):
                    return
            except CDPError:
                pass
            time.sleep(0.1)
        raise StepFailure(f"no element {selector} on the page after {timeout} s")

    # ---- forms and input ------------------------------------------------------------------

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

    def type_into(self, selector, text):
        """Focuses the field, selects what it holds and types `text` over it (input events as from a keyboard)."""
        ok = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return false;
            e.scrollIntoView({{block: 'center'}}); e.focus(); if (e.select) e.select();
            return document.activeElement === e;
        }})()""")
        if not ok:
            raise StepFailure(f"no field {selector} to type into (or it cannot take the focus)")
        self.send("Input.insertText", text=text)
        typed = self.evaluate(f"document.querySelector({json.dumps(selector)}).value")
        if typed != text:
            raise StepFailure(f"typing into {selector} left {typed!r}, expected {text!r}")

    def set_files(self, selector, *paths):
        """Puts files into an <input type=file>, as choosing them in the file dialog does."""
        found = self.send("Runtime.evaluate", expression=f"document.querySelector({json.dumps(selector)})")
        object_id = found.get("result", {}).get("objectId")
        if not object_id:
            raise StepFailure(f"no file input {selector} on the page")
        # Absolute paths: given a relative one, Chromium hangs on the form's submission (seen with --out artifacts/...).
        self.send("DOM.setFileInputFiles", files=[os.path.abspath(p) for p in paths], objectId=object_id)

    def submit(self, form_selector, what):
        """Submits the form with requestSubmit (so HTML validation runs) and waits for the next page."""
        token = self.mark()
        state = self.evaluate(f"""(() => {{
            const f = document.querySelector({json.dumps(form_selector)});
            if (!f) return 'missing';
            if (!f.checkValidity()) return 'invalid: ' + {INVALID_FIELDS}.join('; ');
            setTimeout(() => f.requestSubmit(), 0);
            return 'submitted';
        }})()""")
        if state == "missing":
            raise StepFailure(f"{what}: no form {form_selector} on the page")
        if state != "submitted":
            raise StepFailure(f"{what}: the browser refused to submit {form_selector} ({state})")
        return self.wait_document(token, what)

    def click(self, selector, what, navigates=True):
        """Clicks the element's centre with the mouse (as a person would); waits for the next page."""
        box = self.evaluate(f"""(() => {{
            const e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'center', inline: 'nearest'}});
            const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            const hit = document.elementFromPoint(x, y);
            const ok = !!hit && (hit === e || e.contains(hit) || (hit.control === e));
            const v = window.visualViewport;  // mouse events use its coordinates, which differ once a page overflows
            return {{x: (x - v.offsetLeft) * v.scale, y: (y - v.offsetTop) * v.scale, w: r.width, h: r.height, ok,
                     hit: hit ? hit.outerHTML.slice(0, 120) : null}};
        }})()""")
        if box is None:
            raise StepFailure(f"{what}: no element {selector} on the page")
        if box["w"] <= 0 or box["h"] <= 0:
            raise StepFailure(f"{what}: {selector} is not visible (size {box['w']}x{box['h']})")
        if not box["ok"]:
            raise StepFailure(f"{what}: {selector} is covered by {box['hit']}")
        token = self.mark() if navigates else None
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left",
                      clickCount=0 if kind == "mouseMoved" else 1)
        return self.wait_document(token, what) if navigates else None

    def press(self, button, what):
        """Clicks a submit button after checking its form passes the browser's own validation."""
        state = self.evaluate(f"""(() => {{
            const b = document.querySelector({json.dumps(button)});
            if (!b || !b.form) return 'missing';
            const f = b.form, bad = {INVALID_FIELDS};
            return bad.length ? 'invalid: ' + bad.join('; ') : 'ok';
        }})()""")
        if state == "missing":
            raise StepFailure(f"{what}: no submit button {button} inside a form on the page")
        if state != "ok":
            raise StepFailure(f"{what}: the browser refuses to submit the form ({state})")
        return self.click(button, what)

    # ---- pictures and print ---------------------------------------------------------------

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

    @contextlib.contextmanager
    def print_media(self):
        """The page laid out for print (CSS @media print) while the block runs."""
        self.send("Emulation.setEmulatedMedia", media="print")
        try:
            yield
        finally:
            self.send("Emulation.setEmulatedMedia", media="")

    def shown(self, selectors):
        """{key: 'missing', 'none' or 'shown (display)'} for {key: selector}: shown or not as laid out
        (an element inside a display:none one keeps its own display value)."""
        return self.evaluate(f"""(() => {{ const d = s => {{ const e = document.querySelector(s);
                return !e ? 'missing' : e.checkVisibility() ? 'shown (' + getComputedStyle(e).display + ')' : 'none' }};
            const s = {json.dumps(selectors)};
            return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, d(v)])) }})()""")

    def print_pdf(self, path, **options):
        """Prints the page with Page.printToPDF into `path`; returns the PDF's bytes."""
        pdf = base64.b64decode(self.send("Page.printToPDF", printBackground=False, **options)["data"])
        if not pdf.startswith(b"%PDF"):
            raise StepFailure(f"Page.printToPDF gave no PDF: {pdf[:20]!r}")
        with open(path, "wb") as f:
            f.write(pdf)
        return pdf
