"""Checks that CityGrid's clusters equal PostGIS's grouping of the same rows in the same boxes:
for every viewport of windows.csv, the set of squares and each square's count (and the number
matched); at the cases level (few enough to list), the number of cases. Exits non-zero on any
difference.

usage: compare.py PORT PATHS.txt WINDOWS.csv COUNT psql ARGS..."""
import csv
import json
import subprocess
import sys
import urllib.request

port, paths_file, windows_file, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
psql = sys.argv[5:]
paths = [l.strip() for l in open(paths_file) if l.strip()][:count]
windows = list(csv.reader(open(windows_file)))[:count]
same = levels = 0
bad = []
for path, (i, zoom, scope, size, *box) in zip(paths, windows):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
        answer = json.load(r)
    sql = (f"SELECT floor(ST_X(c.geom) / w.size)::bigint, floor(ST_Y(c.geom) / w.size)::bigint, count(*) "
           f"FROM windows w JOIN cases c ON c.geom && w.box WHERE w.i = {i} "
           f"AND ST_X(c.geom) BETWEEN w.minx AND w.maxx AND ST_Y(c.geom) BETWEEN w.miny AND w.maxy AND (w.scope = 'all' OR c.status IN "
           f"('reported', 'registered', 'dispatched', 'handled', 'verified')) GROUP BY 1, 2")
    rows = subprocess.run(psql + ["-AtF,", "-c", sql], check=True, capture_output=True, text=True).stdout.split()
    theirs = {f"{c}:{r}": int(n) for c, r, n in (row.split(",") for row in rows)}
    matched = sum(theirs.values())
    if answer["numberMatched"] != matched:
        bad.append(f"viewport {i} (zoom {zoom}, {scope}): CityGrid matched {answer['numberMatched']}, PostGIS {matched}")
        continue
    if answer["level"] == "clusters":
        levels += 1
        ours = {f["properties"]["key"]: f["properties"]["count"] for f in answer["features"]}
        if ours != theirs:
            diff = sorted(set(ours.items()) ^ set(theirs.items()))[:4]
            bad.append(f"viewport {i} (zoom {zoom}, {scope}): clusters differ, e.g. {diff}")
            continue
    same += 1
print(f"clusters checked on {len(paths)} viewports ({levels} at the clusters level): {same} identical, {len(bad)} different")
for b in bad[:10]:
    print("  " + b)
sys.exit(1 if bad else 0)
