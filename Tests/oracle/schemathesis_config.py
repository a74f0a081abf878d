#!/usr/bin/env python3
"""Writes a schemathesis.toml whose dictionaries hold real ids of the served sample district, so
that most generated requests reach a cell, a segment, a case or a dossier instead of a 404, while
some still get generated values (the probability below).

    python3 Tests/oracle/schemathesis_config.py --base http://127.0.0.1:PORT --out schemathesis.toml
"""
import argparse
import json
import urllib.request


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.load(r)


def ids(base, layer, n=4):
    return [f["id"] for f in get(base, f"/api/v1/layers/{layer}?limit={n}")["features"]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--probability", type=float, default=0.8)
    args = parser.parse_args()
    base = args.base.rstrip("/")

    segments = get(base, "/api/v1/layers/segments?limit=4")["features"]
    chiefs = sorted({f["properties"].get("chief", {}).get("id") for f in segments} - {None})
    cases = ids(base, "cases", 6)
    services = [s["service_code"] for s in get(base, "/open311/v2/services.json")[:4]]
    # Points inside the district: the cases' own.
    points = [f["geometry"]["coordinates"] for f in get(base, "/api/v1/layers/cases?limit=6")["features"] if f.get("geometry")]
    dictionaries = {
        "grids": ids(base, "grids"),
        "segments": [f["id"] for f in segments],
        "chiefs": chiefs,
        "cases": cases,
        "entities": ids(base, "storefronts", 3) + ids(base, "structures", 3),
        "features": ids(base, "grids", 2) + ids(base, "storefronts", 2) + ids(base, "roads", 2),
        "requestFiles": [c + ".json" for c in cases],
        "serviceFiles": [s + ".json" for s in services],
        "officers": ids(base, "officers", 4),
        "lons": [p[0] for p in points],
        "lats": [p[1] for p in points],
    }
    bindings = {
        "path.code": "grids", "path.segmentId": "segments", "path.chiefId": "chiefs", "path.caseId": "cases",
        "path.entityId": "entities", "path.featureId": "features", "path.requestFile": "requestFiles",
        "path.serviceFile": "serviceFiles", "path.officerId": "officers", "query.lon": "lons", "query.lat": "lats",
    }
    lines = ["# Written by Tests/oracle/schemathesis_config.py from the served sample district.", "[parameters]"]
    for key, name in bindings.items():
        lines.append(f'"{key}" = {{ dictionary = "{name}", probability = {args.probability} }}')
    for name, values in dictionaries.items():
        lines.append("")
        lines.append(f"[dictionaries.{name}]")
        lines.append("values = " + json.dumps(values, ensure_ascii=False))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
