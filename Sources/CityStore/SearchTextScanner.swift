import Foundation

/// The text values of a JSON object's members and of its member objects' members, read straight
/// from the bytes: what `StoredFeature.searchText` indexes. Building a whole `JSONValue` (every
/// history entry and coordinate) only to keep a few names was a fifth of an import's encoding
/// work. Text with an escape, or anything that is not a well-formed object, returns nil and the
/// caller parses properly.
struct SearchTextScanner {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// Where each kept text lies in the bytes, between its quotes.
    private(set) var ranges: [Range<Int>] = []

    static func values(of bytes: [UInt8]) -> [String]? {
        ranges(of: bytes).map { ranges in ranges.map { String(decoding: bytes[$0], as: UTF8.self) } }
    }

    static func ranges(of bytes: [UInt8]) -> [Range<Int>]? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = SearchTextScanner(b: buffer)
            return scanner.scanObject(depth: 1) ? scanner.ranges : nil
        }
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    /// A string without escapes, the cursor after its closing quote.
    private mutating func string() -> Range<Int>? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < b.count, b[i] != UInt8(ascii: "\"") {
            if b[i] == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        guard i < b.count else { return nil }
        defer { i += 1 }
        return start..<i
    }

    private func equals(_ r: Range<Int>, _ text: StaticString) -> Bool {
        r.count == text.utf8CodeUnitCount && memcmp(b.baseAddress! + r.lowerBound, text.utf8Start, r.count) == 0
    }

    /// Members whose text is a code from a closed vocabulary (a licence or workflow status, a
    /// report channel, a road class, a red-line verdict): filters select by them, and as text they
    /// matched nearly every feature of a layer ("licensed" is in "unlicensed") while costing the
    /// index a sixth of a shop's trigrams.
    static let codeKeys: [StaticString] = ["licenceStatus", "status", "source", "roadClass", "verdict"]

    static func isCode(key: some Collection<UInt8>) -> Bool {
        codeKeys.contains { k in key.elementsEqual(UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount)) }
    }

    /// Members of the object at the cursor: text values kept at depth 1 and 2 (but for a nested
    /// `type`, which names a GeoJSON type, not a place or a person, and for codes).
    private mutating func scanObject(depth: Int) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        if expect(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), expect(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard i < b.count else { return false }
            switch b[i] {
            case UInt8(ascii: "\""):
                guard let s = string() else { return false }
                if (depth == 1 || !equals(key, "type")) && !Self.isCode(key: UnsafeBufferPointer(rebasing: b[key])) { ranges.append(s) }
            case UInt8(ascii: "{") where depth == 1 && !Self.isCode(key: UnsafeBufferPointer(rebasing: b[key])):
                guard scanObject(depth: 2) else { return false }
            default:
                guard skipValue() else { return false }
            }
        } while expect(UInt8(ascii: ","))
        return expect(UInt8(ascii: "}"))
    }

    /// Skips any value (strings may hold escapes here: they are skipped, not kept).
    private mutating func skipValue() -> Bool {
        skipSpace()
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "\""):
            i += 1
            while i < b.count, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
            guard i < b.count else { return false }
            i += 1
            return true
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1; i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1; i += 1
                    if depth == 0 { return true }
                case UInt8(ascii: "\""):
                    guard skipValue() else { return false }
                default: i += 1
                }
            }
            return false
        default:
            while i < b.count, !",}] \n\r\t".utf8.contains(b[i]) { i += 1 }
            return true
        }
    }
}
