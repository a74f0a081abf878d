import Foundation
import Testing
import GeoCore
@testable import GeoIO

@Suite("CSV")
struct CSVTests {
    static func file(_ text: String, _ name: String = "in.csv", bytes: [UInt8]? = nil, in dir: URL) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try Data(bytes ?? Array(text.utf8)).write(to: URL(fileURLWithPath: p))
        return p
    }

    static func all(_ r: CSVReader) throws -> [SourceFeature] {
        var out: [SourceFeature] = []
        while let f = try r.nextFeature() { out.append(f) }
        return out
    }

    @Test func lonLatColumnsAndRFC4180Quoting() throws {
        let dir = try TestPaths.temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "\u{FEFF}名称,经度,纬度,备注\r\n\"南京东路, 黄浦\",121.48,31.23,\"说 \"\"好\"\"\r\n第二行\"\r\n空,,,\r\n\r\nlast,1,2,x"
        let r = try CSVReader(path: try Self.file(text, in: dir))
        #expect(r.geometryColumns == .lonLat(lon: 1, lat: 2))
        #expect(r.fieldNames == ["名称", "备注"])
        let f = try Self.all(r)
        #expect(f.count == 3)
        #expect(f[0]["名称"] == .string("南京东路, 黄浦"))
        #expect(f[0]["备注"] == .string("说 \"好\"\r\n第二行"))
        #expect(f[0].geometry == .point(Point(x: 121.48, y: 31.23)))
        #expect(f[1].geometry == nil && f[1]["备注"] == .null)
        #expect(f.map(\.recordNumber) == [2, 4, 6])  // physical lines: the quoted break counts
    }

    @Test(arguments: [("lng", "lat"), ("Longitude", "Latitude"), ("X", "Y"), ("lon", "lat")])
    func usualCoordinateNames(_ names: (String, String)) throws {
        let dir = try TestPaths.temporaryDirectory("csvn")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CSVReader(path: try Self.file("id,\(names.0),\(names.1)\n1,3.5,4.5\n", in: dir))
        #expect(try Self.all(r).first?.geometry == .point(Point(x: 3.5, y: 4.5)))
    }

    @Test func wktColumnAndErrorsNameLineAndColumn() throws {
        let dir = try TestPaths.temporaryDirectory("csvw")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CSVReader(path: try Self.file("id;WKT\n1;POLYGON((0 0,1 0,1 1,0 0))\n2;\n3;POINT(1\n", in: dir), separator: ";")
        #expect(r.geometryColumns == .wkt(1))
        #expect(try r.nextFeature()?.geometry?.typeName == "Polygon")
        #expect(try r.nextFeature()?.geometry == nil)
        do { _ = try r.nextFeature(); Issue.record("expected an error") } catch {
            guard case .badCSV(_, let line, let column, _) = error else { Issue.record("\(error)"); return }
            #expect(line == 4 && column == "WKT")
        }
        let ragged = try CSVReader(path: try Self.file("a,lon,lat\n1,2,3\n1,2\n", "r.csv", in: dir))
        _ = try ragged.nextFeature()
        #expect(throws: GeoIOError.badCSV(path: dir.appendingPathComponent("r.csv").path, line: 3, column: "#3", reason: "2 fields, the header has 3")) {
            _ = try ragged.nextFeature()
        }
        let notNumber = try CSVReader(path: try Self.file("lon,lat\nabc,3\n", "n.csv", in: dir))
        #expect(throws: GeoIOError.badCSV(path: dir.appendingPathComponent("n.csv").path, line: 2, column: "lon", reason: "'abc' is not a number")) {
            _ = try notNumber.nextFeature()
        }
    }

    @Test func gbkCSVIsDetectedWithAWarning() throws {
        let dir = try TestPaths.temporaryDirectory("csvg")
        defer { try? FileManager.default.removeItem(at: dir) }
        // "名称,lon,lat\n黑龙江省,1,2\n" in GBK, bytes as iconv -t GBK gives them.
        let gbk: [UInt8] = [0xC3, 0xFB, 0xB3, 0xC6] + Array(",lon,lat\n".utf8) + [0xBA, 0xDA, 0xC1, 0xFA, 0xBD, 0xAD, 0xCA, 0xA1] + Array(",1,2\n".utf8)
        let r = try CSVReader(path: try Self.file("", bytes: gbk, in: dir))
        #expect(r.header == ["名称", "lon", "lat"])
        #expect(r.warnings.contains { $0.message.contains("GB18030") })
        #expect(try r.nextFeature()?["名称"] == .string("黑龙江省"))
    }

    @Test func writerRoundTripReadByOGR() throws {
        let dir = try TestPaths.temporaryDirectory("csvout")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        let w = try CSVWriter(path: path, attributeNames: ["name", "n"], geometry: .lonLat(lon: "lon", lat: "lat"))
        try w.write(geometry: .point(Point(x: 121.5, y: 31.25)), attributes: [.string("a,\"b\"\n"), .integer(3)])
        try w.write(geometry: nil, attributes: [.null, .double(2.5)])
        #expect(throws: GeoIOError.self) {
            try w.write(geometry: .lineString(LineString([Point(x: 0, y: 0), Point(x: 1, y: 1)])), attributes: [.null, .null])
        }
        #expect(!FileManager.default.fileExists(atPath: path))  // the failed writer left nothing
        let w2 = try CSVWriter(path: path, attributeNames: ["name"])
        try w2.write(geometry: .point(Point(x: 1, y: 2)), attributes: [.string("点")])
        try w2.finish()
        let back = try Self.all(CSVReader(path: path))
        #expect(back.first?.geometry == .point(Point(x: 1, y: 2)) && back.first?["name"] == .string("点"))
        if OGRInfo.isAvailable {
            let gdal = try OGRInfo.features(path, config: ["-oo", "GEOM_POSSIBLE_NAMES=wkt"])
            #expect(gdal.first?.fields.first { $0.name == "name" }?.value == "点")
        }
    }
}
