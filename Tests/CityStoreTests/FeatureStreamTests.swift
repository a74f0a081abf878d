import Foundation
import GeoCore
import Testing
@testable import CityStore

/// Streams of features inserted while they are made: all of them land, in the database and in
/// memory, or none does.
struct FeatureStreamTests {
    struct Refused: Error {}

    static func feature(_ i: Int, id: String? = nil) -> StoredFeature {
        StoredFeature(layer: .storefronts, id: id ?? "S\(i)", geometry: .point(Point(x: Double(i % 100), y: Double(i / 100))),
                      properties: Array(#"{"n":\#(i)}"#.utf8), category: i % 3 == 0 ? "unlicensed" : "licensed")
    }

    @Test func everyFeatureOfAManyChunkStreamLandsInOrder() throws {
        let path = CityStoreTests.temporaryPath()
        let store = try CityStore(database: .open(path: path))
        let n = FeatureStream.chunkSize * 5 + 17
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "test")
        batch.insert(FeatureStream(layer: .storefronts, count: n) { Self.feature($0) })
        try store.commit(batch)
        #expect(try store.storedCount(.storefronts) == n)
        store.read { view in
            #expect(view[.storefronts].count == n)
            for i in [0, 1, 4095, 4096, n - 1] {
                let f = view[.storefronts].feature(id: "S\(i)")
                #expect(f?.properties == Array(#"{"n":\#(i)}"#.utf8))
                #expect(f?.geometry == .point(Point(x: Double(i % 100), y: Double(i / 100))))
            }
            #expect(view[.storefronts].index.search(IndexBoxFor(0, 0, 99, 0)).count == 100)
        }
        // Rowids follow the stream's order, as a plain insert loop would give them.
        let ids = try store.database!.read { db in try String.fetchAll(db, sql: "SELECT id FROM feature WHERE layer = 'storefronts' ORDER BY rowid LIMIT 3") }
        #expect(ids == ["S0", "S1", "S2"])
        let reopened = try CityStore(database: .open(path: path))
        #expect(reopened.read { $0[.storefronts].feature(id: "S\(n - 1)")?.properties } == Array(#"{"n":\#(n - 1)}"#.utf8))
    }

    @Test(arguments: ["make fails", "duplicate id"]) func aFailingStreamCommitsNothing(failure: String) throws {
        let store = try CityStore(database: .inMemory())
        var first = WriteBatch()
        first.insert(Self.feature(-1, id: "kept"))
        try store.commit(first)
        let n = FeatureStream.chunkSize * 3
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "test")
        batch.insert(FeatureStream(layer: .storefronts, count: n) { i in
            if failure == "make fails", i == n - 10 { throw Refused() }
            return Self.feature(i, id: failure == "duplicate id" && i == n - 10 ? "S7" : nil)
        })
        #expect(throws: (any Error).self) { try store.commit(batch) }
        #expect(try store.storedCount(.storefronts) == 1)
        #expect(store.read { $0[.storefronts].count } == 1)
        #expect(store.read { $0[.storefronts].feature(id: "kept") } != nil)
        #expect(try store.search("S7").isEmpty)
    }

    /// A sequential source read to its end: each chunk's side rows land after its features (a
    /// dossier row needs its shop), the import run counts what was read, and the source is never
    /// more than the writer's lookahead ahead of it, so a source larger than memory can be loaded.
    @Test func aSourceOfUnknownLengthIsReadNoFurtherAheadThanTheLookahead() throws {
        let store = try CityStore(database: .inMemory())
        let chunks = 40, perChunk = 50
        let counter = Counter()
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "test")
        batch.insert(FeatureStream(layer: .storefronts, count: nil, next: {
            let c = counter.claim()
            guard c < chunks else { return nil }
            return {
                let features = (0..<perChunk).map { Self.feature(c * perChunk + $0) }
                let rows = [DossierRecordRow(layer: .storefronts, entityID: "S\(c * perChunk)", kind: "survey", date: "2026-11-01T09:00:00+08:00")]
                return FeatureChunk(features: features, dossierRecords: rows, accept: { counter.accept(c) })
            }
        }))
        try store.commit(batch)
        #expect(try store.storedCount(.storefronts) == chunks * perChunk)
        #expect(try store.dossier(layer: .storefronts, entityID: "S\(perChunk * (chunks - 1))").count == 1)
        #expect(counter.accepted == Array(0..<chunks))
        // Claimed but not yet written: the chunk the writer holds and the lookahead before it.
        #expect(counter.maxAhead <= FeatureStream.lookahead + 1)
        let features = try store.database!.read { db in try Int.fetchOne(db, sql: "SELECT features FROM importRun ORDER BY id DESC LIMIT 1") }
        #expect(features == chunks * perChunk)
    }

    @Test func aSourceThatFailsMidwayCommitsNothing() throws {
        let store = try CityStore(database: .inMemory())
        var first = WriteBatch()
        first.insert(Self.feature(-1, id: "kept"))
        try store.commit(first)
        let counter = Counter()
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "test")
        batch.insert(FeatureStream(layer: .storefronts, count: nil, next: {
            let c = counter.claim()
            if c == 7 { throw Refused() }
            return { FeatureChunk(features: (0..<10).map { Self.feature(c * 10 + $0) }) }
        }))
        #expect(throws: Refused.self) { try store.commit(batch) }
        #expect(try store.storedCount(.storefronts) == 1)
        #expect(store.read { $0[.storefronts].feature(id: "kept") } != nil)
    }

    /// Chunks claimed from a source and accepted by the writer, from their threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var claimed = 0
        private(set) var accepted: [Int] = []
        private(set) var maxAhead = 0

        func claim() -> Int {
            lock.withLock {
                claimed += 1
                maxAhead = max(maxAhead, claimed - accepted.count)
                return claimed - 1
            }
        }

        func accept(_ c: Int) {
            lock.withLock { accepted.append(c) }
        }
    }

    /// `citygrid import` opens the store with the zone layers only: the layer it replaces (a
    /// million shops) is not loaded, yet the import replaces it whole on disk.
    @Test func anImportStoreLoadsOnlyItsLayersAndReplacesTheOthersOnDisk() throws {
        let path = CityStoreTests.temporaryPath()
        let full = try CityStore(database: .open(path: path))
        var first = WriteBatch()
        for i in 0..<30 { first.insert(Self.feature(i)) }
        first.insert(StoredFeature(layer: .grids, id: "G1", geometry: .point(Point(x: 1, y: 1))))
        try full.commit(first)

        let partial = try CityStore.forImport(storage: CityDatabase.open(path: path), loading: [.grids])
        #expect(partial.read { $0[.grids].count } == 1)
        #expect(partial.read { $0[.storefronts].count } == 0)
        var batch = WriteBatch()
        batch.replaceLayer(.storefronts, source: "test")
        batch.insert(FeatureStream(layer: .storefronts, count: 5) { Self.feature(100 + $0) })
        try partial.commitAsLastWrite(batch)

        let reopened = try CityStore(database: .open(path: path))
        #expect(reopened.read { view in view[.storefronts].features.values.map(\.id).sorted() } == (100..<105).map { "S\($0)" })
        #expect(reopened.read { $0[.grids].feature(id: "G1") } != nil)
        #expect(try reopened.storedCount(.storefronts) == 5)
    }
}
