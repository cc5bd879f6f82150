#!/usr/bin/env python3
"""The cluster benchmark of issue 17: what nginx costs, and what a second instance does, on PostgreSQL.

On one PostgreSQL server (a fresh schema, dropped at the end), two `motcua serve` instances of the
release build (scripts/cluster/harness.py) with 100,000 dossiers loaded (scripts/bench/load.py), and
two nginx processes configured from deploy/nginx: one whose upstream is instance 1 alone, one whose
upstream is both. In ONE run, with wrk (-t2 -c32 -d15s, the scripts of run.sh) on 127.0.0.1:
  bare rate     GET /healthz directly on instance 1, first and last (the ratios use the mean, as run.sh)
  tracking      GET /api/v1/tracking/<code>   (a) instance 1 directly, (b) nginx -> 1 instance,
  receipts      POST /api/v1/dossiers           (c) nginx -> 2 instances
Each is reported as requests/s and as a ratio to the bare rate. After each receipts run it checks that
the dossiers stored with that run's Idempotency-Keys are exactly the receipts the instances answered
201 (their own counters, summed), that wrk's completed receipts are within one in-flight request per
connection of that, and that every code in the table is distinct. Before each measurement the outbox
is left to drain, so that one run's notifications are not sent during the next.
The instances send notifications to the development mailbox (as run.sh's server), log at `warning`,
and have the request and lookup limits out of the way (all of wrk's requests come from one address;
the lookup counter is still hit, in the database, on every lookup, as in production).

Run (about 5 minutes after the build; not part of scripts/test.sh):
    swift build -c release --product motcua
    MOTCUA_TEST_POSTGRES_URL=postgres://... python3 scripts/bench/cluster.py
Needs wrk and nginx (apt-get install wrk nginx). The table (markdown) goes to stdout and to
artifacts/bench/cluster-<timestamp>.md, wrk's outputs and the logs to artifacts/bench/cluster-<timestamp>/.
Knobs for trying it out: --dossiers, --duration, --threads, --connections. Exits 0 when it measured
(even if a check failed: the table says so), non-zero when the benchmark could not run.
"""
import datetime as dt
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cluster"))
from harness import ROOT, Cluster, Nginx, arguments, call, login, psql_binary, say  # noqa: E402

RECEIPT_BODY = (
    '{"procedureCode":"2.000635","channel":"counter","applicant":{"fullName":"Nguyễn Văn An",'
    '"idNumber":"038090001234","phone":"0912345678","address":"Số 5 Lê Lợi, phường Hạc Thành"}}'
)
CONFIGS = [("direct", "(a) instance 1 directly"), ("nginx-1", "(b) nginx, 1 instance"), ("nginx-2", "(c) nginx, 2 instances")]


class OneInstance:
    """The cluster as an nginx sees it whose upstream is the first instance alone."""

    def __init__(self, cluster, logs):
        self.work = os.path.join(cluster.work, "one")
        os.makedirs(self.work)
        self.logs = logs
        os.makedirs(logs, exist_ok=True)
        self.instances = cluster.instances[:1]


class Wrk:
    """Runs wrk with the run's settings; keeps each output in the run's folder."""

    def __init__(self, args, folder):
        self.args = args
        self.folder = folder

    def run(self, name, url, script=None, env=None, duration=None):
        duration = duration or self.args.duration
        cmd = ["wrk", f"-t{self.args.threads}", f"-c{self.args.connections}", f"-d{duration}", "--latency"]
        if script:
            cmd += ["-s", os.path.join(HERE, script)]
        say(f"wrk {name}: {' '.join(cmd[1:])} {url}")
        done = subprocess.run(cmd + [url], env={**os.environ, **(env or {})}, capture_output=True, text=True)
        with open(os.path.join(self.folder, f"{name}.wrk"), "w", encoding="utf-8") as f:
            f.write(done.stdout + done.stderr)
        if done.returncode != 0:
            raise RuntimeError(f"wrk {name} failed ({done.returncode}): {done.stderr.strip()}")
        return parse_wrk(done.stdout)


