import Foundation
import GeoCore
import Testing
@testable import CityStore
import SpatialIndex
import GRDB

/// The store against truths known by construction: what was committed is what is read, in the
/// database and in the in-memory index alike, and across a reopen.
struct CityStoreTests {
    static func square(_ x: Double, _ y: Double, _ side: Double) -> Geometry {
        .polygon(Polygon(exterior: LinearRing([
            Point(x: x, y: y), Point(x: x + side, y: y), Point(x: x + side, y: y + side),
            Point(x: x, y: y + side), Point(x: x, y: y),
        ])))
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("citystore-\(UUID().uuidString).sqlite").path
    }

    @Test func committedFeaturesAreReadBackAfterReopen() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try CityStore(database: .open(path: path))
            var batch = WriteBatch()
            batch.replaceLayer(.grids, source: "test")
            for i in 0..<10 {
                batch.insert(StoredFeature(layer: .grids, id: "cell-\(i)", geometry: Self.square(Double(i) * 100, 0, 100),
                                           properties: Array(#"{"code":"310101-001-001-000\#(i)","community":"南京东路"}"#.utf8)))
            }
            batch.insert(StoredFeature(layer: .cases, id: "case-1", geometry: .point(Point(x: 250, y: 50)),
                                       category: "construction-waste", status: "reported"))
            try store.commit(batch)
        }
        let reopened = try CityStore(database: .open(path: path))
        reopened.read { view in
            #expect(view[.grids].count == 10)
            #expect(view[.cases].count == 1)
            let cell = view[.grids].feature(id: "cell-3")
            #expect(cell?.geometry == Self.square(300, 0, 100))
            #expect(cell.map { String(decoding: $0.properties, as: UTF8.self) }?.contains("南京东路") == true)
            #expect(view[.cases].feature(id: "case-1")?.status == "reported")
        }
        // The index answers from what was loaded: the point at x=250 lies in cell-2 only
        // (cells touch at x=200 and x=300, so the window [240,260] meets just one).
        let hits = reopened.read { view in
            view[.grids].index.search(IndexBoxFor(240, 40, 260, 60)).compactMap { view[.grids].features[Int64($0)]?.id }
        }
        #expect(hits == ["cell-2"])
    }

    @Test func aFailingBatchChangesNothing() throws {
        let store = try CityStore(database: .inMemory())
        var first = WriteBatch()
        first.insert(StoredFeature(layer: .storefronts, id: "s1", geometry: .point(Point(x: 1, y: 1))))
        try store.commit(first)

        var second = WriteBatch()
        second.insert(StoredFeature(layer: .storefronts, id: "s2", geometry: .point(Point(x: 2, y: 2))))
        second.insert(StoredFeature(layer: .storefronts, id: "s1", geometry: .point(Point(x: 3, y: 3))))
        #expect(throws: StoreError.self) { try store.commit(second) }

        store.read { view in
            #expect(view[.storefronts].count == 1)
            #expect(view[.storefronts].feature(id: "s2") == nil)
            #expect(view[.storefronts].index.search(IndexBoxFor(0, 0, 10, 10)).count == 1)
        }
        let rows = try store.database!.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM feature") }
        #expect(rows == 1)
    }

    @Test func nonFiniteGeometryIsRefusedNamingTheEntity() throws {
        let store = try CityStore(database: .inMemory())
        var batch = WriteBatch()
        batch.insert(StoredFeature(layer: .cases, id: "bad", geometry: .point(Point(x: .nan, y: 1))))
        #expect {
            try store.commit(batch)
        } throws: { error in
            "\(error)".contains("cases/bad")
        }
    }

    @Test func upsertMovesTheEntityInTheIndex() throws {
        let store = try CityStore(database: .inMemory())
        var batch = WriteBatch()
        batch.insert(StoredFeature(layer: .storefronts, id: "stall", geometry: .point(Point(x: 0, y: 0))))
        try store.commit(batch)
        var move = WriteBatch()
        move.upsert(StoredFeature(layer: .storefronts, id: "stall", geometry: .point(Point(x: 500, y: 500))))
        try store.commit(move)
        store.read { view in
            #expect(view[.storefronts].index.search(IndexBoxFor(-1, -1, 1, 1)).isEmpty)
            #expect(view[.storefronts].index.search(IndexBoxFor(499, 499, 501, 501)).count == 1)
            #expect(view[.storefronts].count == 1)
        }
    }

    @Test func reimportReplacesTheLayerAndVersionsTheZones() throws {
        let store = try CityStore(database: .inMemory())
        var first = WriteBatch()
        first.replaceLayer(.segments, source: "roads-2025.shp")
        first.insert(StoredFeature(layer: .segments, id: "A", geometry: .lineString(LineString([Point(x: 0, y: 0), Point(x: 10, y: 0)]))))
        first.insert(StoredFeature(layer: .segments, id: "B", geometry: .lineString(LineString([Point(x: 0, y: 5), Point(x: 10, y: 5)]))))
        try store.commit(first)
        var second = WriteBatch()
        second.replaceLayer(.segments, source: "roads-2026.shp")
        second.insert(StoredFeature(layer: .segments, id: "C", geometry: .lineString(LineString([Point(x: 0, y: 9), Point(x: 10, y: 9)]))))
        try store.commit(second)
        store.read { view in
            #expect(view[.segments].count == 1)
            #expect(view[.segments].feature(id: "A") == nil)
            let versions = view[.segments].features.values.map(\.zoneVersion)
            #expect(versions == [2])
            #expect(view[.segments].index.search(IndexBoxFor(-100, -100, 100, 100)).count == 1)
        }
    }

