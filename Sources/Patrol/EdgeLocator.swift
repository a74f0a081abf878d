import GeoCore

/// Where a point meets the network: an edge, the distance along it from its `from` node, and the
/// projected point. The split distances to both ends drive routing from and to mid-edge points.
public struct EdgePosition: Sendable, Hashable {
    public var edge: Int
    public var offsetMeters: Double
    public var point: Point
    /// How far the original point was from the road.
    public var snapDistanceMeters: Double

    public init(edge: Int, offsetMeters: Double, point: Point, snapDistanceMeters: Double = 0) {
        self.edge = edge
        self.offsetMeters = offsetMeters
        self.point = point
        self.snapDistanceMeters = snapDistanceMeters
    }
}

/// Nearest-edge lookup over every segment of every edge, on a bucket grid.
struct EdgeLocator: Sendable {
    private var grid: SegmentGrid
    /// Per grid item: edge and segment index within the edge geometry.
    private var items: [(edge: Int32, segment: Int32)] = []
    /// Per edge: cumulative length at each vertex.
    private var cumulative: [[Double]] = []
    private let edges: [RoadEdge]

    init(edges: [RoadEdge]) {
        self.edges = edges
        grid = SegmentGrid(cellSize: 100)
        for (e, edge) in edges.enumerated() {
            let pts = edge.geometry.points
            var cum: [Double] = [0]
            for s in 0..<(pts.count - 1) {
                cum.append(cum[s] + pts[s].distance(to: pts[s + 1]))
                grid.insert(Int32(items.count), envelope: Envelope(covering: [pts[s], pts[s + 1]]))
                items.append((Int32(e), Int32(s)))
            }
            cumulative.append(cum)
        }
    }

    /// How much nearer a bridge or tunnel must be than the street beneath it to be chosen: a GPS
    /// fix or a reported case under an elevated road is on the street, not on the deck above.
    static let groundPreferenceMeters = 2.0

    /// Nearest position on an edge accepted by `usable`, searching rings of cells outwards until
    /// the ring is farther than the best hit; an at-grade edge within `groundPreferenceMeters` of
    /// the nearest bridge or tunnel wins over it.
    func nearest(to p: Point, usable: (Int) -> Bool) -> EdgePosition? {
        guard !items.isEmpty else { return nil }
        typealias Hit = (d2: Double, item: Int, t: Double)
        var best: Hit? = nil, bestOnGround: Hit? = nil
        var radius = grid.cellSize
        let span = max(grid.bounds.width, grid.bounds.height) + grid.bounds.distance(to: p) + grid.cellSize
        let margin = Self.groundPreferenceMeters
        while true {
            grid.forEachCandidate(in: Envelope(point: p).expanded(by: radius)) { i in
                let item = items[Int(i)]
                guard usable(Int(item.edge)) else { return }
                let edge = edges[Int(item.edge)]
                let pts = edge.geometry.points
                let pr = projectOnSegment(p, pts[Int(item.segment)], pts[Int(item.segment) + 1])
                if pr.distanceSquared < (best?.d2 ?? .infinity) { best = (pr.distanceSquared, Int(i), pr.t) }
                if !edge.isBridgeOrTunnel, pr.distanceSquared < (bestOnGround?.d2 ?? .infinity) {
                    bestOnGround = (pr.distanceSquared, Int(i), pr.t)
                }
            }
            if let b = best, b.d2.squareRoot() + margin <= radius { break }
            if radius > span * 2 { break }
            radius *= 2
        }
        if let b = best, let g = bestOnGround, g.d2.squareRoot() <= b.d2.squareRoot() + margin { best = g }
        guard let hit = best else { return nil }
        let item = items[hit.item]
        let e = Int(item.edge), s = Int(item.segment)
        let pts = edges[e].geometry.points
        let a = pts[s], b = pts[s + 1]
        let point = Point(x: a.x + hit.t * (b.x - a.x), y: a.y + hit.t * (b.y - a.y))
        let offset = cumulative[e][s] + hit.t * (cumulative[e][s + 1] - cumulative[e][s])
        return EdgePosition(edge: e, offsetMeters: min(offset, edges[e].lengthMeters), point: point,
                            snapDistanceMeters: hit.d2.squareRoot())
    }

    /// The part of edge `e`'s geometry between two offsets, in the order given (reversed when
    /// `from > to`).
    func piece(edge e: Int, from: Double, to: Double) -> [Point] {
        let pts = edges[e].geometry.points, cum = cumulative[e]
        let lo = min(from, to), hi = max(from, to)
        func at(_ d: Double) -> Point {
            var s = 0
            while s < cum.count - 2 && cum[s + 1] < d { s += 1 }
            let segLen = cum[s + 1] - cum[s]
            let t = segLen > 0 ? min(1, max(0, (d - cum[s]) / segLen)) : 0
            return Point(x: pts[s].x + t * (pts[s + 1].x - pts[s].x), y: pts[s].y + t * (pts[s + 1].y - pts[s].y))
        }
        var out = [at(lo)]
        for k in 1..<(pts.count - 1) where cum[k] > lo && cum[k] < hi { out.append(pts[k]) }
        out.append(at(hi))
        return from <= to ? out : out.reversed()
    }
}
