import CityQuery
import GeoCore
import Hummingbird

/// Liveness and metrics: always open, so a load balancer and Prometheus need no token.
struct SystemController: Controller {
    let queries: CityQueries
    let metrics: MetricsRegistry

    var routes: [Route] {
        [
            Route(Endpoint(.get, "/healthz", access: .open, operationID: "health",
                           summary: "Liveness: each layer's feature count, the storage, and how far memory follows its change log",
                           tag: "System", responses: [
                               ResponseDoc(200, "The server answers and its storage is reachable", .json(.health)),
                               ResponseDoc(503, "The storage cannot be reached: reads answer from memory, which may be stale", .json(.health)),
                           ]),
                  handler: health),
            Route(Endpoint(.get, "/metrics", access: .open, operationID: "metrics",
                           summary: "Request counts and latency histograms per route (Prometheus text format)", tag: "System",
                           responses: [ResponseDoc(200, "Prometheus exposition text", .text(MediaTypes.prometheus))]),
                  handler: renderMetrics),
        ]
    }

    @Sendable func health(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let counts = queries.layerCounts().map { ($0.layer.rawValue, JSONValue.number(Double($0.count))) }
        let storage = queries.storageHealth()
        var described: JSONObject = [
            "location": .string(storage.location),
            "appliedSequence": .number(Double(storage.appliedSequence)),
            "behind": .number(Double(storage.behind)),
        ]
        if let end = storage.logEnd { described["logEnd"] = .number(Double(end)) }
        if let problem = storage.problem { described["problem"] = .string(problem) }
        let healthy = storage.problem == nil
        let body: JSONValue = ["status": healthy ? "ok" : "unhealthy", "layers": .object(JSONObject(counts)), "storage": .object(described)]
        return .json(body, status: healthy ? .ok : .serviceUnavailable)
    }

    @Sendable func renderMetrics(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        .text(metrics.exposition(), mediaType: MediaTypes.prometheus)
    }
}

/// /openapi.json: the OpenAPI 3.1 description of every route, itself included, made from the same
/// endpoint list the router is built from.
struct OpenAPIController: Controller {
    static let endpoint = Endpoint(.get, "/openapi.json", access: .open, operationID: "getAPIDefinition",
                                   summary: "This API's OpenAPI 3.1 definition", tag: "System",
                                   responses: [ResponseDoc(200, "The OpenAPI document", .openAPI)])
    let document: JSONValue

    init(describing others: [Endpoint], configuration: ServerConfiguration) {
        document = OpenAPIDocument.build(others + [Self.endpoint], readsRequireToken: configuration.readsRequireToken)
    }

    var routes: [Route] {
        let document = document
        return [Route(Self.endpoint) { _, _ in .json(document, mediaType: MediaTypes.openAPI) }]
    }
}
