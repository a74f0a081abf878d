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
}
