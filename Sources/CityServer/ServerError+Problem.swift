import CityModel
import CityQuery
import GeoCore
import Hummingbird

/// RFC 9457 problem details: every error the server sends is an `application/problem+json` object
/// with `type`, `title`, `status`, `detail`, `instance` and, for a bad parameter or body field,
/// `invalid-params` (the extension member of RFC 9457 section 3's example) naming it.
extension ServerError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .configuration, .internalFailure: .internalServerError
        case .unavailable: .serviceUnavailable
        case .invalidParameter, .invalidBody: .badRequest
        case .unprocessable: .unprocessableContent
        case .unknownCollection, .unknownFeature, .noRoute: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .unauthenticated: .unauthorized
        case .forbidden, .keyRefused: .forbidden
        case .bodyTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .unsupportedMediaType: .unsupportedMediaType
        case .conflict: .conflict
        }
    }

    /// The problem type's last URI segment; stable, so clients may switch on it.
    var slug: String {
        switch self {
        case .configuration: "configuration"
        case .invalidParameter: "invalid-parameter"
        case .unknownCollection: "unknown-collection"
        case .unknownFeature: "unknown-item"
        case .noRoute: "no-route"
        case .methodNotAllowed: "method-not-allowed"
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .keyRefused: "key-refused"
        case .bodyTooLarge: "body-too-large"
        case .rateLimited: "rate-limited"
        case .invalidBody: "invalid-body"
        case .unprocessable: "unprocessable"
        case .unsupportedMediaType: "unsupported-media-type"
        case .conflict: "conflict"
        case .internalFailure: "internal"
        case .unavailable: "storage-unavailable"
        }
    }

    var title: String {
        switch self {
        case .configuration: "Server misconfigured"
        case .invalidParameter: "Invalid parameter"
        case .unknownCollection: "No such collection"
        case .unknownFeature: "No such item"
        case .noRoute: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .unauthenticated: "Authentication required"
        case .forbidden: "Role required"
        case .keyRefused: "Key refused"
        case .bodyTooLarge: "Request body too large"
        case .rateLimited: "Too many requests"
        case .invalidBody: "Invalid request body"
        case .unprocessable: "The content breaks the domain's rules"
        case .unsupportedMediaType: "Unsupported media type"
        case .conflict: "Conflict"
        case .internalFailure: "Internal error"
        case .unavailable: "Storage unavailable"
        }
    }

    /// What the client is told; internal failures keep their cause to the log.
    var detail: String {
        switch self {
        case .internalFailure, .configuration: "The server could not complete the request."
        // The write's fate is unknown only when the connection broke during its commit; the
        // client reads before it repeats a write that is not idempotent (a report).
        case .unavailable:
            "The database cannot be reached for now (a restart or a failover); try again shortly. A write that failed this way may have been committed if the connection broke while it committed: look before repeating it."
        default: description
        }
    }

    var invalidParams: [(name: String, reason: String)] {
        switch self {
        case let .invalidParameter(name, _, reason): [(name, reason)]
        case let .invalidBody(path, reason), let .unprocessable(path, reason): [(path.isEmpty ? "body" : path, reason)]
        default: []
        }
    }

    public var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: MediaTypes.problem]
        switch self {
        case .unauthenticated: fields[.wwwAuthenticate] = "Bearer realm=\"citygrid\""
        case .forbidden: fields[.wwwAuthenticate] = "Bearer realm=\"citygrid\", error=\"insufficient_scope\""
        case .methodNotAllowed(_, let allowed): fields[.allow] = allowed.joined(separator: ", ")
        // A failover takes seconds (libpq's connect_timeout per host, then the promotion).
        case .unavailable: fields[.retryAfter] = "1"
        case .rateLimited(_, let seconds): fields[.retryAfter] = String(seconds)
        // The rest of the refused body is not read: the connection closes after the answer
        // (CloseAfterResponseHandler), so an uploading client is not left sending into the void.
        case .bodyTooLarge: fields[.connection] = "close"
        default: break
        }
        return fields
    }

    /// The error as GeoReport v2 writes errors: `[{"code": 400, "description": "…"}]`, with the
    /// same status, the bad field named in the description.
    func open311Response() -> Response {
        let named = invalidParams.first.map { "\($0.name): \($0.reason)" } ?? detail
        var bytes: [UInt8] = []
        JSONValue.array([.object(["code": .number(Double(status.code)), "description": .string(named)])]).write(to: &bytes)
        var fields = headers
        fields[.contentType] = MediaTypes.json
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem: JSONObject = [
            "type": .string("urn:citygrid:problem:" + slug),
            "title": .string(title),
            "status": .number(Double(status.code)),
            "detail": .string(detail),
            "instance": .string(request.uri.path),
        ]
        let params = invalidParams
        if !params.isEmpty {
            problem["invalid-params"] = .array(params.map { ["name": .string($0.name), "reason": .string($0.reason)] })
        }
        var bytes: [UInt8] = []
        JSONValue.object(problem).write(to: &bytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension ServerError {
    /// The server's reading of any error a handler or Hummingbird threw.
    static func from(_ error: any Error, request: Request, bodyLimit: Int) -> ServerError {
        switch CityQueryError.translating(error) {
        case let e as ServerError: return e
        case let e as CityQueryError:
            switch e {
            case let .badParameter(name, value, reason): return .invalidParameter(name: name, value: value, reason: reason)
            case let .notFound(layer, id): return .unknownFeature(collection: layer, id: id)
            case let .outsideDeploymentArea(name, x, y):
                return .invalidParameter(name: name, value: "\(x),\(y)", reason: "outside every grid cell of the deployment")
            case let .conflict(reason): return .conflict(reason)
            case let .unprocessable(name, reason): return .unprocessable(path: name, reason: reason)
            case let .unsupportedMediaType(name, reason): return .unsupportedMediaType("\(name): \(reason)")
            case let .tooLarge(_, limit): return .bodyTooLarge(limitBytes: limit)
            case let .nonFiniteGeometry(layer, id): return .invalidBody(path: "geometry", reason: "\(layer)/\(id): NaN or infinite coordinate")
            case let .storage(reason): return .internalFailure(reason)
            case let .unavailable(reason): return .unavailable(reason)
            case let .unauthenticated(reason): return .unauthenticated(reason: reason)
            case let .forbidden(principal, action, needs, area): return .forbidden(holder: principal, needs: needs, area: area, action: action)
            }
        // The closed loop refuses a step: the case is in a state that does not allow it.
        case let e as CityModelError:
            switch e {
            case .illegalTransition, .outOfOrderRecord: return .conflict(e.description)
            case .unknownCaseType: return .invalidParameter(name: "type", value: "", reason: e.description)
            default: return .invalidBody(path: "", reason: e.description)
            }
        // Hummingbird's own errors (HTTPError, and NIO's too-many-bytes error from
        // `collect(upTo:)`) say only a status.
        case let e as any HTTPResponseError:
            switch e.status {
            case .notFound: return .noRoute(method: request.method.rawValue, path: request.uri.path)
            case .contentTooLarge: return .bodyTooLarge(limitBytes: bodyLimit)
            case .unauthorized: return .unauthenticated(reason: "authentication required")
            default:
                if e.status.code >= 500 { return .internalFailure(String(describing: e)) }
                let message = (e as? HTTPError)?.body ?? e.status.reasonPhrase
                return .invalidParameter(name: "request", value: "", reason: message)
            }
        default: return .internalFailure(String(describing: error))
        }
    }
}
