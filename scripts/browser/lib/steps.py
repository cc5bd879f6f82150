"""Running a journey: numbered screenshots, one step at a time (the first that does not behave stops
the journey, saying what the page showed), the Journey base class the journeys build on and the
command line they share."""

import argparse
import os
import time

from .cdp import CONNECTION_ERRORS, Browser
from .errors import CDPError, StepFailure, expect
from .http import Http
from .session import officer_login

STEP_ERRORS = (StepFailure, CDPError, *CONNECTION_ERRORS, KeyError, TypeError, ValueError)


class Screenshots:
    """Numbered screenshots of a journey in one folder (emptied of older ones, and of older files
    ending in one of `also`, first)."""

    def __init__(self, out, also=()):
        self.out, self.count = out, 0
        os.makedirs(out, exist_ok=True)
        for name in os.listdir(out):
            if name.endswith((".png", *also)):
                os.remove(os.path.join(out, name))

    def take(self, browser, name):
        self.count += 1
        path = os.path.join(self.out, f"{self.count:02d}-{name}.png")
        browser.screenshot(path)
        return path


def run_step(label, step, browser, shots):
    """Runs one step and takes its screenshot: True when it behaved; otherwise prints what the page
    showed, with a screenshot, and returns False."""
    began = time.time()
    try:
        detail = step()
        shots.take(browser, label)
    except STEP_ERRORS as error:
        page = browser.describe()
        try:
            shot = shots.take(browser, "FAILED-" + label)
        except Exception as e:  # the page may be gone
            shot = f"(no screenshot: {e})"
        kind = "" if isinstance(error, StepFailure) else type(error).__name__ + ": "
        print(f"FAIL {label} ({time.time() - began:.1f} s): {kind}{error}\n    {page}\n    screenshot: {shot}", flush=True)
        return False
    print(f"ok  {label} ({time.time() - began:.1f} s)" + (f"  {detail}" if detail else ""), flush=True)
    return True


def run_steps(journey, devices, steps):
    """Starts one Chromium per device ({attribute: ((width, height), mobile)}, set on `journey` under
    that attribute), runs `steps` ((label, callable), or (label, device, callable) where there are
    several devices) with screenshots into `journey.shots` until one does not behave, closes the
    browsers; returns (steps passed, 1 when one failed else 0)."""
    passed, failed, current = 0, 0, "start-chromium"
    browsers = {}
    try:
        for name, (size, mobile) in devices.items():
            browsers[name] = Browser()
            setattr(journey, name, browsers[name])
            browsers[name].connect()
            browsers[name].viewport(*size, mobile=mobile)
        first = next(iter(devices))
        for step in steps:
            current, where, call = step if len(step) == 3 else (step[0], first, step[1])
            if not run_step(current, call, browsers[where], journey.shots):
                failed = 1
                break
            passed += 1
    except (StepFailure, CDPError, *CONNECTION_ERRORS) as error:
        failed = 1
        print(f"FAIL {current}: {error}", flush=True)
    finally:
        for browser in browsers.values():
            browser.close()
    return passed, failed


class Journey:
    """What every journey holds: the server's base URL, the screenshot folder, an HTTP client for
    requests outside the browser and (once running) its browser, `self.browser` unless named otherwise."""

    expect = staticmethod(expect)

    def __init__(self, base, out):
        self.base = base.rstrip("/")
        self.out = out
        self.http = Http(self.base)
        self.browser = None
        self.shots = None

    def url(self, path):
        return self.base + path

    def shot(self, name, browser=None):
        return self.shots.take(browser or self.browser, name)

    def run_journey(self, name, devices, steps, banner="", facts=None, also=()):
        """Runs `steps` on `devices` (see run_steps) with screenshots into the journey's folder, after a
        banner and before a summary line ending with `facts()`; returns the exit status (1: a step failed)."""
        self.shots = Screenshots(self.out, also)
        if banner:
            print(f"== {name}: {banner} -> {self.out}", flush=True)
        started = time.time()
        passed, failed = run_steps(self, devices, steps)
        print(f"{name}: {passed} of {len(steps)} steps passed, {failed} failed, {time.time() - started:.1f} s"
              + (f" ({facts()})" if facts else ""), flush=True)
        return 1 if failed else 0

    def login_step(self, username, device="browser"):
        """A step that logs the demo officer `username` in on the browser `device`."""
        return lambda: officer_login(getattr(self, device), self.base, username)


def arguments(description, out="folder for the screenshots", server="a running server", out_default=None):
    """The command line of a journey: --base (the server's URL) and --out (where its screenshots go)."""
    parser = argparse.ArgumentParser(description=f"Motcua {description} (headless Chromium over DevTools)")
    parser.add_argument("--base", required=True, help=f"base URL of {server}, e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", required=out_default is None, default=out_default, help=out)
    return parser
