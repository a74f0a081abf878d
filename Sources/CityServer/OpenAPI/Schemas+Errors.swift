import GeoCore

/// The two error bodies: RFC 9457 problem details everywhere, GeoReport v2's list on /open311.
/// Their shapes are written by `ServerError.response(from:context:)` and `open311Response()`.
extension Schemas {
    typealias S = JSONSchema

    /// RFC 9457 section 3, with the `invalid-params` extension member (the RFC's own example) naming
    /// each bad parameter or body field.
    static let problem = S.object([
        "type": ["type": "string", "format": "uri-reference", "pattern": "^urn:citygrid:problem:[a-z-]+$"],
        "title": S.string,
        "status": ["type": "integer", "minimum": 400, "maximum": 599],
        "detail": S.string,
        "instance": S.string("The request path"),
        "invalid-params": S.array(S.object(["name": S.string, "reason": S.string], required: ["name", "reason"]), minItems: 1),
    ], required: ["type", "title", "status", "detail", "instance"], description: "RFC 9457 problem details", examples: [
        ["type": "urn:citygrid:problem:invalid-parameter", "title": "Invalid parameter", "status": 400,
         "detail": "limit: 0 is not in 1...10000", "instance": "/ogc/collections/grids/items",
         "invalid-params": [["name": "limit", "reason": "expected an integer in 1...10000"]]],
    ])

    /// GeoReport v2's errors: a list of `{code, description}`, the code being the HTTP status.
    static let geoReportErrors = S.with(S.array(S.object([
        "code": ["type": "integer", "minimum": 400, "maximum": 599],
        "description": S.string,
    ], required: ["code", "description"]), minItems: 1), description: "GeoReport v2 errors", examples: [
        [["code": 400, "description": "service_code: required"]],
    ])

    /// The OpenAPI document itself: what the OpenAPI 3.1 specification requires at the top.
    static let apiDefinition = S.object([
        "openapi": ["type": "string", "pattern": "^3\\.1\\.\\d+$"],
        "info": S.object(["title": S.string, "version": S.string], required: ["title", "version"], open: true),
        "paths": ["type": "object"],
    ], required: ["openapi", "info", "paths"], open: true, description: "An OpenAPI 3.1 document")

    static let text = S.with(S.string, description: "Plain text", examples: ["# TYPE citygrid_http_requests_total counter\n"])
}
