#!/usr/bin/env python3
"""Writes a roster of N officers for the bench (officers.geojson, the flat schema of geodata/SCHEMA.md),
each stationed at the centre of a grid cell drawn at random (seeded), and officers.csv (id,lon,lat)
for the wrk script.

    python3 roster.py grids.geojson N SEED officers.geojson officers.csv
"""
import json
import random
import sys


def main():
    grids, n, seed, out_geojson, out_csv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    with open(grids, encoding="utf-8") as f:
        cells = json.load(f)["features"]
    rng = random.Random(seed)
    features, rows = [], []
    for k in range(n):
        cell = rng.choice(cells)
        geometry = cell["geometry"]
        ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
        lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
        lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
        oid = f"ZFB{k + 1:06d}"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": {"OFFICER_ID": oid, "NAME": f"队员{k + 1}", "TEAM": f"压测中队{k % 8 + 1}",
                                        "MODE": ["foot", "bike", "car"][k % 3], "ON_DUTY": "yes", "PHONE": "", "ACCOUNT": ""}})
        rows.append(f"{oid},{lon:.7f},{lat:.7f}")
    with open(out_geojson, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
    with open(out_csv, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
