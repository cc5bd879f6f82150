#!/usr/bin/env python3
"""Fuzzes the served OpenAPI document with schemathesis (an implementation we did not write).

Usage: api.py --base http://127.0.0.1:PORT [--min-cases 2000] [--report DIR]

The server must run the demo province (MOTCUA_ENV=development). Three passes, each with the
schemathesis phases `examples`, `coverage` and `fuzzing`:
  1. anonymous, on every operation (the public API: catalogue, tracking, verification, Open311's
     JSON siblings, health, the session login itself);
  2. as the administrator (bearer token from POST /api/v1/session), every operation except the
     session routes (a generated DELETE /api/v1/session would end the token mid-run);
  3. as the ward's receiving officer, on the dossier routes (receipt and transitions need that role).
Checks: no 5xx, every answer's status code documented, its content type and body as documented.
Fails when any check fails or fewer than --min-cases requests were generated in all.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "browser"))
from lib import demo  # noqa: E402

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def login(base, username):
    """A bearer token for a demo officer."""
    body = json.dumps({"username": username, "password": demo.PASSWORD}).encode()
    request = urllib.request.Request(
        base + "/api/v1/session", data=body, headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


def run(base, name, report, extra):
    """One schemathesis pass; returns (generated, failed) as its summary prints them."""
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", base + "/openapi.json",
        "--checks", CHECKS, "--phases", "examples,coverage,fuzzing", "--max-examples", "30", "--seed", "766",
        "--request-timeout", "15", "--report", "junit",
        "--report-junit-path", os.path.join(report, f"schemathesis-{name}.xml"), *extra,
    ]
    print(f"==> schemathesis: {name}", flush=True)
    completed = subprocess.run(command, capture_output=True, text=True)
    output = completed.stdout + completed.stderr
    with open(os.path.join(report, f"schemathesis-{name}.txt"), "w", encoding="utf-8") as f:
        f.write(output)
    match = re.search(r"(\d+) generated", output)
    generated = int(match.group(1)) if match else 0
    failed = completed.returncode != 0
    summary = [line for line in output.splitlines() if "generated" in line or "❌" in line]
    print("\n".join("    " + line.strip() for line in summary[-6:]), flush=True)
    if failed:
        start = output.find("FAILURES")
        print(output[start:start + 6000] if start >= 0 else output[-6000:], flush=True)
    return generated, failed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--min-cases", type=int, default=2000)
    parser.add_argument("--report", default="artifacts/fuzz")
    args = parser.parse_args()
    os.makedirs(args.report, exist_ok=True)
    admin = login(args.base, demo.ADMIN)
    receiver = login(args.base, demo.RECEIVER)
    passes = [
        ("anonymous", []),
        ("administrator", ["-H", f"Authorization: Bearer {admin}", "--exclude-path-regex", "^/api/v1/session$"]),
        ("receiving-officer", ["-H", f"Authorization: Bearer {receiver}", "--include-path-regex", "^/api/v1/dossiers"]),
    ]
    total, failures = 0, []
    for name, extra in passes:
        generated, failed = run(args.base, name, args.report, extra)
        total += generated
        if failed:
            failures.append(name)
    print(f"==> schemathesis: {total} requests generated in all; failing passes: {failures or 'none'}")
    if failures:
        sys.exit(f"fuzzing found failures in: {', '.join(failures)} (reports in {args.report})")
    if total < args.min_cases:
        sys.exit(f"fuzzing generated {total} requests, fewer than {args.min_cases}")


if __name__ == "__main__":
    main()
