internal import CGEOS
import GeoCore

/// GEOS geometries back to GeoCore values, copying whole coordinate sequences at once
/// (`GEOSCoordSeq_copyToBuffer_r`).
///
/// Empties: GeoCore's `Point` cannot be empty, so `POINT EMPTY` comes back as an empty
/// `MultiPoint` (the same empty point set, as GeoCore's WKT reader does) and an empty point inside
/// a multi-point is dropped; every other empty keeps its type. A lone `LinearRing` (GEOS returns
/// one only from ring accessors) comes back as a closed `LineString`.
extension GEOSContext {
    func read(_ pointer: OpaquePointer, function: String) throws -> Geometry {
        let type = try call(function, failsWhen: { $0 < 0 }) { GEOSGeomTypeId_r($0, pointer) }
        switch UInt32(type) {
        case GEOS_POINT.rawValue:
            guard let p = try points(of: pointer, function: function).first else { return .multiPoint(MultiPoint([])) }
            return .point(p)
        case GEOS_LINESTRING.rawValue, GEOS_LINEARRING.rawValue:
            return .lineString(LineString(try points(of: pointer, function: function)))
        case GEOS_POLYGON.rawValue:
            return .polygon(try polygon(pointer, function: function))
        case GEOS_MULTIPOINT.rawValue:
            let members = try parts(of: pointer, function: function)
            return .multiPoint(MultiPoint(try members.flatMap { try points(of: $0, function: function) }))
        case GEOS_MULTILINESTRING.rawValue:
            let members = try parts(of: pointer, function: function)
            return .multiLineString(MultiLineString(try members.map { LineString(try points(of: $0, function: function)) }))
        case GEOS_MULTIPOLYGON.rawValue:
            let members = try parts(of: pointer, function: function)
            return .multiPolygon(MultiPolygon(try members.map { try polygon($0, function: function) }))
        case GEOS_GEOMETRYCOLLECTION.rawValue:
            let members = try parts(of: pointer, function: function)
            return .geometryCollection(GeometryCollection(try members.map { try read($0, function: function) }))
        default:
            throw GEOSError.operationFailed(function: function, message: "GEOS returned unknown geometry type \(type)")
        }
    }

    /// The members of a collection, borrowed: they belong to `pointer` and die with it.
    private func parts(of pointer: OpaquePointer, function: String) throws -> [OpaquePointer] {
        let count = try call(function, failsWhen: { $0 < 0 }) { GEOSGetNumGeometries_r($0, pointer) }
        return try (0..<count).map { index in
            try call(function, failsWhen: { $0 == nil }) { GEOSGetGeometryN_r($0, pointer, index) }!
        }
    }

    private func polygon(_ pointer: OpaquePointer, function: String) throws -> Polygon {
        if try predicate(function, { GEOSisEmpty_r($0, pointer) }) { return Polygon(exterior: LinearRing([])) }
        let shell = try call(function, failsWhen: { $0 == nil }) { GEOSGetExteriorRing_r($0, pointer) }!
        let holeCount = try call(function, failsWhen: { $0 < 0 }) { GEOSGetNumInteriorRings_r($0, pointer) }
        let holes = try (0..<holeCount).map { index in
            let ring = try call(function, failsWhen: { $0 == nil }) { GEOSGetInteriorRingN_r($0, pointer, index) }!
            return LinearRing(try points(of: ring, function: function))
        }
        return Polygon(exterior: LinearRing(try points(of: shell, function: function)), holes: holes)
    }

    /// The vertices of a point, line string or ring (empty for an empty one). A NaN z is GEOS's
    /// "no z" and becomes nil.
    private func points(of pointer: OpaquePointer, function: String) throws -> [Point] {
        if try predicate(function, { GEOSisEmpty_r($0, pointer) }) { return [] }
        let sequence = try call(function, failsWhen: { $0 == nil }) { GEOSGeom_getCoordSeq_r($0, pointer) }!
        var size: UInt32 = 0, dimensions: UInt32 = 0
        _ = try call(function, failsWhen: { $0 == 0 }) { GEOSCoordSeq_getSize_r($0, sequence, &size) }
        _ = try call(function, failsWhen: { $0 == 0 }) { GEOSCoordSeq_getDimensions_r($0, sequence, &dimensions) }
        let hasZ = dimensions >= 3
        let stride = hasZ ? 3 : 2
        var buffer = [Double](repeating: 0, count: Int(size) * stride)
        _ = try call(function, failsWhen: { $0 == 0 }) { handle in
            buffer.withUnsafeMutableBufferPointer {
                GEOSCoordSeq_copyToBuffer_r(handle, sequence, $0.baseAddress, hasZ ? 1 : 0, 0)
            }
        }
        return (0..<Int(size)).map { i in
            let z = hasZ ? buffer[i * stride + 2] : .nan
            return Point(x: buffer[i * stride], y: buffer[i * stride + 1], z: z.isNaN ? nil : z)
        }
    }
}
