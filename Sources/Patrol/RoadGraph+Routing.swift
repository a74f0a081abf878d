import GeoCore
import SpatialIndex

/// A path on the network: travel time, length, the road geometry and the edges walked.
public struct GraphPath: Sendable, Hashable {
    public var seconds: Double
    public var meters: Double
    public var geometry: LineString
    /// Edges in travel order, with whether each was walked in its digitised direction
    /// (partial edges at a mid-edge start or end included).
    public var edges: [(edge: Int, forward: Bool)] { zip(edgeIDs, edgeForward).map { ($0, $1) } }
    var edgeIDs: [Int]
    var edgeForward: [Bool]

    public static func == (a: GraphPath, b: GraphPath) -> Bool {
        a.seconds == b.seconds && a.meters == b.meters && a.geometry == b.geometry && a.edgeIDs == b.edgeIDs
            && a.edgeForward == b.edgeForward
    }
    public func hash(into h: inout Hasher) { h.combine(seconds); h.combine(meters); h.combine(edgeIDs) }
}

/// How a search reached a mid-edge target: through the edge's `from` node (then forward), its
/// `to` node (then backward), or directly along the source's own edge.
enum Arrival { case viaFrom, viaTo, direct }

extension RoadGraph {
    /// The nearest point on an edge that `mode` may use in at least one direction.
    public func snap(_ p: Point, mode: TravelMode) -> EdgePosition? {
        snap([p], mode: mode)[0]
    }

    /// `snap` for many points at once, sharing the search's working memory between them.
    public func snap(_ points: [Point], mode: TravelMode) -> [EdgePosition?] {
        let net = network(mode)
        let scratch = NearestScratch()
        return points.map { p in
            edgeIndex.nearest(to: p, using: scratch) { e in net.forwardCost[e].isFinite || net.backwardCost[e].isFinite }
        }
    }

    /// Travel seconds from node `source` to every node (Dijkstra); infinity where unreachable.
    public func travelSeconds(from source: Int, mode: TravelMode) -> [Double] {
        var search = PathSearch(network: network(mode))
        search.begin()
        search.seed(source, cost: 0, length: 0)
        var none = [Bool](repeating: false, count: nodes.count)
        search.run(targets: &none, remainingTargets: 0)
        return (0..<nodes.count).map { search.costOf($0) }
    }

    /// Fastest node-to-node path by A* with a straight-line-at-top-speed lower bound.
    public func shortestPath(from source: Int, to target: Int, mode: TravelMode) -> GraphPath? {
        let net = network(mode)
        var search = PathSearch(network: net)
        search.begin()
        let goal = nodes[target], inverseSpeed = net.maxSpeed > 0 ? 1 / net.maxSpeed : 0
        search.seed(source, cost: 0, length: 0, heuristic: nodes[source].distance(to: goal) * inverseSpeed)
        var marks = [Bool](repeating: false, count: nodes.count)
        marks[target] = true
        let nodes = self.nodes
        search.run(targets: &marks, remainingTargets: 1) { nodes[$0].distance(to: goal) * inverseSpeed }
        guard search.costOf(target).isFinite else { return nil }
        return assemble(search: search, arcsTo: target, head: nil, tail: nil,
                        seconds: search.costOf(target), meters: search.lengthOf(target), startNode: source)
    }

    /// Fastest path between two points, each snapped to the nearest usable edge.
    public func path(from a: Point, to b: Point, mode: TravelMode) throws -> GraphPath? {
        guard let pa = snap(a, mode: mode), let pb = snap(b, mode: mode) else {
            throw PatrolError.noUsableEdge(function: "RoadGraph.path(from:to:mode:)", mode: mode)
        }
        return path(from: pa, to: pb, mode: mode)
    }

    /// Fastest path between two snapped positions; nil when `b` cannot be reached from `a`.
    public func path(from a: EdgePosition, to b: EdgePosition, mode: TravelMode) -> GraphPath? {
        var search = PathSearch(network: network(mode))
        let hit = search.reach(from: a, to: [b], graph: self)[0]
        guard hit.seconds.isFinite else { return nil }
        let e = edges[b.edge]
        switch hit.arrival {
        case .direct:
            let forward = b.offsetMeters >= a.offsetMeters
            return GraphPath(seconds: hit.seconds, meters: hit.meters,
                             geometry: LineString(edgeIndex.piece(edge: a.edge, from: a.offsetMeters, to: b.offsetMeters)),
                             edgeIDs: [a.edge], edgeForward: [forward])
        case .viaFrom, .viaTo:
            let node = hit.arrival == .viaFrom ? e.from : e.to
            let tailTo = hit.arrival == .viaFrom ? 0.0 : e.lengthMeters
            let tail = (edge: b.edge, from: tailTo, to: b.offsetMeters, forward: hit.arrival == .viaFrom)
            let (startNode, head) = search.headLeg(from: a, toward: node, graph: self)
            return assemble(search: search, arcsTo: node, head: head, tail: tail,
                            seconds: hit.seconds, meters: hit.meters, startNode: startNode)
        }
    }

