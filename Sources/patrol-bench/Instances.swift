import Foundation
import GeoCore
import Patrol

/// Benchmark instances: stops drawn on the streets of the network's largest piece (a random
/// street vertex, pushed a few metres off the road as a reported case would be), seeded.
enum Instances {
    static func stops(_ graph: RoadGraph, mode: TravelMode, count: Int, rng: inout SplitMix64) -> [PatrolStop] {
        places(graph, mode: mode, count: count, rng: &rng).map(\.stop)
    }

    /// Stops with the exact road positions they were drawn at (a point pushed off the road could
    /// snap to a neighbouring one-way trap; the quality instances use the positions directly).
    static func places(_ graph: RoadGraph, mode: TravelMode, count: Int, rng: inout SplitMix64)
        -> [(stop: PatrolStop, position: EdgePosition)] {
        // The largest strongly connected piece: every stop can reach every other, even by car.
        let main = Set(graph.stronglyConnectedComponents(mode: mode)[0])
        let candidates = graph.edges.indices.filter { e in
            let a = graph.allows(mode, edge: e)
            return main.contains(graph.edges[e].from) && main.contains(graph.edges[e].to) && (a.forward || a.backward)
        }
        return (0..<count).map { i in
            let e = candidates.randomElement(using: &rng)!
            let pts = graph.edges[e].geometry.points
            let k = Int.random(in: 0..<(pts.count - 1), using: &rng), t = Double.random(in: 0...1, using: &rng)
            let p = Point(x: pts[k].x + t * (pts[k + 1].x - pts[k].x), y: pts[k].y + t * (pts[k + 1].y - pts[k].y))
            var offset = 0.0
            for q in 0..<k { offset += pts[q].distance(to: pts[q + 1]) }
            offset += t * pts[k].distance(to: pts[k + 1])
            let stop = PatrolStop(id: "s\(i)", location: Point(x: p.x + .random(in: -5...5, using: &rng),
                                                              y: p.y + .random(in: -5...5, using: &rng)))
            return (stop, EdgePosition(edge: e, offsetMeters: offset, point: p))
        }
    }

    /// Integer decimetre matrix between the stops' snapped positions; nil when some pair is
    /// unreachable (a car stop in a one-way trap), so the caller draws again.
    static func matrix(_ graph: RoadGraph, positions: [EdgePosition], mode: TravelMode) -> [[Int]]? {
        let m = graph.travelMatrix(positions, mode: mode).meters
        var rows: [[Int]] = []
        for i in 0..<m.count {
            var row: [Int] = []
            for j in 0..<m.count {
                guard m[i, j].isFinite else { return nil }
                row.append(Int((m[i, j] * 10).rounded()))
            }
            rows.append(row)
        }
        return rows
    }

    /// Writes one JSON object per line: set, size, index, matrix, our tour and its length.
    static func write(graph: RoadGraph, to url: URL, sizes: [Int], perSize: Int, modes: [TravelMode], seed: UInt64) throws {
        var out = ""
        for mode in modes {
            var rng = SplitMix64(seed: seed)
            for size in sizes {
                var times: [Double] = []
                var made = 0, redraws = 0
                while made < perSize {
                    let drawn = places(graph, mode: mode, count: size, rng: &rng)
                    guard let matrix = matrix(graph, positions: drawn.map(\.position), mode: mode) else {
                        redraws += 1
                        precondition(redraws < 100, "\(mode) \(size): 100 draws with an unreachable pair")
                        continue
                    }
                    let cost = CostMatrix(count: size, values: matrix.flatMap { $0.map(Double.init) })
                    var tour: [Int] = []
                    times.append(Speed.milliseconds {
                        tour = TourSolver(seed: UInt64(made + 1)).solve(cost, start: 0, end: 0, cities: Array(1..<size))
                    })
                    let length = Int(cost.cost(of: tour))
                    let object: [String: Any] = ["set": mode.rawValue, "size": size, "index": made,
                                                 "matrix": matrix, "tour": tour, "length": length]
                    out += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
                    made += 1
                }
                times.sort()
                print("\(mode) \(size) stops: \(perSize) instances, solver CPU median \(String(format: "%.1f", times[times.count / 2])) ms, max \(String(format: "%.1f", times.last!)) ms")
            }
        }
        try out.write(to: url, atomically: true, encoding: .utf8)
    }
}
