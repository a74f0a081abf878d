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
    /// A required street segment for a coverage tour does not exist in the graph.
    case unknownSegment(function: String, segmentID: String)
    /// A GPX document is malformed: byte offset and what was expected.
    case gpx(offset: Int, reason: String)
}
