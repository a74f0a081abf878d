/// WKT and EWKT reading (OGC 06-103r4 clause 7; PostGIS EWKT `SRID=n;` prefix).
///
/// `POINT EMPTY` has no `Point` value to hold it, so it reads as an empty `MultiPoint` (the same
/// empty point set); every other empty type keeps its type.
extension Geometry {
    /// Reads WKT or EWKT; an EWKT SRID prefix is accepted and dropped.
    public init(wkt: String) throws(GeoCoreError) {
        self = try Geometry.parseEWKT(wkt).geometry
    }

    /// Reads WKT or EWKT and returns the SRID of an EWKT `SRID=n;` prefix (nil without one).
    /// Accepts Z, M and ZM forms, and 3- or 4-ordinate coordinates without a tag; M is dropped.
    public static func parseEWKT(_ text: String) throws(GeoCoreError) -> (geometry: Geometry, srid: Int32?) {
        var bytes = Array(text.utf8)
        bytes.append(0)  // sentinel: every peek past the text sees 0, never out of bounds
        var reader = WKTReader(bytes: bytes)
        return try reader.readDocument()
    }
}

private struct WKTReader {
    let bytes: [UInt8]
    var i = 0
    var depth = 0
    let end: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.end = bytes.count - 1
    }

    /// Ordinates per coordinate: 2, 3 or 4, and which of the extra ones is z.
    struct Layout {
        var declared: Bool
        var hasZ: Bool
        var hasM: Bool
        var count: Int { 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) }
    }

    func fail(_ message: String, at offset: Int? = nil) -> GeoCoreError {
        .wkt(message: message, offset: offset ?? i)
    }

    mutating func skipSpace() {
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    mutating func word() -> (text: String, at: Int) {
        skipSpace()
        let start = i
        while i < end, (bytes[i] | 0x20) >= UInt8(ascii: "a") && (bytes[i] | 0x20) <= UInt8(ascii: "z") { i += 1 }
        return (String(decoding: bytes[start..<i], as: UTF8.self).uppercased(), start)
    }

    mutating func expect(_ c: Character) throws(GeoCoreError) {
        skipSpace()
        guard i < end, bytes[i] == c.asciiValue! else {
            throw fail("expected '\(c)', found \(describeHere())")
        }
        i += 1
    }

    /// Consumes `c` if it is next.
    mutating func accept(_ c: Character) -> Bool {
        skipSpace()
        if i < end, bytes[i] == c.asciiValue! { i += 1; return true }
        return false
    }

    func describeHere() -> String {
        if i >= end { return "end of text" }
        let b = bytes[i]
        return b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    mutating func readDocument() throws(GeoCoreError) -> (geometry: Geometry, srid: Int32?) {
        var srid: Int32?
        skipSpace()
        let save = i
        let w = word()
        if w.text == "SRID" {
            try expect("=")
            skipSpace()
            let numberStart = i
            var value: Int64 = 0
            var negative = false
            if accept("-") { negative = true }
            let digitsStart = i
            while i < end, bytes[i] &- 48 < 10, value <= Int64(Int32.max) { value = value * 10 + Int64(bytes[i] &- 48); i += 1 }
            if negative { value = -value }
            guard i > digitsStart, let s = Int32(exactly: value), !(i < end && bytes[i] &- 48 < 10) else {
                throw fail("SRID must be a 32-bit integer", at: numberStart)
            }
            srid = s
            try expect(";")
        } else {
            i = save
        }
        let g = try readGeometry()
        skipSpace()
        if i < end { throw fail("unexpected text after the geometry: \(describeHere())") }
        return (g, srid)
    }

    static let typeNames = ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
                            "MULTIPOLYGON", "GEOMETRYCOLLECTION"]

    mutating func readGeometry() throws(GeoCoreError) -> Geometry {
        depth += 1
        defer { depth -= 1 }
        if depth > 64 { throw fail("geometry collections nested deeper than 64") }
        let (tagWord, tagAt) = word()
        guard !tagWord.isEmpty else { throw fail("expected a geometry type, found \(describeHere())") }
        var tag = tagWord
        var layout = Layout(declared: false, hasZ: false, hasM: false)
        // PostGIS also accepts the dimension glued on: POINTZ, LINESTRINGZM, POINTM.
        if !Self.typeNames.contains(tag) {
            for suffix in ["ZM", "Z", "M"] where tag.hasSuffix(suffix) && Self.typeNames.contains(String(tag.dropLast(suffix.count))) {
                tag = String(tag.dropLast(suffix.count))
                layout = Layout(declared: true, hasZ: suffix.contains("Z"), hasM: suffix.contains("M"))
                break
            }
            guard Self.typeNames.contains(tag) else { throw fail("unknown geometry type '\(tagWord)'", at: tagAt) }
        }
        let save = i
        let (dim, dimAt) = word()
        switch dim {
        case "Z", "M", "ZM":
            if layout.declared { throw fail("dimension given twice", at: dimAt) }
            layout = Layout(declared: true, hasZ: dim.contains("Z"), hasM: dim.contains("M"))
        case "EMPTY": i = save
        case "": break
        default: throw fail("expected Z, M, ZM, EMPTY or '(', found '\(dim)'", at: dimAt)
        }
        let save2 = i
        if word().text == "EMPTY" {
            switch tag {
            case "POINT", "MULTIPOINT": return .multiPoint(MultiPoint([]))
            case "LINESTRING": return .lineString(LineString([]))
            case "POLYGON": return .polygon(Polygon(exterior: LinearRing([])))
            case "MULTILINESTRING": return .multiLineString(MultiLineString([]))
            case "MULTIPOLYGON": return .multiPolygon(MultiPolygon([]))
            default: return .geometryCollection(GeometryCollection([]))
            }
        }
        i = save2
        switch tag {
        case "POINT":
            try expect("(")
            let p = try readCoordinate(&layout)
            try expect(")")
            return .point(p)
        case "LINESTRING":
            return .lineString(try readLineString(&layout))
        case "POLYGON":
            return .polygon(try readPolygon(&layout))
        case "MULTIPOINT":
            try expect("(")
            var points: [Point] = []
            repeat {
                // Both MULTIPOINT ((1 2), (3 4)) and the older MULTIPOINT (1 2, 3 4).
                skipSpace()
                if accept("(") {
                    points.append(try readCoordinate(&layout))
                    try expect(")")
                } else {
                    let at = i
                    if word().text == "EMPTY" { throw fail("an empty point inside MULTIPOINT cannot be represented", at: at) }
                    i = at
                    points.append(try readCoordinate(&layout))
                }
            } while accept(",")
            try expect(")")
            return .multiPoint(MultiPoint(points))
        case "MULTILINESTRING":
            try expect("(")
            var lines: [LineString] = []
            repeat { lines.append(try readLineString(&layout)) } while accept(",")
            try expect(")")
            return .multiLineString(MultiLineString(lines))
        case "MULTIPOLYGON":
            try expect("(")
            var polygons: [Polygon] = []
            repeat { polygons.append(try readPolygon(&layout)) } while accept(",")
            try expect(")")
            return .multiPolygon(MultiPolygon(polygons))
        default:
            try expect("(")
            var members: [Geometry] = []
            repeat { members.append(try readGeometry()) } while accept(",")
            try expect(")")
            return .geometryCollection(GeometryCollection(members))
        }
    }

    /// `( x y, x y, ... )` or `EMPTY`.
    mutating func readPointList(_ layout: inout Layout) throws(GeoCoreError) -> (points: [Point], at: Int) {
        skipSpace()
        let at = i
        if word().text == "EMPTY" { return ([], at) }
        i = at
        try expect("(")
        var points: [Point] = []
        repeat { points.append(try readCoordinate(&layout)) } while accept(",")
        try expect(")")
        return (points, at)
    }

    mutating func readLineString(_ layout: inout Layout) throws(GeoCoreError) -> LineString {
        let (points, at) = try readPointList(&layout)
        if let problem = GeometryRules.lineStringProblem(points) { throw fail(problem, at: at) }
        return LineString(points)
    }

    mutating func readPolygon(_ layout: inout Layout) throws(GeoCoreError) -> Polygon {
        skipSpace()
        let at = i
        if word().text == "EMPTY" { return Polygon(exterior: LinearRing([])) }
        i = at
        try expect("(")
        var rings: [LinearRing] = []
        repeat {
            let (points, ringAt) = try readPointList(&layout)
            if points.isEmpty { throw fail("a polygon ring cannot be EMPTY", at: ringAt) }
            if let problem = GeometryRules.ringProblem(points) { throw fail(problem, at: ringAt) }
            rings.append(LinearRing(points))
        } while accept(",")
        try expect(")")
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }

    mutating func readCoordinate(_ layout: inout Layout) throws(GeoCoreError) -> Point {
        skipSpace()
        let at = i
        var ordinates: [Double] = []
        ordinates.reserveCapacity(4)
        while true {
            skipSpace()
            guard i < end, let c = Optional(bytes[i]),
                  c &- 48 < 10 || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || (c | 0x20) == UInt8(ascii: "n") || (c | 0x20) == UInt8(ascii: "i")
            else { break }
            if ordinates.count == 4 { throw fail("a coordinate has at most 4 ordinates") }
            ordinates.append(try readNumber())
        }
        if ordinates.count < 2 {
            throw fail(ordinates.isEmpty ? "expected a coordinate, found \(describeHere())" : "a coordinate needs at least x and y", at: ordinates.isEmpty ? i : at)
        }
        if !layout.declared {
            // Without a Z/M tag the first coordinate fixes the layout: 3 ordinates mean x y z.
            layout = Layout(declared: true, hasZ: ordinates.count >= 3, hasM: ordinates.count == 4)
        }
        guard ordinates.count == layout.count else {
            throw fail("expected \(layout.count) ordinates per coordinate, found \(ordinates.count)", at: at)
        }
        return Point(x: ordinates[0], y: ordinates[1], z: layout.hasZ ? ordinates[2] : nil)
    }

    mutating func readNumber() throws(GeoCoreError) -> Double {
        let start = i
        let scanned = bytes.withUnsafeBufferPointer { DecimalNumber.scan($0, at: start, syntax: .wkt) }
        guard let (value, next) = scanned else {
            // nan, inf, infinity (any case, signed) get their own error; anything else is garbage.
            var j = i
            if j < end, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") { j += 1 }
            let wordStart = j
            while j < end, (bytes[j] | 0x20) >= UInt8(ascii: "a") && (bytes[j] | 0x20) <= UInt8(ascii: "z") { j += 1 }
            let w = String(decoding: bytes[wordStart..<j], as: UTF8.self).lowercased()
            if ["nan", "inf", "infinity"].contains(w) {
                throw .nonFiniteCoordinate(value: String(decoding: bytes[start..<j], as: UTF8.self), location: .wktOffset(start))
            }
            throw fail("expected a number, found \(describeHere())")
        }
        i = next
        if i < end, (bytes[i] | 0x20) >= UInt8(ascii: "a") && (bytes[i] | 0x20) <= UInt8(ascii: "z") {
            throw fail("unexpected letter after a number")
        }
        guard value.isFinite else {
            throw .nonFiniteCoordinate(value: String(decoding: bytes[start..<i], as: UTF8.self), location: .wktOffset(start))
        }
        return value
    }
}
