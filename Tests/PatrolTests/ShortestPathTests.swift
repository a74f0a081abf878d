import Foundation
import GeoCore
import Testing
@testable import Patrol

/// Random graphs whose lines each sit on their own layer, so the only nodes are the shared
/// endpoints the test chose: the graph is known by construction and Floyd–Warshall on the
/// input lines is an independent oracle.
struct RandomNetwork {
    var points: [Point]
    var lines: [RoadLine]
    var pairs: [(a: Int, b: Int, oneway: Oneway)]

    init(nodes: Int, edges: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        points = (0..<nodes).map { _ in Point(x: Double.random(in: 0...1000, using: &rng), y: Double.random(in: 0...1000, using: &rng)) }
        lines = []; pairs = []
        for k in 0..<edges {
            let a = Int.random(in: 0..<nodes, using: &rng)
            var b = Int.random(in: 0..<nodes, using: &rng)
            if b == a { b = (a + 1) % nodes }
            let ow: Oneway = [.no, .no, .yes, .reverse].randomElement(using: &rng)!
            // A bent line, so geometry length differs from the straight chord.
            let mid = Point(x: (points[a].x + points[b].x) / 2 + 10, y: (points[a].y + points[b].y) / 2)
            lines.append(RoadLine(id: "l\(k)", geometry: LineString([points[a], mid, points[b]]), roadClass: "road",
                                  oneway: ow, layer: k))
            pairs.append((a, b, ow))
        }
    }

    /// All-pairs seconds by Floyd–Warshall over the input lines, indexed by input point.
    func floydWarshall(mode: TravelMode, speeds: SpeedTable) -> [[Double]] {
        let n = points.count
        var d = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: n)
        for i in 0..<n { d[i][i] = 0 }
        for (k, p) in pairs.enumerated() {
            let len = lines[k].geometry.length
            let fw = len / speeds.metersPerSecond(mode, roadClass: "road")
            let walk = len / speeds.metersPerSecond(.foot, roadClass: "road")
            var ab = fw, ba = fw
            if mode == .car { if p.oneway == .yes { ba = .infinity } else if p.oneway == .reverse { ab = .infinity } }
            if mode == .bike { if p.oneway == .yes { ba = walk } else if p.oneway == .reverse { ab = walk } }
            d[p.a][p.b] = min(d[p.a][p.b], ab)
            d[p.b][p.a] = min(d[p.b][p.a], ba)
        }
        for k in 0..<n { for i in 0..<n where d[i][k].isFinite { for j in 0..<n where d[i][k] + d[k][j] < d[i][j] { d[i][j] = d[i][k] + d[k][j] } } }
        return d
    }
}

@Suite struct ShortestPathTests {
    @Test func dijkstraAndAStarMatchFloydWarshall() throws {
        let base = Fixtures.seed("dijkstraAndAStarMatchFloydWarshall", default: 20261129)
        for round in 0..<12 {
            let net = RandomNetwork(nodes: 14, edges: 26, seed: base &+ UInt64(round))
            let graph = try RoadGraph(lines: net.lines, speeds: Fixtures.unitSpeeds)
            // Map input points to graph nodes by coordinate (only shared endpoints are nodes).
            let nodeOf = net.points.map { p in graph.nodes.firstIndex(of: p) }
            for mode in TravelMode.allCases {
                let oracle = net.floydWarshall(mode: mode, speeds: Fixtures.unitSpeeds)
                for i in net.points.indices {
                    guard let u = nodeOf[i] else { continue }
                    let dist = graph.travelSeconds(from: u, mode: mode)
                    for j in net.points.indices {
                        guard let v = nodeOf[j] else { #expect(oracle[i][j] == .infinity || i == j); continue }
                        let want = oracle[i][j], got = dist[v]
                        #expect(want.isFinite == got.isFinite, "round \(round) \(mode) \(i)->\(j)")
                        if want.isFinite { #expect(abs(want - got) < 1e-6 * max(1, want), "round \(round) \(mode) \(i)->\(j)") }
                        let astar = graph.shortestPath(from: u, to: v, mode: mode)
                        #expect((astar != nil) == want.isFinite)
                        if let astar, want.isFinite {
                            #expect(abs(astar.seconds - want) < 1e-6 * max(1, want))
                            #expect(abs(astar.geometry.length - astar.meters) < 1e-6 * max(1, astar.meters))
                        }
                    }
                }
            }
        }
    }

    @Test func midEdgePathsMatchBruteForceOverEdgeEnds() throws {
        let seed = Fixtures.seed("midEdgePathsMatchBruteForceOverEdgeEnds", default: 7)
        let net = RandomNetwork(nodes: 12, edges: 24, seed: seed)
        let graph = try RoadGraph(lines: net.lines, speeds: Fixtures.unitSpeeds)
        var rng = SplitMix64(seed: seed)
        for mode in TravelMode.allCases {
            for _ in 0..<40 {
                let a = Point(x: .random(in: 0...1000, using: &rng), y: .random(in: 0...1000, using: &rng))
                let b = Point(x: .random(in: 0...1000, using: &rng), y: .random(in: 0...1000, using: &rng))
                guard let pa = graph.snap(a, mode: mode), let pb = graph.snap(b, mode: mode) else { continue }
                // Brute force: leave a's edge by either end, Dijkstra between nodes, enter b's edge by either end.
                let ea = graph.edges[pa.edge], eb = graph.edges[pb.edge]
                let ta = graph.travelSeconds(mode, edge: pa.edge), tb = graph.travelSeconds(mode, edge: pb.edge)
                let fa = pa.offsetMeters / ea.lengthMeters, fb = pb.offsetMeters / eb.lengthMeters
                // A position on a node stands at the junction: it leaves, and is reached, by any
                // street there at no cost, whichever way its own edge runs.
                let atNode = 1e-6
                var want = Double.infinity
                let leave: [(Int, Double)] = [(ea.from, ta.backward * fa), (ea.to, ta.forward * (1 - fa))]
                    + (pa.offsetMeters <= atNode ? [(ea.from, 0)] : [])
                    + (pa.offsetMeters >= ea.lengthMeters - atNode ? [(ea.to, 0)] : [])
                let enter: [(Int, Double)] = [(eb.from, tb.forward * fb), (eb.to, tb.backward * (1 - fb))]
                    + (pb.offsetMeters <= atNode ? [(eb.from, 0)] : [])
                    + (pb.offsetMeters >= eb.lengthMeters - atNode ? [(eb.to, 0)] : [])
                for (node, c0) in leave where c0.isFinite {
                    let d = graph.travelSeconds(from: node, mode: mode)
                    for (end, c1) in enter where c1.isFinite { want = min(want, c0 + d[end] + c1) }
                }
                if pa.edge == pb.edge {
                    let along = pb.offsetMeters >= pa.offsetMeters ? ta.forward : ta.backward
                    want = min(want, along * abs(pb.offsetMeters - pa.offsetMeters) / ea.lengthMeters)
                }
                let got = graph.path(from: pa, to: pb, mode: mode)
                #expect((got != nil) == want.isFinite)
                if let got {
                    #expect(abs(got.seconds - want) < 1e-6 * max(1, want))
                    #expect(got.geometry.points.first!.distance(to: pa.point) < 1e-6)
                    #expect(got.geometry.points.last!.distance(to: pb.point) < 1e-6)
                    #expect(abs(got.geometry.length - got.meters) < 1e-6 * max(1, got.meters))
                }
            }
        }
    }
}
