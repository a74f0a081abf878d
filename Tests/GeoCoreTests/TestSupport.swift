import TestSupport
import Foundation
@testable import GeoCore


func hexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(hex.utf8)[...]
    while chars.count >= 2 {
        out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
        chars = chars.dropFirst(2)
    }
    return out
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02X", $0) }.joined()
}

/// One geometry of every type and shape the codecs must carry, written by hand (known answers):
/// holes, multi parts, z, and empty members.
enum Samples {
    static let square = LinearRing([Point(x: 0, y: 0), Point(x: 10, y: 0), Point(x: 10, y: 10), Point(x: 0, y: 10), Point(x: 0, y: 0)])
    static let hole = LinearRing([Point(x: 2, y: 2), Point(x: 2, y: 4), Point(x: 4, y: 4), Point(x: 4, y: 2), Point(x: 2, y: 2)])
    static let squareZ = LinearRing(square.points.map { Point(x: $0.x, y: $0.y, z: 5.5) })

    static let all: [(name: String, geometry: Geometry)] = [
        ("point", .point(Point(x: 121.4737, y: 31.2304))),
        ("pointZ", .point(Point(x: 1, y: 2, z: 3))),
        ("pointNegativeTiny", .point(Point(x: -0.1, y: 1e-300))),
        ("line", .lineString(LineString([Point(x: 1, y: 2), Point(x: 3.25, y: -4), Point(x: 1e10, y: 0.1 + 0.2)]))),
        ("lineZ", .lineString(LineString([Point(x: 1, y: 2, z: -1), Point(x: 3, y: 4, z: 0.5)]))),
        ("lineEmpty", .lineString(LineString([]))),
        ("polygon", .polygon(Polygon(exterior: square))),
        ("polygonHole", .polygon(Polygon(exterior: square, holes: [hole]))),
        ("polygonZ", .polygon(Polygon(exterior: squareZ))),
        ("polygonEmpty", .polygon(Polygon(exterior: LinearRing([])))),
        ("multiPoint", .multiPoint(MultiPoint([Point(x: 1, y: 2), Point(x: 3, y: 4)]))),
        ("multiPointEmpty", .multiPoint(MultiPoint([]))),
        ("multiLine", .multiLineString(MultiLineString([LineString([Point(x: 0, y: 0), Point(x: 1, y: 1)]),
                                                        LineString([Point(x: 2, y: 2), Point(x: 3, y: 1), Point(x: 4, y: 5)])]))),
        ("multiLineEmptyMember", .multiLineString(MultiLineString([LineString([]), LineString([Point(x: 0, y: 0), Point(x: 1, y: 1)])]))),
        ("multiPolygon", .multiPolygon(MultiPolygon([Polygon(exterior: square, holes: [hole]),
                                                     Polygon(exterior: LinearRing(square.points.map { Point(x: $0.x + 20, y: $0.y) }))]))),
        ("multiPolygonEmpty", .multiPolygon(MultiPolygon([]))),
        ("collection", .geometryCollection(GeometryCollection([
            .point(Point(x: 1, y: 2)),
            .lineString(LineString([Point(x: 0, y: 0), Point(x: 1, y: 1)])),
            .polygon(Polygon(exterior: square, holes: [hole])),
            .geometryCollection(GeometryCollection([.multiPoint(MultiPoint([Point(x: 5, y: 6)]))])),
        ]))),
        ("collectionZ", .geometryCollection(GeometryCollection([.point(Point(x: 1, y: 2, z: 3)),
                                                                .lineString(LineString([Point(x: 0, y: 0, z: 1), Point(x: 1, y: 1, z: 2)]))]))),
        ("collectionEmpty", .geometryCollection(GeometryCollection([]))),
    ]
}
