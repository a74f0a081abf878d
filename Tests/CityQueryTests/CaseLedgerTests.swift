import CityModel
@testable import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

/// The figures' ledger against brute force: every group's indicators equal `CaseIndicators` over
/// the decoded cases grouped by a key worked out here from each case's attribution and history,
/// on cases that went through every step of the workflow, before and after writes that the
/// ledger takes in from the cases' journal rather than by a rebuild.
struct CaseLedgerTests {
    /// `n` cases of `CaseMapTests.district`, then random steps along the workflow (dispatch to a
    /// department, a grid team or a road chief; handled; sent back; verified; closed; cancelled;
    /// escalated), spread over the 30 days; steps the workflow refuses are skipped.
    static func district(n: Int, seed: UInt64) throws -> CityQueries {
        let q = try CaseMapTests.district(n: n, seed: seed)
        var rng = SplitMix64(seed: seed &+ 1)
        let department = try #require(q.departments.departments.first?.code)
        for i in 0..<n {
            try walk(q, id: String(format: "M%04d", i), rng: &rng, department: department)
        }
        return q
    }

    static func walk(_ q: CityQueries, id: String, rng: inout SplitMix64, department: String) throws {
        let targets: [Assignment] = [.department(code: department), .gridTeam(id: "T1"), .roadChief(id: "A")]
        var at = Fixture.reportedAt.addingTimeInterval(Double(rng.next(20 * 24)) * 3600)
        for _ in 0..<rng.next(9) {
            at = at.addingTimeInterval(Double(1 + rng.next(72)) * 3600)
            // The steps in a random order, the first the workflow takes from where the case stands.
            var events: [CaseEvent] = [.dispatch(to: targets[rng.next(targets.count)]), .reportHandled, .sendBack, .verifyPassed,
                                       .close, .register(), rng.next(6) == 0 ? .cancel : .close, rng.next(6) == 0 ? .escalate : .reportHandled]
            for i in events.indices.reversed() { events.swapAt(i, rng.next(i + 1)) }
            for event in events where (try? q.transition(caseID: id, event: event, by: .staff("调度员"), at: at)) != nil { break }
        }
    }

    /// The group a case counts in, worked out from the case itself.
    static func key(_ c: ViolationCase, _ grouping: FigureGrouping, before end: Date) -> String {
        switch grouping {
        case .subDistrict: return c.attribution?.subDistrict ?? "—"
        case .grid: return c.attribution?.gridCode?.description ?? "—"
        case .segment: return c.attribution?.segment?.segmentID ?? "—"
        case .chief: return c.attribution?.segment?.chiefID ?? "—"
        case .type: return c.typeCode
        case .department:
            var last: Assignment?
            for t in c.history where t.at < end { if case .dispatch(let to, _) = t.event { last = to } }
            return last?.id ?? "—"
        }
    }

    static func check(_ q: CityQueries, periods: [DateInterval], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let cases = try q.store.read { view in Array(view[.cases].features.values) }.map { try $0.decode(ViolationCase.self) }
        for period in periods {
            for grouping in FigureGrouping.allCases {
                let want = try CaseIndicators.computeByGroup(cases, period: period, calendar: q.calendar) { key($0, grouping, before: period.end) }
                let got = try q.figures(by: grouping, period: period)
                #expect(Dictionary(uniqueKeysWithValues: got.map { ($0.group, $0.indicators) }) == want,
                        "\(grouping) over \(period)", sourceLocation: sourceLocation)
                #expect(got.map(\.group) == got.map(\.group).sorted(), sourceLocation: sourceLocation)
            }
        }
    }

    static let periods = [
        DateInterval(start: Fixture.reportedAt, duration: 7 * 86400),
        DateInterval(start: Fixture.reportedAt.addingTimeInterval(10 * 86400), duration: 86400),
        DateInterval(start: Fixture.reportedAt.addingTimeInterval(-86400), duration: 60 * 86400),
    ]

    @Test func everyGroupEqualsTheIndicatorsOfItsDecodedCases() throws {
        let q = try Self.district(n: 300, seed: 41)
        let cases = try q.store.read { view in Array(view[.cases].features.values) }.map { try $0.decode(ViolationCase.self) }
        // The fixture is worth checking against: cases closed, sent back, with each kind of assignee.
        #expect(cases.contains { $0.status == .closed } && cases.contains { $0.reworkCount > 0 })
        #expect(Set(cases.compactMap(\.assignment).map(\.labelZH)).count == 3)
        try Self.check(q, periods: Self.periods)
    }

    /// Writes after the first build are patched in from the journal (the rebuild counter does not
    /// move) and the figures still equal brute force: new cases, steps, a case removed.
    @Test func writesArePatchedInAndStillEqualBruteForce() throws {
        let q = try Self.district(n: 120, seed: 43)
        try Self.check(q, periods: [Self.periods[0]])
        let built = q.caseLedger.rebuilds.load(ordering: .relaxed)
        var rng = SplitMix64(seed: 47)
        let department = try #require(q.departments.departments.first?.code)
        for round in 0..<8 {
            for k in 0..<(1 + rng.next(3)) {
                switch rng.next(3) {
                case 0:
                    let id = "W\(round)-\(k)"
                    _ = try q.report(CaseReport(id: id, typeCode: "0103", source: .patrol, point: Point(x: Double(1 + rng.next(198)), y: Double(1 + rng.next(198))),
                                                crs: .working, description: "补充", reportedAt: Fixture.reportedAt.addingTimeInterval(Double(rng.next(20)) * 86400)),
                                     by: .staff("巡查员"))
                    _ = try? q.transition(caseID: id, event: .register(), by: .staff("受理员"), at: Fixture.reportedAt.addingTimeInterval(21 * 86400))
                case 1:
                    try Self.walk(q, id: String(format: "M%04d", rng.next(120)), rng: &rng, department: department)
                default:
                    var batch = WriteBatch()
                    batch.delete(layer: .cases, id: String(format: "M%04d", rng.next(120)))
                    try q.store.commit(batch)
                }
            }
            try Self.check(q, periods: [Self.periods[round % 3]])
        }
        #expect(q.caseLedger.rebuilds.load(ordering: .relaxed) == built, "the ledger was rebuilt from every case after a write")
    }
}

