#!/usr/bin/env python3
"""Checks every HTTP response the Swift tests recorded against the server's OpenAPI 3.1 document.

The tests write one JSON line per exchange when CITYGRID_RECORD_RESPONSES=<dir> is set
(Tests/Support/ResponseRecorder.swift). This script is the independent side: it matches each
request to a path template of the document itself, picks the documented response for the status
(or `default`), checks the media type, and validates the body with the `jsonschema` package
(Draft 2020-12, the dialect of OpenAPI 3.1), resolving `$ref`s in the document. It also checks every
`examples` entry of every component schema against its schema, so the examples cannot lie.

    python3 Tests/oracle/openapi_responses.py --document openapi.json --responses DIR [--min 100]

Fails (exit 1) naming the request, the status and the failing JSON pointer; fails too when it saw
fewer than --min responses, so that it cannot pass by seeing nothing. Last line: "N passed, N failed".
"""
import argparse
import copy
import glob
import json
import re
import sys

import jsonschema
import referencing
import referencing.jsonschema

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def registry_for(document):
    """A registry in which `#/components/schemas/X` resolves inside the document."""
    resource = referencing.Resource.from_contents(document, default_specification=referencing.jsonschema.DRAFT202012)
    return referencing.Registry().with_resource("urn:citygrid:openapi", resource)


def absolute_refs(schema):
    """The schema with its document-relative `$ref`s (`#/components/…`) pointing into the registered
    document, so that a schema taken out of the document still resolves."""
    if isinstance(schema, dict):
        return {k: ("urn:citygrid:openapi" + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else absolute_refs(v))
                for k, v in schema.items()}
    if isinstance(schema, list):
        return [absolute_refs(v) for v in schema]
    return schema


