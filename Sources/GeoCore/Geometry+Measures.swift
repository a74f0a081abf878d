/// Planar measures in CRS units: meaningful in a projected, metric CRS (CGCS2000 / 3-degree GK,
/// Shanghai's local grid), not in degrees.
extension Geometry {
    /// Area of the polygonal parts (holes subtracted, orientation ignored); 0 for points and lines,
    /// as `ST_Area` does.
    public var area: Double {
        switch self {
        case .polygon(let p): p.area
        case .multiPolygon(let m): m.area
        case .geometryCollection(let c): c.geometries.reduce(0) { $0 + $1.area }
        default: 0
        }
    }

    /// Length of the lineal parts; 0 for points and polygons, as PostGIS `ST_Length` does
    /// (use `perimeter` for polygon boundaries).
    public var length: Double {
        switch self {
        case .lineString(let l): l.length
        case .multiLineString(let m): m.lineStrings.reduce(0) { $0 + $1.length }
        case .geometryCollection(let c): c.geometries.reduce(0) { $0 + $1.length }
        default: 0
        }
    }

    /// Total length of the polygon rings, holes included (PostGIS `ST_Perimeter`); 0 otherwise.
    public var perimeter: Double {
        func rings(_ p: Polygon) -> Double { p.rings.reduce(0) { $0 + LineString($1.points).length } }
        switch self {
        case .polygon(let p): return rings(p)
        case .multiPolygon(let m): return m.polygons.reduce(0) { $0 + rings($1) }
        case .geometryCollection(let c): return c.geometries.reduce(0) { $0 + $1.perimeter }
        default: return 0
        }
    }
}
