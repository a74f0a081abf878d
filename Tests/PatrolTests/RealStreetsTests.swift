import Foundation
import GeoCore
import Testing
@testable import Patrol

/// The real OpenStreetMap streets around People's Square.
@Suite struct RealStreetsTests {
    @Test func networkIsMostlyOneConnectedPiece() throws {
        let graph = try Fixtures.peopleSquare()
        let parts = graph.components()
        let total = parts.reduce(0) { $0 + $1.lengthMeters }
        print("people square: \(graph.nodes.count) nodes, \(graph.edges.count) edges, \(parts.count) components; largest \(Int(parts[0].lengthMeters)) of \(Int(total)) m")
        #expect(graph.edges.count > 796)
        // The extract is clipped to a box, which leaves stubs; OSM's own shared nodes (an
        // independent count by coordinates) give the same picture: at least 85% in one piece.
        #expect(parts[0].lengthMeters > 0.85 * total)
        #expect(parts.count <= sharedVertexComponents(try Fixtures.peopleSquareLines()))
        for mode in TravelMode.allCases {
            let m = graph.components(mode: mode)
            let t = m.reduce(0) { $0 + $1.lengthMeters }
            print("  \(mode): \(m.count) components, largest \(Int(m[0].lengthMeters)) of \(Int(t)) m")
            #expect(m[0].lengthMeters > 0.8 * t)
        }
    }

    /// Components by shared input coordinates alone (union-find over line vertices).
    func sharedVertexComponents(_ lines: [RoadLine]) -> Int {
        var parent: [Point: Point] = [:]
        func find(_ p: Point) -> Point { var r = p; while let q = parent[r], q != r { r = q }; return r }
        for line in lines {
            let pts = line.geometry.points.map { Point(x: $0.x, y: $0.y) }
            for p in pts where parent[p] == nil { parent[p] = p }
            for (a, b) in zip(pts, pts.dropFirst()) { let ra = find(a), rb = find(b); if ra != rb { parent[ra] = rb } }
        }
        return Set(lines.map { find(Point(x: $0.geometry.points[0].x, y: $0.geometry.points[0].y)) }).count
    }

    @Test func bridgesDoNotMeetTheStreetsTheyCross() throws {
        // Every crossing node made by noding joins lines of one level only: check that no node
        // is shared by lines of different levels unless a line ends there or they share an input vertex.
        let lines = try Fixtures.peopleSquareLines()
        let graph = try Fixtures.peopleSquare()
        var inputVertices: [Point: Set<Int>] = [:]
        for (l, line) in lines.enumerated() { for p in line.geometry.points { inputVertices[Point(x: p.x, y: p.y), default: []].insert(l) } }
        var linesAt: [Int: Set<Int>] = [:]
        for e in graph.edges { linesAt[e.from, default: []].insert(e.line); linesAt[e.to, default: []].insert(e.line) }
        for (node, ls) in linesAt where Set(ls.map { lines[$0].level }).count > 1 {
            let p = graph.nodes[node]
            // A multi-level node must come from the data (a shared OSM vertex) or a snapped line end.
            let shared = (inputVertices[p]?.count ?? 0) > 1
            let nearEnd = ls.contains { l in
                let pts = lines[l].geometry.points
                return pts.first!.distance(to: p) <= 1 || pts.last!.distance(to: p) <= 1
            }
            #expect(shared || nearEnd, "node \(node) joins levels \(Set(ls.map { lines[$0].level }))")
        }
    }

