import CoreMetrics
import Hummingbird

/// The outermost middleware: times every request and counts it under its route pattern
/// (`/ogc/collections/{collectionId}/items`, never the raw path, so the label set stays small).
/// It sits outside `ProblemMiddleware`, so it sees the status actually sent.
///
/// Why ours and not Hummingbird's `MetricsMiddleware`: that one records `hb_requests` and
/// `http_server_request_duration` labelled `http_route`, `http_request_method` and
/// `http_response_status_code`, names fixed in its code, where the dashboards scrape
/// `citygrid_http_requests_total{method,route,status}` and
/// `citygrid_http_request_duration_seconds{method,route}`; and it records through the global
/// `MetricsSystem` only, so tests could not give each application a registry of its own. This one
/// records through swift-metrics too, with the factory it is given.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let instruments: RequestInstruments

    init(factory: any MetricsFactory) {
        instruments = RequestInstruments(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            // Hummingbird names unmatched requests "NotFound"; anything else without a pattern is
            // grouped rather than labelled with a client-chosen path.
            instruments.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                               status: status, duration: start.duration(to: .now))
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
