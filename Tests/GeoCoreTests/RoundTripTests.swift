import Testing
import TestSupport
@testable import GeoCore

/// WKT -> WKB -> GeoJSON -> WKT over random geometries of every type: each codec must hand the
/// next one exactly what it was given.
@Suite struct RoundTripTests {
    struct GeometryGenerator {
        var rng: SplitMix64

        mutating func ordinate() -> Double {
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return Double(Int.random(in: -1000...1000, using: &rng))
            case 1: return Double.random(in: -180...180, using: &rng)
            default: return Double.random(in: 3_000_000...4_000_000, using: &rng)  // Gauss-Krüger northings
            }
        }

        mutating func point(z: Bool) -> Point { Point(x: ordinate(), y: ordinate(), z: z ? ordinate() : nil) }

        mutating func points(_ range: ClosedRange<Int>, z: Bool) -> [Point] {
            (0..<Int.random(in: range, using: &rng)).map { _ in point(z: z) }
        }

        mutating func ring(z: Bool) -> LinearRing {
            let pts = points(3...8, z: z)
            return LinearRing(pts + [pts[0]])
        }

        mutating func polygon(z: Bool) -> Polygon {
            Polygon(exterior: ring(z: z), holes: (0..<Int.random(in: 0...2, using: &rng)).map { _ in ring(z: z) })
        }

        mutating func geometry(z: Bool, depth: Int = 0) -> Geometry {
            switch Int.random(in: 0..<(depth > 1 ? 6 : 7), using: &rng) {
            case 0: return .point(point(z: z))
            case 1: return .lineString(LineString(points(2...10, z: z)))
            case 2: return .polygon(polygon(z: z))
            case 3: return .multiPoint(MultiPoint(points(0...5, z: z)))
            case 4: return .multiLineString(MultiLineString((0..<Int.random(in: 0...3, using: &rng)).map { _ in LineString(points(2...5, z: z)) }))
            case 5: return .multiPolygon(MultiPolygon((0..<Int.random(in: 0...3, using: &rng)).map { _ in polygon(z: z) }))
            default: return .geometryCollection(GeometryCollection((0..<Int.random(in: 0...3, using: &rng)).map { _ in geometry(z: z, depth: depth + 1) }))
            }
        }
    }

    @Test func randomGeometriesSurviveEveryCodec() throws {
        var generator = GeometryGenerator(rng: SplitMix64(seed: TestSeed.value("codec round trip", default: 31)))
        for k in 0..<3000 {
            let g = generator.geometry(z: k % 3 == 0)
            let fromWKT = try Geometry(wkt: g.wkt)
            #expect(fromWKT == g, "\(g.wkt)")
            let fromWKB = try Geometry(wkb: fromWKT.wkb(srid: k % 2 == 0 ? nil : 4549))
            #expect(fromWKB == g)
            let fromGeoJSON = try Geometry(geoJSONString: fromWKB.geoJSON(rightHandRule: false).jsonString)
            #expect(fromGeoJSON == g)
            #expect(fromGeoJSON.wkt == g.wkt)
            // Re-oriented for RFC 7946: the same rings up to direction, so the same area.
            let oriented = try Geometry(geoJSON: g.geoJSON)
            // Reversing a ring changes the rounding of the shoelace sum, by about ulp(M^2) per vertex.
            let m = g.allPoints.reduce(1.0) { max($0, abs($1.x), abs($1.y)) }
            #expect(abs(oriented.area - g.area) <= 1e-14 * m * m * Double(g.allPoints.count))
        }
    }

    @Test func emptyPointReadsAsEmptyMultiPointEverywhere() throws {
        let empty = Geometry.multiPoint(MultiPoint([]))
        #expect(try Geometry(wkt: "POINT EMPTY") == empty)
        #expect(try Geometry(wkb: hexBytes("0101000000000000000000F87F000000000000F87F")) == empty)
        #expect(try Geometry(geoJSONString: #"{"type":"Point","coordinates":[]}"#) == empty)
        #expect(empty.wkt == "MULTIPOINT EMPTY")
    }
}
