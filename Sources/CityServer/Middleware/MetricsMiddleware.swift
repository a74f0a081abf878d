import Hummingbird

/// The outermost middleware: times every request and counts it under its route pattern
/// (`/ogc/collections/{collectionId}/items`, never the raw path, so the label set stays small).
/// It sits outside `ProblemMiddleware`, so it sees the status actually sent.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: MetricsRegistry

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = start.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            // Hummingbird names unmatched requests "NotFound"; anything else without a pattern is
            // grouped rather than labelled with a client-chosen path.
            registry.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched",
                            status: status, seconds: seconds)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
