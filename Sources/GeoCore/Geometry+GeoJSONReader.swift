/// GeoJSON geometry reading (RFC 7946 section 3.1). Errors name the JSON path of the bad member,
/// like `features[3].geometry.coordinates[0][2]`. A position's third number is z; further numbers
/// (M, which RFC 7946 3.1.1 advises against) are ignored. Empty `coordinates` give an empty
/// geometry; for a Point that is an empty `MultiPoint`, as for WKT's `POINT EMPTY`.
extension Geometry {
    public init(geoJSON: JSONValue) throws(GeoCoreError) {
        self = try Geometry(geoJSON: geoJSON, path: "")
    }

    /// Reads the geometry object `geoJSON` found at `path` in a larger document (for error messages;
    /// "" at the root). Streaming readers pass e.g. `features[3].geometry`.
    public init(geoJSON: JSONValue, path: String) throws(GeoCoreError) {
        self = try GeoJSONGeometryReader.geometry(geoJSON, path: path, depth: 0)
    }

    public init(geoJSONString: String) throws(GeoCoreError) {
        self = try Geometry(geoJSON: JSONValue(parsing: geoJSONString))
    }
}

/// Joins a JSON path and a member name: "" + "type" is "type", "geometry" + "type" is "geometry.type".
func jsonPath(_ base: String, _ member: String) -> String {
    base.isEmpty ? member : base + "." + member
}

enum GeoJSONGeometryReader {
    static func fail(_ message: String, _ path: String) -> GeoCoreError {
        .geoJSON(message: message, path: path)
    }

    static func geometry(_ json: JSONValue, path: String, depth: Int) throws(GeoCoreError) -> Geometry {
        guard case .object(let o) = json else {
            throw fail("expected a geometry object, found \(json.kindName)", path)
        }
        guard let typeValue = o["type"] else { throw fail("missing member \"type\"", path) }
        guard case .string(let type) = typeValue else {
            throw fail("\"type\" must be a string, found \(typeValue.kindName)", jsonPath(path, "type"))
        }
        if type == "GeometryCollection" {
            if depth > 64 { throw fail("geometry collections nested deeper than 64", path) }
            let gPath = jsonPath(path, "geometries")
            guard let members = o["geometries"] else { throw fail("missing member \"geometries\"", path) }
            guard case .array(let items) = members else { throw fail("expected an array, found \(members.kindName)", gPath) }
            var out: [Geometry] = []
            out.reserveCapacity(items.count)
            for (k, item) in items.enumerated() {
                out.append(try geometry(item, path: "\(gPath)[\(k)]", depth: depth + 1))
            }
            return .geometryCollection(GeometryCollection(out))
        }
        let cPath = jsonPath(path, "coordinates")
        let knownTypes = ["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"]
        guard knownTypes.contains(type) else {
            let hint = type == "Feature" || type == "FeatureCollection" ? " (a geometry was expected here)" : ""
            throw fail("unknown geometry type \"\(type)\"\(hint)", jsonPath(path, "type"))
        }
        guard let coordinates = o["coordinates"] else { throw fail("missing member \"coordinates\"", path) }
        var reader = CoordinateReader(base: cPath)
        switch type {
        case "Point":
            let items = try reader.array(coordinates)
            if items.isEmpty { return .multiPoint(MultiPoint([])) }
            return .point(try reader.position(coordinates))
        case "LineString":
            return .lineString(try reader.lineString(coordinates))
        case "Polygon":
            return .polygon(try reader.polygon(coordinates))
        case "MultiPoint":
            let items = try reader.array(coordinates)
            var points: [Point] = []
            points.reserveCapacity(items.count)
            for (k, item) in items.enumerated() {
                reader.indices.append(k)
                points.append(try reader.position(item))
                reader.indices.removeLast()
            }
            return .multiPoint(MultiPoint(points))
        case "MultiLineString":
            let items = try reader.array(coordinates)
            var lines: [LineString] = []
            for (k, item) in items.enumerated() {
                reader.indices.append(k)
                lines.append(try reader.lineString(item))
                reader.indices.removeLast()
            }
            return .multiLineString(MultiLineString(lines))
        default:
            let items = try reader.array(coordinates)
            var polygons: [Polygon] = []
            for (k, item) in items.enumerated() {
                reader.indices.append(k)
                polygons.append(try reader.polygon(item))
                reader.indices.removeLast()
            }
            return .multiPolygon(MultiPolygon(polygons))
        }
    }
}

/// Walks nested coordinate arrays keeping the indices, so the path string is built only on error.
private struct CoordinateReader {
    let base: String
    var indices: [Int] = []

    var path: String { base + indices.map { "[\($0)]" }.joined() }

    func fail(_ message: String) -> GeoCoreError { .geoJSON(message: message, path: path) }

    func array(_ json: JSONValue) throws(GeoCoreError) -> [JSONValue] {
        guard case .array(let items) = json else { throw fail("expected an array, found \(json.kindName)") }
        return items
    }

    mutating func position(_ json: JSONValue) throws(GeoCoreError) -> Point {
        guard case .array(let items) = json else { throw fail("expected a position (an array of numbers), found \(json.kindName)") }
        guard items.count >= 2 else { throw fail("a position needs at least 2 numbers, found \(items.count)") }
        var ordinates: (Double, Double, Double) = (0, 0, 0)
        for k in 0..<min(items.count, 3) {
            guard case .number(let v) = items[k] else {
                indices.append(k)
                defer { indices.removeLast() }
                throw fail("expected a number, found \(items[k].kindName)")
            }
            guard v.isFinite else {
                indices.append(k)
                defer { indices.removeLast() }
                throw .nonFiniteCoordinate(value: v.description, location: .geoJSONPath(path))
            }
            switch k {
            case 0: ordinates.0 = v
            case 1: ordinates.1 = v
            default: ordinates.2 = v
            }
        }
        return Point(x: ordinates.0, y: ordinates.1, z: items.count >= 3 ? ordinates.2 : nil)
    }

    mutating func positions(_ json: JSONValue) throws(GeoCoreError) -> [Point] {
        let items = try array(json)
        var points: [Point] = []
        points.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            indices.append(k)
            points.append(try position(item))
            indices.removeLast()
        }
        return points
    }

    mutating func lineString(_ json: JSONValue) throws(GeoCoreError) -> LineString {
        let points = try positions(json)
        if let problem = GeometryRules.lineStringProblem(points) { throw fail(problem) }
        return LineString(points)
    }

    mutating func polygon(_ json: JSONValue) throws(GeoCoreError) -> Polygon {
        let items = try array(json)
        if items.isEmpty { return Polygon(exterior: LinearRing([])) }
        var rings: [LinearRing] = []
        rings.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            indices.append(k)
            let points = try positions(item)
            if let problem = GeometryRules.ringProblem(points) { throw fail(problem) }
            rings.append(LinearRing(points))
            indices.removeLast()
        }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }
}
