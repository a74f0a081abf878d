import CityModel
import GeoCore

/// Every failure the server reports, each naming the parameter, collection, item, field or file
/// at fault. Only this module turns errors into HTTP: `ServerError+Problem.swift` maps each case
/// to a status and an RFC 9457 problem document.
public enum ServerError: Error, Sendable, CustomStringConvertible {
    /// The configuration file is unreadable or a setting is wrong; `field` is a JSON path.
    case configuration(file: String, field: String?, reason: String)
    /// A query or path parameter has a value the route cannot use.
    case invalidParameter(name: String, value: String, reason: String)
    /// No layer, OGC collection, of this name.
    case unknownCollection(String)
    /// No item of this id in the collection.
    case unknownFeature(collection: String, id: String)
    /// No route for this method and path.
    case noRoute(method: String, path: String)
    /// The path exists, but not for this method (405, with the methods it takes in `Allow`).
    case methodNotAllowed(method: String, allowed: [String])
    /// A route that needs a token was called without one, or with one the server does not know.
    case unauthenticated(reason: String)
    /// The token is valid but lacks the role the route needs (`area` nil), or holds it but not in
    /// the area the entity lies in (`area` names it).
    case forbidden(holder: String, needs: Role, area: String? = nil, action: String? = nil)
    /// A key given in the request (Open311's `api_key`) is missing or not one this server issued.
    case keyRefused(reason: String)
    /// The request body is longer than the configured limit.
    case bodyTooLarge(limitBytes: Int)
    /// A rate-limited route was called too often by one bearer token or one client address
    /// (`scope`); a request is in the bucket again after `retryAfterSeconds`.
    case rateLimited(scope: String, retryAfterSeconds: Int)
    /// The request body is not what the route accepts; `path` is a JSON path into it.
    case invalidBody(path: String, reason: String)
    /// A well-formed body whose content the domain refuses (422), naming the field.
    case unprocessable(path: String, reason: String)
    /// The body's media type is not one the route reads.
    case unsupportedMediaType(String)
    /// The change conflicts with what is stored (an id that exists).
    case conflict(String)
    /// A transform or store failure the client cannot fix; the detail is logged, not sent.
    case internalFailure(String)
    /// The storage cannot be reached (503); the detail is logged, not sent.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .configuration(file, field, reason): "\(file)\(field.map { ": \($0)" } ?? ""): \(reason)"
        case let .invalidParameter(name, value, reason): "parameter \(name)=\(value): \(reason)"
        case let .unknownCollection(id): "no collection \(id)"
        case let .unknownFeature(collection, id): "collection \(collection) has no item \(id)"
        case let .noRoute(method, path): "no route for \(method) \(path)"
        case let .methodNotAllowed(method, allowed): "this path does not take \(method); it takes \(allowed.joined(separator: ", "))"
        case let .unauthenticated(reason): reason
        case let .forbidden(holder, needs, area, action):
            area.map { "\(holder) may not \(action ?? "do this") in \($0): the \(needs.rawValue) role does not hold there" }
                ?? "\(holder) lacks the role \(needs.rawValue)"
        case let .keyRefused(reason): reason
        case let .bodyTooLarge(limit): "request body over \(limit) bytes"
        case let .rateLimited(scope, seconds): "too many reports from this \(scope); try again in \(seconds) s"
        case let .invalidBody(path, reason): "request body\(path.isEmpty ? "" : " at \(path)"): \(reason)"
        case let .unprocessable(path, reason): "\(path): \(reason)"
        case let .unsupportedMediaType(type): "unsupported media type \(type)"
        case let .conflict(reason): reason
        case let .internalFailure(reason): reason
        case let .unavailable(reason): reason
        }
    }
}
