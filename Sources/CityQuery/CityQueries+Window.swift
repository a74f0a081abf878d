import CityModel
import CityStore
import GeoCore
import SpatialIndex

extension CityQueries {
    /// Everything of a layer whose geometry meets a window (closed: touching counts), in id
    /// order, paged.
    public func window(layer: Layer, envelope: Envelope, cursor: String? = nil, limit: Int? = nil) throws -> Page {
        let limit = try pageSize(limit)
        guard envelope.isFinite, !envelope.isEmpty else {
            throw CityQueryError.badParameter(name: "bbox", value: "\(envelope)", reason: "needs finite minX ≤ maxX and minY ≤ maxY")
        }
        let window = Polygon(exterior: LinearRing([
            Point(x: envelope.minX, y: envelope.minY), Point(x: envelope.maxX, y: envelope.minY),
            Point(x: envelope.maxX, y: envelope.maxY), Point(x: envelope.minX, y: envelope.maxY),
            Point(x: envelope.minX, y: envelope.minY),
        ]))
        return try polygon(layer: layer, area: window, cursor: cursor, limit: limit)
    }

    /// Everything of a layer that meets a drawn polygon, in id order, paged.
    public func polygon(layer: Layer, area: Polygon, cursor: String? = nil, limit: Int? = nil) throws -> Page {
        let limit = try pageSize(limit)
        let env = Geometry.polygon(area).envelope
        let matched = store.read { view in
            let table = view[layer]
            return table.index.search(IndexBox(minX: env.minX, minY: env.minY, maxX: env.maxX, maxY: env.maxY))
                .compactMap { table.features[Int64($0)] }
                .filter { f in f.geometry.map { Self.intersects($0, area) } ?? false }
                .sorted { $0.id < $1.id }
        }
        return Page.of(matched, after: cursor, limit: limit)
    }

    /// Planar intersection of a geometry with a polygon: a vertex of either inside the other, or
    /// two edges crossing.
    static func intersects(_ g: Geometry, _ area: Polygon) -> Bool {
        let areaGeometry = Geometry.polygon(area)
        if g.allPoints.contains(where: { areaGeometry.covers($0) }) { return true }
        if area.exterior.points.contains(where: { g.covers($0) }) { return true }
        let edges = Self.edges(of: g)
        let areaEdges = Self.edges(of: areaGeometry)
        for (a, b) in edges {
            for (c, d) in areaEdges where Self.segmentsIntersect(a, b, c, d) { return true }
        }
        return false
    }

    static func edges(of g: Geometry) -> [(Point, Point)] {
        func pairs(_ pts: [Point]) -> [(Point, Point)] { pts.count < 2 ? [] : (1..<pts.count).map { (pts[$0 - 1], pts[$0]) } }
        switch g {
        case .point, .multiPoint: return []
        case .lineString(let l): return pairs(l.points)
        case .multiLineString(let m): return m.lineStrings.flatMap { pairs($0.points) }
        case .polygon(let p): return p.rings.flatMap { pairs($0.points) }
        case .multiPolygon(let m): return m.polygons.flatMap { $0.rings.flatMap { pairs($0.points) } }
        case .geometryCollection(let c): return c.geometries.flatMap(edges)
        }
    }

    static func segmentsIntersect(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        func orient(_ p: Point, _ q: Point, _ r: Point) -> Double { (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x) }
        let d1 = orient(c, d, a), d2 = orient(c, d, b), d3 = orient(a, b, c), d4 = orient(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        func on(_ p: Point, _ q: Point, _ r: Point) -> Bool {
            r.x >= min(p.x, q.x) && r.x <= max(p.x, q.x) && r.y >= min(p.y, q.y) && r.y <= max(p.y, q.y)
        }
        return (d1 == 0 && on(c, d, a)) || (d2 == 0 && on(c, d, b)) || (d3 == 0 && on(a, b, c)) || (d4 == 0 && on(a, b, d))
    }
}
