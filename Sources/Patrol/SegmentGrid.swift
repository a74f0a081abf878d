import GeoCore

/// A uniform grid of buckets over items with envelopes (segments or points), for snapping and
/// noding without a dependency on the R-tree module. Cells are keyed by packed integer coords.
struct SegmentGrid: Sendable {
    let cellSize: Double
    private(set) var buckets: [Int64: [Int32]] = [:]
    private(set) var bounds = Envelope.empty

    init(cellSize: Double) {
        precondition(cellSize > 0)
        self.cellSize = cellSize
    }

    @inline(__always) func cell(_ v: Double) -> Int64 { Int64((v / cellSize).rounded(.down)) }
    @inline(__always) func key(_ cx: Int64, _ cy: Int64) -> Int64 { (cx &<< 32) ^ (cy & 0xFFFF_FFFF) }

    mutating func insert(_ item: Int32, envelope e: Envelope) {
        bounds = bounds.union(e)
        for cx in cell(e.minX)...cell(e.maxX) {
            for cy in cell(e.minY)...cell(e.maxY) { buckets[key(cx, cy), default: []].append(item) }
        }
    }

    /// Calls `body` once per bucket entry meeting `e` (an item spanning several cells may repeat;
    /// callers dedupe with a stamp array when it matters).
    func forEachCandidate(in e: Envelope, _ body: (Int32) -> Void) {
        guard !e.isEmpty, e.intersects(bounds) else { return }
        let clipped = e.intersection(bounds)
        for cx in cell(clipped.minX)...cell(clipped.maxX) {
            for cy in cell(clipped.minY)...cell(clipped.maxY) {
                if let list = buckets[key(cx, cy)] { for i in list { body(i) } }
            }
        }
    }

    /// The items of every non-empty cell, with the cell's coordinates.
    func forEachCell(_ body: (_ cx: Int64, _ cy: Int64, [Int32]) -> Void) {
        for (k, list) in buckets {
            let cx = k >> 32
            let cy = Int64(Int32(truncatingIfNeeded: k & 0xFFFF_FFFF))
            body(cx, cy, list)
        }
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
