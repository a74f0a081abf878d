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

    static func decode(_ text: Substring, what: String) throws(ServerError) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding else {
            throw .invalidParameter(name: what, value: String(text), reason: "malformed percent-encoding")
        }
        return decoded
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
