#!/usr/bin/env python3
"""Loads N synthetic dossiers (with their event histories) into a Motcua database for the benchmark.

Reads agencies, procedures, officers and the working calendar from the database itself, then
spreads the dossiers over the one-stop desks of the seeded communes (commune-level procedures)
and the provincial service centre (province-level procedures), over receipt days of the past
year, and over the states of the default workflow, each with the events that lead there.
`dossier_sequences` is set to the highest sequence used per (agency, day), so that receipts
made afterwards by the server continue the numbering instead of colliding.

SQLite: writes with the stdlib `sqlite3` module into the server's file (WAL mode; the server
may be running). PostgreSQL: writes CSV files and loads them with `psql` and `\\copy`
(password in PGPASSWORD, schema via --pg-schema).

Prints one line `loaded N dossiers, M events in S s` and writes every code, one per line, to
--codes-out. Python standard library only.
"""
import argparse
import itertools
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time

LOCAL = dt.timezone(dt.timedelta(hours=7))  # the default calendar's offset (UTC+7)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Mai", "Trịnh", "Đinh", "Lương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu", "Hồng", "Anh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phúc", "Phương", "Quân", "Sơn",
         "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến"]
STREETS = ["Lê Lợi", "Trần Phú", "Quang Trung", "Lê Hoàn", "Bà Triệu", "Nguyễn Trãi", "Hàm Nghi",
           "Phan Chu Trinh", "Đội Cung", "Tống Duy Tân", "Lý Thường Kiệt", "Hạc Thành"]

# Where a dossier ends up, as the chain of transitions that leads there from its first event.
# (action, to_state, scope): scope "r" = the receiving desk acts, "h" = the handling agency.
CHAINS = {
    "received": [],
    "awaitingAssignment": [("forward", "awaitingAssignment", "r")],
    "processing": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h")],
    "awaitingApproval": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h"),
                         ("submitForApproval", "awaitingApproval", "h")],
    "readyToReturn": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h"),
                      ("submitForApproval", "awaitingApproval", "h"), ("approve", "readyToReturn", "h")],
    "returned": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h"),
                 ("submitForApproval", "awaitingApproval", "h"), ("approve", "readyToReturn", "h"),
                 ("returnResult", "returned", "r")],
    "supplementRequested": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h"),
                            ("requestSupplement", "supplementRequested", "h")],
    "awaitingPayment": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h"),
                        ("requestPayment", "awaitingPayment", "h")],
    "refused": [("refuseReception", "refused", "r")],
    "withdrawn": [("forward", "awaitingAssignment", "r"), ("withdraw", "withdrawn", "r")],
    "stopped": [("forward", "awaitingAssignment", "r"), ("assign", "processing", "h"), ("stop", "stopped", "h")],
    "submitted": [],
}
NOTE_REQUIRED = {"requestSupplement", "requestPayment", "refuseReception", "withdraw", "stop"}
OUTCOME = {"returned": "returned", "refused": "refused", "withdrawn": "withdrawn", "stopped": "stopped"}
# State mix by age of the dossier (days since receipt): older ones are mostly finished.
MIX_OLD = [("returned", 86), ("refused", 2), ("withdrawn", 3), ("stopped", 2), ("supplementRequested", 3),
           ("awaitingPayment", 1), ("processing", 2), ("readyToReturn", 1)]
MIX_RECENT = [("submitted", 6), ("received", 10), ("awaitingAssignment", 12), ("processing", 22),
              ("awaitingApproval", 10), ("readyToReturn", 8), ("returned", 18), ("supplementRequested", 6),
              ("awaitingPayment", 3), ("refused", 2), ("withdrawn", 2), ("stopped", 1)]

DOSSIER_COLUMNS = ["id", "code", "idempotency_key", "procedure_code", "workflow_code", "state", "version", "channel",
                   "receiving_agency_id", "handling_agency_id", "assignee_id", "applicant_name", "applicant_id_number",
                   "applicant_phone", "applicant_email", "applicant_address", "applicant_unit_code", "submitted_at",
                   "received_at", "due_date", "legal_due_date", "step_started_at", "step_deadline", "queue_key",
                   "resume_state", "paused_legal_days", "paused_appointment_days", "supplement_count", "apologized",
                   "resolved_at", "finished_at", "outcome", "timeliness", "fee_amount", "paid_at", "progress"]
