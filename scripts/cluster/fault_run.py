#!/usr/bin/env python3
"""Receipts through nginx while an instance is killed with SIGKILL and restarted every 10 s.

Clients send counter receipts (`POST /api/v1/dossiers`, each with its own `Idempotency-Key`)
through nginx at --rate a second for --seconds; a client repeats a receipt with the same key after a
connection error, a 5xx or a 409 until it is acknowledged (201, or 200 for a replay). Every
--kill-every seconds one instance (in turn) is killed with SIGKILL and started again. At the end,
once the outbox has drained: every acknowledged receipt is in the database exactly once (counted
by its idempotency key), and every notification reached the gateway (counted by its
`Idempotency-Key`). A message in flight when its sender was killed may be sent again under the same
key (a gateway that honours the key delivers it once); such resends are printed and may not
exceed --resends-per-kill (1) times the number of kills. Exit code 1 on any loss or duplicate.

  python3 scripts/cluster/fault_run.py --seconds 120      # the full run (about 3 minutes)
  python3 scripts/cluster/fault_run.py --seconds 20       # the short run of scripts/test.sh
"""
import collections
import os
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Cluster, PacedLoad, arguments, login, post_receipt, say  # noqa: E402



class Clients(PacedLoad):
    """Threads sending receipts at a shared pace; each receipt retried until acknowledged."""

    def __init__(self, base, token, rate, threads, stamp):
        super().__init__(rate, threads)
        self.base, self.token, self.stamp = base, token, stamp
        self.acknowledged = {}  # key -> dossier code
        self.unacknowledged = []
        self.answers = collections.Counter()

    def paced_send(self, t, n):
        self.send(f"fault-{self.stamp}-{t}-{n}", n)

    def send(self, key, n):
        applicant = {"fullName": f"Trần Thị Lỗi {n}", "idNumber": "038090009999", "phone": f"0913{n % 1000000:06d}",
                     "address": "Số 7 Lê Lợi, phường Hạc Thành"}

        def attempted(status):
            with self.lock:
                self.answers[status] += 1

        def retried():
            with self.lock:
                self.retries += 1

        code, _ = post_receipt(self.base, self.token, key, applicant, attempted, retried)
        with self.lock:
            if code:
                self.acknowledged[key] = code
            else:
                self.unacknowledged.append(key)


def killer(cluster, every, stop, kills):
    """Kills instance 1, 2, 1, ... every `every` seconds, restarting it at once."""
    turn = 0
    while not stop.wait(every):
        victim = cluster.instances[turn % len(cluster.instances)]
        turn += 1
        victim.kill()
        kills.append(time.monotonic())
        victim.start(wait=False)
        try:
            victim.wait_ready(60)
        except RuntimeError as e:
            print(f"instance {victim.number} did not come back: {e}", flush=True)


def main():
    p = arguments(__doc__.splitlines()[0])
    p.add_argument("--seconds", type=int, default=120)
    p.add_argument("--kill-every", type=float, default=10)
    p.add_argument("--rate", type=float, default=3, help="receipts a second (each one SMS of 300 ms)")
    p.add_argument("--threads", type=int, default=6)
    p.add_argument("--resends-per-kill", type=int, default=1,
                   help="messages a killed sender may have had in flight (sent, not yet recorded)")
    args = p.parse_args()
    stamp = secrets.token_hex(4)
    with Cluster(args) as c:
        edge = c.nginx.base
        clients = Clients(edge, login(edge, "tiepnhan.hacthanh"), args.rate, args.threads, stamp)
        stop, kills = threading.Event(), []
        k = threading.Thread(target=killer, args=(c, args.kill_every, stop, kills), daemon=True)
        say(f"receipts at {args.rate}/s through nginx for {args.seconds} s; SIGKILL every {args.kill_every:g} s")
        started = time.monotonic()
        clients.start()
        k.start()
        time.sleep(args.seconds)
        stop.set()
        clients.join()
        k.join()
        sent_for = time.monotonic() - started
        for i in c.instances:  # a last kill may have left one starting
            if i.process.poll() is not None:
                i.start()
            else:
                i.wait_ready(60)
        drain_started = time.monotonic()
        pending = -1
        while time.monotonic() - drain_started < max(120, args.seconds * 2):
            pending = int(c.scalar("SELECT COUNT(*) FROM outbox WHERE status <> 'sent'"))
            if pending == 0 and c.gateway.snapshot()[1] == 0:
                break
            time.sleep(0.5)
        drained = time.monotonic() - drain_started
        time.sleep(3)
        stored = {key.split(":", 2)[2]: int(n) for key, n in
                  c.db.run(f"SELECT idempotency_key, COUNT(*) FROM dossiers WHERE idempotency_key LIKE '%:fault-{stamp}-%' "
                           "GROUP BY idempotency_key")}
        outbox = {f"motcua-{r[0]}": r[1] for r in c.db.run("SELECT id, status FROM outbox")}
        counts, _ = c.gateway.snapshot()

    acked = clients.acknowledged
    lost = [key for key in acked if key not in stored]
    duplicated = [key for key, n in stored.items() if n > 1]
    never = [key for key in outbox if counts.get(key, 0) == 0]
    resent = sum(counts.get(key, 0) - 1 for key in outbox if counts.get(key, 0) > 1)
    failed_rows = sum(1 for s in outbox.values() if s != "sent")
    receipts_ok = not lost and not duplicated and not clients.unacknowledged
    allowed = args.resends_per_kill * len(kills)
    notes_ok = not never and failed_rows == 0 and pending == 0 and resent <= allowed
    print(f"{'PASS' if receipts_ok else 'FAIL'}  receipts: {len(acked)} acknowledged in {sent_for:.0f} s with {len(kills)} SIGKILLs; "
          f"{len(stored)} in the database, {len(lost)} lost, {len(duplicated)} duplicated, "
          f"{len(clients.unacknowledged)} never acknowledged; {clients.retries} retries; answers {dict(clients.answers)}")
    print(f"{'PASS' if notes_ok else 'FAIL'}  notifications: {len(outbox)} outbox rows, {failed_rows} not sent, drained "
          f"{drained:.1f} s after the load; gateway: {len(outbox) - len(never)} delivered, {len(never)} never, {resent} resent "
          f"under the same key (at most {allowed}: {args.resends_per_kill} per kill)")
    return 0 if receipts_ok and notes_ok else 1


if __name__ == "__main__":
    sys.exit(main())
