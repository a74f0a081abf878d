"""The cases exactly as the store holds them (id, workflow status replayed from the history, type
code, EPSG:4549 point), as CSV for PostgreSQL's COPY, so both sides query the same rows.

usage: store_cases.py STORE.sqlite OUT.csv"""
import csv
import sqlite3
import sys

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
statuses = {}
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    for case_id, status, type_code, x, y in db.execute("SELECT id, status, category, minX, minY FROM feature WHERE layer = 'cases'"):
        statuses[status] = statuses.get(status, 0) + 1
        w.writerow([case_id, status, type_code, repr(x), repr(y)])
print("cases by status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items(), key=lambda kv: -kv[1])), file=sys.stderr)
