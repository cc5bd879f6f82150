#!/usr/bin/env python3
"""Packages per second between two Motcua provinces (issue 20 item 5): province A queues N signed packages (its clerk's
send API, each with a one-page scan) and its outbox delivers them to province B, which checks and registers each in one
transaction. Reports the send API's rate, and the delivery rate from the first send to the last package registered by B
(one outbox worker per server, as deployed; SQLite on both sides)."""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "exchange"))
from provinces import Provinces, eventually  # noqa: E402
from harness import ROOT  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "motcua"))
    p.add_argument("--packages", type=int, default=200)
    args = p.parse_args()
    provinces = Provinces(args.binary)
    a, b = provinces.a, provinces.b
    passed = False
    try:
        documents = [a.outgoing(summary=f"Công văn số {i} về việc phối hợp liên thông văn bản") for i in range(args.packages)]
        start = time.monotonic()
        for document in documents:
            answer = a.send(document, b.organisation)
            if answer.status != 202:
                raise SystemExit(f"send answered {answer.status}: {answer.body[:200]!r}")
        queued = time.monotonic() - start
        done = eventually(lambda: b.query("SELECT COUNT(*) FROM exchange_received")[0][0] >= args.packages, seconds=600)
        elapsed = time.monotonic() - start
        received = b.query("SELECT COUNT(*) FROM exchange_received")[0][0]
        if not done:
            raise SystemExit(f"only {received} of {args.packages} packages arrived within 600 s")
        print(f"send API: {args.packages} packages queued in {queued:.2f} s = {args.packages / queued:.1f} packages/s")
        print(f"exchange: {received} packages delivered and registered in {elapsed:.2f} s = {received / elapsed:.1f} packages/s")
        passed = True
    finally:
        provinces.close(keep=not passed)


if __name__ == "__main__":
    sys.exit(main())
