#!/usr/bin/env python3
"""Walks every GET route of a served sample district as several readers and looks for personal data
where it must not be (issue 21): a regex over every response for unmasked mobile numbers, and the
members that hold a person (holder, phone, reportedFor, a chief's name) checked to be masked.

    python3 Tests/oracle/personal_data_walk.py --base http://127.0.0.1:PORT --document openapi.json

Readers: anonymous, a viewer, an officer of one sub-district (豫园, who may see people there but no
chief's phone: chiefs are attributed by segment) must see no unmasked phone anywhere; a city-wide
officer is the control: the same walk must find unmasked phones for it, or the check could not fail.
Searching for a chief's phone number must not find the chief's segment for the restricted readers.
"""
import argparse
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

MOBILE = re.compile(r"(?<![\d*])1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![\d*])")
READERS = {
    "anonymous": None,
    "viewer": "sample-viewer-token-0001",
    "yuyuan-officer": "sample-yuyuan-officer-0001",
}
CONTROL = ("city-officer", "sample-officer-token-0001")


def fetch(base, path, token):
    request = urllib.request.Request(base + path)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def sample_paths(base, document):
    """Every GET path of the document with its parameters filled from the sample's real ids."""
    def ids(layer, n=3):
        _, text = fetch(base, f"/api/v1/layers/{layer}?limit={n}", None)
        return [f["id"] for f in json.loads(text)["features"]]
    layers = ["grids", "parcels", "roads", "segments", "redlines", "storefronts", "structures", "cases", "officers"]
    _, seg_text = fetch(base, "/api/v1/layers/segments?limit=3", None)
    segments = json.loads(seg_text)["features"]
    cases = ids("cases")
    _, case_text = fetch(base, "/api/v1/layers/cases?limit=1", None)
    lon, lat = json.loads(case_text)["features"][0]["geometry"]["coordinates"]
    values = {
        "code": ids("grids", 2), "segmentId": [f["id"] for f in segments[:2]],
        "chiefId": sorted({f["properties"]["chief"]["id"] for f in segments if f["properties"].get("chief")})[:2],
        "caseId": cases, "requestFile": [c + ".json" for c in cases[:2]], "serviceFile": ["0103.json"],
        "collectionId": layers, "officerId": ids("officers", 2),
    }
    query = {"lon": lon, "lat": lat, "q": "路", "x": lon, "y": lat, "bbox": f"{lon-0.01},{lat-0.01},{lon+0.01},{lat+0.01}",
             "service_code": "0103"}
    paths = []
    for template, item in document["paths"].items():
        operation = item.get("get")
        if not operation or template.startswith(("/web/", "/vendor/")) or template in ("/", "/metrics", "/openapi.json"):
            continue
        params = operation.get("parameters", [])
        names = [p["name"] for p in params if p["in"] == "path"]
        required = {p["name"]: query.get(p["name"], "") for p in params if p["in"] == "query" and p.get("required")}
        fills = [{}]
        for name in names:
            if name == "layer":
                options = [l for l in layers if l in (next(p for p in params if p["name"] == "layer").get("schema", {}).get("enum") or layers)]
            elif name in ("entityId",):
                fills = [dict(f, layer=l, entityId=i) for f in fills for l in ("storefronts", "structures") for i in ids(l, 2)]
                continue
            elif name == "featureId":
                fills = [dict(f, featureId=i) for f in fills for i in ids(f.get("layer") or f.get("collectionId") or "cases", 2)]
                continue
            else:
                options = values.get(name, [])
            fills = [dict(f, **{name: o}) for f in fills for o in options]
        for fill in fills:
            if any("{" + n + "}" not in template for n in fill):
                fill = {k: v for k, v in fill.items() if "{" + k + "}" in template}
            path = template
            for k, v in fill.items():
                path = path.replace("{" + k + "}", urllib.parse.quote(str(v), safe=""))
            if "{" in path:
                continue
            qs = urllib.parse.urlencode(required)
            paths.append(path + ("?" + qs if qs else ""))
    # Layers and collections listed in full pages: where the people are.
    for layer in ("segments", "structures", "storefronts", "cases", "officers"):
        paths.append(f"/api/v1/layers/{layer}?limit=10000")
        paths.append(f"/ogc/collections/{layer}/items?limit=10000")
    return sorted(set(paths)), segments


PERSON_MEMBERS = {"holder", "phone", "reportedFor"}

# The 豫园 officer may see his own team's phones (officers ZF310101018…, attributed in 豫园): they
# are taken out of his answers before the look for phones, and nothing else is.
OWN_TEAM = re.compile(r"^ZF310101018")


def without_own_team(text):
    try:
        value = json.loads(text)
    except ValueError:
        return text

    def strip(v):
        if isinstance(v, dict):
            if isinstance(v.get("id"), str) and OWN_TEAM.match(v["id"]):
                return None
            return {k: strip(x) for k, x in v.items()}
        if isinstance(v, list):
            return [x for x in (strip(x) for x in v) if x is not None]
        return v
    return json.dumps(strip(value), ensure_ascii=False)


def unmasked_people(value, parent=None, found=None):
    """Members that hold a person and show it without a mask."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            person = k in PERSON_MEMBERS or (parent == "chief" and k == "name")
            if person and isinstance(v, str) and v and "*" not in v:
                found.append(f"{k}={v}")
            unmasked_people(v, k, found)
    elif isinstance(value, list):
        for v in value:
            unmasked_people(v, parent, found)
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--document", required=True)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    with open(args.document, encoding="utf-8") as f:
        document = json.load(f)
    paths, segments = sample_paths(base, document)
    failures = []
    checked = 0
    for reader, token in READERS.items():
        for path in paths:
            status, text = fetch(base, path, token)
            checked += 1
            if reader == "yuyuan-officer":
                text = without_own_team(text)
            phones = MOBILE.findall(text)
            if phones:
                failures.append(f"{reader} GET {path} ({status}): unmasked phone {phones[0]}")
            try:
                people = unmasked_people(json.loads(text))
            except ValueError:
                people = []
            # The 豫园 officer may see the people of 豫园's structures and cases; the others no one.
            if people and reader != "yuyuan-officer":
                failures.append(f"{reader} GET {path} ({status}): unmasked {people[0]}")
    # Searching for a chief's phone must not find the chief for the restricted readers.
    _, control_text = fetch(base, "/api/v1/layers/segments?limit=3", CONTROL[1])
    phones = [f["properties"]["chief"]["phone"] for f in json.loads(control_text)["features"] if f["properties"].get("chief")]
    for reader, token in READERS.items():
        for phone in phones[:2]:
            status, text = fetch(base, "/api/v1/search?q=" + urllib.parse.quote(phone), token)
            checked += 1
            hits = [f["id"] for f in json.loads(text).get("features", [])] if status == 200 else []
            if hits:
                failures.append(f"{reader} search for a chief's phone found {hits}")
    # The control: a city-wide officer sees the phones, so the regex can fail.
    control_found = sum(1 for path in paths if MOBILE.search(fetch(base, path, CONTROL[1])[1]))
    if control_found == 0:
        failures.append("control: the city-wide officer saw no phone at all, so the walk proves nothing")
    for line in failures[:40]:
        print("personal data:", line, file=sys.stderr)
    print(f"personal-data walk: {checked} answers over {len(paths)} paths, {len(failures)} leaks; "
          f"control saw phones on {control_found} paths")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
