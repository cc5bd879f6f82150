"""HTTP outside the browser: anonymous, with a bearer token, or with a browser's session cookies.
Redirects are never followed, so a step sees the status the server answered."""

import json
import random
import urllib.error
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Http:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.tokens = {}  # username -> (bearer token, officer id), filled by session.officer_token

    def request(self, method, path, headers=None, body=None):
        """One request: (status, headers, bytes)."""
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def get(self, path):
        """An anonymous GET: (status, headers, bytes)."""
        return self.request("GET", path, {"Accept": "*/*"})

    def with_cookies(self, browser, path):
        """A GET with the browser's cookies (its session): (status, headers, bytes)."""
        return self.request("GET", path, {"Cookie": browser.cookie_header(self.base), "Accept": "*/*"})

    def api(self, method, path, token=None, body=None, content_type="application/json"):
        """A JSON API call: (status, parsed JSON, or the bytes when the answer is not JSON). `body` is
        sent as JSON unless it is bytes already (then as `content_type`)."""
        headers = {"Accept": "application/json", **({"Authorization": "Bearer " + token} if token else {})}
        if body is not None:
            body = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = content_type
        status, answer_headers, raw = self.request(method, path, headers, body)
        kind = answer_headers.get("Content-Type", "") if answer_headers else ""
        return status, (json.loads(raw) if "json" in kind and raw else raw)


def multipart(fields, files):
    """A multipart/form-data body of `fields` ({name: text}) and PDF `files` ({name: (file name, bytes)}):
    (body, content type)."""
    boundary = "----motcua" + "".join(random.choice("abcdef0123456789") for _ in range(24))
    body = bytearray()
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (filename, data) in files.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), "multipart/form-data; boundary=" + boundary
