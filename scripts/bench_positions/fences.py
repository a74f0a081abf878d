#!/usr/bin/env python3
"""Makes N fences on a running CityGrid for the positions bench (POST /api/v1/subscriptions, no
webhook URL: fences watched by streams). Four in five are circles of 8–15 m, 20 m east of an
officer's station, which the bench's fixes (0–38 m east, back and forth) cross again and again; the
rest are grid cells drawn at random. Seeded; prints how many were made and how long it took.

    python3 fences.py BASE_URL TOKEN officers.csv grids.geojson N SEED
"""
import http.client
import json
import random
import sys
import time
import urllib.parse


def main():
    base, token, officers_csv, grids, n, seed = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    rng = random.Random(seed)
    officers = [line.strip().split(",") for line in open(officers_csv) if line.strip()]
    with open(grids, encoding="utf-8") as f:
        cells = [feature["properties"]["CODE"] for feature in json.load(f)["features"]]
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    start = time.time()
    for k in range(n):
        if k % 5 < 4:
            oid, lon, lat = officers[k % len(officers)]
            place = f"lon={float(lon) + 0.0002:.7f}&lat={float(lat):.7f}&radius={rng.uniform(8, 15):.1f}"
        else:
            place = f"grid={rng.choice(cells)}"
        body = json.dumps({"url": None, "filter": place + "&events=officer.enter,officer.leave"})
        connection.request("POST", "/api/v1/subscriptions", body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read()
        if answer.status != 201:
            sys.exit(f"fence {k}: HTTP {answer.status}: {text[:300]!r}")
    print(f"fences: {n} made in {time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
