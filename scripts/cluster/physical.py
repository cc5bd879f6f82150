"""The physical method of the restore drill: `pg_basebackup` of the whole server, started as a second postgres.

`take()` copies the server while the load runs (`-Xs`: the WAL written meanwhile comes with it, so the
copy opens consistent as of the backup's end); `start()` starts the copy on a free port with its own
pg_hba.conf, as the postgres user when run by root (postgres refuses to run as root); `close()` stops
it and removes its folder. A role without REPLICATION (or a server refusing replication connections)
is reported and skipped: the logical drill still runs. Python standard library only.
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.parse

from harness import free_port, say


def tool(name):
    """The PostgreSQL program `name` of the newest installed version, else the one on PATH."""
    base = "/usr/lib/postgresql"
    versions = sorted(os.listdir(base), key=lambda v: [int(x) for x in v.split(".") if x.isdigit()]) if os.path.isdir(base) else []
    for v in reversed(versions):
        path = os.path.join(base, v, "bin", name)
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed (apt-get install postgresql-client)")
    return found


class PhysicalCopy:
    """A base backup of the server of `url` in `work`/physical, and the second postgres started on it."""

    def __init__(self, url, work, psql):
        self.url, self.psql = url, psql
        self.root = os.path.join(work, "physical")  # the postgres user's, when run by root
        self.dir = os.path.join(self.root, "base")
        self.sockets = os.path.join(self.root, "sockets")
        self.log = os.path.join(self.root, "postgres-copy.log")
        self.port = None
        self.process = None
        self.skipped = None  # why the physical method cannot run against this server
        self.error = None  # why it failed
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, command, **kwargs):
        return subprocess.run(self.as_postgres + command, capture_output=True, text=True, **kwargs)

    def take(self):
        """pg_basebackup now; returns the seconds it took, or None when skipped (see `skipped`)."""
        may = self.psql(self.url, "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")[0][0]
        if may != "t":
            self.skipped = "the role may not replicate (ALTER ROLE ... REPLICATION on the server allows it)"
            return None
        for folder in (self.root, self.sockets):
            os.makedirs(folder)
            if self.as_postgres:
                shutil.chown(folder, "postgres")
        started = time.monotonic()
        r = self.run([tool("pg_basebackup"), "-d", self.url, "-D", self.dir, "-Fp", "-Xs", "-c", "fast", "--no-sync"])
        if r.returncode != 0:
            why = f"pg_basebackup exited {r.returncode}: {r.stderr.strip()[-300:]}"
            if "pg_hba.conf" in r.stderr:
                self.skipped = why + " (the server refuses replication connections)"
            else:
                self.error = why
            return None
        took = time.monotonic() - started
        say(f"pg_basebackup -Fp -Xs: {self.size()} bytes in {took:.1f} s")
        return took

    def size(self):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(self.dir) for f in files)

    def start(self):
        """The copy as a second server; returns whether it answers (False when skipped, raises when it failed)."""
        if self.error:
            raise RuntimeError(self.error)
        if self.skipped:
            return False
        hba = os.path.join(self.sockets, "pg_hba.conf")
        with open(hba, "w", encoding="utf-8") as f:
            f.write("local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
        conf = os.path.join(self.dir, "postgresql.conf")
        if not os.path.exists(conf):  # Debian keeps it in /etc: the base backup has none
            open(conf, "w").close()
            if self.as_postgres:
                shutil.chown(conf, "postgres")
        self.port = free_port()
        started = time.monotonic()
        log = open(self.log, "ab")
        self.process = subprocess.Popen(
            self.as_postgres + [tool("postgres"), "-D", self.dir, "-p", str(self.port), "-k", self.sockets, "-c", f"hba_file={hba}",
                                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=100", "-c", "shared_buffers=32MB",
                                "-c", "archive_mode=off", "-c", "logging_collector=off", "-c", "fsync=off"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        while time.monotonic() - started < 60:
            if self.process.poll() is not None:
                break
            if subprocess.run([tool("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                say(f"the base backup started as a second postgres on port {self.port} in {time.monotonic() - started:.1f} s")
                return True
            time.sleep(0.2)
        with open(self.log, encoding="utf-8", errors="replace") as f:
            raise RuntimeError(f"the base backup did not start as a server: {f.read()[-500:]}")

    def copy_url(self):
        u = urllib.parse.urlsplit(self.url)
        netloc = u.netloc.rsplit("@", 1)
        host = f"127.0.0.1:{self.port}"
        return urllib.parse.urlunsplit((u.scheme, f"{netloc[0]}@{host}" if len(netloc) == 2 else host, u.path, u.query, u.fragment))

    def close(self):
        if self.process and self.process.poll() is None:
            self.run([tool("pg_ctl"), "-D", self.dir, "-m", "fast", "-w", "-t", "30", "stop"])
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
