#!/usr/bin/env python3
"""Register search with a million official documents in the store (issue 20): the p50/p95/max of
GET /api/v1/documents?q=... on the busiest register, through HTTP, on SQLite or PostgreSQL.

Usage: scripts/bench/documents.py [--backend sqlite|postgres] [--documents 1000000] [--largest 100000]
                                  [--requests 200] [--binary .build/release/motcua] [--json OUT]

Starts its own development server (demo province; SQLite in a temporary folder, or a throwaway schema of
the PostgreSQL server in MOTCUA_TEST_POSTGRES_URL), then writes the documents straight into its tables
with the words they are searched by (set-based: executemany on SQLite, COPY through psql on PostgreSQL): `--largest` of them in the
provincial People's Committee's incoming register of this year (the register the demo clerk `vanthu.ubnd`
searches), the rest spread over every agency, both directions and three years. Summaries, issuers, types
and signers are drawn from pools of real-looking Vietnamese text, folded into `search_text` as the
application folds it. Each query (common words, a rare word, a number and symbol, words that match
nothing and so read the whole register) is timed `--requests` times on one keep-alive connection after a
warm-up. Target: p95 under 50 ms. Prints one line per query and the overall p95; standard library only
(and psql for PostgreSQL).
"""
import argparse
import datetime as dt
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import unicodedata
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts", "browser"))
from lib.local_server import local_server  # noqa: E402

rng = random.Random(20261206)
TYPES = [("CV", "Công văn", 40), ("QĐ", "Quyết định", 15), ("TB", "Thông báo", 10), ("KH", "Kế hoạch", 8),
         ("BC", "Báo cáo", 10), ("GM", "Giấy mời", 8), ("TTr", "Tờ trình", 5), ("CT", "Chỉ thị", 2), ("NQ", "Nghị quyết", 2)]
ISSUERS = ["Bộ Nội vụ", "Bộ Tài chính", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Văn phòng Chính phủ", "Sở Y tế", "Sở Tư pháp",
           "Sở Xây dựng", "Sở Tài chính", "Sở Nội vụ", "UBND xã Hạc Thành", "Công an tỉnh", "Kho bạc Nhà nước khu vực"]
TOPICS = ["phòng chống dịch sốt xuất huyết", "giao chỉ tiêu biên chế công chức", "cải cách thủ tục hành chính",
          "chuyển đổi số trong cơ quan nhà nước", "quyết toán ngân sách năm", "tổ chức hội nghị trực tuyến",
          "phòng chống thiên tai và tìm kiếm cứu nạn", "bảo đảm trật tự an toàn giao thông", "tuyển sinh đầu cấp",
          "giải phóng mặt bằng dự án", "kiểm tra công tác văn thư lưu trữ", "thực hiện chế độ báo cáo định kỳ",
          "tiếp công dân và giải quyết khiếu nại", "xây dựng nông thôn mới", "quản lý trật tự xây dựng đô thị"]
LEADS = ["Về việc", "Triển khai", "Hướng dẫn", "Đôn đốc", "Báo cáo tình hình", "Kế hoạch"]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Đặng Thị Phương"]
QUERIES = [("common words", "phong chong"), ("two rare words", "bien che cong chuc"), ("an issuer", "so y te"),
           ("number and symbol", "17/snv"), ("a type and a topic", "quyet dinh nong thon"),
           ("nothing matches", "khong co van ban nao"), ("no search", "")]


