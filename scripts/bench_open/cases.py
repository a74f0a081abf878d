"""N seeded cases (seed 20261129) as CSV for ogr2ogr: lon,lat in WGS84, uniform over the sample
district's box (geodata/sample: 121.462–121.486 E, 31.220–31.241 N), then the case layer's fields
as geodata/sample/cases.* has them (CASE_ID, TYPE, SOURCE, DESCR, SHOP_ID, STRUCT_ID, REPORTED).
Ids are `AJ-310101-` and 7 digits, so none meets the sample's own (6 digits).

usage: cases.py N OUT.csv"""
import csv
import random
import sys

n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261129)
types = ["0101", "0102", "0103", "0104", "0105", "0106", "0201", "0202", "0301", "0302", "0303", "0401",
         "0501", "0502", "0503", "0504", "0505", "0506"]
sources = ["patrol"] * 44 + ["hotline12345"] * 24 + ["camera"] * 17 + ["complaint"] * 10 + ["media"] * 5
roads = ["延安东路", "金陵中路", "西藏中路", "广西北路", "沉香阁路", "人民路", "河南南路", "福州路"]
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["lon", "lat", "CASE_ID", "TYPE", "SOURCE", "DESCR", "SHOP_ID", "STRUCT_ID", "REPORTED"])
    for i in range(n):
        w.writerow([f"{121.462 + 0.024 * rng.random():.7f}", f"{31.220 + 0.021 * rng.random():.7f}", f"AJ-310101-{i:07d}",
                    rng.choice(types), rng.choice(sources), f"{rng.choice(roads)}{rng.randint(1, 900)}号附近", "", "",
                    f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+08:00"])
print(f"wrote {n} cases to {path}", file=sys.stderr)
