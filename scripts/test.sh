#!/usr/bin/env bash
# The test command: installs what it needs (PostgreSQL, Chromium, OpenSSL, seven Python packages),
# checks the formatting, starts a throwaway PostgreSQL cluster, builds, runs the browser
# journeys (officer; citizen at phone and desktop size; a field report from a phone; the operations
# centre; a fee paid through a local VNPay gateway; a VNeID sign-in through a local OpenID Provider (authlib);
# a digital-transformation assessment year; official
# documents registered by a clerk and assigned by a leader at desk and phone size; an officer turning on
# two-factor login with codes from pyotp), the Open311 conformance check and a fuzzing of the served OpenAPI document
# (schemathesis) on SQLite and on PostgreSQL, validates the document, runs two instances on one
# PostgreSQL database behind nginx (scripts/cluster/two_instances.py, and a short fault run that kills
# one of them under load, and a restore drill: a pg_dump and a pg_basebackup taken under load, restored
# and checked, scripts/cluster/restore_drill.py), and finally runs `swift test`
# (the OpenAPI document is checked against the route table there, and every JSON answer against its
# schema after).
# Screenshots and server logs go to artifacts/ (git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SCRIPT_NAME=scripts/test.sh
# Under /tmp (not $TMPDIR, which may sit in a home the postgres user cannot enter).
WORK=$(mktemp -d /tmp/motcua-test.XXXXXX)
chmod 755 "$WORK"
# shellcheck source=lib/common.sh
. scripts/lib/common.sh
PHASE_START=$SECONDS
phase_done() { say "$1 done in $((SECONDS - PHASE_START)) s"; PHASE_START=$SECONDS; }

# ---- 1. Install what is missing -----------------------------------------------------------------
if ! have_postgres; then
    apt_install postgresql
fi
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-core >/dev/null 2>&1; then
    apt_install chromium fonts-noto-core
fi
if ! ldconfig -p 2>/dev/null | grep -q 'libcurl\.so\.4'; then
    apt_install libcurl4  # Foundation's HTTP client (payment callbacks, notification gateways)
fi
if ! command -v openssl >/dev/null 2>&1; then
    apt_install openssl  # the citizen journey checks a result's signature offline
fi
if ! command -v nginx >/dev/null 2>&1; then
    apt_install nginx  # in front of two instances (deploy/nginx, scripts/cluster)
fi
if ! command -v zbarimg >/dev/null 2>&1; then
    apt_install zbar-tools  # the officer journey reads the receipt's QR code with zbar's decoder
fi
PY_PACKAGES="websocket-client openapi-spec-validator jsonschema georeport schemathesis pyotp authlib"
PY_IMPORTS="import websocket, openapi_spec_validator, jsonschema, georeport, schemathesis, pyotp, authlib"
if ! python3 -c "$PY_IMPORTS" >/dev/null 2>&1; then
    say "pip install $PY_PACKAGES"
    export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
    # shellcheck disable=SC2086
    pip_install() { python3 -m pip install -q "$@" $PY_PACKAGES; }
    if ! python3 -m pip --version >/dev/null 2>&1; then apt_install python3-pip; fi
    # Debian's own python3 refuses system-wide pip installs (PEP 668) unless told otherwise.
    pip_install || pip_install --break-system-packages || fail "pip install $PY_PACKAGES"
    python3 -c "$PY_IMPORTS" || fail "$PY_PACKAGES not importable after pip install"
fi
# axe-core for the accessibility check: only the wheel's axe.min.js is used, so Playwright is not installed.
if ! python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('axe_playwright_python') is None)"; then
    say "pip install --no-deps axe-playwright-python"
    python3 -m pip install -q --no-deps axe-playwright-python \
        || python3 -m pip install -q --no-deps --break-system-packages axe-playwright-python \
        || fail "pip install axe-playwright-python"
fi
phase_done "install check"

say "format: swift format lint --strict (the repository's .swift-format)"
swift format lint --strict --recursive --parallel Sources Tests || fail "swift format lint: run 'swift format format -i -r Sources Tests'"

