#!/usr/bin/env python3
"""Measures the operations centre's pages and API at one database size: sequential requests over
one keep-alive connection (the server's time, without client concurrency), after a warm-up.

Usage: measure_pages.py --base http://127.0.0.1:PORT --requests 200 --label "sqlite 1000000" --json OUT.json [--extra JSON]

Logs in as the demo administrator (bearer token, accepted by pages and API alike), picks the
busiest commune from the dashboard, and times each endpoint `--requests` times after 20 warm-up
requests; prints p50, p95, p99 and max in milliseconds and writes them as JSON (with the fields of
--extra, which the orchestrator uses for the run's sizes and times). Any answer but 200 (a redirect
to the login page included) stops the measurement. Standard library only.
"""
import argparse
import http.client
import json
import sys
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--label", default="")
    ap.add_argument("--json")
    ap.add_argument("--extra", default="{}")
    a = ap.parse_args()
    url = urllib.parse.urlparse(a.base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)

    def call(method, path, body=None, token=None, expect=200):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = "Bearer " + token
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != expect:
            sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
        return data

    token = json.loads(call("POST", "/api/v1/session", {"username": "quantri", "password": "motcua2026"}, expect=201))["token"]
    year = json.loads(call("GET", "/api/v1/statistics/dashboard?period=2026", token=token))
    busiest = max(year["communes"], key=lambda c: c["flows"].get("received", 0))["key"] if year["communes"] else ""
    busiest_agency = max(year["agencies"], key=lambda c: c["flows"].get("received", 0))["key"] if year["agencies"] else ""
    endpoints = [
        ("dashboard API, month", "/api/v1/statistics/dashboard?period=2026-11"),
        ("dashboard API, year", "/api/v1/statistics/dashboard?period=2026"),
        ("dashboard page, month", "/officer/dieu-hanh?period=2026-11"),
        ("dashboard page, commune", f"/officer/dieu-hanh?period=2026-11&scope=commune&unit={busiest}"),
        ("dashboard page, agency", f"/officer/dieu-hanh?period=2026-11&scope=agency&unit={urllib.parse.quote(busiest_agency)}"),
        ("index API, month", "/api/v1/statistics/service-index?period=2026-10"),
        ("index page, month (with rankings)", "/officer/dieu-hanh/chi-so-766?period=2026-10"),
        ("index page, commune", f"/officer/dieu-hanh/chi-so-766?period=2026-10&scope=commune&unit={busiest}"),
    ]
    results = {}
    for name, path in endpoints:
        for _ in range(20):
            call("GET", path, token=token)
        times = []
        for _ in range(a.requests):
            start = time.perf_counter()
            call("GET", path, token=token)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
        results[name] = {"p50": round(pick(0.50), 2), "p95": round(pick(0.95), 2), "p99": round(pick(0.99), 2),
                         "max": round(times[-1], 2), "path": path}
        print(f"{a.label:>18}  {name:<36} p50 {results[name]['p50']:8.2f}  p95 {results[name]['p95']:8.2f}  "
              f"p99 {results[name]['p99']:8.2f}  max {results[name]['max']:8.2f} ms", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({**json.loads(a.extra), "label": a.label, "busiestCommune": busiest, "busiestAgency": busiest_agency,
                       "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
