import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/accounts and /api/v1/tokens: the accounts that sign in and their tokens, managed over
/// HTTP as `citygrid users` manages them at the command line, through the same CityQuery calls.
/// Who may (an admin whose areas take in the whole city) is CityQuery's rule; the route's gate
/// only turns away callers without the admin role. A secret is in one answer only, the one that
/// makes it; listings never carry a secret or its digest.
struct AccountsController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration

    var routes: [Route] {
        let problem = BodyDoc.problem
        let accountID = ParameterDoc("accountId", in: .path, .string, "The account's id (u-0007)")
        let denied = [ResponseDoc(401, "No or unknown token", problem),
                      ResponseDoc(403, "Not an admin of the whole city, or granting what the caller does not hold", problem)]
        let noAccount = ResponseDoc(404, "No such account", problem)
        let body = [ResponseDoc(400, "A member of the body is malformed (named in invalid-params)", problem),
                    ResponseDoc(413, "Body too large", problem), ResponseDoc(415, "Not JSON", problem)]
        return [
            Route(Endpoint(.get, "/api/v1/accounts", access: .role(.admin), operationID: "listAccounts",
                           summary: "Every account with its tokens (never a secret or its digest)", tag: "Accounts",
                           responses: [ResponseDoc(200, "The accounts by id", .json(.accountList))] + denied),
                  handler: list),
            Route(Endpoint(.post, "/api/v1/accounts", access: .role(.admin), operationID: "createAccount",
                           summary: "Creates an account with one token, whose secret this answer shows once", tag: "Accounts",
                           requestBody: [.json(.accountInput)],
                           responses: [ResponseDoc(201, "The account, and its token's secret shown this once", .json(.createdAccount)),
                                       ResponseDoc(422, "No name, role or area", problem)] + body + denied),
                  handler: create),
            Route(Endpoint(.post, "/api/v1/accounts/{accountId}/tokens", access: .role(.admin), operationID: "issueToken",
                           summary: "Issues another token for an account (rotate: and revokes the others in the same write)", tag: "Accounts",
                           parameters: [accountID], requestBody: [.json(.tokenInput)],
                           responses: [ResponseDoc(201, "The token, and its secret shown this once", .json(.issuedToken)), noAccount,
                                       ResponseDoc(409, "The account is disabled", problem)] + body + denied),
                  handler: issue),
            Route(Endpoint(.post, "/api/v1/accounts/{accountId}/disable", access: .role(.admin), operationID: "disableAccount",
                           summary: "Disables an account: none of its tokens opens it any more", tag: "Accounts",
                           parameters: [accountID],
                           responses: [ResponseDoc(200, "The account, disabled", .json(.account)), noAccount] + denied),
                  handler: disable),
            Route(Endpoint(.delete, "/api/v1/tokens/{tokenId}", access: .role(.admin), operationID: "revokeToken",
                           summary: "Revokes a token: it stops opening its account at once", tag: "Accounts",
                           parameters: [ParameterDoc("tokenId", in: .path, .string, "The token's id (t-5f2c9a01)")],
                           responses: [ResponseDoc(200, "The token, revoked", .json(.accountToken)),
                                       ResponseDoc(404, "No such token", problem)] + denied),
                  handler: revoke),
        ]
    }

    @Sendable func list(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        .json(.object(["accounts": .array(try queries.accounts(by: context.principal).map(Self.accountJSON))]))
    }

    @Sendable func create(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        try Self.refuseUnknownMembers(body, known: ["name", "unit", "roles", "areas", "expiresInDays"])
        guard let name = body["name"]?.stringValue else { throw ServerError.invalidBody(path: "name", reason: "expected a string") }
        var unit = ""
        if let value = body["unit"] {
            guard let text = value.stringValue else { throw ServerError.invalidBody(path: "unit", reason: "expected a string") }
            unit = text
        }
        let roles = try Self.strings(body, "roles").enumerated().map { i, text in
            guard let role = Role(rawValue: text) else {
                throw ServerError.invalidBody(path: "roles[\(i)]", reason: "expected one of " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return role
        }
        let areas = try Self.strings(body, "areas").enumerated().map { i, text in
            do {
                return try queries.resolveArea(text)
            } catch CityQueryError.badParameter(_, _, let reason) {
                throw ServerError.invalidBody(path: "areas[\(i)]", reason: reason)
            }
        }
        let made = try queries.addAccount(name: name, unit: unit, roles: Set(roles), areas: areas, expiresAt: try Self.expiry(body),
                                          by: context.caller)
        let listed = try queries.accounts(by: context.principal).first { $0.id == made.account.id }
        guard case .object(var created)? = listed.map(Self.accountJSON) else {
            throw ServerError.internalFailure("account \(made.account.id) was not listed after it was made")
        }
        created["token"] = .string(made.secret)
        let location = "\(baseURL(request, configuration))/api/v1/accounts/\(QueryParameters.encode(made.account.id))"
        return .json(.object(created), status: .created, headers: [.location: location])
    }

    @Sendable func issue(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("accountId").decodedPathComponent(parameter: "accountId")
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        try Self.refuseUnknownMembers(body, known: ["expiresInDays", "rotate"])
        var rotate = false
        if let value = body["rotate"] {
            guard case .bool(let b) = value else { throw ServerError.invalidBody(path: "rotate", reason: "expected true or false") }
            rotate = b
        }
        let expiry = try Self.expiry(body)
        let (issued, revoked) = rotate
            ? try queries.rotateTokens(accountID: id, expiresAt: expiry, by: context.caller)
            : (try queries.issueToken(accountID: id, expiresAt: expiry, by: context.caller), [])
        guard case .object(var answer) = Self.tokenJSON(issued.token, valid: true) else { preconditionFailure("tokenJSON makes an object") }
        answer["token"] = .string(issued.secret)
        answer["revoked"] = .array(revoked.map { Self.tokenJSON($0, valid: false) })
        let location = "\(baseURL(request, configuration))/api/v1/accounts/\(QueryParameters.encode(id))"
        return .json(.object(answer), status: .created, headers: [.location: location])
    }

    @Sendable func disable(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("accountId").decodedPathComponent(parameter: "accountId")
        try queries.disableAccount(id: id, by: context.caller)
        guard let listed = try queries.accounts(by: context.principal).first(where: { $0.id == id }) else {
            throw ServerError.internalFailure("account \(id) was not listed after it was disabled")
        }
        return .json(Self.accountJSON(listed))
    }

    @Sendable func revoke(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("tokenId").decodedPathComponent(parameter: "tokenId")
        return .json(Self.tokenJSON(try queries.revokeToken(id: id, by: context.caller), valid: false))
    }

    // MARK: The public JSON (`Schemas+Accounts.swift`)

    static func accountJSON(_ a: AccountListing) -> JSONValue {
        .object(["id": .string(a.id), "name": .string(a.name), "unit": .string(a.unit),
                 "roles": .array(a.roles.map { .string($0.rawValue) }), "areas": .array(a.areas.map(JSONValue.string)),
                 "createdAt": time(a.createdAt), "disabledAt": time(a.disabledAt),
                 "tokens": .array(a.tokens.map { t in
                     tokenJSON(id: t.id, accountID: a.id, createdAt: t.createdAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt,
                               revokedAt: t.revokedAt, valid: t.valid)
                 })])
    }

    /// A token as listed; `valid` is whether it opens its account now, which only the caller knows
    /// for a token fresh from a write (just issued: yes; just revoked: no).
    static func tokenJSON(_ t: AccountToken, valid: Bool) -> JSONValue {
        tokenJSON(id: t.id, accountID: t.accountID, createdAt: t.createdAt, expiresAt: t.expiresAt, lastUsedAt: t.lastUsedAt,
                  revokedAt: t.revokedAt, valid: valid)
    }

    static func tokenJSON(id: String, accountID: String, createdAt: Date, expiresAt: Date?, lastUsedAt: Date?, revokedAt: Date?,
                          valid: Bool) -> JSONValue {
        .object(["id": .string(id), "accountID": .string(accountID), "createdAt": time(createdAt), "expiresAt": time(expiresAt),
                 "lastUsedAt": time(lastUsedAt), "revokedAt": time(revokedAt), "valid": .bool(valid)])
    }

    static func time(_ date: Date?) -> JSONValue { date.map { .string(CityTime.timestamp($0)) } ?? .null }

    // MARK: Reading the bodies, each refusal naming the member

    static func refuseUnknownMembers(_ body: JSONValue, known: [String]) throws {
        if let unknown = body.objectValue?.keys.sorted().first(where: { !known.contains($0) }) {
            throw ServerError.invalidBody(path: unknown, reason: "not a member of this body; it takes \(known.joined(separator: ", "))")
        }
    }

    /// A required array of strings.
    static func strings(_ body: JSONValue, _ key: String) throws -> [String] {
        guard let items = body[key]?.arrayValue else { throw ServerError.invalidBody(path: key, reason: "expected an array of strings") }
        return try items.enumerated().map { i, item in
            guard let text = item.stringValue else { throw ServerError.invalidBody(path: "\(key)[\(i)]", reason: "expected a string") }
            return text
        }
    }

    /// `expiresInDays` as the instant the token stops, nil for never; 1 to 36500 days, as
    /// `citygrid users --expires-days` takes.
    static func expiry(_ body: JSONValue) throws -> Date? {
        guard let value = body["expiresInDays"] else { return nil }
        guard let days = value.doubleValue, days.rounded() == days, (1...36_500).contains(days) else {
            throw ServerError.invalidBody(path: "expiresInDays", reason: "expected a whole number of days from 1 to 36500")
        }
        return Date().addingTimeInterval(days * 86_400)
    }
}
