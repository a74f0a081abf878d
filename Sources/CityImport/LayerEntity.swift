import CityModel
import CityStore
import GeoCore

/// One entity built from one record, whatever its layer.
public enum LayerEntity: Sendable, Hashable {
    case grid(GridCell)
    case parcel(Parcel)
    case road(Road)
    case segment(ChiefSegment)
    case redLine(RedLine)
    case storefront(Storefront)
    case structure(IllegalStructure)
    case violationCase(ViolationCase)
    case officer(Officer)

    public var id: String {
        switch self {
        case .grid(let e): e.storeID
        case .parcel(let e): e.storeID
        case .road(let e): e.storeID
        case .segment(let e): e.storeID
        case .redLine(let e): e.storeID
        case .storefront(let e): e.storeID
        case .structure(let e): e.storeID
        case .violationCase(let e): e.storeID
        case .officer(let e): e.storeID
        }
    }

    /// The stored form, with the columns the domain has no field for under `extra`.
    public func stored(extra: [String: String]) throws -> StoredFeature {
        switch self {
        case .grid(let e): try StoredFeature(e, extra: extra)
        case .parcel(let e): try StoredFeature(e, extra: extra)
        case .road(let e): try StoredFeature(e, extra: extra)
        case .segment(let e): try StoredFeature(e, extra: extra)
        case .redLine(let e): try StoredFeature(e, extra: extra)
        case .storefront(let e): try StoredFeature(e, extra: extra)
        case .structure(let e): try StoredFeature(e, extra: extra)
        case .violationCase(let e): try StoredFeature(e, extra: extra)
        case .officer(let e): try StoredFeature(e, extra: extra)
        }
    }

    func validate() throws {
        switch self {
        case .grid(let e): try e.validate()
        case .parcel(let e): try e.validate()
        case .road(let e): try e.validate()
        case .segment(let e):
            try e.segment.validate()
            try e.chief?.validate()
        case .redLine(let e): try e.validate()
        case .storefront(let e): try e.validate()
        case .structure(let e): try e.validate()
        case .violationCase(let e): try e.validate()
        case .officer(let e): try e.validate()
        }
    }
}
