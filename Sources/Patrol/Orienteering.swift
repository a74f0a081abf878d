/// Choosing which stops fit a time budget (the orienteering problem, NP-hard): greedy insertion
/// by priority — every overdue stop that fits before any other, then the best weight per added
/// minute — with 2-opt/Or-opt after each insertion so freed time can take more stops
/// (after Tsiligirides' and Vansteenwegen's insertion heuristics). Near-optimal, not optimal.
enum Orienteering {
    static func select(_ instance: SolverInstance, priorities: [StopPriority], serviceSeconds: Double,
                       budgetSeconds: Double, solver: TourSolver)
        -> (order: [Int], leftOut: [(city: Int, extraSeconds: Double)]) {
        let c = instance.costs
        let cityCount = priorities.count
        let start = 0, end = instance.endIndex
        var order = [start, end]
        if start == end { order = [start, start] }
        var out = Set(1...max(1, cityCount)).filter { $0 <= cityCount }
        let polish = TourSolver(kicks: 0, seed: solver.seed, neighbourCount: solver.neighbourCount)
        func used(_ o: [Int]) -> Double { c.cost(of: o) + Double(o.count - 2) * serviceSeconds }
        while !out.isEmpty {
            let spent = used(order)
            var best: (city: Int, at: Int, overdue: Bool, score: Double)? = nil
            for city in out {
                var cheapest = (delta: Double.infinity, at: 0)
                for k in 0..<(order.count - 1) {
                    let d = c[order[k], city] + c[city, order[k + 1]] - c[order[k], order[k + 1]]
                    if d < cheapest.delta { cheapest = (d, k + 1) }
                }
                let added = cheapest.delta + serviceSeconds
                guard spent + added <= budgetSeconds else { continue }
                let p = priorities[city - 1]
                let score = p.weight / max(added, 1)
                if let b = best, (b.overdue && !p.overdue) || (b.overdue == p.overdue && b.score >= score) { continue }
                best = (city, cheapest.at, p.overdue, score)
            }
            guard let pick = best else {
                // Nothing fits as things stand: re-optimise the order once and retry.
                let improved = polish.improve(c, order: order)
                if used(improved) < spent - 1e-6 { order = improved; continue }
                break
            }
            order.insert(pick.city, at: pick.at)
            out.remove(pick.city)
        }
        order = solver.improve(c, order: order)
        let spent = used(order)
        var leftOut: [(Int, Double)] = []
        for city in out.sorted() {
            var cheapest = Double.infinity
            for k in 0..<(order.count - 1) {
                cheapest = min(cheapest, c[order[k], city] + c[city, order[k + 1]] - c[order[k], order[k + 1]])
            }
            leftOut.append((city, max(0, spent + cheapest + serviceSeconds - budgetSeconds)))
        }
        return (order, leftOut)
    }
}
