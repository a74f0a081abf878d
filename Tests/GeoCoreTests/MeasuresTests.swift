import Testing
@testable import GeoCore

@Suite struct MeasuresTests {
    func sample(_ name: String) -> Geometry { Samples.all.first { $0.name == name }!.geometry }

    @Test func areasHaveKnownAnswers() throws {
        #expect(sample("polygon").area == 100)
        #expect(sample("polygonHole").area == 96)
        #expect(sample("multiPolygon").area == 196)
        #expect(sample("collection").area == 96)
        #expect(try Geometry(wkt: "POLYGON ((0 0, 4 0, 0 3, 0 0))").area == 6)
        // Clockwise input gives the same (unsigned) area.
        #expect(try Geometry(wkt: "POLYGON ((0 0, 0 3, 4 0, 0 0))").area == 6)
        for name in ["point", "line", "multiPoint", "lineEmpty", "polygonEmpty", "collectionEmpty"] {
            #expect(sample(name).area == 0)
        }
    }

    /// A 100 m square at Gauss-Krüger coordinates near Shanghai: exact, with no cancellation loss.
    @Test func areaIsExactAtProjectedMagnitudes() throws {
        let g = try Geometry(wkt: "POLYGON ((500000.25 3400000.75, 500100.25 3400000.75, 500100.25 3400100.75, 500000.25 3400100.75, 500000.25 3400000.75))")
        #expect(g.area == 10_000)
        guard case .polygon(let p) = g else { return }
        #expect(p.exterior.isCounterClockwise)
        #expect(p.exterior.signedArea == 10_000)
        #expect(p.exterior.reversed().signedArea == -10_000)
    }

    @Test func lengthsAndPerimetersHaveKnownAnswers() throws {
        #expect(try Geometry(wkt: "LINESTRING (0 0, 3 4, 3 10)").length == 11)
        #expect(try Geometry(wkt: "MULTILINESTRING ((0 0, 3 4), (1 1, 1 3))").length == 7)
        #expect(try Geometry(wkt: "GEOMETRYCOLLECTION (LINESTRING (0 0, 3 4), POINT (1 1), POLYGON ((0 0, 4 0, 0 3, 0 0)))").length == 5)
        #expect(try Geometry(wkt: "POLYGON ((0 0, 4 0, 0 3, 0 0))").length == 0)
        #expect(try Geometry(wkt: "POLYGON ((0 0, 4 0, 0 3, 0 0))").perimeter == 12)
        #expect(sample("polygonHole").perimeter == 48)
        #expect(sample("multiPolygon").perimeter == 88)
        #expect(sample("line").perimeter == 0)
        #expect(sample("lineEmpty").length == 0)
    }
}
