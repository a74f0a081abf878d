import GeoCore
@testable import GEOSKit
import Testing

/// GeoCore -> GEOS -> GeoCore must give back the same value for every geometry type.
@Suite struct ConversionTests {
    static let samples: [Geometry] = [
        .point(Point(x: 1.5, y: -2.25)),
        .point(Point(x: 1, y: 2, z: 3)),
        .lineString(LineString([Point(x: 0, y: 0), Point(x: 1, y: 1), Point(x: 2, y: 0)])),
        .lineString(LineString([Point(x: 0, y: 0, z: 5), Point(x: 1, y: 1, z: 6)])),
        .lineString(LineString([])),
        Fixtures.squareWithHole,
        Fixtures.shanghaiSquareWithHole,
        .polygon(Polygon(exterior: LinearRing([]))),
        .multiPoint(MultiPoint([Point(x: 1, y: 1), Point(x: 2, y: 2)])),
        .multiPoint(MultiPoint([])),
        .multiLineString(MultiLineString([LineString([Point(x: 0, y: 0), Point(x: 1, y: 0)]),
                                          LineString([Point(x: 2, y: 2), Point(x: 3, y: 3)])])),
        .multiPolygon(MultiPolygon([Polygon(exterior: Fixtures.square(0, 0, side: 1)),
                                    Polygon(exterior: Fixtures.square(5, 5, side: 2))])),
        .geometryCollection(GeometryCollection([
            .point(Point(x: 9, y: 9)), Fixtures.squareA,
            .geometryCollection(GeometryCollection([.lineString(LineString([Point(x: 0, y: 0), Point(x: 1, y: 2)]))])),
        ])),
        .geometryCollection(GeometryCollection([])),
    ]

    @Test(arguments: samples)
    func roundTrip(_ geometry: Geometry) throws {
        let context = GEOSContext.current
        let owned = try context.make(geometry, function: "test")
        #expect(try context.read(owned.pointer, function: "test") == geometry)
    }

    @Test func nonFiniteCoordinateIsNamed() {
        let line = Geometry.lineString(LineString([Point(x: 0, y: 0), Point(x: .nan, y: 1), Point(x: 2, y: 2)]))
        #expect {
            try line.intersects(Fixtures.squareA)
        } throws: { error in
            guard case GEOSError.nonFiniteCoordinate(let function, let vertex, _) = error else { return false }
            return function == "intersects(_:)" && vertex == 1
        }
        #expect(throws: GEOSError.self) { try PreparedGeometry(Fixtures.squareA).covers(Point(x: .infinity, y: 0)) }
    }

    @Test func geosOwnMessageIsReported() {
        // GEOS refuses a one-point line string with an IllegalArgumentException.
        let line = Geometry.lineString(LineString([Point(x: 0, y: 0)]))
        #expect {
            try line.geosLength()
        } throws: { error in
            guard case GEOSError.operationFailed(let function, let message) = error else { return false }
            return function == "geosLength()" && message.contains("IllegalArgumentException")
        }
    }
}
