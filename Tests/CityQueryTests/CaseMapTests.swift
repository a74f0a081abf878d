import CityModel
@testable import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

/// The map's level of detail against brute force: every count equals a scan of the decoded cases
/// (their own `isOverdue`, `reportedAt` and attributed cell), clusters partition the cases they
/// count, and a write shows in the next answer.
struct CaseMapTests {
    /// The fixture's four cells with `n` cases at seeded points (inside the deployment area), of
    /// three types, reported over 30 days, about half registered (so on a deadline) and a few
    /// rejected (closed).
    static func district(n: Int, seed: UInt64) throws -> CityQueries {
        let q = try Fixture.queries(Fixture.makeStore())
        var rng = SplitMix64(seed: seed)
        let types = ["0103", "0104", "0201"]
        for i in 0..<n {
            let p = Point(x: Double(1 + rng.next(1998)) / 10, y: Double(1 + rng.next(1998)) / 10)
            let at = Fixture.reportedAt.addingTimeInterval(Double(rng.next(30 * 24 * 60)) * 60)
            let id = String(format: "M%04d", i)
            _ = try q.report(CaseReport(id: id, typeCode: types[rng.next(types.count)], source: .patrol, point: p, crs: .working,
                                        description: "测试", reportedAt: at), by: .staff("巡查员"))
            switch rng.next(10) {
            case 0..<5: _ = try q.transition(caseID: id, event: .register(), by: .staff("受理员"), at: at.addingTimeInterval(60))
            case 5: _ = try q.transition(caseID: id, event: .rejectAtRegistration, by: .staff("受理员"), at: at.addingTimeInterval(60))
            default: break
            }
        }
        return q
    }

    struct Truth {
        var id: String, point: Point, type: String, reported: Date, open: Bool, overdue: Bool, cell: String?
    }

    static func truth(_ q: CityQueries, asOf: Date) throws -> [Truth] {
        let features = q.store.read { view in Array(view[.cases].features.values) }
        return try features.map { f in
            let c = try f.decode(ViolationCase.self)
            return Truth(id: c.id, point: c.point, type: c.typeCode, reported: c.reportedAt,
                         open: CityQueries.openStatuses.contains(c.status.rawValue),
                         overdue: try c.isOverdue(at: asOf, calendar: q.calendar), cell: c.attribution?.gridCode?.description)
        }
    }

    static func admitted(_ t: Truth, _ window: Envelope, _ filter: CaseMapFilter) -> Bool {
        guard t.point.x >= window.minX, t.point.x <= window.maxX, t.point.y >= window.minY, t.point.y <= window.maxY else { return false }
        if let types = filter.types, !types.contains(t.type) { return false }
        if let from = filter.reportedFrom, t.reported < from { return false }
        if let to = filter.reportedTo, t.reported >= to { return false }
        switch filter.scope {
        case .open: return t.open
        case .overdue: return t.overdue
        case .all: return true
        }
    }

    /// The answer checked against the scan, whatever level it chose.
    static func check(_ q: CityQueries, window: Envelope, zoom: Int, filter: CaseMapFilter, asOf: Date, limit: Int) throws {
        let answer = try q.caseMap(window: window, zoom: zoom, filter: filter, asOf: asOf, caseLimit: limit)
        let expected = try truth(q, asOf: asOf).filter { admitted($0, window, filter) }
        let context = "window \(window) zoom \(zoom) filter \(filter)"
        #expect(answer.matched == expected.count, "\(context)")
        #expect(answer.overdue == expected.filter(\.overdue).count, "\(context)")
        if expected.count <= limit {
            #expect(answer.level == .cases, "\(context)")
            #expect(answer.cases.map(\.id) == expected.map(\.id).sorted(), "\(context)")
            let late = Set(expected.filter(\.overdue).map(\.id))
            #expect(answer.cases.allSatisfy { $0.overdue == late.contains($0.id) }, "\(context)")
            return
        }
        var groups: [String: (count: Int, overdue: Int, x: Double, y: Double)] = [:]
        if zoom >= MapScale.cellZoom {
            #expect(answer.level == .cells, "\(context)")
            for t in expected { if let cell = t.cell { groups[cell, default: (0, 0, 0, 0)].count += 1; if t.overdue { groups[cell]!.overdue += 1 } } }
        } else {
            #expect(answer.level == .clusters, "\(context)")
            let size = MapScale.clusterMeters(zoom: zoom)
            for t in expected {
                let key = "\(Int((t.point.x / size).rounded(.down))):\(Int((t.point.y / size).rounded(.down)))"
                groups[key, default: (0, 0, 0, 0)].count += 1
                if t.overdue { groups[key]!.overdue += 1 }
                groups[key]!.x += t.point.x
                groups[key]!.y += t.point.y
                // Every case lies in its cluster's square.
            }
            // Clusters partition the cases: their counts add up to what was matched.
            #expect(answer.groups.map(\.count).reduce(0, +) == answer.matched, "\(context)")
        }
        #expect(Set(answer.groups.map(\.key)) == Set(groups.keys), "\(context)")
        for g in answer.groups {
            guard let e = groups[g.key] else { continue }
            #expect(g.count == e.count && g.overdue == e.overdue, "\(context) group \(g.key)")
            if zoom < MapScale.cellZoom {
                #expect(abs(g.position.x - e.x / Double(e.count)) < 1e-6 && abs(g.position.y - e.y / Double(e.count)) < 1e-6, "\(context) group \(g.key)")
            }
        }
    }

