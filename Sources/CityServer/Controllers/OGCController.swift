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
                           responses: [ResponseDoc(200, "Links to the API description, conformance and collections", .json(.landingPage))]),
                  handler: landingPage),
            Route(Endpoint(.get, "/ogc/conformance", access: .read, operationID: "getConformanceDeclaration",
                           summary: "Conformance classes implemented", tag: "OGC API – Features",
                           responses: [ResponseDoc(200, "The conformance classes", .json(.conformance))]),
                  handler: conformance),
            Route(Endpoint(.get, "/ogc/collections", access: .read, operationID: "getCollections",
                           summary: "Every layer as a feature collection", tag: "OGC API – Features",
                           responses: [ResponseDoc(200, "The collections with their CRS84 extents", .json(.collections))]),
                  handler: collections),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}", access: .read, operationID: "describeCollection",
                           summary: "One layer's description", tag: "OGC API – Features", parameters: [Self.collectionID],
                           responses: [ResponseDoc(200, "The collection", .json(.collection)), ResponseDoc(404, "No such collection", problem)]),
                  handler: collection),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}/queryables", access: .read, operationID: "getQueryables",
                           summary: "The properties a filter may name (OGC API – Features Part 3), as JSON Schema", tag: "OGC API – Features",
                           parameters: [Self.collectionID],
                           responses: [ResponseDoc(200, "The queryables", .jsonSchema(.queryables)), ResponseDoc(404, "No such collection", problem)]),
                  handler: queryables),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}/items", access: .read, operationID: "getFeatures",
                           summary: "Features of a layer, filtered by bbox and properties, paged by limit and offset",
                           tag: "OGC API – Features", parameters: [Self.collectionID] + ItemsQuery.parameterDocs(queries.configuration),
                           responses: [ResponseDoc(200, "A GeoJSON FeatureCollection", .geoJSON(.ogcFeatureCollection)),
                                       ResponseDoc(400, "A parameter is malformed", problem),
                                       ResponseDoc(404, "No such collection", problem)]),
                  handler: items),
            Route(Endpoint(.get, "/ogc/collections/{collectionId}/items/{featureId}", access: .read, operationID: "getFeature",
                           summary: "One feature", tag: "OGC API – Features",
                           parameters: [Self.collectionID, ParameterDoc("featureId", in: .path, .string, "The feature's id")],
                           responses: [ResponseDoc(200, "A GeoJSON Feature", .geoJSON(.feature)), ResponseDoc(404, "No such collection or item", problem)]),
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
        return .json(document)
    }

    @Sendable func conformance(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        .json(["conformsTo": .array(OGC.conformance.map { .string($0) })])
    }

    @Sendable func collections(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let base = baseURL(request, configuration)
        let language = request.headers[.acceptLanguage]
        var list: [JSONValue] = []
        for layer in Layer.allCases {
            list.append(OGC.collection(layer, extent: try extent(of: layer), base: base, acceptLanguage: language,
                                       crs: RequestedCRS.uris(transform), storageCRS: transform.storageCRS))
        }
        return .json([
            "links": [link(base + "/ogc/collections", rel: "self", type: MediaTypes.json)],
            "collections": .array(list),
            "crs": .array(RequestedCRS.uris(transform).map(JSONValue.string)),
        ])
    }

    @Sendable func collection(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
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
        var response = Response.json(try SelectedFeature(feature: feature).geoJSON(in: crs, links: links), mediaType: MediaTypes.geoJSON)
        response.headers[.init(Self.contentCRS)!] = crs.header
        return response
    }

    static let contentCRS = "Content-Crs"

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
