import CityModel
import CityQuery
import Foundation
import GeoCore
import Hummingbird

/// /api/v1/subscriptions: webhooks for committed events, made and ended by a dispatcher or an
/// admin. The filter is the query `/api/v1/events` takes, checked the same way when made; a filter
/// with a place that takes `officer.enter` or `officer.leave` (or every kind) makes the place a
/// fence too. The secret that signs the deliveries is in the answer that makes the subscription only.
struct SubscriptionsController: Controller {
    let queries: CityQueries
    let configuration: ServerConfiguration

    var routes: [Route] {
        let problem = BodyDoc.problem
        let id = ParameterDoc("subscriptionId", in: .path, .string, "The subscription's id (s-5f2c9a01)")
        let denied = [ResponseDoc(401, "No or unknown token", problem), ResponseDoc(403, "Neither a dispatcher nor an admin", problem)]
        let notFound = ResponseDoc(404, "No such subscription", problem)
        return [
            Route(Endpoint(.get, "/api/v1/subscriptions", access: .anyRole([.dispatcher, .admin]), operationID: "listSubscriptions",
                           summary: "Every webhook subscription with where its deliveries stand (never a secret)", tag: "Events",
                           responses: [ResponseDoc(200, "The subscriptions", .json(.subscriptionList))] + denied),
                  handler: list),
            Route(Endpoint(.post, "/api/v1/subscriptions", access: .anyRole([.dispatcher, .admin]), operationID: "createSubscription",
                           summary: "Makes a webhook for the committed events its filter admits, from now on (its place a fence officers enter and leave)", tag: "Events",
                           requestBody: [.json(.subscriptionInput)],
                           responses: [ResponseDoc(201, "The subscription with the secret that signs its deliveries, shown this once", .json(.subscription)),
                                       ResponseDoc(400, "A member of the body or of the filter is malformed", problem),
                                       ResponseDoc(413, "Body too large", problem), ResponseDoc(415, "Not JSON", problem),
                                       ResponseDoc(422, "The URL is not http(s) with a host", problem)] + denied),
                  handler: create),
            Route(Endpoint(.get, "/api/v1/subscriptions/{subscriptionId}", access: .anyRole([.dispatcher, .admin]),
                           operationID: "getSubscription", summary: "One subscription: its cursor, failures, next attempt and dead letters",
                           tag: "Events", parameters: [id],
                           responses: [ResponseDoc(200, "The subscription", .json(.subscription)), notFound] + denied),
                  handler: one),
            Route(Endpoint(.delete, "/api/v1/subscriptions/{subscriptionId}", access: .anyRole([.dispatcher, .admin]),
                           operationID: "deleteSubscription", summary: "Ends a subscription: nothing more is delivered", tag: "Events",
                           parameters: [id], responses: [ResponseDoc(204, "Ended"), notFound] + denied),
                  handler: end),
        ]
    }

    @Sendable func list(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        .json(["subscriptions": .array(try queries.subscriptions(by: context.principal).map { Self.json($0.subscription, $0.state) })])
    }

    @Sendable func create(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let body = try await request.jsonBody(limit: configuration.maxBodyBytes)
        if let unknown = body.objectValue?.keys.first(where: { !["url", "filter"].contains($0) }) {
            throw ServerError.invalidBody(path: unknown, reason: "unknown member; expected url and filter")
        }
        var url: String?
        if let v = body["url"], !v.isNull {
            guard let text = v.stringValue else { throw ServerError.invalidBody(path: "url", reason: "expected the receiver's URL, or null for a fence watched by streams") }
            url = text
        }
        var filter = ""
        if let v = body["filter"], !v.isNull {
            guard let text = v.stringValue else { throw ServerError.invalidBody(path: "filter", reason: "expected the query /api/v1/events takes, as a string") }
            filter = text
        }
        let reading: EventFilter
        do {
            reading = try EventsController(queries: queries, configuration: configuration).filter(try QueryParameters(query: filter))
        } catch let ServerError.invalidParameter(name, value, reason) {
            throw ServerError.invalidBody(path: "filter", reason: "\(name)=\(value): \(reason)")
        }
        let s = try queries.addSubscription(url: url, filter: filter, reading: reading, by: context.caller)
        var o = Self.json(s, SubscriptionState(cursor: 0)).objectValue ?? [:]
        o["secret"] = .string(s.secret)
        return .json(.object(o), status: .created)
    }

    @Sendable func one(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("subscriptionId").decodedPathComponent(parameter: "subscriptionId")
        let found = try queries.subscription(id: id, by: context.principal)
        var o = Self.json(found.subscription, found.state).objectValue ?? [:]
        o["deadLetters"] = .array(found.deadLetters.map {
            .object(["event": .number(Double($0.eventID)), "attempts": .number(Double($0.attempts)), "error": .string($0.error),
                     "at": .string(CityTime.timestamp($0.at))])
        })
        return .json(.object(o))
    }

    @Sendable func end(_ request: Request, _ context: CityRequestContext) async throws -> Response {
        let id = try context.parameters.require("subscriptionId").decodedPathComponent(parameter: "subscriptionId")
        try queries.disableSubscription(id: id, by: context.caller)
        return Response(status: .noContent)
    }

    static func json(_ s: Subscription, _ state: SubscriptionState) -> JSONValue {
        .object([
            "id": .string(s.id), "url": s.url.map(JSONValue.string) ?? .null, "filter": .string(s.filter), "fence": .bool(s.fence != nil), "owner": .string(s.ownerName),
            "createdAt": .string(CityTime.timestamp(s.createdAt)), "active": .bool(s.disabledAt == nil),
            "cursor": .number(Double(state.cursor)), "delivered": .number(Double(state.delivered)), "failures": .number(Double(state.failures)),
            "nextAttemptAt": state.nextAttemptAt.map { .string(CityTime.timestamp($0)) } ?? .null,
            "lastError": state.lastError.map(JSONValue.string) ?? .null,
        ])
    }
}
