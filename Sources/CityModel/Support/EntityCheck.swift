import Foundation
import GeoCore

/// The checks every `validate()` shares. Each failure names the entity, its id and the field, so a
/// bad record in an import of ten thousand is found at once.
struct EntityCheck {
    let entity: String
    let id: String

    func failure(_ field: String, _ problem: String) -> CityModelError {
        .invalidEntity(entity: entity, id: id, field: field, problem: problem)
    }

    func nonEmpty(_ text: String, _ field: String) throws {
        if text.isBlank {
            throw failure(field, "is empty")
        }
    }

    func finite(_ value: Double, _ field: String) throws {
        guard value.isFinite else { throw failure(field, "is not a finite number (\(value))") }
    }

    func nonNegative(_ value: Double, _ field: String) throws {
        try finite(value, field)
        guard value >= 0 else { throw failure(field, "is negative (\(value))") }
    }

    func point(_ p: Point, _ field: String) throws {
        guard p.isFinite else { throw failure(field, "has a non-finite coordinate (\(p.x), \(p.y))") }
    }

    func lineString(_ line: LineString, _ field: String) throws {
        guard line.points.count >= 2 else {
            throw failure(field, "has \(line.points.count) point(s); a line needs at least 2")
        }
        for (i, p) in line.points.enumerated() { try point(p, "\(field)[\(i)]") }
        guard line.length > 0 else { throw failure(field, "has zero length") }
    }

    /// OGC Simple Features: a linear ring is closed and has at least four positions.
    func ring(_ ring: LinearRing, _ field: String) throws {
        guard ring.points.count >= 4 else {
            throw failure(field, "has \(ring.points.count) point(s); a ring needs at least 4")
        }
        for (i, p) in ring.points.enumerated() { try point(p, "\(field)[\(i)]") }
        guard ring.isClosed else { throw failure(field, "is not closed (first point differs from last)") }
        guard ring.signedArea != 0 else { throw failure(field, "encloses no area") }
    }

    func polygon(_ polygon: Polygon, _ field: String) throws {
        try ring(polygon.exterior, "\(field).exterior")
        for (i, hole) in polygon.holes.enumerated() { try ring(hole, "\(field).holes[\(i)]") }
        guard polygon.area > 0 else {
            throw failure(field, "has a non-positive area (\(polygon.area)); holes cover the exterior")
        }
    }

    func multiPolygon(_ multi: MultiPolygon, _ field: String) throws {
        guard !multi.polygons.isEmpty else { throw failure(field, "has no polygons") }
        for (i, p) in multi.polygons.enumerated() { try polygon(p, "\(field)[\(i)]") }
    }
}
