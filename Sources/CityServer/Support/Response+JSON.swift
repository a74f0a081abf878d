import CityModel
import Foundation
import GeoCore
import Hummingbird

extension Response {
    /// A JSON document with the given media type, written straight from a `JSONValue`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, mediaType: String = MediaTypes.json,
                     headers extra: HTTPFields = [:]) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        value.write(to: &bytes)
        var headers: HTTPFields = [.contentType: mediaType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON document already written as bytes.
    static func json(bytes: [UInt8], mediaType: String = MediaTypes.json) -> Response {
        Response(status: .ok, headers: [.contentType: mediaType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, mediaType: String = MediaTypes.text) -> Response {
        Response(status: .ok, headers: [.contentType: mediaType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A link object (OGC API – Common: href, rel, type, title).
func link(_ href: String, rel: String, type: String, title: String? = nil) -> JSONValue {
    var o: JSONObject = ["href": .string(href), "rel": .string(rel), "type": .string(type)]
    if let title { o["title"] = .string(title) }
    return .object(o)
}

/// Where absolute links point: the configured public URL, else the scheme and authority the
/// client used (the Host header), else the listening address.
func baseURL(_ request: Request, _ configuration: ServerConfiguration) -> String {
    if let configured = configuration.publicBaseURL {
        return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
    }
    if let authority = request.head.authority, !authority.isEmpty,
       authority.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]_".contains($0) }) {
        return "http://" + authority
    }
    return "http://\(configuration.host):\(configuration.port)"
}

/// The current time as CityGrid writes times (RFC 3339, Shanghai offset), for `timeStamp`.
func timeStamp() -> String {
    CityTime.timestamp(Date.now)
}
