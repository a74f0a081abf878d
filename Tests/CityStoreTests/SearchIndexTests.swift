import Foundation
import GeoCore
import GRDB
import Testing
@testable import CityStore

/// The per-layer search index, written row by row or built beside a bulk load and copied in,
/// against brute force: every substring query must find exactly the features whose search text
/// contains it.
struct SearchIndexTests {
    static let streets = ["南京东路", "西藏中路", "福州路", "汉口路", "九江路", "人民大道", "黄河路", "凤阳路"]
    static let trades = ["餐饮", "便利店", "五金", "美发", "服装"]

    static func shop(_ i: Int, tag: String) -> StoredFeature {
        let name = "\(trades[i % trades.count])店\(tag)\(i)"
        let address = "上海市黄浦区\(streets[i % streets.count])\(i * 7 % 300)号"
        return StoredFeature(layer: .storefronts, id: "SF-\(tag)-\(i)", geometry: .point(Point(x: Double(i), y: Double(i % 13))),
                             properties: Array(#"{"name":"\#(name)","address":"\#(address)","licence":"9131010\#(tag)\#(i)X"}"#.utf8))
    }

    static func store(bulkFrom threshold: Int) throws -> CityStore {
        var database = try CityDatabase.open(path: CityStoreTests.temporaryPath())
        database.bulkSearchThreshold = threshold
        return try CityStore(database: database)
    }

    static func load(_ store: CityStore, count: Int, tag: String) throws {
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "test \(tag)")
        batch.insert(FeatureStream(layer: .storefronts, count: count) { shop($0, tag: tag) })
        try store.commit(batch)
    }

    /// Every query answered as the brute force over the features in memory says.
    static func expectAgreement(_ store: CityStore, queries: [String]) throws {
        let texts = store.read { view in view[.storefronts].features.values.map { ($0.id, $0.searchText) } }
        for q in queries {
            // A substring, ASCII letters in either case (the texts' other letters are Chinese).
            let expected = Set(texts.filter { $0.1.lowercased().contains(q.lowercased()) }.map(\.0))
            let found = try store.search(q, layer: .storefronts, limit: 100_000).map(\.id)
            #expect(Set(found) == expected && found.count == expected.count, "\(q): \(found.count) found, \(expected.count) expected")
            let anyLayer = try store.search(q, limit: 100_000).map(\.id)
            #expect(Set(anyLayer) == expected, "\(q) across layers")
        }
        let ok = try store.database!.write { db in
            try db.execute(sql: "INSERT INTO search_storefronts (search_storefronts) VALUES ('integrity-check')")
            return true
        }
        #expect(ok)
    }

    static let queries = ["南京东路", "黄浦区西藏", "餐饮店", "店A1", "9131010A12", "SF-A-7", "SF-B-3", "便利店B", "号", "人民大道1",
                          // Letters in the other case; LIKE's wildcards, which must match only themselves.
                          "sf-a-7", "9131010b1", "SF_A-1", "SF-A_1", "店A%1", "%", "_"]

    @Test(arguments: [5, 1_000_000]) func bulkAndRowByRowIndexesAgreeWithBruteForce(threshold: Int) throws {
        let store = try Self.store(bulkFrom: threshold)
        try Self.load(store, count: 3_000, tag: "A")
        try Self.expectAgreement(store, queries: Self.queries)
        #expect(try store.search("店A1", layer: .storefronts, limit: 5).count == 5)

        // A re-import replaces the layer's index whole: nothing of A is found any more.
        try Self.load(store, count: 2_000, tag: "B")
        #expect(try store.search("SF-A-", layer: .storefronts, limit: 10).isEmpty)
        try Self.expectAgreement(store, queries: Self.queries)

        // Single writes on top of a copied index: an upsert changes the text, a delete removes it.
        var edit = WriteBatch()
        edit.upsert(StoredFeature(layer: .storefronts, id: "SF-B-3", geometry: .point(Point(x: 3, y: 3)),
                                  properties: Array(#"{"name":"改名后的店","address":"上海市黄浦区凤阳路1号"}"#.utf8)))
        edit.delete(layer: .storefronts, id: "SF-B-4")
        try store.commit(edit)
        #expect(try store.search("改名后的店").map(\.id) == ["SF-B-3"])
        #expect(try store.search("SF-B-4", layer: .storefronts, limit: 10).map(\.id).contains("SF-B-4") == false)
        try Self.expectAgreement(store, queries: Self.queries + ["改名后", "凤阳路1号"])
    }

    @Test func aFailedBulkLoadLeavesTheIndexAsItWas() throws {
        let scratchDirectory = CityStoreTests.temporaryPath()
        try FileManager.default.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratchDirectory) }
        var database = try CityDatabase.open(path: CityStoreTests.temporaryPath())
        database.bulkSearchThreshold = 5
        database.scratchDirectory = scratchDirectory
        let store = try CityStore(database: database)
        try Self.load(store, count: 500, tag: "A")
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "duplicate ids")
        batch.insert(FeatureStream(layer: .storefronts, count: 400) { i in Self.shop(i == 399 ? 0 : i, tag: "C") })
        #expect(throws: StoreError.self) { try store.commit(batch) }
        #expect(try store.search("SF-C-", layer: .storefronts, limit: 10).isEmpty)
        #expect(try store.search("SF-A-49", layer: .storefronts, limit: 100).count == 11)
        try Self.expectAgreement(store, queries: Self.queries)
        // The failed load's scratch file is gone, nothing is left attached: the next load works.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratchDirectory).isEmpty)
        try Self.load(store, count: 300, tag: "D")
        #expect(try store.search("SF-D-29", layer: .storefronts, limit: 100).count == 11)
    }

    /// A store written before v3 (one shared FTS table) is migrated: each layer's text moves to
    /// its own index under the feature's rowid.
    @Test func aVersionTwoStoreKeepsItsSearchIndex() throws {
        let path = CityStoreTests.temporaryPath()
        let old = try DatabaseQueue(path: path)
        try CityDatabase.migrator.migrate(old, upTo: "v2: covering index for the start-up load")
        try old.write { db in
            for (layer, id, text) in [("storefronts", "S1", "S1 黄河路美食店"), ("cases", "C1", "C1 黄河路占道经营"), ("grids", "G1", "G1 黄河路网格")] {
                try db.execute(sql: "INSERT INTO feature (layer, id, properties) VALUES (?, ?, '{}')", arguments: [layer, id])
                try db.execute(sql: "INSERT INTO featureSearch (text, layer, id) VALUES (?, ?, ?)", arguments: [text, layer, id])
            }
        }
        try old.close()
        let store = try CityStore(database: .open(path: path))
        #expect(Set(try store.search("黄河路").map { "\($0.layer.rawValue)/\($0.id)" }) == ["storefronts/S1", "cases/C1", "grids/G1"])
        #expect(try store.search("占道经营", layer: .cases).map(\.id) == ["C1"])
        #expect(try store.search("占道经营", layer: .storefronts).isEmpty)
    }

    /// A one-shot import commits without updating memory; the database, opened afresh, has all of
    /// it, rows and search index alike.
    /// Alone, a last write goes through a rollback journal (its pages are written once, the log
    /// stays empty); beside another process's connection it goes through the WAL. Either way the
    /// store is whole and in WAL mode afterwards.
    @Test(arguments: [false, true]) func aLastWriteLandsWholeInTheDatabase(besideAnotherConnection: Bool) throws {
        let path = CityStoreTests.temporaryPath()
        var database = try CityDatabase.open(path: path)
        database.bulkSearchThreshold = 5
        let store = try CityStore(database: database)
        let other = besideAnotherConnection ? try DatabaseQueue(path: path) : nil
        _ = try other?.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM feature") }
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "one shot")
        batch.insert(FeatureStream(layer: .storefronts, count: 700) { Self.shop($0, tag: "L") })
        try store.commitAsLastWrite(batch)
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(besideAnotherConnection ? log > 0 : log == 0, "WAL file of \(log) bytes")
        #expect(try other?.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM feature") } == (besideAnotherConnection ? 700 : nil))
        let reopened = try CityStore(database: .open(path: path))
        #expect(try reopened.database!.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(reopened.read { $0[.storefronts].count } == 700)
        #expect(reopened.read { $0[.storefronts].feature(id: "SF-L-699")?.properties } == Self.shop(699, tag: "L").properties)
        try Self.expectAgreement(reopened, queries: Self.queries + ["店L6"])
    }

