import GeoCore
import ProjKit
import Testing

@Suite struct TransformTests {
    static func within(_ a: Point, _ b: Point, _ tolerance: Double) -> Bool {
        abs(a.x - b.x) <= tolerance && abs(a.y - b.y) <= tolerance
    }

    @Test func wgs84ToWorkingCRSMatchesCs2cs() throws {
        let transform = try Transform(from: .wgs84, to: .working)
        for row in ShanghaiTruth.rows {
            let p = try transform.transform(Point(x: row.lon, y: row.lat))
            #expect(Self.within(p, Point(x: row.gkX, y: row.gkY), ShanghaiTruth.millimetre), "\(row.lon) \(row.lat) -> \(p)")
        }
    }

    @Test func wgs84ToUTM51MatchesCs2cs() throws {
        let transform = try Transform(from: CoordinateSystem(epsg: 4326), to: CoordinateSystem(epsg: 32651))
        var points = ShanghaiTruth.rows.map { Point(x: $0.lon, y: $0.lat) }
        try transform.transform(&points)
        for (row, p) in zip(ShanghaiTruth.rows, points) {
            #expect(Self.within(p, Point(x: row.utmX, y: row.utmY), ShanghaiTruth.millimetre), "\(row.lon) \(row.lat) -> \(p)")
        }
    }

    @Test func inverseGivesBackLongitudeLatitude() throws {
        let toGK = try Transform(from: .working, to: .wgs84)
        let toUTM = try Transform(from: CoordinateSystem(parsing: "EPSG:32651"), to: .wgs84)
        var x = ShanghaiTruth.rows.map(\.gkX), y = ShanghaiTruth.rows.map(\.gkY)
        try toGK.transform(x: &x, y: &y)
        for (i, row) in ShanghaiTruth.rows.enumerated() {
            #expect(Self.within(Point(x: x[i], y: y[i]), Point(x: row.lon, y: row.lat), ShanghaiTruth.millimetreInDegrees))
            let back = try toUTM.transform(Point(x: row.utmX, y: row.utmY))
            #expect(Self.within(back, Point(x: row.lon, y: row.lat), ShanghaiTruth.millimetreInDegrees))
        }
        let inverted = try toGK.inverted()
        #expect(inverted.source == .wgs84)
    }

    /// The same system spelled four ways gives the same answers as cs2cs.
    @Test(arguments: [
        "32651", "epsg:32651", "+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs", ShanghaiTruth.esriPrj32651,
    ])
    func spellingsOfUTM51(_ text: String) throws {
        let transform = try Transform(from: CoordinateSystem(parsing: "wgs84"), to: CoordinateSystem(parsing: text))
        for row in ShanghaiTruth.rows {
            let p = try transform.transform(Point(x: row.lon, y: row.lat))
            #expect(Self.within(p, Point(x: row.utmX, y: row.utmY), ShanghaiTruth.millimetre), "\(text): \(p)")
        }
    }

    @Test func esriPrjOfTheWorkingCRS() throws {
        let prj = try CoordinateSystem(parsing: ShanghaiTruth.esriPrj4549)
        #expect(!prj.isGeographic)
        let transform = try Transform(from: .wgs84, to: prj)
        for row in ShanghaiTruth.rows {
            let p = try transform.transform(Point(x: row.lon, y: row.lat))
            #expect(Self.within(p, Point(x: row.gkX, y: row.gkY), ShanghaiTruth.millimetre), "\(p)")
        }
    }

    @Test func crs84IsLongitudeFirstToo() throws {
        let transform = try Transform(from: CoordinateSystem(parsing: "crs84"), to: .working)
        let row = ShanghaiTruth.rows[0]
        #expect(Self.within(try transform.transform(Point(x: row.lon, y: row.lat)), Point(x: row.gkX, y: row.gkY), ShanghaiTruth.millimetre))
    }

    @Test func geometryAndZ() throws {
        let transform = try Transform(from: .wgs84, to: .working)
        let rows = ShanghaiTruth.rows
        let line = Geometry.lineString(LineString([Point(x: rows[0].lon, y: rows[0].lat, z: 4.5), Point(x: rows[1].lon, y: rows[1].lat)]))
        guard case .lineString(let out) = try transform.transform(line) else {
            Issue.record("a line string must stay a line string")
            return
        }
        #expect(Self.within(out.points[0], Point(x: rows[0].gkX, y: rows[0].gkY), ShanghaiTruth.millimetre))
        #expect(Self.within(out.points[1], Point(x: rows[1].gkX, y: rows[1].gkY), ShanghaiTruth.millimetre))
        // A horizontal-only transformation leaves heights alone; a missing z stays missing.
        #expect(out.points[0].z == 4.5)
        #expect(out.points[1].z == nil)
    }

    /// GCJ-02 and BD-09 are WGS 84 behind GeoCore's offsets (tested in GeoCore): the Transform
    /// must apply them on the right side of the PROJ step.
    @Test func webMapOffsets() throws {
        let row = ShanghaiTruth.rows[3]
        let wgs = Point(x: row.lon, y: row.lat)
        let gcj = ChinaOffsets.wgs84ToGCJ02(wgs)
        let bd = ChinaOffsets.wgs84ToBD09(wgs)
        // The offsets are hundreds of metres at Shanghai: a wiring mistake cannot hide in 1 mm.
        #expect(abs(gcj.x - wgs.x) > 1e-3 || abs(gcj.y - wgs.y) > 1e-3)
        let fromGCJ = try Transform(from: CoordinateSystem(parsing: "gcj02"), to: .working).transform(gcj)
        #expect(Self.within(fromGCJ, Point(x: row.gkX, y: row.gkY), ShanghaiTruth.millimetre), "\(fromGCJ)")
        let fromBD = try Transform(from: .bd09, to: .working).transform(bd)
        #expect(Self.within(fromBD, Point(x: row.gkX, y: row.gkY), ShanghaiTruth.millimetre), "\(fromBD)")
        let toBD = try Transform(from: .working, to: .bd09).transform(Point(x: row.gkX, y: row.gkY))
        #expect(Self.within(toBD, bd, ShanghaiTruth.millimetreInDegrees), "\(toBD)")
        let gcjToBD = try Transform(from: .gcj02, to: .bd09).transform(gcj)
        #expect(Self.within(gcjToBD, bd, 1e-9))
    }
}
