import Foundation
import Testing
import GeoCore
@testable import GeoIO

/// Round trips through GDAL: what we write, ogrinfo reads back; what ogr2ogr writes, we read
/// with the values ogrinfo prints.
@Suite("Interop with GDAL", .enabled(if: Tool.find("ogr2ogr") != nil && OGRInfo.isAvailable,
                                     "ogr2ogr/ogrinfo are not on PATH (installed by scripts/setup)"))
struct GDALInteropTests {
    static func ring(_ xy: [(Double, Double)]) -> LinearRing { LinearRing(xy.map { Point(x: $0.0, y: $0.1) }) }

    /// A square with a hole, given counter-clockwise outer / clockwise hole (the RFC 7946 way), so
    /// the writer has to turn both around.
    static let holed = Polygon(exterior: ring([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]),
                               holes: [ring([(2, 2), (2, 4), (4, 4), (4, 2), (2, 2)])])
    static let island = Polygon(exterior: ring([(20, 20), (30, 20), (30, 30), (20, 30), (20, 20)]))

    @Test func whatWeWriteOGRInfoReadsBack() throws {
        let dir = try TestPaths.temporaryDirectory("write")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("网格.shp").path
        let fields = [DBFField(name: "name_of_the_grid", type: .character, length: 40),
                      DBFField(name: "name_of_the_street", type: .character, length: 20),
                      DBFField(name: "cells", type: .number, length: 10),
                      DBFField(name: "area_m2", type: .number, length: 18, decimals: 3),
                      DBFField(name: "active", type: .logical, length: 1),
                      DBFField(name: "surveyed", type: .date, length: 8)]
        let long = String(repeating: "黄浦区南京东路街道", count: 3)  // 81 bytes, more than 20
        let rows: [(Geometry?, [DBFValue])] = [
            (.polygon(Self.holed), [.string("黄浦区第1网格"), .string("南京东路"), .integer(12), .double(96.5), .bool(true), .date(year: 2024, month: 3, day: 9)]),
            (.multiPolygon(MultiPolygon([Self.holed, Self.island])), [.string("Pudong \"east\", 2"), .string(long), .integer(-3), .double(1.125), .bool(false), .null]),
            (nil, [.null, .null, .null, .null, .null, .null]),
        ]
        let writer = try ShapefileWriter(path: path, shapeType: .polygon, fields: fields, prjWKT: #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#)
        for (g, a) in rows { try writer.write(geometry: g, attributes: a) }
        try writer.finish()
        #expect(writer.fields.map(\.name) == ["name_of_th", "name_of__1", "cells", "area_m2", "active", "surveyed"])
        #expect(writer.warnings.contains { $0.message.contains("longtext.csv") })

        let gdal = try OGRInfo.features(path)
        #expect(gdal.count == 3)
        let expectedWKT = [
            "POLYGON ((0 0,0 10,10 10,10 0,0 0),(2 2,4 2,4 4,2 4,2 2))",
            "MULTIPOLYGON (((0 0,0 10,10 10,10 0,0 0),(2 2,4 2,4 4,2 4,2 2)),((20 20,20 30,30 30,30 20,20 20)))",
            nil,
        ]
        for (i, f) in gdal.enumerated() {
            #expect(TestWKT.same(f.wkt, expectedWKT[i]), "feature \(i): \(f.wkt ?? "nil")")
            #expect(f.fields.map(\.name) == writer.fields.map(\.name))
            for (k, (value, printed)) in zip(rows[i].1, f.fields).enumerated() {
                var expected = value
                if k == 1, case .string(let s) = value, s.utf8.count > 20 { expected = .string(DBFFieldNames.prefix(s, bytes: 20)) }
                #expect(OGRInfo.matches(expected, printed.value), "feature \(i) field \(printed.name): ours \(expected), GDAL '\(printed.value)'")
            }
        }
        // The full long text is in the side table, keyed by record and field.
        let side = try String(contentsOfFile: dir.appendingPathComponent("网格.longtext.csv").path, encoding: .utf8)
        #expect(side == "record,field,text\r\n2,name_of__1,\(long)\r\n")
        // And our own reader agrees with what we wrote (orientation: holes found again).
        let back = try ShapefileReader(path: path).readAll()
        #expect(back.map(\.geometry) == [.polygon(Self.holedAsStored), .multiPolygon(MultiPolygon([Self.holedAsStored, Self.islandAsStored])), nil])
    }

    static var holedAsStored: Polygon {
        Polygon(exterior: holed.exterior.oriented(counterClockwise: false), holes: holed.holes.map { $0.oriented(counterClockwise: true) })
    }
    static var islandAsStored: Polygon { Polygon(exterior: island.exterior.oriented(counterClockwise: false)) }

    /// GeoJSON given to ogr2ogr: holes, multiparts, Z, nulls, Chinese text.
    static let geojson = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"名称":"黑龙江省","code":230000,"ratio":0.25,"note":null},
     "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}},
    {"type":"Feature","properties":{"名称":"上海市徐汇区","code":310104,"ratio":null,"note":"多部分"},
     "geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[20,20],[30,20],[30,30],[20,30],[20,20]],[[22,22],[22,24],[24,24],[24,22],[22,22]]]]}},
    {"type":"Feature","properties":{"名称":null,"code":null,"ratio":1.5,"note":"no geometry"},"geometry":null}
    ]}
    """

    @Test(arguments: ["GBK", "UTF-8"])
    func whatOGR2OGRWritesWeRead(_ encoding: String) throws {
        let dir = try TestPaths.temporaryDirectory("ogr2ogr")
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = dir.appendingPathComponent("in.geojson").path
        try Self.geojson.write(toFile: src, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.shp").path
        let (status, log) = try Tool.run("ogr2ogr", ["-f", "ESRI Shapefile", "-lco", "ENCODING=\(encoding)", "-nlt", "MULTIPOLYGON", out, src])
        #expect(status == 0, "\(log)")
        try expectSameAsOGRInfo(out, expectedEncoding: encoding == "GBK" ? "GB18030" : "UTF-8")
    }

    @Test func zLinesAndPointsFromOGR2OGR() throws {
        let dir = try TestPaths.temporaryDirectory("ogr2ogrz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = dir.appendingPathComponent("in.geojson").path
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":1},"geometry":{"type":"MultiLineString","coordinates":[[[121.4,31.2,4.5],[121.5,31.25,6]],[[121.6,31.3,1],[121.7,31.1,2],[121.8,31.0,3]]]}},
        {"type":"Feature","properties":{"id":2},"geometry":{"type":"LineString","coordinates":[[1,2,3],[4,5,6]]}},
        {"type":"Feature","properties":{"id":3},"geometry":null}]}
        """.write(toFile: src, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("lines.shp").path
        let (status, log) = try Tool.run("ogr2ogr", ["-f", "ESRI Shapefile", out, src])
        #expect(status == 0, "\(log)")
        let reader = try ShapefileReader(path: out)
        #expect(reader.shapeType == .polyLineZ)
        // ogr2ogr's default: no .cpg, language driver 0x57, which both read as ISO-8859-1.
        try expectSameAsOGRInfo(out, expectedEncoding: "ISO-8859-1")
    }

    /// Every record's geometry (as WKT) and attributes equal what ogrinfo prints for the file.
    func expectSameAsOGRInfo(_ path: String, expectedEncoding: String) throws {
        let gdal = try OGRInfo.features(path)
        let reader = try ShapefileReader(path: path)
        #expect(reader.encoding.encoding.iconvName == expectedEncoding)
        let ours = try reader.readAll()
        #expect(ours.count == gdal.count)
        for (r, g) in zip(ours, gdal) {
            #expect(TestWKT.same(r.geometry.map(TestWKT.of), g.wkt), "record \(r.recordNumber): ours \(r.geometry.map(TestWKT.of) ?? "nil"), GDAL \(g.wkt ?? "nil")")
            for (k, (value, printed)) in zip(r.attributes, g.fields).enumerated() {
                #expect(OGRInfo.matches(value, printed.value), "record \(r.recordNumber) field \(reader.fields[k].name): ours \(value), GDAL '\(printed.value)'")
            }
            #expect(reader.fields.map(\.name) == g.fields.map(\.name))
        }
    }
}
