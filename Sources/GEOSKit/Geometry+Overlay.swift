internal import CGEOS
import GeoCore

/// Constructive operations: overlay (OverlayNG in GEOS ≥ 3.9), buffer and simplification.
/// Results come back as new GeoCore values; overlay of invalid input fails with GEOS's
/// TopologyException text: repair with `madeValid()` first.
extension Geometry {
    public func union(_ other: Geometry) throws -> Geometry {
        try constructed(other, #function) { GEOSUnion_r($0, $1, $2) }
    }

    public func intersection(_ other: Geometry) throws -> Geometry {
        try constructed(other, #function) { GEOSIntersection_r($0, $1, $2) }
    }

    public func difference(_ other: Geometry) throws -> Geometry {
        try constructed(other, #function) { GEOSDifference_r($0, $1, $2) }
    }

    public func symmetricDifference(_ other: Geometry) throws -> Geometry {
        try constructed(other, #function) { GEOSSymDifference_r($0, $1, $2) }
    }

    /// The union of many geometries in one cascaded pass (`GEOSUnaryUnion_r` over a collection):
    /// much faster than folding `union(_:)` pairwise, e.g. to dissolve grid cells into a district.
    public static func union(of geometries: [Geometry]) throws -> Geometry {
        try Geometry.geometryCollection(GeometryCollection(geometries))
            .constructed("union(of:)") { GEOSUnaryUnion_r($0, $1) }
    }

    /// The area within `distance` CRS units (negative shrinks polygons). `quadrantSegments` is the
    /// number of segments approximating a quarter circle (GEOS's default is 8).
    public func buffered(by distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        guard distance.isFinite else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "distance", reason: "must be finite, got \(distance)")
        }
        guard quadrantSegments > 0 else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "quadrantSegments",
                                             reason: "must be positive, got \(quadrantSegments)")
        }
        return try constructed(#function) { GEOSBuffer_r($0, $1, distance, Int32(clamping: quadrantSegments)) }
    }

    /// Douglas-Peucker simplification that keeps topology (`GEOSTopologyPreserveSimplify_r`):
    /// rings stay simple and holes stay inside, unlike plain Douglas-Peucker.
    public func simplified(tolerance: Double) throws -> Geometry {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "tolerance",
                                             reason: "must be finite and not negative, got \(tolerance)")
        }
        return try constructed(#function) { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
    }
}
