import GeoCore

/// GeoJSON (RFC 7946) as the server writes it: geometries in CRS84 from `Geometry.geoJSON`,
/// features from `SelectedFeature.geoJSON` / `EncodedFeature`, collections from `QueryEncoding`.
extension Schemas {
    static let position = S.array(S.number, minItems: 2, maxItems: 3)

    /// Section 3.1: every geometry type but GeometryCollection, which the layers never hold.
    static let geometry: JSONValue = ["oneOf": [
        S.ref(.point),
        S.object(["type": S.constant("MultiPoint"), "coordinates": S.array(position), "bbox": bbox], required: ["type", "coordinates"]),
        S.object(["type": S.constant("LineString"), "coordinates": S.array(position, minItems: 2), "bbox": bbox],
                 required: ["type", "coordinates"]),
        S.object(["type": S.constant("MultiLineString"), "coordinates": S.array(S.array(position, minItems: 2)), "bbox": bbox],
                 required: ["type", "coordinates"]),
        S.ref(.polygon),
        S.object(["type": S.constant("MultiPolygon"), "coordinates": S.array(S.array(ring)), "bbox": bbox],
                 required: ["type", "coordinates"]),
    ], "description": "A GeoJSON geometry in CRS84 longitude/latitude"]

    static let bbox = S.array(S.number, minItems: 4, maxItems: 6)
    /// Section 3.1.6: a closed ring of four positions or more.
    static let ring = S.array(position, minItems: 4)

    static let point = S.object(["type": S.constant("Point"), "coordinates": position, "bbox": bbox], required: ["type", "coordinates"],
                                examples: [["type": "Point", "coordinates": [121.4737, 31.2304]]])
    static let polygon = S.object(["type": S.constant("Polygon"), "coordinates": S.array(ring, minItems: 1), "bbox": bbox],
                                  required: ["type", "coordinates"],
                                  examples: [["type": "Polygon", "coordinates": [[[121.47, 31.23], [121.48, 31.23], [121.48, 31.24], [121.47, 31.23]]]]])

    /// OGC API – Common's link object (`link(_:rel:type:title:)`).
    static let link = S.object(["href": S.string, "rel": S.string, "type": S.string, "title": S.string],
                               required: ["href", "rel"],
                               examples: [["href": "http://127.0.0.1:8080/ogc/collections", "rel": "data", "type": "application/json"]])

    /// A stored feature: its id, its geometry (null for none) and its properties, which are the
    /// imported columns and so open, plus the store's `category` and `status` when it has them.
    static let feature = S.object([
        "type": S.constant("Feature"),
        "id": S.string,
        "geometry": S.nullableRef(.geometry),
        "properties": S.with(["type": "object"], description: "The stored attributes (open: import columns) and category/status",
                             examples: []),
        "links": S.array(S.ref(.link)),
    ], required: ["type", "id", "geometry", "properties"], examples: [
        ["type": "Feature", "id": "S0001", "geometry": ["type": "Point", "coordinates": [121.4737, 31.2304]],
         "properties": ["name": "老城隍庙小吃店", "category": "licensed"]],
    ])

    /// A collection with its counts (`QueryEncoding.featureCollection`, the search and nearest routes).
    static let featureCollection = collection(of: S.ref(.feature))

    /// A FeatureCollection of `features`, counted; optional links and cursors are the pages' own.
    static func collection(of features: JSONValue, extra: JSONObject = [:], required: [String] = ["numberMatched", "numberReturned"])
        -> JSONValue {
        var properties: JSONObject = ["type": S.constant("FeatureCollection"), "features": S.array(features),
                                      "numberMatched": S.count, "numberReturned": S.count, "links": S.array(S.ref(.link))]
        for (k, v) in extra { properties[k] = v }
        return S.object(properties, required: ["type", "features"] + required)
    }

    /// A page of a listing: `nextCursor` is null on the last page (`QueryEncoding.page`, and the
    /// layers listing, which does not count the whole match).
    static let featurePage = S.with(collection(of: S.ref(.feature), extra: ["nextCursor": S.nullable("string")],
                                               required: ["numberReturned", "nextCursor"]),
                                    description: "A page of features; pass nextCursor as cursor for the next one",
                                    examples: [["type": "FeatureCollection", "features": [], "numberReturned": 0, "nextCursor": nil]])

    /// What POST and PUT /api/v1/layers take: a GeoJSON Feature in CRS84, with a string id (or the
    /// path's), properties as the layer's SCHEMA fields.
    static let featureInput = S.object([
        "type": S.constant("Feature"),
        "id": ["type": ["string", "integer"]],
        "geometry": S.nullableRef(.geometry),
        "properties": ["type": ["object", "null"]],
    ], required: ["type", "geometry"], open: true, examples: [
        ["type": "Feature", "id": "S9001", "geometry": ["type": "Point", "coordinates": [121.4737, 31.2304]],
         "properties": ["name": "新开小吃店", "address": "福佑路1号", "licence": "valid"]],
    ])
}
