#!/usr/bin/env python3
"""Generates a province's history for the operations-centre benchmark, directly in the database.

Usage: generate_history.py --sqlite FILE | --postgres-schema SCHEMA (psql settings in PG* variables)
                           --dossiers N [--reports M] [--today 2026-11-22] [--years 3] [--stalled 5]

The database must be migrated and seeded (demo province). Small lookup tables (bench_*) are filled
from the seeded agencies, procedures and communes, with weights that give realistic shapes:
a few procedures dominate (civil status, land, business registration), communes differ tenfold in
volume, working days only, a peak before Tết and a dip in Tết week, online submission by commune
and rising over the years, late rates by handling agency from 3 % to 25 %, recent dossiers mostly
pending and --stalled % of all never decided, 30 % of dossiers paying a fee (half online), 10 % of
the returned ones rated, field reports answered on time in 80 % of cases. Then set-based
INSERT ... SELECT statements write N dossiers with their events (receipt, payment, decision, return)
and M field reports with their events; nothing goes through the application. The aggregates are left empty:
`motcua rebuild-statistics` builds them afterwards, which is what the benchmark times. The
generated history is the past: the notification relay is moved beyond it and overdue open field
reports are marked escalated, so that the server's workers do not act on it while it is measured.

Prints one line per table with rows and seconds. Python standard library only (psql for PostgreSQL).
"""
import argparse
import datetime as dt
import json
import random
import sqlite3
import subprocess
import sys
import time

LOCAL = 7 * 3600
rng = random.Random(20261122)
# Relative volume of a procedure field (procedures.json `field`); others weigh 2.
FIELD_WEIGHTS = {"CHUNG_THUC": 40, "HO_TICH": 30, "CU_TRU": 20, "DAT_DAI": 25, "HO_KINH_DOANH": 12, "DOANH_NGHIEP": 12,
                 "LY_LICH_TU_PHAP": 8, "XAY_DUNG": 5, "BAO_TRO_XA_HOI": 4}


def lunar_new_years():
    """Tết days the seasonality needs (from the seeded calendar's facts, 2023-2027)."""
    return [dt.date(2023, 1, 22), dt.date(2024, 2, 10), dt.date(2025, 1, 29), dt.date(2026, 2, 17), dt.date(2027, 2, 6)]


class DB:
    """A thin wrapper: run SQL on SQLite (sqlite3) or PostgreSQL (psql, one schema)."""

    def __init__(self, sqlite_file=None, schema=None):
        self.sqlite = sqlite_file is not None
        self.schema = schema
        if self.sqlite:
            self.conn = sqlite3.connect(sqlite_file, timeout=60, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("PRAGMA cache_size=-400000")

    def rows(self, sql):
        if self.sqlite:
            return self.conn.execute(sql).fetchall()
        out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c",
                              f"SET search_path TO {self.schema}; {sql}"], check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def run(self, sql):
        if self.sqlite:
            self.conn.executescript(sql)
        else:
            done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", f"SET search_path TO {self.schema}; {sql}"],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"psql failed: {done.stderr.strip()}\n{sql[:300]}")

    def rand(self, n, row="s.i"):
        """A uniform integer in [0, n), drawn again for every row: the reference to the row keeps
        both engines from evaluating a lookup subquery once for the whole statement."""
        return f"(abs(random()) % {n} + 0 * {row})" if self.sqlite else f"(floor(random() * {n})::bigint + 0 * {row})"

    def series(self, n):
        """A FROM clause giving i = 1..n."""
        if self.sqlite:
            return f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i FROM s) s"
        return f"generate_series(1, {n}) AS s(i)"

    def day(self, millis):
        if self.sqlite:
            return f"strftime('%Y-%m-%d', ({millis}) / 1000 + {LOCAL}, 'unixepoch')"
        return f"to_char(to_timestamp(({millis}) / 1000 + {LOCAL}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    def load(self, table, columns, rows):
        cols = ", ".join(columns)
        self.run(f"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (idx BIGINT PRIMARY KEY, {cols})")
        for start in range(0, len(rows), 2000):
            chunk = rows[start:start + 2000]
            values = ", ".join("(" + ", ".join([str(start + k)] + [sql_value(v) for v in r]) + ")" for k, r in enumerate(chunk))
            self.run(f"INSERT INTO {table} VALUES {values}")


