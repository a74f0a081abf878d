"""requests/s, p50 and p99 (ms) from pgbench's per-transaction logs (-l): the third column of each
line is the transaction's latency in microseconds.

usage: percentiles.py SECONDS LOGFILE...   (prints: count rps p50_ms p99_ms)"""
import sys

seconds = float(sys.argv[1])
latencies = []
for path in sys.argv[2:]:
    with open(path) as f:
        latencies.extend(int(line.split()[2]) for line in f)
latencies.sort()


def pct(p):
    return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] / 1000


print(f"{len(latencies)} {len(latencies) / seconds:.0f} {pct(50):.2f} {pct(99):.2f}")
