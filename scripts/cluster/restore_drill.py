#!/usr/bin/env python3
"""Restore drill: a PostgreSQL backup taken under load, restored into a fresh database, and checked.

The cluster of harness.py takes counter receipts (`POST /api/v1/dossiers`, each with its own
`Idempotency-Key`, retried under the same key until acknowledged), field reports with a photo
(the public web form; the photos are stored in the database as blobs, some larger than one chunk)
and officers' logins (each an audit line, from both instances) through nginx, continuously. While
the load runs, `pg_dump -Fc -n <schema>` (the small-site method of docs/backup.md) backs the schema
up; the dump is restored with `pg_restore` into a fresh database (same schema name). On the
restored copy, each printed PASS or FAIL with its figures:
  receipts  every receipt acknowledged before the backup started is there (by code), none twice
  reports   every field report acknowledged before the backup started is there, with its photo
  audit     `motcua audit verify` against the copy (DATABASE_URL/DATABASE_SCHEMA of the copy) prints OK
  blobs     every blob's chunks, concatenated in order, hash to its SHA-256 name, with its size; every
            document's and result's hash names a blob of the copy
With --physical, the same checks on a physical copy too: `pg_basebackup` of the server (its role needs
REPLICATION; skipped with a message otherwise), started as a second postgres on another port.
Then the logical copy is broken (a receipt renamed, a chunk byte changed, an audit line forged) and
the receipts, blobs and audit checks must each fail on it. Everything created (processes, schemas,
databases, temporary files) is removed, also on failure.
Exit code 1 on any FAIL.

  python3 scripts/cluster/restore_drill.py --physical      # as scripts/test.sh runs it
"""
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Cluster, PacedLoad, arguments, call, login, multipart, post_receipt, psql_binary, say  # noqa: E402
from physical import PhysicalCopy, tool as pg_tool  # noqa: E402

WARD = "14797"
CHUNK = 256 << 10  # DatabaseBlobStore.defaultChunkSize


def with_database(url, name):
    """`url` with its database replaced by `name`."""
    u = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))


