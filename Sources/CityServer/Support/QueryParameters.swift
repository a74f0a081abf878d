import Foundation

/// A request's query string, decoded: `+` is a space and percent escapes are UTF-8 (the
/// application/x-www-form-urlencoded rules of the WHATWG URL standard), in keys as in values, so
/// that a property filter on a Chinese attribute name works. A repeated key is refused, because
/// which of two limits or bboxes to honour would be a guess.
struct QueryParameters: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(query: String?) throws(ServerError) {
        guard let query, !query.isEmpty else { return }
        var seen: Set<String> = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(pieces[0], what: "parameter name")
            let value = pieces.count > 1 ? try Self.decode(pieces[1], what: "value of \(name)") : ""
            guard seen.insert(name).inserted else {
                throw .invalidParameter(name: name, value: value, reason: "given more than once")
            }
            pairs.append((name, value))
        }
    }

    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    var names: [String] { pairs.map(\.name) }

    /// A parameter the route does not know is a 400 naming it: a misspelt filter must not
    /// silently widen the answer to everything.
    func refuseUnknown(_ known: [String]) throws(ServerError) {
        if let unknown = pairs.first(where: { !known.contains($0.name) }) {
            throw .invalidParameter(name: unknown.name, value: unknown.value,
                                    reason: "not a parameter of this route; it takes \(known.joined(separator: ", "))")
        }
    }

    /// Decodes bytes directly: Foundation's percent decoding bridges through NSString and cost a
    /// tenth of a nearest-case request.
    static func decode(_ text: Substring, what: String) throws(ServerError) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let c = utf8[i]
            if c == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%") {
                let h = utf8.index(after: i)
                guard h != utf8.endIndex, utf8.index(after: h) != utf8.endIndex,
                      let high = hexValue(utf8[h]), let low = hexValue(utf8[utf8.index(after: h)]) else {
                    throw .invalidParameter(name: what, value: String(text), reason: "malformed percent-encoding")
                }
                bytes.append(high << 4 | low)
                i = utf8.index(h, offsetBy: 1)
            } else {
                bytes.append(c)
            }
            i = utf8.index(after: i)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .invalidParameter(name: what, value: String(text), reason: "percent-encoding is not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encodes a query component (for the links the server writes).
    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~,")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// A non-negative integer parameter within `range`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ServerError) -> Int {
        guard let text = self[name] else { return defaultValue }
        guard let value = Int(text) else {
            throw .invalidParameter(name: name, value: text, reason: "expected an integer")
        }
        guard range.contains(value) else {
            throw .invalidParameter(name: name, value: text, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }
}

extension String {
    /// A path capture, percent-decoded (Hummingbird matches routes on the raw path).
    func decodedPathComponent(parameter: String) throws(ServerError) -> String {
        guard let decoded = removingPercentEncoding else {
            throw .invalidParameter(name: parameter, value: self, reason: "malformed percent-encoding")
        }
        return decoded
    }
}
