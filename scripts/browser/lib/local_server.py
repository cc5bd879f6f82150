"""A development Motcua server of a journey's own (SQLite in a temporary folder, its own port), for the journeys
that configure the server against a local partner (an OpenID provider, a payment gateway). On a failure the last
lines of its log go to stderr."""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from lib.chromium import free_port


def wait_until_up(url, process, seconds=60):
    """Waits until `url` answers 200, or fails when `process` exits or the time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


class LocalServer:
    """The running server: `base` URL, `folder` (its DATA_DIR) and `failed()` to show the log's tail."""

    def __init__(self, base, folder, process):
        self.base, self.folder, self.process = base, folder, process

    def failed(self):
        self.process.terminate()
        self.process.wait(10)
        with open(os.path.join(self.folder, "server.log")) as f:
            print("".join(f.readlines()[-20:]), file=sys.stderr)


@contextlib.contextmanager
def local_server(binary, prefix, port=None, **env_values):
    """Starts `binary serve` in development mode with `env_values` and yields a `LocalServer` once /healthz answers."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_SCHEMA", "MOTCUA_ENV")}
        env.update(MOTCUA_ENV="development", PORT=str(port), HOST="127.0.0.1", BCRYPT_COST="4", DATA_DIR=folder,
                   RATE_LIMIT_REQUESTS_PER_MINUTE="0", **env_values)
        with open(os.path.join(folder, "server.log"), "w") as log:
            process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                base = f"http://127.0.0.1:{port}"
                wait_until_up(base + "/healthz", process)
                yield LocalServer(base, folder, process)
            finally:
                if process.poll() is None:
                    process.terminate()
                    process.wait(10)
