"""The end of every local test server under scripts/ (the VNPay simulator, the OpenID provider, the
national portal's receiver): announce the port on stdout, which the tests wait for, and serve; started
by a test (`exit_with_parent`), stop when that process is gone, even when it crashed."""

import os
import threading
import time


def serve(server, exit_with_parent):
    if exit_with_parent:
        parent = os.getppid()

        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            server.shutdown()

        threading.Thread(target=watch, daemon=True).start()
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()
