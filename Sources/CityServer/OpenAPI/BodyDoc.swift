/// What a request or response body holds, as the OpenAPI document states it: a media type and, for
/// the JSON ones, a named schema of `components.schemas`. A `SchemaRef` rather than a string, so a
/// misspelt schema does not compile and every schema a route names exists.
public enum BodyDoc: Sendable {
    /// `application/json` of this schema.
    case json(SchemaRef)
    /// `application/geo+json` (RFC 7946) of this schema.
    case geoJSON(SchemaRef)
    /// `application/schema+json`: a JSON Schema document (OGC API – Features Part 3's queryables).
    case jsonSchema(SchemaRef)
    /// `application/x-www-form-urlencoded` fields of this schema (GeoReport v2's POST).
    case form(SchemaRef)
    /// `multipart/form-data` parts of this schema (a photo upload from a browser's form).
    case multipart(SchemaRef)
    /// An RFC 9457 `application/problem+json` error.
    case problem
    /// GeoReport v2's error list `[{"code": …, "description": …}]` as `application/json`: what
    /// every /open311 route answers on an error (`ErrorShape.geoReport`).
    case geoReportErrors
    /// The OpenAPI document itself.
    case openAPI
    /// Text of this media type (Prometheus' exposition format).
    case text(String)
    /// A file of the web map, whose media type is the file's own.
    case file(String)

    public var mediaType: String {
        switch self {
        case .json, .geoReportErrors: MediaTypes.json
        case .geoJSON: MediaTypes.geoJSON
        case .jsonSchema: MediaTypes.jsonSchema
        case .form: MediaTypes.form
        case .multipart: "multipart/form-data"
        case .problem: MediaTypes.problem
        case .openAPI: MediaTypes.openAPI
        case .text(let type), .file(let type): type
        }
    }

    /// The schema the body's bytes follow, nil for a file (any bytes).
    var schema: SchemaRef? {
        switch self {
        case .json(let s), .geoJSON(let s), .jsonSchema(let s), .form(let s), .multipart(let s): s
        case .problem: .problem
        case .geoReportErrors: .geoReportErrors
        case .openAPI: .apiDefinition
        case .text: .text
        case .file: nil
        }
    }
}

/// Which error body a path answers with: the one rule `ProblemMiddleware` follows and the OpenAPI
/// document's `default` responses state.
enum ErrorShape {
    case problem
    case geoReport

    /// GeoReport v2 clients read errors as `[{"code": …, "description": …}]`, so every path under
    /// /open311/ answers that; every other path answers RFC 9457 problem details.
    static func of(path: String) -> ErrorShape {
        path.hasPrefix("/open311/") ? .geoReport : .problem
    }

    var body: BodyDoc {
        switch self {
        case .problem: .problem
        case .geoReport: .geoReportErrors
        }
    }
}
