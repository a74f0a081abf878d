internal import CGEOS
import GeoCore

/// Measures computed by GEOS. GeoCore has its own `area`, `length` and `perimeter`; these are
/// GEOS's definitions (`GEOSArea_r`, and `GEOSLength_r`, which counts polygon rings as length,
/// unlike GeoCore's `length`), named apart so the two never shadow each other. Use them to check
/// one against the other, or where GEOS's definition is the one wanted.
extension Geometry {
    /// GEOS's area of the polygonal parts, in CRS units squared.
    public func geosArea() throws -> Double {
        try withGEOS(#function) { context, g in
            try context.measure(#function) { GEOSArea_r($0, g.pointer, $1) }
        }
    }

    /// GEOS's length: lines plus polygon rings (holes included), in CRS units.
    public func geosLength() throws -> Double {
        try withGEOS(#function) { context, g in
            try context.measure(#function) { GEOSLength_r($0, g.pointer, $1) }
        }
    }

    /// The centre of mass of the highest-dimension parts (`GEOSGetCentroid_r`); it may lie outside
    /// a concave polygon: use `pointOnSurface()` for a label or a representative point.
    public func centroid() throws -> Point {
        try point(from: constructed(#function) { GEOSGetCentroid_r($0, $1) }, function: #function)
    }

    /// A point guaranteed to lie on the geometry (`GEOSPointOnSurface_r`).
    public func pointOnSurface() throws -> Point {
        try point(from: constructed(#function) { GEOSPointOnSurface_r($0, $1) }, function: #function)
    }

    private func point(from result: Geometry, function: String) throws -> Point {
        guard case .point(let p) = result else {
            throw GEOSError.unsupportedInput(function: function, parameter: "self",
                                             reason: "an empty geometry has no \(function.dropLast(2))")
        }
        return p
    }
}
