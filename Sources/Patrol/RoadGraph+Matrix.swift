/// Travel seconds and metres between every ordered pair of snapped positions.
public struct TravelMatrix: Sendable, Equatable {
    public let seconds: CostMatrix
    public let meters: CostMatrix
}

extension RoadGraph {
    /// One Dijkstra per position, each stopping once every target's edge ends are settled.
    /// Unreachable pairs are infinity (a car cannot leave a one-way dead end against the flow).
    public func travelMatrix(_ positions: [EdgePosition], mode: TravelMode) -> TravelMatrix {
        let n = positions.count
        var seconds = [Double](repeating: 0, count: n * n)
        var meters = [Double](repeating: 0, count: n * n)
        var search = PathSearch(network: network(mode))
        for i in 0..<n {
            let row = search.reach(from: positions[i], to: positions, graph: self)
            for j in 0..<n where j != i {
                seconds[i * n + j] = row[j].seconds
                meters[i * n + j] = row[j].meters
            }
        }
        return TravelMatrix(seconds: CostMatrix(count: n, values: seconds), meters: CostMatrix(count: n, values: meters))
    }
}
