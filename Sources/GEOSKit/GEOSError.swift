import GeoCore

/// Every failure GEOSKit reports. Each case names the GEOSKit operation (`function`, the Swift
/// method that was called) so that a message read in a log says where it came from.
public enum GEOSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// GEOS raised an exception (its error handler fired) or returned its failure value.
    /// `message` is GEOS's own text, such as "TopologyException: ..." or
    /// "IllegalArgumentException: Points of LinearRing do not form a closed linestring".
    case operationFailed(function: String, message: String)
    /// A NaN or infinite ordinate in an input geometry: GEOS would accept it and answer nonsense.
    /// `vertex` is the index in `Geometry.allPoints` order.
    case nonFiniteCoordinate(function: String, vertex: Int, point: Point)
    /// The input has the wrong shape for the operation (a polygon where a line is needed, an empty
    /// geometry where a point must come out). `parameter` names the argument.
    case unsupportedInput(function: String, parameter: String, reason: String)

    public var description: String {
        switch self {
        case .operationFailed(let function, let message):
            "GEOS failed in \(function): \(message)"
        case .nonFiniteCoordinate(let function, let vertex, let point):
            "non-finite coordinate (\(point.x) \(point.y)) at vertex \(vertex) passed to \(function)"
        case .unsupportedInput(let function, let parameter, let reason):
            "\(function): parameter \(parameter): \(reason)"
        }
    }
}
