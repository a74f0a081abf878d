import CityModel
@testable import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

/// `SortedJSONEncoder` (as the store uses it) against Foundation's JSONEncoder (sorted keys, unescaped slashes, ISO 8601
/// dates) on random values of every shape Codable can produce: the stored bytes must not differ.
@Suite struct SortedJSONEncoderTests {
    static let foundation: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = CityTime.encodingStrategy
        return e
    }()

    enum Kind: String, Codable { case alpha, beta = "β/ε" }
    enum Payload: Codable { case none, point(x: Double, y: Double), tagged(String, Int) }

    struct Inner: Codable {
        var name: String
        var weight: Float
        var small: Int8
        var big: UInt64
        var kind: Kind
    }

    struct Everything: Codable {
        var text: String
        var optionalText: String?
        var number: Double
        var integer: Int
        var negative: Int64
        var flag: Bool
        var date: Date
        var dates: [Date]
        var blob: Data
        var link: URL
        var nested: [[Int]]
        var byName: [String: Inner]
        var byNumber: [Int: String]
        var payloads: [Payload]
        var maybe: Inner?
        var nothing: Double?
        var ZZ: Int = 1
        var aa: Int = 2
        var _under: Int = 3
    }

    /// Encodes through `encoder.container` twice, a nested keyed container and a super encoder.
    struct Handwritten: Encodable {
        var values: [Double]
        enum Keys: String, CodingKey { case b, a, nested, parent }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(values, forKey: .b)
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode("a", forKey: .a)
            var nested = c.nestedContainer(keyedBy: Keys.self, forKey: .nested)
            try nested.encodeNil(forKey: .a)
            var list = nested.nestedUnkeyedContainer(forKey: .b)
            try list.encode(true)
            try list.encode(-0.0)
            let parent = c.superEncoder(forKey: .parent)
            var single = parent.singleValueContainer()
            try single.encode(42)
            let sup = c.superEncoder()
            var inner = sup.unkeyedContainer()
            try inner.encode("s")
        }
    }

    static func string(_ r: inout SplitMix64) -> String {
        let pool: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}",
                                 "\u{7F}", "é", "上", "海", "路", "😀", "\u{2028}", "ß", "<", "&"]
        return String((0..<Int(r.next() % 12)).map { _ in pool[Int(r.next() % UInt64(pool.count))] })
    }

    static func double(_ r: inout SplitMix64) -> Double {
        switch r.next() % 8 {
        case 0: return 0
        case 1: return -0.0
        case 2: return Double(Int64(bitPattern: r.next()) % 1_000_000)
        case 3: return Double(bitPattern: r.next() & 0x7FEF_FFFF_FFFF_FFFF)  // any finite magnitude
        case 4: return Double(Int64(bitPattern: r.next()) % 10_000_000) / 1e7
        case 5: return 1e15 * Double(r.next() % 100)
        case 6: return 5e-324
        default: return 600_000 + Double(r.next() % 1_000_000_000) / 1e4
        }
    }

    static func everything(_ r: inout SplitMix64) -> Everything {
        func inner(_ r: inout SplitMix64) -> Inner {
            let weight = Float(double(&r))
            return Inner(name: string(&r), weight: weight.isFinite ? weight : 1.5,
                  small: Int8(truncatingIfNeeded: r.next()), big: r.next(), kind: r.next() % 2 == 0 ? .alpha : .beta)
        }
        // Dates from 1600 to 2400, some with fractions of a second.
        func date(_ r: inout SplitMix64) -> Date {
            Date(timeIntervalSince1970: Double(Int64(r.next() % 25_000_000_000) - 11_676_096_000) + (r.next() % 2 == 0 ? 0 : 0.75))
        }
        var byName: [String: Inner] = [:]
        for _ in 0..<Int(r.next() % 4) { byName[string(&r)] = inner(&r) }
        return Everything(
            text: string(&r), optionalText: r.next() % 2 == 0 ? nil : string(&r), number: double(&r),
            integer: Int(bitPattern: UInt(r.next())), negative: -Int64(r.next() % 1000), flag: r.next() % 2 == 0,
            date: date(&r), dates: (0..<Int(r.next() % 3)).map { _ in date(&r) },
            blob: Data((0..<Int(r.next() % 9)).map { _ in UInt8(truncatingIfNeeded: r.next()) }),
            link: URL(string: "https://example.org/a/\(r.next() % 100)?q=上海")!,
            nested: (0..<Int(r.next() % 3)).map { _ in (0..<Int(r.next() % 3)).map { _ in Int(r.next() % 100) } },
            byName: byName, byNumber: [Int(r.next() % 50): string(&r), -3: "minus"],
            payloads: [.none, .point(x: double(&r), y: double(&r)), .tagged(string(&r), Int(r.next() % 9))],
            maybe: r.next() % 2 == 0 ? nil : inner(&r), nothing: nil)
    }

    @Test func randomValuesEncodeAsFoundationDoes() throws {
        var r = SplitMix64(seed: 20_261_129)
        for k in 0..<1000 {
            let value = Self.everything(&r)
            let ours = try SortedJSONEncoder.city.encode(value)
            let theirs = [UInt8](try Self.foundation.encode(value))
            #expect(ours == theirs, "value \(k): \(String(decoding: ours, as: UTF8.self)) ≠ \(String(decoding: theirs, as: UTF8.self))")
            if ours != theirs { return }
        }
    }

    @Test func handwrittenContainersEncodeAsFoundationDoes() throws {
        let value = Handwritten(values: [1, 2.5, -0.0, 1e21, 1e-7])
        #expect(String(decoding: try SortedJSONEncoder.city.encode(value), as: UTF8.self)
                == String(decoding: try Self.foundation.encode(value), as: UTF8.self))
    }

    @Test func nonFiniteNumbersAreRefusedWithTheirPath() throws {
        struct Bad: Encodable { var xs: [Double] }
        #expect(throws: EncodingError.self) { try SortedJSONEncoder.city.encode(Bad(xs: [1, .nan])) }
        #expect(throws: EncodingError.self) { try SortedJSONEncoder.city.encode(["a": Double.infinity]) }
    }

    @Test func stringObjectsEncodeAsFoundationDoes() throws {
        var r = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var object: [String: String] = [:]
            for _ in 0..<Int(r.next() % 6) { object[Self.string(&r)] = Self.string(&r) }
            var ours: [UInt8] = []
            JSONWriter.object(object, to: &ours)
            #expect(ours == [UInt8](try Self.foundation.encode(object)), "\(object)")
        }
    }
}
