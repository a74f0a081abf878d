/// The media types the server sends, as OGC API – Features Part 1 (clause 7.2, links) and
/// RFC 9457 spell them.
enum MediaTypes {
    static let json = "application/json"
    static let geoJSON = "application/geo+json"
    static let jsonSchema = "application/schema+json"
    static let problem = "application/problem+json"
    /// The OpenAPI media type with the document's version (the form OGC API – Features Part 1,
    /// /req/oas30/oas-definition-1, uses for 3.0); the document is OpenAPI 3.1.
    static let openAPI = "application/vnd.oai.openapi+json;version=3.1"
    /// GeoReport v2's POST body.
    static let form = "application/x-www-form-urlencoded"
    /// Prometheus text exposition format 0.0.4.
    static let prometheus = "text/plain; version=0.0.4; charset=utf-8"
    static let text = "text/plain; charset=utf-8"
}
