import GeoCore

/// The working state of a street-coverage tour: shortest-path rows from every node that a
/// required edge touches, the oriented required arcs, and the deadhead paths added to make the
/// multigraph connected and balanced. See `PatrolPlanner.streetCoverage`.
struct RuralPostman {
    let graph: RoadGraph
    let network: ModeNetwork
    let required: [Int]
    /// Nodes touched by required edges, and for each a full Dijkstra row and predecessor arcs.
    var terminals: [Int] = []
    var rowOf: [Int: Int] = [:]
    var rows: [[Double]] = []
    var preds: [[Int32]] = []
    /// Oriented arcs of the Euler multigraph: (from, to, item), item ≥ 0 a required edge walked
    /// forward, item < 0 a deadhead path (index -1 - k into `deadheads`), or a reversed required edge.
    var arcs: [(from: Int, to: Int, edge: Int, forward: Bool, deadhead: Int)] = []
    var deadheads: [[(edge: Int, forward: Bool)]] = []

    init(graph: RoadGraph, network: ModeNetwork, required: [Int]) {
        self.graph = graph
        self.network = network
        self.required = required
        var search = PathSearch(network: network)
        var none = [Bool](repeating: false, count: network.nodeCount)
        for e in required { for v in [graph.edges[e].from, graph.edges[e].to] where rowOf[v] == nil {
            rowOf[v] = terminals.count; terminals.append(v)
            search.begin(); search.seed(v, cost: 0, length: 0)
            search.run(targets: &none, remainingTargets: 0)
            rows.append((0..<network.nodeCount).map { search.costOf($0) })
            preds.append((0..<network.nodeCount).map { search.costOf($0).isFinite ? search.predArc[$0] : -1 })
        } }
    }

    func d(_ u: Int, _ v: Int) -> Double { rows[rowOf[u]!][v] }

    /// Arcs of the shortest path u → v (both terminals).
    func pathArcs(_ u: Int, _ v: Int) -> [(edge: Int, forward: Bool)] {
        let pred = preds[rowOf[u]!]
        var out: [(Int, Bool)] = []
        var x = v
        var guardSteps = network.nodeCount + 1
        while x != u, pred[x] >= 0, guardSteps > 0 {
            let a = Int(pred[x])
            out.append((Int(network.arcEdges[a]), network.arcForward[a]))
            let e = graph.edges[Int(network.arcEdges[a])]
            x = network.arcForward[a] ? e.from : e.to
            guardSteps -= 1
        }
        return out.reversed()
    }

    mutating func solve() throws {
        let orientation = orientByUndirectedCircuit()
        arcs = []
        for (k, e) in required.enumerated() {
            let edge = graph.edges[e]
            var fw = orientation[k]
            if fw && !network.forwardCost[e].isFinite { fw = false }
            if !fw && !network.backwardCost[e].isFinite { fw = true }
            arcs.append(fw ? (edge.from, edge.to, e, true, -1) : (edge.to, edge.from, e, false, -1))
        }
        try improveOrientation()
        try balance()
        try connect()
    }

