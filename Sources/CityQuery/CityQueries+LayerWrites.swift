import CityModel
import CityStore
import Foundation
import GeoCore

/// How an administrator's write meets what is stored.
public enum FeatureWrite: Sendable {
    /// A new feature; an existing id is a conflict.
    case add
    /// The feature under its id, which must exist.
    case replace
}

/// An administrator's edits of single features, through the same checks an import makes: the
/// properties are read as the layer's entity (a storefront needs a name, an address and a trade,
/// a point that is a point), checked by the entity's own `validate()`, attributed to the zones
/// where it lies, and stored in the entity's own form, so nothing invalid waits in the store to
/// fail later. What the server keeps for an entity (dossier records, attribution, a case's
/// status, assignment, deadline and history) is not the client's to write: status changes only
/// through transitions, records only through their own route.
extension CityQueries {
    /// The layers an administrator may edit feature by feature. Zone layers (cells, parcels,
    /// roads, segments, red lines) change only by import, which checks a grid whole (overlaps,
    /// numbering) and gives each re-import its version for re-attribution.
    public static let editableLayers: Set<Layer> = [.storefronts, .structures, .cases]

    /// Writes one feature given as the API shows features: the entity's fields as `properties`
    /// (JSON text), the geometry already in the working CRS. Returns what was stored.
    @discardableResult
    public func write(_ layer: Layer, id: String, geometry: Geometry?, properties: [UInt8], as mode: FeatureWrite,
                      by caller: Caller) throws -> CityFeature {
        try editable(layer)
        try AccessPolicy.authorize(.writeFeature(layer), by: caller.principal, at: nil, orSomewhere: true)
        if layer == .cases, case .add = mode {
            throw CityQueryError.badParameter(name: "layer", value: layer.rawValue,
                                              reason: "a case is reported with POST /api/v1/cases (or citygrid case report), which starts its history")
        }
        let object: JSONObject
        do {
            guard case .object(let given) = try JSONValue(parsing: properties) else {
                throw CityQueryError.badParameter(name: "properties", value: "", reason: "expected an object of the entity's fields")
            }
            object = given
        } catch let error as GeoCoreError {
            throw CityQueryError.badParameter(name: "properties", value: "", reason: "expected an object of the entity's fields: \(error)")
        }
        guard let geometry else { throw CityQueryError.unprocessable(name: "geometry", reason: "is null; a \(layer.rawValue) feature needs one") }
        do {
            return CityFeature(try store.update { view in
                var (batch, written) = try self.written(layer, id: id, geometry: geometry, object: object, mode: mode, in: view)
                let principal = try caller.current(in: view)
                // Inside one's areas before and after: an administrator neither takes a shop in
                // from another's area nor moves one out to it.
                let existing = view[layer].feature(id: id)
                if let existing {
                    try AccessPolicy.authorize(.writeFeature(layer), by: principal, at: try Self.attribution(of: existing))
                }
                try AccessPolicy.authorize(.writeFeature(layer), by: principal, at: try Self.attribution(of: written))
                batch.record(caller.auditEntry(.featureWritten, layer, id, existing == nil ? "added" : "replaced"))
                return (batch, written)
            })
        } catch CityModelError.invalidEntity(_, _, let field, let problem) {
            throw CityQueryError.unprocessable(name: "properties.\(field)", reason: problem)
        }
    }

    private func written(_ layer: Layer, id: String, geometry: Geometry, object: JSONObject, mode: FeatureWrite,
                         in view: CityView) throws -> (WriteBatch, StoredFeature) {
        var object = object
        let existing = view[layer].feature(id: id)
        switch mode {
        case .add where existing != nil: throw CityQueryError.conflict(reason: "\(layer.rawValue)/\(id) exists already")
        case .replace where existing == nil: throw CityQueryError.notFound(layer: layer.rawValue, id: id)
        default: break
        }
        let stored = try existing?.propertiesValue() ?? [:]
        object["id"] = .string(id)
        var feature: StoredFeature
        let locator = Locator(configuration: configuration)
        switch layer {
        case .storefronts:
            object["point"] = try Self.geoJSON(geometry, as: "Point", layer: layer)
            object["records"] = stored["records"] ?? .array([])
            object["attribution"] = nil
            var shop = try Self.entity(Storefront.self, object)
            try shop.validate()
            try locator.attribute(&shop, in: view)
            try requireInside(shop.attribution, geometry)
            feature = try StoredFeature(shop)
        case .structures:
            object["footprint"] = try Self.geoJSON(geometry, as: "Polygon", layer: layer)
            object["history"] = stored["history"] ?? .array([])
            object["attribution"] = nil
            var structure = try Self.entity(IllegalStructure.self, object)
            try structure.validate()
            try locator.attribute(&structure, in: view)
            try requireInside(structure.attribution, geometry)
            feature = try StoredFeature(structure)
        default:
            // A case: what the workflow owns must come back as it is stored.
            object["point"] = try Self.geoJSON(geometry, as: "Point", layer: layer)
            for key in ["status", "assignment", "deadline", "history", "duplicateOf", "reportedAt"] {
                // JSON values compare by content, whatever their key order.
                if let given = object[key], given != stored[key] {
                    throw CityQueryError.conflict(reason: "\(key) changes only through POST /api/v1/cases/\(id)/transitions")
                }
                object[key] = stored[key]
            }
            object["attribution"] = nil
            var c = try Self.entity(ViolationCase.self, object)
            guard catalogue.caseType(code: c.typeCode) != nil else {
                throw CityQueryError.unprocessable(name: "properties.typeCode", reason: "\(c.typeCode) is no case type of the catalogue")
            }
            try c.validate()
            try locator.attribute(&c, in: view)
            try requireInside(c.attribution, geometry)
            feature = try StoredFeature(c)
        }
        // The import's extra columns stay with the feature an administrator replaces.
        if let existing { feature.properties = try feature.keepingExtra(of: existing) }
        var batch = WriteBatch()
        batch.upsert(feature)
        return (batch, feature)
    }

