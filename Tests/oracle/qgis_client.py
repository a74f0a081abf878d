#!/usr/bin/python3
"""QGIS itself as the GIS desk's client (Debian's python3-qgis, headless): a CityGrid collection
loaded as an OAPIF layer and as a WFS 2.0 layer in EPSG:4490, each with a provider filter, their
feature counts and one feature's attributes and coordinates compared with the server's own JSON
answer to the same question. Runs with Debian's Python (/usr/bin/python3), where QGIS's bindings
are. Exits non-zero on any difference.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 Tests/oracle/qgis_client.py --base http://127.0.0.1:PORT

QGIS 3.22's OAPIF provider reads CRS84 only (Part 2 came to it later): the OAPIF layer is checked
in CRS84, the WFS layer in CGCS2000.
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

EPSG4490 = "http://www.opengis.net/def/crs/EPSG/0/4490"


def fetch(base, path, params):
    with urllib.request.urlopen(base + path + "?" + urllib.parse.urlencode(params), timeout=60) as r:
        return json.load(r)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    base = parser.parse_args().base
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            failures.append(what)

    subset = "status = 'reported'"
    for provider, uri, crs, axis_swap in [
        ("OAPIF", f"url='{base}/ogc' typename='cases'", None, False),
        ("WFS", f"url='{base}/wfs' typename='cg:cases' version='2.0.0' srsname='EPSG:4490'", EPSG4490, True),
    ]:
        layer = QgsVectorLayer(uri, "cases", provider)
        check(layer.isValid(), f"{provider}: the layer opens")
        if not layer.isValid():
            continue
        params = {"limit": 10000}
        if crs:
            params["crs"] = crs
        everything = fetch(base, "/ogc/collections/cases/items", params)
        check(layer.featureCount() == everything["numberMatched"], f"{provider}: {layer.featureCount()} features, the API's {everything['numberMatched']}")
        check(layer.setSubsetString(subset), f"{provider}: the provider filter is taken")
        filtered = fetch(base, "/ogc/collections/cases/items", {**params, "filter": subset})
        # Features are matched by what QGIS shows of them: position (to 1e-7°, about a centimetre)
        # and attributes; QGIS 3.22's WFS layer has no field for the gml:id.
        def key(x, y, status, type_code):
            return (round(x, 7), round(y, 7), status, type_code)

        got = sorted(key(f.geometry().asPoint().x(), f.geometry().asPoint().y(), f.attribute("status"), f.attribute("typeCode"))
                     for f in layer.getFeatures())
        expected = []
        for f in filtered["features"]:
            x, y = f["geometry"]["coordinates"]
            # QGIS shows EPSG:4490 as longitude, latitude (its own axis order); the API writes latitude first.
            if axis_swap:
                x, y = y, x
            expected.append(key(x, y, f["properties"]["status"], f["properties"]["typeCode"]))
        expected.sort()
        check(got == expected and expected, f"{provider}: the filter selects the API's {len(expected)} cases, at the same places with the same status and type")
        worst = max((max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a, b in zip(got, expected)), default=1)
        check(worst < 1e-7, f"{provider}: positions within {worst:.1e}° of the API's")
    # Every layer, as a WFS layer in CGCS2000: the API's count, and the system QGIS reads.
    for collection in fetch(base, "/ogc/collections", {})["collections"]:
        name = collection["id"]
        layer = QgsVectorLayer(f"url='{base}/wfs' typename='cg:{name}' version='2.0.0' srsname='EPSG:4490'", name, "WFS")
        count = fetch(base, f"/ogc/collections/{name}/items", {"limit": 1})["numberMatched"]
        check(layer.isValid() and layer.featureCount() == count and layer.crs().authid() == "EPSG:4490",
              f"WFS cg:{name}: {layer.featureCount()} features in {layer.crs().authid()}, the API's {count}")
    app.exitQgis()
    print(f"qgis: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
