import CityModel
import CityQuery
import GeoCore
import Hummingbird

/// OGC API – Features Part 1 Core over every layer, at /ogc: the landing page, conformance, the
/// collections and their items, in GeoJSON with CRS84 coordinates (RFC 7946).
struct OGCController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let collectionID = ParameterDoc("collectionId", in: .path, .string, "A layer", allowed: Layer.allCases.map(\.rawValue))

    var routes: [Route] {
        let problem = BodyDoc.problem
        return [
            Route(Endpoint(.get, "/ogc", access: .read, operationID: "getLandingPage",
                           summary: "Landing page of the OGC API – Features service", tag: "OGC API – Features",
                           responses: [ResponseDoc(200, "Links to the API description, conformance and collections", .json(.landingPage), or: [.text("text/html")])]),
                  handler: landingPage),
            Route(Endpoint(.get, "/ogc/conformance", access: .read, operationID: "getConformanceDeclaration",
                           summary: "Conformance classes implemented", tag: "OGC API – Features",
                           responses: [ResponseDoc(200, "The conformance classes", .json(.conformance), or: [.text("text/html")])]),
                  handler: conformance),
            Route(Endpoint(.get, "/ogc/collections", access: .read, operationID: "getCollections",
                           summary: "Every layer as a feature collection", tag: "OGC API – Features",
                           responses: [ResponseDoc(200, "The collections with their CRS84 extents", .json(.collections), or: [.text("text/html")])]),
                  handler: collections),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}", access: .read, operationID: "describeCollection",
                           summary: "One layer's description", tag: "OGC API – Features", parameters: [Self.collectionID],
                           responses: [ResponseDoc(200, "The collection", .json(.collection), or: [.text("text/html")]), ResponseDoc(404, "No such collection", problem)]),
                  handler: collection),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}/queryables", access: .read, operationID: "getQueryables",
                           summary: "The properties a filter may name (OGC API – Features Part 3), as JSON Schema", tag: "OGC API – Features",
                           parameters: [Self.collectionID],
                           responses: [ResponseDoc(200, "The queryables", .jsonSchema(.queryables)), ResponseDoc(404, "No such collection", problem)]),
                  handler: queryables),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}/items", access: .read, operationID: "getFeatures",
                           summary: "Features of a layer, filtered by bbox and properties, paged by limit and offset",
                           tag: "OGC API – Features", parameters: [Self.collectionID] + ItemsQuery.parameterDocs(queries.configuration),
                           responses: [ResponseDoc(200, "A GeoJSON FeatureCollection", .geoJSON(.ogcFeatureCollection), or: [.text("text/html")]),
                                       ResponseDoc(400, "A parameter is malformed", problem),
                                       ResponseDoc(404, "No such collection", problem)]),
                  handler: items),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}/items/{featureId}", access: .read, operationID: "getFeature",
                           summary: "One feature", tag: "OGC API – Features",
                           parameters: [Self.collectionID, ParameterDoc("featureId", in: .path, .string, "The feature's id")],
                           responses: [ResponseDoc(200, "A GeoJSON Feature", .geoJSON(.feature), or: [.text("text/html")]), ResponseDoc(404, "No such collection or item", problem)]),
                  handler: item),
        ]
    }

    @Sendable func landingPage(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let base = baseURL(request, configuration)
        let document: JSONValue = [
            "title": "CityGrid 城市网格",
            "description": "Grid cells, road-chief segments, storefront and structure dossiers and violation cases of the city-management service",
            "links": [
                link(base + "/ogc", rel: "self", type: MediaTypes.json, title: "This document"),
                link(base + "/openapi.json", rel: "service-desc", type: MediaTypes.openAPI, title: "The API definition"),
                link(base + "/ogc/conformance", rel: "conformance", type: MediaTypes.json, title: "Conformance classes"),
                link(base + "/ogc/collections", rel: "data", type: MediaTypes.json, title: "The collections"),
            ],
        ]
        if OGCHTML.wanted(request, f: try Self.format(request)) {
            let intro = "<p>Grid cells, road-chief segments, storefront and structure dossiers and violation cases, as OGC API – Features "
                + "collections (this page as JSON: <a href=\"\(OGCHTML.escape(base))/ogc?f=json\">/ogc?f=json</a>).</p>"
            return OGCHTML.page(title: "CityGrid 城市网格 · OGC API – Features", crumbs: [("CityGrid", base + "/")], body: intro
                + OGCHTML.links([("The collections", base + "/ogc/collections?f=html"), ("Conformance", base + "/ogc/conformance?f=html"),
                                 ("The API definition (OpenAPI 3.1)", base + "/openapi.json"), ("WFS 2.0 capabilities", base + "/wfs?service=WFS&request=GetCapabilities")]))
        }
        return .json(document)
    }

    /// `f`: json (the default) or html; anything else is a 400 naming it.
    static func format(_ request: Request) throws -> String? {
        let f = try QueryParameters(query: request.uri.query)["f"]
        if let f, !["json", "geojson", "html"].contains(f) {
            throw ServerError.invalidParameter(name: "f", value: f, reason: "expected json or html")
        }
        return f
    }

    @Sendable func conformance(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        if OGCHTML.wanted(request, f: try Self.format(request)) {
            let base = baseURL(request, configuration)
            return OGCHTML.page(title: "Conformance", crumbs: [("OGC API", base + "/ogc?f=html")],
                                body: "<ul>" + OGC.conformance.map { "<li><code>\(OGCHTML.escape($0))</code></li>" }.joined() + "</ul>")
        }
        return .json(["conformsTo": .array(OGC.conformance.map { .string($0) })])
    }

    @Sendable func collections(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let base = baseURL(request, configuration)
        let language = request.headers[.acceptLanguage]
        var list: [JSONValue] = []
        for layer in Layer.allCases {
            list.append(OGC.collection(layer, extent: try extent(of: layer), base: base, acceptLanguage: language,
                                       crs: RequestedCRS.uris(transform), storageCRS: transform.storageCRS))
        }
        if OGCHTML.wanted(request, f: try Self.format(request)) {
            var rows = "<table><tr><th>Collection</th><th>Id</th><th>Features</th><th></th></tr>"
            for (layer, count) in queries.layerCounts() {
                let (title, _) = OGC.titles(layer, acceptLanguage: language)
                let href = "\(base)/ogc/collections/\(layer.rawValue)"
                rows += "<tr><td><a href=\"\(OGCHTML.escape(href))?f=html\">\(OGCHTML.escape(title))</a></td><td><code>\(layer.rawValue)</code></td>"
                    + "<td>\(count)</td><td><a href=\"\(OGCHTML.escape(href))/items?f=html\">items</a></td></tr>"
            }
            return OGCHTML.page(title: "Collections", crumbs: [("OGC API", base + "/ogc?f=html")], body: rows + "</table>")
        }
        return .json([
            "links": [link(base + "/ogc/collections", rel: "self", type: MediaTypes.json)],
            "collections": .array(list),
            "crs": .array(RequestedCRS.uris(transform).map(JSONValue.string)),
        ])
    }

    @Sendable func collection(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
        if OGCHTML.wanted(request, f: try Self.format(request)) {
            let base = baseURL(request, configuration)
            let href = "\(base)/ogc/collections/\(layer.rawValue)"
            let (title, description) = OGC.titles(layer, acceptLanguage: request.headers[.acceptLanguage])
            let extent = try extent(of: layer)
            var rows: [(String, String)] = [("Id", layer.rawValue), ("Description", description),
                                            ("Features", String(queries.layerCounts().first { $0.layer == layer }?.count ?? 0))]
            if !extent.isEmpty { rows.append(("Extent (CRS84)", "\(extent.minX), \(extent.minY), \(extent.maxX), \(extent.maxY)")) }
            rows.append(("CRS", RequestedCRS.uris(transform).joined(separator: " ")))
            rows.append(("Queryables", Queryable.of(layer).map(\.name).joined(separator: ", ")))
            return OGCHTML.page(title: title, crumbs: [("OGC API", base + "/ogc?f=html"), ("Collections", base + "/ogc/collections?f=html")],
                                body: OGCHTML.table(rows)
                                    + OGCHTML.map(geojson: href + "/items?limit=500&f=json", bbox: extent.isEmpty ? nil : extent)
                                    + OGCHTML.links([("Items", href + "/items?f=html"), ("Items as GeoJSON", href + "/items?f=json"),
                                                     ("Queryables", href + "/queryables"), ("This collection as JSON", href + "?f=json")]),
                                scripts: true)
        }
        return .json(OGC.collection(layer, extent: try extent(of: layer), base: baseURL(request, configuration),
                                    acceptLanguage: request.headers[.acceptLanguage], crs: RequestedCRS.uris(transform),
                                    storageCRS: transform.storageCRS))
    }

    /// Part 3, requirement /req/queryables/get-queryables-response: a JSON Schema of the typed
    /// attributes a filter may name, the geometry among them.
    @Sendable func queryables(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
        var properties = JSONObject()
        for q in Queryable.of(layer) {
            var schema: JSONObject = ["title": .string(q.title)]
            switch q.kind {
            case .string: schema["type"] = "string"
            case .number: schema["type"] = "number"
            case .integer: schema["type"] = "integer"
            case .boolean: schema["type"] = "boolean"
            case .dateTime: schema["type"] = "string"; schema["format"] = "date-time"
            case .geometry: schema["format"] = "geometry-any"
            }
            if let values = q.values { schema["enum"] = .array(values.map(JSONValue.string)) }
            properties[q.name] = .object(schema)
        }
        let href = "\(baseURL(request, configuration))/ogc/collections/\(layer.rawValue)/queryables"
        return .json([
            "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": .string(href), "type": "object",
            "title": .string(OGC.titles(layer, acceptLanguage: request.headers[.acceptLanguage]).title),
            "properties": .object(properties), "additionalProperties": false,
        ], mediaType: MediaTypes.jsonSchema)
    }

    @Sendable func items(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
        let query = try ItemsQuery(QueryParameters(query: request.uri.query), layer: layer, limits: queries.configuration, bridge: transform)
        let selected = try query.selection.run(on: queries, layer: layer, transform: transform)
        let page = selected.dropFirst(query.offset).prefix(query.limit)
        var features: [JSONValue] = []
        features.reserveCapacity(page.count)
        for s in page { features.append(try s.geoJSON(in: query.crs)) }
        let collectionHref = "\(baseURL(request, configuration))/ogc/collections/\(layer.rawValue)"
        let href = collectionHref + "/items"
        var links = [
            link(query.href(href, offset: query.offset), rel: "self", type: MediaTypes.geoJSON, title: "This page"),
            link(collectionHref, rel: "collection", type: MediaTypes.json),
        ]
        if query.offset + page.count < selected.count {
            links.append(link(query.href(href, offset: query.offset + query.limit), rel: "next", type: MediaTypes.geoJSON, title: "Next page"))
        }
        if query.offset > 0 {
            links.append(link(query.href(href, offset: max(0, query.offset - query.limit)), rel: "prev", type: MediaTypes.geoJSON, title: "Previous page"))
        }
        if OGCHTML.wanted(request, f: try Self.format(request)) {
            var rows = "<table><tr><th>Id</th>" + Self.htmlColumns(layer).map { "<th>\(OGCHTML.escape($0.name))</th>" }.joined() + "</tr>"
            for s in page {
                let p = s.properties ?? SelectedFeature.outputProperties(of: s.feature)
                let itemHref = "\(href)/\(QueryParameters.encode(s.feature.id))?f=html"
                rows += "<tr><td><a href=\"\(OGCHTML.escape(itemHref))\">\(OGCHTML.escape(s.feature.id))</a></td>"
                    + Self.htmlColumns(layer).map { "<td>\(OGCHTML.escape($0.value(in: p).map(OGCHTML.text) ?? ""))</td>" }.joined() + "</tr>"
            }
            var paging = "<p class=\"paging\">\(page.isEmpty ? 0 : query.offset + 1)–\(query.offset + page.count) of \(selected.count) "
            if query.offset > 0 { paging += "<a rel=\"prev\" href=\"\(OGCHTML.escape(query.href(href, offset: max(0, query.offset - query.limit))))\">previous</a>" }
            if query.offset + page.count < selected.count {
                paging += "<a rel=\"next\" href=\"\(OGCHTML.escape(query.href(href, offset: query.offset + query.limit)))\">next</a>"
            }
            let here = query.href(href, offset: query.offset)
            let json = here.contains("f=html") ? here.replacingOccurrences(of: "f=html", with: "f=json") : here + "&f=json"
            let (title, _) = OGC.titles(layer, acceptLanguage: request.headers[.acceptLanguage])
            let base = baseURL(request, configuration)
            return OGCHTML.page(title: "\(title): items", crumbs: [("OGC API", base + "/ogc?f=html"), ("Collections", base + "/ogc/collections?f=html"),
                                                                 (title, collectionHref + "?f=html")],
                                body: paging + "</p>" + OGCHTML.map(geojson: json, bbox: nil) + rows + "</table>", scripts: true)
        }
        var response = Response.json([
            "type": "FeatureCollection",
            "features": .array(features),
            "numberMatched": .number(Double(selected.count)),
            "numberReturned": .number(Double(features.count)),
            "timeStamp": .string(timeStamp()),
            "links": .array(links),
        ], mediaType: MediaTypes.geoJSON)
        response.headers[.init(Self.contentCRS)!] = query.crs.header
        return response
    }

    @Sendable func item(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
        let id = try context.parameters.require("featureId").decodedPathComponent(parameter: "featureId")
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(["crs", "f"])
        let crs = try RequestedCRS(parameter: "crs", q["crs"], bridge: transform)
        guard let feature = queries.feature(layer, id: id) else {
            throw ServerError.unknownFeature(collection: layer.rawValue, id: id)
        }
        let base = "\(baseURL(request, configuration))/ogc/collections/\(layer.rawValue)"
        let encodedID = QueryParameters.encode(id)
        let links = [
            link("\(base)/items/\(encodedID)", rel: "self", type: MediaTypes.geoJSON),
            link(base, rel: "collection", type: MediaTypes.json),
        ]
        if OGCHTML.wanted(request, f: q["f"]) {
            let p = SelectedFeature.outputProperties(of: feature)
            let rows = p.members.sorted { $0.key < $1.key }.map { ($0.key, OGCHTML.text($0.value)) }
            let root = baseURL(request, configuration)
            return OGCHTML.page(title: "\(layer.rawValue) \(id)", crumbs: [("OGC API", root + "/ogc?f=html"), ("Collections", root + "/ogc/collections?f=html"),
                                                                          (layer.rawValue, base + "/items?f=html")],
                                body: OGCHTML.map(geojson: "\(base)/items/\(encodedID)?f=json", bbox: nil) + OGCHTML.table(rows), scripts: true)
        }
        var response = Response.json(try SelectedFeature(feature: feature).geoJSON(in: crs, links: links), mediaType: MediaTypes.geoJSON)
        response.headers[.init(Self.contentCRS)!] = crs.header
        return response
    }

    static let contentCRS = "Content-Crs"

    /// The columns of an HTML items table: the layer's first few typed properties.
    static func htmlColumns(_ layer: Layer) -> [Queryable] {
        Array(Queryable.of(layer).filter { $0.kind != .geometry }.prefix(5))
    }

    static func layer(_ context: CityRequestContext) throws -> Layer {
        let name = try context.parameters.require("collectionId").decodedPathComponent(parameter: "collectionId")
        guard let layer = Layer(rawValue: name) else { throw ServerError.unknownCollection(name) }
        return layer
    }

    /// The CRS84 envelope of every feature of the layer; empty for an empty layer.
    func extent(of layer: Layer) throws(ServerError) -> Envelope {
        let working = queries.extent(of: layer)
        return working.isEmpty ? working : try transform.lonLatEnvelope(working)
    }
}
