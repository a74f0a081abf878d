import GeoCore

/// Decodes one .shp record's content (after the 8-byte record header) into a geometry, checking
/// every count and offset against the record's declared content length.
struct ShapeDecoder {
    let view: ByteView
    let path: String

    /// `start` is the first content byte, `length` the content length in bytes; `record` is the
    /// 1-based record number for messages. Returns nil for a Null shape.
    func decode(start: Int, length: Int, record: Int) throws(GeoIOError) -> Geometry? {
        guard length >= 4, view.has(start, length) else {
            throw .badRecord(path: path, record: record, reason: "content length \(length) bytes is too short or runs past the end of the file")
        }
        let code = view.int32LE(start)
        guard let type = ShapeType(rawValue: code) else {
            throw .badRecord(path: path, record: record, reason: "shape type \(code) is not an ESRI shape type")
        }
        func need(_ bytes: Int, _ what: String) throws(GeoIOError) {
            if bytes > length {
                throw .badRecord(path: path, record: record,
                                 reason: "\(type.name) \(what) needs \(bytes) bytes but the content length is \(length)")
            }
        }
        switch type {
        case .null:
            return nil
        case .multiPatch:
            throw .unsupportedShapeType(path: path, record: record, code: code, name: type.name)
        case .point, .pointZ, .pointM:
            try need(type == .pointZ ? 28 : 20, "point")
            var p = Point(x: view.doubleLE(start + 4), y: view.doubleLE(start + 12))
            if type == .pointZ { p.z = view.doubleLE(start + 20) }
            return .point(p)
        case .multiPoint, .multiPointZ, .multiPointM:
            try need(40, "header")
            let n = view.int32LE(start + 36)
            guard n >= 0, n <= length / 16 else {
                throw .badRecord(path: path, record: record, reason: "point count \(n) does not fit the content length \(length)")
            }
            try need(40 + 16 * n + (type == .multiPointZ ? 16 + 8 * n : 0), "with \(n) points")
            let points = readPoints(start + 40, count: n, zAt: type == .multiPointZ ? start + 40 + 16 * n + 16 : nil)
            return .multiPoint(MultiPoint(points))
        case .polyLine, .polyLineZ, .polyLineM, .polygon, .polygonZ, .polygonM:
            try need(44, "header")
            let parts = view.int32LE(start + 36), n = view.int32LE(start + 40)
            guard parts >= 0, n >= 0, parts <= length / 4, n <= length / 16 else {
                throw .badRecord(path: path, record: record, reason: "\(parts) parts / \(n) points do not fit the content length \(length)")
            }
            let pointsAt = start + 44 + 4 * parts
            let hasZ = type == .polyLineZ || type == .polygonZ
            try need(44 + 4 * parts + 16 * n + (hasZ ? 16 + 8 * n : 0), "with \(parts) parts and \(n) points")
            if parts == 0 || n == 0 { return nil }
            var starts = [Int]()
            starts.reserveCapacity(parts)
            for i in 0..<parts {
                let s = view.int32LE(start + 44 + 4 * i)
                guard s >= 0, s < n, s >= (starts.last ?? 0) else {
                    throw .badRecord(path: path, record: record, reason: "part \(i) starts at point \(s), outside 0..<\(n) or before the previous part")
                }
                starts.append(s)
            }
            let all = readPoints(pointsAt, count: n, zAt: hasZ ? pointsAt + 16 * n + 16 : nil)
            var runs: [[Point]] = []
            runs.reserveCapacity(parts)
            for i in 0..<parts {
                let end = i + 1 < parts ? starts[i + 1] : n
                runs.append(Array(all[starts[i]..<end]))
            }
            if type.base == .polyLine {
                return runs.count == 1 ? .lineString(LineString(runs[0])) : .multiLineString(MultiLineString(runs.map(LineString.init)))
            }
            return RingAssembler.geometry(rings: runs.map(LinearRing.init))
        }
    }

    /// Whether the record carries measures: always for M types; for Z types, when the content
    /// holds the optional M section and at least one value in it is not "no data" (the ESRI spec
    /// says any M below -10^38 means none).
    func hasMeasures(start: Int, length: Int) -> Bool {
        guard length >= 4, view.has(start, length), let type = ShapeType(rawValue: view.int32LE(start)) else { return false }
        if type.hasM && !type.hasZ { return true }
        let mAt: Int, n: Int
        switch type {
        case .pointZ:
            (mAt, n) = (start + 28, 1)
            return length >= 36 && view.doubleLE(mAt) > -1e38
        case .multiPointZ:
            guard length >= 40 else { return false }
            n = view.int32LE(start + 36)
            guard n >= 0, n <= length / 16 else { return false }
            mAt = start + 40 + 16 * n + 16 + 8 * n + 16
        case .polyLineZ, .polygonZ:
            guard length >= 44 else { return false }
            let parts = view.int32LE(start + 36)
            n = view.int32LE(start + 40)
            guard parts >= 0, n >= 0, parts <= length / 4, n <= length / 16 else { return false }
            mAt = start + 44 + 4 * parts + 16 * n + 16 + 8 * n + 16
        default: return false
        }
        guard mAt + 8 * n <= start + length else { return false }
        return (0..<n).contains { view.doubleLE(mAt + 8 * $0) > -1e38 }
    }

    private func readPoints(_ at: Int, count: Int, zAt: Int?) -> [Point] {
        var points = [Point]()
        points.reserveCapacity(count)
        for i in 0..<count {
            var p = Point(x: view.doubleLE(at + 16 * i), y: view.doubleLE(at + 16 * i + 8))
            if let zAt { p.z = view.doubleLE(zAt + 8 * i) }
            points.append(p)
        }
        return points
    }
}
