#!/usr/bin/env python3
"""Checks every JSON answer the Swift suites received (the file MOTCUA_RESPONSE_LOG names, one JSON
line per answer) against the schema that Sources/Web/Static/openapi.json gives for that operation and
status. An answer whose operation or status the document does not describe fails too.

usage: scripts/check_api_responses.py RESPONSES.jsonl [--document openapi.json]
"""
import argparse
import json
import re
import sys
import urllib.parse
from collections import Counter

import jsonschema

DOCUMENTED_PREFIXES = ("/api/", "/healthz", "/metrics", "/openapi.json")


def load_operations(document):
    """(regex, template, literal-segment count, {method: operation}) per path, most literal first."""
    table = []
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        literal = sum(1 for part in template.split("/") if part and not part.startswith("{"))
        table.append((re.compile(pattern), template, literal, item))
    table.sort(key=lambda row: -row[2])
    return table


def resolve(document, node):
    while isinstance(node, dict) and "$ref" in node and len(node) == 1:
        path = node["$ref"].lstrip("#/").split("/")
        node = document
        for part in path:
            node = node[part]
    return node


def schema_for(document, operation, status):
    responses = operation.get("responses", {})
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    if response is None:
        return None, f"status {status} is not documented"
    response = resolve(document, response)
    content = response.get("content", {}).get("application/json")
    if content is None or "schema" not in content:
        return None, f"status {status} has no application/json schema"
    return content["schema"], None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("responses")
    parser.add_argument("--document", default="Sources/Web/Static/openapi.json")
    args = parser.parse_args()
    with open(args.document, encoding="utf-8") as f:
        document = json.load(f)
    operations = load_operations(document)
    validators = {}
    failures = Counter()
    examples = {}
    checked = 0
    with open(args.responses, encoding="utf-8") as f:
        for line in f:
            answer = json.loads(line)
            path = urllib.parse.urlsplit(answer["uri"]).path
            if not path.startswith(DOCUMENTED_PREFIXES):
                continue
            method = answer["method"].lower()
            match = next((row for row in operations if row[0].match(path) and method in row[3]), None)
            if match is None and answer["status"] in (404, 405):
                # A route that does not exist: the document's common "not found" answer.
                template, operation = path, {"responses": {str(answer["status"]): {"$ref": "#/components/responses/NotFound"}}}
            elif match is None:
                failures[f"{method.upper()} {path}: not in the document"] += 1
                continue
            else:
                template, operation = match[1], match[3][method]
            schema, problem = schema_for(document, operation, answer["status"])
            where = f"{method.upper()} {template} {answer['status']}"
            if problem:
                failures[f"{where}: {problem}"] += 1
                examples.setdefault(f"{where}: {problem}", answer["body"][:300])
                continue
            key = json.dumps(schema, sort_keys=True)
            if key not in validators:
                root = {"components": document.get("components", {}), "allOf": [schema]}
                validators[key] = jsonschema.Draft202012Validator(root)
            try:
                body = json.loads(answer["body"])
            except ValueError:
                failures[f"{where}: the body is not JSON"] += 1
                continue
            error = jsonschema.exceptions.best_match(validators[key].iter_errors(body))
            checked += 1
            if error is not None:
                message = f"{where}: {error.message[:200]} at {'/'.join(map(str, error.absolute_path))}"
                failures[message] += 1
                examples.setdefault(message, answer["body"][:300])
    for message, count in sorted(failures.items()):
        print(f"FAIL ({count}x) {message}")
        if message in examples:
            print(f"     e.g. {examples[message]}")
    print(f"{checked} JSON answers checked against the OpenAPI document, {sum(failures.values())} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
