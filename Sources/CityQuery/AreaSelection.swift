import CityModel
import CityStore
import GeoCore
import SpatialIndex

/// An area to collect entities in: a search envelope for the R-tree and the exact membership test
/// for an entity's representative point (a cell's polygon, a distance from a segment's centreline).
struct AreaSelection {
    var envelope: Envelope
    var contains: (Point) -> Bool

    static func polygon(_ geometry: Geometry) -> AreaSelection {
        AreaSelection(envelope: geometry.envelope, contains: { geometry.covers($0) })
    }

    static func corridor(along line: Geometry, meters: Double) -> AreaSelection {
        AreaSelection(envelope: line.envelope.expanded(by: meters), contains: { line.distance(to: $0) <= meters })
    }

    /// The entities of `layer` whose representative point lies in the area, ordered by id.
    func members(of layer: Layer, in view: CityView) -> [StoredFeature] {
        guard !envelope.isEmpty else { return [] }
        let table = view[layer]
        let box = IndexBox(minX: envelope.minX, minY: envelope.minY, maxX: envelope.maxX, maxY: envelope.maxY)
        return table.index.search(box)
            .compactMap { table.features[Int64($0)] }
            .filter { f in f.geometry.flatMap(\.representativePoint).map(contains) ?? false }
            .sorted { $0.id < $1.id }
    }
}

extension Geometry {
    /// The point an entity is counted at when areas are tallied: itself for a point, the vertex
    /// average of the outer ring for a (small) footprint, the middle vertex for a line. A shop or
    /// a structure belongs to one cell, even when its footprint straddles an edge.
    var representativePoint: Point? {
        switch self {
        case .point(let p): return p
        case .polygon(let poly):
            let ring = poly.exterior.points.dropLast()
            guard !ring.isEmpty else { return nil }
            let n = Double(ring.count)
            let p = Point(x: ring.reduce(0) { $0 + $1.x } / n, y: ring.reduce(0) { $0 + $1.y } / n)
            return poly.covers(p) ? p : poly.exterior.points.first
        case .multiPolygon(let m): return m.polygons.first.flatMap { Geometry.polygon($0).representativePoint }
        case .lineString(let l): return l.points.isEmpty ? nil : l.points[l.points.count / 2]
        case .multiLineString(let m): return m.lineStrings.first.flatMap { Geometry.lineString($0).representativePoint }
        case .multiPoint(let m): return m.points.first
        case .geometryCollection(let c): return c.geometries.first?.representativePoint
        }
    }
}