    @Test func caseHistoryIsAppendOnly() throws {
        let store = try CityStore(database: .inMemory())
        var batch = WriteBatch()
        batch.insert(StoredFeature(layer: .cases, id: "c1", geometry: .point(Point(x: 1, y: 1)), status: "reported"))
        batch.append(CaseTransitionRow(caseID: "c1", at: "2026-11-29T08:00:00+08:00", actor: "officer-7", event: "report",
                                       fromStatus: nil, toStatus: "reported"))
        try store.commit(batch)
        #expect(try store.transitions(caseID: "c1").map(\.toStatus) == ["reported"])
        #expect(throws: (any Error).self) {
            try store.database!.write { db in try db.execute(sql: "UPDATE caseTransition SET actor = 'someone else'") }
        }
        #expect(try store.transitions(caseID: "c1").first?.actor == "officer-7")
    }

    @Test func reimportingCasesReplacesTheirHistoriesToo() throws {
        let store = try CityStore(database: .inMemory())
        for _ in 0..<2 {
            var batch = WriteBatch()
            batch.replaceLayer(.cases, source: "cases.shp")
            batch.insert(StoredFeature(layer: .cases, id: "c1", geometry: .point(Point(x: 1, y: 1)), status: "reported"))
            batch.append(CaseTransitionRow(caseID: "c1", at: "2026-11-29T08:00:00+08:00", actor: "import", event: "report",
                                           fromStatus: nil, toStatus: "reported"))
            try store.commit(batch)
        }
        #expect(try store.transitionCount() == 1)
    }

    @Test func dossierRecordsNeedTheirEntity() throws {
        let store = try CityStore(database: .inMemory())
        var batch = WriteBatch()
        batch.append(DossierRecordRow(layer: .storefronts, entityID: "ghost", kind: "inspection", date: "2026-11-01"))
        #expect(throws: StoreError.self) { try store.commit(batch) }

        var ok = WriteBatch()
        ok.insert(StoredFeature(layer: .storefronts, id: "shop", geometry: .point(Point(x: 1, y: 1))))
        ok.append(DossierRecordRow(layer: .storefronts, entityID: "shop", kind: "warning", date: "2026-11-02", officer: "王伟",
                                   note: "占道经营", attachments: ["photo-1.jpg"]))
        ok.append(DossierRecordRow(layer: .storefronts, entityID: "shop", kind: "inspection", date: "2026-11-01"))
        try store.commit(ok)
        let dossier = try store.dossier(layer: .storefronts, entityID: "shop")
        #expect(dossier.map(\.kind) == ["inspection", "warning"])
        #expect(dossier.last?.attachments == ["photo-1.jpg"])
    }

    @Test func chineseSubstringsAreSearchable() throws {
        let store = try CityStore(database: .inMemory())
        var batch = WriteBatch()
        batch.insert(StoredFeature(layer: .storefronts, id: "s1", geometry: .point(Point(x: 1, y: 1)),
                                   properties: Array(#"{"name":"老盛昌汤包馆","address":"黄浦区南京东路299号"}"#.utf8)))
        batch.insert(StoredFeature(layer: .storefronts, id: "s2", geometry: .point(Point(x: 2, y: 2)),
                                   properties: Array(#"{"name":"沈大成点心店","address":"黄浦区福州路88号"}"#.utf8)))
        try store.commit(batch)
        #expect(try store.search("南京东路").map(\.id) == ["s1"])
        #expect(try store.search("点心").map(\.id) == ["s2"])     // two characters: the LIKE path
        #expect(try store.search("黄浦区").map(\.id).sorted() == ["s1", "s2"])
        #expect(try store.search("人民广场").isEmpty)
    }

    @Test func namesCodesAndPhonesAreSearchableButFiguresAreNot() throws {
        let store = try CityStore(database: .inMemory())
        var batch = WriteBatch()
        batch.insert(StoredFeature(layer: .segments, id: "SEG-1", geometry: .point(Point(x: 1, y: 1)), properties: Array(#"""
            {"roadName":"西藏中路","lengthMeters":"412.5","opened":"2012-11-14",
             "chief":{"name":"王建国","phone":"13912345678","type":"Chief"},"extra":{"LIC":"913101019PQT56L02N","FLOOR":"3","TEL":"189-2024-3150"}}
            """#.utf8)))
        try store.commit(batch)
        for text in ["西藏中路", "王建国", "13912345678", "PQT56L", "SEG-1", "2024-3150"] {
            #expect(try store.search(text).map(\.id) == ["SEG-1"], "\(text)")
        }
        let indexed = try store.database!.read { db in try String.fetchOne(db, sql: "SELECT text FROM search_segments") }
        #expect(indexed == "SEG-1 西藏中路 王建国 13912345678 913101019PQT56L02N 189-2024-3150")
    }
}

func IndexBoxFor(_ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double) -> IndexBox {
    IndexBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
}
