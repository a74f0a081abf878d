#!/usr/bin/env python3
"""An independent street graph for checking CityGrid's patrol router.

Reads a roads layer with GDAL (ogr2ogr to GeoJSON, in the layer's own metric CRS), nodes it with
Shapely (GEOS) and routes on it with networkx; shares no code with CityGrid. The rules are those
of the roads layer's schema (geodata/SCHEMA.md), written here from the schema, not from Patrol:

- streets meet at every shared vertex and where two streets on the same LAYER cross;
- a bridge or tunnel meets another line only at its own ends, or at a vertex it shares with a
  line on its own level (LAYER, else +1 for a bridge, -1 for a tunnel, else 0);
- ONEWAY "yes" is driven only in drawing order, "-1" only against it; foot ignores it;
- speeds per mode and OSM class come from the speed table given (0 or absent: not allowed).

Usage: street_graph.py ROADS SPEEDS.json POINTS.json OUT.json
POINTS.json: {"foot": [[x, y], ...], "car": [[x, y], ...]}, each point a vertex of the layer.
OUT.json: {"foot": {"seconds": [[...]], "meters": [[...]]}, "car": {...}, "crossings": [...]}
with null for unreachable pairs; "crossings" lists the points where a bridge or tunnel crosses a
line without a shared vertex, with both ROAD_IDs.
"""
import json
import subprocess
import sys

import networkx as nx
from shapely import STRtree
from shapely.geometry import LineString, Point


def read_roads(path):
    out = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", path], check=True,
                         capture_output=True).stdout
    roads = []
    for f in json.loads(out)["features"]:
        p, g = f["properties"], f["geometry"]
        parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        bridge = (p.get("BRIDGE") or "") not in ("", "no")
        tunnel = (p.get("TUNNEL") or "") not in ("", "no")
        layer = p.get("LAYER")
        level = int(layer) if layer is not None else (1 if bridge else -1 if tunnel else 0)
        for coords in parts:
            roads.append({"id": p["ROAD_ID"], "highway": p.get("CLASS") or "unclassified",
                          "oneway": p.get("ONEWAY") or "", "deck": bridge or tunnel, "level": level,
                          "coords": [tuple(c[:2]) for c in coords]})
    return roads


def node_crossings(roads):
    """Inserts, into every at-grade street, the points where it crosses another at-grade street on
    its level; returns the crossings of bridges and tunnels that are not shared vertices."""
    lines = [LineString(r["coords"]) for r in roads]
    tree = STRtree(lines)
    extra = [[] for _ in roads]
    passes = []
    for i, j in zip(*tree.query(lines, predicate="intersects")):
        if i >= j:
            continue
        a, b = roads[i], roads[j]
        hit = lines[i].intersection(lines[j])
        points = [hit] if hit.geom_type == "Point" else [g for g in getattr(hit, "geoms", []) if g.geom_type == "Point"]
        shared = set(a["coords"]) & set(b["coords"])
        for pt in points:
            xy = (pt.x, pt.y)
            if xy in shared:
                continue
            if not a["deck"] and not b["deck"] and a["level"] == b["level"]:
                # Both lines get the very same coordinate, so they share the new vertex.
                extra[i].append(xy)
                extra[j].append(xy)
            elif a["deck"] or b["deck"]:
                passes.append({"x": xy[0], "y": xy[1], "roads": [a["id"], b["id"]]})
    for r, cuts in zip(roads, extra):
        if cuts:
            r["coords"] = insert_on_segments(r["coords"], cuts)
    return passes


def insert_on_segments(coords, cuts):
    """The line with each cut point inserted into the segment it lies on, in order along it."""
    placed = []
    for xy in set(cuts) - set(coords):
        best = None
        for n, (a, b) in enumerate(zip(coords, coords[1:])):
            seg = LineString([a, b])
            d = seg.distance(Point(xy))
            if best is None or d < best[0]:
                best = (d, n, seg.project(Point(xy)))
        placed.append((best[1], best[2], xy))
    out = [coords[0]]
    for n in range(len(coords) - 1):
        out += [xy for s, _, xy in sorted(placed) if s == n]
        out.append(coords[n + 1])
    return out


def vertex_keys(roads):
    """Graph node of each vertex of each road, under the meeting rules above."""
    at = {}
    for k, r in enumerate(roads):
        for n, c in enumerate(r["coords"]):
            at.setdefault(c, []).append((k, n == 0 or n == len(r["coords"]) - 1))
    keys = {}
    for c, uses in at.items():
        # Union-find over the uses of this coordinate.
        parent = list(range(len(uses)))

        def find(u):
            while parent[u] != u:
                u = parent[u]
            return u

        def allows(u, v):
            ru, rv = roads[uses[u][0]], roads[uses[v][0]]
            return (not ru["deck"]) or uses[u][1] or ru["level"] == rv["level"]

        for u in range(len(uses)):
            for v in range(u + 1, len(uses)):
                ru, rv = roads[uses[u][0]], roads[uses[v][0]]
                same_deck = ru["deck"] == rv["deck"] and (not ru["deck"] or ru["level"] == rv["level"])
                if same_deck or (allows(u, v) and allows(v, u)):
                    parent[find(u)] = find(v)
        for u, (k, _) in enumerate(uses):
            keys[(k, c)] = (c, find(u))
    return keys


def graph(roads, keys, speeds, mode):
    g = nx.DiGraph()
    for k, r in enumerate(roads):
        cls = speeds["classes"].get(r["highway"], speeds["default"])
        kmh = cls.get(mode, speeds["default"][mode])
        if not kmh:
            continue
        forward = mode == "foot" or r["oneway"] != "-1"
        backward = mode == "foot" or r["oneway"] not in ("yes",)
        for a, b in zip(r["coords"], r["coords"][1:]):
            meters = ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
            seconds = meters / (kmh / 3.6)
            u, v = keys[(k, a)], keys[(k, b)]
            for s, t, ok in ((u, v, forward), (v, u, backward)):
                if ok and (not g.has_edge(s, t) or g[s][t]["seconds"] > seconds):
                    g.add_edge(s, t, seconds=seconds, meters=meters)
    return g


def matrices(g, nodes):
    seconds, meters = [], []
    for s in nodes:
        if s is None or s not in g:
            seconds.append([None] * len(nodes)); meters.append([None] * len(nodes)); continue
        by_time, paths = nx.single_source_dijkstra(g, s, weight="seconds")
        seconds.append([by_time.get(t) if t is not None else None for t in nodes])
        row = []
        for t in nodes:
            if t is None or t not in paths:
                row.append(None)
            else:
                p = paths[t]
                row.append(sum(g[a][b]["meters"] for a, b in zip(p, p[1:])))
        meters.append(row)
    return {"seconds": seconds, "meters": meters}


def main():
    roads_path, speeds_path, points_path, out_path = sys.argv[1:5]
    roads = read_roads(roads_path)
    speeds = json.load(open(speeds_path))
    passes = node_crossings(roads)
    keys = vertex_keys(roads)
    # A point's node: the node of any street vertex there, else of any vertex there.
    node_at = {}
    for (k, c), key in sorted(keys.items(), key=lambda kv: roads[kv[0][0]]["deck"], reverse=True):
        node_at[c] = key
    points = json.load(open(points_path))
    result = {"crossings": passes}
    for mode, pts in points.items():
        g = graph(roads, keys, speeds, mode)
        result[mode] = matrices(g, [node_at.get(tuple(p)) for p in pts])
    json.dump(result, open(out_path, "w"))


if __name__ == "__main__":
    main()
