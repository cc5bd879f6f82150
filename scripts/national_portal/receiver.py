#!/usr/bin/env python3
"""A local stand-in for the national public-service portal's status endpoint, for the tests of the status sync.

It accepts a JSON POST on any path when the Authorization header is the expected one (a bearer token, or HTTP Basic of a
client id and secret), answers 200, and appends what arrived (the Idempotency-Key header and the JSON body) as one JSON line
to the log file, so that a test can stop the receiver, start it again on the same port and still see everything that
arrived. It drops nothing: a repeat is recorded too, so a test can see that nothing arrived twice.

Usage: receiver.py --log FILE --auth 'Bearer TOKEN' [--port 0] [--exit-with-parent]; prints "listening PORT" once ready.
"""

import argparse
import json
import os
import sys
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from test_server import serve  # noqa: E402

LOCK = threading.Lock()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--auth", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-with-parent", action="store_true")
    args = parser.parse_args()
    # A test runner may start it with SIGTERM ignored or blocked: make `terminate()` stop it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.headers.get("Authorization") != args.auth:
                self.answer(401, {"error": "unauthorized"})
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self.answer(400, {"error": "not JSON"})
                return
            line = json.dumps({"key": self.headers.get("Idempotency-Key"), "path": self.path, "body": body})
            with LOCK, open(args.log, "a", encoding="utf-8") as log:
                log.write(line + "\n")
            self.answer(200, {"ok": True})

    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    serve(server, args.exit_with_parent)


if __name__ == "__main__":
    main()
