#!/usr/bin/env python3
"""Measures the officers' dossier search (issue 19) on PostgreSQL with about a million dossiers.

Usage: scripts/bench/search.py [--dossiers 1000000] [--requests 200] [--binary .build/debug/motcua]
                               [--url postgres://motcua:motcua@127.0.0.1:55432/motcua?sslmode=disable] [--schema bench_search]

A throwaway schema is made, migrated and seeded by the server itself (development mode: demo officers);
then N dossiers are written by one set-based INSERT ... SELECT (names drawn from common Vietnamese family,
middle and given names, with their folded form as the application writes it; distinct phones, ID numbers and
codes; agencies, procedures, states and channels from the seeded data), and ANALYZE runs. The server
then answers GET /api/v1/dossiers, one request at a time on one connection, for each kind of search
(name prefix, code prefix, phone, ID number) as the province administrator (whole province) and as a
commune desk officer (its agency only); the script prints p50, p95 and max per kind, and the plan
PostgreSQL chooses for each kind (EXPLAIN), which must name the search indexes. The schema is dropped at
the end unless --keep. Python standard library and psql only.
"""
import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.parse

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
FAMILY_WEIGHT = [38, 11, 9, 7, 5, 2, 4, 4, 2, 2, 2, 2, 1, 1, 1, 1]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quang", "Thu", "Xuân", "Hoài", "Bảo"]
GIVEN = ["An", "Anh", "Bình", "Châu", "Chi", "Cường", "Dũng", "Dung", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Hương", "Huy", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngân", "Nhung", "Phong", "Phúc", "Phương", "Quân",
         "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vy"]


def fold(text):
    """The application's VietnameseFolding for plain names: marks dropped, đ to d, lower case, one space."""
    out = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(out.replace("đ", "d").replace("Đ", "D").lower().split())


def psql(url, schema, sql):
    done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", f"SET search_path TO {schema}; {sql}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"psql: {done.stderr.strip()}\n{sql[:300]}")
    return done.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sql_array(items):
    return "(ARRAY[" + ", ".join("'" + i.replace("'", "''") + "'" for i in items) + "])"


