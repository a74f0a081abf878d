import PQKit
import Testing
import TestSupport

@Suite("PostGIS in the test cluster", .enabled(if: TestPostgres.isEnabled, TestPostgres.skipReason))
struct PostGISTests {
    @Test func postGISAndTrigramsAreInstalled() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            #expect(try db.execute("SELECT postgis_version()").string(0, 0)?.hasPrefix("3.") == true)
            #expect(try db.execute("SELECT similarity('王府井大街', '王府井大道')").double(0, 0).map { $0 > 0 } == true)
            // EPSG:4549, CGCS2000 / 3-degree Gauss-Kruger CM 120E, the projected CRS of the city's data.
            #expect(try db.execute("SELECT auth_name FROM spatial_ref_sys WHERE srid = 4549").string(0, 0) == "EPSG")
        }
    }

    /// ISO WKB of POINT(1 2) (OGC Simple Features, 8.2): byte order 1 (little-endian), type 1
    /// (Point) as a UInt32, then x and y as IEEE doubles: 21 bytes.
    @Test func aPointComesBackAsWellKnownBinary() throws {
        try TestPostgres.withDatabase { uri in
            let db = try PQConnection(uri: uri)
            let wkb = try db.execute("SELECT ST_AsBinary(ST_GeomFromText('POINT(1 2)', 4549), 'NDR')").bytes(0, 0)
            var expected: [UInt8] = [1]
            expected += withUnsafeBytes(of: UInt32(1).littleEndian, Array.init)
            expected += withUnsafeBytes(of: Double(1).bitPattern.littleEndian, Array.init)
            expected += withUnsafeBytes(of: Double(2).bitPattern.littleEndian, Array.init)
            #expect(expected.count == 21)
            #expect(wkb == expected)
            // And back: a WKB parameter (binary bytea) read by PostGIS.
            let text = try db.execute("SELECT ST_AsText(ST_GeomFromWKB($1, 4549))", [.bytes(expected)]).string(0, 0)
            #expect(text == "POINT(1 2)")
        }
    }
}
