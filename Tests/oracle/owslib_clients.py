#!/usr/bin/env python3
"""The GIS desks' Python client (owslib, from PyPI) against CityGrid: OGC API – Features
(collections, items in CGCS2000, queryables, a CQL2 filter) and WebFeatureService 2.0.0
(capabilities, GetFeature in GML), each answer compared with the server's own JSON for the same
question. Exits non-zero on any difference.

    python3 Tests/oracle/owslib_clients.py --base http://127.0.0.1:PORT
"""
import argparse
import json
import sys
import urllib.parse
import urllib.request

from owslib.ogcapi.features import Features
from owslib.wfs import WebFeatureService

EPSG4490 = "http://www.opengis.net/def/crs/EPSG/0/4490"


def fetch(base, path, params=None):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    base = parser.parse_args().base
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    api = Features(base + "/ogc")
    ids = sorted(c["id"] for c in api.collections()["collections"])
    ours = sorted(c["id"] for c in fetch(base, "/ogc/collections")["collections"])
    check(ids == ours and "cases" in ids, f"owslib lists the {len(ids)} collections")
    check("ogcapi-features-3/1.0/conf/filter" in " ".join(api.conformance()["conformsTo"]), "conformance declares filtering")
    queryables = api.collection_queryables("cases")
    check({"status", "typeCode", "reportedAt", "geometry"} <= set(queryables["properties"]), "owslib reads the queryables")
    page = api.collection_items("cases", limit=20, crs=EPSG4490)
    direct = fetch(base, "/ogc/collections/cases/items", {"limit": 20, "crs": EPSG4490})
    check([f["id"] for f in page["features"]] == [f["id"] for f in direct["features"]]
          and [f["geometry"]["coordinates"] for f in page["features"]] == [f["geometry"]["coordinates"] for f in direct["features"]],
          "owslib's items in EPSG:4490 are the server's")
    flt = "status = 'reported' AND typeCode LIKE '01%'"
    filtered = api.collection_items("cases", limit=1000, filter=flt)
    expected = fetch(base, "/ogc/collections/cases/items", {"limit": 1000, "filter": flt})
    check(sorted(f["id"] for f in filtered["features"]) == sorted(f["id"] for f in expected["features"]) and filtered["features"],
          f"owslib's CQL2 filter selects the server's {len(expected['features'])} cases")

    wfs = WebFeatureService(base + "/wfs", version="2.0.0")
    names = sorted(wfs.contents)
    check(names == sorted(f"cg:{i}" for i in ours), f"owslib's WFS 2.0.0 capabilities list {len(names)} types")
    check("4490" in str(wfs.contents["cg:cases"].crsOptions[0]), f"the default CRS is CGCS2000 ({wfs.contents['cg:cases'].crsOptions[0]})")
    response = wfs.getfeature(typename=["cg:cases"], maxfeatures=10)
    gml = response.read()
    gml = gml.decode("utf-8") if isinstance(gml, bytes) else gml
    first = fetch(base, "/ogc/collections/cases/items", {"limit": 10})
    check(all(f'gml:id="cases.{f["id"]}"' in gml for f in first["features"]) and 'numberReturned="10"' in gml,
          "owslib's GetFeature gets the first ten cases in GML")
    print(f"owslib: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