    @Test func countsEqualAScanAtEveryLevel() throws {
        let seed = TestSeed.value("countsEqualAScanAtEveryLevel", default: 18)
        let q = try Self.district(n: 300, seed: seed)
        var rng = SplitMix64(seed: seed &+ 1)
        let asOf = Fixture.reportedAt.addingTimeInterval(20 * 86400)
        let scopes = CaseMapFilter.Scope.allCases
        for round in 0..<60 {
            let x0 = Double(rng.next(260)) - 30, y0 = Double(rng.next(260)) - 30
            let window = Envelope(minX: x0, minY: y0, maxX: x0 + Double(rng.next(250)), maxY: y0 + Double(rng.next(250)))
            var filter = CaseMapFilter(scope: scopes[rng.next(scopes.count)])
            if rng.next(3) == 0 { filter.types = ["0103", "0201"] }
            if rng.next(3) == 0 {
                filter.reportedFrom = Fixture.reportedAt.addingTimeInterval(Double(rng.next(15)) * 86400)
                filter.reportedTo = filter.reportedFrom!.addingTimeInterval(Double(1 + rng.next(15)) * 86400)
            }
            let zoom = [10, 12, 14, 15, 16, 18][rng.next(6)]
            let limit = round % 2 == 0 ? 5 : 2000
            try Self.check(q, window: window, zoom: zoom, filter: filter, asOf: asOf, limit: limit)
        }
    }

