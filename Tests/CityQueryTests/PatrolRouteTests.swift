import CityQuery
import CityStore
import Foundation
import GeoCore
import Patrol
import Testing

/// Patrol routes on the sample district's real streets, through the open cases of a window.
struct PatrolRouteTests {
    @Test func aRouteVisitsEveryReachableOpenCaseOnceAndAccountsForTheRest() throws {
        let store = try #require(SampleDistrictOracleTests.sample)
        let q = try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        let cells = store.read { v in v[.grids].features.values.map(\.envelope) }
        let area = cells.reduce(Envelope.empty) { $0.union($1) }
        let window = Envelope(minX: area.center.x - 400, minY: area.center.y - 400, maxX: area.center.x + 400, maxY: area.center.y + 400)
        let open = store.read { v in
            v[.cases].features.values.filter { f in
                f.status.map(CityQueries.openStatuses.contains) == true && f.geometry.map { window.contains($0.allPoints[0]) } == true
            }.map(\.id)
        }
        #expect(open.count >= 5)
        let route = try q.planRoute(RouteRequest(start: area.center, crs: .working, stops: .window(window, crs: .working)))
        let plan = route.plan
        // Each stop once; every open case in the window either visited or left out with a reason.
        #expect(Set(plan.order).count == plan.order.count)
        #expect(Set(plan.order).union(plan.leftOut.keys) == Set(open))
        #expect(Set(plan.order).isDisjoint(with: plan.leftOut.keys))
        // The legs chain from the start through the stops in order, and add up to the whole.
        #expect(plan.legs.map(\.to) == plan.order)
        #expect(plan.legs.first?.from == "start")
        #expect(abs(plan.legs.reduce(0) { $0 + $1.meters } - plan.meters) < 1e-6 * max(1, plan.meters))
        // A route along streets is never shorter than the straight line through the same stops.
        var straight = 0.0
        var at = plan.path.points.first!
        for id in plan.order {
            let p = try #require(plan.positions[id]).point
            straight += at.distance(to: p)
            at = p
        }
        #expect(plan.meters >= straight - 1e-6)
    }

    @Test func aBudgetKeepsOverdueCasesFirst() throws {
        let store = try #require(SampleDistrictOracleTests.sample)
        let q = try CityQueries(store: store, bridge: CoordinateBridge(toWorking: { $0 }, toLonLat: { $0 }))
        let area = store.read { v in v[.grids].features.values.reduce(Envelope.empty) { $0.union($1.envelope) } }
        let asOf = ISO8601DateFormatter().date(from: "2026-11-27T12:00:00+08:00")!
        let route = try q.planRoute(RouteRequest(start: area.center, crs: .working, stops: .window(area, crs: .working),
                                                 timeBudgetMinutes: 60, serviceMinutesPerStop: 10), asOf: asOf)
        let overdue = Set(route.stops.filter(\.overdue).map(\.stop.id))
        let keptOverdue = route.plan.order.filter(overdue.contains).count
        let keptOther = route.plan.order.count - keptOverdue
        #expect(route.plan.totalSeconds <= 60 * 60 + 1e-6)
        #expect(!route.plan.leftOut.isEmpty, "an hour cannot cover every open case of the district")
        // Overdue first: no on-time case is kept while an overdue one that fits is dropped.
        if keptOther > 0 { #expect(keptOverdue == overdue.count - route.plan.leftOut.keys.filter(overdue.contains).count) }
        #expect(throws: CityQueryError.self) {
            try q.planRoute(RouteRequest(start: area.center, crs: .working, stops: .window(area, crs: .working), timeBudgetMinutes: -5))
        }
    }
}
