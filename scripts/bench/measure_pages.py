#!/usr/bin/env python3
"""Measures the operations centre's pages and API at one database size: sequential requests over
one keep-alive connection (the server's time, without client concurrency), after a warm-up.

Usage: measure_pages.py --base http://127.0.0.1:PORT --requests 200 --label "sqlite 1000000" --json OUT.json [--extra JSON]
                        [--server-pid PID]

Logs in as the demo administrator (bearer token, accepted by pages and API alike), picks the
busiest commune from the dashboard, and times each endpoint `--requests` times after 20 warm-up
requests; prints p50, p95, p99 and max in milliseconds and writes them as JSON (with the fields of
--extra, which the orchestrator uses for the run's sizes and times). Any answer but 200 (a redirect
to the login page included) stops the measurement. With --server-pid, the CPU used by everything
but the server (with any PostgreSQL process) and this client is sampled while each endpoint is timed; above 0.1 core the
endpoint is timed again once the machine is idle (up to 5 times), and the share is recorded.
Standard library only.
"""
import argparse
import http.client
import json
import os
import sys
import time
import urllib.parse


# An endpoint is measured again (after the machine has been idle) when processes other than the
# server, its PostgreSQL and this client used more than FOREIGN_LIMIT cores on average while it was timed.
FOREIGN_LIMIT, MAX_ATTEMPTS = 0.10, 5
TICK = os.sysconf("SC_CLK_TCK")


def cpu_sample(server_pid):
    """(wall seconds, busy jiffies of the machine, jiffies of the server, CPU seconds of this process)."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    busy = sum(fields) - fields[3] - fields[4]
    server = 0
    if server_pid is not None:
        stat = open(f"/proc/{server_pid}/stat").read().rsplit(")", 1)[1].split()
        server = int(stat[11]) + int(stat[12]) + database_jiffies()
    own = os.times()
    return time.monotonic(), busy, server, own.user + own.system


def database_jiffies():
    """CPU of the PostgreSQL processes, which work for the server (their queries are its requests)."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            head, tail = open(f"/proc/{pid}/stat").read().rsplit(")", 1)
        except OSError:
            continue
        if head.split("(", 1)[1] == "postgres":
            fields = tail.split()
            total += int(fields[11]) + int(fields[12])
    return total


def foreign_cores(before, after):
    """Cores used on average by everything but the server and this client between two samples."""
    wall = max(after[0] - before[0], 1e-6)
    other = (after[1] - before[1]) / TICK - (after[2] - before[2]) / TICK - (after[3] - before[3])
    return max(other, 0.0) / wall


def wait_idle():
    """Waits until the whole machine has been under 10 % of a core busy for 5 s in a row (at most
    BENCH_IDLE_WAIT seconds, as operations.sh)."""
    quiet, deadline = 0, time.time() + float(os.environ.get("BENCH_IDLE_WAIT", "3600"))
    _, busy, _, _ = cpu_sample(None)
    while quiet < 5 and time.time() < deadline:
        time.sleep(1)
        _, now, _, _ = cpu_sample(None)
        quiet = quiet + 1 if (now - busy) / TICK < 0.10 else 0
        busy = now


class Client:
    """A keep-alive connection to a server, logged in as the demo administrator (a bearer token,
    accepted by pages and API alike). Any answer but the expected one stops the measurement."""

    def __init__(self, base):
        url = urllib.parse.urlparse(base)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        self.token = None
        self.token = json.loads(self.call("POST", "/api/v1/session", {"username": "quantri", "password": "motcua2026"}, expect=201))["token"]

    def call(self, method, path, body=None, expect=200):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status != expect:
            sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
        return data


def busiest_units(year):
    """The commune and the agency that received the most dossiers in the year's dashboard ("" if none)."""
    pick = lambda units: max(units, key=lambda u: u["flows"].get("received", 0))["key"] if units else ""
    return pick(year["communes"]), pick(year["agencies"])


def measured_endpoints(busiest, busiest_agency):
    """(name, path) of every endpoint measured, the unit pages for the busiest commune and agency."""
    return [
        ("dashboard API, month", "/api/v1/statistics/dashboard?period=2026-11"),
        ("dashboard API, year", "/api/v1/statistics/dashboard?period=2026"),
        ("dashboard page, month", "/officer/dieu-hanh?period=2026-11"),
        ("dashboard page, commune", f"/officer/dieu-hanh?period=2026-11&scope=commune&unit={busiest}"),
        ("dashboard page, agency", f"/officer/dieu-hanh?period=2026-11&scope=agency&unit={urllib.parse.quote(busiest_agency)}"),
        ("index API, month", "/api/v1/statistics/service-index?period=2026-10"),
        ("index page, month (with rankings)", "/officer/dieu-hanh/chi-so-766?period=2026-10"),
        ("index page, commune", f"/officer/dieu-hanh/chi-so-766?period=2026-10&scope=commune&unit={busiest}"),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--label", default="")
    ap.add_argument("--json")
    ap.add_argument("--extra", default="{}")
    ap.add_argument("--server-pid", type=int, help="the server's pid: endpoints measured while other work used the machine are measured again")
    a = ap.parse_args()
    client = Client(a.base)
    year = json.loads(client.call("GET", "/api/v1/statistics/dashboard?period=2026"))
    busiest, busiest_agency = busiest_units(year)
    endpoints = measured_endpoints(busiest, busiest_agency)
    results = {}
    for name, path in endpoints:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            for _ in range(20):
                client.call("GET", path)
            before = cpu_sample(a.server_pid)
            times = []
            for _ in range(a.requests):
                start = time.perf_counter()
                client.call("GET", path)
                times.append((time.perf_counter() - start) * 1000)
            foreign = foreign_cores(before, cpu_sample(a.server_pid))
            if a.server_pid is None or foreign <= FOREIGN_LIMIT or attempt == MAX_ATTEMPTS:
                break
            print(f"{a.label:>18}  {name:<36} other work used {foreign:.2f} cores while measuring: waiting for an idle machine, "
                  f"then again ({attempt}/{MAX_ATTEMPTS})", flush=True)
            wait_idle()
        times.sort()
        pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        results[name] = {"p50": round(pick(0.50), 2), "p95": round(pick(0.95), 2), "p99": round(pick(0.99), 2),
                         "max": round(times[-1], 2), "path": path, "foreignCores": round(foreign, 3), "attempts": attempt}
        print(f"{a.label:>18}  {name:<36} p50 {results[name]['p50']:8.2f}  p95 {results[name]['p95']:8.2f}  "
              f"p99 {results[name]['p99']:8.2f}  max {results[name]['max']:8.2f} ms  (other work {foreign:.2f} cores)", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({**json.loads(a.extra), "label": a.label, "busiestCommune": busiest, "busiestAgency": busiest_agency,
                       "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
