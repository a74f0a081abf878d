/// Where a point lies relative to a geometry, in plain planar arithmetic: the hot path of every
/// locate (which cell, which parcel, how far inside the red line) runs here without crossing into
/// C. GEOS is the independent oracle these are tested against.

/// A point's position relative to an areal geometry (OGC DE-9IM, reduced to what locate needs).
public enum PointLocation: Sendable, Hashable {
    case interior, boundary, exterior
}

extension LinearRing {
    /// Even–odd crossing test with an exact on-edge check (collinear and between the endpoints).
    public func locate(_ p: Point) -> PointLocation {
        let pts = points
        guard pts.count >= 4 else { return .exterior }
        var inside = false
        var j = pts.count - 1
        for i in 0..<pts.count {
            let a = pts[i], b = pts[j]
            if Self.onSegment(p, a, b) { return .boundary }
            // Half-open rule on y so that a vertex is counted once.
            if (a.y > p.y) != (b.y > p.y) {
                let xCross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)
                if p.x < xCross { inside.toggle() }
            }
            j = i
        }
        return inside ? .interior : .exterior
    }

    @inline(__always)
    static func onSegment(_ p: Point, _ a: Point, _ b: Point) -> Bool {
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
        guard cross == 0 else { return false }
        return p.x >= Swift.min(a.x, b.x) && p.x <= Swift.max(a.x, b.x)
            && p.y >= Swift.min(a.y, b.y) && p.y <= Swift.max(a.y, b.y)
    }

    /// Shortest distance from `p` to the ring's edges.
    public func distanceToEdges(_ p: Point) -> Double {
        LineString(points).distance(to: p)
    }
}

extension Polygon {
    /// Interior, boundary (on the exterior ring or a hole's ring) or exterior (outside, or in a hole).
    public func locate(_ p: Point) -> PointLocation {
        switch exterior.locate(p) {
        case .exterior: return .exterior
        case .boundary: return .boundary
        case .interior:
            for hole in holes {
                switch hole.locate(p) {
                case .interior: return .exterior
                case .boundary: return .boundary
                case .exterior: continue
                }
            }
            return .interior
        }
    }

    /// OGC covers: interior or boundary.
    public func covers(_ p: Point) -> Bool { locate(p) != .exterior }

    /// Distance from `p` to the polygon's boundary (all rings).
    public func distanceToBoundary(_ p: Point) -> Double {
        rings.reduce(Double.infinity) { Swift.min($0, $1.distanceToEdges(p)) }
    }

    /// Positive inside, negative outside, zero on the boundary: how far a point is from crossing
    /// the boundary, with the side in the sign (the road red-line test).
    public func signedDistance(_ p: Point) -> Double {
        let d = distanceToBoundary(p)
        return locate(p) == .interior ? d : -d
    }
}

extension LineString {
    /// Shortest distance from `p` to the line (0 on it).
    public func distance(to p: Point) -> Double {
        let pts = points
        guard let first = pts.first else { return .infinity }
        guard pts.count > 1 else { return first.distance(to: p) }
        var best = Double.infinity
        for i in 1..<pts.count {
            best = Swift.min(best, Self.squaredDistance(p, pts[i - 1], pts[i]))
        }
        return best.squareRoot()
    }

    /// Distance along the line to the point on it nearest `p` (linear referencing, as GEOSProject).
    public func projectedLength(of p: Point) -> Double {
        let pts = points
        guard pts.count > 1 else { return 0 }
        var best = Double.infinity, along = 0.0, walked = 0.0
        for i in 1..<pts.count {
            let a = pts[i - 1], b = pts[i]
            let dx = b.x - a.x, dy = b.y - a.y
            let len2 = dx * dx + dy * dy
            let t = len2 == 0 ? 0 : Swift.max(0, Swift.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
            let qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y
            let d2 = qx * qx + qy * qy
            let len = len2.squareRoot()
            if d2 < best { best = d2; along = walked + t * len }
            walked += len
        }
        return along
    }

    @inline(__always)
    static func squaredDistance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 == 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2
        t = Swift.max(0, Swift.min(1, t))
        let qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y
        return qx * qx + qy * qy
    }
}

extension Geometry {
    /// OGC covers for a point: inside or on the boundary of any polygonal part, on any line, or
    /// equal to any point.
    public func covers(_ p: Point) -> Bool {
        switch self {
        case .point(let q): q.x == p.x && q.y == p.y
        case .multiPoint(let m): m.points.contains { $0.x == p.x && $0.y == p.y }
        case .lineString(let l): l.distance(to: p) == 0
        case .multiLineString(let m): m.lineStrings.contains { $0.distance(to: p) == 0 }
        case .polygon(let poly): poly.covers(p)
        case .multiPolygon(let m): m.polygons.contains { $0.covers(p) }
        case .geometryCollection(let c): c.geometries.contains { $0.covers(p) }
        }
    }

    /// Shortest planar distance from `p` to the geometry (0 inside a polygon or on a line).
    public func distance(to p: Point) -> Double {
        switch self {
        case .point(let q): q.distance(to: p)
        case .multiPoint(let m): m.points.reduce(.infinity) { Swift.min($0, $1.distance(to: p)) }
        case .lineString(let l): l.distance(to: p)
        case .multiLineString(let m): m.lineStrings.reduce(.infinity) { Swift.min($0, $1.distance(to: p)) }
        case .polygon(let poly): poly.covers(p) ? 0 : poly.distanceToBoundary(p)
        case .multiPolygon(let m): m.polygons.reduce(.infinity) { Swift.min($0, $1.covers(p) ? 0 : $1.distanceToBoundary(p)) }
        case .geometryCollection(let c): c.geometries.reduce(.infinity) { Swift.min($0, $1.distance(to: p)) }
        }
    }

    /// For polygonal geometries: positive inside (distance to the nearest boundary), negative
    /// outside; nil for other types.
    public func signedDistance(_ p: Point) -> Double? {
        switch self {
        case .polygon(let poly): poly.signedDistance(p)
        case .multiPolygon(let m):
            m.polygons.map { $0.signedDistance(p) }.max()
        default: nil
        }
    }
}
