/// GeoJSON geometry writing (RFC 7946 section 3.1). By default polygons follow the right-hand rule
/// of section 3.1.6 (exterior counter-clockwise, holes clockwise); `rightHandRule: false` keeps the
/// stored orientation. A vertex's z is written as a third number when it has one.
extension Geometry {
    public var geoJSON: JSONValue { geoJSON(rightHandRule: true) }

    public func geoJSON(rightHandRule: Bool) -> JSONValue {
        switch self {
        case .geometryCollection(let c):
            return ["type": "GeometryCollection",
                    "geometries": .array(c.geometries.map { $0.geoJSON(rightHandRule: rightHandRule) })]
        default:
            return ["type": .string(typeName), "coordinates": coordinatesJSON(rightHandRule: rightHandRule)]
        }
    }

    public var geoJSONString: String { geoJSON.jsonString }

    private func coordinatesJSON(rightHandRule: Bool) -> JSONValue {
        func position(_ p: Point) -> JSONValue {
            if let z = p.z { return .array([.number(p.x), .number(p.y), .number(z)]) }
            return .array([.number(p.x), .number(p.y)])
        }
        func positions(_ pts: [Point]) -> JSONValue { .array(pts.map(position)) }
        func polygon(_ p: Polygon) -> JSONValue {
            if p.exterior.points.isEmpty { return .array([]) }
            guard rightHandRule else { return .array(p.rings.map { positions($0.points) }) }
            return .array([positions(p.exterior.oriented(counterClockwise: true).points)]
                + p.holes.map { positions($0.oriented(counterClockwise: false).points) })
        }
        switch self {
        case .point(let p): return position(p)
        case .lineString(let l): return positions(l.points)
        case .polygon(let p): return polygon(p)
        case .multiPoint(let m): return positions(m.points)
        case .multiLineString(let m): return .array(m.lineStrings.map { positions($0.points) })
        case .multiPolygon(let m): return .array(m.polygons.map(polygon))
        case .geometryCollection: return .array([])
        }
    }
}
