import Hummingbird

/// Turns every error a route, a middleware inside it or Hummingbird throws into an RFC 9457
/// problem response, so that no client ever sees a bare status or a Swift error text. Failures the
/// client cannot fix are logged with their cause and answered with a generic 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let bodyLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = ServerError.from(error, request: request, bodyLimit: bodyLimit)
            if problem.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path): \(problem) (\(error))")
            }
            // GeoReport v2 clients read errors as [{"code": …, "description": …}].
            if request.uri.path.hasPrefix("/open311/") { return problem.open311Response() }
            return try problem.response(from: request, context: context)
        }
    }
}
