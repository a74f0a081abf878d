import CityModel
import CityQuery
import CityStore
import Foundation
import GeoCore
import Testing

/// Re-attribution after a zone re-import, on the fixture whose cells are known by construction:
/// cell 0001 (x 0…100, y 0…100) is re-imported as 0001 (x 0…50) and 0005 (x 50…100).
@Suite struct ReattributionTests {
    static let later = Fixture.reportedAt.addingTimeInterval(86_400)

    func report(_ q: CityQueries, _ id: String, at p: Point, minutes: Double) throws {
        _ = try q.report(CaseReport(id: id, typeCode: "0103", source: .patrol, point: p, crs: .working,
                                    description: "建筑垃圾", reportedAt: Fixture.reportedAt.addingTimeInterval(minutes * 60)), by: .staff("巡查员7"))
    }

    /// The grids layer re-imported with cell 0001 split in two.
    func splitCellOne(_ store: CityStore) throws {
        var batch = WriteBatch()
        batch.replaceLayer(.grids, source: "split.shp")
        func cell(_ n: Int, _ polygon: Polygon, _ community: String) throws -> StoredFeature {
            try StoredFeature(GridCell(code: try GridCode(parsing: "310101-002-001-000\(n)"), subDistrictName: "南京东路街道",
                                       communityName: community, officer: nil, polygon: polygon))
        }
        batch.insert(try cell(1, Fixture.rect(0, 0, 50, 100), "贵州居委会"))
        batch.insert(try cell(5, Fixture.rect(50, 0, 100, 100), "贵州居委会"))
        batch.insert(try cell(2, Fixture.rect(100, 0, 200, 100), "贵州居委会"))
        batch.insert(try cell(3, Fixture.rect(0, 100, 100, 200), "北京东路居委会"))
        batch.insert(try cell(4, Fixture.rect(100, 100, 200, 200), "北京东路居委会"))
        try store.commit(batch)
    }

    func gridCode(_ store: CityStore, _ layer: Layer, _ id: String) throws -> String? {
        let f = store.read { $0[layer].feature(id: id)! }
        switch layer {
        case .storefronts: return try f.decode(Storefront.self).attribution?.gridCode?.description
        default: return try f.decode(ViolationCase.self).attribution?.gridCode?.description
        }
    }

    @Test func storefrontsFollowTheNewCellsWithTheChangeInTheirDossier() throws {
        let store = try Fixture.makeStore()
        let q = try Fixture.queries(store)
        let first = try q.reattribute(.storefronts, by: .staff("管理员"), at: Self.later)
        // The fixture's shops were never attributed: every one is, to the cell it lies in.
        #expect(first.changed.map(\.id) == ["shop-1", "shop-2", "shop-3", "shop-4"])
        #expect(try ["shop-1", "shop-2", "shop-3", "shop-4"].map { try gridCode(store, .storefronts, $0) }
                == ["310101-002-001-0001", "310101-002-001-0001", "310101-002-001-0004", "310101-002-001-0002"])

        try splitCellOne(store)
        let dry = try q.reattribute(.storefronts, by: .staff("管理员"), at: Self.later, dryRun: true)
        #expect(dry.changed.map(\.id) == ["shop-2"])
        #expect(try gridCode(store, .storefronts, "shop-2") == "310101-002-001-0001")

        let second = try q.reattribute(.storefronts, by: .staff("管理员"), at: Self.later.addingTimeInterval(60))
        #expect(second.examined == 4)
        #expect(second.changed.map(\.id) == ["shop-2"])
        #expect(second.changed.first?.summary == "cell 310101-002-001-0001 → 310101-002-001-0005")
        #expect(try gridCode(store, .storefronts, "shop-2") == "310101-002-001-0005")
        let records = try store.dossier(layer: .storefronts, entityID: "shop-2")
        #expect(records.count == 2)
        #expect(records.last?.note == "cell 310101-002-001-0001 → 310101-002-001-0005")
        #expect(records.last?.officer == "管理员")
        let shop = try store.read { try $0[.storefronts].feature(id: "shop-2")!.decode(Storefront.self) }
        #expect(shop.records.last?.note == "重新归属 re-attribution: cell 310101-002-001-0001 → 310101-002-001-0005")
        // Nothing left to change: a second run finds the shops where they are.
        #expect(try q.reattribute(.storefronts, by: .staff("管理员"), at: Self.later.addingTimeInterval(120)).changed.isEmpty)
    }

    @Test func openCasesMoveWithAnAuditRowAndClosedCasesKeepWhatTheyWereDecidedUnder() throws {
        let store = try Fixture.makeStore()
        let q = try Fixture.queries(store)
        try report(q, "C-open", at: Point(x: 70, y: 60), minutes: 0)
        try report(q, "C-closed", at: Point(x: 75, y: 40), minutes: 5)
        try report(q, "C-west", at: Point(x: 20, y: 60), minutes: 10)
        _ = try q.transition(caseID: "C-closed", event: .cancel, by: .staff("派单员"), at: Fixture.reportedAt.addingTimeInterval(3600))
        let historyBefore = try store.read { try $0[.cases].feature(id: "C-open")!.decode(ViolationCase.self).history }
        let auditBefore = try store.transitionCount()

        try splitCellOne(store)
        let result = try q.reattribute(.cases, by: .staff("管理员"), at: Self.later)
        #expect(result.examined == 2)                       // the cancelled case is not looked at
        #expect(result.changed.map(\.id) == ["C-open"])
        #expect(try gridCode(store, .cases, "C-open") == "310101-002-001-0005")
        #expect(try gridCode(store, .cases, "C-closed") == "310101-002-001-0001")
        #expect(try gridCode(store, .cases, "C-west") == "310101-002-001-0001")
        let audit = try store.transitions(caseID: "C-open")
        #expect(try store.transitionCount() == auditBefore + 1)
        #expect(audit.last?.event == "reattribute")
        #expect(audit.last?.fromStatus == "reported" && audit.last?.toStatus == "reported")
        #expect(try store.read { try $0[.cases].feature(id: "C-open")!.decode(ViolationCase.self).history } == historyBefore)
    }

    @Test func refusesZonesUnknownIdsAndAnonymousActors() throws {
        let q = try Fixture.queries(try Fixture.makeStore())
        #expect(throws: CityQueryError.self) { try q.reattribute(.grids, by: .staff("管理员")) }
        #expect(throws: CityQueryError.self) { try q.reattribute(.storefronts, ids: ["no-such-shop"], by: .staff("管理员")) }
        #expect(throws: CityQueryError.self) { try q.reattribute(.storefronts, by: .staff("  ")) }
    }
}
