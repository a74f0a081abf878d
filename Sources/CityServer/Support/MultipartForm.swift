import Foundation

/// A `multipart/form-data` body (RFC 7578) read whole: the parts by name, each with its filename
/// and media type if the client gave them. What a browser's FormData and curl's `-F` send.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var mediaType: String?
        var bytes: [UInt8]
    }

    var parts: [Part]

    subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary of a `multipart/form-data; boundary=…` media type, or nil for another type.
    static func boundary(ofContentType header: String) -> String? {
        let pieces = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for p in pieces.dropFirst() where p.lowercased().hasPrefix("boundary=") {
            var b = String(p.dropFirst("boundary=".count))
            if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
            return b.isEmpty ? nil : b
        }
        return nil
    }

    /// Splits `body` on `--boundary` lines. A body without its closing delimiter, or a part
    /// without a `Content-Disposition: form-data; name=…`, is refused naming what is wrong.
    init(body: [UInt8], boundary: String) throws(ServerError) {
        let delimiter = Array("--\(boundary)".utf8)
        var starts: [Int] = []
        var i = 0
        while let at = Self.find(delimiter, in: body, from: i) {
            // A delimiter counts only at the start of the body or of a line.
            if at == 0 || (at >= 2 && body[at - 2] == 0x0D && body[at - 1] == 0x0A) { starts.append(at) }
            i = at + delimiter.count
        }
        guard starts.count >= 2 else {
            throw .invalidBody(path: "multipart", reason: "no parts delimited by the boundary \"\(boundary)\"")
        }
        let last = starts[starts.count - 1] + delimiter.count
        guard last + 2 <= body.count, body[last] == 0x2D, body[last + 1] == 0x2D else {
            throw .invalidBody(path: "multipart", reason: "the body ends before the closing boundary (--\(boundary)--)")
        }
        var parts: [Part] = []
        for k in 0..<(starts.count - 1) {
            var from = starts[k] + delimiter.count
            // The rest of the delimiter line (transport padding) and its CRLF.
            guard let lineEnd = Self.find([0x0D, 0x0A], in: body, from: from) else {
                throw .invalidBody(path: "multipart", reason: "part \(k + 1) has no header lines")
            }
            from = lineEnd + 2
            let end = starts[k + 1] - 2  // the CRLF before the next delimiter belongs to it
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: from), headerEnd <= end else {
                throw .invalidBody(path: "multipart", reason: "part \(k + 1) has no blank line after its headers")
            }
            let headerText = String(decoding: body[from..<headerEnd], as: UTF8.self)
            var disposition: String?
            var mediaType: String?
            for line in headerText.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name == "content-disposition" { disposition = value }
                if name == "content-type" { mediaType = value.lowercased() }
            }
            guard let disposition, disposition.lowercased().hasPrefix("form-data"),
                  let name = Self.parameter("name", in: disposition) else {
                throw .invalidBody(path: "multipart", reason: "part \(k + 1) has no Content-Disposition: form-data; name=…")
            }
            parts.append(Part(name: name, filename: Self.parameter("filename", in: disposition), mediaType: mediaType,
                              bytes: Array(body[(headerEnd + 4)..<max(headerEnd + 4, end)])))
        }
        self.parts = parts
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let p = piece.trimmingCharacters(in: .whitespaces)
            guard p.lowercased().hasPrefix(key + "=") else { continue }
            var v = String(p.dropFirst(key.count + 1))
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = from
        let first = needle[0], last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
