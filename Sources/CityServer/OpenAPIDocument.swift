import GeoCore

/// Builds the OpenAPI 3.0.3 document from the endpoint list (OGC API – Features Part 1, conformance
/// class oas30, requires the definition to be OpenAPI 3.0).
enum OpenAPIDocument {
    static func build(_ endpoints: [Endpoint], readsRequireToken: Bool) -> JSONValue {
        var paths = JSONObject()
        for endpoint in endpoints {
            var item = paths[endpoint.path]?.objectValue ?? JSONObject()
            item[endpoint.method.rawValue.lowercased()] = operation(endpoint, readsRequireToken: readsRequireToken)
            paths[endpoint.path] = .object(item)
        }
        let tags = endpoints.reduce(into: [String]()) { if !$0.contains($1.tag) { $0.append($1.tag) } }
        return [
            "openapi": "3.0.3",
            "info": [
                "title": "CityGrid 城市网格",
                "version": "1.0.0",
                "description": "Grid indexing for city-management enforcement: OGC API – Features at /ogc, a JSON API at /api/v1. Coordinates are CRS84 longitude/latitude.",
            ],
            "tags": .array(tags.map { ["name": .string($0)] }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Problem": problemSchema],
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
        case .role(let role):
            o["security"] = [["bearer": []]]
            o["description"] = .string("Needs a bearer token with the \(role.rawValue) role.")
        }
        if !e.parameters.isEmpty { o["parameters"] = .array(e.parameters.map(parameter)) }
        if let type = e.requestBody {
            let schema: JSONValue = ["schema": ["type": "object"]]
            o["requestBody"] = ["required": true, "content": .object(JSONObject([(type, schema)]))]
        }
        var responses = JSONObject()
        for r in e.responses {
            var response: JSONObject = ["description": .string(r.description)]
            if let type = r.mediaType {
                let schema: JSONValue = type == MediaTypes.problem ? ["$ref": "#/components/schemas/Problem"]
                    : type.hasPrefix("text/") ? ["type": "string"] : ["type": "object"]
                let content: JSONValue = ["schema": schema]
                response["content"] = .object(JSONObject([(type, content)]))
            }
            responses[String(r.status)] = .object(response)
        }
        o["responses"] = .object(responses)
        return .object(o)
    }

    static func parameter(_ p: ParameterDoc) -> JSONValue {
        var schema: JSONObject
        var o: JSONObject = ["in": .string(p.location.rawValue), "description": .string(p.description), "required": .bool(p.required)]
        if p.name == ParameterDoc.propertyFilters.name {
            // OpenAPI 3.0's way to say "any other query parameter": a form-exploded free-form object.
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
        }
        o["schema"] = .object(schema)
        var out: JSONObject = ["name": .string(p.name)]
        for (k, v) in o { out[k] = v }
        return .object(out)
    }

    /// RFC 9457 section 3, with the `invalid-params` extension this server sends.
    static let problemSchema: JSONValue = [
        "type": "object",
        "properties": [
            "type": ["type": "string"],
            "title": ["type": "string"],
            "status": ["type": "integer"],
            "detail": ["type": "string"],
            "instance": ["type": "string"],
            "invalid-params": ["type": "array", "items": ["type": "object", "properties": [
                "name": ["type": "string"], "reason": ["type": "string"],
            ]]],
        ],
    ]
}
