import GeoCore

/// An officer on duty as dispatch sees him: where he stands on the streets, snapped for the way
/// he moves (`snap(_:mode:)` once per GPS fix, not once per case), and that way.
public struct OfficerOnDuty: Sendable, Hashable {
    public var position: EdgePosition
    public var mode: TravelMode

    public init(position: EdgePosition, mode: TravelMode) {
        self.position = position
        self.mode = mode
    }
}

/// An officer's arrival at a case, with the case as snapped for his mode: where his path ends.
public struct OfficerArrival: Sendable, Hashable {
    /// The arrival; its `source` indexes the officers given.
    public var arrival: StreetArrival
    public var mode: TravelMode
    public var casePosition: EdgePosition
}

extension RoadGraph {
    /// The officers who can reach a case soonest, each in his own mode, fastest first (equal times
    /// by officer index); officers who cannot reach it are left out.
    ///
    /// The case is snapped once per mode present (a case in a pedestrian lane is reached by car
    /// from the nearest street a car may use, as `path(from:to:mode:)` does), then one
    /// `soonestArrivals` per mode with that mode's officers; each mode's first `limit` are enough
    /// to make the merged first `limit`, since the merge keeps each mode's order.
    /// Throws `noUsableEdge` when a mode that some officer uses may use no street of the network.
    public func soonestOfficers(to casePoint: Point, officers: [OfficerOnDuty], limit: Int? = nil,
                                maxSeconds: Double = .infinity) throws(PatrolError) -> [OfficerArrival] {
        var merged: [OfficerArrival] = []
        for mode in TravelMode.allCases {
            let indices = officers.indices.filter { officers[$0].mode == mode }
            guard !indices.isEmpty else { continue }
            guard let target = snap(casePoint, mode: mode) else {
                throw .noUsableEdge(function: "RoadGraph.soonestOfficers(to:officers:limit:maxSeconds:)", mode: mode)
            }
            let found = soonestArrivals(at: target, from: indices.map { officers[$0].position }, mode: mode,
                                        limit: limit, maxSeconds: maxSeconds)
            for a in found {
                merged.append(OfficerArrival(arrival: StreetArrival(source: indices[a.source], seconds: a.seconds, meters: a.meters),
                                             mode: mode, casePosition: target))
            }
        }
        merged.sort { ($0.arrival.seconds, $0.arrival.source) < ($1.arrival.seconds, $1.arrival.source) }
        if let limit, merged.count > limit { merged.removeLast(merged.count - limit) }
        return merged
    }

    /// The path behind an officer's arrival, from where he stands to the case as snapped for his
    /// mode; its seconds equal the arrival's.
    public func path(of a: OfficerArrival, officers: [OfficerOnDuty]) -> GraphPath {
        // An arrival exists only for an officer who reaches the case, so the search finds a path.
        path(from: officers[a.arrival.source].position, to: a.casePosition, mode: a.mode)!
    }
}
