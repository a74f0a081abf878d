import CityModel
import CityStore
import Foundation

/// A storefront's or a structure's dossier: the entity, its record history and its cases.
public struct Dossier: Sendable {
    public var feature: CityFeature
    public var records: [DossierRecord]
    public var caseIDs: [String]
}

extension CityQueries {
    public func dossier(layer: Layer, id: String) throws -> Dossier {
        guard layer == .storefronts || layer == .structures else {
            throw CityQueryError.badParameter(name: "layer", value: layer.rawValue, reason: "dossiers are kept for storefronts and structures")
        }
        return try store.read { view in
            guard let feature = view[layer].feature(id: id) else { throw CityQueryError.notFound(layer: layer.rawValue, id: id) }
            let records: [DossierRecord] = layer == .storefronts
                ? try feature.decode(Storefront.self).records
                : try feature.decode(IllegalStructure.self).history
            let key = layer == .storefronts ? "storefrontID" : "structureID"
            var caseIDs: [String] = []
            if let anchor = feature.geometry?.representativePoint {
                let cases = view[.cases]
                for rowid in cases.index.within(x: anchor.x, y: anchor.y, distance: 100) {
                    if let f = cases.features[Int64(rowid)], try f.propertiesValue()[key]?.stringValue == id { caseIDs.append(f.id) }
                }
            }
            return Dossier(feature: CityFeature(feature), records: records, caseIDs: caseIDs.sorted())
        }
    }

    /// Appends a record to a dossier (records are append-only and in date order). The record's
    /// officer is the caller, who must hold `officer` where the shop or structure was attributed.
    public func addRecord(_ record: DossierRecord, to layer: Layer, id: String, by caller: Caller) throws -> Dossier {
        var record = record
        record.officer = caller.principal.name
        return try store.update { view in
            guard let feature = view[layer].feature(id: id) else { throw CityQueryError.notFound(layer: layer.rawValue, id: id) }
            try AccessPolicy.authorize(.appendDossierRecord(layer), by: try caller.current(in: view), at: try Self.attribution(of: feature))
            var stored: StoredFeature
            switch layer {
            case .storefronts:
                var shop = try feature.decode(Storefront.self)
                try shop.append(record)
                if record.kind == .licenceChange, let status = LicenceStatus(rawValue: record.note) { shop.licenceStatus = status }
                stored = try StoredFeature(shop)
            case .structures:
                var structure = try feature.decode(IllegalStructure.self)
                try structure.append(record)
                stored = try StoredFeature(structure)
            default:
                throw CityQueryError.badParameter(name: "layer", value: layer.rawValue, reason: "dossiers are kept for storefronts and structures")
            }
            stored.properties = try Self.keepingExtra(of: feature, in: stored)
            stored.zoneVersion = feature.zoneVersion
            var batch = WriteBatch()
            batch.upsert(stored)
            batch.append(DossierRecordRow(layer: layer, entityID: id, kind: record.kind.rawValue,
                                          date: Self.timestamp(record.date), officer: record.officer, note: record.note,
                                          attachments: record.attachments))
            batch.record(caller.auditEntry(.dossierRecordAppended, layer, id, "\(record.kind.rawValue): \(record.note)"))
            let records = layer == .storefronts ? try stored.decode(Storefront.self).records
                                                : try stored.decode(IllegalStructure.self).history
            return (batch, Dossier(feature: CityFeature(stored), records: records, caseIDs: []))
        }
    }

    /// Where a stored case, shop or structure was attributed: what the access rules decide on.
    static func attribution(of feature: StoredFeature) throws -> Attribution? {
        switch feature.layer {
        case .cases: try feature.decode(ViolationCase.self).attribution
        case .storefronts: try feature.decode(Storefront.self).attribution
        case .structures: try feature.decode(IllegalStructure.self).attribution
        default: nil
        }
    }

    /// The re-encoded entity's properties with the import's extra columns carried over; a stored
    /// text that is not a JSON object is an error naming the feature, not a silent drop.
    static func keepingExtra(of old: StoredFeature, in new: StoredFeature) throws -> [UInt8] {
        try new.keepingExtra(of: old)
    }
}
