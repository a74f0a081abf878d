/// WKT and EWKT writing in the spelling GEOS and PostGIS use: `POLYGON Z ((1 2 3, ...))`.
/// Numbers are the shortest text that reads back to the same double, so a read of the written
/// text gives back an equal geometry.
extension Geometry {
    /// OGC WKT. A geometry with any z is written with Z and every vertex gets three ordinates
    /// (a vertex without z is written with z 0). An empty `MultiPoint` is `MULTIPOINT EMPTY`.
    public var wkt: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        WKTWriter.write(self, z: hasZ, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// PostGIS EWKT: `SRID=4549;POINT (1 2)`; the same as `wkt` when `srid` is nil.
    public func ewkt(srid: Int32?) -> String {
        guard let srid else { return wkt }
        return "SRID=\(srid);" + wkt
    }
}

private enum WKTWriter {
    static func write(_ g: Geometry, z: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: g.typeName.uppercased().utf8)
        if z { out.append(contentsOf: " Z".utf8) }
        if g.hasNoMembers {
            out.append(contentsOf: " EMPTY".utf8)
            return
        }
        out.append(contentsOf: " ".utf8)
        switch g {
        case .point(let p):
            out.append(UInt8(ascii: "("))
            coordinate(p, z: z, to: &out)
            out.append(UInt8(ascii: ")"))
        case .lineString(let l):
            pointList(l.points, z: z, to: &out)
        case .polygon(let p):
            polygon(p, z: z, to: &out)
        case .multiPoint(let m):
            list(m.points, to: &out) { p, out in
                out.append(UInt8(ascii: "("))
                coordinate(p, z: z, to: &out)
                out.append(UInt8(ascii: ")"))
            }
        case .multiLineString(let m):
            list(m.lineStrings, to: &out) { l, out in pointList(l.points, z: z, to: &out) }
        case .multiPolygon(let m):
            list(m.polygons, to: &out) { p, out in polygon(p, z: z, to: &out) }
        case .geometryCollection(let c):
            list(c.geometries, to: &out) { member, out in write(member, z: z, to: &out) }
        }
    }

    static func list<T>(_ items: [T], to out: inout [UInt8], _ each: (T, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "("))
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(contentsOf: ", ".utf8) }
            each(item, &out)
        }
        out.append(UInt8(ascii: ")"))
    }

    static func polygon(_ p: Polygon, z: Bool, to out: inout [UInt8]) {
        if p.exterior.points.isEmpty {
            out.append(contentsOf: "EMPTY".utf8)
            return
        }
        list(p.rings, to: &out) { r, out in pointList(r.points, z: z, to: &out) }
    }

    static func pointList(_ points: [Point], z: Bool, to out: inout [UInt8]) {
        if points.isEmpty {
            out.append(contentsOf: "EMPTY".utf8)
            return
        }
        list(points, to: &out) { p, out in coordinate(p, z: z, to: &out) }
    }

    static func coordinate(_ p: Point, z: Bool, to out: inout [UInt8]) {
        DecimalNumber.append(p.x, to: &out)
        out.append(UInt8(ascii: " "))
        DecimalNumber.append(p.y, to: &out)
        if z {
            out.append(UInt8(ascii: " "))
            DecimalNumber.append(p.z ?? 0, to: &out)
        }
    }
}
