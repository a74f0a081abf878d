import GeoCore

/// One step of a street-coverage tour: an edge walked in one direction, either because it
/// must be covered or as deadheading (moving between required streets).
public struct CoverageStep: Sendable, Hashable {
    public var edge: Int
    public var forward: Bool
    public var required: Bool
}

/// A tour walking every required street at least once, from and back to a start point.
public struct CoverageTour: Sendable, Hashable {
    public var steps: [CoverageStep]
    public var path: LineString
    public var seconds: Double
    public var meters: Double
    public var requiredMeters: Double
    public var deadheadMeters: Double { meters - requiredMeters }
}

extension PatrolPlanner {
    /// A tour covering every road line whose `segmentID` is in `segmentIDs` (a road chief's patch).
    public func streetCoverage(segmentIDs: Set<String>, start: Point, mode: TravelMode) throws -> CoverageTour {
        var required: [Int] = []
        var seen = Set<String>()
        for (i, e) in graph.edges.enumerated() {
            if let id = graph.lines[e.line].segmentID, segmentIDs.contains(id) { required.append(i); seen.insert(id) }
        }
        if let missing = segmentIDs.subtracting(seen).sorted().first {
            throw PatrolError.unknownSegment(function: "streetCoverage", segmentID: missing)
        }
        return try streetCoverage(requiredEdges: required, start: start, mode: mode)
    }

    /// A rural-postman tour over the given edges. Heuristic, in the spirit of Frederickson's:
    /// (1) join the required pieces by a minimum spanning tree of shortest paths and pair odd
    /// nodes by a greedy matching improved by pair swaps (not Edmonds' exact matching), take an
    /// Euler circuit of that to orient two-way streets; (2) with one-way streets forced to their
    /// direction, balance in- and out-degrees by a min-cost transportation of deadhead paths,
    /// reconnect any pieces with paths both ways, and walk a directed Euler circuit (Hierholzer).
    /// Exact when required streets are connected and already even; otherwise near-optimal.
    public func streetCoverage(requiredEdges: [Int], start: Point, mode: TravelMode) throws -> CoverageTour {
        let net = graph.network(mode)
        var required: [Int] = []
        for e in Set(requiredEdges).sorted() {
            guard e >= 0 && e < graph.edges.count else {
                throw PatrolError.invalidParameter(function: "streetCoverage", parameter: "requiredEdges", value: "\(e)")
            }
            guard net.forwardCost[e].isFinite || net.backwardCost[e].isFinite else {
                throw PatrolError.noUsableEdge(function: "streetCoverage(edge \(e))", mode: mode)
            }
            required.append(e)
        }
        guard let startPos = graph.snap(start, mode: mode) else {
            throw PatrolError.noUsableEdge(function: "streetCoverage", mode: mode)
        }
        guard !required.isEmpty else {
            return CoverageTour(steps: [], path: LineString([startPos.point, startPos.point]), seconds: 0, meters: 0, requiredMeters: 0)
        }
        var rural = RuralPostman(graph: graph, network: net, required: required)
        try rural.solve()
        return try rural.tour(from: startPos, planner: self, mode: mode)
    }
}
