import CityModel
import DistrictGenerator
import Foundation
import GEOSKit
import GeoCore
import GeoIO
import Testing

@Suite struct CaseTests {
    static func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text), "not ISO 8601: \(text)")
    }

    /// Replays `cases.history.csv` through CaseWorkflow, as the importer does.
    static func replayed() throws -> [(feature: SourceFeature, replayed: ViolationCase)] {
        let catalogue = try CaseTypeCatalogue.bundled()
        let workflow = CaseWorkflow(catalogue: catalogue, departments: try DepartmentTable.bundled(catalogue: catalogue))
        let history = Dictionary(grouping: try SampleFixture.rows("cases.history.csv"), by: { $0.text("CASE_ID") })
        return try SampleFixture.features("cases.shp").map { f in
            guard case .point(let p)? = f.geometry else { throw DistrictGeneratorError.badArgument(parameter: "cases", reason: "no point") }
            var c = ViolationCase(id: f.text("CASE_ID"), typeCode: f.text("TYPE"), source: try #require(CaseSource(rawValue: f.text("SOURCE"))),
                                  point: p, description: f.text("DESCR"), reportedAt: try date(f.text("REPORTED")))
            for row in (history[c.id] ?? []).sorted(by: { $0.recordNumber < $1.recordNumber }) {
                let arg = row.text("ARG")
                let event: CaseEvent
                switch try #require(CaseEvent.Kind(rawValue: row.text("EVENT"))) {
                case .register: event = .register(typeCode: arg.isEmpty ? nil : arg)
                case .rejectAtRegistration: event = .rejectAtRegistration
                case .dispatch:
                    let parts = arg.split(separator: ":", maxSplits: 1).map(String.init)
                    let assignment: Assignment = switch parts.first {
                    case "department": .department(code: parts[1])
                    case "gridTeam": .gridTeam(id: parts[1])
                    default: .roadChief(id: parts[1])
                    }
                    event = .dispatch(to: assignment)
                case .reportHandled: event = .reportHandled
                case .verifyPassed: event = .verifyPassed
                case .sendBack: event = .sendBack
                case .close: event = .close
                case .escalate: event = .escalate
                case .cancel: event = .cancel
                case .mergeAsDuplicate: event = .mergeAsDuplicate(of: arg)
                }
                c = try workflow.apply(event, to: c, by: row.text("ACTOR"), at: try date(row.text("AT")), note: row.text("NOTE"))
            }
            try c.validate()
            return (f, c)
        }
    }

    @Test func everyTypeAndEveryStatusAppearsAndEveryHistoryReplays() throws {
        let cases = try Self.replayed()
        let catalogue = try CaseTypeCatalogue.bundled()
        #expect(Set(cases.map(\.replayed.typeCode)) == Set(catalogue.caseTypes.map(\.code)))
        #expect(Set(cases.map(\.replayed.status)) == Set(CaseStatus.allCases))
        let ids = Set(cases.map(\.replayed.id))
        for (_, c) in cases where c.status == .mergedAsDuplicate { #expect(ids.contains(c.duplicateOf ?? "")) }
    }

    @Test func someOpenCasesAreOverdueAndNothingHappensAfterAsOf() throws {
        let asOf = try Self.date("2026-11-27T12:00:00+08:00")
        let calendar = try WorkingCalendar.bundled()
        let cases = try Self.replayed()
        var overdue = 0, onTime = 0
        for (_, c) in cases {
            #expect(c.reportedAt <= asOf && (c.history.last?.at ?? c.reportedAt) <= asOf)
            if try c.isOverdue(at: asOf, calendar: calendar) { overdue += 1 }
            if try c.closedOnTime(calendar: calendar) == true { onTime += 1 }
        }
        print("overdue \(overdue), closed on time \(onTime) of \(cases.count)")
        #expect(overdue > 10 && onTime > 10)
    }

    @Test func constructionWasteLiesInsideOutsideAndBesideRedLines() throws {
        let redLines = try SampleFixture.features("redlines.shp").compactMap(\.geometry)
        let union = try Geometry.union(of: redLines)
        let edges = try Geometry.union(of: redLines.flatMap { g -> [Geometry] in
            guard case .polygon(let p) = g else { return [] }
            return p.rings.map { .lineString(LineString($0.points)) }
        })
        var inside = 0, outside = 0, nearEdge = 0
        for f in try SampleFixture.features("cases.shp") where f.text("TYPE") == "0103" {
            let p = try #require(f.geometry)
            if try union.contains(p) { inside += 1 } else { outside += 1 }
            if try p.distance(to: edges) <= 5 { nearEdge += 1 }
        }
        print("construction waste: \(inside) inside, \(outside) outside, \(nearEdge) within 5 m of an edge")
        #expect(inside >= 3 && outside >= 3 && nearEdge >= 3)
    }

    @Test func shopAndStructureCasesNameEntitiesThatExist() throws {
        let shops = Set(try SampleFixture.features("storefronts.shp").map { $0.text("SHOP_ID") })
        let structures = Set(try SampleFixture.features("structures.shp").map { $0.text("STRUCT_ID") })
        for f in try SampleFixture.features("cases.shp") {
            if !f.text("SHOP_ID").isEmpty { #expect(shops.contains(f.text("SHOP_ID"))) }
            if !f.text("STRUCT_ID").isEmpty { #expect(structures.contains(f.text("STRUCT_ID"))) }
        }
    }
}