    @Test func fiftyStopWalkingRouteVisitsEveryStopOnce() throws {
        let graph = try Fixtures.peopleSquare()
        let seed = Fixtures.seed("fiftyStopWalkingRoute", default: 42)
        var rng = SplitMix64(seed: seed)
        let env = graph.components(mode: .foot)[0].envelope
        let stops = (0..<50).map { i in
            PatrolStop(id: "case\(i)", location: Point(x: .random(in: env.minX...env.maxX, using: &rng),
                                                       y: .random(in: env.minY...env.maxY, using: &rng)))
        }
        // Random points may fall in a block's middle: a wide snap limit keeps this about reachability.
        let planner = PatrolPlanner(graph: graph, maxSnapMeters: 500)
        let plan = try planner.route(start: env.center, end: env.center, stops: stops, mode: .foot, serviceMinutesPerStop: 5)
        // Independent check of reachability: on foot every street is two-way, so a stop is
        // reachable exactly when its snapped edge lies in the start's component.
        let parts = graph.components(mode: .foot)
        let startEdge = graph.snap(env.center, mode: .foot)!.edge
        let home = parts.first { $0.nodes.contains(graph.edges[startEdge].from) }!
        let homeNodes = Set(home.nodes)
        let expectedOut = Set(stops.filter { !homeNodes.contains(graph.edges[graph.snap($0.location, mode: .foot)!.edge].from) }.map(\.id))
        #expect(Set(plan.leftOut.keys) == expectedOut)
        #expect(plan.leftOut.values.allSatisfy { $0 == .unreachable })
        let reachable = stops.count - plan.leftOut.count
        print("50-stop walk: \(plan.order.count) visited, \(plan.leftOut.count) left out, \(Int(plan.meters)) m, \(Int(plan.totalSeconds / 60)) min")
        #expect(reachable >= 35)
        #expect(plan.order.count == reachable)
        #expect(Set(plan.order).count == plan.order.count)
        #expect(Set(plan.order).isDisjoint(with: plan.leftOut.keys))
        #expect(plan.legs.count == plan.order.count + 1)
        #expect(abs(plan.path.length - plan.meters) < 1e-6 * plan.meters + 1)
        #expect(plan.serviceSeconds == Double(plan.order.count) * 300)
        // Each leg starts where the previous ended.
        for (a, b) in zip(plan.legs, plan.legs.dropFirst()) {
            #expect(a.geometry.points.last!.distance(to: b.geometry.points.first!) < 1e-6)
        }
    }

    @Test func carRespectsOneWayStreetsOnRealData() throws {
        let graph = try Fixtures.peopleSquare()
        // Every arc a car uses runs with the flow: check over all edges via allows().
        for (i, e) in graph.edges.enumerated() {
            let car = graph.allows(.car, edge: i), foot = graph.allows(.foot, edge: i)
            if e.oneway == .yes { #expect(!car.backward) }
            if e.oneway == .reverse { #expect(!car.forward) }
            #expect(foot.forward == foot.backward)
        }
    }
}

extension RealStreetsTests {
    /// Points on the largest piece's streets, offset a few metres as a case report would be.
    static func stopsOnMainStreets(_ graph: RoadGraph, mode: TravelMode, count: Int, seed: UInt64) -> [PatrolStop] {
        var rng = SplitMix64(seed: seed)
        let main = Set(graph.components(mode: mode)[0].nodes)
        let candidates = graph.edges.indices.filter { e in
            let a = graph.allows(mode, edge: e)
            return main.contains(graph.edges[e].from) && (a.forward || a.backward)
        }
        return (0..<count).map { i in
            let e = graph.edges[candidates.randomElement(using: &rng)!]
            let p = e.geometry.points[Int.random(in: 0..<e.geometry.points.count, using: &rng)]
            return PatrolStop(id: "s\(i)", location: Point(x: p.x + .random(in: -3...3, using: &rng), y: p.y + .random(in: -3...3, using: &rng)))
        }
    }

    @Test func fiftyStopRoutesOnMainStreetsForEveryMode() throws {
        let graph = try Fixtures.peopleSquare()
        let seed = Fixtures.seed("fiftyStopRoutesOnMainStreetsForEveryMode", default: 5)
        for mode in TravelMode.allCases {
            let stops = Self.stopsOnMainStreets(graph, mode: mode, count: 50, seed: seed)
            let planner = PatrolPlanner(graph: graph)
            let plan = try planner.route(start: stops[0].location, stops: Array(stops.dropFirst()), mode: mode)
            print("49 stops by \(mode): \(Int(plan.meters)) m, \(Int(plan.travelSeconds / 60)) min, left out \(plan.leftOut)")
            // A car may meet a one-way trap; every stop is either visited once or reported.
            #expect(plan.order.count + plan.leftOut.count == 49)
            #expect(Set(plan.order).count == plan.order.count)
            if mode != .car { #expect(plan.leftOut.isEmpty) }
            // Legs use the matrix's best times: the sum of leg times equals the plan's travel time.
            #expect(abs(plan.legs.reduce(0) { $0 + $1.seconds } - plan.travelSeconds) < 1e-6)
        }
    }
}
