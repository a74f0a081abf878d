/// Directed adjacency for one travel mode in compressed sparse rows: the arcs leaving node `u`
/// are `offsets[u] ..< offsets[u + 1]`. Costs are seconds; lengths are metres.
struct ModeNetwork: Sendable {
    let mode: TravelMode
    var offsets: [Int32]
    var targets: [Int32]
    var costs: [Double]
    var lengths: [Double]
    /// Edge of each arc and whether the arc runs along the edge's digitised direction.
    var arcEdges: [Int32]
    var arcForward: [Bool]
    /// Per edge: seconds forward and backward, infinity when the mode may not go that way.
    var forwardCost: [Double]
    var backwardCost: [Double]
    /// Slowest pace (seconds per metre) turned into the fastest speed: the A* lower bound.
    var maxSpeed: Double

    init(nodeCount: Int, edges: [RoadEdge], lines: [RoadLine], mode: TravelMode, speeds: SpeedTable) {
        self.mode = mode
        forwardCost = Array(repeating: .infinity, count: edges.count)
        backwardCost = Array(repeating: .infinity, count: edges.count)
        maxSpeed = 0
        for (i, e) in edges.enumerated() {
            let roadClass = lines[e.line].roadClass
            let speed = speeds.metersPerSecond(mode, roadClass: roadClass)
            guard speed > 0 else { continue }
            let along = e.lengthMeters / speed
            switch (mode, e.oneway) {
            case (.foot, _), (_, .no):
                forwardCost[i] = along; backwardCost[i] = along
            case (.car, .yes): forwardCost[i] = along
            case (.car, .reverse): backwardCost[i] = along
            case (.bike, _):
                // Against the flow a rider walks the bike at foot speed, when walking is allowed.
                let walk = speeds.metersPerSecond(.foot, roadClass: roadClass)
                let against = walk > 0 ? e.lengthMeters / walk : .infinity
                if e.oneway == .yes { forwardCost[i] = along; backwardCost[i] = against }
                else { forwardCost[i] = against; backwardCost[i] = along }
            }
            maxSpeed = max(maxSpeed, speed)
        }
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        for (i, e) in edges.enumerated() {
            if forwardCost[i].isFinite { degree[e.from + 1] += 1 }
            if backwardCost[i].isFinite { degree[e.to + 1] += 1 }
        }
        for u in 0..<nodeCount { degree[u + 1] += degree[u] }
        offsets = degree
        let arcCount = Int(degree[nodeCount])
        targets = [Int32](repeating: 0, count: arcCount)
        costs = [Double](repeating: 0, count: arcCount)
        lengths = [Double](repeating: 0, count: arcCount)
        arcEdges = [Int32](repeating: 0, count: arcCount)
        arcForward = [Bool](repeating: true, count: arcCount)
        var fill = Array(degree.dropLast())
        for (i, e) in edges.enumerated() {
            if forwardCost[i].isFinite {
                let a = Int(fill[e.from]); fill[e.from] += 1
                targets[a] = Int32(e.to); costs[a] = forwardCost[i]; lengths[a] = e.lengthMeters
                arcEdges[a] = Int32(i); arcForward[a] = true
            }
            if backwardCost[i].isFinite {
                let a = Int(fill[e.to]); fill[e.to] += 1
                targets[a] = Int32(e.from); costs[a] = backwardCost[i]; lengths[a] = e.lengthMeters
                arcEdges[a] = Int32(i); arcForward[a] = false
            }
        }
    }

    var nodeCount: Int { offsets.count - 1 }
}
