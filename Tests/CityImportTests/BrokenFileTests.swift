import CityImport
import CityStore
import Foundation
import GeoCore
import Testing

/// Broken shapefiles give errors that say what and where, and load nothing.
@Suite struct BrokenFileTests {
    /// A store holding one good import, and a fresh shapefile made by ogr2ogr to break.
    static func setUp(_ dir: String) throws -> (CityStore, [String: StoredFeature]) {
        writeText(pointCollection(InteropTests.shops(seed: 5)), to: dir + "/src.geojson")
        try run("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", "EPSG:4549", dir + "/shops.shp", dir + "/src.geojson"])
        try run("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", "EPSG:4549", "-where", "FLOOR < 2", dir + "/fewer.shp", dir + "/src.geojson"])
        let store = try memoryStore()
        try importLayer(.storefronts, dir + "/fewer.shp", into: store)
        return (store, snapshot(store))
    }

    func expectRefused(_ store: CityStore, _ before: [String: StoredFeature], _ path: String, mentions: [String]) {
        #expect {
            try importLayer(.storefronts, path, into: store)
        } throws: { error in
            mentions.allSatisfy { "\(error)".contains($0) }
        }
        #expect(snapshot(store) == before)
    }

    @Test func truncatedShp() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, before) = try Self.setUp(dir)
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: dir + "/shops.shp"))
        let size = try h.seekToEnd()
        try h.truncate(atOffset: size - 10)
        try h.close()
        expectRefused(store, before, dir + "/shops.shp", mentions: ["shops.shp", "record 40"])
    }

    @Test func wrongRecordLength() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, before) = try Self.setUp(dir)
        // Record 1's header at byte 100: content length (16-bit words, big-endian) at 104.
        let h = try FileHandle(forUpdating: URL(fileURLWithPath: dir + "/shops.shp"))
        try h.seek(toOffset: 104)
        h.write(Data([0, 0, 0, 4]))
        try h.close()
        expectRefused(store, before, dir + "/shops.shp", mentions: ["shops.shp", "record 1"])
    }

    @Test func mismatchedDbf() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, before) = try Self.setUp(dir)
        try FileManager.default.removeItem(atPath: dir + "/shops.dbf")
        try FileManager.default.copyItem(atPath: dir + "/fewer.dbf", toPath: dir + "/shops.dbf")
        expectRefused(store, before, dir + "/shops.shp", mentions: ["shops.shp has 40 records", "shops.dbf"])
    }

    @Test func badPrj() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, before) = try Self.setUp(dir)
        writeText("PROJCS[\"broken\", GEOGCS[", to: dir + "/shops.prj")
        expectRefused(store, before, dir + "/shops.shp", mentions: ["CRS"])
    }

    /// An empty .shx is rebuilt from the .shp (as GDAL does), said in a warning; the data is right.
    @Test func zeroLengthShxIsRebuiltWithAWarning() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, _) = try Self.setUp(dir)
        writeText("", to: dir + "/shops.shx")
        var imports = [try LayerFileReader(provider: ProjCRSProvider()).read(layer: .storefronts, path: dir + "/shops.shp")]
        #expect(imports[0].report.warnings.contains { $0.contains(".shx") })
        try DirectoryLoader.commit(&imports, into: store, attribution: nil)
        #expect(store.read { $0[.storefronts].count } == 40)
    }
}
