import CityModel
import Foundation
import GeoCore

/// A domain entity the store keeps as a feature of a layer: its geometry goes to the WKB column and
/// the R-tree, the whole entity (geometry included, as GeoJSON) to the properties JSON, and the
/// fields the queries filter on to `category` and `status`.
public protocol StorableEntity: Codable, Sendable {
    static var layer: Layer { get }
    var storeID: String { get }
    var storeGeometry: Geometry { get }
    /// A case's type code, a storefront's licence status, a structure's status.
    var storeCategory: String? { get }
    /// A case's workflow state.
    var storeStatus: String? { get }
}

extension StorableEntity {
    public var storeCategory: String? { nil }
    public var storeStatus: String? { nil }
}

private let entityDecoder: JSONDecoder = {
    let d = JSONDecoder()
    d.dateDecodingStrategy = .iso8601
    return d
}()

extension StoredFeature {
    /// The stored form of an entity; `extra` holds the columns an import brought that the domain
    /// has no field for, kept under the `extra` key rather than dropped.
    public init<E: StorableEntity>(_ entity: E, extra: [String: String] = [:]) throws {
        // Byte for byte what Foundation's JSONEncoder writes with sorted keys and CityTime dates
        // (stored JSON is compared in tests and served as ETags), `extra` among the entity's own
        // members in the same key order. No entity has a field named "extra".
        var members: [(key: String, json: [UInt8])] = []
        if !extra.isEmpty {
            var json: [UInt8] = []
            JSONWriter.object(extra, to: &json)
            members.append(("extra", json))
        }
        let data = try SortedJSONEncoder.city.encode(entity, addingMembers: members)
        self.init(layer: E.layer, id: entity.storeID, geometry: entity.storeGeometry, properties: data,
                  category: entity.storeCategory, status: entity.storeStatus)
    }

    /// The entity this feature stores. Zones (cells, parcels, roads, segments, red lines) are
    /// decoded once per version and kept: every locate and every attribution reads a few of them,
    /// and there are thousands, not millions.
    public func decode<E: StorableEntity>(_ type: E.Type) throws -> E {
        guard layer.isZone else { return try decodeAfresh(type) }
        // The key is made once per layer: interpolating the type's name on every call cost more
        // than the memo saved on a locate.
        return try memo(Self.decodedKeys[layer]!) { Result { try decodeAfresh(type) } }.get()
    }

    /// One entity type per layer, so the layer names the decoded memo.
    private static let decodedKeys = Dictionary(uniqueKeysWithValues: Layer.allCases.map { ($0, "CityStore.decoded.\($0.rawValue)") })

    private func decodeAfresh<E: StorableEntity>(_ type: E.Type) throws -> E {
        // Attributes still to be read are read here, so that a storage that cannot answer is
        // reported as such, not as attributes that fail to decode.
        try body.materialise()
        do {
            return try entityDecoder.decode(E.self, from: Data(properties))
        } catch {
            throw StoreError.corruptGeometry(layer: layer, id: id, reason: "properties do not decode as \(E.self): \(error)")
        }
    }
}

extension GridCell: StorableEntity {
    public static var layer: Layer { .grids }
    public var storeID: String { id }
    public var storeGeometry: Geometry { shape.polygons.count == 1 ? .polygon(shape.polygons[0]) : .multiPolygon(shape) }
    public var storeCategory: String? { communityName }
}

extension Parcel: StorableEntity {
    public static var layer: Layer { .parcels }
    public var storeID: String { number }
    public var storeGeometry: Geometry { .polygon(polygon) }
    public var storeCategory: String? { landUse.rawValue }
}

extension Road: StorableEntity {
    public static var layer: Layer { .roads }
    public var storeID: String { id }
    public var storeGeometry: Geometry {
        centreline.lineStrings.count == 1 ? .lineString(centreline.lineStrings[0]) : .multiLineString(centreline)
    }
    public var storeCategory: String? { roadClass.rawValue }
}

extension RedLine: StorableEntity {
    public static var layer: Layer { .redlines }
    public var storeID: String { id }
    public var storeGeometry: Geometry { .polygon(polygon) }
    public var storeCategory: String? { roadName }
}

extension Storefront: StorableEntity {
    public static var layer: Layer { .storefronts }
    public var storeID: String { id }
    public var storeGeometry: Geometry { .point(point) }
    public var storeCategory: String? { licenceStatus.rawValue }
}

extension IllegalStructure: StorableEntity {
    public static var layer: Layer { .structures }
    public var storeID: String { id }
    public var storeGeometry: Geometry { .polygon(footprint) }
    public var storeCategory: String? {
        switch status {
        case .identified: "identified"
        case .notified: "notified"
        case .demolished: "demolished"
        }
    }
}

extension ViolationCase: StorableEntity {
    public static var layer: Layer { .cases }
    public var storeID: String { id }
    public var storeGeometry: Geometry { .point(point) }
    public var storeCategory: String? { typeCode }
    public var storeStatus: String? { status.rawValue }
}

extension ChiefSegment: StorableEntity {
    public static var layer: Layer { .segments }
    public var storeID: String { segment.id }
    public var storeGeometry: Geometry { .lineString(segment.centreline) }
    public var storeCategory: String? { chief?.id }
}

extension Officer: StorableEntity {
    public static var layer: Layer { .officers }
    public var storeID: String { id }
    /// Where the officer is now: the R-tree moves with every fix.
    public var storeGeometry: Geometry { .point(location) }
    public var storeCategory: String? { team }
    public var storeStatus: String? { onDuty ? "onDuty" : "offDuty" }
}
