import GeoCore

/// Plans patrols on one road graph: single routes, team splits, street coverage, hot spots.
public struct PatrolPlanner: Sendable {
    public let graph: RoadGraph
    public var solver: TourSolver
    /// How far a start, an end or a stop may be from the nearest street the mode may use: a start
    /// beyond it is refused (a point at 0°, 0° must not be routed from a street 10,000 km away),
    /// a stop beyond it is left out as `.noUsableRoad`.
    public var maxSnapMeters: Double

    public init(graph: RoadGraph, solver: TourSolver = TourSolver(), maxSnapMeters: Double = 100) {
        self.graph = graph
        self.solver = solver
        self.maxSnapMeters = maxSnapMeters
    }

    /// An order of visits minimising travel time from `start` through the stops (to `end` when
    /// given, else ending at the last stop). With `timeBudgetMinutes`, when travel plus
    /// `serviceMinutesPerStop` per stop cannot cover every stop, the stops kept are chosen by
    /// priority (overdue first, then weight per minute) and the rest are reported with a reason.
    public func route(start: Point, end: Point? = nil, stops: [PatrolStop], mode: TravelMode,
                      timeBudgetMinutes: Double? = nil, serviceMinutesPerStop: Double = 0,
                      priorities: [String: StopPriority] = [:]) throws -> PatrolPlan {
        if let budget = timeBudgetMinutes, !(budget >= 0) {
            throw PatrolError.invalidParameter(function: "route", parameter: "timeBudgetMinutes", value: "\(budget)")
        }
        guard serviceMinutesPerStop >= 0, serviceMinutesPerStop.isFinite else {
            throw PatrolError.invalidParameter(function: "route", parameter: "serviceMinutesPerStop",
                                               value: "\(serviceMinutesPerStop)")
        }
        let startPos = try snapEndpoint(start, "start", mode: mode)
        let endPos = try end.map { try snapEndpoint($0, "end", mode: mode) }
        var leftOut: [String: LeftOutReason] = [:]
        var kept: [(stop: PatrolStop, position: EdgePosition)] = []
        for (s, p) in zip(stops, graph.snap(stops.map(\.location), mode: mode)) {
            if let p, p.snapDistanceMeters <= maxSnapMeters {
                kept.append((s, p))
            } else {
                leftOut[s.id] = .noUsableRoad
            }
        }
        // Matrix rows: 0 = start, 1...k = stops, k + 1 = end (when given).
        let positions = [startPos] + kept.map(\.position) + (endPos.map { [$0] } ?? [])
        let matrix = graph.travelMatrix(positions, mode: mode)
        let k = kept.count
        let endRow = endPos == nil ? nil : k + 1
        if let endRow, !matrix.seconds[0, endRow].isFinite {
            throw PatrolError.unreachableEndpoint(function: "route", which: "end")
        }
        var usable: [Int] = []
        for i in 1...max(1, k) where i <= k {
            let there = matrix.seconds[0, i], back = matrix.seconds[i, endRow ?? 0]
            if there.isFinite && back.isFinite { usable.append(i) } else { leftOut[kept[i - 1].stop.id] = .unreachable }
        }
        // Not one stop reachable, while the stops reach one another (or there is only one): the
        // start is what is cut off, and an empty route would wrongly blame the stops.
        if k > 0, usable.isEmpty, !(1...k).contains(where: { matrix.seconds[0, $0].isFinite }),
           k == 1 || (1...k).contains(where: { i in (1...k).contains { j in i != j && matrix.seconds[i, j].isFinite } }) {
            throw PatrolError.unreachableEndpoint(function: "route", which: "start")
        }
        let service = serviceMinutesPerStop * 60
        let sub = SolverInstance(matrix: matrix.seconds, rows: usable, openEnd: endRow == nil, endRow: endRow)
        var order: [Int]
        if let budget = timeBudgetMinutes {
            let weights = usable.map { priorities[kept[$0 - 1].stop.id] ?? StopPriority() }
            let selection = Orienteering.select(sub, priorities: weights, serviceSeconds: service,
                                                budgetSeconds: budget * 60, solver: solver)
            order = selection.order
            for (city, extra) in selection.leftOut { leftOut[kept[usable[city - 1] - 1].stop.id] = .overBudget(extraSeconds: extra) }
        } else {
            order = solver.solve(sub.costs, start: 0, end: sub.endIndex, cities: Array(1...max(1, usable.count)).filter { $0 <= usable.count })
        }
        // Back from solver indices to matrix rows, without the open end's dummy.
        let rows = order.compactMap { sub.row(of: $0) }
        return assemblePlan(rows: rows, positions: positions, kept: kept.map(\.stop), endRow: endRow,
                            mode: mode, serviceSeconds: service, leftOut: leftOut)
    }

