import Foundation
import GeoCore
import Patrol

/// Dispatch by street time (issue 16): for a case, the k officers on duty who can reach it
/// soonest, each in his own mode. Measures the in-process suggestion (snap the case once per mode
/// present, one reverse search per mode, top k across modes) over many cases, against the naive
/// way (one one-to-one search per officer) on a few, and checks that both give the same top k.
enum DispatchBench {
    struct Options {
        var officers = 2000
        var cases = 500
        var naiveCases = 20
        var k = 5
        /// Shares of officers on foot, by bike, by car.
        var mix = (foot: 0.60, bike: 0.25, car: 0.15)
        var seed: UInt64 = 20261129
        /// The issue's target for the suggestion's p99.
        var targetMilliseconds = 20.0
    }

    /// Runs the benchmark and prints its figures; false when a check failed.
    static func run(graph: RoadGraph, buildMilliseconds: Double, options o: Options) throws -> Bool {
        var rng = SplitMix64(seed: o.seed)
        describe(graph, buildMilliseconds: buildMilliseconds)

        // Officers: on the streets (a point along the network, by length), a GPS fix a few metres
        // off, snapped for his mode once, as a fix is snapped when it arrives, not per case.
        let modes: [TravelMode] = (0..<o.officers).map { _ in
            let u = Double.random(in: 0..<1, using: &rng)
            return u < o.mix.foot ? .foot : u < o.mix.foot + o.mix.bike ? .bike : .car
        }
        let cumulative = graph.edges.reduce(into: [0.0]) { $0.append($0.last! + $1.lengthMeters) }
        let fixes = (0..<o.officers).map { _ in streetPoint(graph, cumulative: cumulative, offMeters: 10, rng: &rng) }
        var positions = [EdgePosition?](repeating: nil, count: o.officers)
        var snapTime = 0.0
        for mode in TravelMode.allCases {
            let mine = modes.indices.filter { modes[$0] == mode }
            var snapped: [EdgePosition?] = []
            snapTime += Speed.milliseconds { snapped = graph.snap(mine.map { fixes[$0] }, mode: mode) }
            for (i, p) in zip(mine, snapped) { positions[i] = p }
        }
        let officers = zip(positions, modes).map { OfficerOnDuty(position: $0!, mode: $1) }
        let counts = TravelMode.allCases.map { m in "\(modes.filter { $0 == m }.count) \(m.phrase)" }
        print("officers: \(o.officers) (\(counts.joined(separator: ", "))), seed \(o.seed); snapping their fixes: \(fmt(snapTime)) ms in all")

        // Cases: reported at shop fronts, up to 25 m off the street.
        let cases = (0..<o.cases).map { _ in streetPoint(graph, cumulative: cumulative, offMeters: 25, rng: &rng) }
        for p in cases.prefix(20) { _ = try graph.soonestOfficers(to: p, officers: officers, limit: o.k) }   // warm-up

        var times: [Double] = [], walls: [Double] = [], snaps: [Double] = []
        var fast: [[OfficerArrival]] = []
        for p in cases {
            var found: [OfficerArrival] = []
            times.append(try Speed.milliseconds { found = try graph.soonestOfficers(to: p, officers: officers, limit: o.k) })
            walls.append(Speed.lastWall)
            fast.append(found)
            snaps.append(Speed.milliseconds { for m in TravelMode.allCases { _ = graph.snap(p, mode: m) } })
        }
        let s = times.sorted()
        print("suggestion (top \(o.k) of \(o.officers), \(o.cases) cases), CPU: p50 \(fmt(percentile(s, 0.5))) ms, p99 \(fmt(percentile(s, 0.99))) ms, max \(fmt(s.last!)) ms")
        let w = walls.sorted()
        print("   wall clock: p50 \(fmt(percentile(w, 0.5))) ms, p99 \(fmt(percentile(w, 0.99))) ms, max \(fmt(w.last!)) ms")
        print("   of which snapping the case for 3 modes: p50 \(fmt(percentile(snaps.sorted(), 0.5))) ms")
        let p99 = percentile(s, 0.99)
        print("target p99 < \(Int(o.targetMilliseconds)) ms for \(o.officers) officers: \(p99 < o.targetMilliseconds ? "met" : "NOT met") (p99 \(fmt(p99)) ms)")

        // The naive way on the first few cases: one one-to-one path per officer; then the check.
        var naiveTimes: [Double] = []
        var failures = 0, ties = 0
        for (c, p) in cases.prefix(o.naiveCases).enumerated() {
            var naive: [StreetArrival] = []
            naiveTimes.append(Speed.milliseconds { naive = naiveArrivals(graph, casePoint: p, officers: officers) })
            let verdict = compare(fast: fast[c], naive: naive, k: o.k)
            ties += verdict.ties
            for problem in verdict.problems { failures += 1; print("CHECK FAILED case \(c): \(problem)") }
            // The whole answer too, not only the first k: every officer's time, reachable or not.
            let all = try graph.soonestOfficers(to: p, officers: officers)
            if all.count != naive.count { failures += 1; print("CHECK FAILED case \(c): \(all.count) officers reach it, naive says \(naive.count)") }
            let naiveBy = Dictionary(uniqueKeysWithValues: naive.map { ($0.source, $0.seconds) })
            for a in all where !(naiveBy[a.arrival.source].map { abs($0 - a.arrival.seconds) <= 1e-6 } ?? false) {
                failures += 1
                print("CHECK FAILED case \(c): officer \(a.arrival.source) \(a.arrival.seconds) s, naive \(naiveBy[a.arrival.source].map { "\($0)" } ?? "unreachable")")
            }
            // And the paths drawn for the chosen: in the arrival's time.
            for a in fast[c] where abs(graph.path(of: a, officers: officers).seconds - a.arrival.seconds) > 1e-6 {
                failures += 1; print("CHECK FAILED case \(c): officer \(a.arrival.source)'s path is not in his arrival's time")
            }
        }
        let n = naiveTimes.sorted(), naiveMedian = percentile(n, 0.5)
        print("naive (one path(from: officer, to: case) per officer, \(o.naiveCases) cases), CPU: median \(fmt(naiveMedian)) ms per case, max \(fmt(n.last!)) ms")
        print("ratio naive / suggestion (medians): \(Int((naiveMedian / percentile(s, 0.5)).rounded()))x")
        let tieNote = ties > 0 ? " (\(ties) ranks where two officers' times agree within 1e-6, either order accepted)" : ""
        print("check against naive on \(o.naiveCases) cases: \(failures == 0 ? "passed" : "FAILED, \(failures) differences"): top \(o.k) same officers and ETAs within 1e-6, every officer's ETA within 1e-6, paths in their ETA\(tieNote)")
        return failures == 0
    }

