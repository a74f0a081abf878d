import GeoCore
import SpatialIndex

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

/// Nearest-edge lookup over every segment of every edge, in a packed R-tree.
struct EdgeLocator: Sendable {
    private let index: SegmentIndex
    /// Per indexed segment: its edge and its position within the edge's geometry.
    private let items: [(edge: Int32, segment: Int32)]
    /// Per edge: cumulative length at each vertex.
    private var cumulative: [[Double]] = []
    private let edges: [RoadEdge]

    init(edges: [RoadEdge]) {
        self.edges = edges
        var starts: [Point] = [], ends: [Point] = [], items: [(edge: Int32, segment: Int32)] = []
        for (e, edge) in edges.enumerated() {
            let pts = edge.geometry.points
            var cum: [Double] = [0]
            for s in 0..<(pts.count - 1) {
                cum.append(cum[s] + pts[s].distance(to: pts[s + 1]))
                starts.append(pts[s])
                ends.append(pts[s + 1])
                items.append((Int32(e), Int32(s)))
            }
            cumulative.append(cum)
        }
        self.items = items
        index = SegmentIndex(starts: starts, ends: ends)
    }

    /// How much nearer a bridge or tunnel must be than the street beneath it to be chosen: a GPS
    /// fix or a reported case under an elevated road is on the street, not on the deck above.
    static let groundPreferenceMeters = 2.0

    /// Nearest position on an edge accepted by `usable`; an at-grade edge within
    /// `groundPreferenceMeters` of the nearest bridge or tunnel wins over it.
    func nearest(to p: Point, using scratch: NearestScratch = NearestScratch(), usable: (Int) -> Bool) -> EdgePosition? {
        guard index.count > 0 else { return nil }
        return withoutActuallyEscaping(usable) { usable in
            guard var hit = index.nearest(to: p, where: { usable(Int(items[$0].edge)) }, using: scratch) else { return nil }
            if edges[Int(items[hit.segment].edge)].isBridgeOrTunnel,
               let ground = index.nearest(to: p, within: hit.distance + Self.groundPreferenceMeters, where: {
                   let e = Int(items[$0].edge)
                   return !edges[e].isBridgeOrTunnel && usable(e)
               }, using: scratch) {
                hit = ground
            }
            let item = items[hit.segment]
            let e = Int(item.edge), s = Int(item.segment)
            let pts = edges[e].geometry.points
            let a = pts[s], b = pts[s + 1]
            let point = Point(x: a.x + hit.t * (b.x - a.x), y: a.y + hit.t * (b.y - a.y))
            let offset = cumulative[e][s] + hit.t * (cumulative[e][s + 1] - cumulative[e][s])
            return EdgePosition(edge: e, offsetMeters: min(offset, edges[e].lengthMeters), point: point,
                                snapDistanceMeters: hit.distance)
        }
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
