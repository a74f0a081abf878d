import GeoCore

/// Turns road lines into graph nodes and edges, joining streets only where they really meet:
/// - streets join at every shared vertex, and where two streets on the same level cross
///   (GEOS-style full noding, candidates from a packed R-tree of the segments);
/// - a bridge or tunnel joins only at its ends, or where it shares a vertex with a line on its own
///   level: it passes over or under everything else it crosses;
/// - a free line end within the tolerance of another line is snapped onto it (digitising gaps).
struct Noder {
    private var points: [Point] = []
    private var byCoordinate: [PointKey: Int32] = [:]
    /// Coordinates held by more than one vertex: a bridge or tunnel over or under another line.
    private var stacked: [PlaneKey: [Int32]] = [:]
    /// Per line, its vertex ids.
    private var lineVertices: [[Int32]] = []
    private let levels: [Int]
    private let lines: [RoadLine]
    private let tolerance: Double
    /// Union-find over vertex ids, for snapped ends.
    private var parent: [Int32] = []
    /// Per line and segment: vertices to insert, at parameter t along the segment.
    private var insertions: [Int: [(t: Double, vertex: Int32)]] = [:]

    private struct PlaneKey: Hashable { let x: Double; let y: Double }
    /// A vertex is a coordinate on a deck: every street shares deck nil, each bridge or tunnel
    /// level has its own, so a street and the bridge above it keep two vertices at one point.
    private struct PointKey: Hashable { let x: Double; let y: Double; let deck: Int? }

    init(lines: [RoadLine], tolerance: Double) throws {
        self.lines = lines
        self.levels = lines.map(\.level)
        self.tolerance = tolerance
        for line in lines {
            var ids: [Int32] = []
            let deck = line.isBridgeOrTunnel ? line.level : nil
            for p in line.geometry.points {
                guard p.isFinite else {
                    throw PatrolError.invalidRoadLine(id: line.id, reason: "non-finite coordinate")
                }
                let v = vertex(p, deck: deck)
                if ids.last != v { ids.append(v) }
            }
            guard ids.count >= 2 else {
                throw PatrolError.invalidRoadLine(id: line.id, reason: "fewer than two distinct points")
            }
            lineVertices.append(ids)
        }
        joinStackedVertices()
    }

    private mutating func vertex(_ p: Point, deck: Int? = nil) -> Int32 {
        let key = PointKey(x: p.x, y: p.y, deck: deck)
        if let v = byCoordinate[key] { return v }
        let v = Int32(points.count)
        points.append(Point(x: p.x, y: p.y))
        parent.append(v)
        byCoordinate[key] = v
        stacked[PlaneKey(x: p.x, y: p.y), default: []].append(v)
        return v
    }

