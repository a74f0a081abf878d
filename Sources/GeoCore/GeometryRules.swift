/// The structural rules every reader applies (OGC Simple Features 6.1.7 and 6.1.11, RFC 7946
/// 3.1.6): a non-empty line string has at least two points; a ring is closed and has at least four.
/// Readers reject what breaks them, so a `Geometry` from any codec is safe to index and measure.
enum GeometryRules {
    static func lineStringProblem(_ points: [Point]) -> String? {
        points.count == 1 ? "a line string needs at least 2 points, found 1" : nil
    }

    static func ringProblem(_ points: [Point]) -> String? {
        if points.count < 4 { return "a ring needs at least 4 points, found \(points.count)" }
        let first = points[0], last = points[points.count - 1]
        if first.x != last.x || first.y != last.y {
            return "ring is not closed: first point (\(DecimalNumber.format(first.x)) \(DecimalNumber.format(first.y))) differs from last (\(DecimalNumber.format(last.x)) \(DecimalNumber.format(last.y)))"
        }
        return nil
    }
}

extension Geometry {
    /// Empty at its own level, the way WKT writes `EMPTY` and WKB writes a zero count: a collection
    /// holding one empty line string is not itself empty here (it is one member long).
    var hasNoMembers: Bool {
        switch self {
        case .point: false
        case .lineString(let l): l.points.isEmpty
        case .polygon(let p): p.exterior.points.isEmpty
        case .multiPoint(let m): m.points.isEmpty
        case .multiLineString(let m): m.lineStrings.isEmpty
        case .multiPolygon(let m): m.polygons.isEmpty
        case .geometryCollection(let c): c.geometries.isEmpty
        }
    }

    /// WKB and shapefile type code (OGC 06-103r4 table 7): 1 point ... 7 geometry collection.
    var wkbTypeCode: UInt32 {
        switch self {
        case .point: 1
        case .lineString: 2
        case .polygon: 3
        case .multiPoint: 4
        case .multiLineString: 5
        case .multiPolygon: 6
        case .geometryCollection: 7
        }
    }
}
