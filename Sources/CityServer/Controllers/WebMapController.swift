import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// The grid center's web map: the page at /, its scripts and styles at /web/…, Leaflet at
/// /vendor/leaflet/… from the system's copy (Debian's libjs-leaflet; never a CDN, so the map works
/// on a network without internet); /api/v1/search and /api/v1/catalogue, the two questions only
/// the map asks (what matches a name, which case types and departments there are).
struct WebMapController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration
    let assets: WebAssets
    /// The case types and departments the map offers when reporting and dispatching; a failure only
    /// when the bundled CityModel data cannot be read, which the catalogue route then reports.
    let catalogue: Result<JSONValue, ServerError>
    var transform: CoordinateBridge { queries.bridge }

    init(queries: CityQueries, configuration: ServerConfiguration, assets: WebAssets = .bundled()) {
        self.queries = queries
        self.configuration = configuration
        self.assets = assets
        // The queries' own catalogue and departments (one copy), and the workflow the map offers
        // steps from: the map does not re-code the state machine.
        catalogue = Result {
            let open = Set(CityQueries.openStatuses)
            let statuses: [JSONValue] = CaseStatus.allCases.map { s in
                .object(["code": .string(s.rawValue), "nameZH": .string(s.labelZH), "terminal": .bool(s.isTerminal),
                         "open": .bool(open.contains(s.rawValue))])
            }
            let events: [JSONValue] = CaseEvent.Kind.allCases.map { .object(["code": .string($0.rawValue), "nameZH": .string($0.labelZH)]) }
            let workflow = JSONObject(CaseStatus.allCases.map { s in
                (s.rawValue, JSONValue.array(CaseWorkflow.allowedEvents(in: s).map { .string($0.rawValue) }))
            })
            return .object(["version": .string(queries.catalogue.version),
                            "eventClasses": try QueryEncoding.value(queries.catalogue.eventClasses),
                            "caseTypes": try QueryEncoding.value(queries.catalogue.caseTypes),
                            "departments": try QueryEncoding.value(queries.departments.departments),
                            "statuses": .array(statuses), "events": .array(events), "workflow": .object(workflow)])
        }.mapError { ServerError.internalFailure("the catalogue: \($0)") }
    }

    var routes: [Route] {
        let problem = BodyDoc.problem
        let missing = ResponseDoc(404, "No such file", problem)
        let assets = assets
        return [
            Route(Endpoint(.get, "/", access: .open, operationID: "webMap", summary: "The web map (网格地图) of the grid center",
                           tag: "Web map", responses: [ResponseDoc(200, "The page", .file(WebAssets.html)), missing])) { _, _ in
                try assets.response(page: "index.html")
            },
            Route(Endpoint(.get, "/web/{asset}", access: .open, operationID: "webMapAsset", summary: "A script, style or image of the web map",
                           tag: "Web map", parameters: [ParameterDoc("asset", in: .path, .string, "File name, e.g. app.js")],
                           responses: [ResponseDoc(200, "The file", .file("*/*")), missing])) { _, context in
                try assets.response(page: context.parameters.require("asset").decodedPathComponent(parameter: "asset"))
            },
            Route(Endpoint(.get, "/vendor/leaflet/{asset}", access: .open, operationID: "leafletAsset",
                           summary: "Leaflet's script or style, from the system's libjs-leaflet", tag: "Web map",
                           parameters: [ParameterDoc("asset", in: .path, .string, "leaflet.js or leaflet.css")],
                           responses: [ResponseDoc(200, "The file", .file("*/*")), missing])) { _, context in
                try assets.response(vendor: context.parameters.require("asset").decodedPathComponent(parameter: "asset"))
            },
            Route(Endpoint(.get, "/vendor/leaflet/images/{image}", access: .open, operationID: "leafletImage",
                           summary: "Leaflet's marker and control images", tag: "Web map",
                           parameters: [ParameterDoc("image", in: .path, .string, "e.g. marker-icon.png")],
                           responses: [ResponseDoc(200, "The image", .file("image/png")), missing])) { _, context in
                try assets.response(vendor: "images/" + context.parameters.require("image").decodedPathComponent(parameter: "image"))
            },
            Route(Endpoint(.get, "/api/v1/search", access: .read, operationID: "search",
                           summary: "Full-text search (grid code, road name, chief, storefront name or address; Chinese) as GeoJSON",
                           tag: "Queries",
                           parameters: [ParameterDoc("q", in: .query, .string, "A substring of an id or a text attribute (ASCII letters in either case; % and _ match themselves); three characters or more use the trigram index",
                                                     required: true),
                                        ParameterDoc("layer", in: .query, .string, "Only this layer: \(Layer.allCases.map(\.rawValue).joined(separator: ", "))"),
                                        ParameterDoc("limit", in: .query, .integer, "How many", minimum: 1, maximum: 200, defaultValue: 20)],
                           responses: [ResponseDoc(200, "Matches best first; each feature's properties carry its layer", .geoJSON(.searchResults)),
                                       ResponseDoc(400, "A parameter is malformed", problem)]),
                  handler: search),
            Route(Endpoint(.get, "/api/v1/catalogue", access: .read, operationID: "catalogue",
                           summary: "The case types (with event classes) and the departments cases are dispatched to", tag: "Cases",
                           responses: [ResponseDoc(200, "caseTypes, eventClasses, departments, statuses (open, terminal), events and the workflow: the events each status allows", .json(.catalogue))])) { [catalogue] _, _ in
                .json(try catalogue.get())
            },
        ]
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
