#!/usr/bin/env python3
"""Two Motcua instances on one PostgreSQL database behind nginx: what a province's cluster needs.

Checks, each printed PASS or FAIL with its figures (the exit code is 1 when any fails):
  notifications  receipts and a transition of each through nginx (both instances serve them), then,
                 once the outbox has drained, every message delivered to the slow gateway exactly once
  catalogue      a procedure renamed by a catalogue import through instance 1 is served renamed by
                 instance 2 within 2 s
  throttle       failed logins of one client address, alternating between the instances, are refused
                 (429) once the address's allowance (4 x LOGIN_MAX_FAILURES) is used up
  files          a field report's photo uploaded through instance 1 is downloaded through instance 2
  tls            nginx's TLS server (deploy/nginx/motcua-tls.conf) passes X-Forwarded-Proto: the
                 session cookie set over HTTPS is Secure, and the one over plain HTTP is not
  failover       with instance 2 killed, reads and receipts through nginx all succeed (nginx passes a
                 refused connection to the other instance)

Run by scripts/test.sh on PostgreSQL; alone: python3 scripts/cluster/two_instances.py
(MOTCUA_TEST_POSTGRES_URL set, .build/debug/motcua built, nginx installed).
"""
import os
import re
import secrets
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
from harness import PROCEDURE, Cluster, arguments, call, login, multipart, say  # noqa: E402
from lib.files import jpeg  # noqa: E402

RECEIPTS = 10
WARD = "14797"


def receipt_body(i):
    return {"procedureCode": PROCEDURE, "channel": "counter",
            "applicant": {"fullName": f"Nguyễn Văn Cụm {i}", "idNumber": f"0380900{i:05d}", "phone": f"09123{i:05d}",
                          "email": f"cum{i}@example.vn", "address": "Số 5 Lê Lợi, phường Hạc Thành"}}


