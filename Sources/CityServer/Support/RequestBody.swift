import GeoCore
import Hummingbird

extension Request {
    /// The whole body as a JSON value, refusing other media types (415), bodies over `limit`
    /// bytes (413, even without a Content-Length) and malformed JSON (400 naming the byte offset).
    func jsonBody(limit: Int) async throws -> JSONValue {
        let type = headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard type == MediaTypes.json || type == MediaTypes.geoJSON else {
            throw ServerError.unsupportedMediaType(type.isEmpty ? "(none)" : type)
        }
        var buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw ServerError.bodyTooLarge(limitBytes: limit)
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw ServerError.invalidBody(path: "", reason: error.description)
        }
        // Every body CityGrid takes is an object: `null` or `[]` must not read as "no options"
        // (a reattribution without `ids` re-attributes the whole layer).
        guard value.objectValue != nil else { throw ServerError.invalidBody(path: "", reason: "expected a JSON object") }
        return value
    }
}
