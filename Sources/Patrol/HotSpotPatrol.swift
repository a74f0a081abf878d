import GeoCore

/// A place that deserves repeated short visits (a hot spot of cases), with its weight.
public struct HotSpot: Sendable, Hashable {
    public var id: String
    public var location: Point
    public var weight: Double

    public init(id: String, location: Point, weight: Double = 1) {
        self.id = id
        self.location = location
        self.weight = weight
    }
}

/// One stop of a hot-spot shift, in minutes from the shift's start.
public struct HotSpotVisit: Sendable, Hashable {
    public var spotID: String
    public var arriveMinute: Double
    public var leaveMinute: Double
    public var travelSeconds: Double
}

public struct HotSpotSchedule: Sendable, Hashable {
    public var visits: [HotSpotVisit]
    public var visitsPerSpot: [String: Int]
    public var travelMinutes: Double
    public var dwellMinutes: Double
    /// Spots never visited: unreachable, or no time left.
    public var unvisited: [String]
}

extension PatrolPlanner {
    /// A shift of short stops at hot spots. Dwell defaults to 15 minutes: Koper's (1995) curve
    /// puts the best presence at about 10–16 minutes, after which deterrence stops growing.
    /// A spot is not revisited within `revisitMinutes` of leaving it. The next stop is the one
    /// with most weight × time since its last visit per minute spent getting there and staying
    /// (never-visited spots count from a revisit interval before the shift), so heavier spots are
    /// visited more often and none is starved; when none is due, the team waits for the first due.
    public func hotSpotSchedule(start: Point, spots: [HotSpot], mode: TravelMode, shiftMinutes: Double,
                                dwellMinutes: Double = 15, revisitMinutes: Double = 60) throws -> HotSpotSchedule {
        for (name, value) in [("shiftMinutes", shiftMinutes), ("dwellMinutes", dwellMinutes), ("revisitMinutes", revisitMinutes)]
        where !(value > 0 && value.isFinite) {
            throw PatrolError.invalidParameter(function: "hotSpotSchedule", parameter: name, value: "\(value)")
        }
        guard let startPos = graph.snap(start, mode: mode) else { throw PatrolError.noUsableEdge(function: "hotSpotSchedule", mode: mode) }
        let snapped = graph.snap(spots.map(\.location), mode: mode)
        let live = spots.indices.filter { snapped[$0].map { $0.snapDistanceMeters <= maxSnapMeters } ?? false }
        let positions = [startPos] + live.map { snapped[$0]! }
        let seconds = graph.travelMatrix(positions, mode: mode).seconds
        var lastLeave = [Double](repeating: -revisitMinutes, count: live.count + 1)
        var visited = [Int](repeating: 0, count: live.count + 1)
        var at = 0, now = 0.0
        var visits: [HotSpotVisit] = []
        var travel = 0.0, dwell = 0.0
        while true {
            var best: (score: Double, row: Int, arrive: Double)? = nil
            for row in 1...max(1, live.count) where row <= live.count && row != at {
                let leg = seconds[at, row] / 60
                guard leg.isFinite else { continue }
                let arrive = max(now + leg, lastLeave[row] + revisitMinutes)
                guard arrive + dwellMinutes <= shiftMinutes else { continue }
                let weight = spots[live[row - 1]].weight
                let score = weight * (arrive - lastLeave[row]) / (arrive - now + dwellMinutes)
                if score > (best?.score ?? -.infinity) { best = (score, row, arrive) }
            }
            guard let next = best else { break }
            let travelSeconds = seconds[at, next.row]
            visits.append(HotSpotVisit(spotID: spots[live[next.row - 1]].id, arriveMinute: next.arrive,
                                       leaveMinute: next.arrive + dwellMinutes, travelSeconds: travelSeconds))
            travel += travelSeconds / 60; dwell += dwellMinutes
            now = next.arrive + dwellMinutes
            lastLeave[next.row] = now; visited[next.row] += 1; at = next.row
        }
        var perSpot: [String: Int] = [:]
        for (k, i) in live.enumerated() { perSpot[spots[i].id] = visited[k + 1] }
        let unvisited = spots.filter { (perSpot[$0.id] ?? 0) == 0 }.map(\.id)
        return HotSpotSchedule(visits: visits, visitsPerSpot: perSpot, travelMinutes: travel, dwellMinutes: dwell, unvisited: unvisited)
    }
}
