import CityModel
import CityStore
import GeoCore

/// One feature of a layer as CityQuery answers it: id, geometry in the working CRS, attributes as
/// a JSON object, and the filter fields (`category`: a case's type or a shop's licence status;
/// `status`: a workflow state). It wraps the store's feature without copying it, so a nearest
/// answer costs no more than before, and keeps the store's types out of the server and the CLI:
/// they reach data only through `CityQueries`.
public struct CityFeature: Sendable, Hashable {
    let stored: StoredFeature

    init(_ stored: StoredFeature) {
        self.stored = stored
    }

    public var layer: Layer { stored.layer }
    public var id: String { stored.id }
    public var geometry: Geometry? { stored.geometry }
    public var category: String? { stored.category }
    public var status: String? { stored.status }
    /// The attributes, a JSON object in UTF-8: the entity's fields and, under `extra`, the
    /// columns an import brought that the domain has no field for.
    public var properties: [UInt8] { stored.properties }
    public var envelope: Envelope { stored.envelope }

    /// A top-level text attribute (`name`, `address`); nil when absent or not text. Stored
    /// attributes are always an object (the store writes nothing else), so a failed parse, which
    /// only a corrupt file could cause, reads as absent.
    public func text(_ key: String) -> String? {
        (try? JSONValue(parsing: properties))?.objectValue?[key]?.stringValue
    }

    /// A value derived from this version of the feature (its GeoJSON as the server sends it),
    /// computed once and kept with it: any change to the feature makes a new version.
    public func memo<T: Sendable>(_ key: String, _ make: () throws -> T) rethrows -> T {
        try stored.memo(key, make)
    }

    /// Attribute reads that failed since start (each answered with `{}`), for the metrics.
    public static var failedAttributeReads: Int { StoredFeature.failedAttributeReads }
}

/// The features of domain entities that an answer carries beside its lists (a grid report's cell,
/// a chief's segments, an overdue case), encoded the way the store keeps them.
extension CityFeature {
    public init(_ cell: GridCell) throws { self.init(try StoredFeature(cell)) }
    public init(_ segment: ChiefSegment) throws { self.init(try StoredFeature(segment)) }
    public init(_ violation: ViolationCase) throws { self.init(try StoredFeature(violation)) }
}

extension CityFeature {
    /// The evidence photos a case, shop or structure carries (none for other layers).
    public func decodedPhotos() throws -> [EvidencePhoto] {
        switch layer {
        case .cases: try stored.decode(ViolationCase.self).photos
        case .storefronts: try stored.decode(Storefront.self).photos
        case .structures: try stored.decode(IllegalStructure.self).photos
        default: []
        }
    }
}
