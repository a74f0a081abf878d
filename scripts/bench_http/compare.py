"""Checks that both sides answer the same question: for the first M query points, CityGrid's
/api/v1/nearest (k = 10, lon/lat) against PostGIS's KNN on the same cases (EPSG:4549 point). The
id lists agree, or differ only where distances tie within 1 cm (the lon/lat round trip moves the
query point by well under a millimetre).

usage: compare.py PORT LONLAT.csv M PSQL_COMMAND...   (psql reads the query on stdin)"""
import csv
import json
import subprocess
import sys
import urllib.request

port, lonlat, m, psql = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
with open(lonlat, newline="") as f:
    points = [(row["X"], row["Y"], int(row["i"])) for row in csv.DictReader(f)][:m]
OPEN = "('reported', 'registered', 'dispatched', 'handled', 'verified')"
agree, tied, wrong = 0, 0, []
for lon, lat, i in points:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/nearest?lon={lon}&lat={lat}&k=10") as r:
        body = json.load(r)
    ours = [(f.get("id") or f["properties"].get("CASE_ID") or f["properties"].get("id"), f["properties"]["distanceMeters"])
            for f in body["features"]]
    sql = (f"SELECT c.id, c.geom <-> q.geom FROM cases c, (SELECT geom FROM qpoints WHERE i = {i}) q "
           f"WHERE c.status IN {OPEN} ORDER BY c.geom <-> q.geom LIMIT 10")
    out = subprocess.run(psql + ["-Atq", "-F", ",", "-c", sql], check=True, capture_output=True, text=True).stdout
    theirs = [(a, float(b)) for a, b in (line.split(",") for line in out.split())]
    if [a for a, _ in ours] == [a for a, _ in theirs]:
        agree += 1
    elif len(ours) == len(theirs) and all(abs(a[1] - b[1]) < 0.01 for a, b in zip(ours, theirs)):
        tied += 1
    else:
        wrong.append((i, ours[:3], theirs[:3]))
print(f"nearest answers checked on {len(points)} points: {agree} identical, {tied} equal up to ties, {len(wrong)} different")
for w in wrong[:3]:
    print("  differs at point", w, file=sys.stderr)
sys.exit(1 if wrong else 0)
