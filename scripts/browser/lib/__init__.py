"""The browser journeys' library: one Chromium DevTools client, the step runner, the logins, an HTTP
client and the files the journeys upload. Each journey script imports from here and from nowhere else
in scripts/browser/.

    errors.py     StepFailure, CDPError, expect
    chromium.py   the headless Chromium process and its DevTools endpoint
    cdp.py        Browser: the DevTools client (pages, forms, clicks, typing, files, screenshots, print)
    reading.py    what a page shows (texts, properties, links, tables, URL, status), mixed into Browser
    steps.py      Screenshots, run_step, run_steps, the Journey base class
    http.py       Http: requests outside the browser (no redirects followed), multipart bodies
    session.py    officer login and logout in the browser, a citizen's registration, officers' API tokens
    dossiers.py   the officers' part of a dossier through the JSON API (transitions)
    downloads.py  a download link pressed, the file waited for
    files.py      small well-formed files to upload: a PDF, a JPEG; writing them into a folder
    demo.py       the demo province the journeys rely on: password, officers, the ward, viewports
"""
