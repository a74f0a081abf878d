import TestSupport
import GeoCore

/// Shapes with answers known by construction.
enum Fixtures {
    static func ring(_ coordinates: [(Double, Double)]) -> LinearRing {
        LinearRing(coordinates.map { Point(x: $0.0, y: $0.1) })
    }

    static func square(_ minX: Double, _ minY: Double, side: Double) -> LinearRing {
        ring([(minX, minY), (minX + side, minY), (minX + side, minY + side), (minX, minY + side), (minX, minY)])
    }

    /// 10 × 10 square with a 2 × 2 hole in the middle: area 96, ring length 48.
    static let squareWithHole = Geometry.polygon(Polygon(exterior: square(0, 0, side: 10), holes: [square(4, 4, side: 2)]))

    /// The same shape at CGCS2000 / GK zone 40 magnitudes (Shanghai's northings near 3.4e6 m).
    static let shanghaiSquareWithHole = Geometry.polygon(Polygon(
        exterior: square(640_000, 3_457_000, side: 100), holes: [square(640_040, 3_457_040, side: 20)]))

    /// A bow-tie: the ring crosses itself at (1, 1); repaired it is two triangles of area 1.
    static let bowTie = Geometry.polygon(Polygon(exterior: ring([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])))

    /// A shell that touches itself at (5, 10), enclosing a clockwise triangle of area 8 (an
    /// "inverted shell", valid in the ESRI model, invalid in OGC's). Repaired: area 100 - 8 = 92.
    static let selfTouchingShell = Geometry.polygon(Polygon(exterior: ring([
        (0, 0), (10, 0), (10, 10), (5, 10), (7, 6), (3, 6), (5, 10), (0, 10), (0, 0),
    ])))

    /// A square whose ring is not closed (last point differs from first). Closed: area 100.
    static let unclosedSquare = Geometry.polygon(Polygon(exterior: ring([(0, 0), (10, 0), (10, 10), (0, 10)])))

    /// Two 10 × 10 squares overlapping in a 5 × 5 square.
    static let squareA = Geometry.polygon(Polygon(exterior: square(0, 0, side: 10)))
    static let squareB = Geometry.polygon(Polygon(exterior: square(5, 5, side: 10)))

    static func point(_ x: Double, _ y: Double) -> Geometry { .point(Point(x: x, y: y)) }
}

