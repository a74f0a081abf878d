import Foundation
import Testing
import GeoCore
@testable import GeoIO

/// Every attribute of every feature of a few corpus files, against what `ogrinfo -al` prints.
/// Where GDAL passes bytes through (no .cpg, no language driver), it is told the encoding with
/// SHAPE_ENCODING so that both sides decode the same text.
@Suite("Attribute values against ogrinfo", .enabled(if: OGRInfo.isAvailable, "ogrinfo is not on PATH (installed by scripts/setup)"))
struct AttributeSpotCheckTests {
    static let cases: [(file: String, config: [String])] = [
        ("geotools/sample-data-shapes/chinese_poly.shp", ["--config", "SHAPE_ENCODING", "CP936"]),
        ("china-admin-garybikini/2020-776a2f1/2. 省级范围/1. 精确到City/上海市.shp", []),
        ("china-admin-garybikini/2020-776a2f1/1. 国家范围/1. 精确到Country/country.shp", []),
        ("geotools/sample-data-shapes/rus-windows-1251.shp", []),
        // GDAL hands "ANSI 1250" to iconv, which does not know the name, and passes the bytes
        // through; told CP1250 it decodes what we decode from the .cpg.
        ("shapefile-js/test/data/codepage.shp", ["--config", "SHAPE_ENCODING", "CP1250"]),
        ("mbostock-shapefile/test/date-property.shp", []),
        ("mbostock-shapefile/test/boolean-property.shp", []),
        ("mbostock-shapefile/test/mixed-properties.shp", []),
        ("mbostock-shapefile/test/utf8-property.shp", []),
        ("geotools/sample-data-shapes/BooleanTest.shp", []),
        ("geotools/sample-data-shapes/statepop.shp", []),
        ("geotools/plugin-shapefile-test-data/deleted/archsites.shp", []),
        ("geotools/plugin-shapefile-test-data/dbase-file-reader/nulls.dbf", []),
        ("geotools/plugin-shapefile-test-data/bad/state.shp", []),
        ("shapelib/tests/shape_eg_data/pline.shp", []),
        ("pyshp-repo/shapefiles/test/dtype.shp", []),
    ]

    @Test(arguments: cases.indices)
    func attributesMatchOGRInfo(_ i: Int) throws {
        let (file, config) = Self.cases[i]
        let path = TestPaths.corpus.appendingPathComponent(file).path
        let gdal = try OGRInfo.features(path, config: config)
        let reader = try ShapefileReader(path: path)
        let ours = try reader.readAll()
        #expect(ours.count == gdal.count, "\(file): \(ours.count) records, ogrinfo \(gdal.count)")
        for (record, expected) in zip(ours, gdal) {
            #expect(record.recordNumber - 1 == expected.fid, "\(file): record \(record.recordNumber) vs FID \(expected.fid)")
            #expect(record.attributes.count == expected.fields.count)
            for (k, (value, printed)) in zip(record.attributes, expected.fields).enumerated() {
                #expect(OGRInfo.matches(value, printed.value),
                        "\(file) FID \(expected.fid) field \(reader.fields[k].name): ours \(value), GDAL \(printed.type) '\(printed.value)'")
            }
        }
    }

    @Test func gbkWithoutCpgIsDetectedAndSaidSo() throws {
        let reader = try ShapefileReader(path: TestPaths.corpus.appendingPathComponent("geotools/sample-data-shapes/chinese_poly.shp").path)
        #expect(reader.encoding == ResolvedEncoding(encoding: .gb18030, source: .detectedFallback))
        #expect(reader.warnings.contains { $0.message.contains("GB18030") })
        let record = try #require(try reader.next())
        #expect(record.attributes[2] == .string("黑龙江省"))
        #expect(reader.fields.map(\.name) == ["ADCODE93", "ADCODE99", "NAME"])
    }

    @Test func cpgAndLanguageDriverAreReportedAsSources() throws {
        let c = TestPaths.corpus
        let rus = try ShapefileReader(path: c.appendingPathComponent("geotools/sample-data-shapes/rus-windows-1251.shp").path)
        #expect(rus.encoding.encoding.iconvName == "CP1251")
        #expect(rus.encoding.source == .cpg("Windows-1251"))
        let ansi = try ShapefileReader(path: c.appendingPathComponent("shapefile-js/test/data/codepage.shp").path)
        #expect(ansi.encoding.encoding.iconvName == "CP1250")
        let state = try ShapefileReader(path: c.appendingPathComponent("geotools/plugin-shapefile-test-data/bad/state.shp").path)
        #expect(state.encoding.source == .languageDriver(0x57))
        let html = try ShapefileReader(path: c.appendingPathComponent("shapefile-js/test/data/htmlcpg.shp").path)
        #expect(html.warnings.contains { $0.message.contains("unknown code page") })
    }
}
