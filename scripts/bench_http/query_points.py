"""N seeded query points, uniform over the district's grid cells (a point is kept only if it falls in
a cell's box, so streets between districts' holes are not sampled), in EPSG:4549 metres.

usage: query_points.py STORE.sqlite N SEED OUT.csv   (writes i,X,Y)"""
import bisect
import csv
import random
import sqlite3
import sys

store, n, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
cells = db.execute("SELECT minX, minY, maxX, maxY FROM feature WHERE layer = 'grids'").fetchall()
if not cells:
    sys.exit(f"no grid cells in {store}")
# Pick a cell with probability proportional to its box area, then a point inside it.
areas, total = [], 0.0
for a, b, c, d in cells:
    total += (c - a) * (d - b)
    areas.append(total)
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["i", "X", "Y"])
    for i in range(1, n + 1):
        a, b, c, d = cells[bisect.bisect_left(areas, rng.random() * total)]
        w.writerow([i, f"{rng.uniform(a, c):.3f}", f"{rng.uniform(b, d):.3f}"])
print(f"{n} query points over {len(cells)} grid cells (seed {seed}) -> {out}", file=sys.stderr)
