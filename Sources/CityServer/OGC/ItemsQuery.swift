import CityModel
import Foundation
import CityQuery
import GeoCore

/// The query of an items request, read and checked: paging, bbox, property filters, the output
/// CRS and the bbox's.
struct ItemsQuery: Sendable {
    var limit: Int
    var offset: Int
    var selection: FeatureSelection
    /// The system the features are written in (`crs`).
    var crs: RequestedCRS
    /// `f`: json (GeoJSON, the default) or html.
    var format: String
    /// The parameters other than offset, kept to write the self/next/prev links.
    var kept: [(name: String, value: String)]

    init(_ parameters: QueryParameters, layer: Layer, limits: QueryConfiguration, bridge: CoordinateBridge) throws(ServerError) {
        limit = try parameters.integer("limit", default: limits.defaultPageSize, in: 1...limits.maxPageSize)
        offset = try parameters.integer("offset", default: 0, in: 0...Int(Int32.max))
        selection = FeatureSelection()
        crs = try RequestedCRS(parameter: "crs", parameters["crs"], bridge: bridge)
        let bboxCRS = try RequestedCRS(parameter: "bbox-crs", parameters["bbox-crs"], bridge: bridge)
        if let text = parameters["bbox"] {
            // Part 2: the box's numbers are in bbox-crs's axis order; only CRS84's are checked as longitudes and latitudes.
            selection.bbox = try BoundingBox(parameter: text, lonLat: bboxCRS.isCRS84)
            selection.bboxCRS = bboxCRS
        } else if parameters["bbox-crs"] != nil {
            throw .invalidParameter(name: "bbox-crs", value: parameters["bbox-crs"] ?? "", reason: "given without bbox")
        }
        selection.filter = try Self.filter(parameters, layer: layer, bridge: bridge)
        if let f = parameters["f"], !["json", "geojson", "html"].contains(f) {
            throw .invalidParameter(name: "f", value: f, reason: "expected json (GeoJSON) or html")
        }
        format = parameters["f"] ?? "json"
        // Clause 7.15.4: cases are selected by when they were reported; the other layers have no
        // temporal property, so a valid datetime selects every feature of them.
        if let text = parameters["datetime"] {
            let (start, end) = try Self.interval(text)
            if let property = Queryable.temporal(of: layer) {
                var parts: [CQL2Expression] = []
                if let start { parts.append(.comparison(.ge, .property(property), .instant(start))) }
                if let end { parts.append(.comparison(.le, .property(property), .instant(end))) }
                if let existing = selection.filter?.expression { parts.append(existing) }
                if !parts.isEmpty {
                    do { selection.filter = try FeatureFilter(parts.count == 1 ? parts[0] : .and(parts), layer: layer) } catch {
                        throw .invalidParameter(name: "datetime", value: text, reason: "\(error)")
                    }
                }
            }
        }
        // Part 1's property filters (`?status=reported`): on a queryable, an equality in the same
        // compiled filter (typed, and read through the attribution's paths); on any other name, the
        // published property of that name, and a 400 when no feature has such a property (a
        // misspelt parameter), not a filter that silently matches nothing.
        var equalities: [CQL2Expression] = []
        let queryables = Queryable.of(layer)
        for (name, value) in parameters.pairs where !OGC.itemsParameters.contains(name) && !name.isEmpty {
            if let q = queryables.first(where: { $0.name == name && $0.kind != .geometry }) {
                guard let operand = q.operand(text: value) else { throw .invalidParameter(name: name, value: value, reason: "expected \(q.expected)") }
                equalities.append(.comparison(.eq, .property(name), operand))
            } else {
                selection.propertyFilters.append((name, value))
            }
        }
        if !equalities.isEmpty {
            if let existing = selection.filter?.expression { equalities.append(existing) }
            do { selection.filter = try FeatureFilter(equalities.count == 1 ? equalities[0] : .and(equalities), layer: layer) } catch {
                throw .invalidParameter(name: "filter", value: "", reason: "\(error)")
            }
        }
        kept = parameters.pairs.filter { $0.name != "offset" && $0.name != "limit" }
    }

