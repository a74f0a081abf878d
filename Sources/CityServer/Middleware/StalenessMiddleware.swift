import CityModel
import CityQuery
import Hummingbird

/// Marks every answer given while the server cannot follow its storage's change log (the
/// database is unreachable): reads go on from memory, which may be missing other writers' commits
/// since then, and a client or a load balancer should know. The header carries the time since
/// when, in Shanghai time: `CityGrid-Stale: since 2026-12-03T14:02:11+08:00`.
struct StalenessMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let queries: CityQueries

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let since = queries.followingFailure?.since {
            // The field's name type is inferred: Hummingbird re-exports HTTPFields but not HTTPField.
            response.headers[.init("CityGrid-Stale")!] = "since " + CityTime.timestamp(since)
        }
        return response
    }
}
