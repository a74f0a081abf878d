internal import CGEOS
import GeoCore

/// The DE-9IM named predicates (OGC Simple Features 6.1.15.3), computed by GEOS.
/// `contains` and `covers` differ on the boundary: a polygon does not contain a point on its
/// edge but does cover it. Use `covers` for "is this point in this grid cell" so that points on
/// a shared edge belong somewhere.
extension Geometry {
    public func contains(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSContains_r($0, $1, $2) }
    }

    public func within(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSWithin_r($0, $1, $2) }
    }

    public func intersects(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSIntersects_r($0, $1, $2) }
    }

    public func covers(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSCovers_r($0, $1, $2) }
    }

    public func coveredBy(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSCoveredBy_r($0, $1, $2) }
    }

    public func touches(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSTouches_r($0, $1, $2) }
    }

    public func disjoint(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSDisjoint_r($0, $1, $2) }
    }

    public func crosses(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSCrosses_r($0, $1, $2) }
    }

    public func overlaps(_ other: Geometry) throws -> Bool {
        try predicate(other, #function) { GEOSOverlaps_r($0, $1, $2) }
    }

    /// Shortest planar distance in CRS units (0 when they intersect).
    public func distance(to other: Geometry) throws -> Double {
        try withGEOS(other, #function) { context, a, b in
            try context.measure(#function) { GEOSDistance_r($0, a.pointer, b.pointer, $1) }
        }
    }

    /// True when the distance is at most `distance` CRS units. Faster than comparing `distance(to:)`
    /// because GEOS stops as soon as it finds a close enough pair (`GEOSDistanceWithin_r`).
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws -> Bool {
        guard distance.isFinite, distance >= 0 else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "distance",
                                             reason: "must be finite and not negative, got \(distance)")
        }
        return try predicate(other, #function) { GEOSDistanceWithin_r($0, $1, $2, distance) }
    }

    /// The closest pair of points, one on each geometry (`GEOSNearestPoints_r`).
    public func nearestPoints(to other: Geometry) throws -> (onSelf: Point, onOther: Point) {
        guard !isEmpty, !other.isEmpty else {
            throw GEOSError.unsupportedInput(function: #function, parameter: isEmpty ? "self" : "other",
                                             reason: "an empty geometry has no nearest point")
        }
        return try withGEOS(other, #function) { context, a, b in
            let sequence = try context.call(#function, failsWhen: { $0 == nil }) {
                GEOSNearestPoints_r($0, a.pointer, b.pointer)
            }!
            defer { GEOSCoordSeq_destroy_r(context.handle, sequence) }
            var x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0
            _ = try context.call(#function, failsWhen: { $0 == 0 }) { GEOSCoordSeq_getXY_r($0, sequence, 0, &x0, &y0) }
            _ = try context.call(#function, failsWhen: { $0 == 0 }) { GEOSCoordSeq_getXY_r($0, sequence, 1, &x1, &y1) }
            return (Point(x: x0, y: y0), Point(x: x1, y: y1))
        }
    }
}
