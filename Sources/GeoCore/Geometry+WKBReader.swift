/// WKB reading: ISO WKB (OGC 06-103r4 8.2.3, Z/M/ZM codes 1001..3007) and PostGIS EWKB (flags
/// 0x80000000 Z, 0x40000000 M, 0x20000000 SRID), either byte order, per nested geometry too.
/// Every read is bounds-checked and every count is checked against the bytes left before anything
/// is allocated, so truncated or hostile input throws instead of trapping or exhausting memory.
/// M ordinates are read and dropped. A top-level point of NaN, NaN (the GEOS/PostGIS spelling of
/// `POINT EMPTY`) reads as an empty `MultiPoint`; any other NaN or infinity is rejected.
extension Geometry {
    /// Reads WKB or EWKB; an EWKB SRID is dropped.
    public init(wkb: [UInt8]) throws(GeoCoreError) {
        self = try Geometry.parseWKB(wkb).geometry
    }

    /// Reads WKB or EWKB and returns the EWKB SRID (nil when absent).
    public static func parseWKB(_ bytes: [UInt8]) throws(GeoCoreError) -> (geometry: Geometry, srid: Int32?) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(GeoCoreError) in try parseWKB(buffer) }
        }
        return try result.get()
    }

    /// Reads WKB or EWKB from raw memory (a mapped file, a database blob) without copying it.
    public static func parseWKB(_ buffer: UnsafeRawBufferPointer) throws(GeoCoreError) -> (geometry: Geometry, srid: Int32?) {
        var reader = WKBReader(buffer: buffer)
        let (g, srid) = try reader.readGeometry(depth: 0)
        if reader.i != buffer.count {
            throw .wkb(message: "\(buffer.count - reader.i) unexpected bytes after the geometry", byteOffset: reader.i)
        }
        return (g, srid)
    }
}

private struct WKBReader {
    let buffer: UnsafeRawBufferPointer
    var i = 0
    var bigEndian = false

    init(buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var remaining: Int { buffer.count - i }

    func fail(_ message: String, at offset: Int? = nil) -> GeoCoreError {
        .wkb(message: message, byteOffset: offset ?? i)
    }

    mutating func need(_ n: Int, _ what: String) throws(GeoCoreError) {
        if remaining < n { throw fail("truncated: \(what) needs \(n) bytes, \(remaining) left") }
    }

    mutating func u32(_ what: String) throws(GeoCoreError) -> UInt32 {
        try need(4, what)
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(buffer[i + k]) << (8 * k) }
        i += 4
        return bigEndian ? v.byteSwapped : v
    }

