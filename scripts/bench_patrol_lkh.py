#!/usr/bin/env python3
"""Compare Patrol's tour lengths with LKH-3 (through the elkai package) on the same matrices.

Reads the JSON-lines file written by `patrol-bench instances`: one object per instance with
"set" (travel mode), "size", "matrix" (integer decimetres, row = from), "tour" and "length" (ours).
Prints, per set and size, the median and worst gap of our length over LKH's, in percent.
"""
import json
import statistics
import sys
import time

import elkai


def tour_length(matrix, tour):
    if tour[0] != tour[-1]:
        tour = list(tour) + [tour[0]]
    return sum(matrix[a][b] for a, b in zip(tour, tour[1:]))


def main(path, runs):
    groups = {}
    for line in open(path, encoding="utf-8"):
        inst = json.loads(line)
        matrix = inst["matrix"]
        ours = tour_length(matrix, inst["tour"])
        if ours != inst["length"]:
            sys.exit(f"instance {inst['set']}/{inst['size']}/{inst['index']}: recorded length "
                     f"{inst['length']} != recomputed {ours}")
        if sorted(inst["tour"][:-1]) != list(range(inst["size"])):
            sys.exit(f"instance {inst['set']}/{inst['size']}/{inst['index']}: tour is not a permutation")
        started = time.perf_counter()
        lkh_tour = elkai.DistanceMatrix(matrix).solve_tsp(runs=runs)
        seconds = time.perf_counter() - started
        lkh = tour_length(matrix, lkh_tour)
        gap = 100.0 * (ours - lkh) / lkh if lkh > 0 else 0.0
        groups.setdefault((inst["set"], inst["size"]), []).append((gap, seconds))
    print(f"{'set':<6}{'stops':>6}{'n':>5}{'median gap %':>14}{'worst gap %':>13}{'best gap %':>12}{'LKH s/inst':>12}")
    failed = False
    for (mode, size), rows in sorted(groups.items()):
        gaps = [g for g, _ in rows]
        worst = max(gaps)
        print(f"{mode:<6}{size:>6}{len(rows):>5}{statistics.median(gaps):>14.2f}{worst:>13.2f}"
              f"{min(gaps):>12.2f}{statistics.mean(s for _, s in rows):>12.2f}")
        failed = failed or statistics.median(gaps) > 2.0
    return 1 if failed else 0


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/patrol-instances.jsonl"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    sys.exit(main(path, runs))
