import CityImport
import CityStore
import Foundation
import GeoCore
import GeoIO
import Testing

/// A kill in the middle of `citygrid import` leaves the store exactly as it was.
@Suite struct KillTests {
    /// The citygrid binary built beside this test bundle (or `CITYGRID_BIN`).
    static var citygrid: String? {
        if let path = ProcessInfo.processInfo.environment["CITYGRID_BIN"] { return path }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("citygrid").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func writeShops(_ path: String, count: Int, seed: UInt64, prefix: String) throws {
        var rng = SplitMix(state: seed)
        let writer = try ShapefileWriter(path: path, shapeType: .point, fields: ["SHOP_ID", "NAME", "ADDRESS", "TRADE"].map {
            DBFField(name: $0, type: .character, length: 40)
        }, prjWKT: try ProjCRSProvider().wkt(of: "EPSG:4549"))
        for i in 0..<count {
            let p = Point(x: 440_000 + 20_000 * rng.unit(), y: 3_450_000 + 15_000 * rng.unit())
            try writer.write(geometry: .point(p), attributes: [.string("\(prefix)\(i)"), .string("门店\(i)"), .string("某路\(i)号"), .string("零售")])
        }
        try writer.finish()
    }

    @Test func sigkillDuringImportLeavesTheStoreUnchanged() throws {
        let binary = try #require(Self.citygrid, "the citygrid binary is built with the tests")
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("seed 99")
        try Self.writeShops(dir + "/small.shp", count: 50, seed: 98, prefix: "S")
        try Self.writeShops(dir + "/big.shp", count: 300_000, seed: 99, prefix: "B")
        let storePath = dir + "/store.sqlite"
        let before: [String: StoredFeature]
        do {
            let store = try CityStore(database: CityDatabase.open(path: storePath))
            try importLayer(.storefronts, dir + "/small.shp", into: store)
            before = snapshot(store)
        }
        #expect(before.count == 50)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["import", "storefronts", dir + "/big.shp", "--store", storePath]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Kill once the write transaction is under way: SQLite spills its page cache to the WAL
        // long before the commit of a batch this size.
        var killedMidWrite = false
        while p.isRunning {
            let wal = (try? FileManager.default.attributesOfItem(atPath: storePath + "-wal")[.size] as? Int) ?? 0
            if wal > 2_000_000 {
                kill(p.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            usleep(5_000)
        }
        p.waitUntilExit()
        #expect(killedMidWrite, "the import finished before the kill; make the file larger")
        #expect(p.terminationReason == .uncaughtSignal)

        let reopened = try CityStore(database: CityDatabase.open(path: storePath))
        #expect(snapshot(reopened) == before)
        #expect(reopened.read { $0[.storefronts].feature(id: "B0") } == nil)
    }
}