def parse_wrk(text):
    """Requests/s, p99 (ms), requests, non-2xx/3xx answers and socket errors of one wrk output."""
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    req = re.search(r"(\d+) requests in", text)
    non = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    err = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p99": float(p99.group(1)) * units[p99.group(2)] if p99 else float("nan"),
            "requests": int(req.group(1)) if req else 0, "non2xx": int(non.group(1)) if non else 0,
            "errors": sum(int(x) for x in err.groups()) if err else 0}


def receipts_counted(cluster):
    """Receipts answered 201, by the instances' own counters (each instance's /metrics), summed."""
    want = 'motcua_http_requests_total{method="POST",route="/api/v1/dossiers",status="201"}'
    total = 0
    for i in cluster.instances:
        for line in call(i.base, "GET", "/metrics").body.decode().splitlines():
            name, _, value = line.rpartition(" ")
            if name == want:
                total += int(float(value))
    return total


def drain_outbox(cluster, seconds=90):
    """Waits until no notification is pending (bounded); returns how many still are."""
    deadline = time.monotonic() + seconds
    while True:
        pending = int(cluster.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))
        if pending == 0 or time.monotonic() > deadline:
            return pending
        time.sleep(1)


def served_by(nginx, prefix, before):
    """Requests under `prefix` per upstream since `before` (a previous count), as 'port: n' pairs."""
    now = nginx.upstream_counts(prefix)
    return ", ".join(f"{addr.rpartition(':')[2]}: {n - before.get(addr, 0)}" for addr, n in sorted(now.items())) or "none"


def conditions(cluster, args):
    """The machine, PostgreSQL and wrk settings of the run, as lines."""
    settings = dict(cluster.db.run(
        "SELECT name, setting || COALESCE(unit, '') FROM pg_settings WHERE name IN ('max_connections', 'shared_buffers', "
        "'synchronous_commit', 'fsync', 'work_mem', 'effective_cache_size', 'wal_level', 'max_wal_size')"))
    version = cluster.scalar("SHOW server_version")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    return [
        f"machine: {os.cpu_count()} cores ({cpu}), load average {load} at start; shared with other work; "
        "wrk, nginx, both instances and PostgreSQL on it",
        f"PostgreSQL {version} on 127.0.0.1 (the same server for every configuration): "
        + ", ".join(f"{k} {v}" for k, v in sorted(settings.items())),
        f"instances: {args.build} build, MOTCUA_ENV=development, BCRYPT_COST=4, LOG_LEVEL=warning, DATABASE_POOL_SIZE=4, "
        "notifications to the development mailbox, RATE_LIMIT_REQUESTS_PER_MINUTE=0, lookups limit out of reach",
        "nginx: deploy/nginx (upstream, proxy snippet, loopback server), worker_processes 2, access log on",
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration} --latency; {args.dossiers} dossiers loaded",
    ]


def load_dossiers(cluster, args, codes):
    u = urllib.parse.urlsplit(cluster.db.url)
    env = {**os.environ, "PGPASSWORD": urllib.parse.unquote(u.password or "")}
    out = subprocess.run([sys.executable, os.path.join(HERE, "load.py"), "--backend", "postgres", "--psql", psql_binary(),
                          "--pg-host", u.hostname or "127.0.0.1", "--pg-port", str(u.port or 5432),
                          "--pg-user", urllib.parse.unquote(u.username or "motcua"), "--pg-db", u.path.lstrip("/"),
                          "--pg-schema", cluster.db.schema, "--count", str(args.dossiers), "--codes-out", codes],
                         env=env, check=True, capture_output=True, text=True).stdout.strip()
    return out


def private_binary(binary, folder):
    """A copy of the release binary with its resource bundles, under a name of its own (see run.sh)."""
    os.makedirs(folder)
    copy = os.path.join(folder, "bench-server")
    shutil.copy2(binary, copy)
    for bundle in glob.glob(os.path.join(os.path.dirname(binary), "*.resources")):
        shutil.copytree(bundle, os.path.join(folder, os.path.basename(bundle)))
    return copy


