import Foundation
import GeoCore
import GEOSKit
import Testing

@Suite struct MeasureAndOverlayTests {
    @Test func areasAndLengths() throws {
        #expect(try Fixtures.squareWithHole.geosArea() == 96)
        #expect(try Fixtures.squareWithHole.geosLength() == 48)
        #expect(try Fixtures.shanghaiSquareWithHole.geosArea() == 9_600)
        #expect(try Fixtures.shanghaiSquareWithHole.geosLength() == 480)
        let triangle = Geometry.polygon(Polygon(exterior: Fixtures.ring([(0, 0), (4, 0), (0, 3), (0, 0)])))
        #expect(try triangle.geosArea() == 6)
        #expect(try triangle.geosLength() == 12)
        let line = Geometry.lineString(LineString([Point(x: 0, y: 0), Point(x: 3, y: 4), Point(x: 3, y: 10)]))
        #expect(try line.geosLength() == 11)
        #expect(try line.geosArea() == 0)
    }

    @Test func centroidAndPointOnSurface() throws {
        #expect(try Fixtures.squareA.centroid() == Point(x: 5, y: 5))
        // A U shape whose centroid (2.5, 2.1...) falls in the notch; the point on surface may not.
        let u = Geometry.polygon(Polygon(exterior: Fixtures.ring([
            (0, 0), (5, 0), (5, 5), (4, 5), (4, 1), (1, 1), (1, 5), (0, 5), (0, 0),
        ])))
        let centroid = try u.centroid()
        #expect(try !u.covers(.point(centroid)))
        #expect(try u.covers(.point(u.pointOnSurface())))
        #expect(throws: GEOSError.self) { try Geometry.multiPoint(MultiPoint([])).centroid() }
    }

    @Test func overlays() throws {
        #expect(try Fixtures.squareA.union(Fixtures.squareB).geosArea() == 175)
        #expect(try Fixtures.squareA.intersection(Fixtures.squareB).geosArea() == 25)
        #expect(try Fixtures.squareA.difference(Fixtures.squareB).geosArea() == 75)
        #expect(try Fixtures.squareA.symmetricDifference(Fixtures.squareB).geosArea() == 150)
        let apart = Geometry.polygon(Polygon(exterior: Fixtures.square(50, 50, side: 1)))
        #expect(try Fixtures.squareA.intersection(apart).isEmpty)
    }

    /// Dissolving a 10 × 10 block of unit grid cells gives one 10 × 10 polygon without holes.
    @Test func unaryUnionDissolvesGridCells() throws {
        var cells: [Geometry] = []
        for i in 0..<10 { for j in 0..<10 {
            cells.append(.polygon(Polygon(exterior: Fixtures.square(Double(i), Double(j), side: 1))))
        } }
        let dissolved = try Geometry.union(of: cells)
        guard case .polygon(let polygon) = dissolved else {
            Issue.record("expected one polygon, got \(dissolved.typeName)")
            return
        }
        #expect(polygon.holes.isEmpty)
        #expect(try dissolved.geosArea() == 100)
        #expect(dissolved.envelope == Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))
    }

    /// A point buffered with n segments per quadrant is a regular 4n-gon inscribed in the circle:
    /// area = (4n / 2) r² sin(2π / 4n).
    @Test func bufferIsTheInscribedPolygon() throws {
        for segments in [1, 2, 8, 16] {
            let sides = Double(4 * segments)
            let expected = sides / 2 * 100 * sin(2 * Double.pi / sides)
            let area = try Fixtures.point(640_000, 3_457_000).buffered(by: 10, quadrantSegments: segments).geosArea()
            #expect(abs(area - expected) < 1e-6, "segments \(segments): \(area) vs \(expected)")
        }
        // A negative buffer shrinks: the 10 × 10 square inset by 1 is 8 × 8.
        #expect(try abs(Fixtures.squareA.buffered(by: -1).geosArea() - 64) < 1e-9)
        #expect(throws: GEOSError.self) { try Fixtures.squareA.buffered(by: .nan) }
    }

    @Test func simplifyKeepsTopology() throws {
        // A line with a 0.1 zigzag: simplified at 1 it is its two ends.
        let zigzag = Geometry.lineString(LineString((0...10).map { Point(x: Double($0), y: $0 % 2 == 0 ? 0 : 0.1) }))
        #expect(try zigzag.simplified(tolerance: 1) == .lineString(LineString([Point(x: 0, y: 0), Point(x: 10, y: 0)])))
        // A square with a hole close to its edge: plain Douglas-Peucker at this tolerance would
        // flatten the shell through the hole; the topology-preserving form stays valid.
        var ring: [Point] = []
        for i in 0...20 { ring.append(Point(x: Double(i), y: i % 2 == 0 ? 0 : -0.4)) }
        ring += [Point(x: 20, y: 20), Point(x: 0, y: 20), Point(x: 0, y: 0)]
        let shape = Geometry.polygon(Polygon(exterior: LinearRing(ring), holes: [Fixtures.square(5, 0.1, side: 1)]))
        #expect(try shape.isValid())
        let simplified = try shape.simplified(tolerance: 1)
        #expect(try simplified.isValid())
        #expect(simplified.allPoints.count < shape.allPoints.count)
    }

    @Test func linearReferencing() throws {
        let centreline = LineString([Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10)])
        #expect(try centreline.distanceAlong(toClosestPointTo: Point(x: 12, y: 5)) == 15)
        #expect(try centreline.distanceAlong(toClosestPointTo: Point(x: 3, y: -2)) == 3)
        #expect(try centreline.distanceAlong(toClosestPointTo: Point(x: -5, y: -5)) == 0)
        #expect(try centreline.point(atDistanceAlong: 15) == Point(x: 10, y: 5))
        #expect(try centreline.point(atDistanceAlong: 0) == Point(x: 0, y: 0))
        #expect(try centreline.point(atDistanceAlong: 500) == Point(x: 10, y: 10))
        #expect(try centreline.point(atDistanceAlong: -5) == Point(x: 10, y: 5))
        #expect {
            try Fixtures.squareA.distanceAlong(toClosestPointTo: Point(x: 1, y: 1))
        } throws: { error in
            guard case GEOSError.unsupportedInput(let function, let parameter, _) = error else { return false }
            return function == "distanceAlong(toClosestPointTo:)" && parameter == "self"
        }
    }
}
