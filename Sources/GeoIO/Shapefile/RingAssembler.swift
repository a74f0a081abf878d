import GeoCore

/// Builds polygons from a shapefile polygon record's rings. The ESRI spec says outer rings are
/// clockwise and holes counter-clockwise; a hole belongs to the smallest outer ring that contains
/// it (envelope first, then a point-in-ring test on the hole's vertices), as GDAL's
/// OGRGeometryFactory::organizePolygons does. Rings orientated against the spec (no clockwise ring
/// at all) are organised by nesting depth instead.
enum RingAssembler {
    static func geometry(rings: [LinearRing]) -> Geometry {
        if rings.count == 1 { return .polygon(Polygon(exterior: rings[0])) }
        let areas = rings.map(\.signedArea)
        let outerIndices = rings.indices.filter { areas[$0] < 0 }
        let polygons = outerIndices.isEmpty
            ? byNesting(rings, areas: areas)
            : byOrientation(rings, areas: areas, outers: outerIndices)
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(MultiPolygon(polygons))
    }

    private static func byOrientation(_ rings: [LinearRing], areas: [Double], outers: [Int]) -> [Polygon] {
        var polygons = outers.map { Polygon(exterior: rings[$0]) }
        let envelopes = rings.map { Envelope(covering: $0.points) }
        for h in rings.indices where areas[h] >= 0 {
            var best: Int?
            for (k, o) in outers.enumerated() where envelopes[o].contains(envelopes[h]) && contains(rings[o], rings[h]) {
                if best == nil || abs(areas[o]) < abs(areas[outers[best!]]) { best = k }
            }
            if let best {
                polygons[best].holes.append(rings[h])
            } else {
                // A counter-clockwise ring inside no outer ring is an outer ring written backwards.
                polygons.append(Polygon(exterior: rings[h]))
            }
        }
        return polygons
    }

    private static func byNesting(_ rings: [LinearRing], areas: [Double]) -> [Polygon] {
        let order = rings.indices.sorted { abs(areas[$0]) > abs(areas[$1]) }
        var polygons: [Polygon] = []
        var placed: [(ring: Int, polygon: Int, isHole: Bool)] = []
        for r in order {
            // The smallest already-placed ring that contains r decides: inside an outer ring, r is a
            // hole; inside a hole (or nothing), r is a new outer ring.
            let container = placed.last { contains(rings[$0.ring], rings[r]) }
            if let c = container, !c.isHole {
                polygons[c.polygon].holes.append(rings[r])
                placed.append((r, c.polygon, true))
            } else {
                polygons.append(Polygon(exterior: rings[r]))
                placed.append((r, polygons.count - 1, false))
            }
        }
        return polygons
    }

    /// Whether `inner` lies inside `outer`: decided by the first vertex of `inner` that is not on
    /// `outer`'s boundary (holes often touch their shell at a vertex).
    static func contains(_ outer: LinearRing, _ inner: LinearRing) -> Bool {
        for p in inner.points {
            switch locate(p, in: outer) {
            case .inside: return true
            case .outside: return false
            case .boundary: continue
            }
        }
        return true  // every vertex on the boundary: the same ring, treat as contained
    }

    enum Location { case inside, outside, boundary }

    /// Crossing-number test (W. R. Franklin's PNPOLY), with an exact on-segment check first.
    static func locate(_ p: Point, in ring: LinearRing) -> Location {
        let pts = ring.points
        guard pts.count > 2 else { return .outside }
        var inside = false
        var j = pts.count - 1
        for i in 0..<pts.count {
            let a = pts[i], b = pts[j]
            let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
            if cross == 0, p.x >= Swift.min(a.x, b.x), p.x <= Swift.max(a.x, b.x),
               p.y >= Swift.min(a.y, b.y), p.y <= Swift.max(a.y, b.y) {
                return .boundary
            }
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside.toggle()
            }
            j = i
        }
        return inside ? .inside : .outside
    }
}
