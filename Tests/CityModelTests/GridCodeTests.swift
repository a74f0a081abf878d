import Foundation
import Testing
@testable import CityModel

@Suite struct GridCodeTests {
    @Test func parsesBothFormsToTheSameCode() throws {
        let dashed = try GridCode(parsing: "310101-002-005-0012")
        let compact = try GridCode(parsing: "3101010020050012")
        #expect(dashed == compact)
        #expect(dashed.district == 310101 && dashed.subDistrict == 2 && dashed.community == 5 && dashed.cell == 12)
        #expect(dashed.description == "310101-002-005-0012")
        #expect(compact.compact == "3101010020050012")
        #expect(dashed.communityCode.description == "310101-002-005")
    }

    @Test func formatsFromPartsWithLeadingZeros() throws {
        let c = try GridCode(district: 310109, subDistrict: 11, community: 7, cell: 1)
        #expect(c.description == "310109-011-007-0001")
        #expect(try CommunityCode(district: 310113, subDistrict: 1, community: 40).cell(9999).description == "310113-001-040-9999")
    }

    @Test(arguments: [
        ("31010100200500", "has 14 characters"),
        ("310101-002-005-001a", "'a' is not a digit"),
        ("310101-0020-05-0012", "expected '-' at position 11"),
        ("3101010-02-005-0012", "expected '-' at position 7"),
        ("990101-002-005-0012", "99 is not a GB/T 2260 province prefix"),
        ("310100-002-005-0012", "province or prefecture code"),
        ("310101-000-005-0012", "sub-district 0"),
        ("310101-002-000-0012", "community 0"),
        ("310101-002-005-0000", "cell number 0"),
        ("310101-002-005-00１2", "is not a digit"),
    ])
    func rejectsWithAReason(text: String, reason: String) {
        guard case .invalidGridCode(let t, let problem) = thrown({ _ = try GridCode(parsing: text) }) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(t == text)
        #expect(problem.contains(reason), "\(problem)")
    }

    @Test func ordersByHierarchyThenCell() {
        let codes = ["310101-002-005-0012", "310101-002-004-0100", "310101-001-009-0001", "310101-002-005-0002"].map(code)
        #expect(codes.sorted().map(\.description) ==
                ["310101-001-009-0001", "310101-002-004-0100", "310101-002-005-0002", "310101-002-005-0012"])
    }

    @Test func codesAsItsCanonicalString() throws {
        let data = try JSONEncoder().encode([code("3101010020050012")])
        #expect(String(decoding: data, as: UTF8.self) == #"["310101-002-005-0012"]"#)
        #expect(try JSONDecoder().decode([GridCode].self, from: data) == [code("310101-002-005-0012")])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([GridCode].self, from: Data(#"["310101"]"#.utf8)) }
    }
}
