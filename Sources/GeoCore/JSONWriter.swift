/// The one way CityGrid spells JSON text, shared by every writer (`JSONValue`, `SortedJSONEncoder`,
/// the store's extra columns, the server's feature bytes):
/// - strings: RFC 8259 section 7 with Foundation's `.withoutEscapingSlashes` choices: quote,
///   backslash and control characters escaped (the named ones as `\n`, the others `\u00XX`),
///   everything else raw UTF-8;
/// - numbers: Foundation's JSONEncoder spelling, the shortest text that reads back to the same
///   double (Swift's `description`) without a trailing ".0", so `3`, `-0`, `1e+21`, `1e-07`;
/// - key order, where a writer sorts (stored JSON always does): the keys' UTF-8 bytes compared,
///   as Foundation's `.sortedKeys` does.
/// Stored properties are compared in tests and served as ETags, so they must stay byte-identical
/// to Foundation's JSONEncoder with `[.sortedKeys, .withoutEscapingSlashes]`.
public enum JSONWriter {
    /// Appends `s` as a quoted, escaped JSON string.
    public static func string(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        // Most strings (names, ids, codes) need no escape: one scan of the contiguous UTF-8 and
        // one copy, instead of a byte-by-byte loop.
        let plain = s.withUTF8 { utf8 in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if !plain {
            for c in s.utf8 {
                switch c {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case 0x0A: out.append(contentsOf: "\\n".utf8)
                case 0x0D: out.append(contentsOf: "\\r".utf8)
                case 0x09: out.append(contentsOf: "\\t".utf8)
                case 0x08: out.append(contentsOf: "\\b".utf8)
                case 0x0C: out.append(contentsOf: "\\f".utf8)
                case 0..<0x20:
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hexDigits[Int(c >> 4)])
                    out.append(hexDigits[Int(c & 0xF)])
                default: out.append(c)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends a finite number; callers decide what a NaN or infinity becomes (the encoder refuses
    /// it, a `JSONValue` writes `null`).
    public static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ v: F, to out: inout [UInt8]) {
        // Integral values below 1e15 are what `description` writes as digits and ".0": skip the
        // float formatting (coordinates in metres, counts, tolerances).
        if F.self == Double.self, v.rounded(.towardZero) == v, abs(v) < 1e15, !(v == 0 && v.sign == .minus) {
            integer(Int64(v), to: &out)
            return
        }
        let text = v.description
        if text.hasSuffix(".0") { out.append(contentsOf: text.utf8.dropLast(2)) } else { out.append(contentsOf: text.utf8) }
    }

    /// Appends an integer in decimal.
    public static func integer<I: BinaryInteger>(_ v: I, to out: inout [UInt8]) {
        out.append(contentsOf: String(v).utf8)
    }

    /// The key order of every sorted object: the keys' UTF-8 bytes compared (Foundation's `.sortedKeys`).
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = Swift.min(x.count, y.count)
                for k in 0..<n where x[k] != y[k] { return x[k] < y[k] }
                return x.count < y.count
            }
        }
    }

    /// The positions of `keys` in key order; a key given twice keeps only its last position (the
    /// value set last wins, as in Foundation's dictionary of members). An object has a dozen
    /// members: an insertion sort of indices, not of the members with their reference counts.
    public static func sortedPositions(of keys: [String]) -> [Int] {
        sortedPositions(count: keys.count) { keys[$0] }
    }

    /// The same for `count` members whose keys `key` gives, without gathering them first.
    public static func sortedPositions(count: Int, key: (Int) -> String) -> [Int] {
        var order = Array(0..<count)
        var i = 1
        while i < order.count {
            let m = order[i]
            var j = i - 1
            while j >= 0, keyPrecedes(key(m), key(order[j])) {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = m
            i += 1
        }
        // Repeated keys are now adjacent, in the order they were set: keep the last of each.
        var out: [Int] = []
        out.reserveCapacity(order.count)
        for m in order {
            if let last = out.last, key(last) == key(m) { out[out.count - 1] = m } else { out.append(m) }
        }
        return out
    }

    /// `"key":value` pairs, comma-separated, without braces, in the order given: what an object
    /// writer and a writer that splices members into an object already written both need.
    public static func members(_ object: JSONObject, sortingKeys: Bool = false, to out: inout [UInt8]) {
        let order = sortingKeys ? sortedPositions(of: object.keys) : Array(object.indices)
        for (k, m) in order.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            string(object.keys[m], to: &out)
            out.append(UInt8(ascii: ":"))
            object.values[m].write(to: &out, sortingKeys: sortingKeys)
        }
    }

    /// A string-to-string object (an import's extra columns) in key order.
    public static func object(_ strings: [String: String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (k, (key, value)) in strings.sorted(by: { keyPrecedes($0.key, $1.key) }).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            string(key, to: &out)
            out.append(UInt8(ascii: ":"))
            string(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
