import CityModel
import CityQuery
import Foundation
import Hummingbird

/// Reads `Authorization: Bearer <token>` (RFC 6750) and puts the principal it opens in the
/// context. A request without the header passes as anonymous (each route, and CityQuery's
/// `AccessPolicy` behind it, then decides); a header that is malformed or a token that opens
/// nothing (unknown, revoked, expired) is refused with 401 at once, even on open routes, so that
/// a client with a stale token learns it on its first call.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            // Said explicitly for every request: a task-local set around the whole server (the
            // command line's operator) must never reach an anonymous answer.
            return try await Disclosure.$reader.withValue(.anonymous) { try await next(request, context) }
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw ServerError.unauthenticated(reason: "the Authorization header must be \"Bearer <token>\"")
        }
        guard let principal = authenticator.principal(for: parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ServerError.unauthenticated(reason: "unknown, revoked or expired bearer token")
        }
        var context = context
        context.principal = principal
        let shown = ShownPersonalData()
        let response = try await Disclosure.$reader.withValue(principal) {
            try await Disclosure.$shown.withValue(shown) { try await next(request, context) }
        }
        authenticator.recordShown(shown.all, by: context.caller)
        return response
    }
}

/// Turns a presented secret — a bearer token, Open311's `api_key` — into the principal it opens.
struct Authenticator: Sendable {
    let queries: CityQueries
    let configuration: ServerConfiguration

    /// The audit line of an answer that showed personal data unmasked.
    func recordShown(_ entities: [(layer: String, id: String)], by caller: Caller) {
        guard !entities.isEmpty else { return }
        // TODO(accounts merge): queries.recordReads
    }

    func principal(for secret: String) -> Principal? {
        guard let holder = configuration.tokens.first(where: { $0.token == secret }) else { return nil }
        return Principal(.account(Account(id: holder.name, name: holder.name, unit: "", roles: holder.roles, areas: [.city],
                                          createdAt: .distantPast), tokenID: "config"))
    }
}
