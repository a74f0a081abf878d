internal import CGEOS
import GeoCore

/// GeoCore values to GEOS geometries, built directly from coordinate buffers
/// (`GEOSCoordSeq_copyFromBuffer_r`, GEOS ≥ 3.10) rather than through WKT text.
extension GEOSContext {
    /// A GEOS copy of `geometry`. Rejects NaN and infinite ordinates first: GEOS takes them
    /// silently and then answers predicates with nonsense.
    func make(_ geometry: Geometry, function: String) throws -> OwnedGeometry {
        for (index, point) in geometry.allPoints.enumerated() where !point.isFinite {
            throw GEOSError.nonFiniteCoordinate(function: function, vertex: index, point: point)
        }
        return try build(geometry, function: function)
    }

    /// A GEOS point for a single position (the hot path of point-in-polygon tests).
    func make(_ point: Point, function: String) throws -> OwnedGeometry {
        guard point.isFinite else { throw GEOSError.nonFiniteCoordinate(function: function, vertex: 0, point: point) }
        return try geometry(function) { GEOSGeom_createPointFromXY_r($0, point.x, point.y) }
    }

    private func build(_ geometry: Geometry, function: String) throws -> OwnedGeometry {
        switch geometry {
        case .point(let p):
            let sequence = try coordinates(p.z == nil ? [Point(x: p.x, y: p.y)] : [p], function: function)
            return try self.geometry(function) { GEOSGeom_createPoint_r($0, sequence) }
        case .lineString(let l):
            return try lineString(l.points, function: function)
        case .polygon(let p):
            return try polygon(p, function: function)
        case .multiPoint(let m):
            return try collection(GEOS_MULTIPOINT, m.points.map(Geometry.point), function: function)
        case .multiLineString(let m):
            return try collection(GEOS_MULTILINESTRING, m.lineStrings.map(Geometry.lineString), function: function)
        case .multiPolygon(let m):
            return try collection(GEOS_MULTIPOLYGON, m.polygons.map(Geometry.polygon), function: function)
        case .geometryCollection(let c):
            return try collection(GEOS_GEOMETRYCOLLECTION, c.geometries, function: function)
        }
    }

    private func lineString(_ points: [Point], function: String) throws -> OwnedGeometry {
        if points.isEmpty { return try geometry(function) { GEOSGeom_createEmptyLineString_r($0) } }
        let sequence = try coordinates(points, function: function)
        return try geometry(function) { GEOSGeom_createLineString_r($0, sequence) }
    }

    private func ring(_ ring: LinearRing, function: String) throws -> OwnedGeometry {
        let sequence = try coordinates(ring.points, function: function)
        // GEOS rejects an unclosed ring or one of 1-3 points here, with its own message.
        return try geometry(function) { GEOSGeom_createLinearRing_r($0, sequence) }
    }

    private func polygon(_ polygon: Polygon, function: String) throws -> OwnedGeometry {
        if polygon.exterior.points.isEmpty { return try geometry(function) { GEOSGeom_createEmptyPolygon_r($0) } }
        let shell = try ring(polygon.exterior, function: function)
        var holes = OwnedGeometries(handle: handle)
        for hole in polygon.holes { holes.append(try ring(hole, function: function)) }
        let shellPointer = shell.release()
        var holePointers: [OpaquePointer?] = holes.release()
        // GEOSGeom_createPolygon_r takes ownership of the shell and the holes (not of the array).
        let count = UInt32(holePointers.count)
        return try geometry(function) { handle in
            holePointers.withUnsafeMutableBufferPointer {
                GEOSGeom_createPolygon_r(handle, shellPointer, $0.baseAddress, count)
            }
        }
    }

    private func collection(_ type: GEOSGeomTypes, _ members: [Geometry], function: String) throws -> OwnedGeometry {
        var parts = OwnedGeometries(handle: handle)
        for member in members { parts.append(try build(member, function: function)) }
        var pointers: [OpaquePointer?] = parts.release()
        // GEOSGeom_createCollection_r takes ownership of the members (not of the array).
        let count = UInt32(pointers.count)
        return try geometry(function) { handle in
            pointers.withUnsafeMutableBufferPointer {
                GEOSGeom_createCollection_r(handle, Int32(type.rawValue), $0.baseAddress, count)
            }
        }
    }

    /// A coordinate sequence with z when any point has one (a missing z becomes NaN, GEOS's
    /// "no z"). The sequence is owned by the caller until a geometry constructor takes it.
    private func coordinates(_ points: [Point], function: String) throws -> OpaquePointer {
        let hasZ = points.contains { $0.z != nil }
        var buffer: [Double] = []
        buffer.reserveCapacity(points.count * (hasZ ? 3 : 2))
        for p in points {
            buffer.append(p.x)
            buffer.append(p.y)
            if hasZ { buffer.append(p.z ?? .nan) }
        }
        let sequence = try call(function, failsWhen: { $0 == nil }) { handle in
            buffer.withUnsafeBufferPointer {
                GEOSCoordSeq_copyFromBuffer_r(handle, $0.baseAddress, UInt32(points.count), hasZ ? 1 : 0, 0)
            }
        }
        return sequence!
    }
}
