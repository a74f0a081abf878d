import GeoCore

/// When a source (an officer on duty, a patrol team) can be at a target (a case) along the
/// streets: the fastest path's seconds and that path's length.
public struct StreetArrival: Sendable, Hashable {
    /// Index of the source in the array the search was given.
    public var source: Int
    public var seconds: Double
    /// Length of the fastest path. When two paths take exactly the same time, this is the length
    /// of one of them, which need not be the one `path(of:from:to:mode:)` draws.
    public var meters: Double

    public init(source: Int, seconds: Double, meters: Double) {
        self.source = source
        self.seconds = seconds
        self.meters = meters
    }
}

extension RoadGraph {
    /// The sources that can reach `target` soonest along the streets in one mode, fastest first
    /// (equal times by source index); sources that cannot reach it at all are left out.
    ///
    /// One Dijkstra from the target over the mode's reversed arcs serves every source, however
    /// many: each source's time is the best of its direct way along the target's own edge and of
    /// its partial edge to either end the mode may travel toward, plus that node's time to the
    /// target. The times equal `path(from: source, to: target, mode:)`'s, one-way rules included.
    ///
    /// `limit` keeps the first k and `maxSeconds` drops the arrivals slower than it; both let the
    /// search stop early, and only where no node left unsettled could change the answer.
    ///
    /// One mode per call, since one-way rules and speeds make each mode's network its own: for
    /// officers in several modes, call once per mode with that mode's officers and the target
    /// snapped for that mode, then merge by seconds (`soonestOfficers(to:officers:limit:maxSeconds:)`
    /// does exactly this).
    public func soonestArrivals(at target: EdgePosition, from sources: [EdgePosition], mode: TravelMode,
                                limit: Int? = nil, maxSeconds: Double = .infinity) -> [StreetArrival] {
        precondition(limit.map { $0 >= 0 } ?? true, "soonestArrivals: limit must be >= 0")
        precondition(!maxSeconds.isNaN, "soonestArrivals: maxSeconds is NaN")
        guard limit != 0, maxSeconds >= 0, !sources.isEmpty else { return [] }
        let search = ArrivalSearch(network: network(mode), reverse: reverseNetwork(mode))
        return search.run(at: target, from: sources, edges: edges, limit: limit ?? Int.max, maxSeconds: maxSeconds).arrivals
    }

    /// The path behind an arrival, drawn by the one-to-one search from its source: chosen
    /// officers are few, so drawing theirs costs a handful of searches, not one per officer.
    /// Its seconds equal the arrival's (to rounding); with two equally fast paths it may be
    /// either.
    public func path(of arrival: StreetArrival, from sources: [EdgePosition], to target: EdgePosition,
                     mode: TravelMode) -> GraphPath {
        // An arrival exists only for a source that reaches the target, so the search finds a path.
        path(from: sources[arrival.source], to: target, mode: mode)!
    }
}
