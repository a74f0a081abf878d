import Foundation
import Testing
import GeoCore
@testable import GeoIO

@Suite("Shapefile reader details")
struct ShapefileReaderDetailTests {
    static func corpus(_ p: String) -> String { TestPaths.corpus.appendingPathComponent(p).path }

    @Test func duplicateColumnNamesAreMadeUnique() throws {
        let r = try ShapefileReader(path: Self.corpus("geotools/plugin-shapefile-test-data/dup-column/dup_column.shp"))
        #expect(r.fields.map(\.name) == ["Feature", "Label", "TestColumn", "TestColumn_1"])
        #expect(r.warnings.contains { $0.field == "TestColumn" && $0.message.contains("TestColumn_1") })
    }

    @Test func multiPatchIsUnsupportedByNameWithTheRecord() throws {
        let r = try ShapefileReader(path: Self.corpus("shapelib/tests/shape_eg_data/multipatch.shp"))
        #expect(r.shapeType == .multiPatch)
        #expect(throws: GeoIOError.unsupportedShapeType(path: Self.corpus("shapelib/tests/shape_eg_data/multipatch.shp"), record: 1, code: 31, name: "MultiPatch")) {
            _ = try r.next()
        }
    }

    @Test func deletedRecordsAreSkippedAndNumbersKept() throws {
        let r = try ShapefileReader(path: Self.corpus("geotools/plugin-shapefile-test-data/deleted/archsites.shp"))
        let numbers = try r.readAll().map(\.recordNumber)
        #expect(r.recordCount == 25 && r.deletedCount == 4 && numbers.count == 21)
        #expect(Set(1...25).subtracting(numbers).count == 4)
    }

    @Test func nullShapesHaveNilGeometry() throws {
        let r = try ShapefileReader(path: Self.corpus("mbostock-shapefile/test/null.shp"))
        let records = try r.readAll()
        #expect(records.count == 9)
        #expect(records.contains { $0.geometry == nil })
        #expect(records.contains { $0.geometry != nil })
    }

    /// Every polygon ring of a corpus file with holes against GDAL's WKT: same parts, same holes.
    @Test(arguments: ["geotools/sample-data-shapes/holeTouchEdge.shp", "geotools/sample-data-shapes/polygontest.shp",
                      "shapelib/tests/shape_eg_data/mexico/lakes.shp", "geotools/plugin-shapefile-test-data/taz_shapes/tasmania_water_bodies.shp"])
    func polygonsWithHolesMatchGDAL(_ file: String) throws {
        guard OGRInfo.isAvailable else { return }
        let gdal = try OGRInfo.features(Self.corpus(file))
        let ours = try ShapefileReader(path: Self.corpus(file)).readAll()
        #expect(ours.count == gdal.count)
        for (r, g) in zip(ours, gdal) {
            #expect(TestWKT.same(r.geometry.map(TestWKT.of), g.wkt), "\(file) record \(r.recordNumber)")
        }
    }

    @Test func headerBBoxAndPRJAreReported() throws {
        let r = try ShapefileReader(path: Self.corpus("geotools/sample-data-shapes/chinese_poly.shp"))
        let bbox = try #require(r.bbox)
        // ogrinfo: Extent: (121.184319, 43.478947) - (135.082703, 53.554657)
        #expect(abs(bbox.minX - 121.184319) < 1e-6 && abs(bbox.maxY - 53.554657) < 1e-6)
        #expect(r.prjText?.contains("WGS") == true)
    }

    @Test func upperCaseExtensionsAreFound() throws {
        let dir = try TestPaths.temporaryDirectory("upper")
        defer { try? FileManager.default.removeItem(at: dir) }
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(atPath: Self.corpus("shapelib/tests/shape_eg_data/mexico/cities.\(ext)"),
                                             toPath: dir.appendingPathComponent("CITIES.\(ext.uppercased())").path)
        }
        let r = try ShapefileReader(path: dir.appendingPathComponent("CITIES.SHP").path)
        #expect(try r.readAll().count == 36)
    }
}
