/// Whether a ring crosses itself: what a fence drawn by hand on a map most often gets wrong (a
/// bow-tie), and what makes "inside" mean nothing. Every pair of non-adjacent edges is compared,
/// so this is for the few hundred vertices of a drawn shape, not for a parcel map (GEOS checks those).
extension LinearRing {
    /// Where two non-adjacent edges of the ring meet (or touch), if they do; nil for a simple ring.
    public var firstSelfIntersection: Point? {
        let p = points
        let n = p.count - 1   // edges; the ring is closed
        guard n >= 3 else { return nil }
        for i in 0..<n {
            for j in (i + 1)..<n {
                // Neighbours share a vertex by construction; the first and last edge too.
                if j == i + 1 || (i == 0 && j == n - 1) { continue }
                if let x = Self.meeting(p[i], p[i + 1], p[j], p[j + 1]) { return x }
            }
        }
        return nil
    }

    /// The point where segments ab and cd meet, if they do (collinear overlaps included).
    static func meeting(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Point? {
        func cross(_ o: Point, _ u: Point, _ v: Point) -> Double { (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x) }
        func within(_ o: Point, _ u: Point, _ q: Point) -> Bool {
            min(o.x, u.x) <= q.x && q.x <= max(o.x, u.x) && min(o.y, u.y) <= q.y && q.y <= max(o.y, u.y)
        }
        let d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
            let t = d1 / (d1 - d2)
            return Point(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
        }
        if d1 == 0 && within(c, d, a) { return a }
        if d2 == 0 && within(c, d, b) { return b }
        if d3 == 0 && within(a, b, c) { return c }
        if d4 == 0 && within(a, b, d) { return d }
        return nil
    }
}
