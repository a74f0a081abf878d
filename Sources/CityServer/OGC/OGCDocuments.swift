import CityModel
import GeoCore

/// The fixed parts of OGC API – Features Part 1 Core (OGC 17-069r4) this server implements.
enum OGC {
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

    /// Requirement /req/core/conformance-success: the classes the server claims. Not `oas30`: its
    /// requirement /req/oas30/oas-definition-1 asks for an OpenAPI 3.0 definition, and ours is 3.1
    /// (JSON Schema 2020-12, which 3.0 cannot state: `null` in `type`, `const`, `examples`).
    /// Features Part 1 1.0 has no 3.1 class, and the class is optional, so the honest list is core
    /// and GeoJSON; the landing page still links the definition as `service-desc`.
    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    ]

    /// Query parameters the items route gives a meaning to; every other name is a property filter.
    static let itemsParameters: Set = ["bbox", "limit", "offset", "datetime", "f", "crs", "bbox-crs", "filter", "filter-lang", "filter-crs"]

    /// The collection title in the client's language (Accept-Language; Chinese unless English is
    /// preferred), with the other language as the description.
    static func titles(_ layer: Layer, acceptLanguage: String?) -> (title: String, description: String) {
        let english = acceptLanguage.map { header in
            let first = header.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            return first.hasPrefix("en")
        } ?? false
        return english ? (layer.labelEN, layer.labelZH) : (layer.labelZH, layer.labelEN)
    }

    /// Clause 7.14: a collection with its CRS84 extent and its links; Part 2: the systems it is
    /// served in (`crs`) and the one it is stored in (`storageCrs`).
    static func collection(_ layer: Layer, extent: Envelope, base: String, acceptLanguage: String?,
                           crs: [String] = [crs84], storageCRS: String? = nil) -> JSONValue {
        let (title, description) = titles(layer, acceptLanguage: acceptLanguage)
        let href = "\(base)/ogc/collections/\(layer.rawValue)"
        var o: JSONObject = [
            "id": .string(layer.rawValue),
            "title": .string(title),
            "description": .string(description),
            "itemType": "feature",
            "crs": .array(crs.map(JSONValue.string)),
            "links": [
                link(href, rel: "self", type: MediaTypes.json, title: title),
                link(href + "/items", rel: "items", type: MediaTypes.geoJSON, title: title),
            ],
        ]
        if let storageCRS { o["storageCrs"] = .string(storageCRS) }
        if !extent.isEmpty {
            o["extent"] = ["spatial": [
                "bbox": [[.number(extent.minX), .number(extent.minY), .number(extent.maxX), .number(extent.maxY)]],
                "crs": .string(crs84),
            ]]
        }
        return .object(o)
    }
}