    /// Joins the partial first edge, the node-to-node arcs and the partial last edge into a path.
    func assemble(search: PathSearch, arcsTo node: Int,
                  head: (edge: Int, from: Double, to: Double, forward: Bool)?,
                  tail: (edge: Int, from: Double, to: Double, forward: Bool)?,
                  seconds: Double, meters: Double, startNode: Int) -> GraphPath {
        var points: [Point] = []
        var ids: [Int] = [], forward: [Bool] = []
        func append(_ pts: [Point]) {
            for p in pts where points.last != p { points.append(p) }
        }
        if let head {
            append(edgeIndex.piece(edge: head.edge, from: head.from, to: head.to))
            ids.append(head.edge); forward.append(head.forward)
        } else {
            append([nodes[startNode]])
        }
        let net = search.network
        for a in search.arcs(to: node) {
            let e = Int(net.arcEdges[a]), fw = net.arcForward[a]
            let g = edges[e].geometry.points
            append(fw ? g : g.reversed())
            ids.append(e); forward.append(fw)
        }
        if let tail {
            append(edgeIndex.piece(edge: tail.edge, from: tail.from, to: tail.to))
            ids.append(tail.edge); forward.append(tail.forward)
        }
        if points.count == 1 { points.append(points[0]) }
        return GraphPath(seconds: seconds, meters: meters, geometry: LineString(points), edgeIDs: ids, edgeForward: forward)
    }
}

extension PathSearch {
    /// Seeds a search at a mid-edge position: to the edge's ends where the mode may go, and at no
    /// cost to the node the position stands on (ModeNetwork.forEachDeparture).
    mutating func seed(position a: EdgePosition, graph: RoadGraph) {
        let net = network
        net.forEachDeparture(from: a, along: graph.edges[a.edge]) { _, node, seconds, meters in
            seed(node, cost: seconds, length: meters)
        }
    }

    /// The first partial edge of a path from `a` that reached `node`: which end was used.
    func headLeg(from a: EdgePosition, toward node: Int, graph: RoadGraph)
        -> (startNode: Int, head: (edge: Int, from: Double, to: Double, forward: Bool)) {
        var x = node
        while predArc[x] >= 0 { x = sourceOf(arc: Int(predArc[x])) }
        let e = graph.edges[a.edge]
        // Started on the node itself: no partial edge, whichever way the edge runs.
        if x == e.from && a.offsetMeters <= ModeNetwork.atNodeMeters { return (x, (a.edge, 0, 0, false)) }
        if x == e.to && a.offsetMeters >= e.lengthMeters - ModeNetwork.atNodeMeters {
            return (x, (a.edge, e.lengthMeters, e.lengthMeters, true))
        }
        if x == e.to && network.forwardCost[a.edge].isFinite
            && (x != e.from || !network.backwardCost[a.edge].isFinite
                || network.forwardCost[a.edge] * (1 - a.offsetMeters / e.lengthMeters) <= network.backwardCost[a.edge] * a.offsetMeters / e.lengthMeters) {
            return (x, (a.edge, a.offsetMeters, e.lengthMeters, true))
        }
        return (x, (a.edge, a.offsetMeters, 0, false))
    }

    /// Seconds and metres from `a` to each target position, with how each was reached. Runs one
    /// Dijkstra that stops once every target's edge ends are settled.
    mutating func reach(from a: EdgePosition, to targets: [EdgePosition], graph: RoadGraph)
        -> [(seconds: Double, meters: Double, arrival: Arrival)] {
        begin()
        seed(position: a, graph: graph)
        var marks = [Bool](repeating: false, count: network.nodeCount)
        var count = 0
        for t in targets {
            let e = graph.edges[t.edge]
            for v in [e.from, e.to] where !marks[v] { marks[v] = true; count += 1 }
        }
        run(targets: &marks, remainingTargets: count)
        return targets.map { t in arrival(from: a, at: t, graph: graph) }
    }

    /// The best way to reach `t` after a search seeded at `a` has settled t's edge ends; the
    /// direct way along a shared edge wins a tie.
    func arrival(from a: EdgePosition, at t: EdgePosition, graph: RoadGraph)
        -> (seconds: Double, meters: Double, arrival: Arrival) {
        let e = graph.edges[t.edge]
        var best = (seconds: Double.infinity, meters: Double.infinity, arrival: Arrival.direct)
        network.forEachApproach(to: t, along: e) { end, node, seconds, meters in
            let s = costOf(node) + seconds
            if s < best.seconds { best = (s, lengthOf(node) + meters, end == .from ? .viaFrom : .viaTo) }
        }
        if let d = network.direct(from: a, to: t, along: e), d.seconds <= best.seconds {
            best = (d.seconds, d.meters, .direct)
        }
        return best
    }
}
