import CityModel
import Hummingbird

/// One route as the server documents and enforces it. The router and the OpenAPI document are both
/// built from the same list of endpoints (see `Controller.routes`), so they cannot disagree.
public struct Endpoint: Sendable {
    public var method: HTTPRequest.Method
    /// Hummingbird route syntax, which OpenAPI path templates share: `/ogc/collections/{collectionId}`.
    public var path: String
    /// Who may call it.
    public var access: Access
    public var operationID: String
    public var summary: String
    public var tag: String
    public var parameters: [ParameterDoc]
    /// The bodies a route reads, one per media type it accepts; empty for none.
    public var requestBody: [BodyDoc]
    /// Status code → (description, body with its media type and schema).
    public var responses: [ResponseDoc]
    /// Whether calls draw from the per-token and per-address token buckets
    /// (`TransportConfiguration.reportLimits`) and may be answered 429. An init without
    /// `rateLimited:` takes `Endpoint.rateLimitedOperations`.
    public var rateLimited: Bool
    /// The longest body the route reads, when it is not the server's `maxBodyBytes` (a photo).
    public var bodyLimit: Int?

    public init(_ method: HTTPRequest.Method, _ path: String, access: Access, operationID: String, summary: String,
                tag: String, parameters: [ParameterDoc] = [], requestBody: [BodyDoc] = [], responses: [ResponseDoc],
                rateLimited: Bool? = nil, bodyLimit: Int? = nil) {
        self.method = method
        self.path = path
        self.access = access
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.rateLimited = rateLimited ?? Self.rateLimitedOperations.contains(operationID)
        self.bodyLimit = bodyLimit
    }

    /// The names of the `{…}` captures in `path`, in order.
    public var pathParameterNames: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }
}

/// Who may call an endpoint.
public enum Access: Sendable, Hashable {
    /// Anyone, always (health, metrics, the API description).
    case open
    /// Anyone when reads are open, a token holder when `readsRequireToken` is set.
    case read
    /// A token holder with one of these roles (somewhere: CityQuery decides whether it holds
    /// where the entity lies).
    case anyRole([Role])

    /// A token holder with this role.
    public static func role(_ role: Role) -> Access { .anyRole([role]) }
}

/// A query or path parameter, for the OpenAPI document.
public struct ParameterDoc: Sendable {
    public enum Location: String, Sendable { case path, query, header }
    public enum Kind: String, Sendable { case string, integer, number, boolean }
    public var name: String
    public var location: Location
    public var kind: Kind
    public var description: String
    public var required: Bool
    /// For a comma-separated list such as `bbox`: the item kind and count bounds.
    public var arrayOf: (kind: Kind, minItems: Int, maxItems: Int)?
    public var minimum: Int?
    public var maximum: Int?
    public var defaultValue: Int?
    /// The only values the route takes (a layer name, say), from the domain type's `allCases`.
    public var allowed: [String]?

    public init(_ name: String, in location: Location, _ kind: Kind, _ description: String,
                required: Bool = false, arrayOf: (kind: Kind, minItems: Int, maxItems: Int)? = nil,
                minimum: Int? = nil, maximum: Int? = nil, defaultValue: Int? = nil, allowed: [String]? = nil) {
        self.name = name
        self.location = location
        self.kind = kind
        self.description = description
        self.required = required || location == .path
        self.arrayOf = arrayOf
        self.minimum = minimum
        self.maximum = maximum
        self.defaultValue = defaultValue
        self.allowed = allowed
    }
}

/// One documented response of an endpoint.
public struct ResponseDoc: Sendable {
    public var status: Int
    public var description: String
    /// The body with its media type and schema; nil for none (204).
    public var body: BodyDoc?
    /// Other media types the same status may come in (a WFS answer in GML or GeoJSON).
    public var alternatives: [BodyDoc]

    public init(_ status: Int, _ description: String, _ body: BodyDoc? = nil, or alternatives: [BodyDoc] = []) {
        self.status = status
        self.description = description
        self.body = body
        self.alternatives = alternatives
    }

    /// The body's media type; nil for none.
    public var mediaType: String? { body?.mediaType }
}

/// An endpoint and the code answering it.
public struct Route: Sendable {
    public typealias Handler = @Sendable (Request, CityRequestContext) async throws -> Response
    public var endpoint: Endpoint
    public var handler: Handler

    public init(_ endpoint: Endpoint, handler: @escaping Handler) {
        self.endpoint = endpoint
        self.handler = handler
    }
}

/// One resource's routes. Adding a resource (the CityQuery routes, say) is writing one controller
/// and listing it in `standardControllers` (Application+build.swift) or passing it to `buildApplication`.
public protocol Controller: Sendable {
    var routes: [Route] { get }
}
