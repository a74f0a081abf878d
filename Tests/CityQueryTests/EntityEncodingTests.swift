import CityModel
import CityStore
import Foundation
import Testing

/// The store writes entities with its own JSON encoder; the stored text must be byte for byte what
/// Foundation's JSONEncoder writes (sorted keys, unescaped slashes, ISO 8601 dates), since stored
/// JSON is compared and served as ETags. Checked on every entity of the sample district: cells,
/// parcels, roads, chief segments, red lines, storefronts with dossiers, structures and cases with
/// their histories.
@Suite struct EntityEncodingTests {
    static let foundation: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    func check<E: StorableEntity>(_ type: E.Type, in store: CityStore) throws -> Int {
        let features = store.read { Array($0[E.layer].features.values) }
        for f in features {
            let entity = try f.decode(E.self)
            let ours = try StoredFeature(entity).properties
            let theirs = [UInt8](try Self.foundation.encode(entity))
            #expect(ours == theirs, "\(E.layer.rawValue)/\(f.id): \(String(decoding: ours, as: UTF8.self)) ≠ \(String(decoding: theirs, as: UTF8.self))")
        }
        return features.count
    }

    @Test func everySampleEntityEncodesAsFoundationDoes() throws {
        let store = try #require(SampleDistrictOracleTests.sample)
        #expect(try check(GridCell.self, in: store) > 400)
        #expect(try check(Parcel.self, in: store) > 0)
        #expect(try check(Road.self, in: store) > 0)
        #expect(try check(ChiefSegment.self, in: store) > 0)
        #expect(try check(RedLine.self, in: store) > 0)
        #expect(try check(Storefront.self, in: store) > 100)
        #expect(try check(IllegalStructure.self, in: store) > 0)
        #expect(try check(ViolationCase.self, in: store) > 100)
    }

    @Test func extraColumnsAreSplicedAsAnObject() throws {
        let store = try #require(SampleDistrictOracleTests.sample)
        let shop = try #require(store.read { $0[.storefronts].features.values.first }).decode(Storefront.self)
        let extra = ["楼层": "3", "note": "a \"quoted\"\tvalue/with slash", "AREA": "12.5"]
        let stored = try StoredFeature(shop, extra: extra).properties
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(stored)) as? [String: Any])
        #expect(parsed["extra"] as? [String: String] == extra)
        #expect(parsed["id"] as? String == shop.id)
    }
}