def measure(cluster, args, out):
    """The whole measurement; returns the conditions' lines and the table's."""
    stamp = out["stamp"]
    wrk = Wrk(args, out["folder"])
    nginx2 = cluster.nginx
    nginx1 = Nginx(OneInstance(cluster, os.path.join(out["folder"], "nginx-one")))
    nginx1.start()
    try:
        bases = {"direct": cluster.instances[0].base, "nginx-1": nginx1.base, "nginx-2": nginx2.base}
        codes = os.path.join(out["folder"], "codes.txt")
        say(f"loading {args.dossiers} dossiers (scripts/bench/load.py)")
        loaded = load_dossiers(cluster, args, codes)
        say(loaded)
        lines = conditions(cluster, args) + [f"load: {loaded}"]
        with open(codes, encoding="utf-8") as f:
            sample = f.readline().strip()
        for name, base in bases.items():
            a = call(base, "GET", f"/api/v1/tracking/{sample}")
            if a.status != 200:
                raise RuntimeError(f"tracking {sample} via {name} answered {a.status}: {a.body[:300]!r}")
        token = login(nginx2.base, "tiepnhan.hacthanh")
        say("warm-up: 3 s of tracking through nginx with both instances (not counted)")
        wrk.run("warm-up", nginx2.base + "/api/v1/tracking/", "tracking.lua", {"BENCH_CODES": codes}, duration="3s")

        results = {}
        drain_outbox(cluster)
        results["bare1"] = wrk.run("bare-1", bases["direct"] + "/healthz")
        for name, _ in CONFIGS:
            before = nginx2.upstream_counts("/api/v1/tracking/")
            r = wrk.run(f"tracking-{name}", bases[name] + "/api/v1/tracking/", "tracking.lua", {"BENCH_CODES": codes})
            if name == "nginx-2":
                r["split"] = served_by(nginx2, "/api/v1/tracking/", before)
            results[f"trk-{name}"] = r
        for name, _ in CONFIGS:
            left = drain_outbox(cluster)
            nonce = f"bench-{stamp}-{name}"
            before_db = int(cluster.scalar("SELECT COUNT(*) FROM dossiers"))
            before_ok = receipts_counted(cluster)
            before_split = nginx2.upstream_counts("/api/v1/dossiers")
            r = wrk.run(f"receipts-{name}", bases[name] + "/api/v1/dossiers", "receipts.lua",
                        {"BENCH_TOKEN": token, "BENCH_NONCE": nonce, "BENCH_BODY": out["body"]})
            time.sleep(2)  # requests in flight when wrk stopped finish on the server
            r["outbox_left"] = left
            r["server_ok"] = receipts_counted(cluster) - before_ok
            r["wrk_ok"] = r["requests"] - r["non2xx"]
            r["new"] = int(cluster.scalar("SELECT COUNT(*) FROM dossiers")) - before_db
            keyed, distinct = (int(v) for v in cluster.db.run(
                f"SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers WHERE idempotency_key LIKE 'officer:%:{nonce}-%'")[0])
            r["keyed"], r["keyed_distinct"] = keyed, distinct
            if name == "nginx-2":
                r["split"] = served_by(nginx2, "/api/v1/dossiers", before_split)
            results[f"rcp-{name}"] = r
        results["bare2"] = wrk.run("bare-2", bases["direct"] + "/healthz")
        total, distinct = (int(v) for v in cluster.db.run("SELECT COUNT(*), COUNT(DISTINCT code) FROM dossiers")[0])
    finally:
        nginx1.stop()
    return lines, table(results, args, total, distinct)


def check_receipts(r, connections):
    """Problems with one receipts run's count (an empty list when stored == acknowledged)."""
    why = []
    if r["new"] != r["keyed"]:
        why.append("dossiers stored without this run's keys")
    if r["keyed"] != r["server_ok"]:
        why.append("stored != answered 201")
    if r["keyed"] != r["keyed_distinct"]:
        why.append("duplicate codes")
    if r["non2xx"] or r["errors"]:
        why.append("non-2xx answers or socket errors")
    if not r["wrk_ok"] <= r["server_ok"] <= r["wrk_ok"] + connections:
        why.append("wrk and the instances disagree")
    return why


