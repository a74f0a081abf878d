import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

struct CaseTests {
    func report(_ q: CityQueries, type: String = "0103", at p: Point, id: String? = nil,
                minutesLater: Double = 0) throws -> ReportOutcome {
        try q.report(CaseReport(id: id, typeCode: type, source: .patrol, point: p, crs: .working,
                                description: "建筑垃圾一堆", reportedAt: Fixture.reportedAt.addingTimeInterval(minutesLater * 60)), by: .staff("巡查员7"))
    }

    @Test(arguments: StorageBackend.available) func aReportIsAttributedAtOnceAndProposesTheDepartments(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let outcome = try report(q, at: Point(x: 150, y: 101), id: "C1")
        let attribution = try #require(outcome.violationCase.attribution)
        #expect(attribution.gridCode?.description == "310101-002-001-0004")
        #expect(attribution.segment?.segmentID == "S2")
        #expect(attribution.segment?.chiefID == "B")
        #expect(attribution.redLine?.verdict == .inside)
        #expect(attribution.zoneVersions.grids != nil)
        #expect(outcome.proposedDepartments.map(\.code).contains("enforcement"))
        #expect(outcome.likelyDuplicates.isEmpty)
        #expect(try q.store.transitions(caseID: "C1").map(\.toStatus) == ["reported"])
    }

    @Test(arguments: StorageBackend.available) func anOpenCaseOfTheSameTypeWithin250MetresIsALikelyDuplicate(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        _ = try report(q, at: Point(x: 20, y: 20), id: "C1")
        _ = try report(q, type: "0104", at: Point(x: 25, y: 20), id: "C2")        // other type
        let second = try report(q, at: Point(x: 180, y: 180), id: "C3", minutesLater: 30)
        #expect(second.likelyDuplicates.map(\.feature.id) == ["C1"])          // 226 m away
        #expect(abs(second.likelyDuplicates[0].distanceMeters - (160 * 160 + 160 * 160).squareRoot()) < 1e-9)
        // Merged on request: the duplicate leaves the open list.
        _ = try q.transition(caseID: "C3", event: .mergeAsDuplicate(of: "C1"), by: .staff("派单员"), at: Fixture.reportedAt.addingTimeInterval(3600))
        let open = try q.nearestCases(to: Point(x: 180, y: 180), crs: .working, k: 10)
        #expect(open.map(\.feature.id) == ["C2", "C1"])   // C2 at (25, 20) is 4 m nearer than C1
    }

