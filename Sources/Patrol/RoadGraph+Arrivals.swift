// Placeholder until the reverse search lands from branch `reach` (replaced by its file on merge).
public struct StreetArrival: Sendable, Hashable {
    public var source: Int
    public var seconds: Double
    public var meters: Double
    public init(source: Int, seconds: Double, meters: Double) {
        self.source = source
        self.seconds = seconds
        self.meters = meters
    }
}

extension RoadGraph {
    public func soonestArrivals(at target: EdgePosition, from sources: [EdgePosition], mode: TravelMode,
                                limit: Int? = nil, maxSeconds: Double = .infinity) -> [StreetArrival] {
        let all = sources.enumerated().compactMap { i, s in
            path(from: s, to: target, mode: mode).map { StreetArrival(source: i, seconds: $0.seconds, meters: $0.meters) }
        }.filter { $0.seconds <= maxSeconds }.sorted { ($0.seconds, $0.source) < ($1.seconds, $1.source) }
        return limit.map { Array(all.prefix($0)) } ?? all
    }
}