def fill(url, schema, n):
    agencies = psql(url, schema, "SELECT string_agg(id, ',' ORDER BY id) FROM agencies").split(",")
    procedures = psql(url, schema, "SELECT string_agg(code, ',' ORDER BY code) FROM procedures").split(",")
    family = [f for f, w in zip(FAMILY, FAMILY_WEIGHT) for _ in range(w)]
    names = f"""
        SELECT s.i, {sql_array(family)}[1 + (hashint4(s.i) & 2147483647) % {len(family)}] AS f,
               {sql_array(MIDDLE)}[1 + (hashint4(s.i + 7) & 2147483647) % {len(MIDDLE)}] AS m,
               {sql_array(GIVEN)}[1 + (hashint4(s.i + 13) & 2147483647) % {len(GIVEN)}] AS g,
               {sql_array(agencies)}[1 + (hashint4(s.i + 17) & 2147483647) % {len(agencies)}] AS agency,
               {sql_array(procedures)}[1 + (hashint4(s.i + 19) & 2147483647) % {len(procedures)}] AS procedure,
               1700000000000 + s.i::bigint * 60000 AS at
        FROM generate_series(1, {n}) AS s(i)"""
    folded = lambda col: f"lower(translate({col}, '{''.join(sorted(set(''.join(FAMILY + MIDDLE + GIVEN))))}', " \
        f"'{''.join(fold(c) or c for c in sorted(set(''.join(FAMILY + MIDDLE + GIVEN))))}'))"
    state = "(ARRAY['received','processing','awaitingApproval','readyToReturn','returned'])[1 + x.i % 5]"
    t0 = time.time()
    psql(url, schema, f"""INSERT INTO dossiers (code, idempotency_key, procedure_code, workflow_code, state, version, channel,
            receiving_agency_id, handling_agency_id, assignee_id, applicant_name, applicant_name_folded, applicant_id_number,
            applicant_phone, applicant_email, applicant_address, applicant_unit_code, submitted_at, received_at, due_date,
            legal_due_date, step_started_at, step_deadline, queue_key, resume_state, paused_legal_days, paused_appointment_days,
            supplement_count, apologized, resolved_at, finished_at, outcome, timeliness, fee_amount, paid_at, progress)
        SELECT x.agency || '-' || to_char(to_timestamp(x.at / 1000), 'YYMMDD') || '-' || lpad((x.i % 10000)::text, 6, '0')
                   || lpad((x.i / 10000)::text, 3, '0'),
            NULL, x.procedure, 'ONE_STOP_DEFAULT', {state}, 1,
            CASE WHEN x.i % 3 = 0 THEN 'online' ELSE 'counter' END, x.agency, x.agency, NULL,
            x.f || ' ' || x.m || ' ' || x.g, {folded("x.f || ' ' || x.m || ' ' || x.g")},
            '0' || lpad((38000000000 + x.i)::text, 11, '0'), '09' || lpad(x.i::text, 8, '0'), NULL, 'Thanh Hóa', NULL,
            x.at, x.at, '2026-12-31', '2026-12-31', x.at, NULL, '2026-12-31', NULL, NULL, NULL, 0, FALSE, NULL, NULL, NULL,
            NULL, 0, NULL, ''
        FROM ({names}) x""")
    psql(url, schema, "ANALYZE dossiers")
    return agencies, time.time() - t0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dossiers", type=int, default=1_000_000)
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--binary", default=".build/debug/motcua")
    p.add_argument("--url", default=os.environ.get("MOTCUA_TEST_POSTGRES_URL",
                                                   "postgres://motcua:motcua@127.0.0.1:55432/motcua?sslmode=disable"))
    p.add_argument("--schema", default="bench_search")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    plain_url = a.url.split("?")[0]
    subprocess.run(["psql", "-X", "-q", plain_url, "-c", f"SET client_min_messages = warning; DROP SCHEMA IF EXISTS {a.schema} CASCADE; "
                    f"CREATE SCHEMA {a.schema}"], check=True)
    port = free_port()
    env = dict(os.environ, MOTCUA_ENV="development", PORT=str(port), HOST="127.0.0.1", BCRYPT_COST="4", DATABASE_URL=a.url,
               DATABASE_SCHEMA=a.schema, RATE_LIMIT_REQUESTS_PER_MINUTE="0", RATE_LIMIT_LOOKUPS_PER_HOUR="1000000",
               DATA_DIR=f"/tmp/{a.schema}-data")
    server = subprocess.Popen([a.binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(600):
            try:
                conn.request("GET", "/healthz")
                if conn.getresponse().read() is not None and True:
                    break
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                time.sleep(0.5)
        agencies, seconds = fill(plain_url, a.schema, a.dossiers)
        print(f"# {a.dossiers} dossiers written and analysed in {seconds:.0f} s")
        tokens = {}
        for user in ["quantri", "tiepnhan.hacthanh"]:
            conn.request("POST", "/api/v1/session", json.dumps({"username": user, "password": "motcua2026"}),
                         {"Content-Type": "application/json"})
            tokens[user] = json.loads(conn.getresponse().read())["token"]
        rng = random.Random(19)
        codes = psql(plain_url, a.schema, "SELECT string_agg(code, ',') FROM (SELECT code FROM dossiers TABLESAMPLE SYSTEM (1) "
                     "LIMIT 500) c").split(",")
        desk_codes = psql(plain_url, a.schema, "SELECT string_agg(code, ',') FROM (SELECT code FROM dossiers WHERE receiving_agency_id = "
                          "'MC14797.H56' LIMIT 200) c").split(",")
        kinds = {
            "name (family middle given)": lambda: {"name": fold(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")},
            "name (family middle)": lambda: {"name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)}"},
            "code (whole, lower case)": lambda: {"code": rng.choice(codes).lower()},
            "code (agency and day prefix)": lambda: {"code": rng.choice(codes)[:-10]},
            "phone": lambda: {"phone": "09" + str(rng.randrange(1, a.dossiers)).zfill(8)},
            "ID number": lambda: {"idNumber": "0" + str(38000000000 + rng.randrange(1, a.dossiers)).zfill(11)},
            "name + state + channel": lambda: {"name": rng.choice(FAMILY), "state": "processing", "channel": "online"},
        }
        results = []
        for user, token in tokens.items():
            for kind, make in kinds.items():
                if user != "quantri" and kind.startswith("code (whole"):
                    make = lambda: {"code": rng.choice(desk_codes).lower()}
                times = []
                for _ in range(a.requests):
                    path = "/api/v1/dossiers?" + urllib.parse.urlencode(make())
                    t = time.perf_counter()
                    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
                    response = conn.getresponse()
                    response.read()
                    times.append((time.perf_counter() - t) * 1000)
                    if response.status != 200:
                        sys.exit(f"{path}: {response.status}")
                times.sort()
                line = (f"{user:18} {kind:30} p50 {times[len(times) // 2]:7.1f} ms  p95 {times[int(len(times) * 0.95) - 1]:7.1f} ms  "
                        f"max {times[-1]:7.1f} ms")
                results.append(line)
                print(line, flush=True)
        for label, where in [
            ("name", "applicant_name_folded >= 'nguyen van a' AND applicant_name_folded < 'nguyen van a\U0010FFFF' "
                     "ORDER BY applicant_name_folded, id"),

            ("code", f"code COLLATE \"C\" >= '{codes[0][:-10]}' AND code COLLATE \"C\" < '{codes[0][:-10]}\U0010FFFF' "
                     "ORDER BY code COLLATE \"C\""),
            ("phone", "applicant_phone IN ('0900012345', '+84900012345') ORDER BY id DESC"),
            ("ID number", "applicant_id_number = '038000012345' ORDER BY id DESC"),
        ]:
            plan = psql(plain_url, a.schema, f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM dossiers WHERE {where} LIMIT 21")
            print(f"\n# EXPLAIN {label}\n{plan}")
        # An agency's name search: one branch by receiving agency, one by handling agency (as SQLDossierSearch writes it).
        name = "applicant_name_folded >= 'nguyen' AND applicant_name_folded < 'nguyen\U0010FFFF'"
        order = "ORDER BY applicant_name_folded, id LIMIT 21"
        union = (f"SELECT * FROM (SELECT * FROM dossiers WHERE receiving_agency_id = 'MC14797.H56' AND {name} {order}) AS r UNION "
                 f"SELECT * FROM (SELECT * FROM dossiers WHERE handling_agency_id = 'MC14797.H56' AND {name} {order}) AS h {order}")
        print(f"\n# EXPLAIN name 'nguyen', agency scope\n{psql(plain_url, a.schema, 'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ' + union)}")
    finally:
        server.terminate()
        server.wait()
        if not a.keep:
            subprocess.run(["psql", "-X", "-q", plain_url, "-c", f"SET client_min_messages = warning; DROP SCHEMA IF EXISTS {a.schema} CASCADE"],
                           check=False)


if __name__ == "__main__":
    main()
