import CityImport
import CityModel
import CityStore
import Foundation
import GeoCore
import Testing
import TestSupport

/// What ogr2ogr writes imports with the values ogrinfo prints, in every CRS and encoding asked.
@Suite struct InteropTests {
    static let licence = "91310101MA1FPX1234"

    static func shops(seed: UInt64) -> [(Double, Double, [String: JSONValue])] {
        var rng = SplitMix64(seed: seed)
        return (0..<40).map { i in
            let lon = 121.45 + 0.05 * rng.unit(), lat = 31.21 + 0.04 * rng.unit()
            var p: [String: JSONValue] = ["SHOP_ID": .string("SF\(i)"), "NAME": .string("老王馄饨\(i)号店"), "ADDRESS": .string("黄浦区南京东路\(i)弄"),
                                          "TRADE": "餐饮", "LIC_STATUS": i % 3 == 0 ? "unlicensed" : "licensed", "FLOOR": .number(Double(i % 5))]
            p["LICENCE"] = i % 3 == 0 ? .null : .string(licence)
            p["NOTE"] = i % 4 == 0 ? .null : .string("备注，含逗号\(i)")
            return (lon, lat, p)
        }
    }

    @Test(arguments: ["EPSG:4326", "EPSG:4490", "EPSG:4549", "EPSG:32651"], ["GBK", "UTF-8"])
    func ogr2ogrShapefileImportsWithOgrinfoValues(crs: String, encoding: String) throws {
        let dir = temporaryFolder("ogr\(crs)\(encoding)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        print("seed 11")
        let rows = Self.shops(seed: 11)
        writeText(pointCollection(rows), to: dir + "/src.geojson")
        try run("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", crs, "-lco", "ENCODING=\(encoding)", dir + "/shops.shp", dir + "/src.geojson"])
        // Delete record 5 the way dBASE does: '*' in the record's first byte.
        let dbf = try FileHandle(forUpdating: URL(fileURLWithPath: dir + "/shops.dbf"))
        let header = try dbf.read(upToCount: 12)!
        let headerLength = Int(header[8]) | Int(header[9]) << 8, recordLength = Int(header[10]) | Int(header[11]) << 8
        try dbf.seek(toOffset: UInt64(headerLength + 4 * recordLength))
        dbf.write(Data("*".utf8))
        try dbf.close()
        let ogr = try ogrFeatures(dir + "/shops.shp")
        #expect(ogr.count == 39)

        let store = try memoryStore()
        var imports = [try LayerFileReader(provider: ProjCRSProvider()).read(layer: .storefronts, path: dir + "/shops.shp")]
        #expect(imports[0].report.features == 39)
        #expect(imports[0].report.encoding?.hasPrefix(encoding == "GBK" ? "CP936" : "UTF-8") == true
                || imports[0].report.encoding?.hasPrefix("GB18030") == true)
        try DirectoryLoader.commit(&imports, into: store, attribution: nil)
        let expected = try cs2cs(rows.map { ($0.0, $0.1) })
        try store.read { view in
            #expect(view[.storefronts].count == 39)
            #expect(view[.storefronts].feature(id: "SF4") == nil)
            for fields in ogr {
                let id = try #require(fields["SHOP_ID"])
                let f = try #require(view[.storefronts].feature(id: id))
                let shop = try f.decode(Storefront.self)
                #expect(shop.name == fields["NAME"])
                #expect(shop.address == fields["ADDRESS"])
                #expect((shop.licenceNumber ?? "(null)") == fields["LICENCE"])
                #expect(shop.licenceStatus.rawValue == fields["LIC_STATUS"])
                let extra = try f.propertiesValue()["extra"]?.objectValue ?? [:]
                #expect((extra["NOTE"]?.stringValue ?? "(null)") == fields["NOTE"])
                #expect(extra["FLOOR"]?.stringValue.flatMap { Double($0) } == fields["FLOOR"].flatMap { Double($0) })
                let i = Int(id.dropFirst(2))!
                // Through ogr2ogr's projection and ours back: centimetres at most.
                #expect(abs(shop.point.x - expected[i].0) < 0.01 && abs(shop.point.y - expected[i].1) < 0.01,
                        "SF\(i): \(shop.point) vs \(expected[i])")
            }
        }
    }

    @Test func polygonsWithHolesMultipartsZAndNullsComeThroughOgr2ogr() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func ring(_ lon: Double, _ lat: Double, _ d: Double, z: Double) -> JSONValue {
            .array([[lon, lat, z], [lon + d, lat, z], [lon + d, lat + d, z], [lon, lat + d, z], [lon, lat, z]].map { .array($0.map(JSONValue.number)) })
        }
        let withHole: JSONValue = ["type": "Polygon", "coordinates": [ring(121.47, 31.23, 0.002, z: 4), ring(121.4705, 31.2305, 0.0005, z: 4)]]
        let twoParts: JSONValue = ["type": "MultiPolygon", "coordinates": [[ring(121.48, 31.23, 0.001, z: 5)], [ring(121.485, 31.23, 0.001, z: 5)]]]
        let doc: JSONValue = ["type": "FeatureCollection", "features": [
            ["type": "Feature", "geometry": withHole, "properties": ["网格编码": "310101-002-005-0001", "街道": "南京东路街道", "社区": "贵州路居委", "网格员": nil]],
            ["type": "Feature", "geometry": twoParts, "properties": ["网格编码": "310101-002-005-0002", "街道": "南京东路街道", "社区": "贵州路居委", "网格员": "王芳"]],
        ]]
        writeText(doc.jsonString, to: dir + "/src.geojson")
        try run("ogr2ogr", ["-f", "ESRI Shapefile", "-t_srs", "EPSG:32651", "-lco", "ENCODING=GBK", dir + "/grids.shp", dir + "/src.geojson"])
        let store = try memoryStore()
        var imports = [try LayerFileReader(provider: ProjCRSProvider()).read(layer: .grids, path: dir + "/grids.shp")]
        #expect(imports[0].report.withZ == 2)
        try DirectoryLoader.commit(&imports, into: store, attribution: nil)
        let (a, b) = try store.read { view in
            (try view[.grids].feature(id: "310101-002-005-0001")!.decode(GridCell.self),
             try view[.grids].feature(id: "310101-002-005-0002")!.decode(GridCell.self))
        }
        #expect(a.shape.polygons.count == 1 && a.shape.polygons[0].holes.count == 1)
        #expect(a.officer == nil && b.officer == "王芳" && a.communityName == "贵州路居委")
        #expect(b.shape.polygons.count == 2)
        #expect(a.shape.polygons[0].exterior.points.allSatisfy { $0.z == 4 })
        // Every stored vertex is a source vertex carried to EPSG:4549 by cs2cs.
        let source: [(Double, Double)] = [(121.47, 31.23), (121.472, 31.23), (121.472, 31.232), (121.47, 31.232),
                                          (121.4705, 31.2305), (121.471, 31.2305), (121.471, 31.231), (121.4705, 31.231)]
        let expected = try cs2cs(source)
        for p in a.shape.polygons[0].rings.flatMap(\.points) {
            #expect(expected.contains { abs($0.0 - p.x) < 0.01 && abs($0.1 - p.y) < 0.01 }, "\(p)")
        }
    }
}
