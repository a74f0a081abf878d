import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import Testing

/// What `LayerExporter` writes, ogrinfo reads with the same counts, types and values, and our own
/// importer reads back into the same entities.
@Suite struct ExportRoundTripTests {
    /// A store with storefronts (dossier records included), from a GeoJSON made here.
    static func filledStore(_ dir: String) throws -> CityStore {
        let rows = InteropTests.shops(seed: 23)
        print("seed 23")
        writeText(pointCollection(rows), to: dir + "/storefronts.geojson")
        writeText("""
            ENTITY_ID,KIND,DATE,OFFICER,NOTE,ATTACHMENTS
            SF1,survey,2025-03-01T10:00:00+08:00,夏庆春,"排摸建档，核对一照两证三图",IMG1.jpg;IMG2.jpg
            SF1,warning,2025-03-05,毛磊,警告：油烟扰民,

            """, to: dir + "/storefronts.records.csv")
        let store = try memoryStore()
        try importLayer(.storefronts, dir + "/storefronts.geojson", into: store)
        return store
    }

    @Test func shapefileExportReadsInOgrinfoAndImportsBackUnchanged() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.filledStore(dir)
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let summary = try LayerExporter(provider: ProjCRSProvider()).export(.storefronts, from: store, format: .shp, to: dir + "/out/storefronts.shp")
        #expect(summary.features == 40)
        let (count, fields) = try ogrSummary(dir + "/out/storefronts.shp")
        #expect(count == 40)
        #expect(fields["SHOP_ID"] == "String" && fields["NAME"] == "String" && fields["FLOOR"] == "String")
        let srs = try run("gdalsrsinfo", ["-o", "epsg", dir + "/out/storefronts.prj"])
        #expect(srs.contains("EPSG:4549"))
        let stored = store.read { view in Dictionary(uniqueKeysWithValues: view[.storefronts].features.values.map { ($0.id, $0) }) }
        for f in try ogrFeatures(dir + "/out/storefronts.shp") {
            let shop = try stored[f["SHOP_ID"]!]!.decode(Storefront.self)
            #expect(f["NAME"] == shop.name && f["ADDRESS"] == shop.address && f["LIC_STATUS"] == shop.licenceStatus.rawValue)
            #expect(f["LICENCE"] == (shop.licenceNumber ?? "(null)"))
        }

        let again = try memoryStore()
        try importLayer(.storefronts, dir + "/out/storefronts.shp", into: again)
        let back = again.read { view in Dictionary(uniqueKeysWithValues: view[.storefronts].features.values.map { ($0.id, $0) }) }
        #expect(back.count == stored.count)
        for (id, f) in stored {
            #expect(try back[id]!.decode(Storefront.self) == f.decode(Storefront.self), "\(id)")
            #expect(try back[id]!.propertiesValue()["extra"] == f.propertiesValue()["extra"])
        }
        #expect(try again.dossier(layer: .storefronts, entityID: "SF1").map(\.kind) == ["survey", "warning"])
    }

    @Test(arguments: [LayerExporter.Format.geojson, .geojsonseq, .csv])
    func lonLatExportsImportBackWithinAMillimetre(format: LayerExporter.Format) throws {
        let dir = temporaryFolder("lonlat\(format.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try Self.filledStore(dir)
        let ext = format == .csv ? "csv" : format == .geojsonseq ? "geojsonl" : "geojson"
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: true)
        let path = dir + "/out/storefronts.\(ext)"
        _ = try LayerExporter(provider: ProjCRSProvider()).export(.storefronts, from: store, format: format, to: path)
        let (count, _) = try ogrSummary(path)
        #expect(count == 40)
        if format == .geojson {
            // RFC 7946 lon/lat: the extent ogrinfo reports lies around People's Square.
            let info = try run("ogrinfo", ["-so", "-al", path])
            #expect(info.contains("Extent: (121.4"))
        }
        let again = try memoryStore()
        try importLayer(.storefronts, path, into: again)
        try store.read { view in
            for f in view[.storefronts].features.values {
                let a = try f.decode(Storefront.self)
                let b = try again.read { try $0[.storefronts].feature(id: f.id)!.decode(Storefront.self) }
                #expect(abs(a.point.x - b.point.x) < 1e-3 && abs(a.point.y - b.point.y) < 1e-3)
                #expect(a.name == b.name && a.licenceNumber == b.licenceNumber && a.records == b.records)
            }
        }
    }
}
