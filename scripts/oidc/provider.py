#!/usr/bin/env python3
"""A local OpenID Provider for the tests: the authorization code flow with PKCE (S256), a discovery
document, a JWKS, RS256 ID tokens signed with its own RSA key, an end-session endpoint. Built on
authlib (JOSE for the keys and tokens, RFC 7636 for the code challenge); it stands in for VNeID,
which cannot be reached from the test machines.

Usage: python3 scripts/oidc/provider.py [--port 0] [--client-id ID] [--client-secret SECRET]
           [--redirect-uri URI] [--exit-with-parent]

Prints "listening PORT" once it serves. Test controls (JSON):
  POST /_op/config {"auto_approve": bool, "tamper": bool, "audience": str, "expired": bool,
                    "replay_nonce": bool, "user": {claims...}, "rotate_key": bool}
  GET  /_op/log    the authorization requests it received
"""

import argparse
import base64
import html
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import warnings

warnings.filterwarnings("ignore", message=".*authlib.jose.*")
from authlib.jose import JsonWebKey, jwt  # noqa: E402
from authlib.oauth2.rfc7636 import create_s256_code_challenge  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from test_server import serve  # noqa: E402

# Published in the source: production refuses it (OpenIDConfig.publishedSecrets).
CLIENT_ID, CLIENT_SECRET = "motcua-portal", "motcua-test-op-client-secret-2026"
TEST_USER = {
    "sub": "vneid-sub-0001", "id_number": "038190001234", "name": "Lê Thị Hoa", "birthdate": "1990-05-12",
    "phone_number": "0912345678", "acr": "2",
}


class Provider:
    def __init__(self, client_id, client_secret, redirect_uri):
        self.client_id, self.client_secret, self.redirect_uri = client_id, client_secret, redirect_uri
        self.lock = threading.Lock()
        self.codes = {}
        self.log = []
        self.last_nonce = None
        self.config = {"auto_approve": False, "user": dict(TEST_USER)}
        self.rotate()

    def rotate(self):
        self.key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "k-" + secrets.token_hex(4)})

    def jwks(self):
        public = self.key.as_dict(is_private=False)
        public.update(use="sig", alg="RS256")
        return {"keys": [public]}

    def id_token(self, entry):
        cfg, now = self.config, int(time.time())
        claims = dict(cfg["user"])
        claims.update(iss=self.issuer, aud=cfg.get("audience") or self.client_id, iat=now, exp=now + 300,
                      nonce=entry["nonce"], auth_time=now)
        if cfg.get("expired"):
            claims.update(iat=now - 900, exp=now - 600)
        if cfg.get("replay_nonce") and entry.get("previous_nonce"):
            claims["nonce"] = entry["previous_nonce"]
        token = jwt.encode({"alg": "RS256", "kid": self.key.as_dict()["kid"]}, claims, self.key).decode()
        if cfg.get("tamper"):
            head, _, sig = token.split(".")
            claims["id_number"] = "038190009999"
            body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            token = f"{head}.{body}.{sig}"
        return token


