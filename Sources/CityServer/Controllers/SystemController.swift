import CityQuery
import GeoCore
import Hummingbird

/// Liveness and metrics: always open, so a load balancer and Prometheus need no token.
struct SystemController: Controller {
    let queries: CityQueries
    let metrics: MetricsRegistry

    var routes: [Route] {
        [
            Route(Endpoint(.get, "/healthz", access: .open, operationID: "health", summary: "Liveness, with each layer's feature count",
                           tag: "System", responses: [ResponseDoc(200, "The server answers and the store is readable", .json(.health))]),
                  handler: health),
            Route(Endpoint(.get, "/metrics", access: .open, operationID: "metrics",
                           summary: "Request counts and latency histograms per route (Prometheus text format)", tag: "System",
                           responses: [ResponseDoc(200, "Prometheus exposition text", .text(MediaTypes.prometheus))]),
                  handler: renderMetrics),
        ]
    }

    @Sendable func health(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let counts = queries.layerCounts().map { ($0.layer.rawValue, JSONValue.number(Double($0.count))) }
        return .json(["status": "ok", "layers": .object(JSONObject(counts))])
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
