import GeoCore

/// The geometry an entity holds, from what a file carries: shapefiles have no single/multi
/// distinction for lines and polygons, so a one-part multi is taken as its part; anything else of
/// the wrong kind is an error naming the record.
enum GeometryShapes {
    static func wrong(_ g: Geometry, _ wanted: String, _ path: String, _ record: Int) -> CityImportError {
        let parts: String = switch g {
        case .multiPoint(let m): " with \(m.points.count) parts"
        case .multiLineString(let m): " with \(m.lineStrings.count) parts"
        case .multiPolygon(let m): " with \(m.polygons.count) parts"
        default: ""
        }
        return .badRecord(path: path, record: record, field: "geometry", reason: "is a \(g.typeName)\(parts); expected \(wanted)")
    }

    static func point(_ g: Geometry, path: String, record: Int) throws(CityImportError) -> Point {
        switch g {
        case .point(let p): return p
        case .multiPoint(let m) where m.points.count == 1: return m.points[0]
        default: throw wrong(g, "a Point", path, record)
        }
    }

    static func lineString(_ g: Geometry, path: String, record: Int) throws(CityImportError) -> LineString {
        switch g {
        case .lineString(let l): return l
        case .multiLineString(let m) where m.lineStrings.count == 1: return m.lineStrings[0]
        default: throw wrong(g, "a LineString", path, record)
        }
    }

    static func multiLineString(_ g: Geometry, path: String, record: Int) throws(CityImportError) -> MultiLineString {
        switch g {
        case .lineString(let l): return MultiLineString([l])
        case .multiLineString(let m): return m
        default: throw wrong(g, "a LineString or MultiLineString", path, record)
        }
    }

    static func polygon(_ g: Geometry, path: String, record: Int) throws(CityImportError) -> Polygon {
        switch g {
        case .polygon(let p): return p
        case .multiPolygon(let m) where m.polygons.count == 1: return m.polygons[0]
        default: throw wrong(g, "a Polygon", path, record)
        }
    }

    static func multiPolygon(_ g: Geometry, path: String, record: Int) throws(CityImportError) -> MultiPolygon {
        switch g {
        case .polygon(let p): return MultiPolygon([p])
        case .multiPolygon(let m): return m
        default: throw wrong(g, "a Polygon or MultiPolygon", path, record)
        }
    }
}
