/// Everything that can go wrong in Patrol, each case saying what and where.
public enum PatrolError: Error, Equatable, Sendable {
    /// The speed table's JSON could not be read: which file or source, and what was wrong.
    case speedTable(source: String, reason: String)
    /// A road line is unusable: its id and why (fewer than two points, non-finite coordinates).
    case invalidRoadLine(id: String, reason: String)
    /// A parameter of a public function is out of range: function, parameter and value.
    case invalidParameter(function: String, parameter: String, value: String)
    /// A point could not be snapped to any edge the mode may use (empty graph or no usable edge).
    case noUsableEdge(function: String, mode: TravelMode)
    /// The start or end of a plan cannot reach, or be reached from, the stops.
    case unreachableEndpoint(function: String, which: String)
    /// A point of a plan (`start`, `end`) is farther than the limit from every street the mode may use.
    case tooFarFromStreet(function: String, which: String, meters: Double, limitMeters: Double, mode: TravelMode)
    /// A required street segment for a coverage tour does not exist in the graph.
    case unknownSegment(function: String, segmentID: String)
    /// A GPX document is malformed: byte offset and what was expected.
    case gpx(offset: Int, reason: String)

    /// The plan's parameter the error is about (`start`, `end`, `timeBudgetMinutes`), or nil
    /// when it is about the network or a file rather than one input.
    public var parameter: String? {
        switch self {
        case .invalidParameter(_, let parameter, _): parameter
        case .unreachableEndpoint(_, let which), .tooFarFromStreet(_, let which, _, _, _): which
        case .noUsableEdge: "mode"
        case .unknownSegment: "segment"
        case .speedTable, .invalidRoadLine, .gpx: nil
        }
    }
}

extension PatrolError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .speedTable(let source, let reason): "speed table \(source): \(reason)"
        case .invalidRoadLine(let id, let reason): "road line \(id): \(reason)"
        case .invalidParameter(_, let parameter, let value): "\(parameter) cannot be \(value)"
        case .noUsableEdge(_, let mode): "no street of the network may be used \(mode.phrase)"
        case .unreachableEndpoint(_, let which) where which == "end":
            "the end cannot be reached from the start along the streets: the two are on pieces of the network that do not connect"
        case .unreachableEndpoint(_, let which):
            "\(which) reaches none of the stops along the streets: it is on a piece of the network cut off from them"
        case .tooFarFromStreet(_, let which, let meters, let limit, let mode):
            "\(which) is \(Self.distance(meters)) from the nearest street usable \(mode.phrase); it must be within \(Self.distance(limit))"
        case .unknownSegment(_, let id): "street segment \(id) is not in the network"
        case .gpx(let offset, let reason): "GPX at byte \(offset): \(reason)"
        }
    }

    /// "40 m", "1.3 km", "9,834 km": how far, in words a planner reads at a glance.
    static func distance(_ meters: Double) -> String {
        if meters < 1000 { return "\(Int(meters.rounded())) m" }
        if meters < 10_000 { return "\((meters / 100).rounded() / 10) km" }
        var digits = String(Int((meters / 1000).rounded()))
        var grouped = ""
        while digits.count > 3 { grouped = "," + digits.suffix(3) + grouped; digits.removeLast(3) }
        return digits + grouped + " km"
    }
}
