/// WKB writing, always little-endian (NDR). ISO WKB (OGC 06-103r4 8.2: Z types 1001..1007) without
/// an SRID; PostGIS EWKB (flags 0x80000000 Z, 0x20000000 SRID) with one.
extension Geometry {
    /// ISO WKB when `srid` is nil, EWKB carrying the SRID otherwise (what PostGIS and GeoPackage
    /// readers expect in each case). A vertex without z in a geometry with z is written with z 0.
    public func wkb(srid: Int32? = nil) -> [UInt8] {
        var writer = WKBWriter(extended: srid != nil, z: hasZ)
        writer.write(self, srid: srid)
        return writer.out
    }

    /// PostGIS EWKB (`ST_AsEWKB`): Z and SRID as flag bits, with or without an SRID.
    public func ewkb(srid: Int32?) -> [UInt8] {
        var writer = WKBWriter(extended: true, z: hasZ)
        writer.write(self, srid: srid)
        return writer.out
    }
}

private struct WKBWriter {
    let extended: Bool
    let z: Bool
    var out: [UInt8] = []

    init(extended: Bool, z: Bool) {
        self.extended = extended
        self.z = z
        out.reserveCapacity(64)
    }

    mutating func u32(_ v: UInt32) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        out.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    mutating func f64(_ v: Double) {
        let bits = v.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    mutating func header(_ g: Geometry, srid: Int32?) {
        out.append(1)  // NDR
        var code = g.wkbTypeCode
        if extended {
            if z { code |= 0x8000_0000 }
            if srid != nil { code |= 0x2000_0000 }
        } else if z {
            code += 1000
        }
        u32(code)
        if extended, let srid { u32(UInt32(bitPattern: srid)) }
    }

    mutating func coordinate(_ p: Point) {
        f64(p.x)
        f64(p.y)
        if z { f64(p.z ?? 0) }
    }

    mutating func points(_ pts: [Point]) {
        u32(UInt32(pts.count))
        for p in pts { coordinate(p) }
    }

    mutating func polygonBody(_ p: Polygon) {
        if p.exterior.points.isEmpty { u32(0); return }
        u32(UInt32(1 + p.holes.count))
        points(p.exterior.points)
        for h in p.holes { points(h.points) }
    }

    mutating func write(_ g: Geometry, srid: Int32?) {
        header(g, srid: srid)
        switch g {
        case .point(let p): coordinate(p)
        case .lineString(let l): points(l.points)
        case .polygon(let p): polygonBody(p)
        case .multiPoint(let m):
            u32(UInt32(m.points.count))
            for p in m.points { write(.point(p), srid: nil) }
        case .multiLineString(let m):
            u32(UInt32(m.lineStrings.count))
            for l in m.lineStrings { write(.lineString(l), srid: nil) }
        case .multiPolygon(let m):
            u32(UInt32(m.polygons.count))
            for p in m.polygons { write(.polygon(p), srid: nil) }
        case .geometryCollection(let c):
            u32(UInt32(c.geometries.count))
            for member in c.geometries { write(member, srid: nil) }
        }
    }
}
