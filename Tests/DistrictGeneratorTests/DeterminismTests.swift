import DistrictGenerator
import Foundation
import Testing

@Suite struct DeterminismTests {
    static func files(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name)))
        }
        return result
    }

    @Test func sameSeedSameBytesDifferentSeedDifferentBytes() throws {
        let first = try Self.files(SampleFixture.dir())
        let again = try Self.files(SampleFixture.generate(seed: SampleFixture.seed, into: "again"))
        #expect(first.keys.sorted() == again.keys.sorted())
        #expect(first.count == 9 * 5 + 3)  // 9 layers × (.shp .shx .dbf .prj .cpg) + 3 side tables
        for (name, bytes) in first { #expect(again[name] == bytes, "\(name) differs between two runs with the same seed") }
        let other = try Self.files(SampleFixture.generate(seed: SampleFixture.seed + 1, into: "other"))
        // The streets are real and fixed; everything generated must change with the seed.
        for name in ["grids.dbf", "parcels.dbf", "storefronts.shp", "storefronts.records.csv", "structures.shp", "cases.history.csv"] {
            #expect(other[name] != first[name], "\(name) did not change with the seed")
        }
    }
}
