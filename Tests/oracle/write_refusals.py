#!/usr/bin/env python3
"""Sends every write operation of the served OpenAPI document as callers who may write nothing and
checks that each is refused and that the store did not move (issue 21).

    python3 Tests/oracle/write_refusals.py --base http://127.0.0.1:PORT --document openapi.json

Callers: anonymous, the sample's viewer and its auditor (who reads the trail and writes nothing).
Every operation whose method is not GET/HEAD/OPTIONS (but the questions asked by POST, whose
security is empty) is sent with its path parameters filled from
the sample's real ids and a plausible body, so that a route which forgot its gate would succeed:
a refusal is 401 or 403, never 2xx, never 5xx. The change log's end (/healthz storage.logEnd) must
be the same before and after. The control: the sample's admin sends the same requests for the
account routes and must succeed at least once there, or the walk could not tell a refusal from a
broken request.
"""
import argparse
import datetime
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

CALLERS = {"anonymous": None, "viewer": "sample-viewer-token-0001", "auditor": "sample-auditor-token-0001"}
ADMIN = "sample-admin-token-000001"
WRITE_METHODS = ("post", "put", "patch", "delete")


def send(base, method, path, token, body=None, content_type=None):
    request = urllib.request.Request(base + path, method=method.upper(), data=body)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def log_end(base):
    _, text = send(base, "get", "/healthz", None)
    return json.loads(text).get("storage", {}).get("logEnd")


def sample_values(base):
    def first(layer, n=1):
        _, text = send(base, "get", f"/api/v1/layers/{layer}?limit={n}", None)
        return json.loads(text)["features"]
    case = first("cases")[0]
    shop = first("storefronts")[0]
    lon, lat = case["geometry"]["coordinates"]
    officer = first("officers")[0]
    _, accounts = send(base, "get", "/api/v1/accounts", ADMIN)
    viewer = next(a for a in json.loads(accounts)["accounts"] if "viewer" in a["roles"])
    _, made = send(base, "post", "/api/v1/subscriptions", ADMIN,
                   json.dumps({"url": "http://127.0.0.1:9/walk", "filter": "events=case.report"}).encode(), "application/json")
    subscription = json.loads(made)["id"]
    return {
        "path": {"caseId": case["id"], "layer": "storefronts", "entityId": shop["id"], "featureId": shop["id"],
                 "accountId": viewer["id"], "tokenId": viewer["tokens"][0]["id"], "collectionId": "storefronts",
                 "officerId": officer["id"], "subscriptionId": subscription},
        "lonlat": (lon, lat),
        "shop": shop,
    }


def body_for(path, operation, values):
    """A body the route would accept from a caller allowed to send it."""
    content = (operation.get("requestBody") or {}).get("content", {})
    lon, lat = values["lonlat"]
    if "application/x-www-form-urlencoded" in content:
        form = {"service_code": "0103", "lat": lat, "long": lon, "description": "占道经营"}
        return urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    if not content:
        return None, None
    if path.endswith("/transitions"):
        doc = {"event": "register"}
    elif path.endswith("/records"):
        doc = {"kind": "inspection", "note": "检查"}
    elif path == "/api/v1/cases":
        doc = {"type": "0103", "lon": lon, "lat": lat, "description": "建筑垃圾"}
    elif path == "/api/v1/accounts":
        doc = {"name": "走查", "unit": "测试", "roles": ["viewer"], "areas": ["city"]}
    elif path.endswith("/tokens"):
        doc = {}
    elif path.endswith("/positions"):
        doc = {"fixes": [{"at": datetime.datetime.now(datetime.timezone.utc).isoformat(), "lon": lon, "lat": lat}]}
    elif path.endswith("/duty"):
        doc = {"onDuty": False}
    elif path == "/api/v1/subscriptions":
        doc = {"url": "http://127.0.0.1:9/walk", "filter": ""}
    elif "{featureId}" in path or path.endswith("/{layer}") or "/layers/" in path:
        shop = values["shop"]
        doc = {"type": "Feature", "geometry": shop["geometry"], "properties": shop["properties"]}
    else:
        doc = {}
    media = "application/geo+json" if "application/geo+json" in content else "application/json"
    return json.dumps(doc, ensure_ascii=False).encode(), media


def fill(template, values):
    path = template
    for name, value in values["path"].items():
        path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
    return None if "{" in path else path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--document", required=True)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    with open(args.document, encoding="utf-8") as f:
        document = json.load(f)
    values = sample_values(base)
    before = log_end(base)
    failures, sent, operations = [], 0, 0
    for template, item in document["paths"].items():
        for method in WRITE_METHODS:
            operation = item.get(method)
            if not operation:
                continue
            path = fill(template, values)
            if path is None:
                failures.append(f"{method.upper()} {template}: a path parameter the walk cannot fill")
                continue
            # Questions asked by POST (a polygon, a route's stops) are open reads: their security is
            # empty. Open311's request is a write whose key travels in the form, not in a header.
            if operation.get("security") == [] and operation.get("operationId") != "open311CreateRequest":
                continue
            operations += 1
            body, media = body_for(template, operation, values)
            for caller, token in CALLERS.items():
                data = body
                if token and media == "application/x-www-form-urlencoded":
                    data = body + b"&api_key=" + token.encode()   # Open311 clients send their key in the form
                status, text = send(base, method, path, token, data, media)
                sent += 1
                if status not in (401, 403):
                    failures.append(f"{caller} {method.upper()} {path}: {status}, expected 401 or 403: {text[:160]}")
    after = log_end(base)
    if before is None or after != before:
        failures.append(f"the change log moved from {before} to {after} although every write was refused")
    # The control: the admin creates an account with the same body, so a body the walk sends can succeed.
    body, media = body_for("/api/v1/accounts", document["paths"]["/api/v1/accounts"]["post"], values)
    status, text = send(base, "post", "/api/v1/accounts", ADMIN, body, media)
    if status != 201:
        failures.append(f"control: the admin's POST /api/v1/accounts gave {status}, so the walk's bodies prove nothing: {text[:160]}")
    for line in failures[:40]:
        print("write refusal:", line, file=sys.stderr)
    print(f"write refusals: {sent} requests over {operations} write operations, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
