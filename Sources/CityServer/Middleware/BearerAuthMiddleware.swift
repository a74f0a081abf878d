import CityModel
import CityQuery
import Foundation
import Hummingbird
import Synchronization

/// Reads `Authorization: Bearer <token>` (RFC 6750) and puts the principal it opens in the
/// context. A request without the header passes as anonymous (each route, and CityQuery's
/// `AccessPolicy` behind it, then decides); a header that is malformed or a token that opens
/// nothing (unknown, revoked, expired) is refused with 401 at once, even on open routes, so that
/// a client with a stale token learns it on its first call.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = CityRequestContext
    let authenticator: Authenticator

    /// The one route a browser's EventSource reaches, which cannot send headers: it may give the
    /// token as `access_token` in the query instead (RFC 6750 §2.3).
    static let queryTokenPath = "/api/v1/events"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let secret: String
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw ServerError.unauthenticated(reason: "the Authorization header must be \"Bearer <token>\"")
            }
            secret = parts[1].trimmingCharacters(in: .whitespaces)
        } else if request.uri.path == Self.queryTokenPath, let token = try QueryParameters(query: request.uri.query)["access_token"] {
            secret = token
        } else {
            // Said explicitly for every request: a task-local set around the whole server (the
            // command line's operator) must never reach an anonymous answer.
            return try await Disclosure.$reader.withValue(.anonymous) { try await next(request, context) }
        }
        guard let principal = authenticator.principal(for: secret) else {
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

/// Turns a presented secret — a bearer token, Open311's `api_key` — into the principal it opens,
/// through the store's accounts (every node and the command line see the same ones), and writes
/// the audit line of an answer that showed personal data.
struct Authenticator: Sendable {
    let queries: CityQueries

    /// The audit line of an answer that showed personal data unmasked.
    func recordShown(_ entities: [(layer: String, id: String)], by caller: Caller) {
        guard !entities.isEmpty else { return }
        let ids = entities.prefix(50).map { "\($0.layer)/\($0.id)" }.joined(separator: ",")
        let entry = AuditEntry(by: caller.principal, at: Date(), via: caller.via, action: .personalDataRead,
                               subject: entities.count == 1 ? entities[0].layer : nil, subjectID: entities.count == 1 ? entities[0].id : nil,
                               detail: "\(entities.count) shown: \(ids)\(entities.count > 50 ? ",…" : "")")
        // The answer is made; a store that cannot take the line now must not fail it, but says so.
        do { try queries.recordReads([entry]) } catch { ReadAuditFailures.note(error) }
    }

    func principal(for secret: String) -> Principal? {
        queries.authenticate(secret: secret)
    }
}

/// Reads whose audit line could not be written (the store unreachable a moment), for the metrics
/// and the log.
enum ReadAuditFailures {
    private static let count = Mutex(0)
    static func note(_ error: any Error) {
        count.withLock { $0 += 1 }
        FileHandle.standardError.write(Data("citygrid: the audit line of a read was not written: \(error)\n".utf8))
    }
    static var total: Int { count.withLock { $0 } }
}