    /// Phase 1: orientation of required edges from an undirected Euler circuit of required
    /// edges + spanning-tree links + matched odd nodes (symmetrised costs).
    func orientByUndirectedCircuit() -> [Bool] {
        func sym(_ u: Int, _ v: Int) -> Double { min(d(u, v), d(v, u)) }
        var links: [(Int, Int)] = []
        // Pieces of the required edges, joined by Prim's tree over closest terminal pairs.
        var uf = Array(0..<terminals.count)
        func find(_ x: Int) -> Int { var r = x; while uf[r] != r { r = uf[r] }; return r }
        for e in required { let a = find(rowOf[graph.edges[e].from]!), b = find(rowOf[graph.edges[e].to]!); if a != b { uf[a] = b } }
        var groups: [Int: [Int]] = [:]
        for t in terminals.indices { groups[find(t), default: []].append(terminals[t]) }
        let pieces = Array(groups.values)
        if pieces.count > 1 {
            var inTree = [true] + [Bool](repeating: false, count: pieces.count - 1)
            for _ in 1..<pieces.count {
                var best = (cost: Double.infinity, u: -1, v: -1, piece: -1)
                for (i, p) in pieces.enumerated() where inTree[i] {
                    for (j, q) in pieces.enumerated() where !inTree[j] {
                        for u in p { for v in q where sym(u, v) < best.cost { best = (sym(u, v), u, v, j) } }
                    }
                }
                guard best.piece >= 0 else { break }
                inTree[best.piece] = true
                links.append((best.u, best.v))
            }
        }
        var degree: [Int: Int] = [:]
        for e in required { degree[graph.edges[e].from, default: 0] += 1; degree[graph.edges[e].to, default: 0] += 1 }
        for (u, v) in links { degree[u, default: 0] += 1; degree[v, default: 0] += 1 }
        let odd = degree.filter { $0.value % 2 == 1 }.map(\.key).sorted()
        for (u, v) in Matching.greedyImproved(odd, cost: sym) { links.append((u, v)) }
        // Hierholzer on the undirected multigraph; required edges are items 0..<k, links after.
        let k = required.count
        var ends: [(Int, Int)] = required.map { (graph.edges[$0].from, graph.edges[$0].to) } + links
        var incident: [Int: [Int]] = [:]
        for (i, (u, v)) in ends.enumerated() { incident[u, default: []].append(i); if u != v { incident[v, default: []].append(i) } }
        var used = [Bool](repeating: false, count: ends.count)
        var orientation = [Bool](repeating: true, count: k)
        var cursor: [Int: Int] = [:]
        for s in ends.indices where !used[s] {
            var stack = [ends[s].0]
            while let u = stack.last {
                let list = incident[u] ?? []
                var c = cursor[u] ?? 0
                while c < list.count && used[list[c]] { c += 1 }
                cursor[u] = c
                if c == list.count { stack.removeLast(); continue }
                let i = list[c]; used[i] = true
                let v = ends[i].0 == u ? ends[i].1 : ends[i].0
                if i < k { orientation[i] = ends[i].0 == u }
                stack.append(v)
            }
        }
        ends.removeAll()
        return orientation
    }

    func balanceOf() -> [Int: Int] {
        var b: [Int: Int] = [:]
        for a in arcs { b[a.to, default: 0] += 1; b[a.from, default: 0] -= 1 }
        return b
    }

    /// Deadhead seconds needed to balance the current arcs (the transportation optimum).
    func balancingCost() throws -> Double {
        let b = balanceOf()
        let sources = b.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let sinks = b.filter { $0.value < 0 }.sorted { $0.key < $1.key }
        guard !sources.isEmpty else { return 0 }
        let flows = try Transportation.solve(supply: sources.map(\.value), demand: sinks.map { -$0.value }) { i, j in
            d(sources[i].key, sinks[j].key)
        }
        return flows.reduce(0) { $0 + Double($1.2) * d(sources[$1.0].key, sinks[$1.1].key) }
    }

    /// Flips two-way required streets one at a time while that lowers the balancing cost (the
    /// circuit's orientation ignores one-way streets forced the other way, which this repairs).
    mutating func improveOrientation() throws {
        let flippable = arcs.indices.filter { network.forwardCost[arcs[$0].edge].isFinite && network.backwardCost[arcs[$0].edge].isFinite }
        guard !flippable.isEmpty else { return }
        var current = try balancingCost()
        var improved = true, passes = 0
        while improved && passes < 4 && current > 0 {
            improved = false; passes += 1
            for k in flippable {
                let a = arcs[k]
                arcs[k] = (a.to, a.from, a.edge, !a.forward, -1)
                let cost = try balancingCost()
                if cost < current - 1e-9 { current = cost; improved = true } else { arcs[k] = a }
            }
        }
    }

    /// Phase 2: nodes with more arcs in than out send deadhead paths to nodes with more out
    /// than in, at least total cost (min-cost transportation, successive shortest paths).
    mutating func balance() throws {
        let b = balanceOf()
        let sources = b.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let sinks = b.filter { $0.value < 0 }.sorted { $0.key < $1.key }
        guard !sources.isEmpty else { return }
        let flows = try Transportation.solve(supply: sources.map(\.value), demand: sinks.map { -$0.value }) { i, j in
            d(sources[i].key, sinks[j].key)
        }
        for (i, j, amount) in flows {
            let u = sources[i].key, v = sinks[j].key
            guard d(u, v).isFinite else { throw PatrolError.unreachableEndpoint(function: "streetCoverage", which: "node \(v) from \(u)") }
            let path = pathArcs(u, v)
            for _ in 0..<amount { deadheads.append(path); arcs.append((u, v, -1, true, deadheads.count - 1)) }
        }
    }