    /// An administrator removes a storefront or structure. A case is cancelled, not deleted: its
    /// history is the audit trail.
    public func remove(_ layer: Layer, id: String, by caller: Caller) throws {
        try editable(layer)
        try AccessPolicy.authorize(.removeFeature(layer), by: caller.principal, at: nil, orSomewhere: true)
        guard layer != .cases else {
            throw CityQueryError.conflict(reason: "a case is not deleted; cancel it with POST /api/v1/cases/\(id)/transitions {\"event\":\"cancel\"}")
        }
        try store.update { view in
            guard let existing = view[layer].feature(id: id) else { throw CityQueryError.notFound(layer: layer.rawValue, id: id) }
            try AccessPolicy.authorize(.removeFeature(layer), by: try caller.current(in: view), at: try Self.attribution(of: existing))
            var batch = WriteBatch()
            batch.delete(layer: layer, id: id)
            batch.record(caller.auditEntry(.featureDeleted, layer, id, "removed"))
            return (batch, ())
        }
    }

    private func editable(_ layer: Layer) throws {
        guard Self.editableLayers.contains(layer) else {
            throw CityQueryError.badParameter(
                name: "layer", value: layer.rawValue,
                reason: layer == .officers
                    ? "officers change by import of the roster (citygrid import officers FILE) and move by their fixes (POST /api/v1/officers/{id}/positions); editable here: storefronts, structures, cases"
                    : "\(layer.rawValue) is a zone layer: it changes by import (citygrid import \(layer.rawValue) FILE), which checks it whole; editable here: storefronts, structures, cases")
        }
    }

    /// An entity the deployment's cells do not cover is outside the area it serves.
    private func requireInside(_ attribution: Attribution?, _ geometry: Geometry) throws {
        guard attribution?.gridCode != nil else {
            let p = geometry.allPoints.first ?? Point(x: .nan, y: .nan)
            throw CityQueryError.outsideDeploymentArea(name: "geometry", x: p.x, y: p.y)
        }
    }

    private static func geoJSON(_ geometry: Geometry, as type: String, layer: Layer) throws -> JSONValue {
        let value = geometry.geoJSON
        guard value["type"]?.stringValue == type else {
            throw CityQueryError.unprocessable(name: "geometry", reason: "is a \(value["type"]?.stringValue ?? "nothing"); a \(layer.rawValue) feature's geometry is a \(type)")
        }
        return value
    }

    /// The entity from its JSON fields; a missing or mistyped field is named by its path.
    private static func entity<E: Decodable>(_ type: E.Type, _ object: JSONObject) throws -> E {
        var bytes: [UInt8] = []
        JSONValue.object(object).write(to: &bytes)
        let data = Data(bytes)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            let text = try d.singleValueContainer().decode(String.self)
            guard let date = CityTime.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: d.codingPath, debugDescription: "'\(text)' is not a date-time"))
            }
            return date
        }
        do {
            return try decoder.decode(E.self, from: data)
        } catch let error as DecodingError {
            let (path, reason): ([any CodingKey], String) = switch error {
            case .keyNotFound(let key, let c): (c.codingPath + [key], "is required")
            case .typeMismatch(let t, let c): (c.codingPath, "expected \(t)")
            case .valueNotFound(let t, let c): (c.codingPath, "expected \(t), found null")
            case .dataCorrupted(let c): (c.codingPath, c.debugDescription)
            @unknown default: ([], "\(error)")
            }
            let name = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }
            throw CityQueryError.unprocessable(name: "properties" + (name.isEmpty ? "" : "." + String(name)), reason: reason)
        }
    }
}
