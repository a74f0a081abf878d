import Foundation
import GeoCore
import Testing
import TestSupport

/// `JSONWriter`, the spelling every CityGrid JSON writer shares, against Foundation's JSONEncoder
/// with `[.sortedKeys, .withoutEscapingSlashes]`: stored JSON must not differ from it by a byte.
@Suite struct JSONWriterTests {
    static let foundation: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func double(_ r: inout SplitMix64) -> Double {
        switch r.next() % 7 {
        case 0: return Double(Int64(bitPattern: r.next()) % 2_000_000_000_000_000)   // integers either side of 1e15
        case 1: return Double(bitPattern: r.next() & 0x7FEF_FFFF_FFFF_FFFF) * (r.next() % 2 == 0 ? 1 : -1)
        case 2: return Double(Int64(bitPattern: r.next()) % 10_000_000) / 1e7
        case 3: return [0, -0.0, 1e15, -1e15, 999_999_999_999_999, 1e16, 5e-324, 1e-5, 1e-4][Int(r.next() % 9)]
        case 4: return 450_000 + Double(r.next() % 1_000_000_000) / 1e4
        case 5: return Double(Int64(bitPattern: r.next()) % 1000)
        default: return Double(Int64(bitPattern: r.next()) % 100_000_000_000_000_000) * 10
        }
    }

    @Test func numbersAreSpelledAsFoundationDoes() throws {
        var r = SplitMix64(seed: TestSeed.value("JSONWriter numbers", default: 2026))
        for _ in 0..<20_000 {
            let v = Self.double(&r)
            var ours: [UInt8] = []
            JSONWriter.number(v, to: &ours)
            let theirs = try Self.foundation.encode([v]).dropFirst().dropLast()
            #expect(ours == Array(theirs), "\(v): \(String(decoding: ours, as: UTF8.self))")
        }
    }

    @Test func keyOrderAndEscapesAreFoundations() throws {
        var r = SplitMix64(seed: TestSeed.value("JSONWriter keys", default: 7))
        let pool: [Character] = ["a", "Z", "_", "0", "\"", "\\", "/", "\n", "\u{1}", "\u{7F}", "é", "上", "😀", "\u{2028}"]
        for _ in 0..<500 {
            var object: [String: String] = [:]
            for _ in 0..<Int(r.next() % 6) {
                let key = String((0..<Int(r.next() % 5)).map { _ in pool[Int(r.next() % UInt64(pool.count))] })
                object[key] = String((0..<Int(r.next() % 8)).map { _ in pool[Int(r.next() % UInt64(pool.count))] })
            }
            var ours: [UInt8] = []
            JSONWriter.object(object, to: &ours)
            #expect(ours == [UInt8](try Self.foundation.encode(object)), "\(object)")
            // The same object as a JSONValue, written sorted.
            var fromValue: [UInt8] = []
            JSONValue.object(JSONObject(object.map { ($0.key, JSONValue.string($0.value)) })).write(to: &fromValue, sortingKeys: true)
            #expect(fromValue == ours)
        }
    }
}
