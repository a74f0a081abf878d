import Foundation
import Testing
import TestSupport
import GeoCore
@testable import GeoIO

/// Damaged copies of a file we write ourselves: each damage gives a typed error naming the file
/// and record (or a warning where the set can still be read), never a crash.
@Suite("Broken shapefiles")
struct BrokenShapefileTests {
    /// Writes three polylines with one text field and returns the base path (no extension).
    static func makeSet(_ dir: URL) throws -> String {
        let base = dir.appendingPathComponent("lines").path
        let w = try ShapefileWriter(path: base, shapeType: .polyLine, fields: [DBFField(name: "name", type: .character, length: 10)])
        for i in 0..<3 {
            let line = LineString([Point(x: Double(i), y: 0), Point(x: Double(i), y: 1), Point(x: Double(i) + 1, y: 2)])
            try w.write(geometry: .lineString(line), attributes: [.string("road \(i + 1)")])
        }
        try w.finish()
        return base
    }

    static func withSet(_ body: (String) throws -> Void) throws {
        let dir = try TestPaths.temporaryDirectory("broken")
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(try makeSet(dir))
    }

    static func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
    static func put(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    static func readAllError(_ path: String) -> GeoIOError? {
        do {
            let r = try ShapefileReader(path: path)
            _ = try r.readAll()
            return nil
        } catch { return error }
    }

    @Test func truncatedSHPNamesTheRecord() throws {
        try Self.withSet { base in
            var shp = try Self.bytes(base + ".shp")
            shp.removeLast(20)  // the middle of record 3's points
            try Self.put(shp, base + ".shp")
            // The .shx still points at record 3, whose content now runs past the end.
            guard case .truncated(let path, let record, _)? = Self.readAllError(base + ".shp") else {
                Issue.record("expected .truncated"); return
            }
            #expect(path == base + ".shp" && record == 3)
            // Without the .shx, walking the records finds the same.
            try FileManager.default.removeItem(atPath: base + ".shx")
            guard case .truncated(_, let walked, _)? = Self.readAllError(base + ".shp") else { Issue.record("expected .truncated"); return }
            #expect(walked == 3)
        }
    }

    @Test func zeroLengthSHXIsRebuiltWithAWarning() throws {
        try Self.withSet { base in
            try Self.put([], base + ".shx")
            let r = try ShapefileReader(path: base + ".shp")
            #expect(r.warnings.contains { $0.path == base + ".shx" && $0.message.contains("empty") })
            #expect(try r.readAll().map(\.attributes) == [[.string("road 1")], [.string("road 2")], [.string("road 3")]])
        }
    }

    @Test func missingSHXIsRebuiltWithAWarning() throws {
        try Self.withSet { base in
            try FileManager.default.removeItem(atPath: base + ".shx")
            let r = try ShapefileReader(path: base + ".dbf")  // any sibling opens the set
            #expect(r.warnings.contains { $0.message.contains("no .shx") })
            #expect(try r.readAll().count == 3)
        }
    }

    @Test func wrongContentLengthIsABadRecord() throws {
        try Self.withSet { base in
            var shp = try Self.bytes(base + ".shp"), shx = try Self.bytes(base + ".shx")
            // Record 2 claims 10 words (20 bytes): too short for its 3 points. Patch both files so
            // the .shx agrees and the decoder must catch it.
            let offset = Int(UInt32(bigEndian: shx[108..<112].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })) * 2
            shp[offset + 4..<offset + 8] = [0, 0, 0, 10]
            shx[112..<116] = [0, 0, 0, 10]
            try Self.put(shp, base + ".shp"); try Self.put(shx, base + ".shx")
            guard case .badRecord(let path, let record, let reason)? = Self.readAllError(base + ".shp") else { Issue.record("expected .badRecord"); return }
            #expect(path == base + ".shp" && record == 2)
            #expect(reason.contains("content length is 20"))
        }
    }

    @Test func dbfCountMismatchNamesBothCounts() throws {
        try Self.withSet { base in
            var dbf = try Self.bytes(base + ".dbf")
            dbf[4] = 2  // header says 2 records
            try Self.put(dbf, base + ".dbf")
            #expect(Self.readAllError(base + ".shp") == .recordCountMismatch(shpPath: base + ".shp", shpCount: 3, dbfPath: base + ".dbf", dbfCount: 2))
        }
    }

    @Test(arguments: [0, 1, 2])
    func garbageDBFHeaderIsABadHeader(_ damage: Int) throws {
        try Self.withSet { base in
            var dbf = try Self.bytes(base + ".dbf")
            switch damage {
            case 0: dbf[0] = 0x7F                                      // not a dBASE version
            case 1: dbf[8] = 0xFF; dbf[9] = 0xFF                       // header longer than the file
            default: dbf = Array(dbf.prefix(20))                       // shorter than a header
            }
            try Self.put(dbf, base + ".dbf")
            guard case .badHeader(let path, _)? = Self.readAllError(base + ".shp") else { Issue.record("expected .badHeader"); return }
            #expect(path == base + ".dbf")
        }
    }

    @Test func garbageSHPHeaderIsABadHeader() throws {
        try Self.withSet { base in
            var shp = try Self.bytes(base + ".shp")
            shp[0..<4] = [1, 2, 3, 4]
            try Self.put(shp, base + ".shp")
            #expect(Self.readAllError(base + ".shp").map { if case .badHeader = $0 { true } else { false } } == true)
        }
    }

    @Test func invalidTextIsAWarningOrAStrictError() throws {
        try Self.withSet { base in
            var dbf = try Self.bytes(base + ".dbf")
            let headerLength = Int(dbf[8]) | Int(dbf[9]) << 8
            dbf[headerLength + 1] = 0xFF  // first byte of record 1's text: never valid UTF-8
            try Self.put(dbf, base + ".dbf")
            let lenient = try ShapefileReader(path: base + ".shp")  // .cpg says UTF-8
            _ = try lenient.readAll()
            #expect(lenient.warnings.contains { $0.record == 1 && $0.field == "name" })
            let strict = try ShapefileReader(path: base + ".shp", options: ShapefileReadOptions(strict: true))
            #expect(throws: GeoIOError.invalidText(path: base + ".dbf", record: 1, field: "name", encoding: "UTF-8")) { try strict.readAll() }
        }
    }

    @Test func randomDamageNeverCrashes() throws {
        var rng = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["SEED"] ?? "") ?? 20_240_501)
        print("randomDamageNeverCrashes seed \(rng.seed)")
        try Self.withSet { base in
            let pristine = try Self.bytes(base + ".shp")
            for _ in 0..<300 {
                var shp = pristine
                for _ in 0..<4 { shp[Int.random(in: 0..<shp.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
                if Bool.random(using: &rng) { shp.removeLast(Int.random(in: 0..<shp.count, using: &rng)) }
                try Self.put(shp, base + ".shp")
                _ = Self.readAllError(base + ".shp")  // any outcome but a crash
            }
        }
    }
}