    /// Every officer's time to the case by his own one-to-one search, fastest first.
    static func naiveArrivals(_ graph: RoadGraph, casePoint: Point, officers: [OfficerOnDuty]) -> [StreetArrival] {
        var target: [TravelMode: EdgePosition] = [:]
        for m in Set(officers.map(\.mode)) { target[m] = graph.snap(casePoint, mode: m) }
        var out: [StreetArrival] = []
        for (i, o) in officers.enumerated() {
            if let p = graph.path(from: o.position, to: target[o.mode]!, mode: o.mode) {
                out.append(StreetArrival(source: i, seconds: p.seconds, meters: p.meters))
            }
        }
        return out.sorted { ($0.seconds, $0.source) < ($1.seconds, $1.source) }
    }

    /// Rank by rank: the same officer and the same time within 1e-6; a different officer is
    /// accepted only when the naive times of the two agree within 1e-6 (a tie both ways may break).
    static func compare(fast: [OfficerArrival], naive: [StreetArrival], k: Int) -> (problems: [String], ties: Int) {
        let want = Array(naive.prefix(k))
        guard fast.count == want.count else { return (["\(fast.count) suggested, naive has \(want.count)"], 0) }
        let naiveBy = Dictionary(uniqueKeysWithValues: naive.map { ($0.source, $0.seconds) })
        var problems: [String] = [], ties = 0
        for (r, (f, w)) in zip(fast, want).enumerated() {
            let close = abs(f.arrival.seconds - w.seconds) <= 1e-6
            if f.arrival.source == w.source && close { continue }
            if close, let mine = naiveBy[f.arrival.source], abs(mine - w.seconds) <= 1e-6 { ties += 1; continue }
            problems.append("rank \(r + 1): officer \(f.arrival.source) at \(f.arrival.seconds) s, naive officer \(w.source) at \(w.seconds) s")
        }
        return (problems, ties)
    }

    /// A point along the network (an edge drawn by length, `cumulative` its running lengths),
    /// pushed up to `offMeters` off it.
    static func streetPoint(_ graph: RoadGraph, cumulative cum: [Double], offMeters: Double, rng: inout SplitMix64) -> Point {
        var d = Double.random(in: 0..<cum.last!, using: &rng)
        var lo = 0, hi = graph.edges.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cum[mid + 1] <= d { lo = mid + 1 } else { hi = mid } }
        d -= cum[lo]
        let pts = graph.edges[lo].geometry.points
        var k = 0
        while k < pts.count - 2 && d > pts[k].distance(to: pts[k + 1]) { d -= pts[k].distance(to: pts[k + 1]); k += 1 }
        let seg = pts[k].distance(to: pts[k + 1]), t = seg > 0 ? min(1, d / seg) : 0
        return Point(x: pts[k].x + t * (pts[k + 1].x - pts[k].x) + .random(in: -offMeters...offMeters, using: &rng),
                     y: pts[k].y + t * (pts[k + 1].y - pts[k].y) + .random(in: -offMeters...offMeters, using: &rng))
    }

    /// The network's size, each mode's arcs, and what the reverse arcs cost in memory.
    static func describe(_ graph: RoadGraph, buildMilliseconds: Double) {
        let oneway = graph.edges.filter { $0.oneway != .no }.count
        print("network: \(graph.nodes.count) nodes, \(graph.edges.count) edges (\(oneway) one-way), \(Int(graph.edges.reduce(0) { $0 + $1.lengthMeters } / 1000)) km; built in \(fmt(buildMilliseconds)) ms")
        var bytes = 0
        for mode in TravelMode.allCases {
            let arcs = graph.edges.indices.reduce(0) { n, e in
                let a = graph.allows(mode, edge: e)
                return n + (a.forward ? 1 : 0) + (a.backward ? 1 : 0)
            }
            // ReverseNetwork: per arc a tail (Int32), seconds and metres (Double); per node an offset.
            bytes += arcs * 20 + (graph.nodes.count + 1) * 4
            print("   \(mode): \(arcs) arcs")
        }
        print("   reverse arcs for the three modes: \(bytes / 1024) KiB")
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }

    static func fmt(_ ms: Double) -> String { String(format: ms < 10 ? "%.3f" : "%.1f", ms) }
}
