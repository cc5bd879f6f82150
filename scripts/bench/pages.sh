#!/usr/bin/env bash
# Page rendering against the bare rate, for one or more binaries in the same run (issue 15):
#   scripts/bench/pages.sh [NAME=BINARY_DIR ...]     (default: this tree's release build)
#
# For each binary (a folder holding `motcua` and its *.resources bundles, e.g. .build/release or a
# copy of an older build), starts the server on a fresh SQLite demo database and measures with wrk
# (-t2 -c32 -d10s, anonymous keep-alive clients, as a citizen's browser without cookies):
#   GET /healthz (bare rate), GET /api/v1/tracking/<code> (JSON), GET / (home page),
#   GET /thu-tuc/1.001193 (a procedure page), GET /tra-cuu?code=<code> (tracking page),
#   GET /khong-co-trang-nay (the HTML 404 page), counter receipts (POST /api/v1/dossiers),
#   then /healthz again; ratios use the mean of the two bare rates. The binaries are measured in
#   turn, ROUNDS times (default 2), so that a machine's drift shows as a difference between
#   rounds, not between binaries. Target: every page >= 0.5 x bare.
# Results also go to artifacts/bench/pages-<timestamp>.txt. Knobs: BENCH_DURATION=10s, BENCH_ROUNDS=2.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BENCH=$ROOT/scripts/bench
SCRIPT_NAME=scripts/bench/pages.sh
WORK=$(mktemp -d /tmp/mcpages.XXXXXX)
chmod 755 "$WORK"
# shellcheck source=../lib/common.sh
. scripts/lib/common.sh
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-2}
TARGET=0.5
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v curl >/dev/null 2>&1 || apt_install curl

if [ $# -eq 0 ]; then
    if [ ! -x .build/release/motcua ]; then swift build -c release --product motcua || fail "release build"; fi
    set -- "this=.build/release"
fi
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p artifacts/bench
RESULTS=$ROOT/artifacts/bench/pages-$STAMP.txt
: >"$RESULTS"
report() { printf '%s\n' "$*" | tee -a "$RESULTS"; }
report "pages.sh $STAMP: wrk -t2 -c32 -d$DURATION on 127.0.0.1, SQLite demo database, client and server share $(nproc) cores"

RECEIPT_BODY=$WORK/receipt.json
cat >"$RECEIPT_BODY" <<'JSON'
{"procedureCode":"2.000635","channel":"counter","applicant":{"fullName":"Nguyễn Văn An","idNumber":"038090001234","phone":"0912345678","address":"Số 5 Lê Lợi, phường Hạc Thành"}}
JSON

rate() { # rate URL [wrk args]: requests/s (non-2xx/3xx answers other than the expected 404 fail the run)
    local url=$1; shift
    local out; out=$(wrk -t2 -c32 -d"$DURATION" "$@" "$url" 2>&1) || fail "wrk $url"
    echo "$out" >>"$RESULTS.wrk"
    awk '/Requests\/sec/ {print $2}' <<<"$out"
}

declare -A RES
measure() { # measure NAME DIR ROUND
    local name=$1 dir=$2 round=$3
    mkdir -p "$WORK/$name-$round/bin" "$WORK/$name-$round/data"
    cp "$dir/motcua" "$WORK/$name-$round/bin/bench-pages"
    cp -R "$dir"/*.resources "$WORK/$name-$round/bin/"
    local port; port=$(free_port)
    env -u DATABASE_URL -u DATABASE_SCHEMA MOTCUA_ENV=development BCRYPT_COST=4 RATE_LIMIT_REQUESTS_PER_MINUTE=0 RATE_LIMIT_LOOKUPS_PER_HOUR=1000000000 LOG_LEVEL=warning PORT="$port" HOST=127.0.0.1 \
        DATA_DIR="$WORK/$name-$round/data" "$WORK/$name-$round/bin/bench-pages" serve >"$WORK/$name-$round/server.log" 2>&1 &
    SERVER_PID=$!
    local base=http://127.0.0.1:$port deadline=$((SECONDS + 120))
    until curl -sf -o /dev/null "$base/healthz"; do
        kill -0 "$SERVER_PID" 2>/dev/null || fail "server $name exited (log: $WORK/$name-$round/server.log)"
        [ "$SECONDS" -lt "$deadline" ] || fail "server $name did not start"
        sleep 0.2
    done
    local token code
    token=$(curl -sf -X POST "$base/api/v1/session" -H 'Content-Type: application/json' \
        -d '{"username":"tiepnhan.hacthanh","password":"motcua2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    code=$(curl -sf -X POST "$base/api/v1/dossiers" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data-binary @"$RECEIPT_BODY" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dossier"]["code"])')
    for path in / /thu-tuc/1.001193 "/tra-cuu?code=$code" /khong-co-trang-nay; do curl -s -o /dev/null "$base$path"; done
    local k="$name.$round"
    RES[$k.bare1]=$(rate "$base/healthz")
    RES[$k.json]=$(rate "$base/api/v1/tracking/$code")
    RES[$k.home]=$(rate "$base/")
    RES[$k.procedure]=$(rate "$base/thu-tuc/1.001193")
    RES[$k.tracking]=$(rate "$base/tra-cuu?code=$code")
    RES[$k.notfound]=$(rate "$base/khong-co-trang-nay")
    RES[$k.receipts]=$(BENCH_TOKEN=$token BENCH_NONCE="$name$round$RANDOM" BENCH_BODY=$RECEIPT_BODY \
        rate "$base/api/v1/dossiers" -s "$BENCH/receipts.lua")
    RES[$k.bare2]=$(rate "$base/healthz")
    stop_server
}

NAMES=()
for round in $(seq 1 "$ROUNDS"); do
    for spec in "$@"; do
        name=${spec%%=*}; dir=${spec#*=}
        [ -x "$dir/motcua" ] || fail "$dir/motcua is not a binary"
        [ "$round" = 1 ] && NAMES+=("$name")
        say "round $round: $name ($dir)"
        measure "$name" "$dir" "$round"
    done
done

report ""
report "$(printf '%-10s %-6s %9s %9s %9s %9s %9s %9s %9s' binary round bare/s json home procedure tracking 404 receipts/s)"
for name in "${NAMES[@]}"; do
    for round in $(seq 1 "$ROUNDS"); do
        k="$name.$round"
        bare=$(python3 -c "import sys; print(round((float(sys.argv[1]) + float(sys.argv[2])) / 2))" "${RES[$k.bare1]}" "${RES[$k.bare2]}")
        ratios=$(python3 -c "import sys; b=float(sys.argv[1]); print(' '.join(f'{float(x)/b:9.2f}' for x in sys.argv[2:]))" \
            "$bare" "${RES[$k.json]}" "${RES[$k.home]}" "${RES[$k.procedure]}" "${RES[$k.tracking]}" "${RES[$k.notfound]}")
        report "$(printf '%-10s %-6s %9s %s %9s' "$name" "$round" "$bare" "$ratios" "${RES[$k.receipts]}")"
        pages_ok=$(python3 -c "import sys; b=float(sys.argv[1]); print('met' if all(float(x)/b >= $TARGET for x in sys.argv[2:]) else 'MISSED')" \
            "$bare" "${RES[$k.home]}" "${RES[$k.procedure]}" "${RES[$k.notfound]}")
        report "           pages (home, procedure, 404) >= $TARGET x bare: $pages_ok"
    done
done
report ""
report "ratios are rate / bare rate of the same server in the same round; raw wrk output: ${RESULTS#"$ROOT"/}.wrk"
