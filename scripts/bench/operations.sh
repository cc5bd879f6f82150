#!/usr/bin/env bash
# The operations-centre benchmark of issue 5: scripts/bench/operations.sh [sqlite|postgres|all]
#
# For each backend and each size in BENCH_SIZES (default "1000000 10000000" dossiers, plus
# BENCH_REPORTS field reports, default 1000000): a fresh database (SQLite file; PostgreSQL in a
# throwaway cluster), migrated and seeded by `motcua seed`; a generated history
# (scripts/bench/generate_history.py: dossiers with their events, ratings, field reports with theirs);
# the aggregates rebuilt from the histories by `motcua rebuild-statistics` (timed); then the release
# server measured by scripts/bench/measure_pages.py (sequential requests, p50/p95/p99 per page).
# Targets: p95 under 100 ms at the largest size; p95(largest) / p95(smallest) at most 1.5.
# Exits 0 when targets are missed (it is a measurement) but prints MISSED. Results go to
# artifacts/bench/operations-<timestamp>.txt (and .json per run). Knobs: BENCH_SIZES, BENCH_REPORTS,
# BENCH_REQUESTS=200, BENCH_SKIP_BUILD=1 (use the existing .build/release/motcua).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
MODE=${1:-all}
case "$MODE" in
    sqlite) BACKENDS=(sqlite) ;;
    postgres) BACKENDS=(postgres) ;;
    all) BACKENDS=(sqlite postgres) ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: scripts/bench/operations.sh [sqlite|postgres|all]" >&2; exit 2 ;;
esac
read -r -a SIZES <<<"${BENCH_SIZES:-1000000 10000000}"
REPORTS=${BENCH_REPORTS:-1000000}
REQUESTS=${BENCH_REQUESTS:-200}
P95_TARGET=100
RATIO_TARGET=1.5

SCRIPT_NAME=scripts/bench/operations.sh
WORK=$(mktemp -d /tmp/mcops.XXXXXX)
chmod 755 "$WORK"
# shellcheck source=../lib/common.sh
. scripts/lib/common.sh

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p artifacts/bench
RESULTS=$ROOT/artifacts/bench/operations-$STAMP.txt
: >"$RESULTS"
report() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [[ " ${BACKENDS[*]} " == *" postgres "* ]] && ! have_postgres; then missing+=(postgresql); fi
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -x .build/release/motcua ]; then
    say "swift build -c release --product motcua (several minutes on a cold machine)"
    swift build -c release --product motcua || fail "swift build -c release --product motcua"
fi
mkdir -p "$WORK/bin"
cp .build/release/motcua "$WORK/bin/ops-bench-server"
cp -R .build/release/*.resources "$WORK/bin/" 2>/dev/null || true
BIN=$WORK/bin/ops-bench-server

if [[ " ${BACKENDS[*]} " == *" postgres "* ]]; then
    start_postgres 55452 motcua_ops
    export PGHOST=127.0.0.1 PGPORT PGUSER=motcua PGPASSWORD=motcua PGDATABASE=motcua_ops PATH="$PGBIN:$PATH"
fi

report "# operations-centre benchmark $STAMP on $(nproc) cores; sizes: ${SIZES[*]} dossiers, $REPORTS field reports"
declare -A P95
for backend in "${BACKENDS[@]}"; do
    for size in "${SIZES[@]}"; do
        label="$backend $size"
        envs=(MOTCUA_ENV=development BCRYPT_COST=4 LOG_LEVEL=warning STATISTICS_POLL_SECONDS=3600 DATA_DIR="$WORK/data-$backend-$size")
        if [ "$backend" = postgres ]; then
            schema=ops_$size
            psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" || fail "CREATE SCHEMA $schema"
            envs+=(DATABASE_URL="postgres://motcua:motcua@127.0.0.1:$PGPORT/motcua_ops?sslmode=disable" DATABASE_SCHEMA="$schema")
            target=(--postgres-schema "$schema")
        else
            target=(--sqlite "$WORK/data-$backend-$size/motcua.sqlite")
        fi
        say "$label: migrate and seed"
        env "${envs[@]}" "$BIN" seed >/dev/null || fail "$label: motcua seed"
        say "$label: generating the history"
        start=$SECONDS
        python3 scripts/bench/generate_history.py "${target[@]}" --dossiers "$size" --reports "$REPORTS" | tee -a "$RESULTS" \
            || fail "$label: generate_history.py"
        report "$label: history generated in $((SECONDS - start)) s"
        say "$label: rebuilding the aggregates"
        start=$SECONDS
        env "${envs[@]}" "$BIN" rebuild-statistics | tee -a "$RESULTS" || fail "$label: rebuild-statistics"
        report "$label: rebuild wall time $((SECONDS - start)) s"
        if [ "$backend" = postgres ]; then
            rows=$(psql -X -A -t -c "SELECT (SELECT COUNT(*) FROM $schema.stat_dossier_flows) || ' flow rows, ' || (SELECT COUNT(*) FROM $schema.stat_dossier_open) || ' pending rows, database ' || pg_size_pretty(pg_database_size('motcua_ops'))")
        else
            rows=$(python3 -c "import sqlite3,sys,os; c=sqlite3.connect(sys.argv[1]); print(c.execute('SELECT COUNT(*) FROM stat_dossier_flows').fetchone()[0], 'flow rows,', c.execute('SELECT COUNT(*) FROM stat_dossier_open').fetchone()[0], 'pending rows, file', round(os.path.getsize(sys.argv[1])/2**30, 2), 'GiB')" "$WORK/data-$backend-$size/motcua.sqlite")
        fi
        report "$label: $rows"
        port=$(free_port)
        env "${envs[@]}" PORT="$port" HOST=127.0.0.1 "$BIN" serve >"$WORK/server-$backend-$size.log" 2>&1 &
        SERVER_PID=$!
        deadline=$((SECONDS + 300))
        until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
            kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server-$backend-$size.log" >&2; fail "$label: the server exited"; }
            [ "$SECONDS" -lt "$deadline" ] || fail "$label: the server did not answer /healthz"
            sleep 0.5
        done
        python3 scripts/bench/measure_pages.py --base "http://127.0.0.1:$port" --requests "$REQUESTS" --label "$label" \
            --json "$ROOT/artifacts/bench/operations-$STAMP-$backend-$size.json" | tee -a "$RESULTS" || fail "$label: measuring"
        stop_server
        P95["$backend $size"]=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(max(v['p95'] for v in r.values()))" \
            "$ROOT/artifacts/bench/operations-$STAMP-$backend-$size.json")
        if [ "$backend" = postgres ]; then psql -X -q -c "DROP SCHEMA $schema CASCADE" || true; else rm -rf "$WORK/data-$backend-$size"; fi
    done
done

report ""
report "## summary (worst p95 over the endpoints, ms; targets: < $P95_TARGET ms at the largest size, ratio <= $RATIO_TARGET)"
smallest=${SIZES[0]}; largest=${SIZES[-1]}
for backend in "${BACKENDS[@]}"; do
    small=${P95["$backend $smallest"]}; large=${P95["$backend $largest"]}
    ratio=$(python3 -c "print(round($large / $small, 2))")
    verdict=$(python3 -c "print('met' if $large < $P95_TARGET and $ratio <= $RATIO_TARGET else 'MISSED')")
    report "$backend: p95 $small ms at $smallest, $large ms at $largest, ratio $ratio: $verdict"
done
report "results: ${RESULTS#"$ROOT"/}"