# ---- helpers -----------------------------------------------------------------------------------------
http_get() { # http_get URL [FILE]: prints the status code, saves the body to FILE
    python3 - "$1" "${2:-/dev/null}" <<'EOF'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
        body, status = r.read(), r.status
except urllib.error.HTTPError as e:
    body, status = e.read(), e.code
except OSError:
    body, status = b"", 0
with open(sys.argv[2], "wb") as f:
    f.write(body)
print(status)
EOF
}

# ---- 2. Throwaway PostgreSQL cluster ---------------------------------------------------------------
# Every suite runs on PostgreSQL in parallel, each test case with its own application and pool.
start_postgres 55432 motcua "-c max_connections=1000"
export MOTCUA_TEST_POSTGRES_URL="postgres://motcua:motcua@127.0.0.1:$PGPORT/motcua?sslmode=disable"
export MOTCUA_REQUIRE_POSTGRES=1
# The restore drill's pg_basebackup connects for replication (initdb's pg_hba.conf allows it from 127.0.0.1).
as_postgres "$PGBIN/psql -X -q -v ON_ERROR_STOP=1 -h $PGRUN -p $PGPORT -d postgres -c 'ALTER ROLE motcua REPLICATION'" \
    || fail "ALTER ROLE motcua REPLICATION"
phase_done "PostgreSQL start"

# ---- 3. Build -------------------------------------------------------------------------------------
say "swift build --build-tests (several minutes on a cold machine)"
swift build --build-tests || fail "swift build --build-tests"
[ -x .build/debug/motcua ] || fail ".build/debug/motcua was not built"
phase_done "swift build --build-tests"

# ---- 4. Browser journey on both backends, OpenAPI document ------------------------------------------
mkdir -p artifacts/logs artifacts/screenshots

start_server() { # start_server BACKEND [VAR=value...]
    local backend=$1; shift
    local port; port=$(free_port)
    local log=$ROOT/artifacts/logs/server-$backend.log
    # Every journey and the fuzzing come from 127.0.0.1: the per-address limits of anonymous callers
    # are lifted here (the Swift suite "Edge security" tests them) so that thousands of requests
    # reach the handlers rather than a 429.
    env -u DATABASE_URL -u DATABASE_SCHEMA -u DEMO_PASSWORD -u MOTCUA_ENV \
        MOTCUA_ENV=development PORT="$port" HOST=127.0.0.1 BCRYPT_COST=4 STATISTICS_POLL_SECONDS=2 \
        RATE_LIMIT_REQUESTS_PER_MINUTE=0 RATE_LIMIT_LOOKUPS_PER_HOUR=1000000 "$@" \
        .build/debug/motcua serve >"$log" 2>&1 &
    SERVER_PID=$!
    BASE=http://127.0.0.1:$port
    local deadline=$((SECONDS + 60))
    until [ "$(http_get "$BASE/healthz")" = 200 ]; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            tail -n 30 "$log" >&2; SERVER_PID=""
            fail "the server ($backend) exited before answering /healthz; log: artifacts/logs/server-$backend.log"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            tail -n 30 "$log" >&2
            fail "the server ($backend) did not answer GET /healthz with 200 within 60 s"
        fi
        sleep 0.2
    done
    say "server ($backend) up at $BASE"
}