    /// A killed import leaves its scratch index behind; the next bulk load removes it, and never
    /// the file of a process that is still running.
    @Test func scratchFilesOfDeadProcessesAreRemoved() throws {
        let dir = NSTemporaryDirectory()
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let orphan = (dir as NSString).appendingPathComponent("\(SearchIndexBuilder.prefix)\(finished.processIdentifier)-storefronts-test.sqlite")
        let ours = (dir as NSString).appendingPathComponent("\(SearchIndexBuilder.prefix)\(getpid())-storefronts-test.sqlite")
        for path in [orphan, ours] { FileManager.default.createFile(atPath: path, contents: Data("x".utf8)) }
        defer { try? FileManager.default.removeItem(atPath: ours) }
        SearchIndexBuilder.removeOrphans(in: dir)
        #expect(!FileManager.default.fileExists(atPath: orphan))
        #expect(FileManager.default.fileExists(atPath: ours))
    }

    /// A writer that outruns the builder's thread waits for it: no more than `maxPending` batches
    /// of text are ever queued, and every text still reaches the index.
    @Test func theBuildersQueueIsBoundedAndLosesNothing() throws {
        let builder = try SearchIndexBuilder(layer: .storefronts, directory: NSTemporaryDirectory(), maxPending: 2)
        defer { builder.cancel() }
        let n = 4096 * 12 + 5
        for i in 0..<n { builder.add(rowid: Int64(i + 1), text: "店\(i) 南京东路\(i % 977)号") }
        try builder.finish()
        #expect(builder.highWater <= 2)
        let queue = try DatabaseQueue(path: builder.path)
        let (rows, hits) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM s")!,
             try Int64.fetchAll(db, sql: "SELECT rowid FROM s WHERE text LIKE '%南京东路976号%' ORDER BY rowid"))
        }
        #expect(rows == n)
        #expect(hits == stride(from: 977, through: n, by: 977).map(Int64.init))
    }
}
