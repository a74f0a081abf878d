import Foundation
import GeoCore
import Patrol

/// Wall-clock timings on one core (the process runs single-threaded): median and worst of runs.
enum Speed {
    /// CPU time of this thread (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other
    /// builds, wall time measures the neighbours as much as us; thread CPU time measures one core.
    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
        }
        let start = now(), wallStart = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - wallStart
        lastWall = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return now() - start
    }
    nonisolated(unsafe) static var lastWall = 0.0

    static func report(_ label: String, _ times: [Double], limit: Double) {
        let s = times.sorted()
        let verdict = s[s.count / 2] < limit ? "under" : "OVER"
        print("\(label): CPU median \(String(format: "%.1f", s[s.count / 2])) ms, worst \(String(format: "%.1f", s.last!)) ms over \(s.count) runs (\(verdict) the \(Int(limit)) ms target)")
    }

    /// A compact patch like a road chief's: edges met by a breadth-first walk from a random node.
    static func patch(_ graph: RoadGraph, mode: TravelMode, edges count: Int, rng: inout SplitMix64) -> [Int] {
        // Within the largest strongly connected piece, so a car is never asked into a one-way trap.
        let main = graph.stronglyConnectedComponents(mode: mode)[0]
        let inMain = Set(main)
        var incident: [Int: [Int]] = [:]
        for (i, e) in graph.edges.enumerated() {
            let a = graph.allows(mode, edge: i)
            guard (a.forward || a.backward) && inMain.contains(e.from) && inMain.contains(e.to) else { continue }
            incident[e.from, default: []].append(i); incident[e.to, default: []].append(i)
        }
        var chosen: [Int] = [], seen = Set<Int>(), queue = [main.randomElement(using: &rng)!], head = 0
        var visited: Set<Int> = [queue[0]]
        while head < queue.count && chosen.count < count {
            let u = queue[head]; head += 1
            for e in incident[u] ?? [] where !seen.contains(e) && chosen.count < count {
                seen.insert(e); chosen.append(e)
                let v = graph.edges[e].from == u ? graph.edges[e].to : graph.edges[e].from
                if visited.insert(v).inserted { queue.append(v) }
            }
        }
        return chosen
    }

    static func run(graph: RoadGraph, seed: UInt64, runs: Int) throws {
        var rng = SplitMix64(seed: seed)
        let planner = PatrolPlanner(graph: graph)
        for mode in [TravelMode.foot, .car] {
            var times: [Double] = []
            var split = (matrix: [Double](), legs: [Double]())
            for _ in 0..<runs {
                let stops = Instances.places(graph, mode: mode, count: 201, rng: &rng)
                // The start on the road itself, in the strongly connected main piece; the stops
                // a few metres off it, as reported cases are.
                let start = stops[0].position.point, rest = stops.dropFirst().map(\.stop)
                times.append(try milliseconds {
                    _ = try planner.route(start: start, end: start, stops: rest, mode: mode, serviceMinutesPerStop: 5)
                })
                let positions = stops.map { graph.snap($0.stop.location, mode: mode)! }
                split.matrix.append(milliseconds { _ = graph.travelMatrix(positions, mode: mode) })
            }
            report("200-stop \(mode) plan (snap + matrix + solve + leg geometry)", times, limit: 200)
            report("   of which the 201x201 \(mode) matrix", split.matrix, limit: 200)
        }
        for mode in [TravelMode.foot, .car] {
            var times: [Double] = []
            var deadhead: [Double] = []
            for _ in 0..<runs {
                let patch = Self.patch(graph, mode: mode, edges: 50, rng: &rng)
                let start = graph.nodes[graph.edges[patch[0]].from]
                var tour: CoverageTour?
                times.append(try milliseconds {
                    tour = try planner.streetCoverage(requiredEdges: patch, start: start, mode: mode)
                })
                deadhead.append(tour!.deadheadMeters / tour!.requiredMeters * 100)
            }
            report("50-segment \(mode) street coverage", times, limit: 1000)
            print("   deadheading: median \(Int(deadhead.sorted()[deadhead.count / 2]))% of required length")
        }
    }
}
