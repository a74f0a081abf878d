import GeoCore

/// OGC API – Features Part 1 Core documents (OGC 17-069r4), as `OGCController` and `OGC` write them;
/// the JSON Schemas follow the standard's own (landingPage.yaml, confClasses.yaml,
/// collections.yaml, collection.yaml, featureCollectionGeoJSON.yaml), with the members we send
/// required.
extension Schemas {
    static let landingPage = S.object([
        "title": S.string, "description": S.string, "links": S.array(S.ref(.link), minItems: 1),
    ], required: ["links"], open: true, examples: [
        ["title": "CityGrid 城市网格", "links": [["href": "http://127.0.0.1:8080/openapi.json", "rel": "service-desc",
                                                  "type": "application/vnd.oai.openapi+json;version=3.1"]]],
    ])

    static let conformance = S.object(["conformsTo": S.array(["type": "string", "format": "uri"], minItems: 1)],
                                      required: ["conformsTo"], examples: [
                                          ["conformsTo": ["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"]],
                                      ])

    static let collection = S.object([
        "id": S.string, "title": S.string, "description": S.string, "itemType": S.constant("feature"),
        "crs": S.array(S.string, minItems: 1), "storageCrs": S.string,
        "links": S.array(S.ref(.link), minItems: 1),
        "extent": S.object(["spatial": S.object([
            "bbox": S.array(S.array(S.number, minItems: 4, maxItems: 6), minItems: 1), "crs": S.string,
        ], required: ["bbox"])], required: ["spatial"]),
    ], required: ["id", "title", "links", "itemType", "crs"], examples: [
        ["id": "grids", "title": "单元网格", "description": "Grid cells", "itemType": "feature",
         "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
         "links": [["href": "http://127.0.0.1:8080/ogc/collections/grids/items", "rel": "items", "type": "application/geo+json"]],
         "extent": ["spatial": ["bbox": [[121.46, 31.22, 121.49, 31.24]], "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"]]],
    ])

    /// Part 3's queryables: a JSON Schema document.
    static let queryables = S.object([
        "$schema": S.string, "$id": S.string, "type": S.constant("object"), "title": S.string,
        "properties": ["type": "object", "additionalProperties": ["type": "object"]], "additionalProperties": S.boolean,
    ], required: ["$schema", "$id", "type", "properties"])

    static let collections = S.object(["links": S.array(S.ref(.link)), "collections": S.array(S.ref(.collection)),
                                       "crs": S.array(S.string)],
                                      required: ["links", "collections"])

    /// Requirement /req/geojson/content: a FeatureCollection with `numberMatched`,
    /// `numberReturned`, `timeStamp` and the paging links.
    static let ogcFeatureCollection = S.with(
        collection(of: S.ref(.feature), extra: ["timeStamp": S.dateTime],
                   required: ["numberMatched", "numberReturned", "timeStamp", "links"]),
        description: "A page of a collection's items", examples: [
            ["type": "FeatureCollection", "features": [], "numberMatched": 0, "numberReturned": 0,
             "timeStamp": "2026-05-01T09:00:00+08:00",
             "links": [["href": "http://127.0.0.1:8080/ogc/collections/grids/items?limit=10&offset=0", "rel": "self",
                        "type": "application/geo+json"]]],
        ])
}
