internal import CGEOS
import GeoCore

/// Why a geometry is invalid and where, as GEOS's `IsValidOp` reports it.
public struct ValidityReport: Hashable, Sendable, CustomStringConvertible {
    public var isValid: Bool
    /// GEOS's reason ("Self-intersection", "Ring Self-intersection", "Hole lies outside shell",
    /// "Ring is not closed", "Too few points in geometry component", ...); nil when valid.
    public var reason: String?
    /// Where the problem is; nil when valid.
    public var location: Point?

    public init(isValid: Bool, reason: String? = nil, location: Point? = nil) {
        self.isValid = isValid
        self.reason = reason
        self.location = location
    }

    public static let valid = ValidityReport(isValid: true)

    public var description: String {
        guard !isValid else { return "valid" }
        let at = location.map { " at (\($0.x) \($0.y))" } ?? ""
        return "invalid: \(reason ?? "unknown reason")\(at)"
    }
}

extension Geometry {
    /// OGC validity with GEOS's reason and location (`GEOSisValidDetail_r`).
    /// Rings that GEOS cannot even build (not closed, or fewer than 4 points) are reported here
    /// with the reason GEOS's own validator uses for them, located at the ring's first point.
    /// `allowSelfTouchingRingFormingHole` accepts the ESRI model, where a shell touching itself
    /// at a vertex encloses a hole (shapefiles from ArcGIS use it).
    public func validity(allowSelfTouchingRingFormingHole: Bool = false) throws -> ValidityReport {
        if let structural = structuralProblem() { return structural }
        return try withGEOS(#function) { context, g in
            var reason: UnsafeMutablePointer<CChar>?
            var location: OpaquePointer?
            let flags = allowSelfTouchingRingFormingHole ? Int32(GEOSVALID_ALLOW_SELFTOUCHING_RING_FORMING_HOLE.rawValue) : 0
            let valid = try context.predicate(#function) { GEOSisValidDetail_r($0, g.pointer, flags, &reason, &location) }
            // Both out-values are ours to free, whatever the answer.
            let owned = location.map { OwnedGeometry($0, handle: context.handle) }
            defer { if let reason { GEOSFree_r(context.handle, reason) } }
            if valid { return .valid }
            var point: Point?
            if let owned, case .point(let p) = try context.read(owned.pointer, function: #function) { point = p }
            return ValidityReport(isValid: false, reason: reason.map { String(cString: $0) }, location: point)
        }
    }

    public func isValid() throws -> Bool {
        try validity().isValid
    }

    /// A valid geometry covering the same points (`GEOSMakeValid_r`, the "linework" method):
    /// a bow-tie becomes two triangles, a self-touching shell a polygon with a hole. Unclosed rings
    /// are closed first (GEOS cannot represent them), and rings that collapse to fewer than four
    /// points are dropped, since they enclose no area.
    public func madeValid() throws -> Geometry {
        try closingRings().constructed(#function) { GEOSMakeValid_r($0, $1) }
    }

    /// The first ring GEOS would refuse to build, reported as GEOS's validator words it.
    func structuralProblem() -> ValidityReport? {
        for ring in polygons.flatMap(\.rings) {
            guard let first = ring.points.first, let last = ring.points.last else { continue }
            if first.x != last.x || first.y != last.y {
                return ValidityReport(isValid: false, reason: "Ring is not closed", location: first)
            }
            if ring.points.count < 4 {
                return ValidityReport(isValid: false, reason: "Too few points in geometry component", location: first)
            }
        }
        for line in lineStrings where line.points.count == 1 {
            return ValidityReport(isValid: false, reason: "Too few points in geometry component", location: line.points[0])
        }
        return nil
    }

    private var polygons: [Polygon] {
        switch self {
        case .polygon(let p): [p]
        case .multiPolygon(let m): m.polygons
        case .geometryCollection(let c): c.geometries.flatMap(\.polygons)
        default: []
        }
    }

    private var lineStrings: [LineString] {
        switch self {
        case .lineString(let l): [l]
        case .multiLineString(let m): m.lineStrings
        case .geometryCollection(let c): c.geometries.flatMap(\.lineStrings)
        default: []
        }
    }

    /// The same geometry with every ring closed and collapsed rings (and polygons whose shell
    /// collapsed) removed; a one-point line string becomes a point.
    func closingRings() -> Geometry {
        func closed(_ ring: LinearRing) -> LinearRing? {
            guard let first = ring.points.first, let last = ring.points.last else { return ring }
            var points = ring.points
            if first.x != last.x || first.y != last.y { points.append(first) }
            return points.count < 4 ? nil : LinearRing(points)
        }
        func repaired(_ polygon: Polygon) -> Polygon? {
            if polygon.exterior.points.isEmpty { return polygon }
            guard let shell = closed(polygon.exterior) else { return nil }
            return Polygon(exterior: shell, holes: polygon.holes.compactMap(closed))
        }
        switch self {
        case .polygon(let p):
            return repaired(p).map(Geometry.polygon) ?? .polygon(Polygon(exterior: LinearRing([])))
        case .multiPolygon(let m):
            return .multiPolygon(MultiPolygon(m.polygons.compactMap(repaired)))
        case .lineString(let l) where l.points.count == 1:
            return .point(l.points[0])
        case .multiLineString(let m) where m.lineStrings.contains { $0.points.count == 1 }:
            return .geometryCollection(GeometryCollection(m.lineStrings.map {
                $0.points.count == 1 ? .point($0.points[0]) : .lineString($0)
            }))
        case .geometryCollection(let c):
            return .geometryCollection(GeometryCollection(c.geometries.map { $0.closingRings() }))
        default:
            return self
        }
    }
}
