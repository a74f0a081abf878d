import CityImport
import Foundation
import GeoCore
import Testing

/// A chunk's records are built on all cores and merged in record order. Whatever the chunk size
/// and however the chunk is split between cores, the import must be the one written down here
/// from how the file was made: which records become entities, which fail and with what message,
/// in record order, and for a real import the first bad record's error.
@Suite struct ParallelScanTests {
    static let licence = "91310101MA1FPX1234"

    /// 300 storefronts; the bad ones are known by construction (record = index + 1).
    static func write(to path: String, fixFirst: Bool = false) {
        let rows = (0..<300).map { i -> (Double, Double, [String: JSONValue]) in
            var p: [String: JSONValue] = ["SHOP_ID": .string("S\(i)"), "NAME": .string("店\(i)"), "ADDRESS": .string("南京东路\(i)号"),
                                          "TRADE": "餐饮", "LICENCE": .string(licence), "FLAGS": "nuisance, wallBreaking"]
            var lon = 121.40 + 0.0001 * Double(i)
            switch i + 1 {
            case 5 where !fixFirst: p["LICENCE"] = "12345"
            case 40: p["SHOP_ID"] = "S2"            // record 3's id
            case 60: p["SHOP_ID"] = "S4"            // record 5's id: record 5 failed, so no clash in a dry run
            case 101: p["SHOP_ID"] = "S99"          // record 100's id, across the boundary of 100-record chunks
            case 150: p["FLAGS"] = "nuisance;bogus"
            case 200: p["NAME"] = "\u{3000} "
            case 250: lon = 150                     // outside the deployment area: reported, still imported
            case 299: p["SHOP_ID"] = "S0"           // record 1's id, in the last chunk
            default: break
            }
            return (lon, 31.2, p)
        }
        writeText(pointCollection(rows), to: path)
    }

    static let failures = [5, 40, 101, 150, 200, 299]
    static let messages = [
        "record 5, field LICENCE (licenceNumber): Storefront S4: licenceNumber has 5 characters",
        "record 40: storefronts id S2 already used by record 3",
        "record 101: storefronts id S99 already used by record 100",
        "record 150, field FLAGS: 'bogus' is not one of",
        "record 200, field NAME: is empty",
        "record 299: storefronts id S0 already used by record 1",
    ]
    static let splits = [(chunk: 1, perTask: 1), (chunk: 7, perTask: 1), (chunk: 100, perTask: 1),
                         (chunk: 100, perTask: 13), (chunk: 1000, perTask: 3), (chunk: 65_536, perTask: 512)]

    @Test(arguments: splits) func dryRunIsTheSameWhateverTheSplit(chunk: Int, perTask: Int) throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.write(to: dir + "/shops.geojson")
        var options = ImportOptions(chunkSize: chunk, dryRun: true)
        options.recordsPerTask = perTask
        let result = try LayerFileReader(provider: ProjCRSProvider(), options: options).read(layer: .storefronts, path: dir + "/shops.geojson")

        let kept = (1...300).filter { !Self.failures.contains($0) }
        #expect(result.records == kept)
        #expect(result.entities.map(\.id) == kept.map { $0 == 60 ? "S4" : "S\($0 - 1)" })
        #expect(result.extras.count == kept.count)
        #expect(result.report.features == 300)
        #expect(result.report.errors.count == Self.messages.count)
        for (error, expected) in zip(result.report.errors, Self.messages) {
            #expect(error.contains(expected), "\(error)")
        }
        #expect(result.report.outsideArea == 1 && result.report.outsideSample == [250])
        // `--check LAYER FILE` lets each entity go, and reports the same.
        let checked = try LayerFileReader(provider: ProjCRSProvider(), options: options).check(layer: .storefronts, path: dir + "/shops.geojson")
        #expect(checked.json == result.report.json)
    }

    @Test(arguments: splits) func realImportStopsAtTheLowestBadRecord(chunk: Int, perTask: Int) throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = ImportOptions(chunkSize: chunk)
        options.recordsPerTask = perTask
        let importer = LayerFileReader(provider: ProjCRSProvider(), options: options)
        Self.write(to: dir + "/a.geojson")
        #expect { _ = try importer.read(layer: .storefronts, path: dir + "/a.geojson") } throws: { "\($0)".contains(Self.messages[0]) }
        // With record 5 right, the first bad record is 40 (and record 60 now clashes with record 5).
        Self.write(to: dir + "/b.geojson", fixFirst: true)
        #expect { _ = try importer.read(layer: .storefronts, path: dir + "/b.geojson") } throws: {
            "\($0)".contains(Self.messages[1])
        }
    }
}