class Checks:
    def __init__(self, cluster):
        self.c = cluster
        self.results = []

    def record(self, name, ok, figures):
        self.results.append((name, ok))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {figures}", flush=True)

    def run(self, name, check):
        try:
            check()
        except Exception as e:  # a check that cannot finish is a failure, and the others still run
            self.record(name, False, f"{type(e).__name__}: {e}")

    # -- (a) -------------------------------------------------------------------------------------------------
    def notifications(self):
        c, edge = self.c, self.c.nginx.base
        token = login(edge, "tiepnhan.hacthanh")
        auth = {"Authorization": f"Bearer {token}"}
        stamp = secrets.token_hex(4)
        dossiers = []
        for i in range(RECEIPTS):
            a = call(edge, "POST", "/api/v1/dossiers", receipt_body(i), {**auth, "Idempotency-Key": f"cluster-{stamp}-{i}"})
            if a.status != 201:
                raise RuntimeError(f"receipt {i} answered {a.status}: {a.body[:300]!r}")
            d = a.json()["dossier"]
            dossiers.append((d["code"], d["version"]))
        moved = 0
        for code, version in dossiers:
            # A change the applicant is told of (internal steps such as forwarding send nothing).
            body = {"action": "requestSupplementAtReception", "expectedVersion": version, "note": "Bổ sung bản sao giấy tờ"}
            a = call(edge, "POST", f"/api/v1/dossiers/{code}/transitions", body, auth)
            if a.status != 200:
                raise RuntimeError(f"supplement request {code} answered {a.status}: {a.body[:300]!r}")
            moved += 1
        started = time.monotonic()
        expected = RECEIPTS * 2 * 2  # received and supplement requested, each by SMS and e-mail
        rows = pending = 0
        while time.monotonic() - started < 120:
            # Drained: every row sent (whatever states a claim may add on the way).
            rows, pending = (int(v) for v in c.db.run("SELECT COUNT(*), COUNT(*) FILTER (WHERE status <> 'sent') FROM outbox")[0])
            _, in_flight = c.gateway.snapshot()
            if rows >= expected and pending == 0 and in_flight == 0:
                break
            time.sleep(0.5)
        drained = time.monotonic() - started
        time.sleep(3)  # a second sender of a row already sent would show up now
        counts, _ = c.gateway.snapshot()
        served = c.nginx.upstream_counts("/api/v1/dossiers")  # read late: nginx logs a request after answering it
        ids = {f"motcua-{r[0]}" for r in c.db.run("SELECT id FROM outbox")}
        sent = int(c.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'sent'"))
        twice = sum(1 for k, n in counts.items() if k in ids and n > 1)
        missing = len(ids - set(counts))
        deliveries = sum(n for k, n in counts.items() if k in ids)
        ok = (rows == expected and sent == rows and missing == 0 and twice == 0 and deliveries == rows
              and len(served) >= 2 and all(n > 0 for n in served.values()))
        self.record("notifications", ok,
                    f"{RECEIPTS} receipts + {moved} transitions through nginx (served by {dict(served)}); outbox {rows} rows "
                    f"(expected {expected}), {sent} sent, drained in {drained:.1f} s; gateway {deliveries} deliveries: "
                    f"{len(ids) - missing - twice} once, {twice} more than once, {missing} never")

    # -- (b) -------------------------------------------------------------------------------------------------
    def catalogue(self):
        one, two = self.c.instances[0].base, self.c.instances[1].base
        auth = {"Authorization": f"Bearer {login(one, 'quantri')}"}
        before = call(two, "GET", f"/api/v1/procedures/{PROCEDURE}")  # instance 2 has it cached now
        if before.status != 200:
            raise RuntimeError(f"GET /api/v1/procedures/{PROCEDURE} on instance 2 answered {before.status}")
        exported = call(one, "GET", "/api/v1/catalogue/export?format=json", headers=auth)
        if exported.status != 200:
            raise RuntimeError(f"catalogue export answered {exported.status}: {exported.body[:300]!r}")
        catalogue = exported.json()
        procedure = next(p for p in catalogue["procedures"] if p["code"] == PROCEDURE)
        new_name = f"{procedure['name']} (cụm {secrets.token_hex(3)})"
        procedure["name"] = new_name
        imported = call(one, "POST", "/api/v1/catalogue/import?format=json",
                        {"fields": catalogue["fields"], "procedures": [procedure]}, auth)
        if imported.status != 200:
            raise RuntimeError(f"catalogue import answered {imported.status}: {imported.body[:300]!r}")
        changed = time.monotonic()
        seen = None
        while time.monotonic() - changed < 10:
            a = call(two, "GET", f"/api/v1/procedures/{PROCEDURE}")
            if a.status == 200 and a.json().get("name") == new_name:
                seen = time.monotonic() - changed
                break
            time.sleep(0.1)
        on_one = call(one, "GET", f"/api/v1/procedures/{PROCEDURE}").json().get("name") == new_name
        figures = (f"renamed through instance 1 (served renamed there: {on_one}); instance 2 served the new name "
                   + (f"after {seen:.2f} s" if seen is not None else "not within 10 s") + " (limit 2 s)")
        self.record("catalogue", on_one and seen is not None and seen <= 2, figures)

    # -- (c) -------------------------------------------------------------------------------------------------
    def throttle(self):
        # A client address of its own (believed from the trusted proxy 127.0.0.1), so that the
        # other checks' logins are not refused; a new username each time, so that only the
        # address's count applies (4 x LOGIN_MAX_FAILURES, 5 by default).
        address = f"198.51.100.{secrets.randbelow(250) + 1}"
        allowance = 4 * int(self.c.setting("LOGIN_MAX_FAILURES", "5"))
        statuses = []
        for n in range(allowance + 1):
            base = self.c.instances[n % 2].base
            a = call(base, "POST", "/api/v1/session", {"username": f"khongco.{uuid.uuid4().hex[:8]}", "password": "sai-mat-khau"},
                     {"X-Forwarded-For": address})
            statuses.append(a.status)
        refused_at = next((i + 1 for i, s in enumerate(statuses) if s == 429), None)
        ok = statuses[:allowance] == [401] * allowance and statuses[allowance] == 429
        self.record("throttle", ok,
                    f"{allowance + 1} failed logins from {address} alternating between the instances: first 429 at attempt "
                    f"{refused_at} (expected {allowance + 1}); answers {summarise(statuses)}")

    # -- (d) -------------------------------------------------------------------------------------------------
    def files(self):
        one, two = self.c.instances[0].base, self.c.instances[1].base
        form = call(one, "GET", "/phan-anh/gui")
        cookie = next((v.split(";")[0] for v in form.header("Set-Cookie") if v.startswith("motcua_csrf=")), None)
        key = re.search(rb'name="submissionKey" value="([^"]+)"', form.body)
        if form.status != 200 or not cookie or not key:
            raise RuntimeError(f"GET /phan-anh/gui answered {form.status} without a CSRF cookie or submission key")
        csrf = cookie.split("=", 1)[1]
        photo = jpeg(96, 64, lambda bx, by: 40 + 20 * ((bx + by) % 4))
        fields = {"submissionKey": key.group(1).decode(), "categoryCode": "ROADS", "unitCode": WARD,
                  "description": "Ổ gà lớn trên đường Lê Lợi trước cổng chợ, kiểm tra cụm hai máy chủ.",
                  "address": "Đường Lê Lợi", "latitude": "19.806600", "longitude": "105.785200", "phone": "0912000111"}
        body, content_type = multipart(fields, {"photo-1": ("o-ga.jpg", "image/jpeg", photo)})
        sent = call(one, "POST", f"/phan-anh/gui?csrf={csrf}", body, {"Content-Type": content_type, "Cookie": cookie})
        location = sent.header("Location")
        m = re.search(r"/phan-anh/(\d+)", location[0]) if location else None
        if sent.status not in (302, 303) or not m:
            raise RuntimeError(f"POST /phan-anh/gui on instance 1 answered {sent.status}: {sent.body[:300]!r}")
        report = m.group(1)
        page = call(one, "GET", f"/phan-anh/{report}")
        link = re.search(rf"/phan-anh/{report}/anh/\d+".encode(), page.body)
        if not link:
            raise RuntimeError(f"the page of report {report} on instance 1 links no photo")
        path = link.group(0).decode()
        here, there = call(one, "GET", path), call(two, "GET", path)
        ok = here.status == 200 and there.status == 200 and there.body == here.body and len(here.body) > 0
        self.record("files", ok,
                    f"report {report}'s photo ({len(photo)} bytes sent) through instance 1: {here.status}, {len(here.body)} bytes; "
                    f"through instance 2: {there.status}, {len(there.body)} bytes, same bytes: {there.body == here.body}")

    # -- (e) -------------------------------------------------------------------------------------------------
    def tls(self):
        nginx = self.c.nginx

        def session_cookie(base):
            a = call(base, "GET", "/officer/login")
            return a.status, next((v for v in a.header("Set-Cookie") if v.startswith("motcua_csrf=")), "")

        tls_status, tls_cookie = session_cookie(nginx.tls_base)
        plain_status, plain_cookie = session_cookie(nginx.base)
        secure_tls, secure_plain = "secure" in tls_cookie.lower(), "secure" in plain_cookie.lower()
        health = call(nginx.tls_base, "GET", "/healthz").status
        metrics = call(nginx.base, "GET", "/metrics").status
        ok = tls_status == 200 and plain_status == 200 and secure_tls and not secure_plain and health == 200 and metrics == 404
        self.record("tls", ok,
                    f"HTTPS /healthz {health}; CSRF cookie over HTTPS Secure: {secure_tls}, over HTTP: {secure_plain}; "
                    f"/metrics through nginx {metrics}")

    # -- (f) -------------------------------------------------------------------------------------------------
    def failover(self):
        nginx, down = self.c.nginx, self.c.instances[1]
        token = login(nginx.base, "tiepnhan.hacthanh")
        down.kill()
        try:
            reads = [call(nginx.base, "GET", f"/api/v1/procedures/{PROCEDURE}").status for _ in range(10)]
            receipts = [call(nginx.base, "POST", "/api/v1/dossiers", receipt_body(90 + n),
                             {"Authorization": f"Bearer {token}", "Idempotency-Key": f"failover-{secrets.token_hex(6)}"}).status
                        for n in range(4)]
        finally:
            down.start()
        ok = reads == [200] * 10 and receipts == [201] * 4
        self.record("failover", ok,
                    f"instance 2 killed: 10 reads through nginx answered {summarise(reads)}, 4 receipts {summarise(receipts)} "
                    f"(a refused connection goes to the other instance)")


def summarise(statuses):
    runs, out = [], []
    for s in statuses:
        if runs and runs[-1][0] == s:
            runs[-1][1] += 1
        else:
            runs.append([s, 1])
    for s, n in runs:
        out.append(f"{n} x {s}")
    return ", ".join(out)



def main():
    args = arguments(__doc__.splitlines()[0]).parse_args()
    started = time.monotonic()
    with Cluster(args) as cluster:
        checks = Checks(cluster)
        checks.run("notifications", checks.notifications)
        checks.run("catalogue", checks.catalogue)
        checks.run("throttle", checks.throttle)
        checks.run("files", checks.files)
        checks.run("tls", checks.tls)
        checks.run("failover", checks.failover)
    failed = [name for name, ok in checks.results if not ok]
    say(f"two instances: {len(checks.results) - len(failed)} of {len(checks.results)} checks passed in "
        f"{time.monotonic() - started:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