def validator_for(schema, registry):
    wrapped = absolute_refs(schema)
    wrapped["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return jsonschema.Draft202012Validator(wrapped, registry=registry, format_checker=jsonschema.FormatChecker())


def compile_templates(document):
    """(regex, template, literal segment count) for each path, most literal first: `/cases/overdue`
    wins over `/cases/{caseId}`, as in the router."""
    out = []
    for template in document.get("paths", {}):
        parts = template.strip("/").split("/") if template != "/" else []
        pattern = "".join("/[^/]+" if p.startswith("{") and p.endswith("}") else "/" + re.escape(p) for p in parts)
        literal = sum(1 for p in parts if not p.startswith("{"))
        out.append((re.compile("^" + (pattern or "/") + "/?$"), template, literal))
    out.sort(key=lambda t: -t[2])
    return out


def match(templates, path):
    for regex, template, _ in templates:
        if regex.match(path):
            return template
    return None


def media_key(content, content_type):
    """The documented media type the response's Content-Type is (parameters compared too when the
    document names them: the Prometheus version, the OpenAPI version)."""
    if content_type is None:
        return None
    if content_type in content:
        return content_type
    base = content_type.split(";")[0].strip().lower()
    for key in content:
        if key == "*/*" or key.split(";")[0].strip().lower() == base and ";" not in key:
            return key
    return None


def pointer(path):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def check_examples(document, registry):
    """Every example of every component schema (and nested `examples`) validates against the schema."""
    failures = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        for k, example in enumerate(schema.get("examples", [])):
            errors = sorted(validator_for({"$ref": "#/components/schemas/" + name}, registry).iter_errors(example),
                            key=lambda e: list(e.absolute_path))
            for e in errors[:3]:
                failures.append(f"components.schemas.{name}.examples[{k}] at {pointer(e.absolute_path)}: {e.message[:300]}")
    return failures


def validate(document, records, examples=True):
    """(passed, failures, unmatched, operations seen) of the records (and, with `examples`, of the
    schemas' own examples) against the document."""
    registry = registry_for(document)
    templates = compile_templates(document)
    validators = {}

    failures = check_examples(document, registry) if examples else []
    passed = 0
    unmatched = 0
    operations_seen = set()
    for r in records:
        method, path, status = r["method"].lower(), r["path"], r["status"]
        where = f"{r['method']} {path}{'?' + r['query'] if r.get('query') else ''} → {status}"
        if status == 0:
            continue  # no answer (a test that stops the server on purpose)
        template = match(templates, path)
        operation = document["paths"].get(template, {}).get(method) if template else None
        if operation is None:
            # No such route: the router's 404 (or 405) problem; nothing in the document to hold it to.
            unmatched += 1
            continue
        operations_seen.add(f"{method.upper()} {template}")
        responses = operation.get("responses", {})
        response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if response is None:
            failures.append(f"{where}: status {status} is not documented for {method.upper()} {template}")
            continue
        content = response.get("content")
        body = r.get("body")
        if not content:
            if body:
                failures.append(f"{where}: documented without a body, answered {len(body)} characters")
            else:
                passed += 1
            continue
        key = media_key(content, r.get("contentType"))
        if key is None:
            failures.append(f"{where}: Content-Type {r.get('contentType')!r} is not one of {sorted(content)}")
            continue
        schema = content[key].get("schema")
        if schema is None:
            passed += 1
            continue
        if body is None:
            failures.append(f"{where}: a binary body where {key} is documented")
            continue
        if "json" in key:
            try:
                value = json.loads(body)
            except ValueError as e:
                failures.append(f"{where}: not JSON ({e})")
                continue
        else:
            value = body
        ref = json.dumps(schema, sort_keys=True)
        validator = validators.get(ref) or validators.setdefault(ref, validator_for(schema, registry))
        errors = sorted(validator.iter_errors(value), key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
        if errors:
            e = errors[0]
            failures.append(f"{where} [{r.get('source', '?')}]: body at {pointer(e.absolute_path)} breaks "
                            f"{pointer(e.absolute_schema_path)}: {e.message[:300]}")
        else:
            passed += 1

    return passed, failures, unmatched, operations_seen


# Deliberately wrong schemas: each must make the check fail on the recorded responses, or the
# check could be passing because it validates nothing.
MUTATIONS = {
    "Health requires a member the server never sends": lambda s: s["Health"]["required"].append("uptime"),
    "a Feature's id is an integer": lambda s: s["Feature"]["properties"].__setitem__("id", {"type": "integer"}),
    "Problem's status is a string": lambda s: s["Problem"]["properties"].__setitem__("status", {"type": "string"}),
    "a Case's overdue is a string": lambda s: s["Case"]["properties"].__setitem__("overdue", {"type": "string"}),
}


def mutation_check(document, records):
    missed = []
    for name, mutate in MUTATIONS.items():
        wrong = copy.deepcopy(document)
        mutate(wrong["components"]["schemas"])
        _, failures, _, _ = validate(wrong, records, examples=False)
        print(f"mutation '{name}': {len(failures)} recorded responses fail")
        if not failures:
            missed.append(f"the deliberately wrong schema ({name}) passed: the check validates nothing there")
    return missed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--document", required=True)
    parser.add_argument("--responses", required=True, help="directory of *.jsonl files")
    parser.add_argument("--min", type=int, default=100)
    parser.add_argument("--mutations", action="store_true", help="also check that deliberately wrong schemas fail")
    args = parser.parse_args()

    with open(args.document, encoding="utf-8") as f:
        document = json.load(f)
    if not str(document.get("openapi", "")).startswith("3.1"):
        print(f"the document is OpenAPI {document.get('openapi')}, not 3.1")
        print("0 passed, 1 failed")
        return 1
    records = []
    for name in sorted(glob.glob(args.responses.rstrip("/") + "/*.jsonl")):
        with open(name, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip())
    passed, failures, unmatched, operations_seen = validate(document, records)
    if args.mutations:
        failures += mutation_check(document, records)

    all_operations = {f"{m.upper()} {p}" for p, item in document["paths"].items() for m in item if m in METHODS}
    print(f"{len(records)} recorded responses, {unmatched} to paths the document does not have, "
          f"{len(operations_seen)} of {len(all_operations)} operations seen")
    missing = sorted(all_operations - operations_seen)
    if missing:
        print("operations no test reached: " + ", ".join(missing))
    if len(records) < args.min:
        failures.append(f"only {len(records)} responses recorded (fewer than {args.min}): were the tests run with "
                        f"CITYGRID_RECORD_RESPONSES={args.responses}?")
    for f in failures[:60]:
        print("FAIL " + f)
    if len(failures) > 60:
        print(f"… and {len(failures) - 60} more")
    print(f"openapi-responses: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
