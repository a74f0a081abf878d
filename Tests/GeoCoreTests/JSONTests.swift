import Foundation
import Testing
import TestSupport
@testable import GeoCore

/// The JSON parser and writer against Foundation's JSONSerialization as the independent truth.
@Suite struct JSONTests {
    /// Random JSON text built directly (not through JSONValue), with random whitespace, escapes,
    /// surrogate pairs and raw non-ASCII characters.
    struct DocumentGenerator {
        var rng: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func space() -> String { pick(["", "", " ", "\n", "\t ", "\r\n  "]) }

        mutating func number() -> String {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return String(Int64.random(in: -1_000_000_000_000_000...1_000_000_000_000_000, using: &rng))
            case 1: return String(Int.random(in: -9...9, using: &rng))
            case 2:
                let digits = (0..<Int.random(in: 1...20, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
                return (Bool.random(using: &rng) ? "-" : "") + String(Int.random(in: 0...999, using: &rng)) + "." + digits
            default:
                let mantissa = String(Int.random(in: 1...9, using: &rng)) + "." + String(Int.random(in: 0...99_999_999, using: &rng))
                return mantissa + pick(["e", "E"]) + pick(["", "+", "-"]) + String(Int.random(in: 0...300, using: &rng))
            }
        }

        mutating func string() -> String {
            var s = "\""
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: s += pick(["\\n", "\\\"", "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r"])
                case 1: s += String(format: "\\u%04x", Int.random(in: 0x20...0xD7FF, using: &rng))
                case 2: s += pick(["\\uD83D\\uDE00", "\\ud834\\udd1e", "\\u00e9", "\\u4E2D"])
                case 3: s += pick(["中", "城管", "é", "😀", "\u{10FFFF}", "ß"])
                case 4: s += String(format: "\\u%04X", Int.random(in: 0x01...0x1F, using: &rng))
                default: s += String(Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng))))
                        .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                }
            }
            return s + "\""
        }

        mutating func value(depth: Int) -> String {
            let kind = depth > 4 ? Int.random(in: 0..<5, using: &rng) : Int.random(in: 0..<7, using: &rng)
            switch kind {
            case 0: return pick(["null", "true", "false"])
            case 1, 2: return number()
            case 3, 4: return string()
            case 5:
                let items = (0..<Int.random(in: 0...5, using: &rng)).map { _ in space() + value(depth: depth + 1) + space() }
                return "[" + items.joined(separator: ",") + "]"
            default:
                var keys = Set<String>()
                var members: [String] = []
                for _ in 0..<Int.random(in: 0...5, using: &rng) {
                    let k = string()
                    guard keys.insert(k).inserted else { continue }
                    members.append(space() + k + space() + ":" + space() + value(depth: depth + 1) + space())
                }
                return "{" + members.joined(separator: ",") + "}"
            }
        }
    }

    static func fromFoundation(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            return String(cString: n.objCType) == "c" ? .bool(n.boolValue) : .number(n.doubleValue)
        case let a as [Any]: return .array(a.map(fromFoundation))
        case let o as [String: Any]: return .object(JSONObject(o.map { ($0.key, fromFoundation($0.value)) }))
        default: fatalError("unexpected Foundation JSON type \(type(of: any))")
        }
    }

    static func foundationParse(_ bytes: [UInt8]) throws -> JSONValue {
        fromFoundation(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
    }

    /// swift-corelibs-foundation's JSONSerialization is not correctly rounded for numbers with more
    /// than 15 significant digits (off by an ulp or two, where Python and strtod agree with us), so
    /// numbers compare within 4 ulps here; `numbersAreCorrectlyRounded` checks them exactly.
    static func equalAllowingFoundationRounding(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x == y || abs(x - y) <= 4 * max(x.ulp, y.ulp)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equalAllowingFoundationRounding($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { m in y[m.key].map { equalAllowingFoundationRounding(m.value, $0) } ?? false }
        default:
            return a == b
        }
    }

    /// Every number must read as the correctly rounded double: the standard library's
    /// `Double(String)` (strtod semantics) is the truth for the fast path and the slow path alike.
    @Test func numbersAreCorrectlyRounded() throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: TestSeed.value("JSON numbers", default: 5)))
        for _ in 0..<50_000 {
            let text = generator.number()
            let mine = try JSONValue(parsing: text)
            #expect(mine == .number(Double(text)!), "\(text)")
        }
    }

    /// Halfway and near-halfway cases that a double rounding would get wrong.
    @Test(arguments: ["9007199254740993", "9007199254740995", "9007199254740993.0000000001", "2.2250738585072011e-308",
                      "1.7976931348623157e308", "4.9406564584124654e-324", "0.1000000000000000055511151231257827",
                      "121.47371234567891", "31.230412345678905", "1e23", "8.41e21", "5e-324", "123456789012345678e-5"])
    func hardNumbersAreCorrectlyRounded(text: String) throws {
        #expect(try JSONValue(parsing: text) == .number(Double(text)!))
        #expect(try Geometry(wkt: "POINT (\(text) 0)") == .point(Point(x: Double(text)!, y: 0)))
    }

    @Test func parsesRandomDocumentsLikeFoundation() throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: TestSeed.value("JSON documents", default: 2024)))
        for _ in 0..<2000 {
            let text = generator.space() + generator.value(depth: 0) + generator.space()
            let bytes = Array(text.utf8)
            let mine = try JSONValue(parsing: bytes)
            let truth = try Self.foundationParse(bytes)
            #expect(Self.equalAllowingFoundationRounding(mine, truth), "\(text)")
        }
    }

    @Test func writtenTextReadsBackInFoundation() throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: TestSeed.value("JSON writing", default: 99)))
        for _ in 0..<2000 {
            let value = try JSONValue(parsing: generator.value(depth: 0))
            let written = value.jsonString
            #expect(Self.equalAllowingFoundationRounding(value, try Self.foundationParse(Array(written.utf8))), "\(written)")
            #expect(try JSONValue(parsing: written) == value)
        }
    }

    @Test func writesNumbersShortestAndIntegersBare() {
        let cases: [(Double, String)] = [(3, "3"), (-0.0, "-0"), (0.1, "0.1"), (1e21, "1e+21"), (-2.5e-7, "-2.5e-07"),
                                         (123456789012345, "123456789012345"), (0.1 + 0.2, "0.30000000000000004")]
        for (value, text) in cases { #expect(JSONValue.number(value).jsonString == text) }
        #expect(JSONValue.number(.nan).jsonString == "null")
        #expect(JSONValue.string("a\"b\\c\n\u{1}é").jsonString == "\"a\\\"b\\\\c\\n\\u0001é\"")
        let ordered: JSONValue = ["z": 1, "a": [true, nil], "m": "x"]
        #expect(ordered.jsonString == "{\"z\":1,\"a\":[true,null],\"m\":\"x\"}")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ude00 \u4e2d\u6587 \/\b""#) == .string("😀 中文 /\u{8}"))
        #expect(try JSONValue(parsing: #"{"a":1,"a":2}"#) == ["a": 2])
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 7, "member name"),
        ("[1,2", 4, "end of input"),
        (#""abc"#, 0, "unterminated"),
        ("[NaN]", 1, "NaN"),
        ("[-Infinity]", 1, "NaN and Infinity"),
        (#"{"a" 1}"#, 5, "':'"),
        (#""\ud800x""#, 1, "surrogate"),
        (#""\udc00""#, 1, "lone low surrogate"),
        (#""\q""#, 1, "invalid escape"),
        ("\"a\tb\"", 2, "control character"),
        ("01", 1, "after the JSON value"),
        ("[1] x", 4, "after the JSON value"),
        ("tru", 0, "expected a JSON value"),
        ("1e999", 0, "overflows"),
        ("1.", 0, "expected a JSON value"),
        ("", 0, "end of input"),
    ])
    func reportsTheByteOffsetOfErrors(text: String, offset: Int, fragment: String) {
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            guard case .json(let message, let at) = error as? GeoCoreError else { return false }
            return at == offset && message.contains(fragment)
        }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: GeoCoreError.json(message: "invalid UTF-8 in string", byteOffset: 1)) {
            try JSONValue(parsing: [0x22, 0xFF, 0x22])
        }
        #expect(throws: GeoCoreError.self) { try JSONValue(parsing: String(repeating: "[", count: 100_000)) }
    }

    @Test func parsesOneValueAtAnOffset() throws {
        let parser = JSONParser("  [1,2] {\"a\":3}  ")
        let first = try parser.parseValue(at: 0)
        #expect(first.value == [1, 2] && first.end == 7)
        let second = try parser.parseValue(at: first.end)
        #expect(second.value == ["a": 3] && second.end == 15)
        #expect(parser.skipWhitespace(from: second.end) == 17)
        #expect(throws: GeoCoreError.self) { try parser.parseValue(at: 17) }
    }

    @Test func objectEqualityIgnoresOrderButWritingKeepsIt() {
        let a: JSONValue = ["x": 1, "y": 2]
        let b: JSONValue = ["y": 2, "x": 1]
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a.jsonString != b.jsonString)
    }
}
