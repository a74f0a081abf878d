#!/usr/bin/env python3
"""OGC API – Features Part 3 against a brute force: for each CQL2 filter (text and JSON), the
items the server selects must be exactly those a Python predicate written by hand selects from the
whole layer (fetched once, in EPSG:4549 so that distances are metres; spatial literals are given in
EPSG:4549 too, with filter-crs, and tested with Shapely). Malformed filters and unknown properties
must be 400s naming what is wrong. Exits non-zero on any difference.

    python3 Tests/oracle/cql2_filters.py --base http://127.0.0.1:PORT
"""
import argparse
import datetime
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from shapely.geometry import Point, Polygon, box, shape

EPSG4549 = "http://www.opengis.net/def/crs/EPSG/0/4549"


def get(base, path, params):
    url = base + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def layer(base, name):
    status, body = get(base, f"/ogc/collections/{name}/items", {"limit": 10000, "crs": EPSG4549})
    assert status == 200, (name, status, body)
    return body["features"]


def when(text):
    return datetime.datetime.fromisoformat(text) if text else None


def at(value):
    return datetime.datetime.fromisoformat(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    base = parser.parse_args().base
    failures = 0
    layers = {name: layer(base, name) for name in ["cases", "storefronts", "structures", "segments"]}

    def props(f):
        p = f["properties"]
        a = p.get("attribution") or {}
        seg = a.get("segment") or {}
        return {**p, "_raw": p, "gridCode": a.get("gridCode"), "subDistrict": a.get("subDistrict"), "segment": seg.get("segmentID"),
                "chief": seg.get("chiefID"), "geometry": shape(f["geometry"]) if f.get("geometry") else None}

    # A point of the district in EPSG:4549 (northing, easting), near the middle of the cases.
    pts = [f["geometry"]["coordinates"] for f in layers["cases"]]
    n0 = sorted(p[0] for p in pts)[len(pts) // 2]
    e0 = sorted(p[1] for p in pts)[len(pts) // 2]
    centre = Point(n0, e0)
    square = box(n0 - 400, e0 - 300, n0 + 400, e0 + 300)
    tri = Polygon([(n0 - 500, e0 - 500), (n0 + 600, e0 - 200), (n0, e0 + 700)])
    tri_wkt = "POLYGON((%f %f,%f %f,%f %f,%f %f))" % (n0 - 500, e0 - 500, n0 + 600, e0 - 200, n0, e0 + 700, n0 - 500, e0 - 500)

    checks = [
        ("cases", "status IN ('reported','registered') AND typeCode = '0103'", None,
         lambda p: p.get("status") in ("reported", "registered") and p.get("typeCode") == "0103"),
        ("cases", {"op": "and", "args": [{"op": "in", "args": [{"property": "status"}, ["reported", "registered"]]},
                                          {"op": "=", "args": [{"property": "typeCode"}, "0103"]}]}, None,
         lambda p: p.get("status") in ("reported", "registered") and p.get("typeCode") == "0103"),
        ("cases", "typeCode LIKE '01%' AND NOT status = 'closed'", None,
         lambda p: (p.get("typeCode") or "").startswith("01") and p.get("status") is not None and p.get("status") != "closed"),
        ("cases", "reportedAt > TIMESTAMP('2026-11-20T00:00:00+08:00')", None,
         lambda p: p.get("reportedAt") is not None and at(p["reportedAt"]) > at("2026-11-20T00:00:00+08:00")),
        ("cases", "reportedAt BETWEEN TIMESTAMP('2026-11-10T00:00:00Z') AND TIMESTAMP('2026-11-25T00:00:00Z')", None,
         lambda p: p.get("reportedAt") is not None and at("2026-11-10T00:00:00+00:00") <= at(p["reportedAt"]) <= at("2026-11-25T00:00:00+00:00")),
        ("cases", "structureID IS NULL AND subDistrict = '豫园街道'", None,
         lambda p: p.get("structureID") is None and p.get("subDistrict") == "豫园街道"),
        ("cases", "S_DWITHIN(geometry, POINT(%f %f), 500, meters) AND status <> 'closed'" % (n0, e0), EPSG4549,
         lambda p: p["geometry"].distance(centre) <= 500 and p.get("status") not in (None, "closed")),
        ("cases", {"op": "s_dwithin", "args": [{"property": "geometry"}, {"type": "Point", "coordinates": [n0, e0]}, 300]}, EPSG4549,
         lambda p: p["geometry"].distance(centre) <= 300),
        ("storefronts", "S_INTERSECTS(geometry, %s) OR licenceStatus = 'unlicensed'" % tri_wkt, EPSG4549,
         lambda p: p["geometry"].intersects(tri) or p.get("licenceStatus") == "unlicensed"),
        ("storefronts", "trade LIKE '%餐%' AND gridCode IS NOT NULL", None,
         lambda p: "餐" in (p.get("trade") or "") and p.get("gridCode") is not None),
        ("structures", "S_WITHIN(geometry, BBOX(%f,%f,%f,%f))" % (n0 - 400, e0 - 300, n0 + 400, e0 + 300), EPSG4549,
         lambda p: p["geometry"].within(square)),
        ("segments", "S_INTERSECTS(geometry, %s) AND NOT roadName = '中华路'" % tri_wkt, EPSG4549,
         lambda p: p["geometry"].intersects(tri) and (p["_raw"].get("segment") or {}).get("roadName") not in (None, "中华路")),
    ]
    for name, flt, crs, predicate in checks:
        params = {"limit": 10000}
        if isinstance(flt, dict):
            params.update({"filter": json.dumps(flt, ensure_ascii=False), "filter-lang": "cql2-json"})
        else:
            params["filter"] = flt
        if crs:
            params["filter-crs"] = crs
        status, body = get(base, f"/ogc/collections/{name}/items", params)
        if status != 200:
            print(f"FAIL {name} {flt}: HTTP {status} {body}")
            failures += 1
            continue
        got = sorted(f["id"] for f in body["features"])
        expected = sorted(f["id"] for f in layers[name] if predicate(props(f)))
        ok = got == expected and body["numberMatched"] == len(expected)
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {len(expected)} of {len(layers[name])} for {str(flt)[:90]}")
        if not ok:
            failures += 1
            print("   only the server:", sorted(set(got) - set(expected))[:5], " only the brute force:", sorted(set(expected) - set(got))[:5])
        if not expected:
            print("   (selects nothing: the check proves little)")

    # datetime (Part 1, clause 7.15.4): cases by when they were reported, alone and with a filter.
    for params, predicate in [
        ({"datetime": "2026-11-10T00:00:00Z/2026-11-20T00:00:00Z"},
         lambda p: p.get("reportedAt") and at("2026-11-10T00:00:00+00:00") <= at(p["reportedAt"]) <= at("2026-11-20T00:00:00+00:00")),
        ({"datetime": "../2026-11-15T00:00:00+08:00", "filter": "typeCode LIKE '01%'"},
         lambda p: p.get("reportedAt") and at(p["reportedAt"]) <= at("2026-11-15T00:00:00+08:00") and (p.get("typeCode") or "").startswith("01")),
    ]:
        status, body = get(base, "/ogc/collections/cases/items", {"limit": 10000, **params})
        got = sorted(f["id"] for f in body.get("features", []))
        expected = sorted(f["id"] for f in layers["cases"] if predicate(props(f)))
        ok = status == 200 and got == expected and 0 < len(expected) < len(layers["cases"])
        print(f"{'ok  ' if ok else 'FAIL'} cases: {len(expected)} for {params}")
        failures += 0 if ok else 1
    status, _ = get(base, "/ogc/collections/cases/items", {"datetime": "2026-11-20T00:00:00Z/2026-11-10T00:00:00Z"})
    print(f"{'ok  ' if status == 400 else 'FAIL'} 400 for an interval that ends before it starts: {status}")
    failures += 0 if status == 400 else 1

    # Bad filters: 400, naming the place or the property.
    for name, flt, lang, says in [
        ("cases", "status = ", "cql2-text", "character"),
        ("cases", "colour = 'red'", "cql2-text", "colour"),
        ("cases", "status LIKE 3", "cql2-text", "LIKE"),
        ("cases", "S_INTERSECTS(geometry, POLYGON((1 2, 3 4))", "cql2-text", "character"),
        ("cases", '{"op": "=", "args": [{"property": "status"}]}', "cql2-json", "args"),
        ("cases", "holder = 'x'", "cql2-text", "holder"),
        ("storefronts", "name = 'x'", "cql2-yaml", "filter-lang"),
    ]:
        status, body = get(base, f"/ogc/collections/{name}/items", {"filter": flt, "filter-lang": lang})
        text = json.dumps(body, ensure_ascii=False)
        ok = status == 400 and says in text
        print(f"{'ok  ' if ok else 'FAIL'} 400 for {flt!r}: {status} {text[:160]}")
        failures += 0 if ok else 1
    print(f"cql2: {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