    @Test func aWriteShowsInTheNextAnswer() throws {
        let q = try Self.district(n: 40, seed: 7)
        let everything = Envelope(minX: -50, minY: -50, maxX: 250, maxY: 250)
        let late = Fixture.reportedAt.addingTimeInterval(60 * 86400)
        let before = try q.caseMap(window: everything, zoom: 16, filter: CaseMapFilter(scope: .overdue), asOf: late, caseLimit: 0)
        // A new case registered at once is overdue sixty days later; a rejected one leaves the open count.
        _ = try q.report(CaseReport(id: "NEW", typeCode: "0103", source: .patrol, point: Point(x: 50, y: 50), crs: .working,
                                    description: "新案", reportedAt: Fixture.reportedAt), by: .staff("巡查员"))
        _ = try q.transition(caseID: "NEW", event: .register(), by: .staff("受理员"), at: Fixture.reportedAt.addingTimeInterval(60))
        let after = try q.caseMap(window: everything, zoom: 16, filter: CaseMapFilter(scope: .overdue), asOf: late, caseLimit: 0)
        #expect(after.matched == before.matched + 1)
        #expect(after.groups.first { $0.key == "310101-002-001-0001" }?.overdue
                == (before.groups.first { $0.key == "310101-002-001-0001" }?.overdue ?? 0) + 1)
        try Self.check(q, window: everything, zoom: 16, filter: CaseMapFilter(scope: .overdue), asOf: late, limit: 0)
        try Self.check(q, window: everything, zoom: 12, filter: CaseMapFilter(scope: .open), asOf: late, limit: 0)
    }

    /// After the first build, writes are placed into the columns from the cases' journal (no
    /// rebuild from every case), and every answer still equals the scan: new cases, steps that
    /// open, close and put a case on a clock, a case removed, several writes between two answers.
    @Test func writesArePatchedInAndStillEqualAScan() throws {
        let q = try Self.district(n: 150, seed: 23)
        let everything = Envelope(minX: -50, minY: -50, maxX: 250, maxY: 250)
        let asOf = Fixture.reportedAt.addingTimeInterval(40 * 86400)
        try Self.check(q, window: everything, zoom: 12, filter: CaseMapFilter(scope: .all), asOf: asOf, limit: 0)
        let built = q.casePoints.rebuilds.load(ordering: .relaxed)
        var rng = SplitMix64(seed: 29)
        for round in 0..<12 {
            for k in 0..<(1 + rng.next(3)) {
                let id = "W\(round)-\(k)"
                switch rng.next(4) {
                case 0:
                    // Left of every case and right of every case too: the merge's two ends.
                    let x = [0.1, 199.9, Double(rng.next(200))][rng.next(3)]
                    _ = try q.report(CaseReport(id: id, typeCode: ["0103", "0502"][rng.next(2)], source: .patrol, point: Point(x: x, y: Double(rng.next(200))),
                                                crs: .working, description: "补充", reportedAt: Fixture.reportedAt.addingTimeInterval(Double(rng.next(30)) * 86400)),
                                     by: .staff("巡查员"))
                case 1, 2:
                    let open = try Self.truth(q, asOf: asOf).filter(\.open).map(\.id).sorted()
                    guard !open.isEmpty else { continue }
                    let target = open[rng.next(open.count)]
                    _ = try? q.transition(caseID: target, event: rng.next(2) == 0 ? .register() : .rejectAtRegistration, by: .staff("受理员"),
                                          at: Fixture.reportedAt.addingTimeInterval(86400))
                default:
                    let ids = try Self.truth(q, asOf: asOf).map(\.id).sorted()
                    var batch = WriteBatch()
                    batch.delete(layer: .cases, id: ids[rng.next(ids.count)])
                    try q.store.commit(batch)
                }
            }
            let zoom = [11, 13, 16, 18][rng.next(4)]
            let scope = CaseMapFilter.Scope.allCases[rng.next(CaseMapFilter.Scope.allCases.count)]
            try Self.check(q, window: everything, zoom: zoom, filter: CaseMapFilter(scope: scope), asOf: asOf, limit: round % 3 == 0 ? 5000 : 0)
        }
        #expect(q.casePoints.rebuilds.load(ordering: .relaxed) == built, "the columns were rebuilt from every case after a write")
    }

    @Test func heatSquaresPartitionTheCases() throws {
        let q = try Self.district(n: 120, seed: 11)
        let window = Envelope(minX: -20, minY: -20, maxX: 220, maxY: 220)
        let asOf = Fixture.reportedAt.addingTimeInterval(20 * 86400)
        let heat = try q.caseHeat(window: window, zoom: 15, filter: CaseMapFilter(scope: .all), asOf: asOf)
        let expected = try Self.truth(q, asOf: asOf).filter { Self.admitted($0, window, CaseMapFilter(scope: .all)) }
        #expect(heat.matched == expected.count)
        #expect(heat.cells.map(\.count).reduce(0, +) == expected.count)
        var squares: [String: Int] = [:]
        for t in expected { squares["\(Int((t.point.x / heat.cellMeters).rounded(.down))):\(Int((t.point.y / heat.cellMeters).rounded(.down)))", default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: heat.cells.map { ("\($0.column):\($0.row)", $0.count) }) == squares)
    }

    @Test func badWindowsAndZoomsNameTheParameter() throws {
        let q = try Fixture.queries(Fixture.makeStore())
        #expect(throws: CityQueryError.self) { try q.caseMap(window: .empty, zoom: 12, filter: CaseMapFilter(), asOf: Fixture.reportedAt) }
        do {
            _ = try q.caseMap(window: Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), zoom: 40, filter: CaseMapFilter(), asOf: Fixture.reportedAt)
            Issue.record("zoom 40 accepted")
        } catch let CityQueryError.badParameter(name, _, _) {
            #expect(name == "zoom")
        }
    }
}