def table(results, args, total, distinct):
    bare = (results["bare1"]["rps"] + results["bare2"]["rps"]) / 2
    rows = [
        "| configuration | tracking req/s | × bare | p99 ms | receipts req/s | × bare | p99 ms | receipts stored / answered 201 (wrk) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    ok = True
    notes = []
    for name, label in CONFIGS:
        t, r = results[f"trk-{name}"], results[f"rcp-{name}"]
        why = check_receipts(r, args.connections)
        ok = ok and not why and t["non2xx"] == 0 and t["errors"] == 0
        count = f"{r['keyed']} / {r['server_ok']} ({r['wrk_ok']}) {'OK' if not why else 'FAILED: ' + '; '.join(why)}"
        rows.append(f"| {label} | {t['rps']:.0f} | {t['rps'] / bare:.2f} | {t['p99']:.1f} | {r['rps']:.0f} | {r['rps'] / bare:.2f} "
                    f"| {r['p99']:.1f} | {count} |")
        if t["non2xx"] or t["errors"]:
            notes.append(f"tracking {name}: {t['non2xx']} non-2xx answers, {t['errors']} socket errors")
        if r.get("outbox_left"):
            notes.append(f"receipts {name}: {r['outbox_left']} notifications still pending when it started")
        if "split" in t:
            notes.append(f"(c) requests per instance port: tracking {t['split']}; receipts {r['split']}")
    rows.append(f"| bare: GET /healthz on instance 1 | {bare:.0f} | 1.00 | | | | | "
                f"first {results['bare1']['rps']:.0f}, last {results['bare2']['rps']:.0f} (p99 {results['bare1']['p99']:.1f} / "
                f"{results['bare2']['p99']:.1f} ms) |")
    if total != distinct:
        ok = False
        notes.append(f"whole table: {total} dossiers but {distinct} distinct codes")
    notes.append(f"whole table at the end: {total} dossiers, {distinct} distinct codes")
    notes.append("RESULT: " + ("every receipt acknowledged was stored once, no errors." if ok else "a check FAILED (see above)."))
    return rows + [""] + [f"- {note}" for note in notes]


def main():
    p = arguments(__doc__.splitlines()[0])
    p.set_defaults(binary=os.path.join(ROOT, ".build", "release", "motcua"), gateway_ms=0)
    p.add_argument("--dossiers", type=int, default=100_000)
    p.add_argument("--duration", default="15s")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    args = p.parse_args()
    args.instances = 2
    args.build = "release" if os.path.basename(os.path.dirname(os.path.abspath(args.binary))) == "release" else "debug (a trial)"
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (apt-get install {tool})")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary} is not built (swift build -c release --product motcua)")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = os.path.join(ROOT, "artifacts", "bench", f"cluster-{stamp}")
    os.makedirs(folder)
    args.logs = os.path.join(folder, "logs")
    args.env = [
        "LOG_LEVEL=warning", "NOTIFY_SMS_WEBHOOK_URL=", "NOTIFY_EMAIL_WEBHOOK_URL=", "RATE_LIMIT_REQUESTS_PER_MINUTE=0",
        "RATE_LIMIT_LOOKUPS_PER_HOUR=1000000000",
    ] + args.env
    private = tempfile.mkdtemp(prefix="mcbench-cluster.", dir="/tmp")
    try:
        args.binary = private_binary(args.binary, os.path.join(private, "bin"))
        body = os.path.join(private, "receipt.json")
        with open(body, "w", encoding="utf-8") as f:
            f.write(RECEIPT_BODY)
        with Cluster(args) as cluster:
            lines, rows = measure(cluster, args, {"stamp": stamp, "folder": folder, "body": body})
    finally:
        shutil.rmtree(private, ignore_errors=True)
    text = "\n".join([f"## Cluster benchmark {stamp}", ""] + [f"- {line}" for line in lines] + [""] + rows) + "\n"
    report = os.path.join(ROOT, "artifacts", "bench", f"cluster-{stamp}.md")
    with open(report, "w", encoding="utf-8") as f:
        f.write(text)
    print("\n" + text, end="")
    print(f"results written to {os.path.relpath(report, ROOT)} (wrk outputs and logs in {os.path.relpath(folder, ROOT)}/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
