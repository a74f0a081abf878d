import GeoCore

/// Builds the OpenAPI 3.1 document from the endpoint list: every body a route reads or writes is a
/// named schema of `components.schemas` (`SchemaRef`), in JSON Schema 2020-12, the dialect 3.1
/// uses. 3.1 rather than 3.0 because the API's bodies need what only 2020-12 says (`"type": [T,
/// "null"]`, `const`, `prefixItems`, `examples`); the price is OGC's oas30 conformance class,
/// which `OGC.conformance` no longer claims.
enum OpenAPIDocument {
    static let version = "3.1.0"

    static func build(_ endpoints: [Endpoint], readsRequireToken: Bool) -> JSONValue {
        var paths = JSONObject()
        for endpoint in endpoints {
            var item = paths[endpoint.path]?.objectValue ?? JSONObject()
            item[endpoint.method.rawValue.lowercased()] = operation(endpoint, readsRequireToken: readsRequireToken)
            paths[endpoint.path] = .object(item)
        }
        let tags = endpoints.reduce(into: [String]()) { if !$0.contains($1.tag) { $0.append($1.tag) } }
        return [
            "openapi": .string(version),
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": [
                "title": "CityGrid 城市网格",
                "version": "1.0.0",
                "description": "Grid indexing for city-management enforcement: OGC API – Features at /ogc, a JSON API at /api/v1, Open311 GeoReport v2 at /open311/v2. Coordinates are CRS84 longitude/latitude. Errors are RFC 9457 problem details, except under /open311, where they are GeoReport v2's [{code, description}].",
            ],
            "tags": .array(tags.map { ["name": .string($0)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": SchemaRef.components,
            ],
        ]
    }

    static func operation(_ e: Endpoint, readsRequireToken: Bool) -> JSONValue {
        var o: JSONObject = [
            "operationId": .string(e.operationID),
            "summary": .string(e.summary),
            "tags": [.string(e.tag)],
        ]
        switch e.access {
        case .open: o["security"] = []
        case .read: o["security"] = readsRequireToken ? [["bearer": []]] : []
        case .anyRole(let roles):
            o["security"] = [["bearer": []]]
            o["description"] = .string("Needs a bearer token with the \(roles.map(\.rawValue).joined(separator: " or ")) role, "
                + "held where the entity lies (403 names the area otherwise).")
        }
        // Every write a token holder sends takes an idempotency key (IdempotencyMiddleware).
        let parameters = e.parameters + (e.takesIdempotencyKey ? [ParameterDoc.idempotencyKey] : [])
        if !parameters.isEmpty { o["parameters"] = .array(parameters.map(parameter)) }
        if !e.requestBody.isEmpty {
            o["requestBody"] = ["required": true, "content": .object(JSONObject(e.requestBody.map { ($0.mediaType, content($0)) }))]
        }
        var responses = JSONObject()
        for r in e.responses {
            var response: JSONObject = ["description": .string(r.description)]
            if let body = r.body {
                response["content"] = .object(JSONObject(([body] + r.alternatives).map { ($0.mediaType, content($0)) }))
            }
            responses[String(r.status)] = .object(response)
        }
        // The limited routes' refusal, with the header that says when to come back.
        if e.rateLimited, responses["429"] == nil {
            let errors = ErrorShape.of(path: e.path).body
            responses["429"] = [
                "description": "Too many requests from this bearer token or client address",
                "headers": ["Retry-After": ["description": "Seconds until a request is accepted again", "schema": ["type": "integer", "minimum": 1]]],
                "content": .object(JSONObject([(errors.mediaType, content(errors))])),
            ]
        }
        // Any route may also answer an error its list does not name (a bad token on an open route
        // is a 401, a wrong method a 405, an unreadable body a 400 or 415): in the path's error shape.
        let errors = ErrorShape.of(path: e.path).body
        responses["default"] = ["description": "An error", "content": .object(JSONObject([(errors.mediaType, content(errors))]))]
        o["responses"] = .object(responses)
        return .object(o)
    }

    /// A media type object: the named schema, or none for a file of any bytes.
    static func content(_ body: BodyDoc) -> JSONValue {
        guard let schema = body.schema else { return [:] }
        return ["schema": JSONSchema.ref(schema)]
    }

    static func parameter(_ p: ParameterDoc) -> JSONValue {
        var schema: JSONObject
        var o: JSONObject = ["in": .string(p.location.rawValue), "description": .string(p.description), "required": .bool(p.required)]
        if p.name == ParameterDoc.propertyFilters.name {
            // "Any other query parameter": a form-exploded free-form object.
            schema = ["type": "object", "additionalProperties": ["type": "string"]]
            o["style"] = "form"
            o["explode"] = true
        } else if let array = p.arrayOf {
            schema = ["type": "array", "items": ["type": .string(array.kind.rawValue)],
                      "minItems": .number(Double(array.minItems)), "maxItems": .number(Double(array.maxItems))]
            o["style"] = "form"
            o["explode"] = false
        } else {
            schema = ["type": .string(p.kind.rawValue)]
            if let v = p.minimum { schema["minimum"] = .number(Double(v)) }
            if let v = p.maximum { schema["maximum"] = .number(Double(v)) }
            if let v = p.defaultValue { schema["default"] = .number(Double(v)) }
            if let values = p.allowed { schema["enum"] = .array(values.map(JSONValue.string)) }
            if p.location == .header {
                // Header values are visible ASCII (RFC 9110 §5.5); the key's own bounds.
                schema["pattern"] = "^[!-~]{1,255}$"
            }
        }
        o["schema"] = .object(schema)
        var out: JSONObject = ["name": .string(p.name)]
        for (k, v) in o { out[k] = v }
        return .object(out)
    }
}
