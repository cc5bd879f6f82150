"""The officers' part of a dossier through the JSON API, with bearer tokens."""

import urllib.parse

from .errors import expect
from .session import api_as, officer_token


def dossier_api(code):
    return "/api/v1/dossiers/" + urllib.parse.quote(code, safe="")


def transition(http, code, username, action, **extra):
    """As `username`, checks `action` is offered on dossier `code` and takes it (with the dossier's
    version, and `extra` in the body); returns the dossier view the API answers."""
    token, _ = officer_token(http, username)
    path = dossier_api(code)
    view = api_as(http, username, "GET", path)
    offered = [a.get("action") for a in view.get("actions") or []]
    expect(action in offered, f"{username} is not offered {action} on {code} in state "
                              f"{view['status']['name']!r} (offered: {offered})")
    body = {"action": action, "expectedVersion": view["dossier"]["version"], **extra}
    status, after = http.api("POST", path + "/transitions", token, body)
    expect(status == 200, f"{username} {action} on {code}: POST {path}/transitions answered {status}: {str(after)[:300]}")
    return after
