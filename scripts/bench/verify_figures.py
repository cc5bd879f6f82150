#!/usr/bin/env python3
"""Checks, at benchmark scale, that what a leader sees is the raw data: the province dashboard
(API) of a month and of a year against counts taken directly from the dossier and field-report
rows, for the province, every commune and every agency, and the pending dossiers of today.

Usage: verify_figures.py --base URL (--sqlite FILE | --postgres-schema SCHEMA) [--month 2026-11]
psql settings come from the PG* variables. Prints one line per figure and exits 1 on a mismatch.
The aggregates are built from the event histories; these counts read the dossier rows, so the two
paths meet only in the data. Per agency, the generated dossiers never change agency, so the
dossier's handling agency is the one of its receipt and decision.
Python standard library only.
"""
import argparse
import datetime as dt
import json
import os
import sys
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_history import DB  # noqa: E402  (one wrapper of SQLite and psql for both scripts)

LOCAL = dt.timezone(dt.timedelta(hours=7))


def bounds(first, last):
    """Milliseconds of the first instant of month `first` and of the month after `last`, in Thanh Hóa."""
    start = dt.datetime(first[0], first[1], 1, tzinfo=LOCAL)
    y, m = (last[0] + 1, 1) if last[1] == 12 else (last[0], last[1] + 1)
    return int(start.timestamp() * 1000), int(dt.datetime(y, m, 1, tzinfo=LOCAL).timestamp() * 1000)


def raw_flows(db, start, end, group=None):
    """The dashboard's dossier counters for [start, end) from the dossier rows, per `group` (an SQL
    expression over d and a) or for the whole province under the key ''."""
    key = group or "''"
    within = lambda column: f"d.{column} >= {start} AND d.{column} < {end}"
    decided = (f"{within('resolved_at')} AND d.received_at IS NOT NULL "
               "AND NOT (COALESCE(d.outcome, '') = 'withdrawn' AND COALESCE(d.finished_at, -1) = d.resolved_at)")
    columns = {
        "received": within("received_at"),
        "received_online": f"{within('received_at')} AND d.channel = 'online'",
        "resolved": decided,
        "resolved_early": f"{decided} AND d.timeliness = 'early'",
        "resolved_on_time": f"{decided} AND d.timeliness = 'onTime'",
        "resolved_late": f"{decided} AND d.timeliness = 'late'",
        "returned": f"{within('finished_at')} AND d.outcome = 'returned'",
        "refused": f"{within('finished_at')} AND d.outcome = 'refused' AND d.received_at IS NOT NULL",
        "withdrawn": f"{within('finished_at')} AND d.outcome = 'withdrawn' AND d.received_at IS NOT NULL",
        "paid": within("paid_at"),
    }
    sums = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for cond in columns.values())
    rows = db.rows(f"""SELECT {key}, {sums},
            SUM(CASE WHEN {decided} THEN d.resolved_at - d.received_at ELSE 0 END)
        FROM dossiers d JOIN agencies a ON a.id = d.receiving_agency_id
        WHERE ({within('received_at')}) OR ({within('resolved_at')}) OR ({within('finished_at')}) OR ({within('paid_at')})
        GROUP BY 1""")
    result = {}
    for row in rows:
        values = [int(v or 0) for v in row[1:]]
        result[row[0] or ""] = dict(zip(list(columns) + ["processing_ms"], values))
    return result


def raw_pending(db, today):
    """Pending dossiers now: received, neither decided nor finished; waiting (clock stopped), past or within the date."""
    paused = []
    for code, body in db.rows("SELECT code, body FROM workflows"):
        paused += [f"'{code}:{s['code']}'" for s in json.loads(body)["states"] if s.get("clockStopped")]
    codes = ", ".join(paused) or "''"
    stopped = f"(d.workflow_code || ':' || d.state) IN ({codes})"
    row = db.rows(f"""SELECT
            SUM(CASE WHEN {stopped} THEN 1 ELSE 0 END),
            SUM(CASE WHEN NOT {stopped} AND d.due_date < '{today}' THEN 1 ELSE 0 END),
            SUM(CASE WHEN NOT {stopped} AND d.due_date >= '{today}' THEN 1 ELSE 0 END)
        FROM dossiers d WHERE d.received_at IS NOT NULL AND d.resolved_at IS NULL AND d.finished_at IS NULL""")[0]
    return {"paused": int(row[0] or 0), "pastDeadline": int(row[1] or 0), "withinDeadline": int(row[2] or 0)}


