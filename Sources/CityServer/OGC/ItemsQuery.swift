import CityQuery

/// The query of an items request, read and checked: paging, bbox, property filters.
struct ItemsQuery: Sendable {
    var limit: Int
    var offset: Int
    var selection: FeatureSelection
    /// The parameters other than offset, kept to write the self/next/prev links.
    var kept: [(name: String, value: String)]

    init(_ parameters: QueryParameters, limits: QueryConfiguration) throws(ServerError) {
        limit = try parameters.integer("limit", default: limits.defaultPageSize, in: 1...limits.maxPageSize)
        offset = try parameters.integer("offset", default: 0, in: 0...Int(Int32.max))
        selection = FeatureSelection()
        if let text = parameters["bbox"] {
            selection.bbox = try BoundingBox(parameter: text)
        }
        for name in ["crs", "bbox-crs"] {
            if let value = parameters[name], value != OGC.crs84 {
                throw .invalidParameter(name: name, value: value, reason: "only \(OGC.crs84) is supported")
            }
        }
        if let f = parameters["f"], !["json", "geojson"].contains(f) {
            throw .invalidParameter(name: "f", value: f, reason: "only json (GeoJSON) is offered")
        }
        // Layers carry no temporal extent, so any valid datetime selects everything (clause 7.15.4);
        // the value is still checked for shape.
        if let datetime = parameters["datetime"], datetime.isEmpty {
            throw .invalidParameter(name: "datetime", value: datetime, reason: "expected an RFC 3339 instant or interval")
        }
        selection.propertyFilters = parameters.pairs.filter { !OGC.itemsParameters.contains($0.name) && !$0.name.isEmpty }
        kept = parameters.pairs.filter { $0.name != "offset" && $0.name != "limit" }
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
            ParameterDoc("bbox", in: .query, .number, "minLon,minLat,maxLon,maxLat in CRS84; features whose geometry intersects it",
                         arrayOf: (.number, 4, 6)),
            ParameterDoc("limit", in: .query, .integer, "Page size", minimum: 1, maximum: limits.maxPageSize,
                         defaultValue: limits.defaultPageSize),
            ParameterDoc("offset", in: .query, .integer, "Features to skip", minimum: 0, defaultValue: 0),
            ParameterDoc("datetime", in: .query, .string, "Accepted; layers have no temporal extent, so it selects every feature"),
            ParameterDoc("f", in: .query, .string, "Output format: json"),
            ParameterDoc("crs", in: .query, .string, "Output CRS: only CRS84"),
            ParameterDoc("bbox-crs", in: .query, .string, "CRS of bbox: only CRS84"),
            ParameterDoc.propertyFilters,
        ]
    }
}

extension ParameterDoc {
    /// Free-form `?name=value` filters on feature properties (an OpenAPI 3.0 form-exploded object).
    static let propertyFilters = ParameterDoc("properties", in: .query, .string,
                                              "Any other parameter name=value keeps features whose property of that name equals the value")
}
