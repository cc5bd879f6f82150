#!/usr/bin/env python3
"""Two Motcua provinces exchange a signed document (QCVN 102 package): province B receives it in its incoming register,
its leader assigns it, the lead unit completes it, and each status (arrived, accepted, assigned, in progress, done)
reaches province A. Then the refusals: a bad signature, malformed XML (posted directly), an unknown recipient and an
oversized file (sent by A's outbox, refused by B, recorded by A as `refused`); B stores nothing for any of them."""
import argparse
import os
import sys
import urllib.parse

from provinces import PACKAGES, PDF, Provinces, eventually
from harness import ROOT, call


def check(condition, what):
    if not condition:
        raise SystemExit(f"FAIL {what}")
    print(f"ok  {what}", flush=True)


def form(base, token, path, fields):
    body = urllib.parse.urlencode(fields).encode()
    return call(base, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer " + token})


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "motcua"))
    args = p.parse_args()
    provinces = Provinces(args.binary, b_env={"EXCHANGE_MAX_ATTACHMENT_BYTES": "4096"})
    a, b = provinces.a, provinces.b
    passed = False
    try:
        document = a.outgoing()
        check(a.send(document, b.organisation).status == 202, "province A queues its outgoing document for province B (202)")
        check(eventually(lambda: b.query("SELECT COUNT(*) FROM exchange_received")[0][0] == 1),
              "province B registers the package in its incoming register")
        received = b.query("SELECT document_id FROM exchange_received")[0][0]
        files = b.query("SELECT COUNT(*) FROM official_document_files WHERE document_id = ?", received)[0][0]
        check(files == 1, "with its scan")
        check(eventually(lambda: a.statuses(document) == ["arrived", "accepted"]), "arrived and accepted reach province A")

        stp = b.query("SELECT id FROM agencies WHERE short_code = 'STP'")[0][0]
        assigned = form(b.base, b.token("lanhdao.ubnd"), f"/officer/van-ban/{received}/phan-cong", {
            "expectedVersion": "1", "leadAgencyId": stp, "workingDays": "5", "instruction": "Giao Sở Tư pháp chủ trì."})
        check(assigned.status == 303, "province B's leader assigns it to the Department of Justice")
        check(eventually(lambda: a.statuses(document) == ["arrived", "accepted", "assigned", "inProgress"]),
              "assigned and in progress reach province A")
        closed = form(b.base, b.token("chuyenvien.stp"), f"/officer/van-ban/{received}/hoan-thanh",
                      {"expectedVersion": "2", "note": "Đã xử lý theo chỉ đạo."})
        check(closed.status == 303, "the lead unit completes it")
        check(eventually(lambda: a.statuses(document) == ["arrived", "accepted", "assigned", "inProgress", "done"]),
              "done reaches province A")

        def stored():
            return [b.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("official_documents", "exchange_received", "documents")]

        before = stored()
        good = a.query("SELECT payload FROM exchange_outbox WHERE kind = 'package' AND document_id = ?", document)[0][0]
        for body, status, code, what in [
            (good.replace("biên chế", "biên chế bổ sung"), 401, "exchange.badSignature", "a package changed after signing"),
            (good[: len(good) // 2], 400, "exchange.malformed", "malformed XML"),
        ]:
            answer = call(b.base, "POST", PACKAGES, body.encode(), {"Content-Type": "application/xml"})
            error = answer.json().get("error", {}) if answer.body.startswith(b"{") else {}
            check(answer.status == status and error.get("code") == code, f"{what}: {status} {code}")
        a.add_peer(b, organisation="000.00.00.H99")
        stranger = a.outgoing()
        check(a.send(stranger, "000.00.00.H99").status == 202, "A sends a document to an organisation B does not hold")
        check(eventually(lambda: a.statuses(stranger) == ["refused"]), "B refuses it (unknown recipient); A records it refused")
        large = a.outgoing(scan=PDF + b" " * 8000)
        check(a.send(large, b.organisation).status == 202, "A sends a document with an 8 KB scan")
        check(eventually(lambda: a.statuses(large) == ["refused"]), "B refuses it (its limit is 4 KB); A records it refused")
        dead = a.query("SELECT COUNT(*) FROM exchange_outbox WHERE status = 'dead'")[0][0]
        check(dead == 2, "both refused packages are A's dead letters")
        check(stored() == before, f"province B stored nothing for the refused packages ({before})")
        print("ok  two provinces: exchange, statuses and refusals", flush=True)
        passed = True
    finally:
        provinces.close(keep=not passed)


if __name__ == "__main__":
    sys.exit(main())