extension CaseLedgerTests {
    /// The dashboard's lists from the ledger against brute force over the decoded cases: repeat
    /// offenders by `RepeatOffenderRule` itself (cases on four shops and a structure, some
    /// cancelled or rejected), and the cells and segments with the most open cases.
    @Test func repeatOffendersAndTopPlacesEqualBruteForce() throws {
        let q = try Self.district(n: 40, seed: 53)
        var rng = SplitMix64(seed: 59)
        for k in 0..<60 {
            let id = String(format: "R%03d", k)
            let shop = ["shop-1", "shop-2", "shop-3", "shop-4", nil][rng.next(5)]
            let reported = Fixture.reportedAt.addingTimeInterval(Double(k) * 8 * 3600)
            _ = try q.report(CaseReport(id: id, typeCode: "0103", source: .patrol, point: Point(x: Double(1 + rng.next(198)), y: Double(1 + rng.next(198))),
                                        crs: .working, description: "复查", storefrontID: shop, structureID: shop == nil ? "st-1" : nil,
                                        reportedAt: reported),
                             by: .staff("巡查员"))
            let at = reported.addingTimeInterval(Double(1 + rng.next(5 * 24)) * 3600)
            _ = try? q.transition(caseID: id, event: [.register(), .rejectAtRegistration, .cancel][rng.next(3)], by: .staff("受理员"), at: at)
        }
        let cases = try q.store.read { view in Array(view[.cases].features.values) }.map { try $0.decode(ViolationCase.self) }
        for asOf in [Fixture.reportedAt.addingTimeInterval(12 * 86400), Fixture.reportedAt.addingTimeInterval(40 * 86400)] {
            let d = try q.dashboard(asOf: asOf)
            // Repeat offenders, as the rule links them.
            let rule = RepeatOffenderRule()
            var want: [String: (cases: Int, latest: String)] = [:]
            let byDossier = Dictionary(grouping: cases.filter { $0.reportedAt < asOf && ($0.storefrontID ?? $0.structureID) != nil }) {
                $0.storefrontID.map { "storefront:" + $0 } ?? "structure:" + $0.structureID!
            }
            for (key, group) in byDossier {
                guard let latest = group.filter({ $0.reportedAt >= d.windowStart && ![.cancelled, .mergedAsDuplicate, .notRegistered].contains($0.status) })
                    .max(by: { ($0.reportedAt, $0.id) < ($1.reportedAt, $1.id) }) else { continue }
                let links = rule.earlierCases(linkedTo: latest, among: group)
                if !links.isEmpty { want[key] = (links.count + 1, latest.id) }
            }
            #expect(!want.isEmpty, "the fixture has repeat offenders")
            let top = want.sorted { ($1.value.cases, $0.key) < ($0.value.cases, $1.key) }.prefix(10)
            #expect(Set(d.repeatOffenders.map { "\($0.kind.rawValue):\($0.id)" }) == Set(top.map(\.key)), "as of \(asOf)")
            for o in d.repeatOffenders {
                let w = want["\(o.kind.rawValue):\(o.id)"]
                #expect(o.cases == w?.cases && o.latestCaseID == w?.latest, "\(o.id) as of \(asOf)")
            }
            #expect(d.repeatOffenders.first { $0.id == "shop-1" }.map { $0.label == "老盛昌汤包" } ?? true)
            // Open and overdue cases per cell, from each case's history.
            var open: [String: (Int, Int)] = [:]
            for c in cases {
                guard c.reportedAt < asOf, let cell = c.attribution?.gridCode?.description else { continue }
                let status = c.history.last { $0.at < asOf }?.to ?? .reported
                guard [.reported, .registered, .dispatched, .handled, .verified].contains(status) else { continue }
                let clocked = [.registered, .dispatched, .handled, .verified].contains(status)
                let overdue = try clocked && (c.dueDate(calendar: q.calendar).map { $0 < asOf } ?? false)
                open[cell, default: (0, 0)].0 += 1
                if overdue { open[cell, default: (0, 0)].1 += 1 }
            }
            #expect(Dictionary(uniqueKeysWithValues: d.topCells.map { ($0.id, "\($0.open)/\($0.overdue)") })
                    == Dictionary(uniqueKeysWithValues: open.map { ($0.key, "\($0.value.0)/\($0.value.1)") }), "as of \(asOf)")
        }
    }
}
