import CityQuery
import Foundation
import GeoCore
import Testing

/// The CQL2 readers: precedence as the standard's grammar has it, the text and JSON encodings of
/// the same filters read alike, LIKE against a regular expression on random strings, and errors
/// that name the place.
struct CQL2Tests {
    static func text(_ s: String) throws(CQL2Error) -> CQL2Expression { try CQL2TextParser.parse(s, toWorking: { $0 }) }
    static func json(_ s: String) throws -> CQL2Expression { try CQL2JSONParser.parse(s, toWorking: { $0 }) }

    @Test func andBindsTighterThanOrAndNotTighterStill() throws {
        let a = CQL2Expression.comparison(.eq, .property("a"), .number(1))
        let b = CQL2Expression.comparison(.eq, .property("b"), .number(2))
        let c = CQL2Expression.comparison(.eq, .property("c"), .number(3))
        #expect(try Self.text("a = 1 OR b = 2 AND c = 3") == .or([a, .and([b, c])]))
        #expect(try Self.text("(a = 1 OR b = 2) AND c = 3") == .and([.or([a, b]), c]))
        #expect(try Self.text("NOT a = 1 AND b = 2") == .and([.not(a), b]))
        #expect(try Self.text("a=1 or B = 2") == .or([a, .comparison(.eq, .property("B"), .number(2))]))
    }

    @Test func theTwoEncodingsReadAlike() throws {
        let pairs: [(String, String)] = [
            ("status IN ('reported', 'registered') AND typeCode = '0103'",
             #"{"op":"and","args":[{"op":"in","args":[{"property":"status"},["reported","registered"]]},{"op":"=","args":[{"property":"typeCode"},"0103"]}]}"#),
            ("description LIKE '%建筑垃圾%'", #"{"op":"like","args":[{"property":"description"},"%建筑垃圾%"]}"#),
            ("reportedAt BETWEEN TIMESTAMP('2026-11-01T00:00:00Z') AND DATE('2026-11-30')",
             #"{"op":"between","args":[{"property":"reportedAt"},{"timestamp":"2026-11-01T00:00:00Z"},{"date":"2026-11-30"}]}"#),
            ("structureID IS NULL", #"{"op":"isNull","args":[{"property":"structureID"}]}"#),
            ("S_INTERSECTS(geometry, POINT(1 2))", #"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1,2]}]}"#),
            ("S_DWITHIN(geometry, POINT(1 2), 50, meters)", #"{"op":"s_dwithin","args":[{"property":"geometry"},{"type":"Point","coordinates":[1,2]},50]}"#),
            ("T_BEFORE(reportedAt, TIMESTAMP('2026-11-01T00:00:00Z'))", #"{"op":"t_before","args":[{"property":"reportedAt"},{"timestamp":"2026-11-01T00:00:00Z"}]}"#),
            ("NOT onDuty = TRUE OR widthMeters >= -2.5e1", #"{"op":"or","args":[{"op":"not","args":[{"op":"=","args":[{"property":"onDuty"},true]}]},{"op":">=","args":[{"property":"widthMeters"},-25]}]}"#),
        ]
        for (t, j) in pairs { #expect(try Self.text(t) == Self.json(j), "\(t)") }
    }

    @Test func aQuoteIsDoubledAndAPropertyMayBeQuoted() throws {
        #expect(try Self.text(#""name" = 'Lao''s'"#) == .comparison(.eq, .property("name"), .string("Lao's")))
    }

    @Test func likeAgreesWithARegularExpression() throws {
        var state: UInt64 = 16
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet: [Character] = ["a", "b", "路", "%", "_"]
        var matched = 0
        for _ in 0..<3_000 {
            let s = String((0..<next(6)).map { _ in alphabet[next(3)] })
            let p = String((0..<next(5)).map { _ in alphabet[next(5)] })
            let regex = "^" + p.map { c -> String in c == "%" ? ".*" : c == "_" ? "." : NSRegularExpression.escapedPattern(for: String(c)) }.joined() + "$"
            let expected = s.range(of: regex, options: .regularExpression) != nil
            let filter = try FeatureFilter(.like(.property("name"), pattern: p, negated: false), layer: .storefronts)
            #expect(try filter.admits(properties: ["name": .string(s)], geometry: nil) == expected, "'\(s)' LIKE '\(p)'")
            if expected { matched += 1 }
        }
        #expect(matched > 200)
    }

    @Test(arguments: [
        ("status = ", "character 9"),
        ("status = 'open", "character 9"),
        ("status == 'x'", "character 8"),
        ("a = 1 b = 2", "character 6"),
        ("S_CROSSES(geometry, POINT(1 2))", "character 0"),
        ("reportedAt > TIMESTAMP('yesterday')", "character 13"),
    ])
    func errorsNameTheCharacter(filter: String, position: String) {
        do {
            _ = try Self.text(filter)
            Issue.record("\(filter) was read")
        } catch {
            #expect(error.position == position, "\(filter): \(error)")
        }
    }

    @Test func propertiesMustBeQueryablesOfTheLayer() throws {
        #expect(throws: CQL2Error.self) { try FeatureFilter(Self.text("holder = 'x'"), layer: .structures) }
        #expect(throws: CQL2Error.self) { try FeatureFilter(Self.text("geometry = 'x'"), layer: .cases) }
        _ = try FeatureFilter(Self.text("gridCode = 'x' AND S_INTERSECTS(geometry, POINT(1 2))"), layer: .cases)
    }
}
