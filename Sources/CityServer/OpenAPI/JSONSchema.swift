import GeoCore

/// Small builders for JSON Schema 2020-12 (the dialect of OpenAPI 3.1), so the schema files read as
/// the shapes they describe. Nullable is `"type": [T, "null"]` (3.1 dropped 3.0's `nullable`).
enum JSONSchema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    /// RFC 3339 with an offset, as `CityTime.timestamp` writes it.
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let count: JSONValue = ["type": "integer", "minimum": 0]

    static func string(_ description: String) -> JSONValue { ["type": "string", "description": .string(description)] }

    /// `type` or null.
    static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }

    /// A `$ref` to a named schema, or that or null.
    static func ref(_ schema: SchemaRef) -> JSONValue { ["$ref": .string("#/components/schemas/" + schema.rawValue)] }
    static func nullableRef(_ schema: SchemaRef) -> JSONValue { ["oneOf": [ref(schema), ["type": "null"]]] }

    static func array(_ items: JSONValue, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var o: JSONObject = ["type": "array", "items": items]
        if let minItems { o["minItems"] = .number(Double(minItems)) }
        if let maxItems { o["maxItems"] = .number(Double(maxItems)) }
        return .object(o)
    }

    /// One of these strings; take them from the domain type's `allCases` so the list cannot drift.
    static func oneOf(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func constant(_ value: String) -> JSONValue { ["const": .string(value)] }

    /// An object whose `required` members must be there. `open`: other members are allowed (a
    /// feature's import columns); closed objects refuse members the encoder never writes.
    static func object(_ properties: JSONObject, required: [String], open: Bool = false, description: String? = nil,
                       examples: [JSONValue] = []) -> JSONValue {
        var o: JSONObject = ["type": "object", "properties": .object(properties),
                             "required": .array(required.map(JSONValue.string))]
        if !open { o["additionalProperties"] = false }
        if let description { o["description"] = .string(description) }
        if !examples.isEmpty { o["examples"] = .array(examples) }
        return .object(o)
    }

    /// An object whose member names are data (layer names, case-type codes), each value `values`.
    static func map(_ values: JSONValue) -> JSONValue { ["type": "object", "additionalProperties": values] }

    /// `schema` with `examples` (JSON Schema 2020-12 section 9.5) and a description added.
    static func with(_ schema: JSONValue, description: String? = nil, examples: [JSONValue]) -> JSONValue {
        var o = schema.objectValue ?? JSONObject()
        if let description { o["description"] = .string(description) }
        if !examples.isEmpty { o["examples"] = .array(examples) }
        return .object(o)
    }

    /// `base` with more properties and required names (an `allOf` would leave `additionalProperties`
    /// unable to see the other branch's members).
    static func extending(_ base: JSONValue, _ properties: JSONObject, required: [String] = []) -> JSONValue {
        var o = base.objectValue ?? JSONObject()
        var p = o["properties"]?.objectValue ?? JSONObject()
        for (k, v) in properties { p[k] = v }
        o["properties"] = .object(p)
        o["required"] = .array((o["required"]?.arrayValue ?? []) + required.map(JSONValue.string))
        o["examples"] = nil
        return .object(o)
    }
}
