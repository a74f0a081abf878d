import Foundation
import Testing
import GeoCore
@testable import GeoIO

@Suite("GeoJSON streaming")
struct GeoJSONTests {
    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    static func all(_ reader: GeoJSONReader) throws -> [SourceFeature] {
        var out: [SourceFeature] = []
        while let f = try reader.nextFeature() { out.append(f) }
        return out
    }

    /// A collection with members before and after "features", strings holding brackets, quotes
    /// and escapes, read with chunks of 7 bytes so every value straddles chunk boundaries.
    @Test(arguments: [7, 64, 1 << 20])
    func featureCollectionInSmallChunks(_ chunk: Int) throws {
        let dir = try TestPaths.temporaryDirectory("gj")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = """
        \u{FEFF}{"type":"FeatureCollection","name":"grid {cells}","features":[
         {"type":"Feature","properties":{"名称":"黄浦区 \\"南京东路\\" ]}","n":3,"r":0.5,"ok":true,"tags":["a","b"]},
          "geometry":{"type":"Point","coordinates":[121.48,31.23]}},
         {"type":"Feature","properties":null,"geometry":null},
         {"type":"Feature","properties":{"n":-1e3},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}
        ],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}}
        """
        let path = try Self.write(text, "fc.geojson", in: dir)
        let reader = try GeoJSONReader(path: path, chunkSize: chunk)
        let features = try Self.all(reader)
        #expect(features.count == 3)
        #expect(features.map(\.recordNumber) == [1, 2, 3])
        #expect(features[0]["名称"] == .string(#"黄浦区 "南京东路" ]}"#))
        #expect(features[0]["n"] == .integer(3))
        #expect(features[0]["r"] == .double(0.5))
        #expect(features[0]["ok"] == .bool(true))
        #expect(features[0]["tags"] == .string(#"["a","b"]"#))
        #expect(features[0].geometry == .point(Point(x: 121.48, y: 31.23)))
        #expect(features[1].geometry == nil && features[1].attributes.isEmpty)
        #expect(features[2]["n"] == .integer(-1000))
        #expect(reader.crsText?.contains("CRS84") == true)
    }

    @Test func sequencesWithAndWithoutRecordSeparators() throws {
        let dir = try TestPaths.temporaryDirectory("gjs")
        defer { try? FileManager.default.removeItem(at: dir) }
        let f1 = #"{"type":"Feature","properties":{"id":1},"geometry":{"type":"Point","coordinates":[1,2]}}"#
        let f2 = #"{"type":"Feature","properties":{"id":2},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}"#
        for (name, text) in [("nd.geojsonl", f1 + "\n" + f2 + "\n"), ("rs.geojsons", "\u{1E}" + f1 + "\n\u{1E}" + f2 + "\n")] {
            let features = try Self.all(GeoJSONReader(path: try Self.write(text, name, in: dir), chunkSize: 16))
            #expect(features.map { $0["id"] } == [.integer(1), .integer(2)], "\(name)")
        }
        // A lone Feature is a collection of one.
        #expect(try Self.all(GeoJSONReader(path: try Self.write(f1, "one.geojson", in: dir))).count == 1)
    }

    @Test func errorsNameFeatureIndexAndJSONPath() throws {
        let dir = try TestPaths.temporaryDirectory("gje")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
        {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,"x"]]}}]}
        """
        let reader = try GeoJSONReader(path: try Self.write(bad, "bad.geojson", in: dir))
        _ = try reader.nextFeature()
        do {
            _ = try reader.nextFeature()
            Issue.record("expected an error")
        } catch {
            guard case .badGeoJSON(_, let feature, let jsonPath, _) = error else { Issue.record("\(error)"); return }
            #expect(feature == 1)
            #expect(jsonPath.hasPrefix("$.features[1].geometry.coordinates"), "\(jsonPath)")
        }
        let truncated = try GeoJSONReader(path: try Self.write(#"{"type":"FeatureCollection","features":[{"type":"Feature","#, "cut.geojson", in: dir))
        #expect(throws: GeoIOError.self) { _ = try truncated.nextFeature() }
        let notFC = try GeoJSONReader(path: try Self.write(#"{"type":"Topology","features":[]}"#, "topo.geojson", in: dir))
        #expect(throws: GeoIOError.self) { _ = try Self.all(notFC) }
    }

    /// Our writer's output read by ogrinfo and by our reader; polygons come out counter-clockwise.
    @Test(arguments: [GeoJSONWriter.Format.featureCollection, .sequence(recordSeparator: true), .sequence(recordSeparator: false)])
    func writerRoundTrip(_ format: GeoJSONWriter.Format) throws {
        let dir = try TestPaths.temporaryDirectory("gjw")
        defer { try? FileManager.default.removeItem(at: dir) }
        let isFC: Bool = if case .featureCollection = format { true } else { false }
        let path = dir.appendingPathComponent(isFC ? "out.geojson" : "out.geojsons").path
        let w = try GeoJSONWriter(path: path, format: format)
        let clockwise = Polygon(exterior: LinearRing([Point(x: 0, y: 0), Point(x: 0, y: 1), Point(x: 1, y: 1), Point(x: 1, y: 0), Point(x: 0, y: 0)]))
        try w.write(geometry: .polygon(clockwise), attributes: [SourceAttribute(name: "名称", value: .string("网格")), SourceAttribute(name: "d", value: .date(year: 2024, month: 1, day: 2))])
        try w.write(geometry: nil, attributes: [SourceAttribute(name: "n", value: .null)])
        #expect(!FileManager.default.fileExists(atPath: path))  // nothing in place before finish()
        try w.finish()
        let back = try Self.all(GeoJSONReader(path: path))
        #expect(back.count == 2)
        guard case .polygon(let p)? = back[0].geometry else { Issue.record("not a polygon"); return }
        #expect(p.exterior.isCounterClockwise)
        #expect(back[0]["名称"] == .string("网格") && back[0]["d"] == .string("2024-01-02"))
        if OGRInfo.isAvailable {
            let gdal = try OGRInfo.features(path)
            #expect(gdal.count == 2)
            #expect(TestWKT.same(gdal.first?.wkt, "POLYGON ((0 0,1 0,1 1,0 1,0 0))"), "\(gdal.first?.wkt ?? "nil")")
        }
    }

    /// A large generated collection read with a small chunk: memory is bounded by the window, not
    /// the file (the window never holds more than a few chunks plus one feature).
    @Test func largeCollectionStreams() throws {
        let dir = try TestPaths.temporaryDirectory("gjl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.geojson").path
        let w = try GeoJSONWriter(path: path)
        for i in 0..<20_000 {
            try w.write(geometry: .point(Point(x: Double(i), y: Double(-i))), attributes: [SourceAttribute(name: "i", value: .integer(i))])
        }
        try w.finish()
        let reader = try GeoJSONReader(path: path, chunkSize: 4096)
        var n = 0
        while let f = try reader.nextFeature() {
            #expect(f["i"] == .integer(n) && f.geometry == .point(Point(x: Double(n), y: Double(-n))))
            n += 1
        }
        #expect(n == 20_000)
    }
}
