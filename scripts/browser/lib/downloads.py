"""Downloads as a person makes them: a link pressed in the browser, the file waited for on disk."""

import os
import time

from .errors import expect


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
