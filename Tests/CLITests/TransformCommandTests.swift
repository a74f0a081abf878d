import Foundation
import Testing

/// `citygrid transform` against PROJ's own cs2cs (values from
/// `awk '{print $2, $1}' points | cs2cs -f %.6f EPSG:4326 EPSG:4549`, axes swapped to x first)
/// and against wandergis's coordtransform package (PyPI 0.2.1, `wgs84_to_gcj02`, `gcj02_to_bd09`)
/// for GCJ-02 and BD-09. (The eviltransform package differs from it by about 7 mm at Shanghai: it
/// puts WGS 84's semi-major axis where the leaked formula has Krasovsky's 6378245 m.)
@Suite struct TransformCommandTests {
    /// lon, lat, EPSG:4549 easting, northing.
    static let truth: [(Double, Double, Double, Double)] = [
        (121.4737, 31.2304, 640412.315037, 3457455.488582),
        (121.3550, 31.2200, 629115.841499, 3456157.464204),
        (121.9500, 31.5000, 685270.889101, 3488058.910837),
        (120.9000, 31.0000, 585955.508408, 3431322.039838),
    ]
    /// coordtransform's wgs84_to_gcj02 and gcj02_to_bd09 of the first three truth points, lon, lat.
    static let gcj02: [(Double, Double)] = [
        (121.47822305927693, 31.22845773757727), (121.35960016943527, 31.21811691395332),
        (121.95417011214172, 31.497938531280248),
    ]
    static let bd09: [(Double, Double)] = [
        (121.484781468503, 31.234310593689997), (121.36616102796167, 31.223945563564946),
        (121.96069266708348, 31.50385981849065),
    ]

    static func expectRows(_ rows: [[Double]], _ expected: [(Double, Double)], tolerance: Double,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(rows.count == expected.count, sourceLocation: sourceLocation)
        for (row, (x, y)) in zip(rows, expected) {
            #expect(row.count >= 2, sourceLocation: sourceLocation)
            #expect(abs(row[0] - x) <= tolerance && abs(row[1] - y) <= tolerance, "\(row) vs \(x) \(y)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func wgs84ToWorkingCRS() throws {
        // Mixed separators, as real files come: spaces, tabs, commas, a comment, a blank line.
        let input = """
            # Shanghai
            121.4737 31.2304
            121.3550\t31.2200

            121.9500,31.5000
            120.9, 31.0
            """
        let result = try CitygridProcess.run(["transform", "--from", "wgs84", "--to", "EPSG:4549"], input: input)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        Self.expectRows(result.rows, Self.truth.map { ($0.2, $0.3) }, tolerance: 0.001)
    }

    @Test func inverseAndZ() throws {
        let input = Self.truth.map { "\($0.2) \($0.3) 12.5" }.joined(separator: "\n")
        let result = try CitygridProcess.run(["transform", "--from", "4549", "--to", "4326"], input: input)
        #expect(result.status == 0, "\(result.standardError)")
        Self.expectRows(result.rows, Self.truth.map { ($0.0, $0.1) }, tolerance: 1e-8)
        #expect(result.rows.allSatisfy { $0.count == 3 && $0[2] == 12.5 })
    }

    @Test func prjFile() throws {
        let prj = FileManager.default.temporaryDirectory.appendingPathComponent("citygrid-cli-\(getpid()).prj")
        // `projinfo -o WKT1_ESRI EPSG:4549`, as ArcGIS writes it.
        try #"PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
            .write(to: prj, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: prj) }
        let input = Self.truth.map { "\($0.0) \($0.1)" }.joined(separator: "\n")
        let result = try CitygridProcess.run(["transform", "--from", "crs84", "--to", prj.path], input: input)
        #expect(result.status == 0, "\(result.standardError)")
        Self.expectRows(result.rows, Self.truth.map { ($0.2, $0.3) }, tolerance: 0.001)
    }

    @Test func webMapSystems() throws {
        let gcjInput = Self.gcj02.map { "\($0.0) \($0.1)" }.joined(separator: "\n")
        let fromGCJ = try CitygridProcess.run(["transform", "--from", "gcj02", "--to", "4549"], input: gcjInput)
        #expect(fromGCJ.status == 0, "\(fromGCJ.standardError)")
        Self.expectRows(fromGCJ.rows, Self.truth.prefix(3).map { ($0.2, $0.3) }, tolerance: 0.001)

        let wgsInput = Self.truth.prefix(3).map { "\($0.0) \($0.1)" }.joined(separator: "\n")
        let toBD = try CitygridProcess.run(["transform", "--from", "wgs84", "--to", "bd09"], input: wgsInput)
        #expect(toBD.status == 0, "\(toBD.standardError)")
        Self.expectRows(toBD.rows, Self.bd09, tolerance: 1e-9)
    }

    @Test func badLinesAreNamedAndTheRestTransformed() throws {
        let input = """
            121.4737 31.2304
            121.3550 abc
            121.9500 31.5000 1 2
            121 95
            120.9 31.0
            """
        let result = try CitygridProcess.run(["transform", "--from", "wgs84", "--to", "4549"], input: input)
        #expect(result.status == 1)
        Self.expectRows(result.rows, [(Self.truth[0].2, Self.truth[0].3), (Self.truth[3].2, Self.truth[3].3)], tolerance: 0.001)
        let errors = result.standardError.split(separator: "\n").map(String.init)
        #expect(errors.count == 4, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("line 2:") && $0.contains("abc") })
        #expect(errors.contains { $0.hasPrefix("line 3:") && $0.contains("4 fields") })
        #expect(errors.contains { $0.hasPrefix("line 4:") && $0.contains("Invalid latitude") })
        #expect(errors.last == "citygrid transform: 3 of 5 lines failed")
    }

    @Test func unknownCoordinateSystem() throws {
        let result = try CitygridProcess.run(["transform", "--from", "EPSG:99999", "--to", "4549"], input: "1 2\n")
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("--from"))
        #expect(result.standardError.contains("EPSG:99999"))
        let missing = try CitygridProcess.run(["transform", "--from", "4326", "--to", "/no/such/file.prj"], input: "1 2\n")
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("no such .prj file"))
    }

    @Test func helpNamesTheSubcommandAndItsOptions() throws {
        let root = try CitygridProcess.run(["--help"])
        #expect(root.status == 0)
        #expect(root.standardOutput.contains("USAGE: citygrid <subcommand>"))
        #expect(root.standardOutput.contains("transform"))
        let sub = try CitygridProcess.run(["transform", "--help"])
        #expect(sub.standardOutput.contains("--from <from>"))
        #expect(sub.standardOutput.contains("--to <to>"))
        #expect(sub.standardOutput.contains("EPSG:4549"))
    }
}