    /// Where a start or end meets the streets the mode may use, within `maxSnapMeters`.
    func snapEndpoint(_ p: Point, _ which: String, mode: TravelMode) throws -> EdgePosition {
        guard let position = graph.snap(p, mode: mode) else { throw PatrolError.noUsableEdge(function: "route", mode: mode) }
        guard position.snapDistanceMeters <= maxSnapMeters else {
            throw PatrolError.tooFarFromStreet(function: "route", which: which, meters: position.snapDistanceMeters,
                                               limitMeters: maxSnapMeters, mode: mode)
        }
        return position
    }

    func assemblePlan(rows: [Int], positions: [EdgePosition], kept: [PatrolStop], endRow: Int?, mode: TravelMode,
                      serviceSeconds: Double, leftOut: [String: LeftOutReason]) -> PatrolPlan {
        func name(_ row: Int) -> String { row == 0 ? "start" : (row == endRow ? "end" : kept[row - 1].id) }
        var legs: [PlannedLeg] = []
        var points: [Point] = []
        var travel = 0.0, meters = 0.0
        for (a, b) in zip(rows, rows.dropFirst()) {
            let path = graph.path(from: positions[a], to: positions[b], mode: mode)
            let geometry = path?.geometry ?? LineString([positions[a].point, positions[b].point])
            legs.append(PlannedLeg(from: name(a), to: name(b), seconds: path?.seconds ?? .infinity,
                                   meters: path?.meters ?? .infinity, geometry: geometry))
            travel += path?.seconds ?? .infinity; meters += path?.meters ?? .infinity
            for p in geometry.points where points.last != p { points.append(p) }
        }
        if points.isEmpty { points = [positions[0].point] }
        if points.count == 1 { points.append(points[0]) }
        let visited = rows.filter { $0 != 0 && $0 != endRow }
        var where_: [String: EdgePosition] = [:]
        for r in visited { where_[kept[r - 1].id] = positions[r] }
        return PatrolPlan(order: visited.map { kept[$0 - 1].id }, legs: legs, path: LineString(points),
                          travelSeconds: travel, serviceSeconds: Double(visited.count) * serviceSeconds,
                          meters: meters, leftOut: leftOut, positions: where_)
    }
}

/// The solver's view of a plan: a compact matrix over start, usable stops and end, where an
/// open end is a dummy city reached free from anywhere (so the tour may stop at any stop).
struct SolverInstance {
    let costs: CostMatrix
    let rows: [Int]
    let endIndex: Int
    let dummy: Bool
    let endRow: Int?

    init(matrix: CostMatrix, rows usable: [Int], openEnd: Bool, endRow: Int?) {
        let k = usable.count
        var rows = [0] + usable
        if let endRow { rows.append(endRow) }
        let n = openEnd ? k + 2 : (endRow == nil ? k + 1 : k + 2)
        let big = 1e12
        costs = CostMatrix(count: n) { i, j in
            if openEnd && j == k + 1 { return 0 }
            if openEnd && i == k + 1 { return j == 0 ? 0 : big }
            return matrix[rows[i], rows[j]]
        }
        self.rows = rows
        self.endIndex = k + 1
        self.dummy = openEnd
        self.endRow = endRow
    }

    var cityCount: Int { rows.count - 1 - (endRow == nil ? 0 : 1) }

    /// Matrix row of a solver index; nil for the open end's dummy.
    func row(of i: Int) -> Int? { (dummy && i == endIndex) ? nil : rows[i] }
}