run_journey() { # run_journey BACKEND
    say "browser journey on $1"
    if ! python3 scripts/browser/journey.py --base "$BASE" --out "artifacts/screenshots/$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "browser journey on $1 (screenshots: artifacts/screenshots/$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_citizen_journey() { # run_citizen_journey BACKEND: the citizen portal at phone and at desktop size
    say "citizen browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/citizen_journey.py --base "$BASE" --out "artifacts/screenshots/citizen-{viewport}-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "citizen browser journey on $1 (screenshots: artifacts/screenshots/citizen-phone-$1 and citizen-desktop-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_report_journey() { # run_report_journey BACKEND: a field report from a phone, handled at the officers' desk, answered in public
    say "field-report browser journey on $1 (phone 360x800, officers' desk 1366x900)"
    if ! python3 scripts/browser/report_journey.py --base "$BASE" --out "artifacts/screenshots/reports-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "field-report browser journey on $1 (screenshots: artifacts/screenshots/reports-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_operations_journey() { # run_operations_journey BACKEND: the operations centre at a leader's desk and on the big screen
    say "operations-centre browser journey on $1 (desk 1366x900, big screen 1920x1080)"
    if ! python3 scripts/browser/operations_journey.py --base "$BASE" --out "artifacts/screenshots/operations-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "operations-centre browser journey on $1 (screenshots: artifacts/screenshots/operations-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_levels_journey() { # run_levels_journey BACKEND: a partly online procedure, assisted online submission, the read-only drill-down
    say "online levels browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/levels_journey.py --base "$BASE" --out "artifacts/screenshots/levels-{viewport}-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "online levels browser journey on $1 (screenshots: artifacts/screenshots/levels-phone-$1 and levels-desktop-$1)"
    fi
}

run_find_journey() { # run_find_journey BACKEND: finding a procedure and reading the dashboard, at phone and desk size
    say "finding-a-procedure and dashboard browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/find_journey.py --base "$BASE" --out "artifacts/screenshots/find-{viewport}-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "finding journey on $1 (screenshots: artifacts/screenshots/find-phone-$1 and find-desktop-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_dti_journey() { # run_dti_journey BACKEND: a whole digital-transformation assessment year in the browser
    say "digital-transformation assessment browser journey on $1 (desk 1366x900)"
    if ! python3 scripts/browser/dti_journey.py --base "$BASE" --out "artifacts/screenshots/dti-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "DTI browser journey on $1 (screenshots: artifacts/screenshots/dti-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_documents_journey() { # run_documents_journey BACKEND: a clerk registers, a leader assigns, the lead unit closes
    say "official documents browser journey on $1 (desk 1366x900, phone 360x800)"
    if ! python3 scripts/browser/documents_journey.py --base "$BASE" --out "artifacts/screenshots/documents-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "official documents browser journey on $1 (screenshots: artifacts/screenshots/documents-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_totp_journey() { # run_totp_journey BACKEND: an officer turns on two-factor login and logs in with pyotp's code
    say "two-factor browser journey on $1 (phone 360x800, codes from pyotp)"
    if ! python3 scripts/browser/totp_journey.py --base "$BASE" --out "artifacts/screenshots/totp-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "two-factor browser journey on $1 (screenshots: artifacts/screenshots/totp-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_workflow_journey() { # run_workflow_journey BACKEND: an administrator opens the state diagram, edits a workflow, an agency, a report routing
    say "workflow administration browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/workflow_journey.py --base "$BASE" --out "artifacts/screenshots/workflows-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "workflow administration browser journey on $1 (screenshots: artifacts/screenshots/workflows-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_admin_journey() { # run_admin_journey BACKEND: an administrator creates an officer who logs in, adds and removes a holiday
    say "administration browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/admin_journey.py --base "$BASE" --out "artifacts/screenshots/admin-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "administration browser journey on $1 (screenshots: artifacts/screenshots/admin-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_search_journey() { # run_search_journey BACKEND: officers find a dossier by name and by code; a citizen filters their list
    say "search browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/search_journey.py --base "$BASE" --out "artifacts/screenshots/search-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "search browser journey on $1 (screenshots: artifacts/screenshots/search-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_calendar_journey() { # run_calendar_journey BACKEND: an administrator sees 2027 provisional and confirms it (last: it changes 2027)
    say "calendar-years browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/calendar_journey.py --base "$BASE" --out "artifacts/screenshots/calendar-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "calendar-years browser journey on $1 (screenshots: artifacts/screenshots/calendar-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_exchange_journey() { # run_exchange_journey BACKEND: the administrator keeps the exchange's peers and opens its outbox
    say "document-exchange browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/exchange_journey.py --base "$BASE" --out "artifacts/screenshots/exchange-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "exchange browser journey on $1 (screenshots: artifacts/screenshots/exchange-$1, server log: artifacts/logs/server-$1.log)"
    fi
}

run_accessibility() { # run_accessibility BACKEND: axe-core on 41 pages, both languages, phone and desk size
    say "accessibility (axe-core, WCAG 2.1 AA) on $1"
    if ! python3 scripts/browser/accessibility_check.py --base "$BASE" --out "artifacts/accessibility-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "accessibility on $1: serious or critical axe-core violations (artifacts/accessibility-$1/axe.json)"
    fi
}

run_portal_sync_journey() { # run_portal_sync_journey BACKEND: an administrator follows the national-portal status queue
    say "national-portal sync browser journey on $1 (phone 360x800, desktop 1366x900)"
    if ! python3 scripts/browser/portal_sync_journey.py --base "$BASE" --out "artifacts/screenshots/portal-sync-$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "national-portal sync browser journey on $1 (screenshots: artifacts/screenshots/portal-sync-$1)"
    fi
}

run_open311() { # run_open311 BACKEND: Open311 GeoReport v2 conformance (JSON Schemas, XML, the georeport client)
    say "Open311 GeoReport v2 conformance on $1"
    if ! python3 scripts/open311/check.py --base "$BASE"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "Open311 conformance on $1 (server log: artifacts/logs/server-$1.log)"
    fi
}

run_fuzzing() { # run_fuzzing BACKEND: schemathesis on the served OpenAPI document (anonymous, administrator, receiving officer)
    say "fuzzing the served OpenAPI document with schemathesis on $1"
    if ! python3 scripts/fuzz/api.py --base "$BASE" --min-cases 2000 --report "artifacts/fuzz/$1"; then
        tail -n 20 "artifacts/logs/server-$1.log" >&2 || true
        fail "schemathesis on $1: 5xx answers or answers the document does not describe (reports: artifacts/fuzz/$1)"
    fi
}

mkdir -p "$WORK/data-sqlite"
start_server sqlite DATA_DIR="$WORK/data-sqlite"
run_journey sqlite
run_citizen_journey sqlite
say "VNPay browser journey: a fee paid through a local gateway of VNPay's protocol (its own server; phone and desktop)"
python3 scripts/browser/vnpay_journey.py --out "artifacts/screenshots/vnpay-{viewport}" \
    || fail "VNPay browser journey (screenshots: artifacts/screenshots/vnpay-phone and vnpay-desktop)"
say "OpenID Connect browser journey: VNeID sign-in through a local authlib provider (its own server; phone and desktop)"
python3 scripts/browser/oidc_journey.py --out "artifacts/screenshots/oidc-{viewport}" \
    || fail "OpenID Connect browser journey (screenshots: artifacts/screenshots/oidc-phone and oidc-desktop)"
say "document exchange: two provinces (two servers, two SQLite databases) exchange a signed QCVN 102 package"
python3 scripts/exchange/two_provinces.py || fail "document exchange between two provinces (server logs: the folder it names)"
run_report_journey sqlite
run_operations_journey sqlite
run_find_journey sqlite
run_dti_journey sqlite
run_documents_journey sqlite
run_totp_journey sqlite
run_admin_journey sqlite
run_workflow_journey sqlite
run_search_journey sqlite
run_calendar_journey sqlite
run_exchange_journey sqlite
run_portal_sync_journey sqlite
run_levels_journey sqlite
run_accessibility sqlite
run_open311 sqlite
say "OpenAPI document: GET /openapi.json"
status=$(http_get "$BASE/openapi.json" artifacts/openapi.json)
[ "$status" = 200 ] || fail "GET /openapi.json answered $status"
python3 - artifacts/openapi.json <<'EOF' || fail "the served /openapi.json is not a valid OpenAPI document (saved as artifacts/openapi.json)"
import json, sys
try:
    from openapi_spec_validator import validate
except ImportError:  # openapi-spec-validator < 0.7
    from openapi_spec_validator import validate_spec as validate
with open(sys.argv[1], encoding="utf-8") as f:
    spec = json.load(f)
validate(spec)
print(f"ok  openapi.json is valid OpenAPI {spec.get('openapi')} ({len(spec.get('paths', {}))} paths)")
EOF
run_fuzzing sqlite
stop_server
phase_done "browser journeys + OpenAPI (SQLite)"

SCHEMA=browser_$(python3 -c 'import secrets; print(secrets.token_hex(6))')
PGPASSWORD=motcua "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U motcua -d motcua \
    -c "CREATE SCHEMA $SCHEMA" || fail "CREATE SCHEMA $SCHEMA"
mkdir -p "$WORK/data-postgres"
start_server postgres DATA_DIR="$WORK/data-postgres" DATABASE_URL="$MOTCUA_TEST_POSTGRES_URL" DATABASE_SCHEMA="$SCHEMA"
run_journey postgres
run_citizen_journey postgres
run_report_journey postgres
run_operations_journey postgres
run_find_journey postgres
run_dti_journey postgres
run_documents_journey postgres
run_totp_journey postgres
run_admin_journey postgres
run_workflow_journey postgres
run_search_journey postgres
run_calendar_journey postgres
run_portal_sync_journey postgres
run_levels_journey postgres
run_open311 postgres
run_fuzzing postgres
stop_server
phase_done "browser journeys (PostgreSQL)"

say "two instances on one PostgreSQL database behind nginx: scripts/cluster/two_instances.py"
python3 scripts/cluster/two_instances.py --logs "$ROOT/artifacts/logs/cluster" \
    || fail "two instances behind nginx (the FAIL lines above; logs: artifacts/logs/cluster)"
say "fault run, short: receipts through nginx while an instance is SIGKILLed every 5 s (scripts/cluster/fault_run.py)"
python3 scripts/cluster/fault_run.py --seconds 20 --kill-every 5 --logs "$ROOT/artifacts/logs/cluster-fault" \
    || fail "fault run: receipts lost or duplicated, or notifications not delivered once (logs: artifacts/logs/cluster-fault)"
say "restore drill: pg_dump and pg_basebackup under load, restored and checked (scripts/cluster/restore_drill.py)"
python3 scripts/cluster/restore_drill.py --physical --logs "$ROOT/artifacts/logs/cluster-drill" \
    || fail "restore drill: the FAIL lines above (logs: artifacts/logs/cluster-drill)"
phase_done "two instances behind nginx (PostgreSQL)"

# ---- 5. The Swift test suites (their summary closes the output) ------------------------------------
# Every JSON answer the suites receive is logged and then checked against the OpenAPI document.
export MOTCUA_RESPONSE_LOG=$WORK/api-responses.jsonl
: >"$MOTCUA_RESPONSE_LOG"
# The suites run in parallel, each with its own application and SQLite file, and every SQLite call
# of the process goes through NIO's blocking thread pool, one thread per core by default: a suite's
# long statistics rebuild then held back the others' single reads past the test client's 20 s.
export NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT=${NIO_SINGLETON_BLOCKING_POOL_THREAD_COUNT:-8}
# At most 12 test cases at once: with every case of 110 suites started together on 2 cores, the
# suites that send 50 requests at once waited past the test client's pool timeout (measured: 5
# timeouts in 174 s unbounded; none in 147 s with 12).
say "swift test --skip-build --experimental-maximum-parallelization-width 12"
if swift test --skip-build --experimental-maximum-parallelization-width 12; then status=0; else status=$?; fi
say "JSON answers against the OpenAPI document: scripts/check_api_responses.py"
if ! python3 scripts/check_api_responses.py "$MOTCUA_RESPONSE_LOG" | tail -n 40; then
    say "FAILED: JSON answers that do not match Sources/Web/Static/openapi.json (listed above)"
    status=1
fi
exit "$status"
