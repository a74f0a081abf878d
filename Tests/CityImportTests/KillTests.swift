import CityImport
import CityStore
import Foundation
import GeoCore
import GeoIO
import Testing
import TestSupport

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
        var rng = SplitMix64(seed: seed)
        let writer = try ShapefileWriter(path: path, shapeType: .point, fields: ["SHOP_ID", "NAME", "ADDRESS", "TRADE"].map {
            DBFField(name: $0, type: .character, length: 40)
        }, prjWKT: try ProjCRSProvider().wkt(of: "EPSG:4549"))
        for i in 0..<count {
            let p = Point(x: 440_000 + 20_000 * rng.unit(), y: 3_450_000 + 15_000 * rng.unit())
            try writer.write(geometry: .point(p), attributes: [.string("\(prefix)\(i)"), .string("门店\(i)"), .string("某路\(i)号"), .string("零售")])
        }
        try writer.finish()
    }

    /// Every field of every stored feature as text: a snapshot that holds no connection open.
    static func plain(_ store: CityStore) -> [String: String] {
        snapshot(store).mapValues { f in
            "\(String(describing: f.geometry)) \(f.category ?? "-") \(f.status ?? "-") \(f.zoneVersion) \(String(decoding: f.properties, as: UTF8.self))"
        }
    }

    /// Killed mid-write twice: alone with the store, the import writes through a rollback journal
    /// (killed once the file has grown by megabytes); beside another connection, through the WAL
    /// (killed once the log holds megabytes).
    @Test(arguments: [false, true]) func sigkillDuringImportLeavesTheStoreUnchanged(besideAnotherConnection: Bool) throws {
        let binary = try #require(Self.citygrid, "the citygrid binary is built with the tests")
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("seed 99")
        try Self.writeShops(dir + "/small.shp", count: 50, seed: 98, prefix: "S")
        try Self.writeShops(dir + "/big.shp", count: 300_000, seed: 99, prefix: "B")
        let storePath = dir + "/store.sqlite"
        var holder: CityStore?
        let before: [String: String]
        do {
            let store = try CityStore(database: CityDatabase.open(path: storePath))
            try importLayer(.storefronts, dir + "/small.shp", into: store)
            before = Self.plain(store)
            if besideAnotherConnection { holder = store }
        }
        #expect(before.count == 50)
        func size(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let startSize = size(storePath)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["import", "storefronts", dir + "/big.shp", "--store", storePath]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Kill once the write transaction is under way: SQLite spills its page cache to the WAL,
        // or to the file with the old pages in the journal, long before the commit of a batch
        // this size.
        var killedMidWrite = false
        while p.isRunning {
            let underWay = besideAnotherConnection
                ? size(storePath + "-wal") > 2_000_000
                : FileManager.default.fileExists(atPath: storePath + "-journal") && size(storePath) > startSize + 2_000_000
            if underWay {
                kill(p.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            usleep(5_000)
        }
        p.waitUntilExit()
        #expect(killedMidWrite, "the import finished before the kill; make the file larger")
        #expect(p.terminationReason == .uncaughtSignal)
        holder = nil

        let reopened = try CityStore(database: CityDatabase.open(path: storePath))
        #expect(Self.plain(reopened) == before)
        #expect(reopened.read { $0[.storefronts].feature(id: "B0") } == nil)
        // The file format's read and write versions (header bytes 18 and 19) are 2 in WAL mode.
        let header = try #require(FileHandle(forReadingAtPath: storePath)?.readData(ofLength: 20))
        #expect(Array(header.suffix(2)) == [2, 2], "the store is left in WAL mode")
        _ = holder
    }
}
