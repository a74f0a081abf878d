import Foundation
import GeoCore

/// One team's share of a split: its plan from and back to the common start.
public struct TeamPlan: Sendable, Hashable {
    public var team: Int
    public var plan: PatrolPlan
}

extension PatrolPlanner {
    /// Splits stops among `teams` teams leaving from and returning to `start` (the station),
    /// balancing workload (travel + service time). Sweep seeds (equal-count angular sectors
    /// around the start, which keeps each team's area compact), then repeated moves of one stop
    /// from the busiest team to the team where it adds least, while the busiest team's time
    /// drops. Each team's order is then planned in full. Unreachable stops are reported in
    /// every team's `leftOut`.
    public func splitAmongTeams(start: Point, stops: [PatrolStop], teams: Int, mode: TravelMode,
                                serviceMinutesPerStop: Double = 0) throws -> [TeamPlan] {
        guard teams >= 1 else {
            throw PatrolError.invalidParameter(function: "splitAmongTeams", parameter: "teams", value: "\(teams)")
        }
        guard let startPos = graph.snap(start, mode: mode) else { throw PatrolError.noUsableEdge(function: "splitAmongTeams", mode: mode) }
        var leftOut: [String: LeftOutReason] = [:]
        var kept: [(stop: PatrolStop, position: EdgePosition)] = []
        for (s, p) in zip(stops, graph.snap(stops.map(\.location), mode: mode)) {
            if let p, p.snapDistanceMeters <= maxSnapMeters { kept.append((s, p)) }
            else { leftOut[s.id] = .noUsableRoad }
        }
        let positions = [startPos] + kept.map(\.position)
        let matrix = graph.travelMatrix(positions, mode: mode).seconds
        var usable: [Int] = []
        for i in kept.indices {
            if matrix[0, i + 1].isFinite && matrix[i + 1, 0].isFinite { usable.append(i + 1) } else { leftOut[kept[i].stop.id] = .unreachable }
        }
        let service = serviceMinutesPerStop * 60
        // Sweep: sort by angle around the start, cut into equal runs.
        let centre = startPos.point
        let byAngle = usable.sorted {
            let a = positions[$0].point, b = positions[$1].point
            return atan2(a.y - centre.y, a.x - centre.x) < atan2(b.y - centre.y, b.x - centre.x)
        }
        var groups: [[Int]] = (0..<teams).map { t in
            Array(byAngle[(t * byAngle.count / teams)..<((t + 1) * byAngle.count / teams)])
        }
        let quick = TourSolver(kicks: 0, seed: solver.seed, neighbourCount: solver.neighbourCount)
        func tour(_ rows: [Int]) -> [Int] {
            let cities = Array(1...max(1, rows.count)).filter { $0 <= rows.count }
            let sub = CostMatrix(count: rows.count + 1) { i, j in matrix[i == 0 ? 0 : rows[i - 1], j == 0 ? 0 : rows[j - 1]] }
            return quick.solve(sub, start: 0, end: 0, cities: cities).map { $0 == 0 ? 0 : rows[$0 - 1] }
        }
        func workload(_ order: [Int]) -> Double { matrix.cost(of: order) + Double(order.count - 2) * service }
        var orders = groups.map(tour)
        var loads = orders.map(workload)
        for _ in 0..<(4 * usable.count) {
            guard let heavy = loads.indices.max(by: { loads[$0] < loads[$1] }), teams > 1 else { break }
            var best: (gain: Double, stop: Int, to: Int, fromOrder: [Int], toOrder: [Int])? = nil
            // Try the stops of the busiest team whose removal saves most, into every other team.
            let order = orders[heavy]
            let savings = (1..<(order.count - 1)).map { k in
                (k, matrix[order[k - 1], order[k]] + matrix[order[k], order[k + 1]] - matrix[order[k - 1], order[k + 1]])
            }.sorted { $0.1 > $1.1 }.prefix(8)
            for (k, _) in savings {
                let s = order[k]
                let shrunk = Array(order[..<k] + order[(k + 1)...])
                let fromLoad = workload(shrunk)
                for t in loads.indices where t != heavy {
                    let target = orders[t]
                    var cheapest = (Double.infinity, 1)
                    for q in 0..<(target.count - 1) {
                        let d = matrix[target[q], s] + matrix[s, target[q + 1]] - matrix[target[q], target[q + 1]]
                        if d < cheapest.0 { cheapest = (d, q + 1) }
                    }
                    var grown = target; grown.insert(s, at: cheapest.1)
                    let newMax = max(fromLoad, workload(grown))
                    let gain = loads[heavy] - newMax
                    if gain > 1e-6, gain > (best?.gain ?? 0) { best = (gain, s, t, shrunk, grown) }
                }
            }
            guard let move = best else { break }
            groups[heavy].removeAll { $0 == move.stop }
            groups[move.to].append(move.stop)
            orders[heavy] = quick.improve(matrix, order: move.fromOrder)
            orders[move.to] = quick.improve(matrix, order: move.toOrder)
            loads[heavy] = workload(orders[heavy]); loads[move.to] = workload(orders[move.to])
        }
        return orders.enumerated().map { t, order in
            let rows = solver.improve(matrix, order: order)
            // The plan's rows: start (0) … start again, as a closed round.
            let plan = assemblePlan(rows: rows, positions: positions, kept: kept.map(\.stop), endRow: nil,
                                    mode: mode, serviceSeconds: service, leftOut: leftOut)
            return TeamPlan(team: t, plan: plan)
        }
    }
}
