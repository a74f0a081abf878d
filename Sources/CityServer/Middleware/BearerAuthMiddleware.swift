import Foundation
import Hummingbird

/// Reads `Authorization: Bearer <token>` (RFC 6750) and puts the token's holder in the context. A
/// request without the header passes as anonymous (each route then decides, see
/// `Access`); a header that is malformed or names an unknown token is refused with 401 at once,
/// even on open routes, so that a client with a stale token learns it on its first call.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let tokens: [AccessToken]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ServerError.unauthenticated(reason: "the Authorization header must be \"Bearer <token>\"")
        }
        guard let holder = holder(of: parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ServerError.unauthenticated(reason: "unknown bearer token")
        }
        var context = context
        context.caller = holder
        return try await next(request, context)
    }

    /// Compares against every token in full so that the time taken does not reveal how much of a
    /// guessed token was right.
    func holder(of presented: String) -> AccessToken? {
        let given = Array(presented.utf8)
        var found: AccessToken?
        for candidate in tokens {
            let expected = Array(candidate.token.utf8)
            var difference = UInt8(expected.count == given.count ? 0 : 1)
            for k in 0..<expected.count {
                difference |= expected[k] ^ (k < given.count ? given[k] : 0)
            }
            if difference == 0 { found = candidate }
        }
        return found
    }
}
