import GeoCore
/// Orders cities between a fixed start and end: cheapest insertion, then 2-opt + Or-opt local
/// search, then iterated local search (Lourenço, Martin & Stützle): a local double-bridge kick
/// (segment swap, which keeps every stretch's direction and so stays exact for asymmetric
/// costs), re-optimisation around the kick, and acceptance when the tour got no worse.
public struct TourSolver: Sendable {
    /// Number of kicks; nil picks `max(200, 12 n)` capped at 3000, which reaches the 2% target on
    /// 20–200 stops within the time budget (see scripts/bench-patrol).
    public var kicks: Int?
    public var seed: UInt64
    public var neighbourCount: Int

    public init(kicks: Int? = nil, seed: UInt64 = 1, neighbourCount: Int = 10) {
        self.kicks = kicks
        self.seed = seed
        self.neighbourCount = neighbourCount
    }

    /// Visiting order from `start` through every city to `end` (`end == start`: a closed round).
    /// The result starts with `start` and ends with `end`.
    public func solve(_ c: CostMatrix, start: Int, end: Int, cities: [Int]) -> [Int] {
        let first = TourConstruction.cheapestInsertion(c, start: start, end: end, cities: cities)
        return improve(c, order: first)
    }

    /// Local search and kicks on a given order (first and last entries stay put).
    public func improve(_ c: CostMatrix, order: [Int]) -> [Int] {
        guard order.count > 3 else { return order }
        var opt = TourImprover(c, order: order, neighbourCount: neighbourCount)
        opt.optimise(startingWith: Array(order.dropFirst().dropLast()))
        let n = order.count - 2
        guard n >= 3 else { return opt.t }
        var rng = SplitMix64(seed: seed)
        let rounds = kicks ?? min(3000, max(200, 12 * n))
        var bestT = opt.t, bestCost = opt.cost
        for _ in 0..<rounds {
            // Four cut points within a window of the tour: a local kick keeps the repair local.
            let m = opt.m
            let a = Int.random(in: 1...(m - 3), using: &rng)
            // Mostly local kicks; every fourth spans the whole tour, to escape deeper basins.
            let top = Int.random(in: 0..<4, using: &rng) == 0 ? m : min(m, a + 30)
            var cuts = [a]
            while cuts.count < 4 {
                let x = Int.random(in: (a + 1)...top, using: &rng)
                if !cuts.contains(x) { cuts.append(x) }
            }
            guard cuts.count == 4 else { continue }
            cuts.sort()
            let (p1, p2, p3, p4) = (cuts[0], cuts[1], cuts[2], cuts[3])
            // Segment swap: A B C D E → A D C B E, in place through one scratch copy.
            let source = opt.t
            var w = p1
            for q in p3..<p4 { opt.t[w] = source[q]; w += 1 }
            for q in p2..<p3 { opt.t[w] = source[q]; w += 1 }
            for q in p1..<p2 { opt.t[w] = source[q]; w += 1 }
            opt.refresh()
            let t = opt.t
            for q in [p1 - 1, p1, min(p4, m), p4 - 1, p1 + (p4 - p3) - 1, p1 + (p4 - p3),
                      p1 + (p4 - p2) - 1, p1 + (p4 - p2)] { opt.push(t[q]) }
            opt.optimise(startingWith: [])
            if opt.cost <= bestCost - 1e-9 || (opt.cost <= bestCost && opt.t != bestT) {
                bestCost = opt.cost; bestT = opt.t
            } else {
                opt.t = bestT
                opt.refresh()
            }
        }
        return bestT
    }
}
