#!/usr/bin/env python3
"""Compares two running servers (say 1 and 10 million dossiers) on the endpoints of
measure_pages.py, requesting each endpoint alternately from one and the other, so that both
sizes see the same machine at the same moments. The ratio of their p95 is then free of the drift
between two measurements taken an hour apart (the same 1-million page measured 19.9 and 30.4 ms
p95 in two runs of operations.sh).

Usage: interleave_pages.py --small http://127.0.0.1:PORT1 --large http://127.0.0.1:PORT2 [--requests 200]

Each server picks its own busiest commune and agency, as measure_pages.py does. Prints, per
endpoint, p50 and p95 (ms, client wall time over a keep-alive connection) of both servers and the
ratio of the p95. Standard library only.
"""
import argparse
import json
import time

from measure_pages import Client, busiest_units, measured_endpoints

WARM_UP = 10


class Server(Client):
    """A logged-in connection to one server with its own endpoint paths (its busiest units)."""

    def __init__(self, base):
        super().__init__(base)
        self.paths = dict(measured_endpoints(*busiest_units(json.loads(self.call("GET", "/api/v1/statistics/dashboard?period=2026")))))

    def timed(self, name):
        start = time.perf_counter()
        self.call("GET", self.paths[name])
        return (time.perf_counter() - start) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", required=True)
    ap.add_argument("--large", required=True)
    ap.add_argument("--requests", type=int, default=200)
    a = ap.parse_args()
    small, large = Server(a.small), Server(a.large)
    for name in small.paths:
        times = {small: [], large: []}
        for i in range(WARM_UP + a.requests):
            for server in (small, large):
                ms = server.timed(name)
                if i >= WARM_UP:
                    times[server].append(ms)
        pick = lambda server, q: sorted(times[server])[int(q * a.requests)]
        print(f"{name:<36} p50 {pick(small, 0.5):7.1f} {pick(large, 0.5):7.1f}   p95 {pick(small, 0.95):7.1f} {pick(large, 0.95):7.1f}"
              f"   ratio {pick(large, 0.95) / pick(small, 0.95):.2f}", flush=True)


if __name__ == "__main__":
    main()
