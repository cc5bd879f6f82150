# Shared by scripts/test.sh and scripts/bench/run.sh (sourced, not run): messages, installing
# Debian packages, free loopback ports, a throwaway PostgreSQL cluster, and stopping a server.
# The sourcing script sets SCRIPT_NAME and WORK (a folder under /tmp the postgres user can enter)
# before sourcing; on exit the server and PostgreSQL are stopped and WORK removed (a script may
# define before_cleanup for more).

say() { printf '==> %s\n' "$*"; }
fail() { printf '%s: FAILED: %s\n' "${SCRIPT_NAME:-script}" "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

as_postgres() { # as_postgres COMMAND: runs a shell command as the postgres user
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi
}

APT_UPDATED=0
apt_install() { # apt_install PACKAGE...: installs Debian packages (apt-get update once)
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || fail "apt-get update"
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
        || fail "apt-get install $*"
}

have_postgres() { ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; }

free_port() { # free_port [preferred]: the preferred loopback port when free, else any free one
    python3 - "${1:-0}" <<'PY'
import socket, sys
def take(port):
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        return s.getsockname()[1]
try:
    print(take(int(sys.argv[1])))
except OSError:
    print(take(0))
PY
}

PGBIN=""; PGDIR=""; PGRUN=""; PGPORT=""
start_postgres() { # start_postgres PREFERRED_PORT DATABASE [SERVER_OPTIONS]: cluster in $WORK, role motcua/motcua (CREATEDB)
    PGBIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin
    PGDIR=$WORK/pgdata
    PGRUN=$WORK/pgrun
    PGPORT=$(free_port "$1")
    install -d -o postgres -g postgres -m 700 "$PGDIR"
    install -d -o postgres -g postgres "$PGRUN"
    say "starting PostgreSQL ($("$PGBIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PGPORT"
    as_postgres "$PGBIN/initdb -D $PGDIR -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" \
        >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; fail "initdb"; }
    as_postgres "$PGBIN/pg_ctl -D $PGDIR -l $PGRUN/pg.log -w -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGRUN -c max_connections=300 ${3:-}' start" \
        >/dev/null 2>&1 || { cat "$PGRUN/pg.log" >&2 || true; fail "PostgreSQL did not start"; }
    as_postgres "$PGBIN/psql -X -q -v ON_ERROR_STOP=1 -h $PGRUN -p $PGPORT -d postgres \
        -c \"CREATE ROLE motcua LOGIN PASSWORD 'motcua' CREATEDB\" -c 'CREATE DATABASE $2 OWNER motcua'" \
        || fail "creating the motcua role and the $2 database"
}

stop_postgres() {
    if [ -n "$PGDIR" ] && [ -f "$PGDIR/postmaster.pid" ]; then
        as_postgres "$PGBIN/pg_ctl -D $PGDIR -m fast -w stop" >/dev/null 2>&1 || true
    fi
}

SERVER_PID=""
stop_server() { # SIGTERM, up to 10 s, then SIGKILL (a server that served a browser may linger)
    [ -n "$SERVER_PID" ] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            say "server $SERVER_PID ignored SIGTERM for 10 s: SIGKILL"
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

cleanup() {
    local status=$?
    if declare -F before_cleanup >/dev/null; then before_cleanup; fi
    stop_server >/dev/null 2>&1 || true
    stop_postgres
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
