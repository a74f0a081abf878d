"""Grows a generated district's cases to N: replica r of case C is `C-rNNN` at C's point moved by a
seeded Gaussian step (sigma 150 m, kept inside the district's box), with C's history copied
(merge targets renamed into the same replica). Replica 0 is the original, unmoved.

usage: replicate_cases.py CASES_XY.csv HISTORY.csv N SEED minX,minY,maxX,maxY OUT_CASES.csv OUT_HISTORY.csv
Writes OUT_CASES.csvt too (column types for ogr2ogr). CASES_XY.csv is the generator's cases layer as ogr2ogr writes it with -lco GEOMETRY=AS_XY (X, Y first)."""
import csv
import random
import sys

cases_in, history_in, n, seed, box, cases_out, history_out = sys.argv[1:8]
n, seed = int(n), int(seed)
min_x, min_y, max_x, max_y = (float(v) for v in box.split(","))
rng = random.Random(seed)

with open(cases_in, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    fields = reader.fieldnames
    cases = list(reader)
with open(history_in, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    history_fields = reader.fieldnames
    events = {}
    for row in reader:
        events.setdefault(row["CASE_ID"], []).append(row)
ids = {c["CASE_ID"] for c in cases}
replicas = -(-n // len(cases))
print(f"{len(cases)} cases x {replicas} replicas -> {n} (seed {seed})", file=sys.stderr)


def clamp(v, lo, hi):
    return min(max(v, lo), hi)


written = 0
with open(cases_out, "w", newline="", encoding="utf-8") as fc, open(history_out, "w", newline="", encoding="utf-8") as fh:
    wc = csv.DictWriter(fc, fieldnames=fields)
    wh = csv.DictWriter(fh, fieldnames=history_fields)
    wc.writeheader()
    wh.writeheader()
    for r in range(replicas):
        rename = (lambda i: i) if r == 0 else (lambda i, r=r: f"{i}-r{r:03d}")
        for c in cases:
            if written == n:
                break
            row = dict(c)
            row["CASE_ID"] = rename(c["CASE_ID"])
            if r > 0:
                row["X"] = f"{clamp(float(c['X']) + rng.gauss(0, 150), min_x, max_x):.3f}"
                row["Y"] = f"{clamp(float(c['Y']) + rng.gauss(0, 150), min_y, max_y):.3f}"
            wc.writerow(row)
            for e in events.get(c["CASE_ID"], []):
                e = dict(e)
                e["CASE_ID"] = row["CASE_ID"]
                if e.get("ARG") in ids:
                    e["ARG"] = rename(e["ARG"])
                wh.writerow(e)
            written += 1
# A .csvt beside the CSV gives ogr2ogr each text column's width in bytes, so no DESCR is cut at the
# shapefile driver's default of 80 and the .dbf is not padded to 254 per field.
widths = {k: 1 for k in fields}
for c in cases:
    for k in fields:
        widths[k] = max(widths[k], len((c[k] or "").encode("utf-8")) + (8 if k == "CASE_ID" else 0))
types = ["Real" if k in ("X", "Y") else f"String({min(widths[k], 254)})" for k in fields]
with open(cases_out[:-4] + ".csvt", "w") as f:
    f.write(",".join(f'"{t}"' for t in types) + "\n")
print(f"wrote {written} cases to {cases_out}", file=sys.stderr)
