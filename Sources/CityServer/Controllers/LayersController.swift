import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/layers: the JSON API over the stored layers, for the web client and scripts. Listing
/// pages by an opaque cursor (the last id sent), which stays stable while features are added or
/// removed elsewhere in the layer; admins may add, replace and delete features.
struct LayersController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    var transform: CoordinateBridge { queries.bridge }

    static let layerParameter = ParameterDoc("layer", in: .path, .string, "A layer", allowed: Layer.allCases.map(\.rawValue))
    static let featureParameter = ParameterDoc("featureId", in: .path, .string, "The feature's id within the layer")

    var routes: [Route] {
        let problem = BodyDoc.problem
        let tag = "Layers"
        let denied = [ResponseDoc(401, "No or unknown bearer token", problem), ResponseDoc(403, "The token lacks the admin role", problem)]
        return [
            Route(Endpoint(.get, "/api/v1/layers", access: .read, operationID: "listLayers",
                           summary: "Every layer with its labels and feature count", tag: tag,
                           responses: [ResponseDoc(200, "The layers", .json(.layerList))]),
                  handler: listLayers),
            Route(Endpoint(.get, "/api/v1/layers/{layer}", access: .read, operationID: "listLayerFeatures",
                           summary: "A page of a layer's features, ordered by id, by bbox and property filters", tag: tag,
                           parameters: [Self.layerParameter,
                                        ParameterDoc("bbox", in: .query, .number, "minLon,minLat,maxLon,maxLat in CRS84", arrayOf: (.number, 4, 4)),
                                        ParameterDoc("limit", in: .query, .integer, "Page size", minimum: 1,
                                                     maximum: queries.configuration.maxPageSize, defaultValue: queries.configuration.defaultPageSize),
                                        ParameterDoc("cursor", in: .query, .string, "The nextCursor of the previous page"),
                                        ParameterDoc("properties", in: .query, .string,
                                                     "Comma-separated names of the properties to send (a map sends only what it styles by); "
                                                        + "empty for none; names a feature does not have are left out. Default: all"),
                                        .propertyFilters],
                           responses: [ResponseDoc(200, "A GeoJSON FeatureCollection with nextCursor", .geoJSON(.featurePage)),
                                       ResponseDoc(400, "A parameter is malformed", problem), ResponseDoc(404, "No such layer", problem)]),
                  handler: listFeatures),
            Route(Endpoint(.get, "/api/v1/layers/{layer}/{featureId}", access: .read, operationID: "getLayerFeature",
                           summary: "One feature", tag: tag, parameters: [Self.layerParameter, Self.featureParameter],
                           responses: [ResponseDoc(200, "A GeoJSON Feature", .geoJSON(.feature)), ResponseDoc(404, "No such layer or feature", problem)]),
                  handler: getFeature),
            Route(Endpoint(.post, "/api/v1/layers/{layer}", access: .role(.admin), operationID: "addLayerFeature",
                           summary: "Adds a feature (GeoJSON, CRS84, with a string id)", tag: tag, parameters: [Self.layerParameter],
                           requestBody: [.geoJSON(.featureInput), .json(.featureInput)],
                           responses: [ResponseDoc(201, "Added; the stored feature", .geoJSON(.feature)), ResponseDoc(400, "Malformed feature", problem),
                                       ResponseDoc(409, "The id exists", problem), ResponseDoc(413, "Body too large", problem)] + denied),
                  handler: addFeature),
            Route(Endpoint(.put, "/api/v1/layers/{layer}/{featureId}", access: .role(.admin), operationID: "replaceLayerFeature",
                           summary: "Adds or replaces a feature", tag: tag, parameters: [Self.layerParameter, Self.featureParameter],
                           requestBody: [.geoJSON(.featureInput), .json(.featureInput)],
                           responses: [ResponseDoc(200, "Stored; the stored feature", .geoJSON(.feature)), ResponseDoc(400, "Malformed feature", problem),
                                       ResponseDoc(413, "Body too large", problem)] + denied),
                  handler: replaceFeature),
            Route(Endpoint(.delete, "/api/v1/layers/{layer}/{featureId}", access: .role(.admin), operationID: "deleteLayerFeature",
                           summary: "Deletes a feature", tag: tag, parameters: [Self.layerParameter, Self.featureParameter],
                           responses: [ResponseDoc(204, "Deleted"), ResponseDoc(404, "No such layer or feature", problem)] + denied),
                  handler: deleteFeature),
            Route(Endpoint(.post, "/api/v1/reattribute/{layer}", access: .role(.admin), operationID: "reattribute",
                           summary: "Re-attributes storefronts, structures or open cases to the current zones (JSON body, {} for all: ids, dryRun, actor)",
                           tag: tag,
                           parameters: [ParameterDoc("layer", in: .path, .string, "storefronts, structures or cases",
                                                     allowed: [Layer.storefronts, .structures, .cases].map(\.rawValue))], requestBody: [.json(.reattributeInput)],
                           responses: [ResponseDoc(200, "What was examined and what changed, each change recorded", .json(.reattributionReport)),
                                       ResponseDoc(400, "Not a re-attributable layer, or a malformed body", problem),
                                       ResponseDoc(404, "An id names no entity", problem)] + denied),
                  handler: reattribute),
            Route(Endpoint(.get, "/api/v1/search", access: .read, operationID: "search",
                           summary: "Full-text search (grid code, road name, chief, storefront name or address; Chinese) as GeoJSON",
                           tag: tag,
                           parameters: [ParameterDoc("q", in: .query, .string, "A substring of an id or a text attribute (ASCII letters in either case; % and _ match themselves); three characters or more use the trigram index",
                                                     required: true),
                                        ParameterDoc("layer", in: .query, .string, "Only this layer: \(Layer.allCases.map(\.rawValue).joined(separator: ", "))"),
                                        ParameterDoc("limit", in: .query, .integer, "How many", minimum: 1, maximum: 200, defaultValue: 20)],
                           responses: [ResponseDoc(200, "Matches best first; each feature's properties carry its layer", .geoJSON(.searchResults)),
                                       ResponseDoc(400, "A parameter is malformed", problem)]),
                  handler: search),
        ]
    }

    @Sendable func listLayers(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let counts = queries.layerCounts().map { ($0.layer, $0.count) }
        return .json(["layers": .array(counts.map { layer, count in
            ["id": .string(layer.rawValue), "titleZH": .string(layer.labelZH), "titleEN": .string(layer.labelEN),
             "count": .number(Double(count))]
        })])
    }

    @Sendable func listFeatures(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
        let parameters = try QueryParameters(query: request.uri.query)
        let limit = try parameters.integer("limit", default: queries.configuration.defaultPageSize, in: 1...queries.configuration.maxPageSize)
        var selection = FeatureSelection()
        if let text = parameters["bbox"] { selection.bbox = try BoundingBox(parameter: text) }
        if let cursor = parameters["cursor"] { selection.after = try Cursor.id(from: cursor) }
        selection.propertyFilters = parameters.pairs.filter { !["bbox", "limit", "cursor", "properties"].contains($0.name) && !$0.name.isEmpty }
        let sent = try parameters.propertyNames()
        let selected = try selection.run(on: queries, layer: layer, transform: transform)
        let page = selected.prefix(limit)
        // Written as bytes from each feature's memoised encoding (the nearest and locate routes'
        // path): a map asking for a thousand shops' licences no longer parses a thousand dossiers.
        var out: [UInt8] = []
        out.reserveCapacity(page.count * (sent == nil ? 1600 : 256) + 256)
        out.append(contentsOf: #"{"type":"FeatureCollection","features":["#.utf8)
        for (k, s) in page.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            if s.properties == nil {
                let encoded = try EncodedFeature.of(s.feature, transform: transform)
                if let sent { encoded.write(to: &out, extra: [:], selecting: sent) } else { encoded.write(to: &out) }
            } else {
                // A property filter parsed the properties already.
                var s = s
                if let sent { s.properties = JSONObject(s.properties!.filter { sent.contains($0.key) }) }
                try s.geoJSON(transform: transform).write(to: &out)
            }
        }
        out.append(contentsOf: #"],"numberReturned":\#(page.count),"nextCursor":"#.utf8)
        if selected.count > limit, let last = page.last {
            let cursor = Cursor.token(after: last.feature.id)
            JSONWriter.string(cursor, to: &out)
            var kept = parameters.pairs.filter { $0.name != "cursor" && $0.name != "limit" }
            kept.append(("limit", String(limit)))
            kept.append(("cursor", cursor))
            let query = kept.map { "\(QueryParameters.encode($0.name))=\(QueryParameters.encode($0.value))" }.joined(separator: "&")
            out.append(contentsOf: #","links":"#.utf8)
            JSONValue.array([link("\(baseURL(request, configuration))/api/v1/layers/\(layer.rawValue)?\(query)",
                                  rel: "next", type: MediaTypes.geoJSON)]).write(to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(UInt8(ascii: "}"))
        return .json(bytes: out, mediaType: MediaTypes.geoJSON)
    }

    @Sendable func getFeature(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let (layer, id) = try Self.layerAndID(context)
        guard let feature = queries.feature(layer, id: id) else {
            throw ServerError.unknownFeature(collection: layer.rawValue, id: id)
        }
        return .json(try SelectedFeature(feature: feature).geoJSON(transform: transform), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func addFeature(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let layer = try Self.layer(context)
        let feature = try await written(from: request, layer: layer, pathID: nil, as: .add, by: context.caller)
        let location = "\(baseURL(request, configuration))/api/v1/layers/\(layer.rawValue)/\(QueryParameters.encode(feature.id))"
        return .json(try SelectedFeature(feature: feature).geoJSON(transform: transform), status: .created,
                     mediaType: MediaTypes.geoJSON, headers: [.location: location])
    }

    @Sendable func replaceFeature(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let (layer, id) = try Self.layerAndID(context)
        let feature = try await written(from: request, layer: layer, pathID: id, as: .replace, by: context.caller)
        return .json(try SelectedFeature(feature: feature).geoJSON(transform: transform), mediaType: MediaTypes.geoJSON)
    }

    @Sendable func deleteFeature(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let (layer, id) = try Self.layerAndID(context)
        try queries.remove(layer, id: id, by: context.caller)
        return Response(status: .noContent)
    }

    /// Reads a GeoJSON Feature body (CRS84) and writes it through CityQueries, which reads it as
    /// the layer's entity, checks and attributes it. The id comes from the path when there is one
    /// (a differing body id is refused) and from the body otherwise.
    func written(from request: Request, layer: Layer, pathID: String?, as mode: FeatureWrite, by caller: Caller) async throws -> CityFeature {
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        let feature: Feature
        do { feature = try Feature(geoJSON: body) } catch {
            if case let .geoJSON(message, path) = error { throw ServerError.invalidBody(path: path, reason: message) }
            throw ServerError.invalidBody(path: "", reason: error.description)
        }
        let bodyID = feature.id.flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
        guard let id = pathID ?? bodyID, !id.isEmpty else {
            throw ServerError.invalidBody(path: "id", reason: "a feature needs a non-empty string id")
        }
        if let pathID, let bodyID, bodyID != pathID {
            throw ServerError.invalidBody(path: "id", reason: "\(bodyID) differs from the id in the path, \(pathID)")
        }
        let geometry = try feature.geometry.map { g throws(ServerError) in try transform.working(g, path: "geometry") }
        var properties: [UInt8] = []
        JSONValue.object(feature.properties).write(to: &properties)
        return try queries.write(layer, id: id, geometry: geometry, properties: properties, as: mode, by: caller)
    }

    static func layer(_ context: CityRequestContext) throws -> Layer {
        let name = try context.parameters.require("layer").decodedPathComponent(parameter: "layer")
        guard let layer = Layer(rawValue: name) else { throw ServerError.unknownCollection(name) }
        return layer
    }

    static func layerAndID(_ context: CityRequestContext) throws -> (Layer, String) {
        (try layer(context), try context.parameters.require("featureId").decodedPathComponent(parameter: "featureId"))
    }

    @Sendable func reattribute(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let name = try context.parameters.require("layer")
        guard let layer = Layer(rawValue: name), [.storefronts, .structures, .cases].contains(layer) else {
            throw ServerError.invalidParameter(name: "layer", value: name, reason: "expected storefronts, structures or cases")
        }
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        var ids: Set<String>?
        if let list = body["ids"] {
            guard case .array(let items) = list else { throw ServerError.invalidBody(path: "ids", reason: "expected an array of ids") }
            ids = try Set(items.enumerated().map { k, v throws(ServerError) in
                guard let s = v.stringValue else { throw ServerError.invalidBody(path: "ids[\(k)]", reason: "expected a string") }
                return s
            })
        }
        if let dry = body["dryRun"], dry.boolValue == nil { throw ServerError.invalidBody(path: "dryRun", reason: "expected true or false") }
        let report = try queries.reattribute(layer, ids: ids, by: context.caller, dryRun: body["dryRun"]?.boolValue ?? false)
        return .json(try QueryEncoding.value(report))
    }

    @Sendable func search(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        guard let text = q["q"]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw ServerError.invalidParameter(name: "q", value: q["q"] ?? "", reason: "required, not blank")
        }
        var layer: Layer?
        if let name = q["layer"], !name.isEmpty {
            guard let l = Layer(rawValue: name) else {
                throw ServerError.invalidParameter(name: "layer", value: name,
                                                   reason: "expected one of \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            layer = l
        }
        let limit = try q.integer("limit", default: 20, in: CityQueries.searchLimit)
        let found = try queries.search(text, layer: layer, limit: limit)
        let items = found.map { ($0, ["layer": JSONValue.string($0.layer.rawValue)] as JSONObject) }
        return .json(try QueryEncoding.featureCollection(items, transform), mediaType: MediaTypes.geoJSON)
    }

}
