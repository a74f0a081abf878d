/// A GeoJSON Feature (RFC 7946 section 3.2): an optional id (string or number), an optional
/// geometry and properties kept in document order.
public struct Feature: Hashable, Sendable {
    public var id: JSONValue?
    public var geometry: Geometry?
    public var properties: JSONObject

    public init(id: JSONValue? = nil, geometry: Geometry?, properties: JSONObject = JSONObject()) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    public init(geoJSON: JSONValue) throws(GeoCoreError) {
        try self.init(geoJSON: geoJSON, path: "")
    }

    /// Reads the Feature object found at `path` of a larger document (`features[3]`), so errors
    /// name the full path. A missing or null geometry gives nil; null properties give none.
    public init(geoJSON: JSONValue, path: String) throws(GeoCoreError) {
        guard case .object(let o) = geoJSON else {
            throw .geoJSON(message: "expected a Feature object, found \(geoJSON.kindName)", path: path)
        }
        guard o["type"] == "Feature" else {
            throw .geoJSON(message: "expected \"type\": \"Feature\", found \(o["type"].map(\.jsonString) ?? "no type")",
                           path: jsonPath(path, "type"))
        }
        switch o["id"] {
        case nil, .null?: id = nil
        case .string?, .number?: id = o["id"]
        case let other?:
            throw .geoJSON(message: "a Feature id must be a string or a number, found \(other.kindName)", path: jsonPath(path, "id"))
        }
        switch o["geometry"] {
        case nil, .null?: geometry = nil
        case let g?: geometry = try Geometry(geoJSON: g, path: jsonPath(path, "geometry"))
        }
        switch o["properties"] {
        case nil, .null?: properties = JSONObject()
        case .object(let p)?: properties = p
        case let other?:
            throw .geoJSON(message: "\"properties\" must be an object or null, found \(other.kindName)", path: jsonPath(path, "properties"))
        }
    }

    public init(geoJSONString: String) throws(GeoCoreError) {
        try self.init(geoJSON: JSONValue(parsing: geoJSONString))
    }

    /// The Feature object; `rightHandRule` as for `Geometry.geoJSON(rightHandRule:)`.
    public func geoJSON(rightHandRule: Bool = true) -> JSONValue {
        var o: JSONObject = ["type": "Feature"]
        if let id { o["id"] = id }
        o["geometry"] = geometry?.geoJSON(rightHandRule: rightHandRule) ?? .null
        o["properties"] = .object(properties)
        return .object(o)
    }

    public var geoJSONString: String { geoJSON().jsonString }
}

/// A GeoJSON FeatureCollection (RFC 7946 section 3.3), read and written whole. Large files are
/// better streamed feature by feature with `JSONParser.parseValue(at:)` and `Feature(geoJSON:path:)`.
public struct FeatureCollection: Hashable, Sendable {
    public var features: [Feature]

    public init(features: [Feature]) {
        self.features = features
    }

    public init(geoJSON: JSONValue) throws(GeoCoreError) {
        guard case .object(let o) = geoJSON else {
            throw .geoJSON(message: "expected a FeatureCollection object, found \(geoJSON.kindName)", path: "")
        }
        guard o["type"] == "FeatureCollection" else {
            throw .geoJSON(message: "expected \"type\": \"FeatureCollection\", found \(o["type"].map(\.jsonString) ?? "no type")", path: "type")
        }
        guard case .array(let items)? = o["features"] else {
            throw .geoJSON(message: "\"features\" must be an array", path: "features")
        }
        var features: [Feature] = []
        features.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            features.append(try Feature(geoJSON: item, path: "features[\(k)]"))
        }
        self.features = features
    }

    public init(geoJSONString: String) throws(GeoCoreError) {
        try self.init(geoJSON: JSONValue(parsing: geoJSONString))
    }

    public func geoJSON(rightHandRule: Bool = true) -> JSONValue {
        ["type": "FeatureCollection", "features": .array(features.map { $0.geoJSON(rightHandRule: rightHandRule) })]
    }

    public var geoJSONString: String { geoJSON().jsonString }
}
