/// Any OGC Simple Features geometry. A plain value: storing, hashing and sending it between
/// tasks needs no C library.
public indirect enum Geometry: Hashable, Sendable {
    case point(Point)
    case lineString(LineString)
    case polygon(Polygon)
    case multiPoint(MultiPoint)
    case multiLineString(MultiLineString)
    case multiPolygon(MultiPolygon)
    case geometryCollection(GeometryCollection)

    /// The OGC type name, as WKT and GeoJSON spell it.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// Every vertex, in order, across all parts.
    public var allPoints: [Point] {
        switch self {
        case .point(let p): [p]
        case .lineString(let l): l.points
        case .polygon(let p): p.rings.flatMap(\.points)
        case .multiPoint(let m): m.points
        case .multiLineString(let m): m.lineStrings.flatMap(\.points)
        case .multiPolygon(let m): m.polygons.flatMap { $0.rings.flatMap(\.points) }
        case .geometryCollection(let c): c.geometries.flatMap(\.allPoints)
        }
    }

    public var isEmpty: Bool { allPoints.isEmpty }

    /// True when any vertex has a z ordinate.
    public var hasZ: Bool { allPoints.contains { $0.z != nil } }

    /// The same geometry with every vertex passed through `transform` (reprojection, offsets).
    public func mapPoints(_ transform: (Point) throws -> Point) rethrows -> Geometry {
        func ring(_ r: LinearRing) throws -> LinearRing { LinearRing(try r.points.map(transform)) }
        func polygon(_ p: Polygon) throws -> Polygon {
            Polygon(exterior: try ring(p.exterior), holes: try p.holes.map(ring))
        }
        switch self {
        case .point(let p): return .point(try transform(p))
        case .lineString(let l): return .lineString(LineString(try l.points.map(transform)))
        case .polygon(let p): return .polygon(try polygon(p))
        case .multiPoint(let m): return .multiPoint(MultiPoint(try m.points.map(transform)))
        case .multiLineString(let m):
            return .multiLineString(MultiLineString(try m.lineStrings.map { LineString(try $0.points.map(transform)) }))
        case .multiPolygon(let m): return .multiPolygon(MultiPolygon(try m.polygons.map(polygon)))
        case .geometryCollection(let c):
            return .geometryCollection(GeometryCollection(try c.geometries.map { try $0.mapPoints(transform) }))
        }
    }

    /// The bounding envelope of every vertex; `Envelope.empty` for an empty geometry.
    public var envelope: Envelope { Envelope(covering: allPoints) }
}