EVENT_COLUMNS = ["id", "dossier_id", "sequence", "action", "from_state", "to_state", "actor_id", "actor_name",
                 "actor_role", "agency_id", "occurred_at", "note", "step_deadline", "step_timeliness",
                 "next_deadline", "handling_agency_id", "assignee_id", "due_date"]


# ---- database access ------------------------------------------------------------------------------
class SQLiteDB:
    def __init__(self, path):
        import sqlite3
        self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout = 30000")
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            sys.exit(f"load.py: {path} is in journal mode {mode}, expected wal (start the server first)")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def query(self, sql):
        return [tuple(r) for r in self.conn.execute(sql).fetchall()]

    def load(self, dossiers, events, sequences, tmp):
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany(f"INSERT INTO dossiers ({', '.join(DOSSIER_COLUMNS)}) VALUES ({', '.join('?' * len(DOSSIER_COLUMNS))})",
                          dossiers)
            c.executemany(f"INSERT INTO dossier_events ({', '.join(EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                          events)
            c.executemany("INSERT INTO dossier_sequences (agency_id, day, value) VALUES (?, ?, ?) "
                          "ON CONFLICT (agency_id, day) DO UPDATE SET value = MAX(dossier_sequences.value, excluded.value)",
                          sequences)
            # Loaded history is the past: the notification relay does not announce it.
            c.execute(RELAY_PAST)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        # Fold the WAL back into the main file so that the benchmark does not read through it.
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def bool(self, b):
        return 1 if b else 0


# Moves the notification relay past the loaded events (migration 3's outbox_relay).
RELAY_PAST = "UPDATE outbox_relay SET last_event_id = (SELECT MAX(id) FROM dossier_events) WHERE name = 'dossier_events'"


class PostgresDB:
    def __init__(self, args):
        self.base = [args.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", args.pg_host, "-p", str(args.pg_port),
                     "-U", args.pg_user, "-d", args.pg_db]
        self.env = dict(os.environ)
        if args.pg_schema:
            self.env["PGOPTIONS"] = f"-c search_path={args.pg_schema}"

    def query(self, sql):
        out = subprocess.run(self.base + ["-A", "-t", "-F", "\x1f", "-c", sql], env=self.env, check=True,
                             capture_output=True, text=True).stdout
        return [tuple(None if v == "" else v for v in line.split("\x1f")) for line in out.splitlines() if line]

    def load(self, dossiers, events, sequences, tmp):
        files = {}
        for name, rows in (("dossiers", dossiers), ("dossier_events", events), ("seq", sequences)):
            path = os.path.join(tmp, f"{name}.csv")
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                for row in rows:  # None -> empty unquoted field, which COPY reads as NULL
                    w.writerow(["" if v is None else v for v in row])
            files[name] = path
        script = f"""
BEGIN;
\\copy dossiers ({', '.join(DOSSIER_COLUMNS)}) FROM '{files['dossiers']}' WITH (FORMAT csv)
\\copy dossier_events ({', '.join(EVENT_COLUMNS)}) FROM '{files['dossier_events']}' WITH (FORMAT csv)
CREATE TEMP TABLE bench_seq (agency_id TEXT, day TEXT, value INTEGER);
\\copy bench_seq FROM '{files['seq']}' WITH (FORMAT csv)
INSERT INTO dossier_sequences (agency_id, day, value) SELECT agency_id, day, value FROM bench_seq
    ON CONFLICT (agency_id, day) DO UPDATE SET value = GREATEST(dossier_sequences.value, excluded.value);
SELECT setval(pg_get_serial_sequence('dossiers', 'id'), (SELECT MAX(id) FROM dossiers));
SELECT setval(pg_get_serial_sequence('dossier_events', 'id'), (SELECT MAX(id) FROM dossier_events));
{RELAY_PAST};
COMMIT;
ANALYZE dossiers;
ANALYZE dossier_events;
ANALYZE dossier_sequences;
"""
        subprocess.run(self.base, input=script, env=self.env, check=True, text=True, stdout=subprocess.DEVNULL)

    def bool(self, b):
        return "t" if b else "f"


# ---- calendar ---------------------------------------------------------------------------------------
class Calendar:
    def __init__(self, rows):
        self.kind = {dt.date.fromisoformat(d): k for d, k in rows}

    def working(self, day):
        k = self.kind.get(day)
        if k == "swapWorkingDay":
            return True
        if k in ("holiday", "compensatory", "swapDayOff"):
            return False
        return day.weekday() < 5

    def add_working_days(self, n, after):
        day = after
        while n > 0:
            day += dt.timedelta(days=1)
            if self.working(day):
                n -= 1
        return day


def millis(t):
    return int(t.timestamp() * 1000)


def weighted(pairs):
    values = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return values, weights


# ---- generation ---------------------------------------------------------------------------------------
def generate(db, count, seed):
    rnd = random.Random(seed)
    agencies = db.query("SELECT id, kind, unit_code, short_code, name FROM agencies")
    desks = sorted(a for a in agencies if a[1] == "communeOneStop")
    by_unit_kind = {(a[2], a[1]): a[0] for a in agencies if a[2]}
    by_short = {a[3]: a[0] for a in agencies if a[3]}
    centre = next((a[0] for a in agencies if a[1] == "serviceCentre"), None)
    if not desks:
        sys.exit("load.py: no commune one-stop desks in the database (is it seeded?)")
    procedures = []
    for code, level, days, body in db.query("SELECT code, level, processing_days, body FROM procedures"):
        p = json.loads(body)
        procedures.append({"code": code, "level": level, "days": int(days),
                           "competent": p.get("competentAgency"),
                           "fee": sum(int(f.get("amount", 0)) for f in p.get("fees", []))})
    commune_procs = [p for p in procedures if p["level"] == "commune"]
    province_procs = [p for p in procedures if p["level"] == "province" and p["competent"] in by_short]
    officers = {}
    for oid, name, agency, roles in db.query("SELECT id, full_name, agency_id, roles FROM officers"):
        for role in roles.split(","):
            officers.setdefault((agency, role), []).append((int(oid), name))
    calendar = Calendar(db.query("SELECT c.date, c.kind FROM calendar_days c"))
    start_dossier = int(db.query("SELECT COALESCE(MAX(id), 0) FROM dossiers")[0][0]) + 1
    start_event = int(db.query("SELECT COALESCE(MAX(id), 0) FROM dossier_events")[0][0]) + 1
    existing_seq = {(a, d): int(v) for a, d, v in db.query("SELECT agency_id, day, value FROM dossier_sequences")}

    # Desks differ in size: a few urban wards receive far more than mountain communes.
    desk_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(desks))]
    rnd.shuffle(desk_weights)
    desk_ids = [d[0] for d in desks]
    # Busy desks of the demo accounts get a fair share, so that their queues are realistic too.
    for demo in ("MC14797.H56", "MC16522.H56"):
        if demo in desk_ids:
            desk_weights[desk_ids.index(demo)] = max(desk_weights)
    proc_weights = [1.0 / (i + 1) ** 0.9 for i in range(len(commune_procs))]
    prov_weights = [1.0 / (i + 1) ** 0.9 for i in range(len(province_procs))]

    now = dt.datetime.now(LOCAL)
    today = now.date()
    days = [today - dt.timedelta(days=i) for i in range(0, 366)]
    day_weights = [(1.0 if calendar.working(d) else 0.05) for d in days]

    old_states, old_w = weighted(MIX_OLD)
    new_states, new_w = weighted(MIX_RECENT)
    cum = lambda w: list(itertools.accumulate(w))  # cumulative weights: choices() in O(log n)
    day_cw, desk_cw, proc_cw, prov_cw = cum(day_weights), cum(desk_weights), cum(proc_weights), cum(prov_weights)
    old_cw, new_cw = cum(old_w), cum(new_w)
    sequences = dict(existing_seq)
    dossiers, events, codes = [], [], []
    dossier_id, event_id = start_dossier, start_event

    # A handful of receipts today at the demo desk: the benchmark's own receipts must continue after them.
    forced = [("MC14797.H56", today)] * 5 if "MC14797.H56" in desk_ids else []

    for n in range(count):
        if n < len(forced):
            desk, day = forced[n]
            unit = desk[2:7]
            proc = commune_procs[0]
        else:
            day = rnd.choices(days, cum_weights=day_cw)[0]
            if province_procs and centre and rnd.random() < 0.12:
                desk, unit = centre, None
                proc = rnd.choices(province_procs, cum_weights=prov_cw)[0]
            else:
                desk = rnd.choices(desk_ids, cum_weights=desk_cw)[0]
                unit = desk[2:7]
                proc = rnd.choices(commune_procs, cum_weights=proc_cw)[0]
        if unit is None:
            applicant_unit = rnd.choice(desks)[2]
            handling = by_short[proc["competent"]]
        else:
            applicant_unit = unit
            kind = "communePolice" if proc["competent"] == "communePolice" else "communeCommittee"
            handling = by_unit_kind.get((unit, kind))
            if handling is None:
                continue
        age = (today - day).days
        if age == 0:
            state = "received" if desk == "MC14797.H56" and n < len(forced) else rnd.choices(new_states, cum_weights=new_cw)[0]
        elif age <= 30:
            state = rnd.choices(new_states, cum_weights=new_cw)[0]
        else:
            state = rnd.choices(old_states, cum_weights=old_cw)[0]
        online = state == "submitted" or rnd.random() < 0.2
        channel = "online" if online else rnd.choices(["counter", "post"], [95, 5])[0]

        received_at = dt.datetime.combine(day, dt.time(7, 30), LOCAL) + dt.timedelta(seconds=rnd.randrange(0, 9 * 3600))
        if day == today and received_at > now:
            received_at = now - dt.timedelta(seconds=rnd.randrange(60, 3600))
        submitted_at = received_at - dt.timedelta(minutes=rnd.randrange(5, 2000)) if online else received_at

        key = (desk, day.isoformat())
        seq = sequences.get(key, 0) + 1
        sequences[key] = seq
        code = f"{desk}-{day.year % 100:02d}{day.month:02d}{day.day:02d}-{seq:04d}"

        due = calendar.add_working_days(proc["days"], day) if proc["days"] > 0 else day
        if state == "submitted":
            received_ms, due_s = None, None
        else:
            received_ms, due_s = millis(received_at), due.isoformat()

        # The history: first event, the chain, each a little later than the previous one.
        steps = ([("submit", "submitted", None)] if online else []) + \
                ([("accept", "received", "r")] if online and state != "submitted" else []) + CHAINS[state]
        if not online:
            steps = [("receive", "received", "r")] + steps
        t = submitted_at
        span = max((min(now, dt.datetime.combine(due, dt.time(16), LOCAL)) - received_at).total_seconds(), 3600)
        gap = span / max(len(steps), 1)
        latest = now - dt.timedelta(seconds=1)
        assignee = None
        receivers = officers.get((desk, "receiving"), [])
        specialists = officers.get((handling, "specialist"), [])
        leaders = officers.get((handling, "leader"), [])
        prev_state, prev_deadline = None, None
        dossier_events = []
        for i, (action, to_state, scope) in enumerate(steps):
            if action in ("receive", "accept"):
                t = received_at
            elif i > 0:
                t = max(t, min(t + dt.timedelta(seconds=rnd.uniform(0.3, 1.0) * gap), latest))
            if action == "assign":
                assignee = rnd.choice(specialists)[0] if specialists else None
            if action == "submit":
                actor_id, actor_name, role, agency = None, "applicant", None, None
            elif scope == "r":
                who = rnd.choice(receivers) if receivers else (None, "Cán bộ một cửa")
                actor_id, actor_name, role, agency = who[0], who[1], "returning" if action == "returnResult" else "receiving", desk
            else:
                pool = leaders if action in ("assign", "approve", "stop") else (specialists or leaders)
                who = rnd.choice(pool) if pool else (None, "Cán bộ xử lý")
                actor_id, actor_name = who
                role = "leader" if action in ("assign", "approve", "stop") else "specialist"
                agency = handling
            deadline = None if to_state in OUTCOME or to_state in ("supplementRequested", "awaitingPayment") else \
                (due_s if to_state != "submitted" else calendar.add_working_days(1, day).isoformat())
            timeliness = None
            if prev_deadline and prev_state != to_state:
                d = t.astimezone(LOCAL).date().isoformat()
                timeliness = "early" if d < prev_deadline else ("onTime" if d == prev_deadline else "late")
            dossier_events.append([event_id, dossier_id, i + 1, action, prev_state, to_state, actor_id,
                                   actor_name if action != "submit" else None, role, agency, millis(t),
                                   "Ghi chú của cán bộ" if action in NOTE_REQUIRED else None,
                                   prev_deadline if prev_state != to_state else None, timeliness, deadline, handling,
                                   assignee, due_s])
            event_id += 1
            prev_state, prev_deadline = to_state, deadline
        first = dossier_events[0]

        surname, middle, given = rnd.choice(SURNAMES), rnd.choice(MIDDLE), rnd.choice(GIVEN)
        name = f"{surname} {middle} {given}"
        if first[7] is None:
            first[7] = name
        finished = state in OUTCOME
        finished_ms = millis(t) if finished else None
        step_deadline = None if finished or state in ("supplementRequested", "awaitingPayment") else prev_deadline
        timeliness = None
        if finished and due_s:
            d = t.astimezone(LOCAL).date().isoformat()
            timeliness = "early" if d < due_s else ("onTime" if d == due_s else "late")
        resume = "processing" if state in ("supplementRequested", "awaitingPayment") else None
        dossiers.append([
            dossier_id, code, None, proc["code"], "ONE_STOP_DEFAULT", state, len(steps), channel,
            desk, handling, assignee, name, f"0{rnd.randrange(10**10, 10**11)}", f"09{rnd.randrange(10**7, 10**8)}",
            None if rnd.random() < 0.7 else f"congdan{dossier_id}@example.vn",
            f"Số {rnd.randrange(1, 300)} {rnd.choice(STREETS)}", applicant_unit,
            millis(submitted_at), received_ms, due_s, due_s, millis(t), step_deadline,
            step_deadline or due_s or "9999-12-31", resume,
            (rnd.randrange(0, 5) if resume else None), (rnd.randrange(0, 5) if resume else None),
            1 if state == "supplementRequested" else 0, False,
            finished_ms, finished_ms, OUTCOME.get(state), timeliness,
            proc["fee"], (millis(t) if proc["fee"] and state == "returned" else None),
            # the public read model: action|to_state|occurred_at|agency|step_deadline|step_timeliness per step
            ";".join("|".join([e[3], e[5], str(e[10]), e[9] or e[15], e[12] or "", e[13] or ""]) for e in dossier_events)])
        events.extend(dossier_events)
        codes.append(code)
        dossier_id += 1

    seq_rows = [(a, d, v) for (a, d), v in sequences.items() if existing_seq.get((a, d)) != v]
    return dossiers, events, seq_rows, codes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    ap.add_argument("--sqlite", help="path of the SQLite file")
    ap.add_argument("--psql", default="psql")
    ap.add_argument("--pg-host", default="127.0.0.1")
    ap.add_argument("--pg-port", type=int, default=5432)
    ap.add_argument("--pg-user", default="motcua")
    ap.add_argument("--pg-db", default="motcua")
    ap.add_argument("--pg-schema")
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--codes-out", required=True)
    args = ap.parse_args()

    started = time.monotonic()
    db = SQLiteDB(args.sqlite) if args.backend == "sqlite" else PostgresDB(args)
    dossiers, events, sequences, codes = generate(db, args.count, args.seed)
    for row in dossiers:
        row[28] = db.bool(row[28])
    generated = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="motcua-load-") as tmp:
        os.chmod(tmp, 0o755)
        db.load(dossiers, events, sequences, tmp)
    finished = time.monotonic()
    with open(args.codes_out, "w", encoding="ascii") as f:
        f.write("\n".join(codes) + "\n")
    print(f"loaded {len(dossiers)} dossiers, {len(events)} events, {len(sequences)} sequence rows "
          f"in {finished - started:.1f} s (generate {generated - started:.1f} s, write {finished - generated:.1f} s)")


if __name__ == "__main__":
    main()
