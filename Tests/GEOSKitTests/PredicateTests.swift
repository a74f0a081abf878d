import GeoCore
import GEOSKit
import Testing
import TestSupport

@Suite struct PredicateTests {
    /// (point, contains, covers) against the 10 × 10 square with the (4..6) hole.
    static let cases: [(Double, Double, Bool, Bool)] = [
        (1, 1, true, true),      // interior
        (5, 5, false, false),    // inside the hole
        (0, 5, false, true),     // on the exterior edge
        (10, 10, false, true),   // on an exterior corner
        (4, 5, false, true),     // on the hole's edge
        (6, 6, false, true),     // on a hole corner
        (11, 5, false, false),   // outside
        (3.999999, 5, true, true),
    ]

    @Test func containsVersusCoversWithHoles() throws {
        let prepared = try PreparedGeometry(Fixtures.squareWithHole)
        for (x, y, contains, covers) in Self.cases {
            let p = Point(x: x, y: y)
            #expect(try Fixtures.squareWithHole.contains(.point(p)) == contains, "contains (\(x) \(y))")
            #expect(try Fixtures.squareWithHole.covers(.point(p)) == covers, "covers (\(x) \(y))")
            #expect(try Geometry.point(p).within(Fixtures.squareWithHole) == contains, "within (\(x) \(y))")
            #expect(try Geometry.point(p).coveredBy(Fixtures.squareWithHole) == covers, "coveredBy (\(x) \(y))")
            #expect(try Geometry.point(p).touches(Fixtures.squareWithHole) == (covers && !contains), "touches (\(x) \(y))")
            #expect(try Geometry.point(p).disjoint(Fixtures.squareWithHole) == !covers, "disjoint (\(x) \(y))")
            #expect(try prepared.contains(p) == contains, "prepared contains (\(x) \(y))")
            #expect(try prepared.covers(p) == covers, "prepared covers (\(x) \(y))")
            #expect(try prepared.intersects(p) == covers, "prepared intersects (\(x) \(y))")
        }
    }

    /// Random points at Shanghai magnitudes, checked against GeoCore's own ring walk (an
    /// independent implementation): GEOS covers == GeoCore covers, for plain and prepared tests.
    @Test func randomPointsAgreeWithGeoCore() throws {
        let seed = UInt64(20_260_601)
        print("randomPointsAgreeWithGeoCore seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let shape = Fixtures.shanghaiSquareWithHole
        let prepared = try PreparedGeometry(shape)
        for _ in 0..<2000 {
            // Whole metres often land exactly on edges, fractions mostly do not: both kinds matter.
            let whole = Bool.random(using: &rng)
            var x = Double.random(in: 639_990...640_110, using: &rng)
            var y = Double.random(in: 3_456_990...3_457_110, using: &rng)
            if whole { x.round(); y.round() }
            let p = Point(x: x, y: y)
            let expected = shape.covers(p)
            #expect(try shape.covers(Geometry.point(p)) == expected, "covers (\(x) \(y)) seed \(seed)")
            #expect(try prepared.covers(p) == expected, "prepared covers (\(x) \(y)) seed \(seed)")
        }
    }

    @Test func polygonPredicates() throws {
        #expect(try Fixtures.squareA.intersects(Fixtures.squareB))
        #expect(try Fixtures.squareA.overlaps(Fixtures.squareB))
        #expect(try !Fixtures.squareA.contains(Fixtures.squareB))
        let inner = Geometry.polygon(Polygon(exterior: Fixtures.square(1, 1, side: 2)))
        #expect(try Fixtures.squareA.contains(inner))
        #expect(try inner.within(Fixtures.squareA))
        let neighbour = Geometry.polygon(Polygon(exterior: Fixtures.square(10, 0, side: 10)))
        #expect(try Fixtures.squareA.touches(neighbour))
        #expect(try !Fixtures.squareA.overlaps(neighbour))
        let crossing = Geometry.lineString(LineString([Point(x: -1, y: 5), Point(x: 11, y: 5)]))
        #expect(try crossing.crosses(Fixtures.squareA))
        let prepared = try PreparedGeometry(Fixtures.squareA)
        #expect(try prepared.contains(inner))
        #expect(try prepared.covers(inner))
        #expect(try prepared.intersects(neighbour))
        #expect(try !prepared.contains(neighbour))
    }

    @Test func distances() throws {
        let far = Geometry.polygon(Polygon(exterior: Fixtures.square(13, 14, side: 2)))
        // Nearest corners (10, 10) and (13, 14): a 3-4-5 triangle.
        #expect(try Fixtures.squareA.distance(to: far) == 5)
        #expect(try Fixtures.squareA.isWithinDistance(5, of: far))
        #expect(try !Fixtures.squareA.isWithinDistance(4.999, of: far))
        #expect(try Fixtures.squareA.distance(to: Fixtures.squareB) == 0)
        let nearest = try Fixtures.squareA.nearestPoints(to: far)
        #expect(nearest.onSelf == Point(x: 10, y: 10))
        #expect(nearest.onOther == Point(x: 13, y: 14))
        let prepared = try PreparedGeometry(Fixtures.squareA)
        #expect(try prepared.isWithinDistance(5, of: far))
        #expect(try !prepared.isWithinDistance(4.999, of: far))
        #expect(throws: GEOSError.self) { try Fixtures.squareA.isWithinDistance(-1, of: far) }
        #expect(throws: GEOSError.self) { try Fixtures.squareA.nearestPoints(to: .multiPoint(MultiPoint([]))) }
    }
}
