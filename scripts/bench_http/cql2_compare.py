"""Checks that the CQL2 row asks both sides the same question: for the first M query points, the
OGC API items of cases with the filter bench-http sends (open cases of type 0103 within 500 m)
against PostGIS's ST_DWithin on the same rows. The id sets must be equal, except for cases within
a millimetre of the 500 m circle (the lon/lat round trip of the query point).

usage: cql2_compare.py PORT LONLAT.csv M PSQL_COMMAND..."""
import csv
import json
import subprocess
import sys
import urllib.parse
import urllib.request

port, lonlat, m, psql = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
with open(lonlat, newline="") as f:
    points = [(row["X"], row["Y"], int(row["i"])) for row in csv.DictReader(f)][:m]
agree, edge, wrong, found = 0, 0, [], 0
for lon, lat, i in points:
    flt = f"status IN ('reported','registered','dispatched') AND typeCode = '0103' AND S_DWITHIN(geometry, POINT({lon} {lat}), 500, meters)"
    url = f"http://127.0.0.1:{port}/ogc/collections/cases/items?limit=10000&" + urllib.parse.urlencode({"filter": flt})
    with urllib.request.urlopen(url) as r:
        ours = {f["id"] for f in json.load(r)["features"]}
    sql = (f"SELECT c.id, ST_Distance(c.geom, q.geom) FROM cases c, (SELECT geom FROM qpoints WHERE i = {i}) q "
           f"WHERE c.status IN ('reported','registered','dispatched') AND c.type_code = '0103' AND ST_DWithin(c.geom, q.geom, 500.001)")
    out = subprocess.run(psql + ["-Atq", "-F", ",", "-c", sql], check=True, capture_output=True, text=True).stdout
    rows = [(a, float(b)) for a, b in (line.split(",") for line in out.split())]
    sure = {a for a, d in rows if d < 499.999}
    maybe = {a for a, d in rows}
    found += len(ours)
    if sure <= ours <= maybe:
        if ours == sure:
            agree += 1
        else:
            edge += 1
    else:
        wrong.append((i, sorted(ours - maybe)[:3], sorted(sure - ours)[:3]))
print(f"CQL2 answers checked on {len(points)} points ({found} cases in all): {agree} identical, {edge} equal but for the circle's edge, {len(wrong)} different")
for w in wrong[:3]:
    print("  differs at point", w, file=sys.stderr)
sys.exit(1 if wrong or found == 0 else 0)
