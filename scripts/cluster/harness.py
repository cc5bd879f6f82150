"""A Motcua cluster on this machine, for the two-instance checks and the fault run.

Two (or more) `motcua serve` processes on one PostgreSQL database (a fresh schema, dropped at the
end), each with its own DATA_DIR as on separate servers; nginx in front on loopback, configured from
the files in deploy/nginx (the plain-HTTP loopback variant, and the TLS variant with a throwaway
self-signed certificate); and a slow SMS/e-mail gateway (a Python HTTP server taking 300 ms a
message) that counts deliveries per `Idempotency-Key`. Everything started here is stopped by
`Cluster.close()` (also on SIGTERM/SIGINT and at exit). Python standard library only.
"""
import argparse
import collections
import http.client
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEPLOY = os.path.join(ROOT, "deploy", "nginx")


# The procedure the clusters receive, at the one-stop desk of Hạc Thành ward (tiepnhan.hacthanh).
PROCEDURE = "2.000635"  # received on paper (birth registration is online-only, Directive 24/CT-TTg)


def say(text):
    print(f"==> {text}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def arguments(description):
    """The options every cluster script takes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--database-url", default=os.environ.get("MOTCUA_TEST_POSTGRES_URL", ""),
                   help="PostgreSQL server whose role may create schemas (default: $MOTCUA_TEST_POSTGRES_URL)")
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "motcua"))
    p.add_argument("--instances", type=int, default=2)
    p.add_argument("--gateway-ms", type=int, default=300, help="the gateway's time per message")
    p.add_argument("--logs", default=os.path.join(ROOT, "artifacts", "logs", "cluster"))
    p.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                   help="an extra variable for every instance (repeatable)")
    return p


# ---- the slow gateway --------------------------------------------------------------------------------
class Gateway:
    """SMS and e-mail webhook: sleeps `delay` per message, then counts it under its Idempotency-Key."""

    def __init__(self, delay):
        self.delay = delay
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.channels = collections.Counter()
        self.in_flight = 0
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.headers.get("Idempotency-Key") or "(none)"
                with gateway.lock:
                    gateway.in_flight += 1
                try:
                    time.sleep(gateway.delay)
                    channel = json.loads(body or b"{}").get("channel", "?")
                finally:
                    with gateway.lock:
                        gateway.in_flight -= 1
                        gateway.counts[key] += 1
                        gateway.channels[channel] += 1
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender was killed after the gateway took the message: it counts as delivered

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], OSError):  # a sender killed mid-request is expected
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return dict(self.counts), self.in_flight

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- HTTP ------------------------------------------------------------------------------------------------
class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body or b"null")

    def header(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]


def call(base, method, path, body=None, headers=None, timeout=30):
    """One request on its own connection; raises OSError on connection errors."""
    u = urllib.parse.urlsplit(base)
    if u.scheme == "https":
        conn = http.client.HTTPSConnection(u.hostname, u.port, timeout=timeout, context=ssl._create_unverified_context())
    else:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return Answer(r.status, r.getheaders(), r.read())
    finally:
        conn.close()


def login(base, username, password="motcua2026"):
    a = call(base, "POST", "/api/v1/session", {"username": username, "password": password})
    if a.status != 201:
        raise RuntimeError(f"login as {username} at {base} answered {a.status}: {a.body[:300]!r}")
    return a.json()["token"]


# ---- PostgreSQL ---------------------------------------------------------------------------------------------
def multipart(fields, files):
    """A multipart/form-data body of text `fields` and `files` (name: (filename, media type, bytes)), and its type."""
    boundary = "motcua" + secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, media, data) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: {media}\r\n\r\n'
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_receipt(base, token, key, applicant, on_attempt=lambda status: None, on_retry=lambda: None):
    """POSTs a counter receipt of `applicant` with `Idempotency-Key: key`, as a client that retries on
    connection errors, 5xx and 409 (the same key is in flight) for up to 60 s. Each attempt's status (an
    int, or the exception's name) goes to `on_attempt`, each retry to `on_retry`. Returns (code, None)
    once acknowledged, else (None, the last status)."""
    body = {"procedureCode": PROCEDURE, "channel": "counter", "applicant": applicant}
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        try:
            a = call(base, "POST", "/api/v1/dossiers", body, headers, timeout=15)
            status = a.status
        except OSError as e:
            status = type(e).__name__
        on_attempt(status)
        if status in (200, 201):
            return a.json()["dossier"]["code"], None
        if isinstance(status, int) and status < 500 and status != 409:
            break  # refused for good
        on_retry()
        time.sleep(0.3)
    return None, status


class PacedLoad:
    """Threads that each call `paced_send(thread, n)` at a shared pace (`rate` a second in all) until joined."""

    def __init__(self, rate, threads):
        self.interval = threads / rate
        self.lock = threading.Lock()
        self.retries = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.paced, args=(t,), daemon=True) for t in range(threads)]

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join()

    def paced(self, t):
        n = 0
        next_at = time.monotonic()
        while not self.stop.is_set():
            n += 1
            self.paced_send(t, n)
            next_at += self.interval
            time.sleep(max(0.0, next_at - time.monotonic()))


def psql_binary():
    found = shutil.which("psql")
    if found:
        return found
    versions = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: [int(x) for x in re.findall(r"\d+", v)])
    return f"/usr/lib/postgresql/{versions[-1]}/bin/psql"


class Database:
    """A fresh schema on the server of `url`, dropped by `drop()`."""

    def __init__(self, url):
        if not url:
            sys.exit("no PostgreSQL server: pass --database-url or set MOTCUA_TEST_POSTGRES_URL")
        self.url = url
        self.psql = psql_binary()
        self.schema = "cluster_" + secrets.token_hex(5)
        self.run(f"CREATE SCHEMA {self.schema}", schema=False)

    def run(self, sql, schema=True):
        env = dict(os.environ)
        if schema:
            env["PGOPTIONS"] = f"-c search_path={self.schema}"
        out = subprocess.run([self.psql, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-c", sql],
                             env=env, check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def drop(self):
        self.run(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE", schema=False)


# ---- the instances ----------------------------------------------------------------------------------------------
class Instance:
    """One `motcua serve` on its own port and DATA_DIR (as on its own server)."""

    def __init__(self, number, cluster):
        self.number = number
        self.cluster = cluster
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data = os.path.join(cluster.work, f"data-{number}")
        os.makedirs(self.data, exist_ok=True)
        self.log_path = os.path.join(cluster.logs, f"instance-{number}.log")
        self.process = None
        self.starts = 0

    def start(self, wait=True):
        c = self.cluster
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MOTCUA_", "NOTIFY_", "DEMO_"))}
        env.update({
            "MOTCUA_ENV": "development", "HOST": "127.0.0.1", "PORT": str(self.port), "DATA_DIR": self.data,
            "DATABASE_URL": c.db.url, "DATABASE_SCHEMA": c.db.schema, "DATABASE_POOL_SIZE": "4", "BCRYPT_COST": "4",
            "NOTIFY_SMS_WEBHOOK_URL": c.gateway.url + "/sms", "NOTIFY_EMAIL_WEBHOOK_URL": c.gateway.url + "/email",
            "OUTBOX_POLL_SECONDS": "1", "TRUSTED_PROXIES": "127.0.0.1/32,::1/128",
            "RATE_LIMIT_REQUESTS_PER_MINUTE": "0", "RATE_LIMIT_LOOKUPS_PER_HOUR": "1000000",
            # Files in the database. The caches' periodic version check keeps its default, so that a
            # change seen within 2 s on the other instance came through LISTEN/NOTIFY. The messages a
            # killed instance had claimed are due again after the shortest lease allowed.
            "BLOB_STORE": "database", "OUTBOX_LEASE_SECONDS": "30",
        })
        for item in c.extra_env:
            key, _, value = item.partition("=")
            env[key] = value
        self.starts += 1
        log = open(self.log_path, "ab")
        log.write(f"---- start {self.starts} ----\n".encode())
        log.flush()
        self.process = subprocess.Popen([c.binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        log.close()
        if wait:
            self.wait_ready()

    def wait_ready(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"instance {self.number} exited ({self.process.returncode}); log: {self.log_path}")
            try:
                # Ready: /readyz (database reachable, migrations current) where the build has it, else /healthz.
                ready = call(self.base, "GET", "/readyz", timeout=2).status
                if ready == 200 or (ready == 404 and call(self.base, "GET", "/healthz", timeout=2).status == 200):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"instance {self.number} was not ready within {seconds} s; log: {self.log_path}")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self, grace=15):
        if not self.process or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ---- nginx ------------------------------------------------------------------------------------------------------
class Nginx:
    """nginx with deploy/nginx's upstream, proxy settings, loopback and TLS servers, on free ports."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.dir = os.path.join(cluster.work, "nginx")
        os.makedirs(self.dir)
        os.chmod(cluster.work, 0o755)
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.tls_port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tls_base = f"https://127.0.0.1:{self.tls_port}"
        self.access_log = os.path.join(cluster.logs, "nginx-access.log")
        self.error_log = os.path.join(cluster.logs, "nginx-error.log")
        self.process = None

    def read(self, name):
        with open(os.path.join(DEPLOY, name), encoding="utf-8") as f:
            return f.read()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def configure(self):
        """The deployed files with their placeholders filled in: ports, snippet path, certificate."""
        snippet = self.write("motcua-proxy.conf", self.read("motcua-proxy.conf"))
        servers = "".join(f"    server 127.0.0.1:{i.port} max_fails=2 fail_timeout=5s;\n" for i in self.cluster.instances)
        upstream, n = re.subn(r"(?m)^    server 127\.0\.0\.1:808\d[^\n]*\n", "", self.read("motcua-upstream.conf"))
        if n < 2:
            raise RuntimeError("deploy/nginx/motcua-upstream.conf: expected the example servers 127.0.0.1:8081 and :8082")
        upstream = upstream.replace("upstream motcua {\n", "upstream motcua {\n" + servers, 1)
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)

        def fill(text):
            return (text.replace("/etc/nginx/snippets/motcua-proxy.conf", snippet)
                    .replace("/etc/ssl/motcua/fullchain.pem", cert).replace("/etc/ssl/motcua/privkey.pem", key))

        loopback = fill(self.read("motcua-loopback.conf")).replace("127.0.0.1:8080", f"127.0.0.1:{self.port}")
        tls = fill(self.read("motcua-tls.conf"))
        tls = re.sub(r"listen 443 ssl", f"listen 127.0.0.1:{self.tls_port} ssl", tls)
        tls = re.sub(r"listen \[::\]:443 ssl[^;]*;", "", tls)
        tls = re.sub(r"(?s)# The plain-HTTP server.*", "", tls)  # the port 80 redirect is not needed here
        # As deployed: the files unchanged but for the snippet and certificate paths (checked by nginx -t only).
        self.as_deployed = self.main_conf("nginx-as-deployed.conf", [
            self.write("upstream-as-deployed.conf", self.read("motcua-upstream.conf")),
            self.write("tls-as-deployed.conf", fill(self.read("motcua-tls.conf")))])
        return self.main_conf("nginx.conf", [self.write(name, text) for name, text in
                                             (("upstream.conf", upstream), ("loopback.conf", loopback), ("tls.conf", tls))])

    def main_conf(self, name, files):
        includes = "".join(f"    include {path};\n" for path in files)
        main = f"""pid {self.dir}/nginx.pid;
error_log {self.error_log} info;
worker_processes 2;
events {{ worker_connections 1024; }}
http {{
    log_format cluster '$remote_addr "$request" $status $upstream_addr $upstream_status $request_time';
    access_log {self.access_log} cluster;
    client_body_temp_path {self.dir}/body;
    proxy_temp_path {self.dir}/proxy;
    fastcgi_temp_path {self.dir}/fastcgi;
    uwsgi_temp_path {self.dir}/uwsgi;
    scgi_temp_path {self.dir}/scgi;
{includes}}}
"""
        return self.write(name, main)

    def start(self):
        conf = self.configure()
        for path in (self.as_deployed, conf):
            test = subprocess.run(["nginx", "-t", "-e", self.error_log, "-c", path], capture_output=True, text=True)
            if test.returncode != 0:
                raise RuntimeError(f"nginx -t refused {os.path.basename(path)}:\n{test.stderr}")
        # -e: the error log before the configuration is read (Debian's default path needs root).
        self.process = subprocess.Popen(["nginx", "-e", self.error_log, "-c", conf, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                        stderr=open(self.error_log, "ab"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if call(self.base, "GET", "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not answer within 10 s; log: {self.error_log}")

    def upstream_counts(self, path_prefix):
        """Requests per upstream address in the access log whose path starts with `path_prefix`."""
        counts = collections.Counter()
        with open(self.access_log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r'\S+ "\S+ (\S+) [^"]*" \d+ (\S+)', line)
                if m and m.group(1).startswith(path_prefix):
                    counts[m.group(2)] += 1
        return counts

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finishes the requests in flight
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# ---- the whole -------------------------------------------------------------------------------------------------------
class Cluster:
    def __init__(self, args):
        self.binary = args.binary
        if not os.access(self.binary, os.X_OK):
            sys.exit(f"{self.binary} is not built (swift build --product motcua)")
        if not shutil.which("nginx"):
            sys.exit("nginx is not installed (apt-get install nginx)")
        self.extra_env = args.env
        self.logs = args.logs
        os.makedirs(self.logs, exist_ok=True)
        for name in os.listdir(self.logs):
            if re.fullmatch(r"(instance-\d+|nginx-access|nginx-error)\.log", name):
                os.remove(os.path.join(self.logs, name))
        self.work = tempfile.mkdtemp(prefix="motcua-cluster.", dir="/tmp")
        self.closed = False
        self.db = None
        self.nginx = None
        self.instances = []
        self.gateway = Gateway(args.gateway_ms / 1000)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
        try:
            self.db = Database(args.database_url)
            say(f"schema {self.db.schema}; gateway {self.gateway.url} ({args.gateway_ms} ms a message)")
            self.instances = [Instance(n + 1, self) for n in range(args.instances)]
            # The first start migrates and seeds; the others then start on a ready schema.
            self.instances[0].start()
            for i in self.instances[1:]:
                i.start()
            self.nginx = Nginx(self)
            self.nginx.start()
        except BaseException:
            self.close()
            raise
        say(f"{len(self.instances)} instances ({', '.join(i.base for i in self.instances)}) behind nginx "
            f"{self.nginx.base} and {self.nginx.tls_base}; logs in {os.path.relpath(self.logs, ROOT)}")

    def setting(self, key, default):
        """A variable given to the instances with --env, else the app's default."""
        return next((item.partition("=")[2] for item in self.extra_env if item.partition("=")[0] == key), default)

    def scalar(self, sql):
        return self.db.run(sql)[0][0]

    def close(self):
        if self.closed:
            return
        self.closed = True
        if self.nginx:
            self.nginx.stop()
        for i in self.instances:
            i.stop()
        self.gateway.close()
        if self.db:
            try:
                self.db.drop()
            except subprocess.CalledProcessError as e:
                print(f"dropping schema {self.db.schema}: {e.stderr}", file=sys.stderr)
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
