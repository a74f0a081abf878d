import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

/// The outbox on both storages: a case's steps reach it with the write that made them and only
/// then; the watch announces each deadline once, across restarts, and nothing that was overdue
/// before it began; an officer's fix growing old is announced once per fix.
struct EventOutboxTests {
    static let registrar = Caller.staff("立案员")

    func openCase(_ q: CityQueries, _ id: String, due: Date, at t: Date) throws {
        _ = try q.report(CaseReport(id: id, typeCode: "0103", source: .patrol, point: Point(x: 150, y: 101), crs: .working,
                                    description: "建筑垃圾", reportedAt: t), by: Self.registrar)
        _ = try q.transition(caseID: id, event: .register(), by: Self.registrar, at: t.addingTimeInterval(60))
        _ = try q.transition(caseID: id, event: .dispatch(to: .department(code: "enforcement"), due: due), by: Self.registrar,
                             at: t.addingTimeInterval(120))
    }

    @Test(arguments: StorageBackend.available) func stepsReachTheOutboxWithTheirWriteOnly(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let start = try q.lastEventID()
        try openCase(q, "C1", due: Fixture.reportedAt.addingTimeInterval(86_400), at: Fixture.reportedAt)
        // An illegal step is refused and leaves no event.
        #expect(throws: (any Error).self) { try q.transition(caseID: "C1", event: .close, by: Self.registrar) }
        let events = try q.events(after: start).events
        #expect(events.map(\.type) == ["case.report", "case.register", "case.dispatch"])
        #expect(events.map(\.id) == events.map(\.id).sorted() && Set(events.map(\.id)).count == 3)
        #expect(events.allSatisfy { $0.row.subject == "C1" && $0.violationCase?.id == "C1" })
        #expect(events.map(\.row.toStatus) == ["reported", "registered", "dispatched"])
        #expect(try q.events(after: events[1].id).events.map(\.type) == ["case.dispatch"])
    }

    @Test(arguments: StorageBackend.available) func theWatchAnnouncesEachDeadlineOnceAcrossRestarts(backend: StorageBackend) throws {
        let place = try backend.place()
        defer { withExtendedLifetime(place) {} }
        let q = try Fixture.queries(Fixture.makeStore(in: place))
        let t0 = Fixture.reportedAt.addingTimeInterval(3 * 86_400)
        try openCase(q, "OLD", due: t0.addingTimeInterval(-60), at: Fixture.reportedAt)       // overdue before the watch began
        try openCase(q, "C1", due: t0.addingTimeInterval(3_600), at: Fixture.reportedAt)
        try openCase(q, "C2", due: t0.addingTimeInterval(1_800), at: Fixture.reportedAt)
        _ = try q.transition(caseID: "C2", event: .escalate, by: Self.registrar, at: t0)      // the police clock is not ours

        let watch = EventWatch(queries: q)
        #expect(try watch.look(now: t0) == 0)
        #expect(try watch.look(now: t0.addingTimeInterval(1_900)) == 0)
        let before = try q.lastEventID()
        #expect(try watch.look(now: t0.addingTimeInterval(3_601)) == 1)
        let overdue = try q.events(after: before).events
        #expect(overdue.map(\.type) == ["case.overdue"] && overdue[0].row.subject == "C1")
        #expect(overdue[0].row.at == CityTime.timestamp(t0.addingTimeInterval(3_600)))
        #expect(try watch.look(now: t0.addingTimeInterval(3_700)) == 0)

        // A restart: the watch's start is the store's, and the deadline already announced is not again.
        let restarted = EventWatch(queries: q)
        #expect(try restarted.look(now: t0.addingTimeInterval(7_200)) == 0)
        // A new deadline (re-dispatch) is a new announcement, once; one passed while "down" comes at the next look.
        _ = try q.transition(caseID: "C1", event: .dispatch(to: .department(code: "enforcement"), due: t0.addingTimeInterval(7_300)),
                             by: Self.registrar, at: t0.addingTimeInterval(7_200))
        #expect(try restarted.look(now: t0.addingTimeInterval(7_250)) == 0)
        #expect(try EventWatch(queries: q).look(now: t0.addingTimeInterval(9_000)) == 1)
        #expect(try restarted.look(now: t0.addingTimeInterval(9_001)) == 0)
        let all = try q.events(after: 0).events.filter { $0.type == "case.overdue" }
        #expect(all.map(\.row.subject) == ["C1", "C1"])
    }

    @Test func anOfficerGoneQuietIsStaleOncePerFix() throws {
        let q = try OfficerTests.sample()
        let o = try #require(OfficerTests.officers(q).first)
        let other = try #require(OfficerTests.officers(q).last)
        try q.setDuty(officerID: o.id, onDuty: true, by: OfficerTests.operatorCaller)
        try q.setDuty(officerID: other.id, onDuty: false, by: OfficerTests.operatorCaller)
        let t0 = OfficerTests.now
        let watch = EventWatch(queries: q)
        #expect(try watch.look(now: t0) == 0)
        _ = try q.recordFixes([OfficerTests.fix(o, dx: 5, seconds: 10)], officerID: o.id, by: OfficerTests.operatorCaller, now: t0.addingTimeInterval(10))
        // The off-duty officer's old fix is no one's concern.
        _ = try q.recordFixes([OfficerTests.fix(other, dx: 5, seconds: 10)], officerID: other.id, by: OfficerTests.operatorCaller, now: t0.addingTimeInterval(10))
        let stale = q.configuration.officerStaleSeconds
        #expect(try watch.look(now: t0.addingTimeInterval(10 + stale - 1)) == 0)
        let before = try q.lastEventID()
        #expect(try watch.look(now: t0.addingTimeInterval(10 + stale + 1)) == 1)
        let events = try q.events(after: before).events
        #expect(events.map(\.type) == ["officer.stale"] && events[0].row.subject == o.id && events[0].officer?.id == o.id)
        #expect(try watch.look(now: t0.addingTimeInterval(10 + 2 * stale)) == 0)
        #expect(try EventWatch(queries: q).look(now: t0.addingTimeInterval(10 + 2 * stale)) == 0)
        // A new fix, then quiet again: stale again, once.
        _ = try q.recordFixes([OfficerTests.fix(o, dx: 9, seconds: 10 + 2 * stale)], officerID: o.id, by: OfficerTests.operatorCaller,
                              now: t0.addingTimeInterval(10 + 2 * stale))
        #expect(try watch.look(now: t0.addingTimeInterval(10 + 3 * stale + 1)) == 1)
        // A stream for the officer's sub-district gets it; one for a box elsewhere does not.
        let home = try #require(o.attribution?.subDistrict)
        #expect(try q.events(after: before, filter: EventFilter(types: ["officer.stale"], area: .subDistrict(home))).events.count == 2)
        #expect(try q.events(after: before, filter: EventFilter(area: .window(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)))).events.isEmpty)
        #expect(try q.events(after: before, filter: EventFilter(caseTypes: ["0103"])).events.isEmpty)
    }
}
