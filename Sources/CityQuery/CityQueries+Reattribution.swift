import CityModel
import CityStore
import Foundation

/// One entity whose attribution a re-attribution changed: where it was, and where it is now.
public struct ReattributionChange: Sendable, Codable, Hashable {
    public var layer: Layer
    public var id: String
    public var before: Attribution?
    public var after: Attribution
    /// What changed, in words (cell, parcel, segment and chief, red line).
    public var summary: String
}

/// What `reattribute` looked at and what it changed.
public struct ReattributionReport: Sendable, Codable, Hashable {
    public var layer: Layer
    /// Entities examined: every storefront or structure, or every open case (closed ones keep the
    /// zones they were decided under).
    public var examined: Int
    public var changed: [ReattributionChange]
    public var dryRun: Bool
}

extension CityQueries {
    /// Re-attributes storefronts, structures or open cases to the zones as they are now, after a
    /// grid, parcel, segment or red-line layer was re-imported. Only entities whose cell, parcel,
    /// segment, chief or red-line verdict changed are rewritten, each with the change recorded:
    /// a dossier record (kind `other`) for a storefront or structure, an audit row (event
    /// `reattribute`, status unchanged) for a case. A case's own workflow history is not touched,
    /// and closed cases are never re-attributed: what they were decided under stays true.
    public func reattribute(_ layer: Layer, ids: Set<String>? = nil, by caller: Caller, at date: Date = Date(),
                            dryRun: Bool = false) throws -> ReattributionReport {
        try AccessPolicy.authorize(.reattribute(layer), by: caller.principal)
        let actor = caller.principal.name
        guard [.storefronts, .structures, .cases].contains(layer) else {
            throw CityQueryError.badParameter(name: "layer", value: layer.rawValue,
                                              reason: "only storefronts, structures and open cases are re-attributed")
        }
        guard !actor.trimmingWhitespace().isEmpty else {
            throw CityQueryError.badParameter(name: "actor", value: actor, reason: "who re-attributes must be named")
        }
        let locator = Locator(configuration: configuration)
        return try store.update { view in
            let table = view[layer]
            if let unknown = ids?.first(where: { table.feature(id: $0) == nil }) {
                throw CityQueryError.notFound(layer: layer.rawValue, id: unknown)
            }
            var candidates = table.features.values.filter { ids?.contains($0.id) ?? true }
            if layer == .cases { candidates.removeAll { !($0.status.map(Self.openStatuses.contains) ?? false) } }
            candidates.sort { $0.id < $1.id }
            var batch = WriteBatch()
            var changes: [ReattributionChange] = []
            for feature in candidates {
                guard let (stored, change) = try reattributed(feature, locator: locator, view: view, actor: actor, at: date) else { continue }
                changes.append(change)
                guard !dryRun else { continue }
                batch.upsert(stored)
                if layer == .cases {
                    batch.append(CaseTransitionRow(caseID: feature.id, at: Self.timestamp(date), actor: actor, event: "reattribute",
                                                   fromStatus: feature.status, toStatus: feature.status ?? "", note: change.summary))
                } else {
                    batch.append(DossierRecordRow(layer: layer, entityID: feature.id, kind: DossierRecordKind.other.rawValue,
                                                  date: Self.timestamp(date), officer: actor, note: change.summary))
                }
            }
            try AccessPolicy.authorize(.reattribute(layer), by: try caller.current(in: view))
            if !dryRun, !changes.isEmpty {
                batch.record(caller.auditEntry(.layerReattributed, layer, ids.map { $0.sorted().joined(separator: ",") } ?? "*",
                                               "\(changes.count) of \(candidates.count) re-attributed", at: date))
            }
            return (batch, ReattributionReport(layer: layer, examined: candidates.count, changed: changes, dryRun: dryRun))
        }
    }

    /// The feature with its attribution brought up to date, or nil when nothing that matters
    /// changed (zone versions and distances alone do not count).
    private func reattributed(_ feature: StoredFeature, locator: Locator, view: CityView, actor: String,
                              at date: Date) throws -> (StoredFeature, ReattributionChange)? {
        let before: Attribution?, after: Attribution
        var stored: StoredFeature
        func note(_ summary: String) -> DossierRecord {
            DossierRecord(kind: .other, date: date, officer: actor, note: "重新归属 re-attribution: " + summary)
        }
        switch feature.layer {
        case .storefronts:
            var shop = try feature.decode(Storefront.self)
            before = shop.attribution
            try locator.attribute(&shop, in: view)
            after = shop.attribution!
            guard Self.differs(before, after) else { return nil }
            try shop.append(note(Self.summary(before, after)))
            stored = try StoredFeature(shop)
        case .structures:
            var structure = try feature.decode(IllegalStructure.self)
            before = structure.attribution
            try locator.attribute(&structure, in: view)
            guard let new = structure.attribution else { return nil }
            after = new
            guard Self.differs(before, after) else { return nil }
            try structure.append(note(Self.summary(before, after)))
            stored = try StoredFeature(structure)
        default:
            var c = try feature.decode(ViolationCase.self)
            before = c.attribution
            try locator.attribute(&c, in: view)
            after = c.attribution!
            guard Self.differs(before, after) else { return nil }
            stored = try StoredFeature(c)
        }
        stored.properties = try Self.keepingExtra(of: feature, in: stored)
        stored.zoneVersion = feature.zoneVersion
        return (stored, ReattributionChange(layer: feature.layer, id: feature.id, before: before, after: after,
                                            summary: Self.summary(before, after)))
    }

    /// The parts of an attribution that decide who answers for a place.
    private static func key(_ a: Attribution?) -> [String?] {
        [a?.gridCode?.description, a?.parcelNumber, a?.segment?.segmentID, a?.segment?.chiefID,
         a?.redLine?.redLineID, a?.redLine?.verdict.rawValue]
    }

    static func differs(_ a: Attribution?, _ b: Attribution) -> Bool { key(a) != key(b) }

    static func summary(_ a: Attribution?, _ b: Attribution) -> String {
        let names = ["cell", "parcel", "segment", "chief", "red line", "verdict"]
        return zip(names, zip(key(a), key(b))).compactMap { name, pair in
            pair.0 == pair.1 ? nil : "\(name) \(pair.0 ?? "none") → \(pair.1 ?? "none")"
        }.joined(separator: "; ")
    }
}