def raw_reports(db, start, end):
    """Field reports received in [start, end) per category."""
    return {c: int(n) for c, n in db.rows(f"""SELECT category, COUNT(*) FROM field_reports
        WHERE received_at >= {start} AND received_at < {end} GROUP BY 1""")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--sqlite")
    ap.add_argument("--postgres-schema")
    ap.add_argument("--month", default="2026-11")
    a = ap.parse_args()
    if bool(a.sqlite) == bool(a.postgres_schema):
        sys.exit("give --sqlite FILE or --postgres-schema SCHEMA")
    db = DB(sqlite_file=a.sqlite, schema=a.postgres_schema)

    def get(path, token=None, body=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        request = urllib.request.Request(a.base + path, data=json.dumps(body).encode() if body else None, headers=headers)
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.load(response)

    token = get("/api/v1/session", body={"username": "quantri", "password": "motcua2026"})["token"]
    year, month = (int(x) for x in a.month.split("-"))
    today = dt.datetime.now(LOCAL).date().isoformat()
    failures, checked = 0, 0

    def check(label, shown, raw):
        nonlocal failures, checked
        checked += 1
        if shown != raw:
            failures += 1
            print(f"MISMATCH {label}: dashboard {shown}, raw rows {raw}", flush=True)

    for period, first, last in [(a.month, (year, month), (year, month)), (str(year), (year, 1), (year, 12))]:
        start, end = bounds(first, last)
        shown = get(f"/api/v1/statistics/dashboard?period={urllib.parse.quote(period)}", token)
        province = raw_flows(db, start, end).get("", {})
        for metric, value in province.items():
            check(f"{period} province {metric}", shown["flows"].get(metric, 0), value)
        communes = raw_flows(db, start, end, "COALESCE(a.unit_code, d.applicant_unit_code, '')")
        shown_communes = {c["key"]: c["flows"] for c in shown["communes"]}
        for key in set(communes) | set(shown_communes):
            if key:
                for metric in ("received", "resolved", "resolved_late", "returned"):
                    check(f"{period} commune {key} {metric}", shown_communes.get(key, {}).get(metric, 0),
                          communes.get(key, {}).get(metric, 0))
        agencies = raw_flows(db, start, end, "d.handling_agency_id")
        shown_agencies = {c["key"]: c["flows"] for c in shown["agencies"]}
        for key in set(agencies) | set(shown_agencies):
            for metric in ("received", "resolved", "resolved_late"):
                check(f"{period} agency {key} {metric}", shown_agencies.get(key, {}).get(metric, 0), agencies.get(key, {}).get(metric, 0))
        reports = raw_reports(db, start, end)
        shown_reports = {c["key"]: c["flows"].get("received", 0) for c in shown["reportsByCategory"]}
        for key in set(reports) | set(shown_reports):
            check(f"{period} field reports {key} received", shown_reports.get(key, 0), reports.get(key, 0))
        print(f"{period}: {province.get('received', 0)} dossiers received, {province.get('resolved', 0)} decided "
              f"({province.get('resolved_late', 0)} late), {sum(reports.values())} field reports; "
              f"{len(communes)} communes, {len(agencies)} agencies compared", flush=True)
    pending = raw_pending(db, today)
    for k, v in pending.items():
        check(f"pending {k} ({today})", shown["pending"].get(k, 0), v)
    print(f"pending on {today}: {pending}", flush=True)
    print(f"{checked} figures compared, {failures} mismatches", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
