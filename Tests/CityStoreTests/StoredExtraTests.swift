import CityModel
@testable import CityStore
import Foundation
import GeoCore
import Testing

/// An import's extra columns in the stored JSON: an `extra` member among the entity's own, in the
/// one key order, so that the text is what Foundation's JSONEncoder writes for the entity with
/// that member; an update keeps them; a stored text that is not an object is named, not dropped.
@Suite struct StoredExtraTests {
    static let foundation = SortedJSONEncoderTests.foundation

    /// The independent reference: Foundation encodes the entity and the extra member into one
    /// keyed container, which it sorts.
    struct WithExtra<E: Encodable>: Encodable {
        var entity: E
        var extra: [String: String]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            try entity.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(extra, forKey: Key(stringValue: "extra"))
        }
    }

    static let shop: Storefront = {
        var s = Storefront(id: "SF-0000001", name: "餐饮店1", address: "上海市某区某路12号", licenceNumber: "91310101MA1FL0XX2Q",
                           licenceStatus: .licensed, trade: "餐饮", point: Point(x: 451_000.125, y: 3_455_000.5),
                           flags: [.outsideTrading, .nuisance])
        s.attribution = Attribution(subDistrict: "南京东路街道", community: "贵州居委会", zoneVersions: ZoneVersions(grids: "1"))
        return s
    }()

    static let extra = ["楼层": "3", "note": "a \"quoted\"\tvalue/with slash", "AREA_M2": "12.5", "": "empty key"]

    @Test func extraColumnsAreAMemberInKeyOrder() throws {
        let stored = try StoredFeature(Self.shop, extra: Self.extra).properties
        #expect(stored == [UInt8](try Self.foundation.encode(WithExtra(entity: Self.shop, extra: Self.extra))))
        #expect(try StoredFeature(Self.shop).properties == [UInt8](try Self.foundation.encode(Self.shop)))
    }

    @Test func anUpdateKeepsTheExtraColumns() throws {
        let old = try StoredFeature(Self.shop, extra: Self.extra)
        var changed = Self.shop
        changed.licenceStatus = .expired
        changed.flags.insert(.wallBreaking)
        let kept = try StoredFeature(changed).keepingExtra(of: old)
        #expect(kept == [UInt8](try Self.foundation.encode(WithExtra(entity: changed, extra: Self.extra))))
        // Nothing to keep: the new text as it is.
        let plain = try StoredFeature(changed)
        #expect(try plain.keepingExtra(of: StoredFeature(Self.shop)) == plain.properties)
    }

    @Test(arguments: [#"{"id":"x","extra":{"#, "[1,2]", ""])
    func unreadablePropertiesAreNamedByLayerAndID(text: String) throws {
        let broken = StoredFeature(layer: .storefronts, id: "SF-9", geometry: .point(Point(x: 1, y: 2)), properties: Array(text.utf8))
        #expect {
            try StoredFeature(Self.shop).keepingExtra(of: broken)
        } throws: { error in
            guard case StoreError.corruptProperties(let layer, let id, _) = error else { return false }
            return layer == .storefronts && id == "SF-9"
        }
    }
}
