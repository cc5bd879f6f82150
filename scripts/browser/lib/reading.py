"""What a page shows, read through Browser.evaluate: elements, texts, DOM properties, links, tables,
the URL and the last document's HTTP status; `describe` sums a page up for failure messages."""

import json
import urllib.parse

from .errors import StepFailure


class PageReading:
    """Mixed into Browser, which supplies `evaluate`, `send`, `documents` and `width`."""

    def has(self, selector):
        return self.evaluate(f"document.querySelector({json.dumps(selector)}) !== null")

    def text(self, selector):
        return self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); return e ? e.textContent.trim() : null }})()")

    def prop(self, selector, name):
        """A DOM property (value, checked, open...) of the first element `selector` matches (None if absent)."""
        return self.evaluate(f"(e => e ? e[{json.dumps(name)}] : null)(document.querySelector({json.dumps(selector)}))")

    def value(self, selector):
        return self.prop(selector, "value")

    def texts(self, selector):
        """The trimmed text of every element `selector` matches."""
        return self.evaluate(f"Array.from(document.querySelectorAll({json.dumps(selector)})).map(e => e.textContent.trim())")

    def attribute(self, selector, name):
        """An attribute of the first element `selector` matches, as written in the page (None if absent)."""
        return self.evaluate(f"(e => e ? e.getAttribute({json.dumps(name)}) : null)(document.querySelector({json.dumps(selector)}))")

    def hrefs(self, selector):
        """The href attributes of the links `selector` matches, as written in the page."""
        return self.evaluate(f"Array.from(document.querySelectorAll({json.dumps(selector)})).map(a => a.getAttribute('href'))")

    def rows(self, table):
        """The trimmed text of each cell of each body row of `table`."""
        return self.evaluate(f"""Array.from(document.querySelectorAll({json.dumps(table + ' tbody tr')}))
            .map(r => Array.from(r.cells).map(c => c.textContent.trim()))""")

    def html(self):
        return self.evaluate("document.documentElement.outerHTML")

    def href(self):
        return self.evaluate("location.href")

    def path(self):
        return urllib.parse.urlsplit(self.href()).path

    def query(self):
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.href()).query)

    def status(self):
        """The HTTP status of the last main document."""
        return self.documents[-1][1] if self.documents else None

    def expect_at(self, path, what):
        """Checks `what` (a link, a form, opening a URL) led to `path`, answered with HTTP 200."""
        if self.path() != path or self.status() != 200:
            raise StepFailure(f"{what} led to {self.href()} (HTTP {self.status()}), not {path}")

    def cookie_header(self, base):
        cookies = self.send("Network.getCookies", urls=[base + "/"]).get("cookies", [])
        return "; ".join(f"{c['name']}={c['value']}" for c in cookies)

    def fits_width(self, page):
        """No horizontal scrolling. In mobile emulation an overflowing page widens window.innerWidth
        too, so clientWidth bounds it as well."""
        width, inner = self.evaluate(
            "[document.documentElement.scrollWidth, Math.min(window.innerWidth, document.documentElement.clientWidth)]")
        if width > inner + 1:
            raise StepFailure(f"{page} scrolls horizontally at {self.width} px "
                              f"(document scrollWidth {width} > viewport width {inner})")
        return f"scrollWidth {width}/{inner}"

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
        lines = [f"url: {info['url']} (last document HTTP status {self.status() or '?'})", f"title: {info['title']}"]
        if info.get("h1"):
            lines.append(f"h1: {info['h1'].strip()}")
        if info.get("alerts"):
            lines.append(f"alerts: {info['alerts']}")
        lines.append(f"text: {info['body']}")
        return "\n    ".join(lines)
