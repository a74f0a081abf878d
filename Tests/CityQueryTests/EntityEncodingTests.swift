import CityModel
import CityStore
import Foundation
import GeoCore
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
        e.dateEncodingStrategy = CityTime.encodingStrategy
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

    /// A storefront's shapes the sample may lack: a point with z, no licence, every flag, a
    /// footprint, attributions bare and full.
    @Test func unusualStorefrontsEncodeAsFoundationDoes() throws {
        let square = Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 4, y: 0), Point(x: 4, y: 4), Point(x: 0, y: 0)]))
        for (k, point) in [Point(x: 451_000.125, y: 3_455_000, z: -2.5), Point(x: -0.0, y: 1e-7), Point(x: 1e21, y: 5)].enumerated() {
            var shop = Storefront(id: "S\(k)", name: "\"引号\"/\\", address: "a\tb", licenceStatus: .unlicensed, trade: "t",
                                  point: point, footprint: k == 1 ? square : nil, flags: k == 0 ? Set(StorefrontFlag.allCases) : [])
            shop.licenceNumber = k == 2 ? "91310101MA1FL0XX2Q" : nil
            // No attribution, a bare one, and one with every member (a chief-less segment, a
            // distance Foundation writes with an exponent).
            shop.attribution = [nil,
                                Attribution(zoneVersions: ZoneVersions(parcels: "7")),
                                Attribution(gridCode: try GridCode(parsing: "310101-002-005-0012"), subDistrict: "南京东路街道", community: "\"居委\"",
                                            parcelNumber: "P/1", segment: SegmentAttribution(segmentID: "SEG-1", roadName: "九江路", chiefID: nil, distanceMeters: 1e-7),
                                            redLine: RedLineAttribution(redLineID: "RL-1", roadName: "九江路", signedDistanceMeters: -32.61572153179441),
                                            zoneVersions: ZoneVersions(grids: "1", parcels: "2", segments: "4", redLines: "5"))][k]
            #expect(try StoredFeature(shop).properties == [UInt8](try Self.foundation.encode(shop)), "shop \(k)")
        }
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
