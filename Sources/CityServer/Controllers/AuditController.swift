import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/audit: the audit trail as `citygrid audit` shows it, for the auditor role (which admin
/// does not grant: CityQuery's `auditTrail` decides). Newest first, paged back with `before`; a
/// log shipper following the trail asks `after` a sequence and reads oldest first.
struct AuditController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration

    static let parameterNames = ["account", "actor", "action", "subject", "id", "since", "until", "before", "after", "limit"]

    var routes: [Route] {
        let problem = BodyDoc.problem
        let max = queries.configuration.maxPageSize
        return [
            Route(Endpoint(.get, "/api/v1/audit", access: .role(.auditor), operationID: "auditTrail",
                           summary: "Who did or saw what, when, through which route or command; newest first", tag: "Audit",
                           parameters: [
                               ParameterDoc("account", in: .query, .string, "Only this account's lines (u-0007)"),
                               ParameterDoc("actor", in: .query, .string, "Only lines whose actor is exactly this (本机:root for the command line's)"),
                               ParameterDoc("action", in: .query, .string, "Only this action", allowed: AuditAction.allCases.map(\.rawValue)),
                               ParameterDoc("subject", in: .query, .string, "Only lines about this layer, accounts or tokens"),
                               ParameterDoc("id", in: .query, .string, "Only lines about this entity id"),
                               ParameterDoc("since", in: .query, .string, "At or after this instant (RFC 3339, or YYYY-MM-DD in Shanghai)"),
                               ParameterDoc("until", in: .query, .string, "Before this instant (RFC 3339, or YYYY-MM-DD in Shanghai)"),
                               ParameterDoc("before", in: .query, .integer, "Lines before this sequence, newest first (the next page)", minimum: 0),
                               ParameterDoc("after", in: .query, .integer, "Lines after this sequence, oldest first (following the trail)", minimum: 0),
                               ParameterDoc("limit", in: .query, .integer, "At most this many lines", minimum: 1, maximum: max, defaultValue: 100),
                           ],
                           responses: [ResponseDoc(200, "The lines, with a next link while more remain", .json(.auditTrail)),
                                       ResponseDoc(400, "A parameter is malformed (named in invalid-params)", problem),
                                       ResponseDoc(401, "No or unknown token", problem), ResponseDoc(403, "Not an auditor", problem)]),
                  handler: trail),
        ]
    }

    @Sendable func trail(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let q = try QueryParameters(query: request.uri.query)
        try q.refuseUnknown(Self.parameterNames)
        var action: AuditAction?
        if let text = q["action"] {
            guard let a = AuditAction(rawValue: text) else {
                throw ServerError.invalidParameter(name: "action", value: text,
                                                   reason: "expected one of " + AuditAction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            action = a
        }
        let before = try Self.sequence(q, "before"), after = try Self.sequence(q, "after")
        if before != nil, after != nil {
            throw ServerError.invalidParameter(name: "after", value: q["after"] ?? "", reason: "give before (newest first) or after (oldest first), not both")
        }
        let limit = try q.integer("limit", default: min(100, queries.configuration.maxPageSize), in: 1...queries.configuration.maxPageSize)
        var filter = AuditFilter(accountID: q["account"], actor: q["actor"], action: action, subject: q["subject"], subjectID: q["id"],
                                 since: try q.date("since"), until: try q.date("until"), afterSequence: after, beforeSequence: before,
                                 limit: limit, oldestFirst: after != nil)
        let lines = try queries.auditTrail(filter, by: context.principal)
        var document: JSONObject = ["entries": .array(lines.map(Self.entryJSON))]
        // More remain when one more line lies past the last: asked for, not guessed from a full page.
        if lines.count == limit, let last = lines.last?.sequence {
            if filter.oldestFirst { filter.afterSequence = last } else { filter.beforeSequence = last }
            filter.limit = 1
            if try !queries.auditTrail(filter, by: context.principal).isEmpty {
                let cursor = filter.oldestFirst ? "after" : "before"
                var pairs = q.pairs.filter { $0.name != cursor }
                pairs.append((cursor, String(last)))
                let query = pairs.map { "\(QueryParameters.encode($0.name))=\(QueryParameters.encode($0.value))" }.joined(separator: "&")
                document["links"] = [link("\(baseURL(request, configuration))/api/v1/audit?\(query)", rel: "next", type: MediaTypes.json)]
            }
        }
        return .json(.object(document))
    }

    static func sequence(_ q: QueryParameters, _ name: String) throws(ServerError) -> Int64? {
        guard let text = q[name] else { return nil }
        guard let n = Int64(text), n >= 0 else { throw .invalidParameter(name: name, value: text, reason: "expected a sequence (an integer, 0 or more)") }
        return n
    }

    static func entryJSON(_ e: AuditEntry) -> JSONValue {
        .object(["sequence": .number(Double(e.sequence ?? 0)), "at": .string(CityTime.timestamp(e.at)),
                 "accountID": e.accountID.map(JSONValue.string) ?? .null, "actor": .string(e.actor), "via": .string(e.via),
                 "action": .string(e.action.rawValue), "subject": e.subject.map(JSONValue.string) ?? .null,
                 "subjectID": e.subjectID.map(JSONValue.string) ?? .null, "detail": .string(e.detail)])
    }
}
