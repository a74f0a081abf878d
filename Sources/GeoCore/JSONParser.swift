/// A strict RFC 8259 parser over UTF-8 bytes. Errors carry the byte offset where the problem is.
/// `parseValue(at:)` reads one value and says where it ended, so a streaming reader can walk a
/// large document (a GeoJSON FeatureCollection) one element at a time.
public struct JSONParser: Sendable {
    public let bytes: [UInt8]
    /// Deeper nesting is rejected rather than risking the stack on hostile input.
    public var maximumDepth = 512

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }

    /// Parses the whole buffer as one value with only whitespace around it.
    public func parseDocument() throws(GeoCoreError) -> JSONValue {
        let (value, end) = try parseValue(at: 0)
        let after = skipWhitespace(from: end)
        if after < bytes.count {
            throw .json(message: "unexpected \(JSONScanner.describe(bytes[after])) after the JSON value", byteOffset: after)
        }
        return value
    }

    /// Parses one value starting at `offset` (leading whitespace skipped). `end` is the offset just
    /// past the value; whatever follows it is left for the caller.
    public func parseValue(at offset: Int) throws(GeoCoreError) -> (value: JSONValue, end: Int) {
        guard offset >= 0 && offset <= bytes.count else {
            throw .json(message: "offset \(offset) is outside the \(bytes.count)-byte buffer", byteOffset: offset)
        }
        let depth = maximumDepth
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(GeoCoreError) -> (value: JSONValue, end: Int) in
                var scanner = JSONScanner(b: buffer, i: offset, maximumDepth: depth)
                let v = try scanner.value(depth: 0)
                return (v, scanner.i)
            }
        }
        return try result.get()
    }

    /// The first offset at or after `offset` that is not JSON whitespace (space, tab, CR, LF).
    public func skipWhitespace(from offset: Int) -> Int {
        var i = max(0, offset)
        while i < bytes.count, JSONScanner.isSpace(bytes[i]) { i += 1 }
        return i
    }
}

struct JSONScanner {
    let b: UnsafeBufferPointer<UInt8>
    var i: Int
    let maximumDepth: Int

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    static func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    func fail(_ message: String, at offset: Int? = nil) -> GeoCoreError {
        .json(message: message, byteOffset: offset ?? i)
    }

    func unexpected(_ expected: String) -> GeoCoreError {
        fail(i < b.count ? "expected \(expected), found \(Self.describe(b[i]))" : "expected \(expected), found end of input")
    }

    mutating func skipSpace() {
        while i < b.count, Self.isSpace(b[i]) { i += 1 }
    }

    mutating func value(depth: Int) throws(GeoCoreError) -> JSONValue {
        skipSpace()
        guard i < b.count else { throw unexpected("a JSON value") }
        switch b[i] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("NaN and Infinity are not JSON numbers")
        default:
            if i + 1 < b.count, b[i] == UInt8(ascii: "-"), b[i + 1] == UInt8(ascii: "I") {
                throw fail("NaN and Infinity are not JSON numbers")
            }
            guard let (v, end) = DecimalNumber.scan(b, at: i, syntax: .json) else { throw unexpected("a JSON value") }
            guard v.isFinite else { throw fail("number overflows a double") }
            i = end
            return .number(v)
        }
    }

    mutating func literal(_ word: StaticString) throws(GeoCoreError) {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard i + n <= b.count, (0..<n).allSatisfy({ b[i + $0] == w[$0] }) else { throw unexpected("a JSON value") }
        i += n
    }

    mutating func array(depth: Int) throws(GeoCoreError) -> JSONValue {
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth)") }
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth))
            skipSpace()
            guard i < b.count else { throw unexpected("',' or ']'") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            throw unexpected("',' or ']'")
        }
    }

    mutating func object(depth: Int) throws(GeoCoreError) -> JSONValue {
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth)") }
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject()) }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw unexpected("a member name in double quotes") }
            let key = try string()
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw unexpected("':'") }
            i += 1
            members.append((key, try value(depth: depth)))
            skipSpace()
            guard i < b.count else { throw unexpected("',' or '}'") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; return .object(JSONObject(members)) }
            throw unexpected("',' or '}'")
        }
    }

    /// A string starting at the opening quote; `i` ends past the closing quote.
    mutating func string() throws(GeoCoreError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes, so the bytes are the string once they are valid UTF-8.
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\"), b[i] >= 0x20 { i += 1 }
        guard i < b.count else { throw fail("unterminated string", at: open) }
        if b[i] == UInt8(ascii: "\"") {
            let raw = UnsafeBufferPointer(rebasing: b[start..<i])
            guard let s = String(validating: raw, as: UTF8.self) else { throw fail("invalid UTF-8 in string", at: start) }
            i += 1
            return s
        }
        var out = Array(UnsafeBufferPointer(rebasing: b[start..<i]))
        while true {
            guard i < b.count else { throw fail("unterminated string", at: open) }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character \(Self.describe(c)) must be escaped in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            let escapeAt = i
            i += 1
            guard i < b.count else { throw fail("unterminated string", at: open) }
            switch b[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i + 1)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by \u and a low surrogate (RFC 8259 section 7).
                    guard i + 2 < b.count, b[i + 1] == UInt8(ascii: "\\"), b[i + 2] == UInt8(ascii: "u") else {
                        throw fail("high surrogate not followed by a low surrogate", at: escapeAt)
                    }
                    let low = try hex4(at: i + 3)
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail("high surrogate not followed by a low surrogate", at: escapeAt) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw fail("lone low surrogate", at: escapeAt)
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                throw fail("invalid escape \\\(Character(Unicode.Scalar(b[i])))", at: escapeAt)
            }
            i += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in string", at: start) }
        return s
    }

    func hex4(at offset: Int) throws(GeoCoreError) -> UInt32 {
        guard offset + 4 <= b.count else { throw fail("truncated \\u escape", at: offset) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = b[offset + k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in \\u escape", at: offset + k)
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