    @Test(arguments: StorageBackend.available) func outsideEveryCellAReportIsRefused(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        #expect(throws: CityQueryError.outsideDeploymentArea(name: "point", x: 900, y: 900)) {
            try report(q, at: Point(x: 900, y: 900))
        }
        #expect(try q.store.transitionCount() == 0)
    }

    @Test(arguments: StorageBackend.available) func theLoopRunsToClosureAndIllegalStepsChangeNothing(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        // 0503 (占道经营): verified without an after-photo, which PhotoUploadTests covers.
        _ = try report(q, type: "0503", at: Point(x: 60, y: 60), id: "C1")
        var t = Fixture.reportedAt
        func next() -> Date { t = t.addingTimeInterval(600); return t }
        #expect(throws: CityModelError.self) { try q.transition(caseID: "C1", event: .close, by: .staff("派单员"), at: next()) }
        _ = try q.transition(caseID: "C1", event: .register(), by: .staff("受理员"), at: next())
        _ = try q.transition(caseID: "C1", event: .dispatch(to: .department(code: "enforcement")), by: .staff("派单员"), at: next())
        _ = try q.transition(caseID: "C1", event: .reportHandled, by: .staff("执法队"), at: next())
        _ = try q.transition(caseID: "C1", event: .sendBack, by: .staff("核查员"), at: next())
        _ = try q.transition(caseID: "C1", event: .reportHandled, by: .staff("执法队"), at: next())
        _ = try q.transition(caseID: "C1", event: .verifyPassed, by: .staff("核查员"), at: next())
        let closed = try q.transition(caseID: "C1", event: .close, by: .staff("派单员"), at: next())
        #expect(closed.status == .closed)
        #expect(closed.reworkCount == 1)
        let audit = try q.store.transitions(caseID: "C1")
        #expect(audit.map(\.toStatus) == ["reported", "registered", "dispatched", "handled", "dispatched", "handled",
                                          "verified", "closed"])
        #expect(try q.nearestCases(to: Point(x: 60, y: 60), crs: .working).isEmpty)
        #expect(throws: CityQueryError.notFound(layer: "cases", id: "nope")) {
            try q.transition(caseID: "nope", event: .close, by: .staff("x"))
        }
    }

    @Test(arguments: StorageBackend.available) func overdueIsDerivedFromTheDeadline(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        _ = try report(q, at: Point(x: 60, y: 60), id: "C1")       // 0103: 8 working hours
        _ = try q.transition(caseID: "C1", event: .register(), by: .staff("受理员"), at: Fixture.reportedAt.addingTimeInterval(60))
        // Registered Monday 10:01; 8 working hours (09–17) run out Tuesday 10:01.
        let monday = Fixture.reportedAt.addingTimeInterval(3 * 3600)
        let wednesday = Fixture.reportedAt.addingTimeInterval(48 * 3600)
        #expect(try q.overdueCases(asOf: monday).isEmpty)
        #expect(try q.overdueCases(asOf: wednesday).map(\.violationCase.id) == ["C1"])
    }

    @Test(arguments: StorageBackend.available) func nearestHonoursTypeStatusRadiusAndK(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let spots: [(String, String, Double, Double)] = [
            ("N1", "0103", 10, 10), ("N2", "0103", 40, 10), ("N3", "0104", 20, 10), ("N4", "0503", 190, 190),
        ]
        for (i, s) in spots.enumerated() { _ = try report(q, type: s.1, at: Point(x: s.2, y: s.3), id: s.0, minutesLater: Double(i)) }
        let origin = Point(x: 0, y: 10)
        #expect(try q.nearestCases(to: origin, crs: .working, k: 2).map(\.feature.id) == ["N1", "N3"])
        #expect(try q.nearestCases(to: origin, crs: .working, k: 10, types: ["0103"]).map(\.feature.id) == ["N1", "N2"])
        #expect(try q.nearestCases(to: origin, crs: .working, k: 10, radiusMeters: 20).map(\.feature.id) == ["N1", "N3"])
        #expect(try q.nearestCases(to: origin, crs: .working, k: 10, statuses: ["closed"]).isEmpty)
        #expect(try q.nearestCases(to: origin, crs: .working, k: 100).count == 4)
        #expect(throws: CityQueryError.self) { try q.nearestCases(to: origin, crs: .working, types: ["9999"]) }
        #expect(throws: CityQueryError.self) { try q.nearestCases(to: origin, crs: .working, k: 0) }
    }

    @Test(arguments: StorageBackend.available) func dossierRecordsAppendInOrder(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let d1 = Fixture.reportedAt, d2 = Fixture.reportedAt.addingTimeInterval(86_400)
        _ = try q.addRecord(DossierRecord(kind: .inspection, date: d1, officer: "王伟", note: "检查"), to: .storefronts, id: "shop-2", by: .staff("王伟"))
        let after = try q.addRecord(DossierRecord(kind: .warning, date: d2, officer: "王伟", note: "警告"), to: .storefronts, id: "shop-2", by: .staff("王伟"))
        #expect(after.records.map(\.kind) == [.inspection, .warning])
        #expect(try q.dossier(layer: .storefronts, id: "shop-2").records.count == 2)
        #expect(try q.store.dossier(layer: .storefronts, entityID: "shop-2").count == 2)
        #expect(throws: (any Error).self) {
            try q.addRecord(DossierRecord(kind: .penalty, date: d1, officer: "王伟"), to: .storefronts, id: "shop-2", by: .staff("王伟"))
        }
        #expect(try q.dossier(layer: .storefronts, id: "shop-2").records.count == 2)
    }
}
