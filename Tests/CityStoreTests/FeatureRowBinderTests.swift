import Foundation
import GeoCore
import GRDB
import Testing
@testable import CityStore

/// The bulk insert binds its values itself; GRDB's arguments, which every other write uses, are
/// the truth it must equal, column by column, on awkward rows: no geometry, empty and missing
/// text, non-ASCII ids, a polygon, large and negative numbers.
struct FeatureRowBinderTests {
    static let features: [StoredFeature] = [
        StoredFeature(layer: .storefronts, id: "SF-1", geometry: .point(Point(x: 659_760.65, y: 3_427_420.44))),
        StoredFeature(layer: .storefronts, id: "", geometry: nil, properties: Array(#"{"name":""}"#.utf8), category: "", status: nil),
        StoredFeature(layer: .storefronts, id: "店-黄河路-7", geometry: .point(Point(x: -1e9, y: 0, z: 4.5)),
                      properties: Array(#"{"name":"黄河路小吃","flags":["a\"b"]}"#.utf8), category: "licensed", status: "open", zoneVersion: 42),
        StoredFeature(layer: .storefronts, id: "SF-4", geometry: .polygon(Polygon(exterior: LinearRing([
            Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 0)])))),
    ]

    static func rows(_ store: CityStore) throws -> [[DatabaseValue]] {
        try store.database!.read { db in
            try Row.fetchAll(db, sql: """
                SELECT layer, id, geometry, minX, minY, maxX, maxY, properties, category, status, zoneVersion
                FROM feature ORDER BY id
                """).map { Array($0.databaseValues) }
        }
    }

    @Test func bulkRowsEqualTheRowsGRDBBinds() throws {
        let bulk = try CityStore(database: try CityDatabase.open(path: CityStoreTests.temporaryPath()))
        var batch = WriteBatch()
        let features = Self.features
        batch.insert(FeatureStream(layer: .storefronts, count: features.count) { features[$0] })
        try bulk.commit(batch)

        let single = try CityStore(database: try CityDatabase.open(path: CityStoreTests.temporaryPath()))
        var one = WriteBatch()
        for f in features { one.upsert(f) }
        try single.commit(one)

        let expected = try Self.rows(single)
        #expect(expected.count == features.count)
        #expect(try Self.rows(bulk) == expected)
        // Empty text stays text, not NULL; a missing status is NULL.
        let empty = try #require(expected.first)
        #expect(empty[1] == "".databaseValue && empty[8] == "".databaseValue && empty[9].isNull)
    }

    @Test func aDuplicateIdInABulkLoadWritesNothing() throws {
        let store = try CityStore(database: try CityDatabase.open(path: CityStoreTests.temporaryPath()))
        var batch = WriteBatch()
        let features = Self.features + [StoredFeature(layer: .storefronts, id: "SF-1", geometry: nil)]
        batch.insert(FeatureStream(layer: .storefronts, count: features.count) { features[$0] })
        let error = #expect(throws: StoreError.self) { try store.commit(batch) }
        guard case .duplicateID(.storefronts, "SF-1")? = error else {
            Issue.record("expected a duplicate SF-1, got \(String(describing: error))")
            return
        }
        #expect(try Self.rows(store).isEmpty)
    }
}
