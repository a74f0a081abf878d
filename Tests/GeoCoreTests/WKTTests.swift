import Testing
import TestSupport
@testable import GeoCore

@Suite struct WKTTests {
    @Test(arguments: [
        ("POINT (1 2)", Geometry.point(Point(x: 1, y: 2))),
        ("point(1 2)", .point(Point(x: 1, y: 2))),
        ("POINT Z (1 2 3)", .point(Point(x: 1, y: 2, z: 3))),
        ("POINT (1 2 3)", .point(Point(x: 1, y: 2, z: 3))),
        ("POINTZ(1 2 3)", .point(Point(x: 1, y: 2, z: 3))),
        ("POINT M (1 2 9)", .point(Point(x: 1, y: 2))),
        ("POINT ZM (1 2 3 9)", .point(Point(x: 1, y: 2, z: 3))),
        ("  POINT\t(\n-1.5e3   +2.  )  ", .point(Point(x: -1500, y: 2))),
        ("POINT (.5 -.25)", .point(Point(x: 0.5, y: -0.25))),
        ("POINT EMPTY", .multiPoint(MultiPoint([]))),
        ("LINESTRING (0 0, 1 1)", .lineString(LineString([Point(x: 0, y: 0), Point(x: 1, y: 1)]))),
        ("LINESTRING EMPTY", .lineString(LineString([]))),
        ("LINESTRING Z EMPTY", .lineString(LineString([]))),
        ("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
         .polygon(Polygon(exterior: Samples.square, holes: [Samples.hole]))),
        ("MULTIPOINT (1 2, 3 4)", .multiPoint(MultiPoint([Point(x: 1, y: 2), Point(x: 3, y: 4)]))),
        ("MULTIPOINT ((1 2), (3 4))", .multiPoint(MultiPoint([Point(x: 1, y: 2), Point(x: 3, y: 4)]))),
        ("MULTILINESTRING (EMPTY, (0 0, 1 1))", .multiLineString(MultiLineString([LineString([]), LineString([Point(x: 0, y: 0), Point(x: 1, y: 1)])]))),
        ("MULTIPOLYGON (EMPTY)", .multiPolygon(MultiPolygon([Polygon(exterior: LinearRing([]))]))),
        ("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING EMPTY)",
         .geometryCollection(GeometryCollection([.point(Point(x: 1, y: 2)), .lineString(LineString([]))]))),
        ("GEOMETRYCOLLECTION EMPTY", .geometryCollection(GeometryCollection([]))),
    ])
    func readsKnownText(text: String, expected: Geometry) throws {
        #expect(try Geometry(wkt: text) == expected)
    }

    @Test func writesTheGEOSSpelling() {
        #expect(Geometry.point(Point(x: 1, y: 2)).wkt == "POINT (1 2)")
        #expect(Geometry.point(Point(x: 1, y: 2, z: 3)).wkt == "POINT Z (1 2 3)")
        #expect(Geometry.point(Point(x: 0.1, y: -2.5e-7)).wkt == "POINT (0.1 -2.5e-07)")
        #expect(Samples.all.first { $0.name == "polygonHole" }!.geometry.wkt
            == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))")
        #expect(Geometry.multiPoint(MultiPoint([Point(x: 1, y: 2)])).wkt == "MULTIPOINT ((1 2))")
        #expect(Geometry.multiPoint(MultiPoint([])).wkt == "MULTIPOINT EMPTY")
        #expect(Geometry.geometryCollection(GeometryCollection([.lineString(LineString([]))])).wkt
            == "GEOMETRYCOLLECTION (LINESTRING EMPTY)")
    }

    @Test func ewktCarriesTheSRID() throws {
        let g = Geometry.point(Point(x: 500000, y: 3400000))
        #expect(g.ewkt(srid: 4549) == "SRID=4549;POINT (500000 3400000)")
        let (read, srid) = try Geometry.parseEWKT("SRID=4549;POINT(500000 3400000)")
        #expect(read == g && srid == 4549)
        #expect(try Geometry.parseEWKT("POINT(1 2)").srid == nil)
        #expect(try Geometry(wkt: "srid=4326; POINT(1 2)") == .point(Point(x: 1, y: 2)))
    }

    @Test(arguments: Samples.all.map(\.name))
    func roundTripsEverySample(name: String) throws {
        let g = Samples.all.first { $0.name == name }!.geometry
        #expect(try Geometry(wkt: g.wkt) == g)
    }

    /// Random doubles of every magnitude must come back bit for bit (shortest round-trip text).
    @Test func doublesRoundTripExactly() throws {
        var rng = SplitMix64(seed: TestSeed.value("WKT doubles", default: 7))
        for _ in 0..<5000 {
            let x = Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 900...1150, using: &rng) << 52))
            let y = Double.random(in: -180...180, using: &rng)
            let g = Geometry.point(Point(x: x, y: y, z: Double(Int32.random(in: .min ... .max, using: &rng))))
            #expect(try Geometry(wkt: g.wkt) == g, "\(g.wkt)")
        }
    }

    @Test(arguments: [
        ("POINT (1 2", 10, "expected ')'"),
        ("POINT (1)", 7, "at least x and y"),
        ("POINT (1 2) x", 12, "unexpected text"),
        ("PIONT (1 2)", 0, "unknown geometry type"),
        ("POINT Q (1 2)", 6, "expected Z, M"),
        ("POINT Z (1 2)", 9, "expected 3 ordinates"),
        ("LINESTRING (0 0, 1 1 1)", 17, "expected 2 ordinates"),
        ("LINESTRING (0 0)", 11, "at least 2 points"),
        ("POLYGON ((0 0, 1 0, 1 1, 0 0.5))", 9, "not closed"),
        ("POLYGON ((0 0, 1 0, 0 0))", 9, "at least 4 points"),
        ("POINT (1 2x)", 10, "letter after a number"),
        ("POINT (1 --2)", 9, "expected a number"),
        ("", 0, "expected a geometry type"),
        ("SRID=abc;POINT(1 2)", 5, "SRID"),
        ("SRID=4326 POINT(1 2)", 10, "expected ';'"),
        ("MULTIPOINT (EMPTY)", 12, "cannot be represented"),
        ("GEOMETRYCOLLECTION (POINT (1 2),)", 32, "expected a geometry type"),
    ])
    func rejectsMalformedTextWithItsOffset(text: String, offset: Int, fragment: String) {
        #expect {
            try Geometry(wkt: text)
        } throws: { error in
            guard case .wkt(let message, let at) = error as? GeoCoreError else { return false }
            return at == offset && message.contains(fragment)
        }
    }

    @Test(arguments: [("POINT (nan 1)", 7), ("POINT (1 -inf)", 9), ("POINT (1 1e999)", 9), ("POINT (Infinity 0)", 7)])
    func rejectsNonFiniteOrdinates(text: String, offset: Int) {
        #expect(throws: GeoCoreError.self) { try Geometry(wkt: text) }
        do {
            _ = try Geometry(wkt: text)
        } catch {
            guard case .nonFiniteCoordinate(_, .wktOffset(let at)) = error else { Issue.record("\(error)"); return }
            #expect(at == offset)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "GEOMETRYCOLLECTION (", count: 10_000) + "POINT (1 2)" + String(repeating: ")", count: 10_000)
        #expect(throws: GeoCoreError.self) { try Geometry(wkt: text) }
    }
}
