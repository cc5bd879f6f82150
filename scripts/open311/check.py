#!/usr/bin/env python3
"""Open311 GeoReport v2 conformance check against a running Motcua server.

    python3 scripts/open311/check.py --base http://127.0.0.1:8080 [--keep-going]

Every JSON answer is validated against its JSON Schema in scripts/open311/schemas/ (derived from
the GeoReport v2 specification); every XML answer is parsed, turned back into the JSON shape (list
elements -> lists, leaf text -> typed values) and validated against the same schema, and where the
same resource was also fetched as JSON the two must be equal. Then the `georeport` client from PyPI
reads the server. Prints `ok  <check>` per check; exits 1 on the first failure (or, with
--keep-going, after running everything).

Needs the development API key (MOTCUA_ENV=development) and the demo province (jurisdiction 38).
Only the standard library, `jsonschema` and `georeport` are used.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import secrets
import socket
import sys
import traceback
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
from jsonschema.exceptions import best_match

API_KEY = "motcua-dev-open311-key"
JURISDICTION = "38"
COMMUNE = "14797"  # Phường Hạc Thành
COMMUNE_NAME = "Hạc Thành"
SERVICES = {"ROADS", "LIGHTING", "WASTE", "DRAINAGE", "URBAN_ORDER", "LAND_CONSTRUCTION", "SECURITY", "TREES"}
ICT = dt.timezone(dt.timedelta(hours=7))
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

# XML element names of list items, by the name of the list (the spec's XML examples). The roots are
# <discovery> (an object), <services>, <service_definition> (an object), <service_requests>, <errors>.
LIST_ITEM = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Leaf types by (parent element, element): everything else is a string; an empty element is null.
BOOLEAN = {("service", "metadata"), ("attribute", "variable"), ("attribute", "required")}
INTEGER = {("error", "code"), ("attribute", "order")}
NUMBER = {("request", "lat"), ("request", "long")}


class CheckFailed(Exception):
    pass


def require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# ---- HTTP -----------------------------------------------------------------------------------------
# No proxies: the server is on the loopback interface.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Answer:
    def __init__(self, method: str, url: str, status: int, content_type: str, body: bytes):
        self.method, self.url, self.status, self.content_type, self.body = method, url, status, content_type, body

    def __str__(self) -> str:
        text = self.body.decode("utf-8", "replace")
        if len(text) > 600:
            text = text[:600] + "…"
        return f"{self.method} {self.url} -> {self.status} ({self.content_type or 'no Content-Type'}): {text}"


class Client:
    def __init__(self, base: str):
        self.root = base.rstrip("/") + "/open311/v2"

    def call(self, method: str, path: str, query: dict | None = None, form: dict | None = None) -> Answer:
        url = f"{self.root}/{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        return self.send(method, url, form)

    @staticmethod
    def send(method: str, url: str, form: dict | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with OPENER.open(request, timeout=30) as r:
                return Answer(method, url, r.status, r.headers.get("Content-Type", ""), r.read())
        except urllib.error.HTTPError as e:
            return Answer(method, url, e.code, e.headers.get("Content-Type", ""), e.read())

    def get(self, path: str, **query) -> Answer:
        return self.call("GET", path, query=query or None)

    def post(self, path: str, form: dict) -> Answer:
        return self.call("POST", path, form=form)


# ---- Schemas, JSON and XML ----------------------------------------------------------------------------
SCHEMAS: dict[str, jsonschema.protocols.Validator] = {}


def load_schemas() -> None:
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        require(schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", f"{path.name}: not a draft 2020-12 schema")
        jsonschema.Draft202012Validator.check_schema(schema)
        SCHEMAS[path.stem] = jsonschema.Draft202012Validator(schema)
    expected = {"discovery", "services", "service_definition", "service_requests", "post_response", "tokens", "errors"}
    require(expected <= set(SCHEMAS), f"missing schemas: {sorted(expected - set(SCHEMAS))}")


# Documents each schema must accept, and documents it must refuse (so a schema that accepts anything fails).
T = "2026-11-22T14:05:00+07:00"
REQUEST = {"service_request_id": "1", "status": "open", "service_name": "Roads", "service_code": "ROADS",
           "requested_datetime": T, "updated_datetime": T, "lat": 19.8, "long": 105.77}
SAMPLES = {
    "discovery": (
        [{"changeset": T, "contact": "hotline", "key_service": "ask us",
          "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": "https://x.example/open311/v2",
                         "changeset": "2026-01-01T00:00:00Z", "type": "production", "formats": ["text/xml", "application/json"]}]}],
        [{"changeset": "2026-11-22 14:05:00", "contact": "c", "key_service": "k", "endpoints": []},
         {"changeset": T, "contact": "c", "key_service": "k",
          "endpoints": [{"specification": "s", "url": "u", "changeset": T, "type": "staging", "formats": []}]}]),
    "services": (
        [[], [{"service_code": "A", "service_name": "a", "metadata": False, "type": "batch"}]],
        [[{"service_code": "A", "service_name": "a", "metadata": "true", "type": "realtime"}],
         [{"service_code": "A", "service_name": "a", "metadata": True, "type": "sometimes"}], [{"service_code": "A"}]]),
    "service_definition": (
        [{"service_code": "A", "attributes": [{"variable": True, "code": "c", "datatype": "singlevaluelist", "required": True,
                                               "order": 1, "description": "d", "values": [{"key": "k", "name": "n"}]}]}],
        [{"service_code": "A", "attributes": [{"variable": True, "code": "c", "datatype": "singlevaluelist", "required": True,
                                               "order": 1, "description": "d"}]},
         {"service_code": "A", "attributes": [{"variable": True, "code": "c", "datatype": "string", "required": True,
                                               "order": 0, "description": "d"}]},
         {"service_code": "A", "attributes": [{"variable": True, "code": "c", "datatype": "blob", "required": True,
                                               "order": 1, "description": "d"}]}]),
    "service_requests": (
        [[], [REQUEST], [{**REQUEST, "lat": None, "long": None, "address": "12 Lê Lợi"}]],
        [[{**REQUEST, "requested_datetime": "2026-11-22T14:05:00"}], [{**REQUEST, "lat": "19.8"}],
         [{**REQUEST, "status": "pending"}], [{**REQUEST, "lat": None, "long": None}], [{k: v for k, v in REQUEST.items() if k != "status"}]]),
    "post_response": (
        [[{"service_request_id": "1", "service_notice": None}], [{"token": "t"}]],
        [[], [{}], [{"service_notice": "x"}]]),
    "tokens": (
        [[{"service_request_id": "1", "token": "t"}], [{"service_request_id": None, "token": "t"}]],
        [[], [{"service_request_id": "1"}]]),
    "errors": (
        [[{"code": 403, "description": "Invalid api_key"}]],
        [[], [{"code": "403", "description": "x"}], [{"code": 403}], [{"code": 200, "description": "fine"}]]),
}


def self_test_schemas() -> None:
    for name, (good, bad) in SAMPLES.items():
        for doc in good:
            error = best_match(SCHEMAS[name].iter_errors(doc))
            require(error is None, f"schema {name}.json refuses a valid document {doc}: {error and error.message}")
        for doc in bad:
            require(not SCHEMAS[name].is_valid(doc), f"schema {name}.json accepts an invalid document {doc}")


def validate(value, schema: str, answer: Answer | None = None, what: str = "") -> None:
    error = best_match(SCHEMAS[schema].iter_errors(value))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise CheckFailed(f"{what or 'answer'} does not match schema {schema}.json at {where}: {error.message}"
                          + (f"\n    {answer}" if answer else ""))


def media_type(answer: Answer) -> str:
    return answer.content_type.split(";")[0].strip().lower()


def expect_json(answer: Answer, status, schema: str):
    statuses = status if isinstance(status, (set, tuple)) else {status}
    require(answer.status in statuses, f"expected HTTP {'/'.join(map(str, sorted(statuses)))}, got {answer}")
    require(media_type(answer) == "application/json", f"expected Content-Type application/json, got {answer}")
    try:
        value = json.loads(answer.body)
    except ValueError as e:
        raise CheckFailed(f"not JSON ({e}): {answer}")
    validate(value, schema, answer)
    return value


def leaf(parent: str, element: ET.Element):
    text = element.text or ""
    if text == "":
        return None
    key = (parent, element.tag)
    try:
        if key in BOOLEAN:
            require(text in ("true", "false"), f"<{parent}><{element.tag}> is {text!r}, expected true or false")
            return text == "true"
        if key in INTEGER:
            return int(text)
        if key in NUMBER:
            return float(text)
    except ValueError:
        raise CheckFailed(f"<{parent}><{element.tag}> is {text!r}, not a number")
    return text


def xml_to_value(element: ET.Element, parent: str = ""):
    """The XML tree in the JSON shape: list elements become lists (their items must all carry the
    spec's item name), elements with children objects, leaves typed values."""
    tag = element.tag
    require((element.text or "").strip() == "" or len(element) == 0, f"<{tag}> mixes text and elements")
    if tag in LIST_ITEM:
        items = list(element)
        for child in items:
            require(child.tag == LIST_ITEM[tag], f"<{tag}> holds <{child.tag}>, expected only <{LIST_ITEM[tag]}>")
            require((child.tail or "").strip() == "", f"<{tag}> has text between items")
        return [xml_to_value(child, tag) for child in items]
    if len(element):
        out = {}
        for child in element:
            require(child.tag not in out, f"<{tag}> has two <{child.tag}> elements")
            out[child.tag] = xml_to_value(child, tag)
        return out
    return leaf(parent, element)


def expect_xml(answer: Answer, status, root: str, schema: str):
    statuses = status if isinstance(status, (set, tuple)) else {status}
    require(answer.status in statuses, f"expected HTTP {'/'.join(map(str, sorted(statuses)))}, got {answer}")
    require(media_type(answer) in ("text/xml", "application/xml"), f"expected Content-Type text/xml, got {answer}")
    try:
        tree = ET.fromstring(answer.body)
    except ET.ParseError as e:
        raise CheckFailed(f"not well-formed XML ({e}): {answer}")
    require(tree.tag == root, f"root element is <{tree.tag}>, expected <{root}>: {answer}")
    value = xml_to_value(tree)
    validate(value, schema, answer, "XML answer (read as JSON)")
    return value


def differences(j, x, path: str = "") -> list[str]:
    """How the XML (read as JSON) differs from the JSON answer."""
    here = path or "(root)"
    if isinstance(j, list):
        if not isinstance(x, list):
            return [f"{here}: JSON has a list, XML has {x!r}"]
        if len(j) != len(x):
            return [f"{here}: JSON has {len(j)} items, XML {len(x)}"]
        return [d for i, (a, b) in enumerate(zip(j, x)) for d in differences(a, b, f"{path}[{i}]")]
    if isinstance(j, dict):
        if not isinstance(x, dict):
            return [f"{here}: JSON has an object, XML has {x!r}"]
        if set(j) != set(x):
            return [f"{here}: members differ: only in JSON {sorted(set(j) - set(x))}, only in XML {sorted(set(x) - set(j))}"]
        return [d for k in j for d in differences(j[k], x[k], f"{path}.{k}" if path else k)]
    if j is None or j == "":
        return [] if x is None or x == "" else [f"{here}: JSON empty, XML {x!r}"]
    if isinstance(j, bool):
        return [] if x is j else [f"{here}: JSON {j!r}, XML {x!r}"]
    if isinstance(j, (int, float)):
        try:
            same = x is not None and not isinstance(x, bool) and math.isclose(float(j), float(x), rel_tol=0, abs_tol=1e-9)
        except (TypeError, ValueError):
            same = False
        return [] if same else [f"{here}: JSON {j!r}, XML {x!r}"]
    return [] if j == x else [f"{here}: JSON {j!r}, XML {x!r}"]


def expect_mirror(json_value, xml_value, what: str) -> None:
    diff = differences(json_value, xml_value)
    require(not diff, f"{what}: the XML does not mirror the JSON:\n    " + "\n    ".join(diff[:10]))


def expect_error(answer: Answer, status: int, fmt: str = "json", mentions: str | None = None) -> list:
    if fmt == "json":
        errors = expect_json(answer, status, "errors")
    else:
        errors = expect_xml(answer, status, "errors", "errors")
    require(any(e["code"] == status for e in errors), f"no error with code {status}: {answer}")
    if mentions:
        require(any(mentions in e["description"] for e in errors), f"the error does not name {mentions!r}: {answer}")
    return errors


def w3c(t: dt.datetime) -> str:
    return t.astimezone(ICT).isoformat(timespec="seconds")


def parse_w3c(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def ids_of(items: list) -> list[str]:
    return [str(item["service_request_id"]) for item in items]


# ---- The checks -------------------------------------------------------------------------------------------
class Conformance:
    def __init__(self, base: str, keep_going: bool):
        self.base = base.rstrip("/")
        self.api = Client(self.base)
        self.keep_going = keep_going
        self.failures: list[str] = []
        self.passed = 0
        self.s: dict = {}  # what later checks need from earlier ones
        self.marker = f"o311-{secrets.token_hex(4)}"

    def check(self, name: str, fn) -> None:
        try:
            fn()
        except CheckFailed as e:
            self.fail(name, str(e))
        except Exception as e:  # a crash in a check is a failure too, with its traceback
            self.fail(name, f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
        else:
            self.passed += 1
            print(f"ok  {name}", flush=True)

    def fail(self, name: str, message: str) -> None:
        print(f"FAIL  {name}\n    {message}", file=sys.stderr, flush=True)
        self.failures.append(name)
        if not self.keep_going:
            print(f"open311: {self.passed} passed, 1 failed", file=sys.stderr, flush=True)
            sys.exit(1)

    def form(self, **fields) -> dict:
        base = {"api_key": API_KEY, "jurisdiction_id": JURISDICTION}
        base.update(fields)
        return {k: v for k, v in base.items() if v is not None}

    # -- discovery ---------------------------------------------------------------------------------------
    def discovery_json(self):
        d = expect_json(self.api.get("discovery.json"), 200, "discovery")
        self.s["discovery"] = d
        endpoint = next((e for e in d["endpoints"] if "GeoReport_v2" in e["specification"]), None)
        require(endpoint is not None, f"no endpoint with the GeoReport_v2 specification: {d['endpoints']}")
        require(endpoint["url"].rstrip("/").endswith("/open311/v2"), f"endpoint url {endpoint['url']!r} is not the /open311/v2 root")
        require({"application/json", "text/xml"} <= set(endpoint["formats"]), f"formats {endpoint['formats']} lack application/json or text/xml")

    def discovery_xml(self):
        x = expect_xml(self.api.get("discovery.xml"), 200, "discovery", "discovery")
        expect_mirror(self.s["discovery"], x, "discovery")

    # -- services ----------------------------------------------------------------------------------------
    def services_json(self):
        services = expect_json(self.api.get("services.json"), 200, "services")
        codes = [s["service_code"] for s in services]
        require(len(codes) == len(set(codes)), f"duplicate service_code in {codes}")
        require(SERVICES <= set(codes), f"services lack {sorted(SERVICES - set(codes))}")
        self.s["services"] = services

    def services_xml(self):
        x = expect_xml(self.api.get("services.xml"), 200, "services", "services")
        expect_mirror(self.s["services"], x, "services")

    def definition_json(self, code: str):
        d = expect_json(self.api.get(f"services/{code}.json"), 200, "service_definition")
        require(d["service_code"] == code, f"service_code is {d['service_code']!r}, expected {code}")
        codes = [a["code"] for a in d["attributes"]]
        require(len(codes) == len(set(codes)), f"duplicate attribute codes {codes}")
        orders = [a["order"] for a in d["attributes"]]
        require(len(orders) == len(set(orders)), f"duplicate attribute order {orders}")
        commune = next((a for a in d["attributes"] if a["code"] == "commune"), None)
        require(commune is not None and commune["datatype"] == "string" and commune["required"] is False and commune["variable"] is True,
                f"expected an optional string attribute 'commune', got {commune}")
        self.s[f"def:{code}"] = d
        return d

    def lighting_json(self):
        d = self.definition_json("LIGHTING")
        state = next((a for a in d["attributes"] if a["code"] == "light_state"), None)
        require(state is not None and state["required"] is True, f"LIGHTING has no required attribute light_state: {d['attributes']}")
        require(state["datatype"] == "singlevaluelist", f"light_state is {state['datatype']}, expected singlevaluelist")
        self.s["light_state"] = str(state["values"][0]["key"])

    def definition_xml(self, code: str):
        x = expect_xml(self.api.get(f"services/{code}.xml"), 200, "service_definition", "service_definition")
        expect_mirror(self.s[f"def:{code}"], x, f"services/{code}")

    def all_definitions(self):
        for s in self.s["services"]:
            if s["metadata"]:
                d = expect_json(self.api.get(f"services/{s['service_code']}.json"), 200, "service_definition")
                require(d["service_code"] == s["service_code"], f"services/{s['service_code']}.json answers {d['service_code']}")

    # -- jurisdiction, formats -------------------------------------------------------------------------
    def jurisdiction_ok(self):
        a = self.api.get("services.json", jurisdiction_id=JURISDICTION)
        require(expect_json(a, 200, "services") == self.s["services"], "services.json?jurisdiction_id=38 differs from services.json")
        expect_json(self.api.get("services/ROADS.json", jurisdiction_id=JURISDICTION), 200, "service_definition")
        expect_json(self.api.get("requests.json", jurisdiction_id=JURISDICTION), 200, "service_requests")
        expect_json(self.api.get("discovery.json", jurisdiction_id=JURISDICTION), 200, "discovery")

    def jurisdiction_unknown(self):
        expect_error(self.api.get("services.json", jurisdiction_id="99"), 404)
        expect_error(self.api.get("services.xml", jurisdiction_id="99"), 404, "xml")
        expect_error(self.api.get("services/ROADS.json", jurisdiction_id="99"), 404)
        expect_error(self.api.get("requests.json", jurisdiction_id="99"), 404)

    def unknown_format(self):
        for path in ("services.csv", "services/ROADS.html", "discovery.yaml"):
            a = self.api.get(path)
            if media_type(a) in ("text/xml", "application/xml"):
                expect_error(a, 404, "xml")
            else:
                expect_error(a, 404)

    def unknown_service(self):
        expect_error(self.api.get("services/NO_SUCH_SERVICE.json"), 404, mentions="NO_SUCH_SERVICE")
        expect_error(self.api.get("services/NO_SUCH_SERVICE.xml"), 404, "xml")

    # -- POST requests -----------------------------------------------------------------------------------
    def created_by_this_run(self) -> set[str]:
        items = expect_json(self.api.get("requests.json"), 200, "service_requests")
        return {str(i["service_request_id"]) for i in items if self.marker in (i.get("description") or "")}

    def accepted(self, answer: Answer, what: str) -> str:
        """A successful POST answer (JSON): the new id, remembered as made by this run."""
        posted = expect_json(answer, {200, 201}, "post_response")
        require(len(posted) == 1 and posted[0].get("service_request_id") not in (None, ""), f"{what}: expected one item with an id: {posted}")
        rid = str(posted[0]["service_request_id"])
        self.s.setdefault("accepted", []).append(rid)
        return rid

    def post_json(self):
        description = f"Ổ gà sâu trước số 12 Lê Lợi, xe máy dễ ngã <b>&\"'</b> ({self.marker}-a)"
        form = self.form(service_code="ROADS", lat="19.807512", long="105.776431", description=description,
                         phone="0912345678", first_name="Nguyễn", last_name="Văn An", email=f"{self.marker}@example.com",
                         **{"attribute[commune]": COMMUNE, "attribute[road_issue]": "pothole"})
        posted = expect_json(self.api.post("requests.json", form), {200, 201}, "post_response")
        require(len(posted) == 1, f"expected one item, got {posted}")
        item = posted[0]
        require(item.get("service_request_id") not in (None, ""), f"no service_request_id (this server assigns ids at once): {item}")
        self.s.setdefault("accepted", []).append(str(item["service_request_id"]))
        self.s["roads"] = {"id": str(item["service_request_id"]), "token": item.get("token"), "description": description,
                           "lat": 19.807512, "long": 105.776431, "email": form["email"], "posted_at": dt.datetime.now(dt.timezone.utc)}

    def post_xml(self):
        description = f"Đèn đường trước nhà văn hóa không sáng ({self.marker}-b)"
        form = self.form(service_code="LIGHTING", lat="19.8101", long="105.7702", description=description,
                         **{"attribute[light_state]": self.s["light_state"]})
        posted = expect_xml(self.api.post("requests.xml", form), {200, 201}, "service_requests", "post_response")
        require(len(posted) == 1 and posted[0].get("service_request_id"), f"expected one item with a service_request_id, got {posted}")
        self.s["lighting"] = {"id": str(posted[0]["service_request_id"]), "token": posted[0].get("token")}
        self.s.setdefault("accepted", []).append(self.s["lighting"]["id"])

    def post_address_only(self):
        address = "12 Lê Lợi, phường Hạc Thành"
        form = self.form(service_code="WASTE", address_string=address, description=f"Rác đổ trộm đầu ngõ ({self.marker}-d)")
        rid = self.accepted(self.api.post("requests.json", form), "POST with address_string")
        items = expect_json(self.api.get(f"requests/{rid}.json"), 200, "service_requests")
        require(items[0]["address"] == address, f"address {items[0]['address']!r} != posted address_string {address!r}")

    def post_attribute_datatypes(self):
        body = self.form(lat="19.8", long="105.77")
        for code, attribute, bad, good in (("DRAINAGE", "water_depth_cm", "abc", "35"),
                                           ("SECURITY", "observed_at", "not-a-date", w3c(dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)))):
            description = f"Kiểm tra kiểu thuộc tính {attribute} ({self.marker})"
            expect_error(self.api.post("requests.json", {**body, "service_code": code, "description": description,
                                                         f"attribute[{attribute}]": bad}), 400, mentions=attribute)
            self.accepted(self.api.post("requests.json", {**body, "service_code": code, "description": description,
                                                          f"attribute[{attribute}]": good}), f"{code} with {attribute}={good}")

    def post_forbidden(self):
        body = self.form(service_code="ROADS", lat="19.8", long="105.77", description=f"Kiểm tra khóa API sai ({self.marker})")
        expect_error(self.api.post("requests.json", {**body, "api_key": "not-a-key"}), 403)
        expect_error(self.api.post("requests.xml", {**body, "api_key": "not-a-key"}), 403, "xml")
        expect_error(self.api.post("requests.json", {k: v for k, v in body.items() if k != "api_key"}), 403)
        expect_error(self.api.post("requests.json", {**body, "api_key": ""}), 403)

    def post_no_location(self):
        body = self.form(service_code="ROADS", description=f"Không có vị trí nào cả ({self.marker})")
        expect_error(self.api.post("requests.json", body), 400)
        expect_error(self.api.post("requests.xml", body), 400, "xml")

    def post_missing_attribute(self):
        body = self.form(service_code="LIGHTING", lat="19.8", long="105.77", description=f"Đèn hỏng nhưng thiếu thuộc tính ({self.marker})")
        expect_error(self.api.post("requests.json", body), 400, mentions="light_state")
        expect_error(self.api.post("requests.json", {**body, "attribute[light_state]": "no-such-value"}), 400, mentions="light_state")

    def post_unknown_service(self):
        body = self.form(service_code="NO_SUCH_SERVICE", lat="19.8", long="105.77", description=f"Loại không tồn tại ({self.marker})")
        expect_error(self.api.post("requests.json", body), 404, mentions="NO_SUCH_SERVICE")
        expect_error(self.api.post("requests.json", {k: v for k, v in body.items() if k != "service_code"}), 400, mentions="service_code")

    def post_unknown_jurisdiction(self):
        # jurisdiction_id is a POST argument (form field), like every other argument of POST Service Request.
        body = self.form(service_code="ROADS", lat="19.8", long="105.77", jurisdiction_id="99",
                         description=f"Sai mã địa bàn hành chính ({self.marker})")
        expect_error(self.api.post("requests.json", body), 404, mentions="99")

    def rejected_posts_created_nothing(self):
        made = self.created_by_this_run()
        extra = made - set(self.s.get("accepted", []))
        require(not extra, f"rejected POSTs created requests {sorted(extra, key=int)} (accepted were {self.s.get('accepted')})")
        require(set(self.s.get("accepted", [])) <= made, f"accepted requests {self.s.get('accepted')} missing from requests.json")

    # -- GET one request, tokens -------------------------------------------------------------------------
    def request_json(self):
        r = self.s["roads"]
        a = self.api.get(f"requests/{r['id']}.json")
        items = expect_json(a, 200, "service_requests")
        require(len(items) == 1, f"expected one request, got {len(items)}")
        item = items[0]
        require(str(item["service_request_id"]) == r["id"], f"asked for {r['id']}, got {item['service_request_id']}")
        require(item["service_code"] == "ROADS" and item["status"] == "open", f"expected an open ROADS request: {item}")
        require(item["description"] == r["description"], f"description {item['description']!r} != posted {r['description']!r}")
        require(isinstance(item["lat"], (int, float)) and abs(item["lat"] - r["lat"]) < 1e-6
                and isinstance(item["long"], (int, float)) and abs(item["long"] - r["long"]) < 1e-6,
                f"lat/long {item['lat']}, {item['long']} != posted {r['lat']}, {r['long']}")
        when = parse_w3c(item["requested_datetime"])
        require(abs((when - r["posted_at"]).total_seconds()) < 300, f"requested_datetime {item['requested_datetime']} is not about now")
        require(parse_w3c(item["updated_datetime"]) >= when, "updated_datetime before requested_datetime")
        require(COMMUNE_NAME in (item.get("agency_responsible") or ""),
                f"attribute[commune]={COMMUNE} should route to {COMMUNE_NAME}; agency_responsible is {item.get('agency_responsible')!r}")
        for secret in ("0912345678", r["email"]):
            require(secret.encode() not in a.body, f"the reporter's contact {secret!r} is published: {a}")
        self.s["roads"]["item"] = item

    def request_xml(self):
        r = self.s["roads"]
        x = expect_xml(self.api.get(f"requests/{r['id']}.xml"), 200, "service_requests", "service_requests")
        expect_mirror([r["item"]], x, f"requests/{r['id']}")

    def request_without_commune(self):
        l = self.s["lighting"]
        items = expect_json(self.api.get(f"requests/{l['id']}.json"), 200, "service_requests")
        require(len(items) == 1 and items[0]["service_code"] == "LIGHTING", f"expected the LIGHTING request: {items}")
        agency = items[0].get("agency_responsible") or ""
        require(agency and COMMUNE_NAME not in agency,
                f"without attribute[commune] the request should go to a provincial department, got {agency!r}")
        self.s["lighting"]["item"] = items[0]

    def request_unknown(self):
        expect_error(self.api.get("requests/987654321.json"), 404)
        expect_error(self.api.get("requests/987654321.xml"), 404, "xml")
        expect_error(self.api.get("requests/not-an-id.json"), 404)

    def token_json(self):
        r = self.s["roads"]
        require(r["token"], "the POST answer had no token")
        items = expect_json(self.api.get(f"tokens/{r['token']}.json"), 200, "tokens")
        require(len(items) == 1 and items[0]["token"] == r["token"] and str(items[0]["service_request_id"]) == r["id"],
                f"tokens/{r['token']} should give service_request_id {r['id']}: {items}")
        self.s["token_item"] = items

    def token_xml(self):
        r = self.s["roads"]
        x = expect_xml(self.api.get(f"tokens/{r['token']}.xml"), 200, "service_requests", "tokens")
        expect_mirror(self.s["token_item"], x, f"tokens/{r['token']}")
        l = self.s["lighting"]
        if l["token"]:
            items = expect_json(self.api.get(f"tokens/{l['token']}.json"), 200, "tokens")
            require(str(items[0]["service_request_id"]) == l["id"], f"token of the XML POST gives {items}, expected {l['id']}")

    def token_unknown(self):
        expect_error(self.api.get("tokens/no-such-token-000.json"), 404)
        expect_error(self.api.get("tokens/no-such-token-000.xml"), 404, "xml")

    # -- GET requests (list) -----------------------------------------------------------------------------
    def list_default(self):
        items = expect_json(self.api.get("requests.json"), 200, "service_requests")
        ids = ids_of(items)
        require(len(ids) == len(set(ids)), "duplicate service_request_id in the list")
        for key in ("roads", "lighting"):
            require(self.s[key]["id"] in ids, f"requests.json lacks the new request {self.s[key]['id']}")
        oldest = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=90, minutes=5)
        late = [i["service_request_id"] for i in items if parse_w3c(i["requested_datetime"]) < oldest]
        require(not late, f"without dates the list should cover the last 90 days, but has older requests {late}")
        for item in [i for i in items if i.get("media_url")][:5]:
            photo = Client.send("GET", item["media_url"])
            require(photo.status == 200 and media_type(photo).startswith("image/"),
                    f"media_url of request {item['service_request_id']} is not an image: {photo.method} {photo.url} -> {photo.status} {photo.content_type}")

    def list_by_ids(self):
        a, b = self.s["roads"]["id"], self.s["lighting"]["id"]
        items = expect_json(self.api.get("requests.json", service_request_id=f"{a},{b}"), 200, "service_requests")
        require(sorted(ids_of(items)) == sorted([a, b]), f"service_request_id={a},{b} answered {ids_of(items)}")
        # service_request_id overrides every other argument.
        items = expect_json(self.api.get("requests.json", service_request_id=f"{a},{b}", service_code="TREES", status="closed"),
                            200, "service_requests")
        require(sorted(ids_of(items)) == sorted([a, b]), f"service_request_id should override service_code/status, got {ids_of(items)}")
        self.s["pair"] = items

    def list_xml(self):
        a, b = self.s["roads"]["id"], self.s["lighting"]["id"]
        j = expect_json(self.api.get("requests.json", service_request_id=f"{a},{b}"), 200, "service_requests")
        x = expect_xml(self.api.get("requests.xml", service_request_id=f"{a},{b}"), 200, "service_requests", "service_requests")
        expect_mirror(j, x, "requests.xml")
        x = expect_xml(self.api.get("requests.xml"), 200, "service_requests", "service_requests")
        require(a in ids_of(x), f"requests.xml lacks {a}")

    def list_by_code(self):
        items = expect_json(self.api.get("requests.json", service_code="LIGHTING"), 200, "service_requests")
        require(all(i["service_code"] == "LIGHTING" for i in items), "service_code=LIGHTING answered other services")
        require(self.s["lighting"]["id"] in ids_of(items) and self.s["roads"]["id"] not in ids_of(items),
                f"service_code=LIGHTING answered {ids_of(items)}")
        items = expect_json(self.api.get("requests.json", service_code="ROADS,LIGHTING"), 200, "service_requests")
        require({i["service_code"] for i in items} <= {"ROADS", "LIGHTING"}, "service_code=ROADS,LIGHTING answered other services")
        require({self.s["roads"]["id"], self.s["lighting"]["id"]} <= set(ids_of(items)), "service_code=ROADS,LIGHTING lacks the new requests")

    def list_by_status(self):
        items = expect_json(self.api.get("requests.json", status="open"), 200, "service_requests")
        require(all(i["status"] == "open" for i in items), "status=open answered closed requests")
        require(self.s["roads"]["id"] in ids_of(items), "status=open lacks the new request")
        items = expect_json(self.api.get("requests.json", status="closed"), 200, "service_requests")
        require(all(i["status"] == "closed" for i in items), "status=closed answered open requests")
        require(self.s["roads"]["id"] not in ids_of(items), "status=closed has the new (open) request")

    def list_by_dates(self):
        posted = parse_w3c(self.s["roads"]["item"]["requested_datetime"])
        start, end = posted - dt.timedelta(hours=1), posted + dt.timedelta(hours=1)
        items = expect_json(self.api.get("requests.json", start_date=w3c(start), end_date=w3c(end)), 200, "service_requests")
        require(self.s["roads"]["id"] in ids_of(items), f"start_date={w3c(start)}&end_date={w3c(end)} lacks the new request")
        outside = [i["service_request_id"] for i in items if not start <= parse_w3c(i["requested_datetime"]) <= end]
        require(not outside, f"requests outside {w3c(start)} .. {w3c(end)}: {outside}")
        start, end = posted - dt.timedelta(days=3), posted - dt.timedelta(days=2)
        items = expect_json(self.api.get("requests.json", start_date=w3c(start), end_date=w3c(end)), 200, "service_requests")
        require(self.s["roads"]["id"] not in ids_of(items), f"start_date={w3c(start)}&end_date={w3c(end)} has today's request")
        outside = [i["service_request_id"] for i in items if not start <= parse_w3c(i["requested_datetime"]) <= end]
        require(not outside, f"requests outside {w3c(start)} .. {w3c(end)}: {outside}")
        # The same instant in UTC ("Z") works too.
        z = (posted - dt.timedelta(minutes=10)).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        items = expect_json(self.api.get("requests.json", start_date=z), 200, "service_requests")
        require(self.s["roads"]["id"] in ids_of(items), f"start_date={z} lacks the new request")

    def list_bad_date(self):
        expect_error(self.api.get("requests.json", start_date="yesterday"), 400, mentions="start_date")
        expect_error(self.api.get("requests.xml", end_date="2026-99-99T00:00:00+07:00"), 400, "xml")

    # -- the georeport client from PyPI ------------------------------------------------------------------
    def georeport_client(self):
        import georeport
        from georeport import GeoReport

        os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
        self.s["georeport_version"] = getattr(georeport, "__version__", "?")
        self.s["gr"] = GeoReport(self.api.root, jurisdiction=JURISDICTION, api_key=API_KEY)
        self.s["grx"] = GeoReport(self.api.root, jurisdiction=JURISDICTION, api_key=API_KEY, output_format="xml")

    def georeport_services(self):
        services = self.s["gr"].get_service_list()
        validate(services, "services", what="georeport get_service_list()")
        require({s["service_code"] for s in services} == {s["service_code"] for s in self.s["services"]}, "different services")
        xml_services = self.s["grx"].get_service_list()  # xmltodict: a list of dicts of strings
        require(isinstance(xml_services, list) and {s["service_code"] for s in xml_services} == {s["service_code"] for s in services},
                f"georeport (xml) get_service_list() gave {xml_services!r:.300}")

    def georeport_definition(self):
        d = self.s["gr"].get_service_definition("LIGHTING")
        validate(d, "service_definition", what="georeport get_service_definition('LIGHTING')")
        require(any(a["code"] == "light_state" and a["required"] for a in d["attributes"]), f"no required light_state: {d}")
        x = self.s["grx"].get_service_definition("LIGHTING")
        require(x["service_code"] == "LIGHTING" and any(a["code"] == "light_state" for a in x["attributes"]["attribute"]),
                f"georeport (xml) get_service_definition('LIGHTING') gave {x!r:.300}")

    def georeport_post(self):
        # georeport 0.3.1 has no POST Service Request method (only GET calls): post with the client's own
        # root_address, jurisdiction and api_key, the way the spec describes (form-encoded).
        gr = self.s["gr"]
        for name in ("create_service_request", "post_service_request", "submit_service_request"):
            if hasattr(gr, name):
                print(f"    note: georeport now has {name}(); check.py still posts by hand", flush=True)
        form = {"api_key": gr.api_key, "jurisdiction_id": gr.jurisdiction, "service_code": "ROADS",
                "lat": "19.8002", "long": "105.7811", "description": f"Vỉa hè bong gạch dài năm mét ({self.marker}-c)",
                "attribute[commune]": COMMUNE, "attribute[road_issue]": "pavement"}
        a = Client.send("POST", f"{gr.root_address}/requests.json", form)
        posted = expect_json(a, {200, 201}, "post_response")
        self.s["client_id"] = str(posted[0]["service_request_id"])

    def georeport_read_back(self):
        rid = self.s["client_id"]
        item = self.s["gr"].get_service_request(rid)
        validate([item], "service_requests", what=f"georeport get_service_request({rid})")
        require(str(item["service_request_id"]) == rid and item["service_code"] == "ROADS", f"get_service_request({rid}) gave {item}")
        x = self.s["grx"].get_service_request(rid)  # xmltodict collapses a one-item list into the item
        require(isinstance(x, dict) and x.get("service_request_id") == rid, f"georeport (xml) get_service_request({rid}) gave {x!r:.300}")

    def georeport_list(self):
        rid = self.s["client_id"]
        items = self.s["gr"].get_service_requests(service_request_id=f"{rid},{self.s['roads']['id']}")
        validate(items, "service_requests", what="georeport get_service_requests(service_request_id=...)")
        require(sorted(ids_of(items)) == sorted([rid, self.s["roads"]["id"]]), f"got {ids_of(items)}")
        now = dt.datetime.now(dt.timezone.utc)
        items = self.s["gr"].get_service_requests(service_code="ROADS", status="open",
                                                  start_date=w3c(now - dt.timedelta(hours=2)), end_date=w3c(now + dt.timedelta(hours=2)))
        validate(items, "service_requests", what="georeport get_service_requests(service_code=ROADS, status=open, dates)")
        require(rid in ids_of(items) and all(i["service_code"] == "ROADS" and i["status"] == "open" for i in items),
                f"get_service_requests(ROADS, open, ±2 h) gave {ids_of(items)}")
        x = self.s["grx"].get_service_requests(service_code="ROADS")
        x = x if isinstance(x, list) else [x]  # xmltodict: one item comes back as a dict
        require(rid in ids_of(x), "georeport (xml) get_service_requests(service_code=ROADS) lacks the new request")

    def run(self) -> int:
        c = self.check
        c("schemas are valid JSON Schema 2020-12", load_schemas)
        c("schemas accept spec-shaped documents and refuse malformed ones", self_test_schemas)
        c("GET discovery.json", self.discovery_json)
        c("GET discovery.xml mirrors the JSON", self.discovery_xml)
        c("GET services.json (8 services)", self.services_json)
        c("GET services.xml mirrors the JSON", self.services_xml)
        c("GET services/ROADS.json", lambda: self.definition_json("ROADS"))
        c("GET services/ROADS.xml mirrors the JSON", lambda: self.definition_xml("ROADS"))
        c("GET services/LIGHTING.json (required attribute light_state)", self.lighting_json)
        c("GET services/LIGHTING.xml mirrors the JSON", lambda: self.definition_xml("LIGHTING"))
        c("GET services/{code}.json for every service with metadata=true", self.all_definitions)
        c("GET services/{unknown}.{json,xml} -> 404 errors", self.unknown_service)
        c("jurisdiction_id=38 accepted", self.jurisdiction_ok)
        c("jurisdiction_id=99 -> 404 errors (json, xml)", self.jurisdiction_unknown)
        c("unknown format (services.csv ...) -> 404 errors", self.unknown_format)
        c("POST requests.json (ROADS, lat/long, attribute[commune], api_key)", self.post_json)
        c("POST requests.xml (LIGHTING with attribute[light_state])", self.post_xml)
        c("POST requests.json with address_string only", self.post_address_only)
        c("POST attribute values must match their datatype (number, datetime) -> 400 errors", self.post_attribute_datatypes)
        c("POST with a wrong or missing api_key -> 403 errors", self.post_forbidden)
        c("POST without a location -> 400 errors", self.post_no_location)
        c("POST LIGHTING without attribute[light_state] -> 400 errors", self.post_missing_attribute)
        c("POST unknown or missing service_code -> 404 / 400 errors", self.post_unknown_service)
        c("POST jurisdiction_id=99 (form field) -> 404 errors", self.post_unknown_jurisdiction)
        c("rejected POSTs created no request", self.rejected_posts_created_nothing)
        c("GET requests/{id}.json (fields, commune routing, no contact data)", self.request_json)
        c("GET requests/{id}.xml mirrors the JSON", self.request_xml)
        c("GET requests/{id}.json without commune -> a provincial department", self.request_without_commune)
        c("GET requests/{unknown}.{json,xml} -> 404 errors", self.request_unknown)
        c("GET tokens/{token}.json", self.token_json)
        c("GET tokens/{token}.xml mirrors the JSON", self.token_xml)
        c("GET tokens/{unknown} -> 404 errors", self.token_unknown)
        c("GET requests.json (last 90 days by default; media_url images load)", self.list_default)
        c("GET requests.json?service_request_id=a,b (overrides other arguments)", self.list_by_ids)
        c("GET requests.xml mirrors the JSON", self.list_xml)
        c("GET requests.json?service_code=", self.list_by_code)
        c("GET requests.json?status=open / closed", self.list_by_status)
        c("GET requests.json?start_date=&end_date= (+07:00 and Z)", self.list_by_dates)
        c("GET requests.json with a bad start_date / end_date -> 400 errors", self.list_bad_date)
        c("georeport (PyPI) client created", self.georeport_client)
        c("georeport: get_service_list()", self.georeport_services)
        c("georeport: get_service_definition('LIGHTING')", self.georeport_definition)
        c("georeport: POST a request with the client's api_key (client has no POST method)", self.georeport_post)
        c("georeport: get_service_request(id)", self.georeport_read_back)
        c("georeport: get_service_requests(...)", self.georeport_list)
        failed = len(self.failures)
        print(f"open311: {self.passed} passed, {failed} failed", flush=True)
        return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the server's origin, e.g. http://127.0.0.1:8080")
    parser.add_argument("--keep-going", action="store_true", help="run every check, then exit 1 if any failed")
    args = parser.parse_args()
    socket.setdefaulttimeout(30)  # the georeport client sets no timeout of its own
    return Conformance(args.base, args.keep_going).run()


if __name__ == "__main__":
    sys.exit(main())
