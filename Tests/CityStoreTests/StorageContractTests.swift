import Foundation
import CityModel
import GeoCore
import SpatialIndex
import Testing
import TestSupport
@testable import CityStore

/// What every `CityStorage` promises, checked by the same code on SQLite and on PostgreSQL: a
/// batch lands whole or not at all, reads give back what was written, the case history and the
/// dossiers are append-only and tied to their entities, and search finds the same entities.
struct StorageContractTests {
    static let geometries: [Geometry] = [
        .point(Point(x: 640_100.25, y: 3_457_200.5)),
        .lineString(LineString([Point(x: 640_000, y: 3_457_000), Point(x: 640_050, y: 3_457_010), Point(x: 640_120, y: 3_457_090)])),
        .polygon(Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 10), Point(x: 0, y: 0)]),
                         holes: [LinearRing([Point(x: 2, y: 2), Point(x: 4, y: 2), Point(x: 4, y: 4), Point(x: 2, y: 2)])])),
    ]

    static func shop(_ i: Int, name: String) -> StoredFeature {
        StoredFeature(layer: .storefronts, id: "SF-\(i)", geometry: .point(Point(x: 640_000 + Double(i), y: 3_457_000 + Double(i % 17))),
                      properties: Array(JSONValue.object(["id": .string("SF-\(i)"), "name": .string(name), "n": .number(Double(i)),
                                                          "nested": .object(["phone": .string("021-6321\(1000 + i)")])]).jsonString.utf8),
                      category: i % 3 == 0 ? "unlicensed" : "licensed")
    }

    /// Reads back what was written: every layer's ids, geometries (exactly), filter fields and
    /// attributes (as JSON values), after reopening the storage.
    @Test(arguments: StorageBackend.available)
    func whatIsCommittedIsWhatIsReadBack(backend: StorageBackend) throws {
        let place = try backend.place()
        var batch = WriteBatch()
        var written: [StoredFeature] = []
        for (i, layer) in Layer.allCases.enumerated() {
            let f = StoredFeature(layer: layer, id: "\(layer.rawValue)-1", geometry: Self.geometries[i % 3],
                                  properties: Array(#"{"名称":"南京东路 \t\"引号\" \\ 反斜杠","n":1.5e-7,"list":[1,null,true]}"#.utf8),
                                  category: i % 2 == 0 ? "c\(i)" : nil, status: "s\(i)")
            batch.insert(f)
            written.append(f)
        }
        batch.insert(StoredFeature(layer: .cases, id: "no-geometry", geometry: nil))
        try place.store().commit(batch)
        let reopened = try place.store()
        reopened.read { view in
            for f in written {
                let read = view[f.layer].feature(id: f.id)
                #expect(read?.geometry == f.geometry, "\(f.id)")
                #expect(read?.category == f.category && read?.status == f.status, "\(f.id)")
                #expect(read.map { try? JSONValue(parsing: $0.properties) } == (try? JSONValue(parsing: f.properties)), "\(f.id)")
            }
            #expect(view[.cases].feature(id: "no-geometry")?.geometry == nil)
            #expect(view[.cases].count == 2)
        }
        for layer in Layer.allCases { #expect(try reopened.storedCount(layer) == (layer == .cases ? 2 : 1)) }
    }

    @Test(arguments: StorageBackend.available)
    func aRefusedBatchWritesNothing(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        var first = WriteBatch()
        first.insert(Self.shop(1, name: "一号店"))
        try store.commit(first)
        let end = try store.storage.logEnd()

        var duplicate = WriteBatch()
        duplicate.insert(Self.shop(2, name: "二号店"))
        duplicate.append(CaseTransitionRow(caseID: "x", at: "2026-12-03T10:00:00+08:00", actor: "a", event: "report", fromStatus: nil, toStatus: "reported"))
        duplicate.insert(Self.shop(1, name: "又一个一号店"))
        #expect { try store.commit(duplicate) } throws: { error in
            if case StoreError.duplicateID(.storefronts, "SF-1") = error { return true }
            Issue.record("expected a duplicate SF-1, got \(error)")
            return false
        }
        var missing = WriteBatch()
        missing.insert(Self.shop(3, name: "三号店"))
        missing.delete(layer: .storefronts, id: "SF-404")
        #expect { try store.commit(missing) } throws: { error in
            if case StoreError.notFound(.storefronts, "SF-404") = error { return true }
            Issue.record("expected SF-404 not found, got \(error)")
            return false
        }
        var orphan = WriteBatch()
        orphan.insert(Self.shop(4, name: "四号店"))
        orphan.append(DossierRecordRow(layer: .storefronts, entityID: "ghost", kind: "inspection", date: "2026-11-01"))
        #expect(throws: StoreError.self) { try store.commit(orphan) }

        #expect(try store.storedCount(.storefronts) == 1)
        #expect(try store.transitionCount() == 0)
        #expect(try store.storage.logEnd() == end, "a refused batch leaves no change-log entry")
        #expect(store.read { $0[.storefronts].count } == 1)
        #expect(try place.store().read { $0[.storefronts].feature(id: "SF-1")?.properties } != nil)
    }

    /// The database itself refuses to rewrite history, whoever asks (psql, QGIS, sqlite3).
    @Test(arguments: StorageBackend.available)
    func caseHistoryAndDossiersAreAppendOnlyInTheDatabase(backend: StorageBackend) throws {
        let place = try backend.place()
        let store = try place.store()
        var batch = WriteBatch()
        batch.insert(StoredFeature(layer: .cases, id: "c1", geometry: .point(Point(x: 1, y: 1)), status: "reported"))
        batch.append(CaseTransitionRow(caseID: "c1", at: "2026-11-29T08:00:00+08:00", actor: "officer-7", event: "report",
                                       fromStatus: nil, toStatus: "reported", note: "路边堆物"))
        batch.insert(Self.shop(1, name: "一号店"))
        batch.append(DossierRecordRow(layer: .storefronts, entityID: "SF-1", kind: "inspection", date: "2026-11-01",
                                      officer: "王五", note: "门前整洁", attachments: ["IMG1.jpg", "IMG2.jpg"]))
        try store.commit(batch)
        #expect(throws: (any Error).self) {
            try place.executeRaw(sqlite: "UPDATE caseTransition SET actor = 'someone else'",
                                 postgresql: "UPDATE case_transition SET actor = 'someone else'")
        }
        if backend == .postgresql {
            #expect(throws: (any Error).self) { try place.executeRaw(sqlite: "", postgresql: "UPDATE dossier_record SET note = 'rewritten'") }
        }
        #expect(try store.transitions(caseID: "c1") == [CaseTransitionRow(caseID: "c1", at: "2026-11-29T08:00:00+08:00", actor: "officer-7",
                                                                          event: "report", fromStatus: nil, toStatus: "reported", note: "路边堆物")])
        #expect(try store.dossier(layer: .storefronts, entityID: "SF-1").map(\.attachments) == [["IMG1.jpg", "IMG2.jpg"]])
        // The entity's removal takes its dossier with it.
        var removal = WriteBatch()
        removal.delete(layer: .storefronts, id: "SF-1")
        try store.commit(removal)
        #expect(try store.dossier(layer: .storefronts, entityID: "SF-1").isEmpty)
    }

    /// An import's stream: its features, histories and dossier rows land, zones get a new version,
    /// and a stream that fails half-way leaves the layer as it was.
    @Test(arguments: StorageBackend.available)
    func aStreamLandsWholeOrNotAtAll(backend: StorageBackend) throws {
        struct Refused: Error {}
        let place = try backend.place()
        let store = try place.store()
        let n = FeatureStream.chunkSize * 2 + 5
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "shops.shp")
        batch.insert(FeatureStream(layer: .storefronts, count: n) { Self.shop($0, name: "店\($0)") })
        try store.commit(batch)
        #expect(try store.storedCount(.storefronts) == n)
        #expect(store.read { $0[.storefronts].count } == n)
        #expect(store.read { view in view[.storefronts].index.search(IndexBox(minX: 640_000, minY: 3_457_000, maxX: 640_009, maxY: 3_457_100)).count } == 10)
        let run = try store.lastImportRun()
        #expect(run >= 1)

        var failing = WriteBatch()
        failing.replaceLayer(.storefronts, source: "broken.shp")
        failing.insert(FeatureStream(layer: .storefronts, count: n) { i in
            if i == n - 3 { throw Refused() }
            return Self.shop(i + 100_000, name: "坏店")
        })
        #expect(throws: Refused.self) { try store.commit(failing) }
        #expect(try store.storedCount(.storefronts) == n)
        #expect(try store.lastImportRun() == run)
        let reopened = try place.store()
        #expect(reopened.read { $0[.storefronts].feature(id: "SF-7") } != nil)
        #expect(reopened.read { $0[.storefronts].feature(id: "SF-100007") } == nil)
    }

    /// SQLite's trigram index and PostgreSQL's pg_trgm find the same entities for the same texts:
    /// Chinese substrings, ids, phone numbers, ASCII in either case, one or two characters, and
    /// LIKE's wildcards taken literally.
    @Test(.enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
    func bothStoragesFindTheSameEntities() throws {
        let names = ["南京东路老饭店", "Nanjing Road Café", "外滩美甲店", "豫园点心铺", "100% 纯果汁", "under_score 小吃", "南京西路便利店"]
        var batch = WriteBatch()
        for (i, name) in names.enumerated() { batch.insert(Self.shop(i, name: name)) }
        batch.insert(StoredFeature(layer: .cases, id: "AJ-310101-000042", geometry: .point(Point(x: 1, y: 1)),
                                   properties: Array(#"{"description":"南京东路人行道堆物"}"#.utf8), status: "reported"))
        let stores = try [StorageBackend.sqlite, .postgresql].map { backend -> (StorageBackend, CityStore, StorageBackend.Place) in
            let place = try backend.place()
            let store = try place.store()
            try store.commit(batch)
            return (backend, store, place)
        }
        for query in ["南京东路", "南京", "东", "nanjing", "NANJING road", "CAFÉ", "SF-3", "sf-", "100%", "%", "_", "under_", "6321100",
                      "AJ-310101", "不存在的店", "店"] {
            for layer in [nil, Layer.storefronts] {
                let answers = try stores.map { Set(try $0.1.search(query, layer: layer, limit: 100).map { "\($0.layer.rawValue)/\($0.id)" }) }
                #expect(answers[0] == answers[1], "\(query) in \(layer?.rawValue ?? "every layer"): sqlite \(answers[0].sorted()) postgresql \(answers[1].sorted())")
            }
        }
        #expect(try stores[1].1.search("南京东路", layer: nil, limit: 100).count == 2)
    }
}
