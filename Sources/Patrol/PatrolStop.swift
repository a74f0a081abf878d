import GeoCore

/// A place a patrol must visit: an open case, a storefront, a hot spot.
public struct PatrolStop: Sendable, Hashable {
    public var id: String
    public var location: Point

    public init(id: String, location: Point) {
        self.id = id
        self.location = location
    }
}

/// How much a stop matters when the time budget cannot cover every stop: overdue stops come
/// first, then larger weights per minute spent.
public struct StopPriority: Sendable, Hashable {
    public var overdue: Bool
    public var weight: Double

    public init(overdue: Bool = false, weight: Double = 1) {
        self.overdue = overdue
        self.weight = weight
    }
}

/// Why a stop is not in a plan.
public enum LeftOutReason: Sendable, Hashable {
    /// No road the mode may use runs near enough (or the graph has none).
    case noUsableRoad
    /// The stop cannot be reached from the start, or the start (or end) from it.
    case unreachable
    /// Adding the stop would overrun the time budget by this many seconds at its cheapest place.
    case overBudget(extraSeconds: Double)
}

/// One leg of a plan: from a stop (or the start) to the next.
public struct PlannedLeg: Sendable, Hashable {
    /// Stop ids; "start" and "end" stand for the plan's endpoints.
    public var from: String
    public var to: String
    public var seconds: Double
    public var meters: Double
    public var geometry: LineString
}

/// A route through stops, with what was left out and why.
public struct PatrolPlan: Sendable, Hashable {
    /// Stop ids in visiting order.
    public var order: [String]
    public var legs: [PlannedLeg]
    /// The whole walk or drive as one line.
    public var path: LineString
    public var travelSeconds: Double
    public var serviceSeconds: Double
    public var meters: Double
    public var leftOut: [String: LeftOutReason]
    /// Where each visited stop met the road.
    public var positions: [String: EdgePosition]

    public var totalSeconds: Double { travelSeconds + serviceSeconds }
}

extension LeftOutReason: CustomStringConvertible {
    /// Why a stop is not on the route, as planners read it (the CLI and the API both say this).
    public var description: String {
        switch self {
        case .noUsableRoad: "no usable road within reach of the stop"
        case .unreachable: "not reachable on this network for the mode"
        case .overBudget(let extra): "over the time budget by \(Int((extra / 60).rounded())) min"
        }
    }
}
