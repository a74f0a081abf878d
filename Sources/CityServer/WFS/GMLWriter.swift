import GeoCore

/// Geometries as GML 3.2 (ISO 19136), in the coordinates a WFS request asked for (already in that
/// system's axis order): Point, LineString, Polygon, and the multi-geometries as MultiPoint,
/// MultiCurve, MultiSurface and MultiGeometry, each with the `gml:id` GML 3.2 requires.
enum GMLWriter {
    static func write(_ g: Geometry, id: String, srsName: String?, into w: inout XMLWriter) {
        var attributes = [("gml:id", id)]
        if let srsName { attributes.append(("srsName", srsName)) }
        switch g {
        case .point(let p):
            w.element("gml:Point", attributes) { $0.element("gml:pos", text: coordinates([p])) }
        case .lineString(let l):
            w.element("gml:LineString", attributes) { $0.element("gml:posList", text: coordinates(l.points)) }
        case .polygon(let p):
            w.element("gml:Polygon", attributes) { w in polygonRings(p, into: &w) }
        case .multiPoint(let m):
            w.element("gml:MultiPoint", attributes) { w in
                for (k, p) in m.points.enumerated() {
                    w.element("gml:pointMember") { $0.element("gml:Point", [("gml:id", "\(id).\(k)")]) { $0.element("gml:pos", text: coordinates([p])) } }
                }
            }
        case .multiLineString(let m):
            w.element("gml:MultiCurve", attributes) { w in
                for (k, l) in m.lineStrings.enumerated() {
                    w.element("gml:curveMember") { $0.element("gml:LineString", [("gml:id", "\(id).\(k)")]) { $0.element("gml:posList", text: coordinates(l.points)) } }
                }
            }
        case .multiPolygon(let m):
            w.element("gml:MultiSurface", attributes) { w in
                for (k, p) in m.polygons.enumerated() {
                    w.element("gml:surfaceMember") { $0.element("gml:Polygon", [("gml:id", "\(id).\(k)")]) { w in polygonRings(p, into: &w) } }
                }
            }
        case .geometryCollection(let c):
            w.element("gml:MultiGeometry", attributes) { w in
                for (k, member) in c.geometries.enumerated() {
                    w.element("gml:geometryMember") { write(member, id: "\(id).\(k)", srsName: nil, into: &$0) }
                }
            }
        }
    }

    private static func polygonRings(_ p: Polygon, into w: inout XMLWriter) {
        w.element("gml:exterior") { $0.element("gml:LinearRing") { $0.element("gml:posList", text: coordinates(p.exterior.points)) } }
        for hole in p.holes {
            w.element("gml:interior") { $0.element("gml:LinearRing") { $0.element("gml:posList", text: coordinates(hole.points)) } }
        }
    }

    static func coordinates(_ points: [Point]) -> String {
        points.map { "\(number($0.x)) \(number($0.y))" }.joined(separator: " ")
    }

    /// The shortest text that reads back as the same double (Swift's description), without "e"
    /// notation, which xs:double allows but some readers do not.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let s = "\(v)"
        return s.contains("e") ? String(format: "%.10f", v) : s
    }
}
