import Foundation
import GeoCore
import Testing
import TestSupport
@testable import CityModel

@Suite struct GridNumberingTests {
    let community = CommunityCode(district: 310101, subDistrict: 2, community: 5)

    /// A 4 × 3 block of 100 m cells whose centroids wobble by up to ±20 m: the expected numbers are
    /// known by construction (row r from the north, column c from the west → r * 4 + c + 1).
    @Test func readsRowsNorthToSouthAndWestToEast() throws {
        var seed: UInt64 = 7
        print("numbering seed \(seed)")
        func wobble() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53) * 40 - 20
        }
        var cells: [UncodedCell] = []
        var expected: [String: Int] = [:]
        for row in 0..<3 {
            for col in 0..<4 {
                let id = "r\(row)c\(col)"
                cells.append(UncodedCell(id: id, community: community,
                                         centroid: Point(x: 1000 + Double(col) * 100 + wobble(), y: 5000 - Double(row) * 100 + wobble())))
                expected[id] = row * 4 + col + 1
            }
        }
        var rng = SplitMix64(seed: seed)
        for _ in 0..<5 {
            cells.shuffle(using: &rng)
            let codes = try GridNumbering.assign(cells, rowTolerance: 50)
            #expect(codes.mapValues(\.cell) == expected)
            #expect(codes["r0c0"]?.description == "310101-002-005-0001")
        }
    }

    @Test func continuesAfterExistingCodesPerCommunity() throws {
        let other = CommunityCode(district: 310101, subDistrict: 2, community: 6)
        let cells = [
            UncodedCell(id: "a", community: community, centroid: Point(x: 0, y: 0)),
            UncodedCell(id: "b", community: community, centroid: Point(x: 10, y: 0)),
            UncodedCell(id: "c", community: other, centroid: Point(x: 0, y: 0)),
        ]
        let codes = try GridNumbering.assign(cells, existing: [code("310101-002-005-0017"), code("310101-002-005-0003"),
                                                                code("310101-002-007-0099")], rowTolerance: 1)
        #expect(codes.mapValues(\.description) == ["a": "310101-002-005-0018", "b": "310101-002-005-0019",
                                                   "c": "310101-002-006-0001"])
    }

    @Test func toleranceIsAnchoredOnTheRowsFirstCell() throws {
        // y: 100, 95, 90, 85 with tolerance 12: rows {100, 95, 90} and {85} (chaining would make one row).
        let cells = [(0.0, 85.0, "d"), (30, 100, "a"), (20, 95, "b"), (10, 90, "c")].map {
            UncodedCell(id: $0.2, community: community, centroid: Point(x: $0.0, y: $0.1))
        }
        let codes = try GridNumbering.assign(cells, rowTolerance: 12)
        #expect(codes.mapValues(\.cell) == ["c": 1, "b": 2, "a": 3, "d": 4])
    }

    @Test func refusesBadCentroidsAndRunsOut() {
        let bad = [UncodedCell(id: "x", community: community, centroid: Point(x: .nan, y: 0))]
        #expect(thrown { _ = try GridNumbering.assign(bad, rowTolerance: 1) } == .nonFiniteCoordinate(function: "GridNumbering.assign", id: "x"))
        let one = [UncodedCell(id: "y", community: community, centroid: Point(x: 0, y: 0))]
        #expect(thrown { _ = try GridNumbering.assign(one, existing: [code("310101-002-005-9999")], rowTolerance: 1) }
                == .gridNumberingExhausted(community: "310101-002-005"))
    }

    @Test func integrityFindsMissingMalformedDuplicateAndMisfiled() {
        let records = [
            GridCodeRecord(id: "1", codeText: "310101-002-005-0001"),
            GridCodeRecord(id: "2", codeText: nil),
            GridCodeRecord(id: "3", codeText: "310101-002-005-001"),
            GridCodeRecord(id: "4", codeText: "3101010020050001"),
            GridCodeRecord(id: "5", codeText: "310101-002-006-0002", community: community),
            GridCodeRecord(id: "6", codeText: "  "),
            GridCodeRecord(id: "7", codeText: "310101-002-005-0002", community: community),
        ]
        let issues = GridCodeIntegrity.issues(in: records)
        #expect(issues.count == 5)
        #expect(issues[0] == .missing(recordID: "2"))
        if case .malformed(let id, _, let problem) = issues[1] { #expect(id == "3" && problem.contains("18 characters")) } else { Issue.record("\(issues[1])") }
        #expect(issues[2] == .wrongCommunity(recordID: "5", code: code("310101-002-006-0002"), expected: community))
        #expect(issues[3] == .missing(recordID: "6"))
        #expect(issues[4] == .duplicate(code: code("310101-002-005-0001"), recordIDs: ["1", "4"]))

        let cells = ["310101-002-005-0001", "310101-002-005-0002", "310101-002-005-0001"].map {
            GridCell(code: code($0), subDistrictName: "s", communityName: "c", polygon: square(0, 0, 1))
        }
        #expect(GridCodeIntegrity.duplicateCodes(in: cells) == [code("310101-002-005-0001")])
    }
}

