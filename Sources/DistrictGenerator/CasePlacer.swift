import CityModel
import GeoCore
import SpatialIndex

/// Finds case locations of a kind: inside a red line, outside every red line (in a parcel, more
/// than 5 m from any red line), or within 5 m of a red-line edge. Candidates are drawn beside the
/// busier streets and classified with the red lines themselves, so a point's kind never rests on
/// the width table alone.
struct CasePlacer {
    enum Spot { case insideRedLine, outsideRedLine, nearRedLineEdge }

    let redLines: PolygonLookup
    let parcels: [Parcel]
    let ways: [StreetWay]
    let area: Envelope

    /// The distance from `p` to the nearest red-line edge and whether `p` is inside one.
    func classify(_ p: Point) -> (inside: Bool, edgeDistance: Double) {
        var inside = false, best = Double.infinity
        for i in redLines.near(p, distance: 30) {
            let polygon = redLines.polygons[i]
            if polygon.locate(p) == .interior { inside = true }
            best = min(best, polygon.distanceToBoundary(p))
        }
        return (inside, best)
    }

    mutating func point(_ spot: Spot, random: inout SplitMix64) throws(DistrictGeneratorError) -> Point {
        for _ in 0..<500 {
            let p: Point
            if spot == .outsideRedLine, !parcels.isEmpty, random.chance(0.5) {
                let parcel = random.element(of: parcels)
                let e = Envelope(covering: parcel.polygon.exterior.points)
                p = Point(x: random.uniform(e.minX, e.maxX), y: random.uniform(e.minY, e.maxY))
                guard parcel.polygon.locate(p) == .interior else { continue }
            } else {
                let way = random.element(of: ways)
                let length = way.line.length
                guard length > 2 else { continue }
                let s = random.uniform(0, length)
                let piece = PlanarGeometry.substring(way.line, from: max(0, s - 0.5), to: min(length, s + 0.5))
                guard let a = piece.points.first, let b = piece.points.last, a != b else { continue }
                let d = a.distance(to: b)
                let half = RoadWidths.width(highway: way.highway) / 2
                let offset: Double = switch spot {
                case .insideRedLine: random.uniform(0, half * 0.8)
                case .nearRedLineEdge: half + random.uniform(-4, 4)
                case .outsideRedLine: half + random.uniform(8, 40)
                }
                let side = random.chance(0.5) ? 1.0 : -1.0
                p = Point(x: (a.x + b.x) / 2 - side * (b.y - a.y) / d * offset, y: (a.y + b.y) / 2 + side * (b.x - a.x) / d * offset)
            }
            guard area.contains(p) else { continue }
            let (inside, edge) = classify(p)
            // Keep half a metre from any edge (except for the near-edge kind, which wants
            // 0.5–4.5 m) so GEOS and the ray casting here agree on inside and outside.
            switch spot {
            case .insideRedLine where inside && edge >= 0.5: return p
            case .outsideRedLine where !inside && edge > 5.5: return p
            case .nearRedLineEdge where edge >= 0.5 && edge <= 4.5: return p
            default: continue
            }
        }
        throw .infeasible(layer: "cases", reason: "no place found for a case \(spot) the red lines")
    }
}

/// Road names and chiefs by location, from the road-chief segments.
struct SegmentLookup {
    let segments: [RoadSegment]
    private let tree: PackedRTree

    init(_ segments: [RoadSegment]) throws(DistrictGeneratorError) {
        self.segments = segments
        let boxes = segments.map { s -> IndexBox in
            let e = Envelope(covering: s.centreline.points)
            return IndexBox(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
        }
        do { tree = try PackedRTree(boxes: boxes) } catch {
            throw .geometry(layer: "segments", id: "index", reason: "\(error)")
        }
    }

    func nearest(to p: Point, radius: Double = 200) -> RoadSegment? {
        func distance(_ s: RoadSegment) -> Double { s.centreline.distance(to: p) }
        return tree.within(x: p.x, y: p.y, distance: radius).map { segments[$0] }
            .min { (distance($0), $0.id) < (distance($1), $1.id) }
    }

    func nearestRoad(to p: Point) -> String? { nearest(to: p)?.roadName }
    func nearestChief(to p: Point) -> String? { nearest(to: p)?.chiefID }
}
