import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import Testing

/// A streamed import (`citygrid import`) writes chunks as it reads them, yet stays all or
/// nothing: whatever the chunk size, the error is the one the records give by construction, the
/// lowest bad record's, and the store is left exactly as it was.
@Suite struct StreamingImportErrorTests {
    static func streaming(chunk: Int, _ options: ImportOptions = ImportOptions()) -> StreamingImport {
        var options = options
        options.chunkSize = chunk
        return StreamingImport(importer: LayerFileReader(provider: ProjCRSProvider(), options: options))
    }

    /// A store already holding storefronts, which a failed import must leave in place.
    static func storeWithShops() throws -> CityStore {
        let store = try memoryStore()
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        writeText(pointCollection([(121.47, 31.23, ["SHOP_ID": "OLD1", "NAME": "老店", "ADDRESS": "南京东路1号", "TRADE": "餐饮"])]),
                  to: dir + "/old.geojson")
        _ = try streaming(chunk: 10).run(layer: .storefronts, path: dir + "/old.geojson", into: store, attribution: nil)
        return store
    }

    @Test(arguments: [1, 7, 100]) func theLowestBadRecordStopsItAndNothingIsWritten(chunk: Int) throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.storeWithShops()
        let before = snapshot(store)
        ParallelScanTests.write(to: dir + "/a.geojson")
        #expect { _ = try Self.streaming(chunk: chunk).run(layer: .storefronts, path: dir + "/a.geojson", into: store, attribution: nil) }
            throws: { "\($0)".contains(ParallelScanTests.messages[0]) }
        #expect(snapshot(store) == before)
        // With record 5 right, the first bad record is 40, whose id record 3 has: the store finds
        // the clash, and the file is read again for both record numbers.
        ParallelScanTests.write(to: dir + "/b.geojson", fixFirst: true)
        #expect { _ = try Self.streaming(chunk: chunk).run(layer: .storefronts, path: dir + "/b.geojson", into: store, attribution: nil) }
            throws: { "\($0)".contains(ParallelScanTests.messages[1]) }
        #expect(snapshot(store) == before)
        #expect(try store.storedCount(.storefronts) == 1)
    }

    @Test func everyInvalidGeometryIsListedAcrossChunks() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let x = 450_000.0, y = 3_455_000.0
        func square(_ i: Int) -> String {
            let x = x + Double(i) * 200
            return "POLYGON ((\(x) \(y), \(x + 50) \(y), \(x + 50) \(y + 50), \(x) \(y + 50), \(x) \(y)))"
        }
        func bowTie(_ i: Int) -> String {
            let x = x + Double(i) * 200
            return "POLYGON ((\(x) \(y), \(x + 100) \(y + 100), \(x + 100) \(y), \(x) \(y + 100), \(x) \(y)))"
        }
        // A CSV record is numbered by its line: rows 3 and 12, the bow ties, are records 4 and 13, in different chunks of 4.
        let rows = (1...12).map { i in "\"\(i == 3 || i == 12 ? bowTie(i) : square(i))\",P\(i),07" }
        writeText("wkt,parcel_no,landuse\n" + rows.joined(separator: "\n") + "\n", to: dir + "/p.csv")
        let store = try Self.storeWithShops()
        let before = snapshot(store)
        #expect {
            _ = try Self.streaming(chunk: 4, ImportOptions(crs: .definition("EPSG:4549"))).run(layer: .parcels, path: dir + "/p.csv", into: store, attribution: nil)
        } throws: { error in
            guard case CityImportError.invalidGeometries(_, let records) = error else { return false }
            return records.map(\.record) == [4, 13] && records.allSatisfy { $0.reason.contains("Self-intersection") }
        }
        #expect(snapshot(store) == before)
        // (makeValid turns a bow tie into two triangles, a MultiPolygon no parcel can be: fixed by hand.)
        writeText("wkt,parcel_no,landuse\n" + (1...12).map { "\"\(square($0))\",P\($0),07" }.joined(separator: "\n") + "\n", to: dir + "/p.csv")
        let report = try Self.streaming(chunk: 4, ImportOptions(crs: .definition("EPSG:4549"))).run(layer: .parcels, path: dir + "/p.csv", into: store, attribution: nil)
        #expect(report.features == 12 && report.invalid.isEmpty)
        #expect(try store.storedCount(.parcels) == 12)
    }

    @Test func aSideTableRowWithoutItsShopIsRefusedByLine() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shops = (0..<20).map { i in
            (121.47 + 0.0001 * Double(i), 31.23, ["SHOP_ID": JSONValue.string("S\(i)"), "NAME": "店", "ADDRESS": "南京东路1号", "TRADE": "餐饮"])
        }
        writeText(pointCollection(shops), to: dir + "/storefronts.geojson")
        writeText("""
            ENTITY_ID,KIND,DATE,OFFICER,NOTE,ATTACHMENTS
            S19,inspection,2026-11-02,张三,,
            S3,survey,2026-11-01,张三,,
            NOPE,survey,2026-11-01,张三,,
            S19,warning,2026-11-01,李四,,

            """, to: dir + "/storefronts.records.csv")
        let store = try Self.storeWithShops()
        let before = snapshot(store)
        #expect {
            _ = try Self.streaming(chunk: 6).run(layer: .storefronts, path: dir + "/storefronts.geojson", into: store, attribution: nil)
        } throws: { "\($0)".contains("line 4") && "\($0)".contains("NOPE") }
        #expect(snapshot(store) == before)

        // Without the stray row: S19's two records in date order, across the last chunk.
        writeText("""
            ENTITY_ID,KIND,DATE,OFFICER,NOTE,ATTACHMENTS
            S19,inspection,2026-11-02,张三,,
            S3,survey,2026-11-01,张三,,
            S19,warning,2026-11-01,李四,,

            """, to: dir + "/storefronts.records.csv")
        let report = try Self.streaming(chunk: 6).run(layer: .storefronts, path: dir + "/storefronts.geojson", into: store, attribution: nil)
        #expect(report.features == 20 && report.dossierRecords == 3)
        #expect(try store.dossier(layer: .storefronts, entityID: "S19").map(\.kind) == ["warning", "inspection"])
        let s19 = try store.read { try $0[.storefronts].feature(id: "S19")!.decode(Storefront.self) }
        #expect(s19.records.map(\.kind) == [.warning, .inspection])
        #expect(try store.storedCount(.storefronts) == 20)
    }
}
