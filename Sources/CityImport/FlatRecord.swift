import CityModel
import CityStore
import Foundation
import GeoCore

/// A stored entity as one flat record of its layer file: the SCHEMA fields in order (nil for
/// empty), the extra columns an import brought, and the geometry in the working CRS.
struct FlatRecord {
    var values: [String?]
    var extra: [String: String]
    var geometry: Geometry?
}

enum FlatFields {
    /// Each layer's SCHEMA field names, made once: an export writes a million records.
    private static let schemaFields = Dictionary(uniqueKeysWithValues: Layer.allCases.map { l in
        (l, Set(LayerSchema.of(l).fields.map(\.name)))
    })

    static func record(of feature: StoredFeature) throws -> FlatRecord {
        var extra: [String: String] = [:]
        for (key, value) in try feature.propertiesValue()["extra"]?.objectValue ?? [:] { extra[key] = value.stringValue }
        let values: [String?]
        switch feature.layer {
        case .grids:
            let e = try feature.decode(GridCell.self)
            values = [e.code.description, e.subDistrictName, e.communityName, e.officer]
        case .parcels:
            let e = try feature.decode(Parcel.self)
            values = [e.number, e.landUse.rawValue, e.holder]
        case .roads:
            let e = try feature.decode(Road.self)
            values = [e.id, e.name, e.osmHighway, e.oneway == .no ? nil : e.oneway.osmValue, e.bridge ? "yes" : nil,
                      e.tunnel ? "yes" : nil, e.layer.map(String.init)]
        case .segments:
            let e = try feature.decode(ChiefSegment.self)
            values = [e.segment.id, e.segment.roadName, e.segment.roadClass.rawValue, e.chief?.id ?? e.segment.chiefID,
                      e.chief?.name, e.chief?.unit, e.chief?.phone]
        case .redlines:
            let e = try feature.decode(RedLine.self)
            values = [e.id, e.roadName, String(e.widthMeters)]
        case .storefronts:
            let e = try feature.decode(Storefront.self)
            values = [e.id, e.name, e.address, e.licenceNumber, e.licenceStatus.rawValue, e.trade,
                      e.flags.isEmpty ? nil : e.flags.map(\.rawValue).sorted().joined(separator: ",")]
        case .structures:
            let e = try feature.decode(IllegalStructure.self)
            var demolished: String?
            if case .demolished(let d) = e.status { demolished = CityTime.day(d) }
            values = [e.id, e.holder, e.address, FlatValues.structureStatusText(e.status), demolished]
        case .cases:
            let e = try feature.decode(ViolationCase.self)
            values = [e.id, e.typeCode, e.source.rawValue, e.description.isEmpty ? nil : e.description,
                      e.storefrontID, e.structureID, CityTime.timestamp(e.reportedAt)]
        case .officers:
            let e = try feature.decode(Officer.self)
            values = [e.id, e.name, e.team, e.mode.rawValue, e.onDuty ? "yes" : "no", e.phone, e.accountID]
        }
        // An extra never shadows a SCHEMA field (a store written before the field existed).
        let fields = schemaFields[feature.layer] ?? []
        // An officer's record carries the roster's point, the team's station, not the last fix.
        let geometry = feature.layer == .officers ? .point(try feature.decode(Officer.self).base) : feature.geometry
        return FlatRecord(values: values, extra: extra.filter { !fields.contains($0.key) }, geometry: geometry)
    }
}
