import GeoCore

/// Whether a geometry meets a closed axis-aligned box, exactly (boundary contact counts), as the
/// OGC `bbox` filter asks (requirement /req/core/fc-bbox-response: "intersects"). Planar: the box
/// is a rectangle in the geometry's own coordinates (longitude/latitude for `bbox`).
extension Geometry {
    func intersects(box: Envelope) -> Bool {
        let e = envelope
        guard !e.isEmpty, e.intersects(box) else { return false }
        if box.contains(e) { return true }
        switch self {
        case .point(let p): return box.contains(p)
        case .multiPoint(let m): return m.points.contains { box.contains($0) }
        case .lineString(let l): return Self.path(l.points, meets: box)
        case .multiLineString(let m): return m.lineStrings.contains { Self.path($0.points, meets: box) }
        case .polygon(let p): return Self.polygon(p, meets: box)
        case .multiPolygon(let m): return m.polygons.contains { Self.polygon($0, meets: box) }
        case .geometryCollection(let c): return c.geometries.contains { $0.intersects(box: box) }
        }
    }

    private static func path(_ points: [Point], meets box: Envelope) -> Bool {
        if points.count == 1 { return box.contains(points[0]) }
        for k in points.indices.dropFirst() where segment(points[k - 1], points[k], meets: box) { return true }
        return false
    }

    /// A polygon meets the box when a ring crosses or touches it, or when the box lies wholly in
    /// the polygon's interior (then any corner of the box is inside the exterior and in no hole).
    private static func polygon(_ p: Polygon, meets box: Envelope) -> Bool {
        for ring in p.rings where path(ring.points, meets: box) { return true }
        let corner = Point(x: box.minX, y: box.minY)
        guard contains(ring: p.exterior.points, corner) else { return false }
        return !p.holes.contains { contains(ring: $0.points, corner) }
    }

    /// Liang–Barsky clipping of segment ab against the box: true when some part of it remains.
    private static func segment(_ a: Point, _ b: Point, meets box: Envelope) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - box.minX), (dx, box.maxX - a.x), (-dy, a.y - box.minY), (dy, box.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return false }; if r > t0 { t0 = r } }
                else { if r < t0 { return false }; if r < t1 { t1 = r } }
            }
        }
        return t0 <= t1
    }

    /// Even–odd crossing test (the point is known not to lie on the ring: rings meeting the box
    /// were caught before).
    private static func contains(ring: [Point], _ p: Point) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside.toggle()
            }
            j = i
        }
        return inside
    }
}