    /// Where vertices of several decks share a coordinate, joins them as the rules say: a bridge
    /// or tunnel's vertex meets another only at the bridge's own end, or where the other holds a
    /// line on the bridge's level; streets' vertices set no condition of their own.
    private mutating func joinStackedVertices() {
        let shared = stacked.values.filter { $0.count > 1 }
        stacked = [:]
        guard !shared.isEmpty else { return }
        // Only the vertices that share a coordinate need their ends, levels and decks.
        let involved = Set(shared.joined())
        var isEnd = Set<Int32>(), levelsAt: [Int32: Set<Int>] = [:], isDeck = Set<Int32>()
        for (l, ids) in lineVertices.enumerated() {
            for v in [ids.first!, ids.last!] where involved.contains(v) { isEnd.insert(v) }
            for v in ids where involved.contains(v) {
                levelsAt[v, default: []].insert(levels[l])
                if lines[l].isBridgeOrTunnel { isDeck.insert(v) }
            }
        }
        func allows(_ a: Int32, _ b: Int32) -> Bool {
            !isDeck.contains(a) || isEnd.contains(a) || !levelsAt[b, default: []].isDisjoint(with: levelsAt[a, default: []])
        }
        for group in shared {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count where allows(group[i], group[j]) && allows(group[j], group[i]) {
                    parent[Int(find(group[i]))] = find(group[j])
                }
            }
        }
    }

    private mutating func find(_ v: Int32) -> Int32 {
        var r = v
        while parent[Int(r)] != r { r = parent[Int(r)] }
        var c = v
        while parent[Int(c)] != r { let n = parent[Int(c)]; parent[Int(c)] = r; c = n }
        return r
    }

    private func segmentKey(line: Int, segment: Int) -> Int { line << 20 | segment }

    private func segmentIndex() -> (SegmentIndex, [(line: Int, segment: Int)]) {
        var starts: [Point] = [], ends: [Point] = []
        var refs: [(line: Int, segment: Int)] = []
        for (l, ids) in lineVertices.enumerated() {
            for s in 0..<(ids.count - 1) {
                starts.append(points[Int(ids[s])])
                ends.append(points[Int(ids[s + 1])])
                refs.append((l, s))
            }
        }
        return (SegmentIndex(starts: starts, ends: ends), refs)
    }

    /// Snaps each free line end to the nearest vertex within tolerance, else onto the nearest
    /// segment of a line on the same level.
    private mutating func snapEnds(index: SegmentIndex, refs: [(line: Int, segment: Int)]) {
        guard tolerance > 0 else { return }
        var occurrences = [Int](repeating: 0, count: points.count)
        for ids in lineVertices { for v in ids { occurrences[Int(v)] += 1 } }
        for (l, ids) in lineVertices.enumerated() {
            for end in [ids.first!, ids.last!] where occurrences[Int(end)] == 1 {
                let p = points[Int(end)]
                guard let hit = index.nearest(to: p, within: tolerance, where: { refs[$0].line != l }) else { continue }
                let ref = refs[hit.segment]
                let segIDs = lineVertices[ref.line]
                let a = segIDs[ref.segment], b = segIDs[ref.segment + 1]
                // Prefer an existing vertex of that segment when it too lies within tolerance.
                let da = points[Int(a)].distance(to: p), db = points[Int(b)].distance(to: p)
                if min(da, db) <= tolerance {
                    let target = da <= db ? a : b
                    parent[Int(find(end))] = find(target)
                } else if levels[ref.line] == levels[l] {
                    insertions[segmentKey(line: ref.line, segment: ref.segment), default: []].append((hit.t, end))
                }
            }
        }
    }

    /// Splits segments of same-level lines where they cross or touch in the interior. Each pair
    /// of segments whose boxes meet is tested once (the second of the pair has the higher index).
    private mutating func nodeCrossings(index: SegmentIndex, refs: [(line: Int, segment: Int)]) {
        var found: [(ref1: Int, t1: Double, ref2: Int, t2: Double)] = []
        var candidates: [Int] = []
        for i in 0..<index.count {
            let r1 = refs[i]
            guard !lines[r1.line].isBridgeOrTunnel else { continue }
            let a = index.starts[i], b = index.ends[i]
            index.candidates(meeting: i, into: &candidates)
            for j in candidates where j > i {
                let r2 = refs[j]
                guard levels[r1.line] == levels[r2.line], !lines[r2.line].isBridgeOrTunnel else { continue }
                if r1.line == r2.line && abs(r1.segment - r2.segment) <= 1 { continue }
                guard let (t, u) = segmentIntersection(a, b, index.starts[j], index.ends[j]) else { continue }
                found.append((i, t, j, u))
            }
        }
        // Vertices are made in the order of (first segment, second segment), the same on every run.
        found.sort { ($0.ref1, $0.ref2) < ($1.ref1, $1.ref2) }
        for hit in found {
            let r1 = refs[Int(hit.ref1)], r2 = refs[Int(hit.ref2)]
            let ids1 = lineVertices[r1.line], ids2 = lineVertices[r2.line]
            let eps = 1e-9
            // A crossing at an existing vertex reuses it; otherwise a new vertex is made.
            var v: Int32
            if hit.t1 <= eps { v = ids1[r1.segment] }
            else if hit.t1 >= 1 - eps { v = ids1[r1.segment + 1] }
            else if hit.t2 <= eps { v = ids2[r2.segment] }
            else if hit.t2 >= 1 - eps { v = ids2[r2.segment + 1] }
            else {
                let a = points[Int(ids1[r1.segment])], b = points[Int(ids1[r1.segment + 1])]
                v = vertex(Point(x: a.x + hit.t1 * (b.x - a.x), y: a.y + hit.t1 * (b.y - a.y)))
            }
            if hit.t1 > eps && hit.t1 < 1 - eps {
                insertions[segmentKey(line: r1.line, segment: r1.segment), default: []].append((hit.t1, v))
            }
            if hit.t2 > eps && hit.t2 < 1 - eps {
                insertions[segmentKey(line: r2.line, segment: r2.segment), default: []].append((hit.t2, v))
            }
        }
    }

    private mutating func applyInsertions() {
        guard !insertions.isEmpty else { return }
        for l in lineVertices.indices {
            let ids = lineVertices[l]
            var out: [Int32] = [ids[0]]
            for s in 0..<(ids.count - 1) {
                if let extra = insertions[segmentKey(line: l, segment: s)] {
                    for e in extra.sorted(by: { $0.t < $1.t }) where out.last != e.vertex { out.append(e.vertex) }
                }
                if out.last != ids[s + 1] { out.append(ids[s + 1]) }
            }
            lineVertices[l] = out
        }
    }

    /// Runs the noding and cuts lines at nodes.
    mutating func split() -> (nodes: [Point], edges: [RoadEdge]) {
        let (index, refs) = segmentIndex()
        snapEnds(index: index, refs: refs)
        nodeCrossings(index: index, refs: refs)
        applyInsertions()
        // Resolve snapped vertices to their representative.
        for l in lineVertices.indices {
            var out: [Int32] = []
            for v in lineVertices[l] { let r = find(v); if out.last != r { out.append(r) } }
            lineVertices[l] = out.count >= 2 ? out : [out[0], out[0]]
        }
        var occurrences = [Int](repeating: 0, count: points.count)
        var isNode = [Bool](repeating: false, count: points.count)
        for ids in lineVertices {
            for v in ids { occurrences[Int(v)] += 1 }
            isNode[Int(ids.first!)] = true
            isNode[Int(ids.last!)] = true
        }
        var nodeID = [Int](repeating: -1, count: points.count)
        var nodes: [Point] = []
        for v in points.indices where isNode[v] || occurrences[v] > 1 {
            nodeID[v] = nodes.count
            nodes.append(points[v])
        }
        var edges: [RoadEdge] = []
        for (l, ids) in lineVertices.enumerated() {
            guard ids.count >= 2, ids[0] != ids[1] || ids.count > 2 else { continue }
            var start = 0
            for k in 1..<ids.count where nodeID[Int(ids[k])] >= 0 {
                let geometry = LineString(ids[start...k].map { points[Int($0)] })
                let length = geometry.length
                if length > 0 {
                    edges.append(RoadEdge(from: nodeID[Int(ids[start])], to: nodeID[Int(ids[k])],
                                          geometry: geometry, lengthMeters: length, line: l,
                                          oneway: lines[l].oneway, isBridgeOrTunnel: lines[l].isBridgeOrTunnel))
                }
                start = k
            }
        }
        return (nodes, edges)
    }
}

/// Parameters (t on ab, u on cd) where the closed segments meet at one point, nil when they are
/// apart or collinear (collinear overlaps are left unnoded: digitised roads rarely overlap).
func segmentIntersection(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> (Double, Double)? {
    let rx = b.x - a.x, ry = b.y - a.y, sx = d.x - c.x, sy = d.y - c.y
    let denom = rx * sy - ry * sx
    let scale = (rx * rx + ry * ry) * (sx * sx + sy * sy)
    guard denom * denom > 1e-20 * scale, denom != 0 else { return nil }
    let qx = c.x - a.x, qy = c.y - a.y
    let t = (qx * sy - qy * sx) / denom
    let u = (qx * ry - qy * rx) / denom
    let eps = 1e-12
    guard t >= -eps, t <= 1 + eps, u >= -eps, u <= 1 + eps else { return nil }
    return (min(1, max(0, t)), min(1, max(0, u)))
}
