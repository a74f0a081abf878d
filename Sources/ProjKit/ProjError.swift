import GeoCore

/// Every failure ProjKit reports, with the input that caused it and PROJ's own message.
public enum ProjError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text names no coordinate system PROJ knows (unknown EPSG code, broken WKT, a PROJ
    /// string with an unknown parameter) or names something that is not a CRS.
    case invalidCoordinateSystem(input: String, message: String)
    /// PROJ found no way from one system to the other.
    case noTransformation(from: String, to: String, message: String)
    /// One point could not be transformed (outside the projection's domain, say). `index` is its
    /// position in the input (0 for a single point).
    case pointNotTransformed(index: Int, point: Point, message: String)
    /// A NaN or infinite ordinate in the input: PROJ would pass it through as if it were a result.
    case nonFiniteCoordinate(index: Int, point: Point)
    /// A parameter that cannot be used, such as x and y arrays of different lengths.
    case invalidParameter(function: String, parameter: String, reason: String)

    public var description: String {
        switch self {
        case .invalidCoordinateSystem(let input, let message):
            "not a coordinate system PROJ knows: \"\(Self.abbreviated(input))\": \(message)"
        case .noTransformation(let from, let to, let message):
            "no transformation from \(from) to \(to): \(message)"
        case .pointNotTransformed(let index, let point, let message):
            "point \(index) (\(point.x) \(point.y)) could not be transformed: \(message)"
        case .nonFiniteCoordinate(let index, let point):
            "point \(index) has a non-finite coordinate (\(point.x) \(point.y))"
        case .invalidParameter(let function, let parameter, let reason):
            "\(function): parameter \(parameter): \(reason)"
        }
    }

    /// WKT can run to kilobytes; a message quotes its start.
    static func abbreviated(_ text: String) -> String {
        text.count <= 120 ? text : String(text.prefix(117)) + "..."
    }
}