def sql_value(v):
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def weighted(items, weights, slots):
    """`slots` entries drawn in proportion to `weights` (deterministic shares, shuffled)."""
    total = sum(weights)
    out = []
    for item, w in zip(items, weights):
        out += [item] * max(1, round(slots * w / total))
    rng.shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sqlite")
    ap.add_argument("--postgres-schema")
    ap.add_argument("--dossiers", type=int, required=True)
    ap.add_argument("--reports", type=int, default=0)
    ap.add_argument("--today", default="2026-11-22")
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--stalled", type=int, default=5, help="percent of dossiers that never came to a decision")
    a = ap.parse_args()
    db = DB(a.sqlite, a.postgres_schema)
    true, false = ("1", "0") if db.sqlite else ("true", "false")
    today = dt.date.fromisoformat(a.today)

    # ---- lookups from the seeded province ----
    agencies = db.rows("SELECT id, kind, COALESCE(short_code, ''), COALESCE(unit_code, '') FROM agencies")
    by_short = {r[2]: r[0] for r in agencies if r[2]}
    commune_agency = {(r[3], r[1]): r[0] for r in agencies if r[3]}
    communes = sorted({r[3] for r in agencies if r[3]})
    centre = next(r[0] for r in agencies if r[1] == "serviceCentre")
    procedures = []
    for code, days, body in db.rows("SELECT code, processing_days, body FROM procedures"):
        p = json.loads(body)
        procedures.append((code, int(days), p["competentAgency"], p.get("level", ""), p.get("workflow", "ONE_STOP_DEFAULT"),
                           p.get("field", "")))
    # A few procedures dominate: certification, civil status, residence, land and business
    # registration; within a field the first procedure (birth registration, ...) counts double.
    seen_fields = set()
    proc_weights = []
    for code, pdays, competent, level, workflow, field in procedures:
        proc_weights.append(FIELD_WEIGHTS.get(field, 2) * (1 if field in seen_fields else 2))
        seen_fields.add(field)
    proc_slots = weighted(range(len(procedures)), proc_weights, 2000)
    commune_weights = [rng.choice([1, 1, 2, 3, 5, 10]) for _ in communes]
    commune_slots = weighted(range(len(communes)), commune_weights, 4000)

    # Working days of the period, weighted by season: more in the month before Tết, few in Tết week.
    start = today - dt.timedelta(days=365 * a.years)
    tets = lunar_new_years()
    days, day_weights = [], []
    d = start
    while d <= today:
        if d.weekday() < 5:
            w = 10
            for t in tets:
                if 0 <= (t - d).days <= 30:
                    w = 14
                if -3 <= (d - t).days <= 5:
                    w = 1
            days.append(d)
            day_weights.append(w)
        d += dt.timedelta(days=1)
    day_slots = weighted(days, day_weights, 20000)
    epoch = dt.date(1970, 1, 1)

    proc_rows = []
    departments = sorted({p[2] for p in procedures if not p[2].startswith("commune")})
    for code, pdays, competent, level, workflow, field in procedures:
        late = 3 + (departments.index(competent) * 9) % 23 if competent in departments else 0  # a department's percent late
        proc_rows.append((code, pdays, competent, workflow, 1 if competent.startswith("commune") else 0,
                          by_short.get(competent, centre), late))
    db.load("bench_procedures", ["code TEXT", "days INTEGER", "competent TEXT", "workflow TEXT", "commune_level INTEGER", "department TEXT",
                                 "late INTEGER"], proc_rows)
    db.load("bench_proc_slots", ["p BIGINT"], [(x,) for x in proc_slots])
    comm_rows = []
    for i, c in enumerate(communes):
        late = 3 + (i * 7) % 23                      # percent late at the committee, 3 to 25
        police_late = 3 + (i * 13) % 23              # and at the police
        online = 20 + (i * 11) % 50                  # percent online today, 20 to 69
        comm_rows.append((c, commune_agency.get((c, "communeOneStop"), centre), commune_agency.get((c, "communeCommittee"), centre),
                          commune_agency.get((c, "communePolice"), centre), late, police_late, online))
    db.load("bench_communes", ["code TEXT", "desk TEXT", "committee TEXT", "police TEXT", "late INTEGER", "police_late INTEGER",
                               "online INTEGER"], comm_rows)
    db.load("bench_commune_slots", ["c BIGINT"], [(x,) for x in commune_slots])
    day_rows = [(((x - epoch).days * 86400 - LOCAL) * 1000,) for x in day_slots]
    db.load("bench_days", ["start_ms BIGINT"], day_rows)
    today_ms = ((today - epoch).days * 86400 - LOCAL) * 1000
    now_ms = int(time.time() * 1000)
    citizen_count = max(1, min(5000, a.dossiers // 100))
    existing = int(db.rows("SELECT COUNT(*) FROM citizens")[0][0])
    if existing < citizen_count:
        phone = "'08' || substr('00000000' || i, -8, 8)" if db.sqlite else "'08' || lpad(i::text, 8, '0')"
        db.run(f"INSERT INTO citizens (phone, password_hash, full_name, failed_logins, created_at) "
               f"SELECT {phone}, 'x', 'Công dân ' || i, 0, {now_ms} FROM {db.series(citizen_count)} WHERE i > {existing}")
    first_citizen = int(db.rows("SELECT MIN(id) FROM citizens")[0][0])

    base = int(db.rows("SELECT COALESCE(MAX(id), 0) FROM dossiers")[0][0])
    t0 = time.time()
    n = a.dossiers
    r = db.rand
    # One row of random draws per dossier, then every column from them.
    # Random draws per dossier first (PostgreSQL would draw again for every row a lookup scans),
    # then the lookups by those draws.
    raw = f"""
        SELECT {base} + s.i AS id, s.i AS i, {r(len(proc_slots))} AS rp, {r(len(commune_slots))} AS rc, {r(len(day_slots))} AS rd,
               {r(100)} AS r_late, {r(100)} AS r_online, {r(100)} AS r_outcome, {r(100)} AS r_pay, {r(100)} AS r_speed,
               {r(8 * 3600 * 1000)} AS r_time, {r(100)} AS r_rate, {r(100)} AS r_stall
        FROM {db.series(n)}"""
    draws = f"""
        SELECT x.id, x.i, (SELECT p FROM bench_proc_slots WHERE idx = x.rp) AS pi, (SELECT c FROM bench_commune_slots WHERE idx = x.rc) AS ci,
               (SELECT start_ms FROM bench_days WHERE idx = x.rd) AS day_ms, x.r_late, x.r_online, x.r_outcome, x.r_pay, x.r_speed,
               x.r_time, x.r_rate, x.r_stall
        FROM ({raw}) x"""
    db.run(f"DROP TABLE IF EXISTS bench_draws; CREATE TABLE bench_draws AS {draws}")
    db.run("CREATE UNIQUE INDEX bench_draws_id ON bench_draws (id)")
    # Facts per dossier: received instant, age in days, outcome, timeliness, durations.
    facts = f"""
        SELECT d.id, d.i, p.code AS procedure_code, p.days, p.workflow, p.commune_level, c.code AS commune,
               CASE WHEN p.commune_level = 1 THEN c.desk ELSE '{centre}' END AS receiving,
               CASE WHEN p.commune_level = 0 THEN p.department WHEN p.competent = 'communePolice' THEN c.police ELSE c.committee END AS handling,
               d.day_ms + 8 * 3600 * 1000 + d.r_time AS received_at,
               CASE WHEN d.r_online + ({today_ms} - d.day_ms) / 86400000 * 30 / {365 * a.years} < c.online THEN 'online'
                    ELSE 'counter' END AS channel,
               ({today_ms} - d.day_ms) / 86400000 AS age,
               CASE WHEN d.r_late < (CASE WHEN p.commune_level = 0 THEN p.late WHEN p.competent = 'communePolice' THEN c.police_late
                                          ELSE c.late END) THEN 'late'
                    WHEN d.r_speed < 60 THEN 'early' ELSE 'onTime' END AS timeliness,
               d.r_outcome, d.r_pay, d.r_speed, d.r_rate, d.r_stall
        FROM bench_draws d JOIN bench_procedures p ON p.idx = d.pi JOIN bench_communes c ON c.idx = d.ci"""
    db.run(f"DROP TABLE IF EXISTS bench_facts; CREATE TABLE bench_facts AS {facts}")
    day_ms = 86400 * 1000
    # Processing takes (days × share) calendar days; late ones take longer than the due date. Dossiers
    # within their processing time are mostly pending, and --stalled % of all never came to a decision.
    db.run(f"""DROP TABLE IF EXISTS bench_life; CREATE TABLE bench_life AS
        SELECT f.*, f.received_at + CAST((f.days * 1.45 + 1) AS BIGINT) * {day_ms} AS due_ms,
            CASE WHEN f.r_stall < {a.stalled} OR (f.age < f.days * 1.45 + 2 AND f.r_outcome < 70) THEN NULL
                 WHEN f.timeliness = 'late' THEN f.received_at + CAST((f.days * 1.45 + 3 + f.r_speed % 9) AS BIGINT) * {day_ms}
                 WHEN f.timeliness = 'early' THEN f.received_at + CAST((f.days * (0.3 + f.r_speed / 100.0)) AS BIGINT) * {day_ms} + 3600000
                 ELSE f.received_at + CAST((f.days * 1.45) AS BIGINT) * {day_ms} END AS resolved_at,
            CASE WHEN f.r_outcome < 93 THEN 'returned' WHEN f.r_outcome < 96 THEN 'refused' WHEN f.r_outcome < 98 THEN 'withdrawn'
                 ELSE 'stopped' END AS outcome
        FROM bench_facts f""")
    db.run(f"UPDATE bench_life SET resolved_at = NULL WHERE resolved_at > {now_ms}")
    due = db.day("l.due_ms")
    legal = due
    # Dossiers: finished ones in their terminal state, others in processing (or returned-ready).
    state = ("CASE WHEN l.resolved_at IS NULL THEN 'processing' WHEN l.outcome = 'returned' AND l.resolved_at + 86400000 > "
             f"{now_ms} THEN 'readyToReturn' ELSE l.outcome END")
    finished = (f"CASE WHEN l.resolved_at IS NULL OR (l.outcome = 'returned' AND l.resolved_at + 86400000 > {now_ms}) THEN NULL "
                "WHEN l.outcome = 'returned' THEN l.resolved_at + 86400000 ELSE l.resolved_at END")
    paid = "CASE WHEN l.r_pay < 30 THEN l.received_at + 7200000 ELSE NULL END"
    db.run(f"""INSERT INTO dossiers (id, code, idempotency_key, procedure_code, workflow_code, state, version, channel,
            receiving_agency_id, handling_agency_id, assignee_id, applicant_name, applicant_name_folded, applicant_id_number,
            applicant_phone, applicant_email, applicant_address, applicant_unit_code, submitted_at, received_at, due_date, legal_due_date,
            step_started_at, step_deadline, queue_key, resume_state, paused_legal_days, paused_appointment_days,
            supplement_count, apologized, resolved_at, finished_at, outcome, timeliness, fee_amount, paid_at, progress)
        SELECT l.id, 'BENCH-' || l.id, NULL, l.procedure_code, l.workflow, {state}, 3, l.channel, l.receiving, l.handling, NULL,
            'Nguyễn Văn An', 'nguyen van an', '038090001234', '0912345678', NULL, 'Thanh Hóa', l.commune, l.received_at, l.received_at,
            {due}, {legal}, l.received_at, NULL, {due}, NULL, NULL, NULL, 0, {false},
            CASE WHEN l.outcome = 'withdrawn' THEN {finished} ELSE l.resolved_at END, {finished},
            CASE WHEN {finished} IS NULL THEN NULL ELSE l.outcome END,
            CASE WHEN l.resolved_at IS NULL OR l.outcome = 'withdrawn' THEN NULL ELSE l.timeliness END,
            CASE WHEN l.r_pay < 30 THEN 50000 ELSE 0 END, {paid}, ''
        FROM bench_life l""")
    t1 = time.time()
    print(f"dossiers {n} in {t1 - t0:.1f} s", flush=True)
    # Events: receipt; payment; decision; return. Sequence numbers follow that order.
    ev_base = int(db.rows("SELECT COALESCE(MAX(id), 0) FROM dossier_events")[0][0])
    cols = ("id, dossier_id, sequence, action, from_state, to_state, actor_id, actor_name, actor_role, agency_id, occurred_at, "
            "note, step_deadline, step_timeliness, next_deadline, handling_agency_id, assignee_id, due_date")
    db.run(f"""INSERT INTO dossier_events ({cols})
        SELECT {ev_base} + l.i * 4 - 3, l.id, 1, 'receive', NULL, 'received', NULL, 'Cán bộ tiếp nhận', 'receiving', l.receiving,
            l.received_at, NULL, NULL, NULL, NULL, l.handling, NULL, {due} FROM bench_life l""")
    db.run(f"""INSERT INTO dossier_events ({cols})
        SELECT {ev_base} + l.i * 4 - 2, l.id, 2, 'confirmPayment', 'awaitingPayment', 'processing',
            CASE WHEN l.r_pay < 15 THEN NULL ELSE 1 END, 'Thanh toán', 'receiving', l.receiving,
            l.received_at + 7200000, NULL, NULL, NULL, NULL, l.handling, NULL, {due} FROM bench_life l WHERE l.r_pay < 30""")
    decision_action = ("CASE l.outcome WHEN 'returned' THEN 'approve' WHEN 'refused' THEN 'refuse' WHEN 'withdrawn' THEN 'withdraw' "
                       "ELSE 'stop' END")
    decision_state = "CASE l.outcome WHEN 'returned' THEN 'readyToReturn' ELSE l.outcome END"
    db.run(f"""INSERT INTO dossier_events ({cols})
        SELECT {ev_base} + l.i * 4 - 1, l.id, CASE WHEN l.r_pay < 30 THEN 3 ELSE 2 END, {decision_action}, 'processing', {decision_state},
            1, 'Lãnh đạo', 'leader', l.handling, CASE WHEN l.outcome = 'withdrawn' THEN {finished} ELSE l.resolved_at END,
            NULL, NULL, NULL, NULL, l.handling, NULL, {due} FROM bench_life l WHERE l.resolved_at IS NOT NULL""")
    db.run(f"""INSERT INTO dossier_events ({cols})
        SELECT {ev_base} + l.i * 4, l.id, CASE WHEN l.r_pay < 30 THEN 4 ELSE 3 END, 'returnResult', 'readyToReturn', 'returned',
            1, 'Cán bộ trả kết quả', 'returning', l.receiving, {finished}, NULL, NULL, NULL, NULL, l.handling, NULL, {due}
        FROM bench_life l WHERE l.outcome = 'returned' AND {finished} IS NOT NULL""")
    # Ratings for a tenth of the returned dossiers.
    db.run(f"""INSERT INTO ratings (dossier_id, citizen_id, agency_id, score, comment, created_at)
        SELECT l.id, {first_citizen} + l.i % {citizen_count}, l.handling,
            CASE WHEN l.r_rate < 2 THEN 'unsatisfied' WHEN l.r_rate < 5 THEN 'acceptable' ELSE 'satisfied' END, NULL, {finished} + 3600000
        FROM bench_life l WHERE l.outcome = 'returned' AND {finished} IS NOT NULL AND l.r_rate < 10""")
    db.run("UPDATE outbox_relay SET last_event_id = (SELECT MAX(id) FROM dossier_events) WHERE name = 'dossier_events'")
    events = int(db.rows(f"SELECT COUNT(*) FROM dossier_events WHERE id > {ev_base}")[0][0])
    t2 = time.time()
    print(f"dossier events {events} in {t2 - t1:.1f} s", flush=True)

    if a.reports:
        categories = [r[0] for r in db.rows("SELECT code FROM report_categories ORDER BY position")]
        db.load("bench_categories", ["code TEXT"], [(c,) for c in categories])
        rb = int(db.rows("SELECT COALESCE(MAX(id), 0) FROM field_reports")[0][0])
        reb = int(db.rows("SELECT COALESCE(MAX(id), 0) FROM report_events")[0][0])
        m = a.reports
        db.run(f"""DROP TABLE IF EXISTS bench_reports; CREATE TABLE bench_reports AS
            SELECT x.id, x.i, (SELECT code FROM bench_categories WHERE idx = x.rk) AS category,
                (SELECT c FROM bench_commune_slots WHERE idx = x.rc) AS ci,
                (SELECT start_ms FROM bench_days WHERE idx = x.rd) + 9 * 3600000 AS received_at, x.r_state, x.r_time
            FROM (SELECT {rb} + s.i AS id, s.i AS i, {r(len(categories))} AS rk, {r(len(commune_slots))} AS rc,
                         {r(len(day_slots))} AS rd, {r(100)} AS r_state, {r(100)} AS r_time FROM {db.series(m)}) x""")
        rday = db.day("b.received_at")
        answer_by = db.day(f"b.received_at + {21 * day_ms}")
        status = f"CASE WHEN b.received_at + {30 * day_ms} > {now_ms} AND b.r_state < 50 THEN 'inProgress' WHEN b.r_state < 5 THEN 'rejected' ELSE 'closed' END"
        escalated = f"CASE WHEN {status} = 'inProgress' AND {answer_by} < '{a.today}' THEN {true} ELSE {false} END"
        answered = f"CASE WHEN {status} = 'closed' THEN b.received_at + (CASE WHEN b.r_time < 80 THEN {5 * day_ms} ELSE {25 * day_ms} END) ELSE NULL END"
        db.run(f"""INSERT INTO field_reports (id, category, suggested_category, suggestion_confidence, description, public_description,
                attributes, latitude, longitude, unit_code, address, channel, reporter_name, reporter_phone, reporter_email, citizen_id,
                status, agency_id, assignee_id, version, received_at, received_day, accept_by, answer_by, answer, status_notes,
                updated_at, answered_at, answered_on_time, closed_at, rating, duplicate_of, hidden, escalated, token)
            SELECT b.id, b.category, NULL, NULL, 'Phản ánh mẫu', 'Phản ánh mẫu', '{{}}', NULL, NULL, c.code, NULL, 'web', NULL, NULL,
                NULL, NULL, {status}, c.committee, NULL, 2, b.received_at, {rday}, {rday}, {answer_by},
                CASE WHEN {answered} IS NULL THEN NULL ELSE 'Đã xử lý' END, NULL, b.received_at, {answered},
                CASE WHEN {answered} IS NULL THEN NULL WHEN b.r_time < 80 THEN {true} ELSE {false} END,
                {answered}, NULL, NULL, {false}, {escalated}, NULL
            FROM bench_reports b JOIN bench_communes c ON c.idx = b.ci""")
        db.run(f"""INSERT INTO report_events (id, report_id, action, from_status, to_status, actor_id, actor_name, agency_id, note, is_public, at)
            SELECT {reb} + b.i * 2 - 1, b.id, 'submit', NULL, 'received', NULL, 'Người dân', c.committee, NULL, {true}, b.received_at
            FROM bench_reports b JOIN bench_communes c ON c.idx = b.ci""")
        db.run(f"""INSERT INTO report_events (id, report_id, action, from_status, to_status, actor_id, actor_name, agency_id, note, is_public, at)
            SELECT {reb} + b.i * 2, b.id, 'answer', 'inProgress', 'answered', 1, 'Cán bộ', c.committee, NULL, {true}, {answered}
            FROM bench_reports b JOIN bench_communes c ON c.idx = b.ci WHERE {answered} IS NOT NULL""")
        db.run(f"""INSERT INTO report_events (id, report_id, action, from_status, to_status, actor_id, actor_name, agency_id, note, is_public, at)
            SELECT {reb} + b.i * 2, b.id, 'reject', 'received', 'rejected', 1, 'Cán bộ', c.committee, NULL, {true}, b.received_at + {day_ms}
            FROM bench_reports b JOIN bench_communes c ON c.idx = b.ci WHERE {status} = 'rejected'""")
        t3 = time.time()
        print(f"field reports {m} with events in {t3 - t2:.1f} s", flush=True)
    for t in ["draws", "facts", "life", "reports", "procedures", "proc_slots", "communes", "commune_slots", "days", "categories"]:
        db.run(f"DROP TABLE IF EXISTS bench_{t}")
    if not db.sqlite:  # the identity columns continue after the generated ids
        db.run("; ".join(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
                         for t in ["dossiers", "dossier_events", "field_reports", "report_events"]))
    if db.sqlite:
        db.conn.execute("ANALYZE")
    else:
        db.run("ANALYZE dossiers; ANALYZE dossier_events; ANALYZE field_reports; ANALYZE report_events; ANALYZE ratings")
    print(f"generated in {time.time() - t0:.1f} s", flush=True)


if __name__ == "__main__":
    main()
