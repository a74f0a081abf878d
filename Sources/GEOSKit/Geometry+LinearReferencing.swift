internal import CGEOS
import GeoCore

/// Linear referencing on lines (a road centreline): "how far along is this case" and "where is
/// the point 120 m along". Distances are in CRS units from the line's first vertex; for a
/// multi-line string they run through the parts in order.
extension Geometry {
    /// The distance along this line to the point on it closest to `point` (`GEOSProject_r`).
    public func distanceAlong(toClosestPointTo point: Point) throws -> Double {
        try requireLineal(#function)
        let context = GEOSContext.current
        let line = try context.make(self, function: #function)
        let target = try context.make(point, function: #function)
        return try context.call(#function, failsWhen: { $0 < 0 }) { GEOSProject_r($0, line.pointer, target.pointer) }
    }

    /// The point `distance` along this line (`GEOSInterpolate_r`); distances beyond either end give
    /// that end, and a negative distance counts back from the end.
    public func point(atDistanceAlong distance: Double) throws -> Point {
        try requireLineal(#function)
        guard distance.isFinite else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "distance", reason: "must be finite, got \(distance)")
        }
        let result = try constructed(#function) { GEOSInterpolate_r($0, $1, distance) }
        guard case .point(let p) = result else {
            throw GEOSError.unsupportedInput(function: #function, parameter: "self", reason: "an empty line has no points")
        }
        return p
    }

    private func requireLineal(_ function: String) throws {
        switch self {
        case .lineString, .multiLineString: return
        default:
            throw GEOSError.unsupportedInput(function: function, parameter: "self",
                                             reason: "linear referencing needs a LineString or MultiLineString, got \(typeName)")
        }
    }
}

extension LineString {
    /// See `Geometry.distanceAlong(toClosestPointTo:)`.
    public func distanceAlong(toClosestPointTo point: Point) throws -> Double {
        try Geometry.lineString(self).distanceAlong(toClosestPointTo: point)
    }

    /// See `Geometry.point(atDistanceAlong:)`.
    public func point(atDistanceAlong distance: Double) throws -> Point {
        try Geometry.lineString(self).point(atDistanceAlong: distance)
    }
}
