import Hummingbird

/// Turns every error a route, a middleware inside it or Hummingbird throws into an RFC 9457
/// problem response, so that no client ever sees a bare status or a Swift error text. Failures the
/// client cannot fix are logged with their cause and answered with a generic 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let bodyLimit: Int
    let methods: ServedMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = ServerError.from(error, request: request, bodyLimit: bodyLimit)
            // A path the router knows under other methods: 405 with them, not 404.
            if case .noRoute = problem, let allowed = methods.allowed(at: request.uri.path) {
                problem = .methodNotAllowed(method: request.method.rawValue, allowed: allowed)
            }
            if problem.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path): \(problem) (\(error))")
            }
            // GeoReport v2 clients read errors as [{"code": …, "description": …}].
            if ErrorShape.of(path: request.uri.path) == .geoReport { return problem.open311Response() }
            return try problem.response(from: request, context: context)
        }
    }
}

/// The methods each route pattern is served for, to tell "no such path" (404) from "not this
/// method" (405) once the router has found no route.
struct ServedMethods: Sendable {
    private let patterns: [(segments: [Substring], methods: [String])]

    init(_ endpoints: [Endpoint]) {
        var byPath: [String: Set<String>] = [:]
        for e in endpoints { byPath[e.path, default: []].insert(e.method.rawValue) }
        patterns = byPath.map { ($0.key.split(separator: "/"), $0.value.sorted()) }
    }

    /// The methods served at `path`, nil when no pattern matches it (a `{capture}` matches any
    /// one segment).
    func allowed(at path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let methods = patterns.filter { p in
            p.segments.count == segments.count
                && zip(p.segments, segments).allSatisfy { pattern, s in pattern.first == "{" || pattern == s }
        }.flatMap(\.methods)
        return methods.isEmpty ? nil : Array(Set(methods)).sorted()
    }
}