def fold(text):
    """VietnameseFolding.fold: marks stripped, đ to d, lower case, dashes and punctuation as spaces."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            continue
        if ch in "đĐ":
            out.append("d")
        elif ch.isspace() or unicodedata.category(ch) == "Pd" or ch in ",.;:()":
            out.append(" ")
        else:
            out.append(ch.lower())
    return " ".join("".join(out).split())


def documents(registers, largest, total, year):
    """(register id, number, columns...) rows: `largest` in the first register, the rest spread."""
    numbers = {r: 0 for r in registers}
    weights = [t[2] for t in TYPES]
    for i in range(total):
        register = registers[0] if i < largest else rng.choice(registers[1:])
        numbers[register] += 1
        code, name, _ = rng.choices(TYPES, weights)[0]
        issuer, signer = rng.choice(ISSUERS), rng.choice(SIGNERS)
        symbol = f"{rng.randint(1, 3000)}/{rng.choice(['UBND', 'SNV', 'SYT', 'STC', 'BNV'])}-{rng.choice(['VP', 'VX', 'KT', 'NC'])}"
        summary = f"{rng.choice(LEADS)} {rng.choice(TOPICS)}"
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
        received = int(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.timezone.utc).timestamp() * 1000)
        folded = fold(" ".join([symbol, name, issuer, summary, signer]))
        yield (register, numbers[register], symbol, code, day.isoformat(), issuer, summary, signer, "normal", "normal",
               received, "vanthu.bench", "registered", folded, 1)


def words(rows):
    """The rows of official_document_words for `rows` (RegisterQuery.words: split at spaces and slashes, once each)."""
    for row in rows:
        for word in dict.fromkeys(row[13].replace("/", " ").split()):
            yield (row[0], word, row[1])


COLUMNS = ("register_id, number, number_symbol, type_code, document_date, issuer, summary, signer, urgency, "
           "confidentiality, received_at, registered_by, status, search_text, version")


def fill_sqlite(path, largest, total, year):
    db = sqlite3.connect(path, timeout=60)
    registers = make_registers(lambda q, *a: db.execute(q, a).fetchall(), lambda q, *a: db.execute(q, a), year)
    db.commit()
    started = time.time()
    rows = list(documents(registers, largest, total, year))
    db.executemany(f"INSERT INTO official_documents ({COLUMNS}) VALUES ({', '.join('?' * 15)})", rows)
    db.executemany("INSERT INTO official_document_words (register_id, word, number) VALUES (?, ?, ?)", words(rows))
    db.execute("UPDATE document_registers SET last_number = (SELECT COALESCE(MAX(number), 0) FROM official_documents d "
               "WHERE d.register_id = document_registers.id)")
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return time.time() - started


def psql(url, schema, sql, stdin=None):
    env = dict(os.environ, PGOPTIONS=f"-c search_path={schema}")
    out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], input=stdin, env=env,
                         capture_output=True, text=True, check=True)
    return [line.split("|") for line in out.stdout.splitlines() if line]


def fill_postgres(url, schema, largest, total, year):
    registers = make_registers(lambda q, *a: psql(url, schema, q.replace("?", "%s") % tuple(quote(x) for x in a)),
                               lambda q, *a: psql(url, schema, q.replace("?", "%s") % tuple(quote(x) for x in a)), year)
    started = time.time()
    rows = list(documents(registers, largest, total, year))
    psql(url, schema, f"COPY official_documents ({COLUMNS}) FROM STDIN", stdin="".join(
        "\t".join(str(v) for v in row) + "\n" for row in rows))
    psql(url, schema, "COPY official_document_words (register_id, word, number) FROM STDIN", stdin="".join(
        "\t".join(str(v) for v in row) + "\n" for row in words(rows)))
    psql(url, schema, "UPDATE document_registers SET last_number = (SELECT COALESCE(MAX(number), 0) FROM official_documents d "
                      "WHERE d.register_id = document_registers.id)")
    # A table in service is vacuumed by autovacuum; right after a bulk load its visibility map is empty and index-only
    # scans read the heap, which is not the steady state measured.
    psql(url, schema, "VACUUM ANALYZE official_documents")
    psql(url, schema, "VACUUM ANALYZE official_document_words")
    return time.time() - started


def quote(value):
    return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


def make_registers(query, execute, year):
    """The registers: the UBND's incoming register of `year` first, then every agency's for three years."""
    ubnd = query("SELECT agency_id FROM officers WHERE username = ?", "vanthu.ubnd")[0][0]
    execute("INSERT INTO document_registers (agency_id, direction, year, last_number) "
            "SELECT a.id, d.direction, y.year, 0 FROM agencies a "
            "CROSS JOIN (SELECT 'incoming' AS direction UNION ALL SELECT 'outgoing') d "
            "CROSS JOIN (SELECT ? AS year UNION ALL SELECT ? UNION ALL SELECT ?) y WHERE 1 = 1 "
            "ON CONFLICT (agency_id, direction, year) DO NOTHING", year - 2, year - 1, year)
    first, rest = None, []
    for register_id, agency, direction, y in query("SELECT id, agency_id, direction, year FROM document_registers ORDER BY id"):
        if (agency, direction, int(y)) == (ubnd, "incoming", year):
            first = int(register_id)
        else:
            rest.append(int(register_id))
    return [first] + rest


def measure(base, requests, year):
    host = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    body = json.dumps({"username": "vanthu.ubnd", "password": "motcua2026"})
    conn.request("POST", "/api/v1/session", body, {"Content-Type": "application/json"})
    token = json.loads(conn.getresponse().read())["token"]
    results = []
    for label, q in QUERIES:
        path = f"/api/v1/documents?direction=incoming&year={year}" + (f"&q={urllib.parse.quote(q)}" if q else "")
        times, found = [], 0
        for i in range(requests + 10):
            started = time.perf_counter()
            conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            answer = conn.getresponse()
            data = answer.read()
            if answer.status != 200:
                raise SystemExit(f"{path}: HTTP {answer.status} {data[:200]!r}")
            if i >= 10:
                times.append((time.perf_counter() - started) * 1000)
            found = len(json.loads(data)["items"])
        times.sort()
        pick = lambda p: times[min(len(times) - 1, int(p * len(times)))]  # noqa: E731
        results.append({"query": label, "q": q, "found": found, "p50": pick(0.5), "p95": pick(0.95), "max": times[-1]})
        print(f"{label:>20} q={q!r:<26} found {found:>5}  p50 {pick(0.5):7.1f} ms  p95 {pick(0.95):7.1f} ms  "
              f"max {times[-1]:7.1f} ms", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--largest", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/motcua"))
    parser.add_argument("--json")
    args = parser.parse_args()
    year = dt.date.today().year
    env, url, schema = {}, None, None
    if args.backend == "postgres":
        url = os.environ.get("MOTCUA_TEST_POSTGRES_URL") or sys.exit("MOTCUA_TEST_POSTGRES_URL is not set")
        schema = "bench_documents_" + uuid.uuid4().hex[:8]
        env = dict(DATABASE_URL=url, DATABASE_SCHEMA=schema)
        psql(url, "public", f"CREATE SCHEMA {schema}")
    try:
        with local_server(args.binary, "motcua-bench-documents-", STATISTICS_POLL_SECONDS="3600", **env) as server:
            if args.backend == "sqlite":
                seconds = fill_sqlite(os.path.join(server.folder, "motcua.sqlite"), args.largest, args.documents, year)
            else:
                seconds = fill_postgres(url, schema, args.largest, args.documents, year)
            print(f"{args.backend}: {args.documents} documents written in {seconds:.0f} s "
                  f"({args.largest} in the searched register)", flush=True)
            results = measure(server.base, args.requests, year)
    finally:
        if schema:
            psql(url, "public", f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    worst = max(r["p95"] for r in results)
    print(f"{args.backend}: worst p95 {worst:.1f} ms (target 50 ms): {'met' if worst < 50 else 'MISSED'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"backend": args.backend, "documents": args.documents, "largest": args.largest, "results": results}, f,
                      indent=1)


if __name__ == "__main__":
    main()