    /// Phase 3: pieces left apart after balancing get a shortest path there and back (which
    /// keeps every node balanced), joined along a spanning tree of those round-trip costs.
    mutating func connect() throws {
        var uf: [Int: Int] = [:]
        func find(_ x: Int) -> Int { var r = x; while let p = uf[r], p != r { r = p }; return r }
        for a in arcs { if uf[a.from] == nil { uf[a.from] = a.from }; if uf[a.to] == nil { uf[a.to] = a.to } }
        for a in arcs { let x = find(a.from), y = find(a.to); if x != y { uf[x] = y } }
        var groups: [Int: [Int]] = [:]
        for v in uf.keys where rowOf[v] != nil { groups[find(v), default: []].append(v) }
        let pieces = groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
        guard pieces.count > 1 else { return }
        var inTree = [true] + [Bool](repeating: false, count: pieces.count - 1)
        for _ in 1..<pieces.count {
            var best = (cost: Double.infinity, u: -1, v: -1, piece: -1)
            for (i, p) in pieces.enumerated() where inTree[i] {
                for (j, q) in pieces.enumerated() where !inTree[j] {
                    for u in p { for v in q { let c = d(u, v) + d(v, u); if c < best.cost { best = (c, u, v, j) } } }
                }
            }
            guard best.piece >= 0 else { throw PatrolError.unreachableEndpoint(function: "streetCoverage", which: "a required street") }
            inTree[best.piece] = true
            deadheads.append(pathArcs(best.u, best.v)); arcs.append((best.u, best.v, -1, true, deadheads.count - 1))
            deadheads.append(pathArcs(best.v, best.u)); arcs.append((best.v, best.u, -1, true, deadheads.count - 1))
        }
    }

    /// Directed Euler circuit (Hierholzer) from `root`, as arc indices.
    func circuit(from root: Int) -> [Int] {
        var out: [Int: [Int]] = [:]
        for (i, a) in arcs.enumerated() { out[a.from, default: []].append(i) }
        var next: [Int: Int] = [:]
        var stack: [(node: Int, arc: Int)] = [(root, -1)]
        var result: [Int] = []
        while let top = stack.last {
            let list = out[top.node] ?? []
            let c = next[top.node] ?? 0
            if c < list.count {
                next[top.node] = c + 1
                stack.append((arcs[list[c]].to, list[c]))
            } else {
                stack.removeLast()
                if top.arc >= 0 { result.append(top.arc) }
            }
        }
        return result.reversed()
    }

    func tour(from start: EdgePosition, planner: PatrolPlanner, mode: TravelMode) throws -> CoverageTour {
        // Root the circuit at the terminal quickest to reach from the start point.
        var search = PathSearch(network: network)
        search.begin(); search.seed(position: start, graph: graph)
        var none = [Bool](repeating: false, count: network.nodeCount)
        search.run(targets: &none, remainingTargets: 0)
        let candidates = Set(arcs.map(\.from))
        guard let root = candidates.min(by: { (search.costOf($0), $0) < (search.costOf($1), $1) }),
              search.costOf(root).isFinite else {
            throw PatrolError.unreachableEndpoint(function: "streetCoverage", which: "start")
        }
        var steps: [CoverageStep] = []
        for i in circuit(from: root) {
            let a = arcs[i]
            if a.deadhead >= 0 {
                steps += deadheads[a.deadhead].map { CoverageStep(edge: $0.edge, forward: $0.forward, required: false) }
            } else {
                steps.append(CoverageStep(edge: a.edge, forward: a.forward, required: true))
            }
        }
        let rootPosition = EdgePosition(edge: steps.first.map { $0.edge } ?? 0,
                                        offsetMeters: steps.first.map { $0.forward ? 0 : graph.edges[$0.edge].lengthMeters } ?? 0,
                                        point: graph.nodes[root], snapDistanceMeters: 0)
        let leadIn = graph.path(from: start, to: rootPosition, mode: mode)
        let leadOut = graph.path(from: rootPosition, to: start, mode: mode)
        guard let leadIn, let leadOut else { throw PatrolError.unreachableEndpoint(function: "streetCoverage", which: "start") }
        var points: [Point] = leadIn.geometry.points
        var seconds = leadIn.seconds + leadOut.seconds, meters = leadIn.meters + leadOut.meters, requiredMeters = 0.0
        for s in steps {
            let e = graph.edges[s.edge]
            let pts = s.forward ? e.geometry.points : e.geometry.points.reversed()
            for p in pts where points.last != p { points.append(p) }
            seconds += s.forward ? network.forwardCost[s.edge] : network.backwardCost[s.edge]
            meters += e.lengthMeters
            if s.required { requiredMeters += e.lengthMeters }
        }
        for p in leadOut.geometry.points where points.last != p { points.append(p) }
        if points.count == 1 { points.append(points[0]) }
        return CoverageTour(steps: steps, path: LineString(points), seconds: seconds, meters: meters, requiredMeters: requiredMeters)
    }
}
