import GeoCore
import SpatialIndex

/// Straight segments (the pieces of streets, edges or a GPS track) in the project's packed R-tree,
/// for the two questions Patrol asks of them: which one is nearest a point, by the true distance
/// to the segment rather than to its box, and which ones a window meets. One index for the noder,
/// the snapping of points to edges and the coverage audit, instead of a bucket grid of its own.
struct SegmentIndex: Sendable {
    let starts: [Point]
    let ends: [Point]
    private let tree: PackedRTree

    /// Segment k runs from `starts[k]` to `ends[k]`. Coordinates must be finite: the noder refuses
    /// non-finite lines before it gets here, and the audit drops non-finite fixes.
    init(starts: [Point], ends: [Point]) {
        precondition(starts.count == ends.count)
        self.starts = starts
        self.ends = ends
        let boxes = zip(starts, ends).map { a, b in
            IndexBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
        }
        do {
            tree = try PackedRTree(boxes: boxes)
        } catch {
            preconditionFailure("SegmentIndex: \(error) (callers pass finite coordinates only)")
        }
    }

    var count: Int { starts.count }

    /// The segment nearest `p` among those `usable` admits, no farther than `maxDistance`
    /// (closed), with the parameter of the nearest point along it; ties go to the lower index.
    /// `scratch` is the search's working memory: a caller snapping many points passes one, so
    /// that no query allocates (without it, allocation was half of a snap's cost).
    func nearest(to p: Point, within maxDistance: Double = .infinity, where usable: ((Int) -> Bool)? = nil,
                 using scratch: NearestScratch? = nil) -> (segment: Int, t: Double, distance: Double)? {
        var hits: [(id: Int, distance: Double)] = []
        hits.reserveCapacity(1)
        tree.nearest(x: p.x, y: p.y, k: 1, maxDistance: maxDistance, filter: usable, exactDistance: { k in
            projectOnSegment(p, starts[k], ends[k]).distanceSquared.squareRoot()
        }, using: scratch ?? NearestScratch(), into: &hits)
        guard let hit = hits.first else { return nil }
        return (hit.id, projectOnSegment(p, starts[hit.id], ends[hit.id]).t, hit.distance)
    }

    /// The segments whose boxes meet the box of segment `k` (itself included), in tree order.
    func candidates(meeting k: Int, into results: inout [Int]) {
        let a = starts[k], b = ends[k]
        results.removeAll(keepingCapacity: true)
        tree.search(IndexBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y)), into: &results)
    }
}

/// Closest point on segment ab to p: parameter t in [0, 1] and the squared distance.
@inline(__always)
func projectOnSegment(_ p: Point, _ a: Point, _ b: Point) -> (t: Double, distanceSquared: Double) {
    let dx = b.x - a.x, dy = b.y - a.y
    let len2 = dx * dx + dy * dy
    var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
    t = min(1, max(0, t))
    let qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y
    return (t, qx * qx + qy * qy)
}
