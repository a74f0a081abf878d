import Foundation
import GeoCore
import SpatialIndex

/// The few planar shapes placement builds; point-in-polygon and distances come from GeoCore
/// (`Polygon.locate`, `distanceToBoundary`, `LineString.distance`), which locate uses too.
enum PlanarGeometry {
    /// The part of `line` between distances `from` and `to` along it.
    static func substring(_ line: LineString, from: Double, to: Double) -> LineString {
        var out: [Point] = []
        var walked = 0.0
        let pts = line.points
        for i in 1..<pts.count {
            let a = pts[i - 1], b = pts[i]
            let length = a.distance(to: b)
            let s = walked, e = walked + length
            if e >= from, s <= to, length > 0 {
                func at(_ d: Double) -> Point {
                    let t = min(1, max(0, (d - s) / length))
                    return Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
                }
                let p = at(max(from, s)), q = at(min(to, e))
                if out.last != p { out.append(p) }
                if out.last != q { out.append(q) }
            }
            walked = e
        }
        if out.count == 1 { out.append(out[0]) }
        return LineString(out)
    }

    static func rectangle(_ e: Envelope) -> Polygon {
        Polygon(exterior: LinearRing([Point(x: e.minX, y: e.minY), Point(x: e.maxX, y: e.minY), Point(x: e.maxX, y: e.maxY),
                                      Point(x: e.minX, y: e.maxY), Point(x: e.minX, y: e.minY)]))
    }

    /// A rectangle `width` × `depth` centred on `c`, turned by `angle` radians.
    static func rotatedRectangle(centre c: Point, width: Double, depth: Double, angle: Double) -> Polygon {
        let ux = cos(angle), uy = sin(angle)
        let hw = width / 2, hd = depth / 2
        let corners = [(-hw, -hd), (hw, -hd), (hw, hd), (-hw, hd), (-hw, -hd)].map { (u, v) in
            Point(x: c.x + u * ux - v * uy, y: c.y + u * uy + v * ux)
        }
        return Polygon(exterior: LinearRing(corners))
    }
}

/// Polygons found by point through a packed R-tree of their envelopes.
struct PolygonLookup {
    let polygons: [Polygon]
    private let tree: PackedRTree

    init(_ polygons: [Polygon]) throws(DistrictGeneratorError) {
        self.polygons = polygons
        let boxes = polygons.map { p -> IndexBox in
            let e = Envelope(covering: p.exterior.points)
            return IndexBox(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
        }
        do { tree = try PackedRTree(boxes: boxes) } catch {
            throw .geometry(layer: "index", id: "\(polygons.count) polygons", reason: "\(error)")
        }
    }

    /// Indices of the polygons holding `p`.
    func containing(_ p: Point) -> [Int] {
        tree.search(IndexBox(x: p.x, y: p.y)).filter { polygons[$0].locate(p) == .interior }.sorted()
    }

    /// Indices of polygons whose envelope comes within `distance` of `p`.
    func near(_ p: Point, distance: Double) -> [Int] {
        tree.within(x: p.x, y: p.y, distance: distance).sorted()
    }
}