    mutating func f64() throws(GeoCoreError) -> Double {
        try need(8, "an ordinate")
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(buffer[i + k]) << UInt64(8 * k) }
        i += 8
        return Double(bitPattern: bigEndian ? v.byteSwapped : v)
    }

    struct Header {
        var code: UInt32
        var hasZ: Bool
        var hasM: Bool
        var srid: Int32?
        var ordinates: Int { 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) }
    }

    mutating func header() throws(GeoCoreError) -> Header {
        try need(1, "the byte order")
        switch buffer[i] {
        case 0: bigEndian = true
        case 1: bigEndian = false
        default: throw fail("byte order must be 0 or 1, found \(buffer[i])")
        }
        i += 1
        let codeAt = i
        let raw = try u32("the geometry type")
        var hasZ = raw & 0x8000_0000 != 0
        var hasM = raw & 0x4000_0000 != 0
        let hasSRID = raw & 0x2000_0000 != 0
        let base = raw & 0x0FFF_FFFF
        let code = base % 1000
        switch base / 1000 {
        case 0: break
        case 1: hasZ = true
        case 2: hasM = true
        case 3: hasZ = true; hasM = true
        default: throw fail("unknown geometry type code \(raw)", at: codeAt)
        }
        guard (1...7).contains(code) else { throw fail("unknown geometry type code \(raw)", at: codeAt) }
        var srid: Int32?
        if hasSRID { srid = Int32(bitPattern: try u32("the SRID")) }
        return Header(code: code, hasZ: hasZ, hasM: hasM, srid: srid)
    }

    mutating func count(_ what: String, minimumBytesEach: Int) throws(GeoCoreError) -> Int {
        let at = i
        let n = Int(try u32("the \(what) count"))
        if n > remaining / minimumBytesEach {
            throw fail("\(what) count \(n) needs at least \(n * minimumBytesEach) bytes, \(remaining) left", at: at)
        }
        return n
    }

    mutating func coordinate(_ h: Header) throws(GeoCoreError) -> Point {
        let at = i
        let x = try f64(), y = try f64()
        let z: Double? = h.hasZ ? try f64() : nil
        if h.hasM { _ = try f64() }
        for (k, v) in [x, y, z ?? 0].enumerated() where !v.isFinite {
            throw .nonFiniteCoordinate(value: v.description, location: .wkbByteOffset(at + 8 * k))
        }
        return Point(x: x, y: y, z: z)
    }

    mutating func points(_ h: Header, _ what: String) throws(GeoCoreError) -> [Point] {
        let n = try count(what, minimumBytesEach: 8 * h.ordinates)
        var pts: [Point] = []
        pts.reserveCapacity(n)
        for _ in 0..<n { pts.append(try coordinate(h)) }
        return pts
    }

    mutating func polygonBody(_ h: Header) throws(GeoCoreError) -> Polygon {
        let nRings = try count("ring", minimumBytesEach: 4)
        if nRings == 0 { return Polygon(exterior: LinearRing([])) }
        var rings: [LinearRing] = []
        rings.reserveCapacity(nRings)
        for _ in 0..<nRings {
            let at = i
            let pts = try points(h, "point")
            if let problem = GeometryRules.ringProblem(pts) { throw fail(problem, at: at) }
            rings.append(LinearRing(pts))
        }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }

    /// Reads a member of a multi geometry, which must be of `code`.
    mutating func member(code: UInt32, depth: Int) throws(GeoCoreError) -> Geometry {
        let at = i
        let (g, _) = try readGeometry(depth: depth + 1, memberOfMulti: true)
        guard g.wkbTypeCode == code else {
            throw fail("expected a member of type \(code), found \(g.typeName)", at: at)
        }
        return g
    }

    mutating func readGeometry(depth: Int, memberOfMulti: Bool = false) throws(GeoCoreError) -> (Geometry, Int32?) {
        if depth > 64 { throw fail("geometry collections nested deeper than 64") }
        let start = i
        let h = try header()
        switch h.code {
        case 1:
            let at = i
            let x = try f64(), y = try f64()
            i = at
            if x.isNaN && y.isNaN {
                // POINT EMPTY: skip the NaN ordinates.
                i += 8 * h.ordinates
                if remaining < 0 { i = at; try need(8 * h.ordinates, "an empty point") }
                if memberOfMulti { throw fail("an empty point inside a multi point cannot be represented", at: start) }
                return (.multiPoint(MultiPoint([])), h.srid)
            }
            return (.point(try coordinate(h)), h.srid)
        case 2:
            let at = i
            let pts = try points(h, "point")
            if let problem = GeometryRules.lineStringProblem(pts) { throw fail(problem, at: at) }
            return (.lineString(LineString(pts)), h.srid)
        case 3:
            return (.polygon(try polygonBody(h)), h.srid)
        case 4:
            let n = try count("point", minimumBytesEach: 21)
            var pts: [Point] = []
            pts.reserveCapacity(n)
            for _ in 0..<n {
                guard case .point(let p) = try member(code: 1, depth: depth) else { preconditionFailure() }
                pts.append(p)
            }
            return (.multiPoint(MultiPoint(pts)), h.srid)
        case 5:
            let n = try count("line string", minimumBytesEach: 9)
            var lines: [LineString] = []
            lines.reserveCapacity(n)
            for _ in 0..<n {
                guard case .lineString(let l) = try member(code: 2, depth: depth) else { preconditionFailure() }
                lines.append(l)
            }
            return (.multiLineString(MultiLineString(lines)), h.srid)
        case 6:
            let n = try count("polygon", minimumBytesEach: 9)
            var polygons: [Polygon] = []
            polygons.reserveCapacity(n)
            for _ in 0..<n {
                guard case .polygon(let p) = try member(code: 3, depth: depth) else { preconditionFailure() }
                polygons.append(p)
            }
            return (.multiPolygon(MultiPolygon(polygons)), h.srid)
        default:
            let n = try count("member", minimumBytesEach: 9)
            var members: [Geometry] = []
            members.reserveCapacity(n)
            for _ in 0..<n { members.append(try readGeometry(depth: depth + 1).0) }
            return (.geometryCollection(GeometryCollection(members)), h.srid)
        }
    }
}
