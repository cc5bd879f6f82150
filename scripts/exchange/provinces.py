"""Two Motcua provinces on this machine for the document exchange (issue 20 item 5): two `motcua serve` processes, each
with its own SQLite database and organisation identifier, peers configured both ways through the administrators' API.
An outgoing register entry is made as the register holds it today: the clerk registers a scanned document through the
form, and the entry is copied into the agency's outgoing register (the next number) with its scan. Python standard
library only; everything started here stops with `Provinces.close()`."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cluster"))
from harness import ROOT, call, free_port, login, multipart, say  # noqa: E402

PACKAGES = "/api/v1/documents/packages"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


class Province:
    """One province: its server, its database file, its organisation identifier."""

    def __init__(self, organisation, work, binary, extra_env):
        self.organisation = organisation
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data = os.path.join(work, organisation)
        os.makedirs(self.data, exist_ok=True)
        self.database = os.path.join(self.data, "motcua.sqlite")
        self.log_path = os.path.join(work, f"{organisation}.log")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MOTCUA_", "DEMO_", "EXCHANGE_"))}
        env.update({
            "MOTCUA_ENV": "development", "HOST": "127.0.0.1", "PORT": str(self.port), "DATA_DIR": self.data, "BCRYPT_COST": "4",
            "RATE_LIMIT_REQUESTS_PER_MINUTE": "0", "RATE_LIMIT_LOOKUPS_PER_HOUR": "1000000",
            "EXCHANGE_ORGANISATION_ID": organisation, "EXCHANGE_ORGANISATION_NAME": f"Tỉnh {organisation}",
            "EXCHANGE_POLL_SECONDS": "1", "EXCHANGE_PACKAGES_PER_MINUTE": "1000000",
        })
        env.update(extra_env)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{organisation} exited; log: {self.log_path}")
            try:
                if call(self.base, "GET", "/readyz", timeout=2).status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{organisation} was not ready within 120 s; log: {self.log_path}")
        self.tokens = {}

    def token(self, username):
        if username not in self.tokens:
            self.tokens[username] = login(self.base, username)
        return self.tokens[username]

    def identity(self):
        return call(self.base, "GET", "/api/v1/documents/exchange/identity").json()

    def add_peer(self, other, organisation=None):
        who = other.identity()
        answer = call(self.base, "PUT", f"/api/v1/documents/exchange/peers/{organisation or who['organisationId']}",
                      {"name": who["name"], "endpoint": other.base + PACKAGES, "certificatePEM": who["certificatePEM"]},
                      {"Authorization": "Bearer " + self.token("quantri")})
        if answer.status != 200:
            raise RuntimeError(f"peer on {self.organisation}: {answer.status} {answer.body[:300]!r}")

    def outgoing(self, summary="Quyết định về việc giao chỉ tiêu biên chế công chức năm 2026", scan=PDF):
        """A new entry of the UBND's outgoing register with `scan`: its id."""
        fields = {"numberSymbol": "45/UBND-VX", "typeCode": "QĐ", "documentDate": "2026-03-02", "issuer": "UBND tỉnh",
                  "summary": summary, "signer": "Nguyễn Văn A", "urgency": "urgent", "confidentiality": "normal"}
        body, media = multipart(fields, {"scan": ("quyet-dinh.pdf", "application/pdf", scan)})
        answer = call(self.base, "POST", "/officer/van-ban/vao-so", body,
                      {"Content-Type": media, "Authorization": "Bearer " + self.token("vanthu.ubnd")})
        location = dict((k.lower(), v) for k, v in answer.headers).get("location", "")
        if answer.status != 303 or not location:
            raise RuntimeError(f"register on {self.organisation}: {answer.status} {answer.body[:300]!r}")
        incoming = int(location.rstrip("/").split("/")[-1].split("?")[0])
        return copy_to_outgoing(self.database, incoming)

    def send(self, document, peer):
        return call(self.base, "POST", f"/api/v1/documents/{document}/packages", {"peer": peer},
                    {"Authorization": "Bearer " + self.token("vanthu.ubnd")})

    def statuses(self, document):
        answer = call(self.base, "GET", f"/api/v1/documents/{document}/packages", None,
                      {"Authorization": "Bearer " + self.token("vanthu.ubnd")})
        return [s["status"] for s in answer.json()["statuses"]]

    def query(self, sql, *args):
        with sqlite3.connect(self.database, timeout=30) as con:
            return con.execute(sql, args).fetchall()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def copy_to_outgoing(database, incoming):
    """Copies the register entry `incoming` into its agency's outgoing register of the same year (the next number) with
    its files, as an outgoing document stands in the register; returns the new entry's id."""
    con = sqlite3.connect(database, timeout=30)
    try:
        columns = [row[1] for row in con.execute("PRAGMA table_info(official_documents)")]
        source = dict(zip(columns, con.execute("SELECT * FROM official_documents WHERE id = ?", (incoming,)).fetchone()))
        agency, year = con.execute("SELECT agency_id, year FROM document_registers WHERE id = ?", (source["register_id"],)).fetchone()
        with con:
            register, number = con.execute(
                "INSERT INTO document_registers (agency_id, direction, year, last_number) VALUES (?, 'outgoing', ?, 1) "
                "ON CONFLICT (agency_id, direction, year) DO UPDATE SET last_number = last_number + 1 RETURNING id, last_number",
                (agency, year)).fetchone()
            row = {k: v for k, v in source.items() if k != "id"}
            row.update(register_id=register, number=number, submission_key=None)
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            new = con.execute(f"INSERT INTO official_documents ({names}) VALUES ({marks}) RETURNING id", list(row.values())).fetchone()[0]
            con.execute("INSERT INTO official_document_files (document_id, file_id) "
                        "SELECT ?, file_id FROM official_document_files WHERE document_id = ?", (new, incoming))
        return new
    finally:
        con.close()


class Provinces:
    """Province A and province B, peers of each other."""

    def __init__(self, binary, a_env=None, b_env=None, work=None):
        self.work = work or tempfile.mkdtemp(prefix="motcua-exchange-")
        say(f"two provinces in {self.work}")
        self.a = Province("000.00.00.H56", self.work, binary, a_env or {})
        try:
            self.b = Province("000.00.00.H42", self.work, binary, b_env or {})
        except Exception:
            self.a.stop()
            raise
        try:
            self.a.add_peer(self.b)
            self.b.add_peer(self.a)
        except Exception:
            self.close(keep=True)
            raise
        say(f"province A {self.a.organisation} at {self.a.base}, province B {self.b.organisation} at {self.b.base}, peers both ways")

    def close(self, keep=False):
        """Stops both servers; removes their folder unless `keep` (the logs of a failed run are kept)."""
        self.a.stop()
        self.b.stop()
        if keep:
            say(f"logs kept in {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)


def eventually(check, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()