class Handler(BaseHTTPRequestHandler):
    provider: Provider = None

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json", headers=()):
        data = body if isinstance(body, bytes) else (json.dumps(body) if content_type == "application/json" else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location):
        self.answer(302, b"", "text/plain", [("Location", location)])

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}

    def do_GET(self):
        p = self.provider
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            base = p.issuer
            return self.answer(200, {
                "issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
                "jwks_uri": base + "/jwks", "end_session_endpoint": base + "/logout", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"], "scopes_supported": ["openid", "profile", "phone"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]})
        if url.path == "/jwks":
            return self.answer(200, p.jwks())
        if url.path == "/_op/log":
            with p.lock:
                return self.answer(200, p.log)
        if url.path == "/authorize":
            return self.authorize(query)
        if url.path == "/authorize/approve":
            return self.approve(query.get("request", ""))
        if url.path == "/logout":
            target = query.get("post_logout_redirect_uri")
            with p.lock:
                p.log.append({"logout": query})
            if target:
                return self.redirect(target)
            return self.answer(200, "<!doctype html><title>VNeID</title><p id='signed-out'>Đã đăng xuất.</p>", "text/html")
        return self.answer(404, {"error": "not_found"})

    def authorize(self, q):
        p = self.provider
        problems = []
        if q.get("client_id") != p.client_id:
            problems.append("unknown client_id")
        if q.get("redirect_uri") != p.redirect_uri:
            problems.append("redirect_uri not registered")
        if q.get("response_type") != "code" or "openid" not in q.get("scope", "").split():
            problems.append("response_type code and scope openid required")
        if q.get("code_challenge_method") != "S256" or len(q.get("code_challenge", "")) < 43:
            problems.append("PKCE S256 required")
        if not q.get("state") or not q.get("nonce"):
            problems.append("state and nonce required")
        if problems:
            return self.answer(400, {"error": "invalid_request", "error_description": "; ".join(problems)})
        request_id = secrets.token_urlsafe(16)
        with p.lock:
            entry = dict(q, previous_nonce=p.last_nonce)
            p.last_nonce = q["nonce"]
            p.codes["req:" + request_id] = entry
            p.log.append({k: q.get(k) for k in ("client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge_method")})
            auto = p.config.get("auto_approve")
        if auto:
            return self.approve(request_id)
        user = p.config["user"]
        page = f"""<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>VNeID (thử nghiệm)</title><style>body{{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1.1rem;padding:.6rem 1.2rem}}</style>
<h1>VNeID — nhà cung cấp định danh thử nghiệm</h1>
<p>Cổng dịch vụ công <b>{html.escape(p.client_id)}</b> yêu cầu thông tin định danh của:</p>
<p id="op-user">{html.escape(user.get("name", ""))} · {html.escape(str(user.get("id_number", "")))}</p>
<form method="get" action="/authorize/approve"><input type="hidden" name="request" value="{request_id}">
<button id="approve" type="submit">Đồng ý chia sẻ và đăng nhập</button></form>"""
        return self.answer(200, page, "text/html")

    def approve(self, request_id):
        p = self.provider
        with p.lock:
            entry = p.codes.pop("req:" + request_id, None)
            if entry is None:
                return self.answer(400, {"error": "invalid_request"})
            code = secrets.token_urlsafe(24)
            p.codes[code] = dict(entry, issued=time.time())
        query = urllib.parse.urlencode({"code": code, "state": entry["state"]})
        return self.redirect(entry["redirect_uri"] + "?" + query)

    def do_POST(self):
        p = self.provider
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_op/config":
            length = int(self.headers.get("Content-Length") or 0)
            change = json.loads(self.rfile.read(length) or b"{}")
            with p.lock:
                if change.pop("rotate_key", False):
                    p.rotate()
                if "user" in change:
                    change["user"] = dict(TEST_USER, **change["user"])
                p.config.update(change)
                return self.answer(200, {k: v for k, v in p.config.items()})
        if url.path != "/token":
            return self.answer(404, {"error": "not_found"})
        form = self.form()
        client_id, secret = form.get("client_id"), form.get("client_secret")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            pair = base64.b64decode(auth[6:]).decode()
            client_id, _, secret = pair.partition(":")
            client_id, secret = urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret)
        if client_id != p.client_id or secret != p.client_secret:
            return self.answer(401, {"error": "invalid_client"})
        with p.lock:
            entry = p.codes.pop(form.get("code", ""), None)
        if (entry is None or form.get("grant_type") != "authorization_code" or time.time() - entry["issued"] > 60
                or form.get("redirect_uri") != entry["redirect_uri"]):
            return self.answer(400, {"error": "invalid_grant"})
        if create_s256_code_challenge(form.get("code_verifier", "")) != entry["code_challenge"]:
            return self.answer(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
        with p.lock:
            token = p.id_token(entry)
        return self.answer(200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 300,
                                 "id_token": token})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client-id", default=CLIENT_ID)
    parser.add_argument("--client-secret", default=CLIENT_SECRET)
    parser.add_argument("--redirect-uri", required=True)
    parser.add_argument("--exit-with-parent", action="store_true")
    args = parser.parse_args()
    provider = Provider(args.client_id, args.client_secret, args.redirect_uri)
    Handler.provider = provider
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    serve(server, args.exit_with_parent)


if __name__ == "__main__":
    sys.exit(main())
