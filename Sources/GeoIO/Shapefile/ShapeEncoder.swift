import GeoCore

/// Encodes a geometry as one .shp record's content for a given file shape type. Polygons are
/// written as the ESRI spec wants them: outer rings clockwise, holes counter-clockwise, every ring
/// closed. Z types get z = 0 where a point has none; M sections (optional in Z types) are omitted.
enum ShapeEncoder {
    /// The family a geometry must be written as.
    static func family(of geometry: Geometry) -> ShapeType? {
        switch geometry {
        case .point: .point
        case .multiPoint: .multiPoint
        case .lineString, .multiLineString: .polyLine
        case .polygon, .multiPolygon: .polygon
        case .geometryCollection: nil
        }
    }

    /// Content bytes and the envelope (with z range) of the record.
    static func encode(_ geometry: Geometry?, as type: ShapeType, record: Int, path: String)
        throws(GeoIOError) -> (content: [UInt8], envelope: Envelope, zRange: ClosedRange<Double>?) {
        var b = ByteBuffer()
        guard let geometry, !geometry.isEmpty else {
            b.int32LE(0)
            return (b.bytes, .empty, nil)
        }
        guard family(of: geometry) == type.base else {
            throw .badValue(path: path, record: record, field: "geometry",
                            reason: "a \(geometry.typeName) cannot be written to a \(type.name) shapefile")
        }
        let z = type.hasZ
        let points: [[Point]]
        switch geometry {
        case .point(let p):
            b.int32LE(type.rawValue); b.doubleLE(p.x); b.doubleLE(p.y)
            if z { b.doubleLE(p.z ?? 0); b.doubleLE(0) }  // PointZ always has its M slot
            let zz = p.z ?? 0
            return (b.bytes, Envelope(point: p), z ? zz...zz : nil)
        case .multiPoint(let m): points = [m.points]
        case .lineString(let l): points = [l.points]
        case .multiLineString(let m): points = m.lineStrings.map(\.points)
        case .polygon(let p): points = rings(of: p)
        case .multiPolygon(let m): points = m.polygons.flatMap(rings(of:))
        case .geometryCollection: points = []
        }
        let all = points.flatMap { $0 }
        let envelope = Envelope(covering: all)
        b.int32LE(type.rawValue)
        b.doubleLE(envelope.minX); b.doubleLE(envelope.minY); b.doubleLE(envelope.maxX); b.doubleLE(envelope.maxY)
        if type.base == .multiPoint {
            b.int32LE(all.count)
        } else {
            b.int32LE(points.count); b.int32LE(all.count)
            var start = 0
            for part in points { b.int32LE(start); start += part.count }
        }
        for p in all { b.doubleLE(p.x); b.doubleLE(p.y) }
        var zRange: ClosedRange<Double>?
        if z {
            let zs = all.map { $0.z ?? 0 }
            zRange = zs.min()!...zs.max()!
            b.doubleLE(zRange!.lowerBound); b.doubleLE(zRange!.upperBound)
            for v in zs { b.doubleLE(v) }
        }
        return (b.bytes, envelope, zRange)
    }

    private static func rings(of polygon: Polygon) -> [[Point]] {
        [closed(polygon.exterior.oriented(counterClockwise: false))]
            + polygon.holes.map { closed($0.oriented(counterClockwise: true)) }
    }

    private static func closed(_ ring: LinearRing) -> [Point] {
        var p = ring.points
        if let first = p.first, p.last != first { p.append(first) }
        return p
    }
}
