import Foundation
import GeoCore
import Patrol

/// Wall-clock timings on one core (the process runs single-threaded): median and worst of runs.
enum Speed {
    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func report(_ label: String, _ times: [Double], limit: Double) {
        let s = times.sorted()
        let verdict = s[s.count / 2] < limit ? "under" : "OVER"
        print("\(label): median \(String(format: "%.1f", s[s.count / 2])) ms, worst \(String(format: "%.1f", s.last!)) ms over \(s.count) runs (\(verdict) the \(Int(limit)) ms target)")
    }

    static func run(graph: RoadGraph, seed: UInt64, runs: Int) throws {
        var rng = SeededGenerator(seed: seed)
        let planner = PatrolPlanner(graph: graph)
        for mode in [TravelMode.foot, .car] {
            var times: [Double] = []
            var split = (matrix: [Double](), legs: [Double]())
            for _ in 0..<runs {
                let stops = Instances.stops(graph, mode: mode, count: 201, rng: &rng)
                let start = stops[0].location, rest = Array(stops.dropFirst())
                times.append(try milliseconds {
                    _ = try planner.route(start: start, end: start, stops: rest, mode: mode, serviceMinutesPerStop: 5)
                })
                let positions = stops.map { graph.snap($0.location, mode: mode)! }
                split.matrix.append(milliseconds { _ = graph.travelMatrix(positions, mode: mode) })
            }
            report("200-stop \(mode) plan (snap + matrix + solve + leg geometry)", times, limit: 200)
            report("   of which the 201x201 \(mode) matrix", split.matrix, limit: 200)
        }
    }
}
