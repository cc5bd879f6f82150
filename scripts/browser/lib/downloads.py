"""CSV downloads the journeys check: UTF-8 with a byte-order mark (so spreadsheets read the Vietnamese)."""

import csv
import io
import os
import time

from .errors import expect

BOM = b"\xef\xbb\xbf"


def csv_rows(data, what):
    """The rows of a CSV file (blank lines left out), after checking its byte-order mark."""
    expect(data.startswith(BOM), f"{what} does not start with a UTF-8 byte-order mark: {data[:20]!r}")
    return [row for row in csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"))) if row]


def served_csv(status, headers, data, what):
    """The rows of a CSV answer, after checking it is one: HTTP 200, text/csv, a byte-order mark."""
    kind = headers.get("Content-Type", "") if headers else ""
    expect(status == 200, f"GET {what} answered HTTP {status}: {data[:200]!r}")
    expect(kind.startswith("text/csv"), f"{what} is served as {kind!r}, not text/csv")
    return csv_rows(data, what)


def click_download(browser, selector, folder, timeout=15):
    """Clicks a download link as a person does and waits for the file in `folder`: (name, bytes)."""
    browser.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=folder)
    browser.click(selector, f"pressing {selector}", navigates=False)
    deadline, names = time.time() + timeout, []
    while time.time() < deadline:
        names = [n for n in os.listdir(folder) if not n.endswith(".crdownload")]
        if names:
            break
        time.sleep(0.2)
    expect(names, f"pressing {selector} downloaded no file within {timeout} s")
    with open(os.path.join(folder, names[0]), "rb") as f:
        return names[0], f.read()
