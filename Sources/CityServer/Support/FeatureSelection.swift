import CityModel
import CityQuery
import GeoCore
import SpatialIndex

/// Which features of one layer a listing asks for: those meeting a box (CRS84, or the OGC API's
/// bbox-crs), whose properties equal given values, after a cursor. Both the OGC items route and
/// /api/v1 use it, so the two agree on what a filter means.
struct FeatureSelection: Sendable {
    var bbox: BoundingBox?
    /// The box's system; nil: CRS84 (the bridge the selection runs with).
    var bboxCRS: RequestedCRS?
    /// A CQL2 filter (OGC API – Features Part 3); its spatial predicates narrow the R-tree search.
    var filter: FeatureFilter?
    /// name → value, every one of which must match (see `PropertyFilter.matches`).
    var propertyFilters: [(name: String, value: String)] = []
    /// Only ids after this one, in the listing order.
    var after: String?

    /// The matching features ordered by id (UTF-8 byte order, the order cursors follow), each with
    /// its properties as sent (the stored object plus `category` and `status`).
    func run(on queries: CityQueries, layer: Layer, transform: CoordinateBridge) throws(ServerError) -> [SelectedFeature] {
        // The exact test is made in the box's own system: a straight edge there is curved in the working CRS.
        let boxBridge = bboxCRS?.bridge ?? transform
        var window = try bbox.map { b throws(ServerError) in try boxBridge.searchWindow(b) }
        if let w = filter?.expression.searchWindow { window = window.map { $0.intersection(w) } ?? w }
        // With a filter most candidates are dropped: sort what is kept, not every candidate.
        let columns = filter?.columnValues
        let candidates = queries.features(of: layer, meeting: window, after: after, ordered: filter == nil,
                                          status: columns?.status, category: columns?.category)
        var selected: [SelectedFeature] = []
        selected.reserveCapacity(candidates.count)
        // A property filter on a name no candidate has is a misspelt parameter, said as such.
        var named = Set<String>()
        for feature in candidates {
            var lonLat: Geometry?
            if let bbox {
                guard let geometry = feature.geometry else { continue }
                let g = try boxBridge.lonLat(geometry)
                guard g.intersects(box: bbox.envelope) else { continue }
                if bboxCRS == nil || bboxCRS?.isCRS84 == true { lonLat = g }
            }
            var properties: JSONObject?
            if !propertyFilters.isEmpty {
                let p = SelectedFeature.outputProperties(of: feature)
                for (name, _) in propertyFilters where p[name] != nil { named.insert(name) }
                guard propertyFilters.allSatisfy({ PropertyFilter.matches(p[$0.name], $0.value) }) else { continue }
                properties = p
            }
            if let filter {
                // The store's columns first; the properties are parsed only if a queryable needs them.
                let lookup = { (q: Queryable) -> JSONValue? in
                    switch q.column {
                    case .status?: return feature.status.map(JSONValue.string)
                    case .category?: return feature.category.map(JSONValue.string)
                    case nil:
                        if properties == nil { properties = SelectedFeature.outputProperties(of: feature) }
                        return q.value(in: properties!)
                    }
                }
                let admitted: Bool
                do { admitted = try filter.admits(lookup, geometry: feature.geometry) } catch {
                    throw .internalFailure("filter on \(feature.id): \(error)")
                }
                guard admitted else { continue }
            }
            selected.append(SelectedFeature(feature: feature, lonLatGeometry: lonLat, properties: properties))
        }
        if let missing = propertyFilters.first(where: { !named.contains($0.name) }), !candidates.isEmpty {
            throw .invalidParameter(name: missing.name, value: missing.value,
                                    reason: "unknown parameter: no \(layer.rawValue) feature here has a property of that name (the queryables: "
                                        + Queryable.of(layer).filter { $0.kind != .geometry }.map(\.name).joined(separator: ", ") + ")")
        }
        if filter != nil { selected.sort { Self.precedes($0.feature.id, $1.feature.id) } }
        return selected
    }

    /// Listing order: ids compared as UTF-8 bytes, which is total and independent of locale.
    static func precedes(_ a: String, _ b: String) -> Bool { CityQueries.precedes(a, b) }
}

/// A property filter `?name=value` (OGC API – Features Part 1, clause 7.15.5): the value is text,
/// compared with the property as the property's JSON type reads it.
enum PropertyFilter {
    static func matches(_ property: JSONValue?, _ text: String) -> Bool {
        switch property {
        case .string(let s)?: return s == text
        case .number(let d)?: return Double(text) == d
        case .bool(let b)?: return text == (b ? "true" : "false")
        default: return false
        }
    }
}

/// One selected feature, with what the selection already computed so encoding does not redo it.
struct SelectedFeature: Sendable {
    var feature: CityFeature
    var lonLatGeometry: Geometry?
    var properties: JSONObject?

    /// The stored attributes plus the store's `category` and `status` columns when the attributes
    /// do not carry them already. Unparseable stored attributes (which the store never writes) are
    /// sent as an empty object rather than failing the whole page.
    /// Personal data is masked unless the request's reader may see it where the feature lies.
    static func outputProperties(of feature: CityFeature) -> JSONObject {
        var object = (try? JSONValue(parsing: feature.disclosed().properties))?.objectValue ?? JSONObject()
        if let c = feature.category, object["category"] == nil { object["category"] = .string(c) }
        if let s = feature.status, object["status"] == nil { object["status"] = .string(s) }
        return object
    }

    /// The feature in a requested system (the OGC API's `crs`): GeoJSON's shape, its coordinates in
    /// the system's axis order (Part 2 allows GeoJSON in another CRS when the client asks for one).
    func geoJSON(in crs: RequestedCRS, links: [JSONValue] = []) throws(ServerError) -> JSONValue {
        guard !crs.isCRS84 else { return try geoJSON(transform: crs.bridge, links: links) }
        var copy = self
        copy.lonLatGeometry = nil
        return try copy.geoJSON(transform: crs.bridge, links: links)
    }

    /// The GeoJSON Feature, geometry in CRS84.
    func geoJSON(transform: CoordinateBridge, links: [JSONValue] = []) throws(ServerError) -> JSONValue {
        var o: JSONObject = ["type": "Feature", "id": .string(feature.id)]
        if let lonLatGeometry {
            o["geometry"] = lonLatGeometry.geoJSON
        } else if let g = feature.geometry {
            o["geometry"] = try transform.lonLat(g).geoJSON
        } else {
            o["geometry"] = .null
        }
        o["properties"] = .object(properties ?? Self.outputProperties(of: feature))
        if !links.isEmpty { o["links"] = .array(links) }
        return .object(o)
    }
}