    /// Part 3's `filter` (CQL2 Text, or JSON with `filter-lang=cql2-json`), its geometries in
    /// `filter-crs` (CRS84 by default), checked against the layer's queryables.
    static func filter(_ parameters: QueryParameters, layer: Layer, bridge: CoordinateBridge) throws(ServerError) -> FeatureFilter? {
        guard let text = parameters["filter"] else {
            for name in ["filter-lang", "filter-crs"] where parameters[name] != nil {
                throw .invalidParameter(name: name, value: parameters[name] ?? "", reason: "given without filter")
            }
            return nil
        }
        let crs = try RequestedCRS(parameter: "filter-crs", parameters["filter-crs"], bridge: bridge)
        let toWorking: (Geometry) throws -> Geometry = { g in try g.mapPoints { try crs.bridge.toWorking($0) } }
        do {
            let expression: CQL2Expression
            switch parameters["filter-lang"] ?? "cql2-text" {
            case "cql2-text": expression = try CQL2TextParser.parse(text, toWorking: toWorking)
            case "cql2-json": expression = try CQL2JSONParser.parse(text, toWorking: toWorking)
            case let other: throw ServerError.invalidParameter(name: "filter-lang", value: other, reason: "expected cql2-text or cql2-json")
            }
            return try FeatureFilter(expression, layer: layer)
        } catch let e as CQL2Error {
            throw .invalidParameter(name: "filter", value: String(text.prefix(200)), reason: e.description)
        } catch let e as ServerError {
            throw e
        } catch {
            throw .invalidParameter(name: "filter", value: String(text.prefix(200)), reason: "\(error)")
        }
    }

    /// `datetime`: an instant (the interval of that instant alone), or `start/end` with `..` or
    /// nothing for an open end (RFC 3339; a date alone is Shanghai's midnight).
    static func interval(_ text: String) throws(ServerError) -> (Date?, Date?) {
        func instant(_ s: Substring) throws(ServerError) -> Date? {
            if s.isEmpty || s == ".." { return nil }
            guard let d = CityTime.parse(String(s)) else {
                throw .invalidParameter(name: "datetime", value: text, reason: "'\(s)' is not an RFC 3339 date-time, a date or '..'")
            }
            return d
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let d = try instant(parts[0]) else { throw .invalidParameter(name: "datetime", value: text, reason: "expected an instant or an interval") }
            return (d, d)
        case 2:
            let (a, b) = (try instant(parts[0]), try instant(parts[1]))
            if let a, let b, a > b { throw .invalidParameter(name: "datetime", value: text, reason: "the interval ends before it starts") }
            return (a, b)
        default:
            throw .invalidParameter(name: "datetime", value: text, reason: "expected an instant or start/end")
        }
    }

    /// The items URL of this query at another offset.
    func href(_ base: String, offset: Int) -> String {
        var parts = kept.map { "\(QueryParameters.encode($0.name))=\(QueryParameters.encode($0.value))" }
        parts.append("limit=\(limit)")
        parts.append("offset=\(offset)")
        return base + "?" + parts.joined(separator: "&")
    }

    static func parameterDocs(_ limits: QueryConfiguration) -> [ParameterDoc] {
        [
            ParameterDoc("bbox", in: .query, .number, "minLon,minLat,maxLon,maxLat in CRS84 (or the corners in bbox-crs); features whose geometry intersects it",
                         arrayOf: (.number, 4, 6)),
            ParameterDoc("limit", in: .query, .integer, "Page size", minimum: 1, maximum: limits.maxPageSize,
                         defaultValue: limits.defaultPageSize),
            ParameterDoc("offset", in: .query, .integer, "Features to skip", minimum: 0, defaultValue: 0),
            ParameterDoc("datetime", in: .query, .string, "An instant or an interval (start/end, .. for open): cases by when they were reported; other layers have no time"),
            ParameterDoc("f", in: .query, .string, "Output format: json (GeoJSON, the default) or html", allowed: ["json", "html"]),
            ParameterDoc("crs", in: .query, .string, "Output CRS, a URI from the collection's crs list (EPSG:4326 and 4490 latitude first, 4549 northing first); default CRS84"),
            ParameterDoc("bbox-crs", in: .query, .string, "CRS of bbox, in its axis order; default CRS84"),
            ParameterDoc("filter", in: .query, .string, "CQL2 over the collection's queryables (/queryables): comparisons, LIKE, IN, BETWEEN, IS NULL, AND/OR/NOT, TIMESTAMP/DATE, S_INTERSECTS/S_WITHIN/S_CONTAINS/S_DISJOINT/S_DWITHIN(geometry, WKT, metres)"),
            ParameterDoc("filter-lang", in: .query, .string, "cql2-text (default) or cql2-json", allowed: ["cql2-text", "cql2-json"]),
            ParameterDoc("filter-crs", in: .query, .string, "CRS of the filter's geometries; default CRS84"),
            ParameterDoc.queryableFilters,
        ]
    }
}

extension ParameterDoc {
    /// Free-form `?name=value` filters on feature properties (an OpenAPI 3.0 form-exploded object:
    /// its own name never goes on the wire, so it is not `properties`, which selects what is sent).
    static let propertyFilters = ParameterDoc("filters", in: .query, .string,
                                              "Any other parameter name=value keeps features whose property of that name equals the value")
    /// The OGC API's form: the name is a queryable, or a published property.
    static let queryableFilters = ParameterDoc(propertyFilters.name, in: .query, .string,
                                               "Any other parameter name=value keeps features whose queryable (see /queryables) or property of that name equals the value; a name no feature has is a 400")
}