def psql(url, sql, schema=None):
    env = dict(os.environ)
    if schema:
        env["PGOPTIONS"] = f"-c search_path={schema}"
    out = subprocess.run([psql_binary(), "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         env=env, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def png(width, height, seed):
    """An RGB PNG of noise (incompressible, so its size is about 3 x width x height bytes)."""
    noise = bytearray(os.urandom(3 * width * height))
    noise[:8] = seed.to_bytes(8, "big")
    raw = b"".join(b"\x00" + bytes(noise[y * 3 * width:(y + 1) * 3 * width]) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")



class Load(PacedLoad):
    """Receipt threads at a shared pace and one field-report thread; every acknowledgement with its time."""

    def __init__(self, base, token, rate, threads, stamp):
        super().__init__(rate, threads)
        self.base, self.token, self.stamp = base, token, stamp
        self.receipts = {}  # code -> (idempotency key, monotonic time of the acknowledgement)
        self.reports = {}  # report id -> (photo bytes, monotonic time of the acknowledgement)
        self.logins = []  # monotonic times of the acknowledged logins (each one audit line)
        self.failures = []
        self.threads.append(threading.Thread(target=self.report_loop, daemon=True))
        self.threads += [threading.Thread(target=self.login_loop, daemon=True) for _ in range(2)]

    def paced_send(self, t, n):
        self.receipt(f"drill-{self.stamp}-{t}-{n}", n)

    def receipt(self, key, n):
        applicant = {"fullName": f"Lê Văn Sao Lưu {n}", "idNumber": "038090007777", "phone": f"0914{n % 1000000:06d}",
                     "address": "Số 9 Lê Lợi, phường Hạc Thành"}

        def retried():
            with self.lock:
                self.retries += 1

        code, status = post_receipt(self.base, self.token, key, applicant, on_retry=retried)
        with self.lock:
            if code:
                self.receipts[code] = (key, time.monotonic())
            else:
                self.failures.append(f"receipt {key}: {status}")

    def report_loop(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                self.report(n)
            except Exception as e:  # counted; the checks fail on it
                with self.lock:
                    self.failures.append(f"report {n}: {type(e).__name__}: {e}")
            self.stop.wait(1.0)

    def report(self, n):
        form = call(self.base, "GET", "/phan-anh/gui")
        cookie = next((v.split(";")[0] for v in form.header("Set-Cookie") if v.startswith("motcua_csrf=")), None)
        key = form.body.split(b'name="submissionKey" value="', 1)
        if form.status != 200 or not cookie or len(key) < 2:
            raise RuntimeError(f"GET /phan-anh/gui answered {form.status} without a CSRF cookie or submission key")
        # Every third photo larger than a chunk, so that the chunks' order matters.
        photo = png(320, CHUNK // 960 + 20, n) if n % 3 == 1 else png(48, 40, n)
        fields = {"submissionKey": key[1].split(b'"', 1)[0].decode(), "categoryCode": "ROADS", "unitCode": WARD,
                  "description": f"Ổ gà trên đường Lê Lợi, diễn tập khôi phục bản sao lưu số {n}.",
                  "address": "Đường Lê Lợi", "latitude": f"{19.80 + n * 0.001:.6f}", "longitude": "105.785200",
                  "phone": f"0915{n % 1000000:06d}"}
        body, content_type = multipart(fields, {"photo-1": (f"o-ga-{n}.png", "image/png", photo)})
        sent = call(self.base, "POST", f"/phan-anh/gui?csrf={cookie.split('=', 1)[1]}", body,
                    {"Content-Type": content_type, "Cookie": cookie}, timeout=30)
        m = re.search(r"/phan-anh/(\d+)", (sent.header("Location") or [""])[0])
        if sent.status not in (302, 303) or not m:
            raise RuntimeError(f"POST /phan-anh/gui answered {sent.status}: {sent.body[:200]!r}")
        with self.lock:
            self.reports[int(m.group(1))] = (len(photo), time.monotonic())

    def login_loop(self):
        # Audited writes from both instances at once: every login appends a line to the audit chain.
        while not self.stop.is_set():
            try:
                login(self.base, "tiepnhan.hacthanh")
                with self.lock:
                    self.logins.append(time.monotonic())
            except Exception as e:  # counted; the checks fail on it
                with self.lock:
                    self.failures.append(f"login: {type(e).__name__}: {e}")
            self.stop.wait(0.2)


class Copy:
    """A restored copy of the schema: where it is, and how to query it."""

    def __init__(self, name, url, schema, started):
        self.name, self.url, self.schema = name, url, schema
        self.started = started  # when its backup started (monotonic)

    def rows(self, sql):
        return psql(self.url, sql, self.schema)


class Checks:
    def __init__(self, binary, load):
        self.binary, self.load = binary, load
        self.results = []

    def record(self, name, ok, figures):
        self.results.append((name, ok))
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {figures}", flush=True)

    def run(self, copy):
        for name, check in (("receipts", self.receipts), ("reports", self.reports), ("audit", self.audit), ("blobs", self.blobs)):
            try:
                ok, figures = check(copy)
            except Exception as e:  # a check that cannot finish is a failure, and the others still run
                ok, figures = False, f"{type(e).__name__}: {e}"
            self.record(f"{copy.name} {name}", ok, figures)

    def skipped(self, name, why):
        print(f"SKIP  {name}: {why}", flush=True)

    def tampered(self, copy):
        """The checks are not vacuous: the copy with an acknowledged receipt renamed, a byte of a chunk
        changed and a forged audit line appended must fail receipts, blobs and audit."""
        code = min(c for c, (_, at) in self.load.receipts.items() if at < copy.started)
        copy.rows(f"UPDATE dossiers SET code = code || '-X' WHERE code = '{code}'")
        copy.rows("UPDATE blob_chunks SET data = set_byte(data, 0, (get_byte(data, 0) + 1) % 256) "
                  "WHERE (sha256, seq) = (SELECT sha256, seq FROM blob_chunks ORDER BY sha256, seq LIMIT 1)")
        copy.rows("INSERT INTO audit_log (at, actor, action, seq, occurrences, prev_hash, hash) "
                  "SELECT MAX(at), 'drill', 'forged', MAX(seq) + 1, 1, 'forged', 'forged' FROM audit_log")
        outcomes = {}
        for name, check in (("receipts", self.receipts), ("blobs", self.blobs), ("audit", self.audit)):
            try:
                outcomes[name] = "PASS" if check(copy)[0] else "FAIL"
            except Exception as e:
                outcomes[name] = f"error {type(e).__name__}"
        self.record(f"{copy.name} tampered", all(v == "FAIL" for v in outcomes.values()),
                    f"receipt {code} renamed, one chunk byte changed, a forged audit line appended: "
                    + ", ".join(f"{k} {v}" for k, v in outcomes.items()) + " (each must FAIL)")

    def receipts(self, copy):
        stamp = self.load.stamp
        rows = copy.rows(f"SELECT code, idempotency_key FROM dossiers WHERE idempotency_key LIKE '%:drill-{stamp}-%'")
        codes = [r[0] for r in rows]
        keys = [r[1].split(":", 2)[-1] for r in rows]
        before = {c for c, (_, at) in self.load.receipts.items() if at < copy.started}
        after = {c for c, (_, at) in self.load.receipts.items() if at >= copy.started}
        missing = sorted(before - set(codes))
        twice = len(codes) - len(set(codes)) + len(keys) - len(set(keys))
        also = len(after & set(codes))
        return (not missing and twice == 0 and len(before) > 0,
                f"{len(before)} acknowledged before the backup started, {len(before) - len(missing)} in the copy, {len(missing)} missing"
                + (f" ({', '.join(missing[:5])})" if missing else "") + f", {twice} duplicated; of the {len(after)} acknowledged "
                f"after it started, {also} in the copy (its point in time)")

    def reports(self, copy):
        before = {r for r, (_, at) in self.load.reports.items() if at < copy.started}
        if not before:
            return False, "no field report was acknowledged before the backup started"
        ids = ",".join(str(r) for r in sorted(before))
        rows = copy.rows(f"SELECT r.id, COUNT(p.document_id) FROM field_reports r LEFT JOIN report_photos p ON p.report_id = r.id "
                         f"WHERE r.id IN ({ids}) GROUP BY r.id")
        present = {int(r[0]): int(r[1]) for r in rows}
        missing = sorted(before - set(present))
        without = sorted(r for r, n in present.items() if n == 0)
        return (not missing and not without,
                f"{len(before)} acknowledged before the backup started, {len(present)} in the copy, {len(missing)} missing, "
                f"{len(without)} without their photo")

    def audit(self, copy):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MOTCUA_", "NOTIFY_", "DEMO_"))}
        env.update({"MOTCUA_ENV": "development", "DATABASE_URL": copy.url, "DATABASE_SCHEMA": copy.schema,
                    "DATA_DIR": tempfile.mkdtemp(prefix="motcua-drill-verify.", dir="/tmp")})
        try:
            started = time.monotonic()
            r = subprocess.run([self.binary, "audit", "verify"], env=env, capture_output=True, text=True, timeout=300)
            took = time.monotonic() - started
        finally:
            shutil.rmtree(env["DATA_DIR"], ignore_errors=True)
        out = (r.stdout.strip().splitlines() or [r.stderr.strip()[-300:]])[-1]
        m = re.match(r"OK: (\d+) lines", out)
        logins = sum(1 for at in self.load.logins if at < copy.started)
        return (r.returncode == 0 and m is not None and int(m.group(1)) > logins,
                f"motcua audit verify on the copy: exit {r.returncode}, '{out}' in {took:.1f} s; "
                f"{logins} audited logins acknowledged before the backup started")

    def blobs(self, copy):
        rows = copy.rows(
            "SELECT b.sha256, b.size, COUNT(c.seq), COALESCE(MAX(c.seq), -1), COALESCE(SUM(length(c.data)), 0), "
            "encode(sha256(COALESCE(string_agg(c.data, ''::bytea ORDER BY c.seq), ''::bytea)), 'hex') "
            "FROM blobs b LEFT JOIN blob_chunks c ON c.sha256 = b.sha256 GROUP BY b.sha256, b.size")
        bad = [r[0] for r in rows if r[5] != r[0] or int(r[1]) != int(r[4]) or int(r[2]) != int(r[3]) + 1]
        chunks = sum(int(r[2]) for r in rows)
        several = sum(1 for r in rows if int(r[2]) > 1)
        size = sum(int(r[1]) for r in rows)
        unnamed = copy.rows("SELECT COUNT(*) FROM (SELECT sha256 FROM documents UNION SELECT sha256 FROM results) d "
                            "WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = d.sha256)")[0][0]
        return (rows and not bad and int(unnamed) == 0 and several > 0,
                f"{len(rows)} blobs ({size} bytes, {chunks} chunks; {several} of more than one chunk): {len(rows) - len(bad)} hash to "
                f"their name, {len(bad)} do not" + (f" ({', '.join(b[:12] for b in bad[:3])})" if bad else "")
                + f"; documents or results naming no blob: {unnamed}")


def dump(cluster, work):
    """pg_dump -Fc of the schema, now (the small-site method); returns the file."""
    path = os.path.join(work, "motcua.dump")
    started = time.monotonic()
    subprocess.run([pg_tool("pg_dump"), "-Fc", "-n", cluster.db.schema, "-d", cluster.db.url, "-f", path],
                   check=True, capture_output=True, text=True)
    say(f"pg_dump -Fc -n {cluster.db.schema}: {os.path.getsize(path)} bytes in {time.monotonic() - started:.1f} s")
    return path


def restore(url, path, schema, started):
    """pg_restore of the dump `path` into the fresh (empty) database of `url`."""
    began = time.monotonic()
    r = subprocess.run([pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "-d", url, path], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"pg_restore exited {r.returncode}: {r.stderr[-500:]}")
    say(f"pg_restore into the fresh database {urllib.parse.urlsplit(url).path[1:]}: {time.monotonic() - began:.1f} s")
    return Copy("logical", url, schema, started)


def main():
    p = arguments(__doc__.splitlines()[0])
    p.add_argument("--warm-up", type=float, default=8, help="seconds of load before the backup starts")
    p.add_argument("--rate", type=float, default=4, help="receipts a second")
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--physical", action="store_true", help="also a pg_basebackup, started as a second postgres")
    args = p.parse_args()
    # Every report comes from the proxy's address 127.0.0.1: its photo allowance is lifted.
    args.env = ["REPORT_PHOTOS_PER_HOUR=100000", "REPORT_PHOTOS_PER_DAY=100000"] + args.env
    stamp = secrets.token_hex(4)
    restored = f"motcua_drill_{stamp}"
    work = tempfile.mkdtemp(prefix="motcua-drill.", dir="/tmp")
    os.chmod(work, 0o755)  # the postgres user writes the physical copy in it
    created = False
    physical = PhysicalCopy(args.database_url, work, psql) if args.physical else None
    started = time.monotonic()
    try:
        with Cluster(args) as c:
            edge = c.nginx.base
            load = Load(edge, login(edge, "tiepnhan.hacthanh"), args.rate, args.threads, stamp)
            say(f"receipts at {args.rate:g}/s, a field report with a photo every second and logins through nginx; "
                f"the backup after {args.warm_up:g} s")
            load.start()
            try:
                time.sleep(args.warm_up)
                dump_started = time.monotonic()
                path = dump(c, work)
                base_started = time.monotonic()
                if physical:
                    physical.take()
                time.sleep(2)  # acknowledgements after the snapshot, which the copy may lack
            finally:
                load.join()
            say(f"load: {len(load.receipts)} receipts, {len(load.reports)} field reports and {len(load.logins)} logins "
                f"acknowledged, {load.retries} retries, {len(load.failures)} failures"
                + (f" ({'; '.join(load.failures[:3])})" if load.failures else ""))
            checks = Checks(args.binary, load)
            checks.record("load", not load.failures, f"{len(load.failures)} requests never acknowledged")
            psql(c.db.url, f"CREATE DATABASE {restored}")
            created = True
            copy = restore(with_database(c.db.url, restored), path, c.db.schema, dump_started)
            checks.run(copy)
            if physical:
                try:
                    if physical.start():
                        checks.run(Copy("physical", physical.copy_url(), c.db.schema, base_started))
                    else:
                        checks.skipped("physical", physical.skipped)
                except RuntimeError as e:
                    checks.record("physical", False, str(e))
            checks.tampered(copy)
    finally:
        if physical:
            physical.close()
        if created:
            try:
                psql(args.database_url, f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
            except subprocess.CalledProcessError as e:
                print(f"dropping database {restored}: {e.stderr}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, ok in checks.results if not ok]
    say(f"restore drill: {len(checks.results) - len(failed)} of {len(checks.results)} checks passed in "
        f"{time.monotonic() - started:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
