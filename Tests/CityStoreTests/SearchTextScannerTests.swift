import Foundation
import GeoCore
import Testing
import TestSupport
@testable import CityStore

/// The byte scanner behind the search text against the full JSON parse it stands in for, on
/// random objects written by GeoCore's JSON writer (escapes, nesting, arrays, numbers, literals).
struct SearchTextScannerTests {
    static let words = ["南京东路", "type", "Point", "a\"b", "c\\d", "x/y", "tab\there", "", "王建国", "13912345678", "é", "\u{1}"]

    static func value(_ r: inout SplitMix64, depth: Int) -> JSONValue {
        switch r.next(depth > 3 ? 4 : 6) {
        case 0: return .string(words[r.next(words.count)])
        case 1: return .number(Double(r.next(2000)) / 7 - 100)
        case 2: return [.null, .bool(true), .bool(false)][r.next(3)]
        case 3: return .string(words[r.next(words.count)] + words[r.next(words.count)])
        case 4: return .array((0..<r.next(4)).map { _ in value(&r, depth: depth + 1) })
        default: return object(&r, depth: depth + 1)
        }
    }

    /// The members whose values are codes, never indexed.
    static let codes: Set<String> = ["licenceStatus", "status", "source", "roadClass", "verdict"]

    static func object(_ r: inout SplitMix64, depth: Int) -> JSONValue {
        .object(JSONObject((0..<r.next(6)).map { k in
            (k % 3 == 0 ? "type" : k % 4 == 1 ? ["status", "roadClass", "statuses", "verdict"][r.next(4)] : "k\(r.next(50))", value(&r, depth: depth))
        }))
    }

    @Test func agreesWithTheFullParse() {
        var r = SplitMix64(seed: 20261129)
        var scanned = 0
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            Self.object(&r, depth: 0).write(to: &bytes)
            let expected: [String] = {
                guard case .object(let o)? = try? JSONValue(parsing: bytes) else { return [] }
                return o.members.flatMap { k, v -> [String] in
                    if Self.codes.contains(k) { return [] }
                    switch v {
                    case .string(let s): return [s]
                    case .object(let inner): return inner.members.compactMap { $0.key == "type" || Self.codes.contains($0.key) ? nil : $0.value.stringValue }
                    default: return []
                    }
                }
            }()
            if let values = SearchTextScanner.values(of: bytes) {
                scanned += 1
                #expect(values == expected, "\(String(decoding: bytes, as: UTF8.self))")
            }
            #expect(StoredFeature.textValues(of: bytes) == expected)
        }
        #expect(scanned > 1000)
    }

    /// The search text read from the bytes against its definition applied to the parsed values:
    /// the id, then each text value at depth 1 and 2 that has a letter or is a phone number, each
    /// once, space-separated. Words here include phone numbers, dates, figures, repeats of the id.
    @Test func searchTextFollowsItsDefinition() throws {
        var r = SplitMix64(seed: 7)
        let words = Self.words + ["021-63211111", "2012-11-14", "77.9", "F-1", "(021) 5555 1234", "1234567", "Ж", "·店",
                                  "2026-11-08T16:00:00Z", "2026-11-08 16:00:00.250+08:00", "2026-11-08T1", "2026-11-08Tea time"]
        func value(_ depth: Int) -> JSONValue {
            switch r.next(depth > 2 ? 3 : 4) {
            case 0: return .number(Double(r.next(100)))
            case 1, 2: return .string(words[r.next(words.count)] + (r.next(3) == 0 ? words[r.next(words.count)] : ""))
            default: return .object(JSONObject((0..<r.next(5)).map { k in (k == 0 ? "type" : k == 1 ? "status" : "k\(k)", value(depth + 1)) }))
            }
        }
        for n in 0..<3000 {
            let id = n % 5 == 0 ? words[r.next(words.count)] : "F-\(n)"
            var bytes: [UInt8] = []
            JSONValue.object(JSONObject((0..<r.next(8)).map { k in
                (k == 2 ? "licenceStatus" : "m\(k)", k == 0 && n % 3 == 0 ? .string(id) : value(1))
            })).write(to: &bytes)
            var expected = [id]
            for s in StoredFeature.textValues(of: bytes) where Self.searchable(s) && !expected.contains(s) { expected.append(s) }
            let feature = StoredFeature(layer: .storefronts, id: id, geometry: nil, properties: bytes)
            #expect(feature.searchText == expected.joined(separator: " "), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// The definition, written plainly over Characters and Unicode properties.
    static func searchable(_ s: String) -> Bool {
        let dateTime = /\d{4}-\d{2}-\d{2}[T ][0-9:.+\-Z]{5,}/
        if s.wholeMatch(of: dateTime) != nil { return false }
        if s.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { return true }
        let phoneCharacters = Set("0123456789 +()-")
        guard s.filter(\.isWholeNumber).count >= 7, s.allSatisfy(phoneCharacters.contains) else { return false }
        return s.split(separator: "-", omittingEmptySubsequences: false).map(\.count) != [4, 2, 2]
    }

    /// The letter test's shortcuts for ASCII and CJK ideographs agree with Unicode's Alphabetic
    /// property on every scalar they cover (a lone digit is neither a word nor a phone number).
    @Test func letterShortcutsAgreeWithUnicode() {
        for v in Array(0x01..<0x80) + Array(0x3400..<0xA000) + [0x00E9, 0x0416, 0x3042, 0x30A2, 0xAC00, 0x1F600] {
            guard let scalar = Unicode.Scalar(v) else { continue }
            #expect(StoredFeature.isSearchable(String(Character(scalar))) == scalar.properties.isAlphabetic, "U+\(String(v, radix: 16))")
        }
        #expect(StoredFeature.isSearchable("021-63211111"))
        #expect(!StoredFeature.isSearchable("2012-11-14"))
        #expect(!StoredFeature.isSearchable("77.9"))
    }
}
