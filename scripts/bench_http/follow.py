"""Read-your-writes across nodes: M cases reported one after another on node A (POST /api/v1/cases),
each then polled on node B (GET /api/v1/cases/{id}, every millisecond) until B answers 200. B
answers from memory, so the delay is B's following of the change log: NOTIFY, reading the entry,
applying it. Prints the p50, p99 and maximum of that delay (from A's 201 to B's 200) and of the
report itself; fails if a case is not visible on B within 5 s or two reports got one id.

usage: follow.py PORT_A PORT_B LONLAT.csv M TOKEN   (prints: m report_p50 report_p99 follow_p50 follow_p99 follow_max, ms)"""
import csv
import http.client
import json
import sys
import time

port_a, port_b, lonlat, m, token = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
with open(lonlat, newline="") as f:
    points = [(row["X"], row["Y"]) for row in csv.DictReader(f)][:m]
a = http.client.HTTPConnection("127.0.0.1", int(port_a))
b = http.client.HTTPConnection("127.0.0.1", int(port_b))
headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
reports, follows, ids = [], [], set()
for lon, lat in points:
    body = json.dumps({"type": "0103", "lon": float(lon), "lat": float(lat), "description": "bench-http 跟随延迟"})
    t0 = time.perf_counter()
    a.request("POST", "/api/v1/cases", body, headers)
    r = a.getresponse()
    answer = r.read()
    t1 = time.perf_counter()
    if r.status != 201:
        sys.exit(f"report answered {r.status}: {answer[:300]!r}")
    case_id = json.loads(answer)["case"]["id"]
    if case_id in ids:
        sys.exit(f"two reports got the id {case_id}")
    ids.add(case_id)
    while True:
        b.request("GET", f"/api/v1/cases/{case_id}")
        r = b.getresponse()
        r.read()
        if r.status == 200:
            break
        if r.status != 404:
            sys.exit(f"node B answered {r.status} for {case_id}")
        if time.perf_counter() - t1 > 5:
            sys.exit(f"{case_id} not visible on node B 5 s after node A stored it")
        time.sleep(0.001)
    t2 = time.perf_counter()
    reports.append((t1 - t0) * 1000)
    follows.append((t2 - t1) * 1000)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


print(f"{len(follows)} {pct(reports, 50):.1f} {pct(reports, 99):.1f} {pct(follows, 50):.1f} {pct(follows, 99):.1f} {max(follows):.1f}")
