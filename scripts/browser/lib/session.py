"""Logging in: an officer in the browser (and out again), a citizen registering in the browser, an
officer through the JSON API (a bearer token)."""

from .demo import PASSWORD
from .errors import expect


def fill_login(browser, base, username, password):
    """Opens /officer/login and types the username and the password, as a person does."""
    browser.navigate(base + "/officer/login")
    browser.wait_for("#login-form")
    browser.type_into("#username", username)
    browser.type_into("#password", password)


def officer_login(browser, base, username):
    """Logs the demo officer `username` in (after logging out whoever is logged in) by the login
    form's button; checks the browser lands on their queue, /officer, with the officer's header."""
    if browser.has("#logout-form"):
        browser.submit("#logout-form", "logging out")
    fill_login(browser, base, username, PASSWORD)
    browser.press("#login-form [type=submit]", f"logging in as {username}")
    alert = browser.text("[role=alert]")
    expect(browser.path() == "/officer", f"after logging in as {username} the browser is on {browser.path()}, not /officer"
           + (f" (alert: {alert})" if alert else ""))
    expect(browser.evaluate("!!document.querySelector('h1') && document.querySelector('h1').textContent.trim().length > 0"),
           "the queue page has no h1")
    expect(browser.has("#logout-form"), f"logged in as {username} but the page has no #logout-form")


def officer_logout(browser):
    browser.wait_for("#logout-form")
    browser.submit("#logout-form", "logging out")
    expect(not browser.has("#logout-form"), "after logging out the page still shows #logout-form")


def register_citizen(browser, name, phone, password):
    """Fills the open #register-form (e-mail cd<phone>@example.vn) and sends it; checks the header then
    shows the citizen's account link. Returns the path the browser landed on."""
    for field, value in (("fullName", name), ("phone", phone), ("email", f"cd{phone}@example.vn"),
                         ("password", password), ("passwordConfirm", password)):
        browser.set_value(f"#register-form #{field}", value)
    expect(browser.evaluate("!document.querySelector('#register-form #consent').checked"),
           "the personal-data consent box is ticked before the citizen ticks it")
    browser.click("#register-form #consent", "consenting to the processing of personal data", navigates=False)
    browser.press("#register-form [type=submit]", "registering")
    landed = browser.path()
    expect(browser.has("#nav-account"), "after registering the header shows no #nav-account link (not logged in?)")
    return landed


def officer_token(http, username):
    """Logs the demo officer `username` in through POST /api/v1/session (once per Http client);
    returns (bearer token, officer id)."""
    if username not in http.tokens:
        status, data = http.api("POST", "/api/v1/session", body={"username": username, "password": PASSWORD})
        expect(status == 201 and isinstance(data, dict) and data.get("token"),
               f"POST /api/v1/session as {username} answered {status}: {str(data)[:300]}")
        http.tokens[username] = (data["token"], data.get("officer", {}).get("id"))
    return http.tokens[username]


def api_as(http, username, method, path, body=None):
    """A JSON API call as the demo officer `username` that must answer 200; returns the parsed answer."""
    token, _ = officer_token(http, username)
    status, data = http.api(method, path, token, body)
    expect(status == 200, f"{method} {path} as {username} answered {status}: {str(data)[:300]}")
    return data


def follow_nav(browser, selector, label, path):
    """Follows the officer's header link `selector`, which must read `label`, to `path` (HTTP 200)."""
    shown = " ".join((browser.text(selector) or "").split())
    expect(shown == label, f"the header's {selector} link reads {shown!r}, expected {label!r}")
    browser.click(selector, f"following {label!r} in the header")
    browser.expect_at(path, f"the {label!r} link")
