import Foundation
import GeoCore
import Testing
@testable import GeoIO

/// `nextFeatures(upTo:)` decodes a batch on all cores. What it must give is known from how the
/// file was damaged: which records are deleted, which carry bad text (warnings, or the strict
/// error), and where the .shp is cut (the error, after the warnings of the records before it).
@Suite struct ShapefileBatchTests {
    static let count = 3000
    static let deleted = [10, 1500], badText = [7, 2000]

    /// 3000 points, field `name` = "p<record>"; records `deleted` flagged, `badText` with an 0xFF.
    static func makeSet(_ dir: URL) throws -> String {
        let base = dir.appendingPathComponent("points").path
        let w = try ShapefileWriter(path: base, shapeType: .point, fields: [DBFField(name: "name", type: .character, length: 10)])
        for r in 1...count { try w.write(geometry: .point(Point(x: Double(r), y: 0)), attributes: [.string("p\(r)")]) }
        try w.finish()
        var dbf = Array(try Data(contentsOf: URL(fileURLWithPath: base + ".dbf")))
        let headerLength = Int(dbf[8]) | Int(dbf[9]) << 8, recordLength = Int(dbf[10]) | Int(dbf[11]) << 8
        for r in deleted { dbf[headerLength + (r - 1) * recordLength] = UInt8(ascii: "*") }
        for r in badText { dbf[headerLength + (r - 1) * recordLength + 1] = 0xFF }
        try Data(dbf).write(to: URL(fileURLWithPath: base + ".dbf"))
        return base
    }

    static func readAll(_ reader: ShapefileReader, batch: Int) throws -> [SourceFeature] {
        var all: [SourceFeature] = []
        while true {
            let part = try reader.nextFeatures(upTo: batch)
            #expect(part.count <= batch)
            if part.isEmpty { return all }
            all += part
        }
    }

    @Test(arguments: [1, 999, 5000]) func recordsAndWarningsInFileOrder(batch: Int) throws {
        let dir = try TestPaths.temporaryDirectory("batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try Self.makeSet(dir)
        let reader = try ShapefileReader(path: base + ".shp")
        let features = try Self.readAll(reader, batch: batch)
        let kept = (1...Self.count).filter { !Self.deleted.contains($0) }
        #expect(features.map(\.recordNumber) == kept)
        #expect(features.map { $0.geometry } == kept.map { .point(Point(x: Double($0), y: 0)) })
        for f in features where !Self.badText.contains(f.recordNumber) {
            #expect(f["name"] == .string("p\(f.recordNumber)"))
        }
        #expect(reader.warnings.compactMap(\.record) == Self.badText)
    }

    @Test func aBadShapeStopsTheBatchAfterTheWarningsBeforeIt() throws {
        let dir = try TestPaths.temporaryDirectory("batch")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try Self.makeSet(dir)
        // A point record is 8 header + 20 content bytes after the 100-byte header; record 2500's
        // shape type becomes MultiPatch (31), which the .shx check accepts and decoding refuses.
        var shp = Array(try Data(contentsOf: URL(fileURLWithPath: base + ".shp")))
        shp[100 + 2499 * 28 + 8] = 31
        try Data(shp).write(to: URL(fileURLWithPath: base + ".shp"))
        let reader = try ShapefileReader(path: base + ".shp")
        _ = try reader.nextFeatures(upTo: 1000)  // records 1...1001, less record 10
        // The next 2000 are split into ranges; the one holding record 2500 fails.
        #expect { _ = try reader.nextFeatures(upTo: 2000) } throws: { error in
            guard case GeoIOError.unsupportedShapeType(_, let record, _, _) = error else { return false }
            return record == 2500
        }
        #expect(reader.warnings.compactMap(\.record) == Self.badText)

        let strict = try ShapefileReader(path: base + ".shp", options: ShapefileReadOptions(strict: true))
        #expect(throws: GeoIOError.invalidText(path: base + ".dbf", record: 7, field: "name", encoding: "UTF-8")) {
            try strict.nextFeatures(upTo: 5000)
        }
    }
}
