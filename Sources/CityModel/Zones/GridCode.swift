/// The hierarchical code of a unit grid cell (单元网格编码): district (6-digit GB/T 2260 county-level
/// administrative code), sub-district (3 digits, 街道), community (3 digits, 社区/居委) and cell (4 digits).
///
/// Canonical printed form: `310101-002-005-0012`, the four parts separated by hyphens so a person can
/// read the hierarchy. `parse` also accepts the 16 digits run together (`3101010020050012`), the form
/// many grid shapefiles carry in a numeric-looking text field.
public struct GridCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let district: Int
    public let subDistrict: Int
    public let community: Int
    public let cell: Int

    /// Two-digit province prefixes of GB/T 2260 (11 Beijing … 82 Macao).
    static let provincePrefixes: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
        41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ]

    /// Builds a code from its parts, checking each.
    public init(district: Int, subDistrict: Int, community: Int, cell: Int) throws {
        let text = GridCode.format(district, subDistrict, community, cell)
        try GridCode.check(district: district, subDistrict: subDistrict, community: community, cell: cell, text: text)
        self.district = district
        self.subDistrict = subDistrict
        self.community = community
        self.cell = cell
    }

    /// Parses either printed form; the error says which character or part is wrong.
    public init(parsing text: String) throws {
        let chars = Array(text)
        let digits: [Character]
        func bad(_ problem: String) -> CityModelError { .invalidGridCode(text: text, problem: problem) }
        if chars.count == 16 {
            digits = chars
        } else if chars.count == 19 {
            for (i, c) in chars.enumerated() where [6, 10, 14].contains(i) != (c == "-") {
                throw c == "-" ? bad("unexpected '-' at position \(i + 1); the form is DDDDDD-SSS-CCC-NNNN")
                               : bad("expected '-' at position \(i + 1), found '\(c)'; the form is DDDDDD-SSS-CCC-NNNN")
            }
            digits = chars.enumerated().filter { ![6, 10, 14].contains($0.offset) }.map(\.element)
        } else {
            throw bad("has \(chars.count) characters; expected 16 digits or 19 characters (DDDDDD-SSS-CCC-NNNN)")
        }
        if let i = digits.firstIndex(where: { !("0"..."9").contains($0) || !$0.isASCII }) {
            throw bad("'\(digits[i])' is not a digit (digit \(i + 1) of 16)")
        }
        func number(_ range: Range<Int>) -> Int { Int(String(digits[range]))! }
        try self.init(validating: text, district: number(0..<6), subDistrict: number(6..<9),
                      community: number(9..<12), cell: number(12..<16))
    }

    private init(validating text: String, district: Int, subDistrict: Int, community: Int, cell: Int) throws {
        try GridCode.check(district: district, subDistrict: subDistrict, community: community, cell: cell, text: text)
        self.district = district
        self.subDistrict = subDistrict
        self.community = community
        self.cell = cell
    }

    private static func check(district: Int, subDistrict: Int, community: Int, cell: Int, text: String) throws {
        func bad(_ problem: String) -> CityModelError { .invalidGridCode(text: text, problem: problem) }
        guard (100000...999999).contains(district) else {
            throw bad("district \(district) is not a 6-digit GB/T 2260 code")
        }
        guard provincePrefixes.contains(district / 10000) else {
            throw bad("district \(district): \(district / 10000) is not a GB/T 2260 province prefix")
        }
        guard district % 100 != 0 else {
            throw bad("district \(district) is a province or prefecture code; a grid belongs to a county-level district (last two digits not 00)")
        }
        guard (1...999).contains(subDistrict) else { throw bad("sub-district \(subDistrict) must be 001–999") }
        guard (1...999).contains(community) else { throw bad("community \(community) must be 001–999") }
        guard (1...9999).contains(cell) else { throw bad("cell number \(cell) must be 0001–9999") }
    }

    static func format(_ d: Int, _ s: Int, _ c: Int, _ n: Int) -> String {
        func pad(_ v: Int, _ w: Int) -> String {
            let t = String(v)
            return t.count >= w ? t : String(repeating: "0", count: w - t.count) + t
        }
        return "\(pad(d, 6))-\(pad(s, 3))-\(pad(c, 3))-\(pad(n, 4))"
    }

    /// The canonical form, `310101-002-005-0012`.
    public var description: String { GridCode.format(district, subDistrict, community, cell) }

    /// The 16 digits without separators, for systems that want them.
    public var compact: String { description.filter { $0 != "-" } }

    /// The community this cell belongs to (the first three parts).
    public var communityCode: CommunityCode {
        CommunityCode(district: district, subDistrict: subDistrict, community: community)
    }

    public static func < (a: GridCode, b: GridCode) -> Bool {
        (a.district, a.subDistrict, a.community, a.cell) < (b.district, b.subDistrict, b.community, b.cell)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The first three levels of a grid code: the community that numbers its own cells.
public struct CommunityCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let district: Int
    public let subDistrict: Int
    public let community: Int

    public init(district: Int, subDistrict: Int, community: Int) {
        self.district = district
        self.subDistrict = subDistrict
        self.community = community
    }

    /// The code of cell `number` in this community (validated like any grid code).
    public func cell(_ number: Int) throws -> GridCode {
        try GridCode(district: district, subDistrict: subDistrict, community: community, cell: number)
    }

    public var description: String { String(GridCode.format(district, subDistrict, community, 0).dropLast(5)) }

    public static func < (a: CommunityCode, b: CommunityCode) -> Bool {
        (a.district, a.subDistrict, a.community) < (b.district, b.subDistrict, b.community)
    }
}
