import Foundation
import GeoCore

/// WKT as `ogrinfo` 3.6 prints it (ISO "Z" tag, `%.15g` numbers), written independently of GeoIO
/// so geometries can be compared with GDAL's text.
enum TestWKT {
    static func number(_ v: Double) -> String { String(format: "%.15g", v) }

    static func coords(_ p: Point, z: Bool) -> String {
        "\(number(p.x)) \(number(p.y))" + (z ? " \(number(p.z ?? 0))" : "")
    }

    static func seq(_ ps: [Point], z: Bool) -> String { "(" + ps.map { coords($0, z: z) }.joined(separator: ",") + ")" }

    static func polygon(_ p: Polygon, z: Bool) -> String { "(" + p.rings.map { seq($0.points, z: z) }.joined(separator: ",") + ")" }

    static func of(_ g: Geometry) -> String {
        let z = g.hasZ
        let tag = z ? " Z " : " "
        switch g {
        case .point(let p): return "POINT\(tag)(\(coords(p, z: z)))"
        case .lineString(let l): return "LINESTRING\(tag)\(seq(l.points, z: z))"
        case .polygon(let p): return "POLYGON\(tag)\(polygon(p, z: z))"
        case .multiPoint(let m): return "MULTIPOINT\(tag)(" + m.points.map { "(\(coords($0, z: z)))" }.joined(separator: ",") + ")"
        case .multiLineString(let m): return "MULTILINESTRING\(tag)(" + m.lineStrings.map { seq($0.points, z: z) }.joined(separator: ",") + ")"
        case .multiPolygon(let m): return "MULTIPOLYGON\(tag)(" + m.polygons.map { polygon($0, z: z) }.joined(separator: ",") + ")"
        case .geometryCollection(let c): return "GEOMETRYCOLLECTION (" + c.geometries.map(of).joined(separator: ",") + ")"
        }
    }

    /// Equal as WKT: same words and punctuation, numbers equal as numbers ("31" == "31.0").
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        func tokens(_ s: String) -> [String] {
            var out: [String] = [], current = ""
            for ch in s {
                if ch.isNumber || ch == "." || ch == "-" || ch == "e" || ch == "+" { current.append(ch); continue }
                if !current.isEmpty { out.append(current); current = "" }
                if ch != " " { out.append(String(ch)) }
            }
            if !current.isEmpty { out.append(current) }
            return out
        }
        let ta = tokens(a), tb = tokens(b)
        guard ta.count == tb.count else { return false }
        return zip(ta, tb).allSatisfy { x, y in
            if let dx = Double(x), let dy = Double(y) { return dx == dy }
            return x == y
        }
    }
}
