"""Seeded viewports over the district, as a 1400 x 900 browser at zoom z sees them with the page's
25 % padding (CG.paddedBBox), in the working CRS (EPSG:4549 metres), for both sides of bench-map:
the HTTP paths CityGrid gets (crs=working, so both sides count in the very same box) and the rows
PostGIS gets (windows.csv: i, zoom, scope, cluster size, box).

usage: viewports.py MINX,MINY,MAXX,MAXY COUNT SEED PATHS.txt WINDOWS.csv"""
import csv
import math
import random
import sys

minx, miny, maxx, maxy = map(float, sys.argv[1].split(","))
count, seed = int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
# Web Mercator metres per pixel at the district's latitude (~31.26 N), as MapScale assumes.
mpp = lambda z: 156543.03392 * math.cos(math.radians(31.26)) / 2 ** z
with open(sys.argv[4], "w") as paths, open(sys.argv[5], "w", newline="") as out:
    w = csv.writer(out)
    for i in range(1, count + 1):
        z = rng.choice([11, 12, 13, 14, 15])
        scope = rng.choice(["open", "all"])
        half_w, half_h = 1400 * mpp(z) * 0.75, 900 * mpp(z) * 0.75
        cx, cy = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
        size = 2.0 ** (23 - z)   # MapScale.clusterMeters
        paths.write(f"/api/v1/map/cases?crs=working&zoom={z}&status={scope}&bbox=" + ",".join(f"{v:.3f}" for v in box) + "\n")
        w.writerow([i, z, scope, size] + [f"{v:.3f}" for v in box])
