import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import Testing

/// Grid topology (overlaps refused, gaps reported) and numbering of uncoded cells, on CSV grids
/// in EPSG:4549 whose answers are known by construction: 100 m squares on a 3 × 3 lattice.
@Suite struct GridIntegrityTests {
    static let x0 = 450_000.0, y0 = 3_455_000.0

    static func square(_ col: Int, _ row: Int, shift: Double = 0) -> String {
        let x = x0 + Double(col) * 100 + shift, y = y0 + Double(row) * 100
        return "\"POLYGON ((\(x) \(y), \(x + 100) \(y), \(x + 100) \(y + 100), \(x) \(y + 100), \(x) \(y)))\""
    }

    static let options = ImportOptions(crs: .definition("EPSG:4549"))

    @Test func overlappingCellsAreRefusedNamingBothRecords() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Cell 0002 is shifted 30 m west onto 0001: 30 m × 100 m = 3,000 m² shared.
        writeText("wkt,code,street,community\n\(Self.square(0, 0)),310101-002-005-0001,S,C\n"
                  + "\(Self.square(1, 0, shift: -30)),310101-002-005-0002,S,C\n\(Self.square(3, 0)),310101-002-005-0003,S,C\n",
                  to: dir + "/g.csv")
        let store = try memoryStore()
        #expect {
            try importLayer(.grids, dir + "/g.csv", into: store, options: Self.options)
        } throws: { error in
            guard case CityImportError.overlappingCells(_, let overlaps) = error else { return false }
            return overlaps.count == 1 && overlaps[0].records == [2, 3] && abs(overlaps[0].areaSquareMeters - 3000) < 1e-6
                && "\(error)".contains("records 2 and 3 (310101-002-005-0001, 310101-002-005-0002)")
        }
        #expect(store.read { $0[.grids].count } == 0)
        var dry = Self.options
        dry.dryRun = true
        let report = try LayerFileReader(provider: ProjCRSProvider(), options: dry).read(layer: .grids, path: dir + "/g.csv").report
        #expect(report.overlaps.map(\.records) == [[2, 3]])
        #expect(report.json["topology"]?["overlaps"]?[0]?["areaSquareMeters"]?.doubleValue == 3000)
    }

    @Test func aHoleInTheGridIsReportedWithItsAreaAndAPointInside() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var csv = "wkt,code,street,community\n"
        var n = 0
        for row in 0..<3 { for col in 0..<3 where !(row == 1 && col == 1) {
            n += 1
            csv += "\(Self.square(col, row)),310101-002-005-000\(n),S,C\n"
        } }
        writeText(csv, to: dir + "/g.csv")
        let store = try memoryStore()
        var imports = [try LayerFileReader(provider: ProjCRSProvider(), options: Self.options).read(layer: .grids, path: dir + "/g.csv")]
        let report = imports[0].report
        #expect(report.overlaps.isEmpty)
        #expect(report.gaps.count == 1)
        #expect(abs((report.gaps.first?.areaSquareMeters ?? 0) - 10_000) < 1e-6)
        if let g = report.gaps.first {
            #expect(g.x > Self.x0 + 100 && g.x < Self.x0 + 200 && g.y > Self.y0 + 100 && g.y < Self.y0 + 200)
        }
        #expect(report.warnings.contains { $0.contains("1 gap(s) between grid cells") })
        try DirectoryLoader.commit(&imports, into: store, attribution: nil)    // gaps do not stop an import
        #expect(store.read { $0[.grids].count } == 8)
    }

    @Test func uncodedCellsAreNumberedNorthToSouthWestToEastAfterTheCommunitysCodes() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Community C: 0007 coded at the south-west; four uncoded cells around it. Community D has
        // no coded cell, so its uncoded cell cannot be numbered.
        let csv = "wkt,code,street,community\n"
            + "\(Self.square(0, 0)),310101-002-005-0007,S,C\n"
            + "\(Self.square(1, 0)),,S,C\n"     // record 3: south row, east
            + "\(Self.square(0, 1)),,S,C\n"     // record 4: north row, west
            + "\(Self.square(1, 1)),,S,C\n"     // record 5: north row, east
            + "\(Self.square(2, 0)),,S,C\n"     // record 6: south row, further east
        writeText(csv, to: dir + "/g.csv")
        #expect {
            try LayerFileReader(provider: ProjCRSProvider(), options: Self.options).read(layer: .grids, path: dir + "/g.csv")
        } throws: { "\($0)".contains("record 3, field CODE") }
        var numbering = Self.options
        numbering.numberCells = true
        let imported = try LayerFileReader(provider: ProjCRSProvider(), options: numbering).read(layer: .grids, path: dir + "/g.csv")
        #expect(imported.report.numbered.map(\.record) == [3, 4, 5, 6])
        #expect(imported.report.numbered.map(\.code) == ["310101-002-005-0010", "310101-002-005-0008",
                                                         "310101-002-005-0009", "310101-002-005-0011"])

        writeText(csv + "\(Self.square(2, 2)),,S,D\n", to: dir + "/h.csv")
        #expect {
            try LayerFileReader(provider: ProjCRSProvider(), options: numbering).read(layer: .grids, path: dir + "/h.csv")
        } throws: { "\($0)".contains("record 7, field CODE") && "\($0)".contains("community D") }
    }
}
