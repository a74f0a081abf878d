import Foundation
import GeoCore
import Patrol

/// The spatial side of Patrol: building the graph (noding every street against the others) and
/// snapping points to the nearest usable edge, the work a route does before any search. Each
/// snap is checked against a brute-force scan of every edge, so a faster index cannot win by
/// answering wrongly.
enum SnapSpeed {
    static func run(lines: [RoadLine], graph: RoadGraph, seed: UInt64, runs: Int) throws {
        var builds: [Double] = []
        for _ in 0..<runs {
            builds.append(try Speed.milliseconds { _ = try RoadGraph(lines: lines) })
        }
        Speed.report("graph build (\(lines.count) lines noded)", builds, limit: 1000)

        var rng = SplitMix64(seed: seed)
        let box = graph.edges.reduce(Envelope.empty) { $0.union(Envelope(covering: $1.geometry.points)) }
        let points = (0..<10_000).map { _ in
            Point(x: Double.random(in: box.minX...box.maxX, using: &rng), y: Double.random(in: box.minY...box.maxY, using: &rng))
        }
        for mode in [TravelMode.foot, .car] {
            var times: [Double] = []
            var snapped: [EdgePosition?] = []
            for _ in 0..<runs {
                times.append(Speed.milliseconds { snapped = graph.snap(points, mode: mode) })
            }
            Speed.report("10,000 \(mode) snaps", times, limit: 200)
            try check(points.prefix(500), snapped, graph: graph, mode: mode)
        }
    }

    /// The nearest usable edge by scanning all of them: the snap's distance must equal it, or be
    /// at most the ground preference (2 m) more when the brute-force nearest is a bridge or tunnel.
    static func check(_ points: ArraySlice<Point>, _ snapped: [EdgePosition?], graph: RoadGraph, mode: TravelMode) throws {
        let usable = graph.edges.indices.filter { e in
            let a = graph.allows(mode, edge: e)
            return a.forward || a.backward
        }
        for (k, p) in points.enumerated() {
            var best = Double.infinity, bestIsDeck = false
            for e in usable {
                let pts = graph.edges[e].geometry.points
                for s in 0..<(pts.count - 1) {
                    let d = distance(p, pts[s], pts[s + 1])
                    if d < best { best = d; bestIsDeck = graph.edges[e].isBridgeOrTunnel }
                }
            }
            guard let got = snapped[k]?.snapDistanceMeters else { throw SnapError.missing(k) }
            let slack = bestIsDeck ? 2.0 + 1e-9 : 1e-9
            guard got >= best - 1e-9, got <= best + slack else { throw SnapError.wrong(k, got: got, brute: best) }
        }
    }

    static func distance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy
        let t = len2 > 0 ? min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0
        return ((a.x + t * dx - p.x) * (a.x + t * dx - p.x) + (a.y + t * dy - p.y) * (a.y + t * dy - p.y)).squareRoot()
    }

    enum SnapError: Error, CustomStringConvertible {
        case missing(Int)
        case wrong(Int, got: Double, brute: Double)
        var description: String {
            switch self {
            case .missing(let k): "snap \(k): no edge found, brute force found one"
            case let .wrong(k, got, brute): "snap \(k): \(got) m from its edge, brute force finds one \(brute) m away"
            }
        }
    }
}
